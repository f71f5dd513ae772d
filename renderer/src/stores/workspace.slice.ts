import type { StateCreator } from 'zustand';
import type { AppInfo, PickPurpose } from '../../../shared/ipc/contract';
import type { RecentFile, WorkspaceInfo } from '../../../shared/model/workspace';
import { ApiError, getApi } from '../api/client';
import type { Mutators, Store } from './store';
import { forgetDatasetColumns } from './engine-data';
import { restoreShown } from './restore';
import { isWorkspaceChanged, openingOf } from './opening';
import { messageOf } from '../lib/errors';

export interface PathPrompt {
  purpose: PickPurpose;
  /** shown when the path named an existing file and the user must confirm replacing it */
  confirmReplace: string | null;
  /** why the last attempt failed, shown inside the prompt so the path can be corrected */
  error: string | null;
}

export interface WorkspaceSlice {
  appInfo: AppInfo | null;
  workspace: WorkspaceInfo | null;
  recent: RecentFile[];
  selectedDatasetId: number | null;
  booting: boolean;
  busy: boolean;
  /** a message for the person, shown in a banner until dismissed */
  notice: { tone: 'error' | 'info'; text: string } | null;
  /** browser mode's stand-in for a native file dialog */
  pathPrompt: PathPrompt | null;

  boot(): Promise<void>;
  refreshRecent(): Promise<void>;
  selectDataset(id: number): void;
  dismissNotice(): void;
  /** File > New / Open / Save As: a native dialog in Electron, a path prompt in the browser */
  startFileAction(purpose: PickPurpose): Promise<void>;
  submitPath(purpose: PickPurpose, path: string, options?: { sample?: boolean; overwrite?: boolean }): Promise<boolean>;
  cancelPathPrompt(): void;
  openWorkspace(path: string): Promise<boolean>;
  closeWorkspace(): Promise<void>;
  forgetRecent(path: string): Promise<void>;
  /** Renames a dataset; answers why not (a label already used …), or null when done. */
  renameDataset(id: number, label: string): Promise<string | null>;
  /** Deletes a dataset; another one is selected (or none is left). Answers why not, or null when done. */
  deleteDataset(id: number): Promise<string | null>;
  /**
   * A write was refused because the page's workspace is no longer the open one (another
   * window opened another file): forget the page's state, show what is open, say why.
   */
  workspaceReplaced(message: string): Promise<void>;
}

function firstDatasetId(info: WorkspaceInfo | null): number | null {
  const datasets = info?.datasets ?? [];
  return datasets.length ? datasets[datasets.length - 1]!.id : null;
}

