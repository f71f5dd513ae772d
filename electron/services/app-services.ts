/**
 * The one wiring root of the services: the open workspace (AppSession) and the import and
 * export jobs. The desktop app (electron/main), browser mode (electron/web) and the CLI all
 * build their services here; what differs between them comes in as options (where uploads
 * and downloads live). The two runtimes with a page then put the IPC handler table over
 * these services with `dispatcherFor` (handlers.ts), given their ports (native dialogs, the
 * system browser, which paths a page may name); the CLI needs no handler table.
 */
import type { WorkspaceInfo } from '../../shared/model/workspace';
import { ExportService } from './export/service';
import { ImportService } from './import/service';
import type { RecentFiles } from './recent';
import { AppSession } from './session';

export interface AppServicesOptions {
  /** the recent-files list (RecentFiles.disabled() for the CLI, which must not change the app's) */
  recent: RecentFiles;
  appVersion: string;
  /** called after every change of the open workspace (title bar, menus) */
  onWorkspaceChange?: (info: WorkspaceInfo | null) => void;
  /** browser mode: the private folder uploaded partner lists arrive in */
  uploadsDir?: string;
  /** browser mode: the private folder workbooks are written to before the page downloads them */
  downloadsDir?: string;
}

export interface AppServices {
  session: AppSession;
  imports: ImportService;
  exports: ExportService;
  /** Drops every import and export job, then closes the workspace. */
  close(): void;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const session = new AppSession({
    recent: options.recent,
    appVersion: options.appVersion,
    ...(options.onWorkspaceChange ? { onChange: options.onWorkspaceChange } : {}),
  });
  const imports = new ImportService(session, options.uploadsDir !== undefined ? { uploadsDir: options.uploadsDir } : {});
  const exports = new ExportService(session, options.downloadsDir !== undefined ? { downloadsDir: options.downloadsDir } : {});
  return {
    session,
    imports,
    exports,
    close: () => {
      imports.discardAll();
      exports.discardAll();
      session.close();
    },
  };
}
