import type { StateCreator } from 'zustand';
import type { Mutators, Store } from './store';

export const VIEWS = ['partners', 'scenarios', 'compare'] as const;
export type View = (typeof VIEWS)[number];

/** The workbench's tabs: the parts of a scenario. */
export const WORKBENCH_TABS = ['ladders', 'today', 'benefits', 'settings', 'derived'] as const;
export type WorkbenchTab = (typeof WORKBENCH_TABS)[number];

export interface UiSlice {
  view: View;
  workbenchTab: WorkbenchTab;
  /** partner-grid columns the person hid (column ids: 'region', 'm:sourced_arr' …), for every dataset */
  hiddenColumns: string[];
  setView(view: View): void;
  setWorkbenchTab(tab: WorkbenchTab): void;
  setColumnVisible(columnId: string, visible: boolean): void;
  showAllColumns(): void;
}

export const createUiSlice: StateCreator<Store, Mutators, [], UiSlice> = (set) => ({
  view: 'partners',
  workbenchTab: 'ladders',
  hiddenColumns: [],
  setView: (view) => set({ view }),
  setWorkbenchTab: (workbenchTab) => set({ workbenchTab }),
  setColumnVisible: (columnId, visible) =>
    set((s) => {
      const hidden = s.hiddenColumns.includes(columnId);
      if (visible === !hidden) return s;
      return { hiddenColumns: visible ? s.hiddenColumns.filter((id) => id !== columnId) : [...s.hiddenColumns, columnId] };
    }),
  showAllColumns: () => set((s) => (s.hiddenColumns.length ? { hiddenColumns: [] } : s)),
});