export const createWorkspaceSlice: StateCreator<Store, Mutators, [], WorkspaceSlice> = (set, get) => {
  const api = () => getApi();

  /** runs a file operation, keeping `busy` and turning failures into a notice */
  async function run(action: () => Promise<WorkspaceInfo | null>): Promise<boolean> {
    set({ busy: true });
    try {
      await get().flushSave(); // the open scenario's last edit goes to the workspace it belongs to
      const info = await action();
      if (info?.path !== get().workspace?.path) {
        forgetDatasetColumns(); // another workspace: its datasets are fetched when shown
        get().resetScenario();
        get().resetCompare();
        get().resetExplore();
      }
      const switched = info?.path !== get().workspace?.path;
      set({ workspace: info, selectedDatasetId: firstDatasetId(info), notice: null, pathPrompt: null });
      if (switched) restoreShown(get, set);
      await get().refreshRecent();
      return true;
    } catch (error) {
      if (isWorkspaceChanged(error)) {
        set({ pathPrompt: null });
        await get().workspaceReplaced(error.message);
        return false;
      }
      const prompt = get().pathPrompt;
      if (prompt) {
        const exists = error instanceof ApiError && error.code === 'file_exists';
        set({ pathPrompt: { ...prompt, confirmReplace: exists ? messageOf(error) : null, error: exists ? null : messageOf(error) } });
      } else {
        set({ notice: { tone: 'error', text: messageOf(error) } });
      }
      await get().refreshRecent();
      return false;
    } finally {
      set({ busy: false });
    }
  }

  return {
    appInfo: null,
    workspace: null,
    recent: [],
    selectedDatasetId: null,
    booting: true,
    busy: false,
    notice: null,
    pathPrompt: null,

    async boot() {
      try {
        const [appInfo, workspace, recent] = await Promise.all([
          api().call('app:info'),
          api().call('workspace:current'),
          api().call('workspace:recent'),
        ]);
        set({
          appInfo,
          workspace,
          recent,
          selectedDatasetId: firstDatasetId(workspace),
          notice: appInfo.startupNotice ? { tone: 'error', text: appInfo.startupNotice } : null,
        });
        restoreShown(get, set);
      } catch (error) {
        set({ notice: { tone: 'error', text: messageOf(error) } });
      } finally {
        set({ booting: false });
      }
    },

    async refreshRecent() {
      try {
        set({ recent: await api().call('workspace:recent') });
      } catch {
        // the list is a convenience; a failure here must not hide the real outcome
      }
    },

    selectDataset(id) {
      set({ selectedDatasetId: id });
    },

    dismissNotice() {
      set({ notice: null });
    },

    async startFileAction(purpose) {
      if (purpose === 'saveAs' && !get().workspace) {
        set({ notice: { tone: 'info', text: 'Open a workspace first; Save As writes a copy of the open one.' } });
        return;
      }
      if (!get().appInfo?.nativeDialogs) {
        set({ pathPrompt: { purpose, confirmReplace: null, error: null } });
        return;
      }
      let picked: string | null;
      try {
        picked = await api().call('workspace:pickPath', { purpose });
      } catch (error) {
        set({ notice: { tone: 'error', text: messageOf(error) } });
        return;
      }
      if (!picked) return;
      // the native save dialog has already asked before replacing a file
      await get().submitPath(purpose, picked, { overwrite: purpose !== 'open' });
    },

    async submitPath(purpose, path, options = {}) {
      const trimmed = path.trim();
      if (!trimmed) {
        const prompt = get().pathPrompt;
        if (prompt) set({ pathPrompt: { ...prompt, error: 'Type the path of a workspace file.' } });
        else set({ notice: { tone: 'error', text: 'Type the path of a workspace file.' } });
        return false;
      }
      switch (purpose) {
        case 'open':
          return run(() => api().call('workspace:open', { path: trimmed }));
        case 'new':
          return run(() =>
            api().call('workspace:new', { path: trimmed, sample: options.sample ?? false, overwrite: options.overwrite ?? false }),
          );
        case 'saveAs':
          return run(() => api().call('workspace:saveAs', { workspace: openingOf(get()), path: trimmed, overwrite: options.overwrite ?? false }));
      }
    },

    cancelPathPrompt() {
      set({ pathPrompt: null });
    },

    openWorkspace(path) {
      return run(() => api().call('workspace:open', { path }));
    },

    async closeWorkspace() {
      await run(async () => {
        await api().call('workspace:close', { workspace: openingOf(get()) });
        return null;
      });
    },

    async renameDataset(id, label) {
      const trimmed = label.trim();
      if (!trimmed) return 'A dataset needs a label.';
      try {
        const workspace = await api().call('dataset:rename', { workspace: openingOf(get()), id, label: trimmed });
        set({ workspace });
        return null;
      } catch (error) {
        if (isWorkspaceChanged(error)) await get().workspaceReplaced(error.message);
        return messageOf(error);
      }
    },

    async deleteDataset(id) {
      try {
        const workspace = await api().call('dataset:delete', { workspace: openingOf(get()), id });
        const selected = get().selectedDatasetId;
        const stillThere = workspace.datasets.some((d) => d.id === selected);
        set({ workspace, selectedDatasetId: stillThere ? selected : firstDatasetId(workspace) });
        return null;
      } catch (error) {
        if (isWorkspaceChanged(error)) await get().workspaceReplaced(error.message);
        return messageOf(error);
      }
    },

    async workspaceReplaced(message) {
      forgetDatasetColumns();
      get().resetScenario();
      get().resetCompare();
      get().resetExplore();
      let info: WorkspaceInfo | null = null;
      try {
        info = await api().call('workspace:current');
      } catch {
        // what is open is unknown: the page shows none, and the message says why
      }
      set({ workspace: info, selectedDatasetId: firstDatasetId(info), notice: { tone: 'error', text: message } });
      restoreShown(get, set);
      await get().refreshRecent();
    },

    async forgetRecent(path) {
      try {
        set({ recent: await api().call('workspace:forgetRecent', { path }) });
      } catch (error) {
        set({ notice: { tone: 'error', text: messageOf(error) } });
      }
    },
  };
};
