/**
 * The autosave of the scenario draft (DESIGN D11.2): every valid edit is written to the
 * workspace (`scenario:save`) SAVE_DELAY_MS after the last one, without a save button;
 * a pending write can be made at once (before leaving the view, closing the workspace …)
 * or dropped (the draft is forgotten). The scenario slice owns one (scenario.slice.ts).
 */
import type { ScenarioRecordDto } from '../../../shared/ipc/contract';
import { getApi } from '../api/client';
import { messageOf } from '../lib/errors';
import { isWorkspaceChanged, openingOf } from './opening';
import type { Store } from './store';

/** How long after the last edit the draft is written to the workspace. */
export const SAVE_DELAY_MS = 400;

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

/** What the store says of the draft's autosave. */
export interface AutosaveState {
  saveState: SaveState;
  saveError: string | null;
}

export interface Autosave {
  /** The draft changed: it is written SAVE_DELAY_MS after the last change. */
  schedule(): void;
  /** Writes a pending change now, and answers when no write is under way. */
  flush(): Promise<void>;
  /** Drops a pending change unwritten (the draft is being forgotten); answers the write under way, if one is, to wait for. */
  cancel(): Promise<void> | null;
}

/**
 * The draft's autosave. `saved` is told of each stored record (the scenario list shows
 * its name and date).
 */
export function createAutosave(set: (partial: Partial<Store>) => void, get: () => Store, saved: (record: ScenarioRecordDto) => void): Autosave {
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;

  async function writeDraft(): Promise<void> {
    const { draft, activeScenario } = get();
    if (!draft || !activeScenario) return;
    set({ saveState: 'saving' });
    try {
      const record = await getApi().call('scenario:save', { workspace: openingOf(get()), id: activeScenario.id, scenario: draft });
      // a newer edit may be waiting: only then does the state stay "pending"
      if (get().draft === draft) set({ saveState: 'saved', saveError: null });
      saved(record);
    } catch (error) {
      if (isWorkspaceChanged(error)) {
        // the page's workspace is no longer the open one: nothing was written; show what is open
        await get().workspaceReplaced(error.message);
        return;
      }
      set({ saveState: 'error', saveError: `Not saved: ${messageOf(error)}` });
    }
  }

  return {
    schedule() {
      if (saveTimer) clearTimeout(saveTimer);
      set({ saveState: 'pending' });
      saveTimer = setTimeout(() => {
        saveTimer = null;
        saving = writeDraft().finally(() => {
          saving = null;
        });
      }, SAVE_DELAY_MS);
    },

    async flush() {
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = null;
        await writeDraft();
      }
      if (saving) await saving;
    },

    cancel() {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      return saving;
    },
  };
}
