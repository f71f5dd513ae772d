/**
 * The preload script (sandboxed, bundled to one CommonJS file): exposes `invoke` over
 * the contract's channels and the menu's commands as `window.tierscape`, nothing else —
 * never ipcRenderer itself, never an IpcRendererEvent (its `sender` is ipcRenderer).
 *
 * Imports only 'electron' and shared/ipc/channels (plus types): no zod in this bundle.
 * Payloads are validated in the main process, not here.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { CHOSEN_FILES_EVENT, isChannel, isMenuCommand, MENU_EVENT } from '../../shared/ipc/channels';
import type { TierscapeBridge } from '../../shared/ipc/bridge';
import type { IpcResult } from '../../shared/ipc/result';
import { BRIDGE_KEY } from './bridge';

function failure(code: 'unknown_channel' | 'internal', message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

const api: TierscapeBridge<File> = {
  async invoke(channel, payload) {
    if (!isChannel(channel)) {
      return failure('unknown_channel', `There is no channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`);
    }
    try {
      return (await ipcRenderer.invoke(channel, payload)) as IpcResult<unknown>;
    } catch (error) {
      return failure('internal', `The call to ${channel} did not reach the app: ${error instanceof Error ? error.message : String(error)}`);
    }
  },

  onMenuCommand(listener) {
    if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function.');
    const forward = (_event: IpcRendererEvent, command: unknown, arg: unknown): void => {
      if (!isMenuCommand(command)) return;
      if (typeof arg === 'string') listener(command, arg);
      else listener(command);
    };
    ipcRenderer.on(MENU_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(MENU_EVENT, forward);
    };
  },

  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, api);

/** The paths of real files in a list (a File a script made has none). */
function pathsOf(files: FileList | null | undefined): string[] {
  const out: string[] = [];
  for (const file of Array.from(files ?? [])) {
    try {
      const p = webUtils.getPathForFile(file);
      if (p) out.push(p);
    } catch {
      // not a File: nothing to report
    }
  }
  return out;
}

/**
 * Files the person dropped on the window or picked in a file input are the partner lists
 * the main process may read (electron/services/path-policy): told to it before the page
 * asks for a preview (the messages of one page arrive in order). Listening in the capture
 * phase, before the page's own handlers.
 */
function reportChosen(files: FileList | null | undefined): void {
  const paths = pathsOf(files);
  if (paths.length > 0) ipcRenderer.send(CHOSEN_FILES_EVENT, paths);
}
if (typeof window !== 'undefined') {
  window.addEventListener('drop', (event) => reportChosen((event as DragEvent).dataTransfer?.files), true);
  window.addEventListener(
    'change',
    (event) => {
      const target = event.target as HTMLInputElement | null;
      if (target && target.tagName === 'INPUT' && target.type === 'file') reportChosen(target.files);
    },
    true,
  );
}
