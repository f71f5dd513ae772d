/** The renderer's one store, in slices (DESIGN D14.3: zustand, curried create, small selectors; undo / redo over the scenario draft). */
import { temporal } from 'zundo';
import { create } from 'zustand';
import { createCompareSlice, type CompareSlice } from './compare.slice';
import { createDesignSlice, type DesignSlice } from './design.slice';
import { createExploreSlice, type ExploreSlice } from './explore.slice';
import { createExportSlice, type ExportSlice } from './export.slice';
import { createImportSlice, type ImportSlice } from './import.slice';
import { createScenarioSlice, type DraftState, type ScenarioSlice } from './scenario.slice';
import { createUiSlice, type UiSlice } from './ui.slice';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace.slice';
import { keepShown } from './restore';

export type Store = WorkspaceSlice & UiSlice & ImportSlice & ScenarioSlice & CompareSlice & ExploreSlice & DesignSlice & ExportSlice;

/** The middlewares every slice is created under. */
export type Mutators = [['temporal', unknown]];

/** How many scenario edits undo reaches back. */
export const UNDO_LIMIT = 200;

export const createAppStore = () =>
  create<Store>()(
    temporal(
      (...a) => ({
        ...createWorkspaceSlice(...a),
        ...createUiSlice(...a),
        ...createImportSlice(...a),
        ...createScenarioSlice(...a),
        ...createCompareSlice(...a),
        ...createExploreSlice(...a),
        ...createDesignSlice(...a),
        ...createExportSlice(...a),
      }),
      {
        // only the draft is history; an entry is made when it changes (edits are immutable)
        partialize: (s): DraftState => ({ draft: s.draft }),
        equality: (a, b) => a.draft === b.draft,
        limit: UNDO_LIMIT,
      },
    ),
  );

export const useStore = createAppStore();

// what the window shows is remembered per workspace, for the next reload (stores/restore.ts)
keepShown(useStore.subscribe);

/** The dataset the views show: the selected one, if it still exists. */
export function selectDataset(state: Store) {
  return state.workspace?.datasets.find((d) => d.id === state.selectedDatasetId) ?? null;
}
