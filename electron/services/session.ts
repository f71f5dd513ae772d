/**
 * The open workspace of one app window (or one browser-mode server) and the file
 * operations on it: New, Open, Save As, Close — the same for Electron, browser mode and
 * tests.
 */
import path from 'node:path';
import { WORKSPACE_EXTENSION, type WorkspaceInfo } from '../../shared/model/workspace';
import { asOpenRefusal } from './workspace/inspect';
import { Workspace } from './workspace/workspace';
import { UserFacingError, WorkspaceRefusedError } from './workspace/errors';
import type { RecentFiles } from './recent';

export interface SessionOptions {
  recent: RecentFiles;
  appVersion: string;
  /** called after every change of the open workspace (title bar, menus) */
  onChange?: (info: WorkspaceInfo | null) => void;
}

/** Adds `.tierscape` to a path typed without it. */
export function withWorkspaceExtension(file: string): string {
  return path.extname(file).toLowerCase() === WORKSPACE_EXTENSION ? file : `${file}${WORKSPACE_EXTENSION}`;
}

export class AppSession {
  private ws: Workspace | null = null;

  constructor(private readonly options: SessionOptions) {}

  get workspace(): Workspace | null {
    return this.ws;
  }

  get recent(): RecentFiles {
    return this.options.recent;
  }

  /**
   * The open workspace. A workspace whose file was replaced or removed on disk (a restored
   * backup, a new workspace saved over it) is let go of at once: the refusal says so, and
   * the session has no workspace until one is opened again — nothing is written into a file
   * that is no longer at the workspace's path.
   */
  require(): Workspace {
    if (!this.ws) throw new UserFacingError('no_workspace', 'No workspace is open. Create one or open one from the File menu.');
    try {
      this.ws.assertStillAtPath();
    } catch (error) {
      this.letGo();
      // to a page, the workspace it shows is gone: it reloads what is open (nothing) and says why
      if (error instanceof WorkspaceRefusedError && error.reason === 'replaced') throw new UserFacingError('workspace_changed', error.message);
      throw error;
    }
    return this.ws;
  }

  /** Forgets a workspace that can no longer be written (its file was replaced). */
  private letGo(): void {
    const gone = this.ws;
    this.ws = null;
    if (gone) closeQuietly(gone);
    this.options.onChange?.(null);
  }

  /**
   * The open workspace, when it is the opening a page's write names (WorkspaceInfo.id);
   * else a refusal, and nothing is written: another window (or a failed switch) replaced
   * the workspace the page shows, and the page reloads what is open now.
   */
  requireOpening(id: string): Workspace {
    const ws = this.require();
    if (ws.openingId !== id) {
      throw new UserFacingError(
        'workspace_changed',
        `The workspace this window was editing was closed or replaced: "${path.basename(ws.file)}" is open now (opened from another window). Nothing was written; the window now shows what is open.`,
      );
    }
    return ws;
  }

  info(): WorkspaceInfo | null {
    if (!this.ws) return null;
    return this.require().info();
  }

  /**
   * Makes `next` the open workspace, all or nothing: a file that cannot be read is refused
   * and the open one stays open; once `next` is read, the switch happens — the old file's
   * close failing (a full disk at its last checkpoint) or the recent-files list not being
   * writable never leaves the session half switched or without a usable workspace.
   */
  private replace(next: Workspace): WorkspaceInfo {
    let info: WorkspaceInfo;
    try {
      // read first: a file whose pages are damaged is refused and the open one stays open
      info = next.info();
    } catch (error) {
      try {
        next.close();
      } catch {
        // closing a damaged file can fail too; the refusal below is what matters
      }
      throw asOpenRefusal(next.file, error);
    }
    const previous = this.ws;
    this.ws = next;
    if (previous && previous !== next) closeQuietly(previous);
    try {
      this.options.recent.add(next.file);
    } catch {
      // the recent-files list is a convenience: a settings folder that cannot be written must not undo the switch
    }
    this.options.onChange?.(info);
    return info;
  }

  async open(file: string): Promise<WorkspaceInfo> {
    const absolute = path.resolve(file);
    // the same file again: what is open, unless the file at the path is another one now (then it is opened anew)
    if (this.ws?.file === absolute) {
      try {
        return this.require().info();
      } catch (error) {
        if (!(error instanceof UserFacingError && error.code === 'workspace_changed')) throw error;
      }
    }
    return this.replace(await Workspace.open(absolute, { appVersion: this.options.appVersion }));
  }

  async create(file: string, options: { sample?: boolean; overwrite?: boolean } = {}): Promise<WorkspaceInfo> {
    const absolute = path.resolve(withWorkspaceExtension(file));
    if (this.ws?.file === absolute) {
      throw new UserFacingError('conflict', `"${path.basename(absolute)}" is the workspace already open; choose another name.`);
    }
    // the sample's generator (and its name lists) loads only when a sample is made
    const fillSample = options.sample ? (await import('./sample')).fillSampleWorkspace : null;
    const created = await Workspace.create(absolute, {
      appVersion: this.options.appVersion,
      overwrite: options.overwrite ?? false,
      ...(fillSample ? { fill: (ws: Workspace) => fillSample(ws) } : {}),
    });
    return this.replace(created);
  }

  async saveAs(file: string, options: { overwrite?: boolean } = {}): Promise<WorkspaceInfo> {
    const current = this.require();
    const dest = await current.backupTo(withWorkspaceExtension(file), { overwrite: options.overwrite ?? false });
    return this.replace(await Workspace.open(dest, { appVersion: this.options.appVersion }));
  }

  /** Closes the open workspace; the session has none afterwards even when the file's last write fails (that failure is reported). */
  close(): void {
    if (!this.ws) return;
    const closing = this.ws;
    this.ws = null;
    try {
      closing.close();
    } finally {
      this.options.onChange?.(null);
    }
  }
}

/** Closes a workspace the session let go of; a failure at its last checkpoint (a full disk) loses nothing committed. */
function closeQuietly(ws: Workspace): void {
  try {
    ws.close();
  } catch {
    // committed transactions are in the WAL, which SQLite replays on the next open
  }
}
