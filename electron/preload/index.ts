/**
 * The preload script (sandboxed, bundled to one CommonJS file): exposes `invoke` over
 * the contract's channels and the menu's commands as `window.tierscape`, nothing else —
 * never ipcRenderer itself, never an IpcRendererEvent (its `sender` is ipcRenderer).
 *
 * Imports only 'electron' and shared/ipc/channels (plus types): no zod in this bundle.
 * Payloads are validated in the main process, not here.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { isChannel, isMenuCommand, MENU_EVENT } from '../../shared/ipc/channels';
import type { IpcResult } from '../../shared/ipc/result';
import { BRIDGE_KEY, type TierscapeBridge } from './bridge';

export type { TierscapeBridge } from './bridge';

function failure(code: 'unknown_channel' | 'internal', message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

const api: TierscapeBridge = {
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
