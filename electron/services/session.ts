/**
 * The open workspace of one app window (or one browser-mode server) and the file
 * operations on it: New, Open, Save As, Close — the same for Electron, browser mode and
 * tests.
 */
import path from 'node:path';
import { WORKSPACE_EXTENSION, type WorkspaceInfo } from '../../shared/model/workspace';
import { UserFacingError } from './workspace/errors';
import { asOpenRefusal, Workspace } from './workspace/workspace';
import type { RecentFiles } from './recent';
import { fillSampleWorkspace } from './sample';

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

  require(): Workspace {
    if (!this.ws) throw new UserFacingError('no_workspace', 'No workspace is open. Create one or open one from the File menu.');
    return this.ws;
  }

  info(): WorkspaceInfo | null {
    return this.ws?.info() ?? null;
  }

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
    this.ws?.close();
    this.ws = next;
    this.options.recent.add(next.file);
    this.options.onChange?.(info);
    return info;
  }

  async open(file: string): Promise<WorkspaceInfo> {
    const absolute = path.resolve(file);
    if (this.ws?.file === absolute) return this.ws.info();
    return this.replace(await Workspace.open(absolute, { appVersion: this.options.appVersion }));
  }

  async create(file: string, options: { sample?: boolean; overwrite?: boolean } = {}): Promise<WorkspaceInfo> {
    const absolute = path.resolve(withWorkspaceExtension(file));
    if (this.ws?.file === absolute) {
      throw new UserFacingError('conflict', `"${path.basename(absolute)}" is the workspace already open; choose another name.`);
    }
    const created = await Workspace.create(absolute, {
      appVersion: this.options.appVersion,
      overwrite: options.overwrite ?? false,
      ...(options.sample ? { fill: (ws: Workspace) => fillSampleWorkspace(ws) } : {}),
    });
    return this.replace(created);
  }

  async saveAs(file: string, options: { overwrite?: boolean } = {}): Promise<WorkspaceInfo> {
    const current = this.require();
    const dest = await current.backupTo(withWorkspaceExtension(file), { overwrite: options.overwrite ?? false });
    return this.replace(await Workspace.open(dest, { appVersion: this.options.appVersion }));
  }

  close(): void {
    if (!this.ws) return;
    this.ws.close();
    this.ws = null;
    this.options.onChange?.(null);
  }
}
