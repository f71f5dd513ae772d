/**
 * The API the preload script exposes to the renderer as `window.tierscape` — its type only,
 * part of the IPC contract (DESIGN D14.3: the preload exposes typed functions, never
 * `ipcRenderer`). The preload (electron/preload/index.ts) implements it; the renderer's
 * client (renderer/src/api/client.ts) calls it. Pure like the rest of shared/ (DESIGN
 * D14.1): no Electron and no DOM types, so the file the person dropped or picked is the
 * type parameter `PageFile` — a DOM `File` on both sides of the bridge.
 */
import type { Channel, MenuCommand } from './channels';
import type { IpcResult } from './result';

export interface TierscapeBridge<PageFile = unknown> {
  /**
   * Calls a channel of the contract. Always resolves to an IpcResult: an unknown
   * channel answers `unknown_channel` without reaching the main process, and a broken
   * connection answers `internal`.
   */
  invoke(channel: Channel, payload?: unknown): Promise<IpcResult<unknown>>;
  /** Listens to the native menu; returns the function that stops listening. */
  onMenuCommand(listener: (command: MenuCommand, arg?: string) => void): () => void;
  /**
   * The path on disk of a file dropped on the window or picked in an <input type=file>
   * ('' when it has none). A sandboxed page cannot see paths; Electron's webUtils can.
   */
  pathForFile(file: PageFile): string;
}
