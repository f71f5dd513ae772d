/** The renderer's one store, in slices (ARCHITECTURE: zustand, curried create, small selectors). */
import { create } from 'zustand';
import { createImportSlice, type ImportSlice } from './import.slice';
import { createUiSlice, type UiSlice } from './ui.slice';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace.slice';

export type Store = WorkspaceSlice & UiSlice & ImportSlice;

export const createAppStore = () =>
  create<Store>()((...a) => ({
    ...createWorkspaceSlice(...a),
    ...createUiSlice(...a),
    ...createImportSlice(...a),
  }));

export const useStore = createAppStore();

/** The dataset the views show: the selected one, if it still exists. */
export function selectDataset(state: Store) {
  return state.workspace?.datasets.find((d) => d.id === state.selectedDatasetId) ?? null;
}
