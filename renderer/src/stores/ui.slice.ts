import type { StateCreator } from 'zustand';
import type { Store } from './store';

export const VIEWS = ['partners', 'scenarios', 'compare'] as const;
export type View = (typeof VIEWS)[number];

export interface UiSlice {
  view: View;
  setView(view: View): void;
}

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set) => ({
  view: 'partners',
  setView: (view) => set({ view }),
});
