/**
 * The API the preload script exposes to the renderer as `window.tierscape` — its type
 * only. Kept apart from index.ts so the renderer can `import type` it without pulling
 * Electron's (and Node's) type declarations into the browser program.
 */
import type { Channel, MenuCommand } from '../../shared/ipc/channels';
import type { IpcResult } from '../../shared/ipc/result';

/** The global the bridge is exposed as: `window.tierscape`. */
export const BRIDGE_KEY = 'tierscape';

export interface TierscapeBridge {
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
  pathForFile(file: File): string;
}
