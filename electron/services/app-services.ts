/**
 * The one wiring root of the services: the open workspace (AppSession), the import and
 * export jobs, and the IPC handler table behind a dispatcher. The desktop app
 * (electron/main), browser mode (electron/web) and the CLI all build their services here;
 * what differs between them comes in as options (where uploads and downloads live) and as
 * the handler ports (native dialogs, the system browser, which paths a page may name).
 */
import type { WorkspaceInfo } from '../../shared/model/workspace';
import { ExportService } from './export/service';
import { createHandlers, type HandlerPorts } from './handlers';
import { ImportService } from './import/service';
import { createDispatcher, type Dispatcher } from './ipc/dispatch';
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
  /** The IPC dispatcher over the handler table, with this runtime's ports (given the session they act on). */
  dispatcher(ports: HandlerPorts | ((session: AppSession) => HandlerPorts)): Dispatcher;
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
    dispatcher: (ports) => createDispatcher(createHandlers(session, typeof ports === 'function' ? ports(session) : ports, imports, exports)),
    close: () => {
      imports.discardAll();
      exports.discardAll();
      session.close();
    },
  };
}
