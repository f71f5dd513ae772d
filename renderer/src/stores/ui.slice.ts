import type { StateCreator } from 'zustand';
import type { Mutators, Store } from './store';

export const VIEWS = ['partners', 'scenarios', 'compare'] as const;
export type View = (typeof VIEWS)[number];

export interface UiSlice {
  view: View;
  /** partner-grid columns the person hid (column ids: 'region', 'm:sourced_arr' …), for every dataset */
  hiddenColumns: string[];
  setView(view: View): void;
  setColumnVisible(columnId: string, visible: boolean): void;
  showAllColumns(): void;
}

export const createUiSlice: StateCreator<Store, Mutators, [], UiSlice> = (set) => ({
  view: 'partners',
  hiddenColumns: [],
  setView: (view) => set({ view }),
  setColumnVisible: (columnId, visible) =>
    set((s) => {
      const hidden = s.hiddenColumns.includes(columnId);
      if (visible === !hidden) return s;
      return { hiddenColumns: visible ? s.hiddenColumns.filter((id) => id !== columnId) : [...s.hiddenColumns, columnId] };
    }),
  showAllColumns: () => set((s) => (s.hiddenColumns.length ? { hiddenColumns: [] } : s)),
});
