/**
 * The one `handle()` (DESIGN D14.3, house style): registers every channel of the
 * contract with ipcMain, refuses calls that do not come from the app's own page in the
 * main window's top frame, and hands the rest to the dispatcher, which validates the
 * payload with zod. A caller always gets an IpcResult; nothing throws across the boundary.
 */
import type { IpcMain } from 'electron';
import { CHANNELS, type Channel } from '../../shared/ipc/channels';
import { fail, type IpcResult } from '../../shared/ipc/result';
import type { Dispatcher } from '../services/ipc/dispatch';
import { isAppUrl } from './security';

/** What the trust check reads from an `IpcMainInvokeEvent`. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: SenderFrameLike | null;
}
export type SenderCheck = (event: InvokeEventLike) => boolean;

export interface SenderCheckOptions {
  /** the main window's web contents, or null when there is no window */
  mainWebContents: () => unknown;
  devServerUrl?: string | undefined;
}

/**
 * Trusted: sent by the main window's web contents, from its top frame (no parent, so
 * never an iframe), whose document is one of the app's pages (tierscape://app, or the
 * dev server in development). A frame that has navigated away or gone is `null`.
 */
export function createSenderCheck(options: SenderCheckOptions): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    const main = options.mainWebContents();
    if (main === null || main === undefined || event.sender !== main) return false;
    return isAppUrl(frame.url, options.devServerUrl);
  };
}

export interface IpcLog {
  warn(message: string): void;
  error(message: string, error: unknown): void;
}

/** Answers one invoke: the trust check, then the dispatcher; a fault is `internal`. */
export async function answerInvoke(
  channel: Channel,
  event: InvokeEventLike,
  payload: unknown,
  dispatch: Dispatcher,
  isTrustedSender: SenderCheck,
  log: IpcLog = console,
): Promise<IpcResult<unknown>> {
  try {
    // read senderFrame at once: it becomes null when the frame navigates or is destroyed
    if (!isTrustedSender(event)) {
      log.warn(`[ipc] refused ${channel} from ${describeSender(event)}`);
      return fail('forbidden', `The call to ${channel} did not come from the Tierscape window.`);
    }
    return await dispatch(channel, payload);
  } catch (error) {
    log.error(`[ipc] ${channel} failed`, error);
    return fail('internal', `Something went wrong in ${channel}.`);
  }
}

function describeSender(event: InvokeEventLike): string {
  try {
    const frame = event.senderFrame;
    if (!frame) return 'a frame that is gone';
    return `${frame.parent === null ? 'a top frame' : 'a subframe'} at ${String(frame.url).slice(0, 200)}`;
  } catch {
    return 'an unknown frame';
  }
}

type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/**
 * Registers every channel of CHANNELS, each exactly once. Returns a function that
 * removes them again (tests, or a shutdown).
 */
export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatcher, isTrustedSender: SenderCheck, log: IpcLog = console): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => answerInvoke(channel, event, payload, dispatch, isTrustedSender, log));
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
