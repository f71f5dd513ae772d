/**
 * The Electron main process: lifecycle, the one window, the menu, and the wiring of the
 * services' handler table to IPC. Everything with logic lives in the modules it imports
 * (each tested without Electron); this file only connects them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, protocol, screen, session as electronSession, shell, type BrowserWindow, type WebContents } from 'electron';
import { CHOSEN_FILES_EVENT, MENU_EVENT, type MenuCommand } from '../../shared/ipc/channels';
import type { WorkspaceInfo } from '../../shared/model/workspace';
import { isAllowedExternalUrl } from '../services/external';
import { ChosenPaths } from '../services/path-policy';
import { RecentFiles } from '../services/recent';
import { SAMPLE_FILE_NAME } from '../services/sample';
import type { AppSession } from '../services/session';
import { createAppServices, type AppServices } from '../services/app-services';
import { dispatcherFor } from '../services/handlers';
import { openFailureMessage, openStartupWorkspace } from '../services/startup';
import { answerDownloadsInTestBuild, appDialogs, pickExportPath, pickImportFile, pickWorkspacePath } from './dialogs';
import { UserFacingError } from '../services/workspace/errors';
import { cliModeArgs, runCliMode } from './cli-mode';
import { createSenderCheck, registerIpc } from './ipc';
import { findWorkspaceArg, windowTitle } from './launch';
import { buildMenuTemplate } from './menu';
import { applyDevServerHeaders, registerAppProtocol, registerAppScheme } from './protocol';
import { APP_ENTRY_URL, hardenApp } from './security';
import { createMainWindow, focusWindow } from './window';
import { trackWindowState, WINDOW_STATE_FILE, WindowStateStore, type Area } from './window-state';

const here = path.dirname(fileURLToPath(import.meta.url));
/** out/preload/index.cjs and out/renderer, next to out/main (electron.vite.config.ts). */
const PRELOAD_FILE = path.join(here, '..', 'preload', 'index.cjs');
const RENDERER_DIR = path.join(here, '..', 'renderer');

/** electron-vite dev serves the renderer; a packaged app never loads a URL from the environment. */
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'] || undefined;

// --- before 'ready' -------------------------------------------------------------------

// `Tierscape --cli <command> …` runs the command-line tool and exits with its code (cli-mode.ts):
// no window, no single-instance lock, none of the app's set-up.
const cliArgs = cliModeArgs(process.argv);
if (cliArgs) {
  app.dock?.hide();
  runCliMode(cliArgs, { execPath: process.execPath, mainDir: here, env: process.env, exit: (code) => app.exit(code) });
} else {
  launchApp();
}

function launchApp(): void {
  // Same settings folder as the CLI and browser mode when TIERSCAPE_HOME is set (tests).
  const home = process.env['TIERSCAPE_HOME'];
  if (home) app.setPath('userData', path.resolve(home));

  registerAppScheme(protocol);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    // Another instance runs: it received our argv in 'second-instance' and opens the file.
    app.quit();
  } else {
    start();
  }
}

/**
 * The one place the system browser is opened. Its callers (the window-open guard and the
 * 'shell:openExternal' handler) check the address already; it is checked again here so
 * no future caller can skip the allow-list.
 */
async function openAllowedExternal(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) throw new Error(`refused to open ${url}: not on the allow-list`);
  // electronegativity: OPEN_EXTERNAL_JS_CHECK — url has just passed isAllowedExternalUrl() (https, no credentials,
  // on the allow-list of electron/services/external.ts).
  await shell.openExternal(url);
}

function start(): void {
  // Electron's dialogs; in the test build of `npm run test:electron` only, the test's answers (dialogs.ts)
  const dialogs = appDialogs(dialog);
  let services: AppServices | null = null;
  let session: AppSession | null = null;
  let chosenPaths: ChosenPaths | null = null;
  let mainWindow: BrowserWindow | null = null;
  let mainContents: WebContents | null = null;
  let startupNotice: string | null = null;
  let ready = false;
  /** a file named on the command line, or by a second launch or macOS 'open-file' before the window exists */
  let requestedFile = findWorkspaceArg(process.argv, process.cwd());
  const tracksRecentDocuments = process.platform === 'darwin' || process.platform === 'win32';

  function displayWorkAreas(): Area[] {
    const primary = screen.getPrimaryDisplay();
    return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  }

  function openWindow(): BrowserWindow {
    const store = new WindowStateStore(path.join(app.getPath('userData'), WINDOW_STATE_FILE));
    const state = store.load(displayWorkAreas());
    const win = createMainWindow({ preload: PRELOAD_FILE, bounds: state.bounds, maximized: state.maximized, devTools: !app.isPackaged });
    trackWindowState(win, store);
    mainWindow = win;
    mainContents = win.webContents;
    updateTitle(session?.info() ?? null);
    win.on('closed', () => {
      if (mainWindow === win) {
        mainWindow = null;
        mainContents = null;
      }
    });
    win.webContents.on('render-process-gone', (_event, details) => console.error(`[main] renderer gone: ${details.reason}`));
    win.loadURL(devServerUrl ?? APP_ENTRY_URL).catch((error: unknown) => console.error('[main] could not load the app page', error));
    return win;
  }

  function updateTitle(info: WorkspaceInfo | null): void {
    if (!mainWindow) return;
    mainWindow.setTitle(windowTitle(info));
    if (process.platform === 'darwin') mainWindow.setRepresentedFilename(info?.path ?? '');
  }

  function sendMenuCommand(command: MenuCommand, arg?: string): void {
    if (!mainWindow) {
      // macOS with every window closed: the menu brings the window back
      openWindow();
      return;
    }
    const contents = mainWindow.webContents;
    if (command === 'view:present') {
      // The page takes the window full screen for the presentation (requestFullscreen), which
      // Chromium allows only during a user gesture. F5 is one, in the page; a click on this menu
      // item is one outside it: pass it on (a constant script run with userGesture, as
      // Electron documents for requestFullscreen), then send the command — at the latest after
      // a second (a page still loading runs the script only once it has loaded).
      const gesture = contents.executeJavaScript('undefined', true).catch(() => undefined);
      void Promise.race([gesture, new Promise((resolve) => setTimeout(resolve, 1000))]).then(() => {
        if (!contents.isDestroyed()) contents.send(MENU_EVENT, command);
      });
      return;
    }
    if (arg === undefined) contents.send(MENU_EVENT, command);
    else contents.send(MENU_EVENT, command, arg);
  }

  function clearRecent(): void {
    if (!session) return;
    try {
      for (const file of session.recent.list()) session.recent.remove(file.path);
    } catch (error) {
      console.error('[main] could not clear the recent files', error);
    }
    if (tracksRecentDocuments) app.clearRecentDocuments();
    rebuildMenu();
  }

  function rebuildMenu(): void {
    let recent: ReturnType<RecentFiles['list']> = [];
    try {
      recent = session?.recent.list() ?? [];
    } catch {
      // unreadable store: an empty submenu
    }
    const template = buildMenuTemplate({ platform: process.platform, recent, send: sendMenuCommand, isPackaged: app.isPackaged, clearRecent });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  /**
   * A workspace asked for from outside (a second launch, macOS 'open-file'). A loaded
   * window runs its normal open flow through the menu command; without one, the file is
   * opened here and the new window starts with it.
   */
  async function openFromOutside(file: string): Promise<void> {
    const win = mainWindow;
    if (win && !win.webContents.isLoading()) {
      focusWindow(win);
      // the person asked for this file from outside the app: the page may open it
      chosenPaths?.choose('open', file);
      win.webContents.send(MENU_EVENT, 'file:openRecent' satisfies MenuCommand, file);
      return;
    }
    if (session) {
      try {
        await session.open(file);
        startupNotice = null;
      } catch (error) {
        startupNotice = openFailureMessage(error);
      }
    }
    if (mainWindow) focusWindow(mainWindow);
    else openWindow();
  }

  function documentsDir(): string {
    try {
      return app.getPath('documents');
    } catch {
      return app.getPath('home');
    }
  }

  async function onReady(): Promise<void> {
    const defaultSession = electronSession.defaultSession;
    hardenApp(app, defaultSession, { devServerUrl, openExternal: openAllowedExternal });
    registerAppProtocol(protocol, RENDERER_DIR);
    if (devServerUrl) applyDevServerHeaders(defaultSession, devServerUrl);
    // a test build saves the page's downloads where the test says; any other build leaves them to Electron's save dialog
    answerDownloadsInTestBuild(defaultSession);

    const userData = app.getPath('userData');
    const recent = new RecentFiles(path.join(userData, 'recent.json'));
    // the menu's Open Recent follows the list, whoever changed it (an open, the page's "forget")
    recent.subscribe(rebuildMenu);
    services = createAppServices({
      recent,
      appVersion: app.getVersion(),
      onWorkspaceChange: (info) => {
        updateTitle(info);
        if (info && tracksRecentDocuments) app.addRecentDocument(info.path);
        rebuildMenu();
      },
    });
    const appSession = services.session;
    session = appSession;

    const requested = requestedFile;
    requestedFile = undefined;
    const startup = await openStartupWorkspace(appSession, { requested, sampleFile: path.join(userData, SAMPLE_FILE_NAME) });
    startupNotice = startup.notice;
    // a file asked for (second launch, 'open-file') while the start-up workspace was opening
    const late = requestedFile;
    requestedFile = undefined;
    if (late) {
      try {
        await appSession.open(late);
        startupNotice = null;
      } catch (error) {
        startupNotice = openFailureMessage(error);
      }
    }

    // the paths the person chose in this session: the only ones the page may name (services/path-policy)
    const chosen = new ChosenPaths({ recent: () => appSession.recent.list().map((f) => f.path) });
    chosenPaths = chosen;
    const senderCheck = createSenderCheck({ mainWebContents: () => mainContents, devServerUrl });
    ipcMain.on(CHOSEN_FILES_EVENT, (event, paths: unknown) => {
      if (!senderCheck(event) || !Array.isArray(paths)) return;
      for (const p of paths.slice(0, 100)) if (typeof p === 'string' && p.length <= 4096) chosen.choose('import', p);
    });
    const dispatch = dispatcherFor(services, {
      runtime: 'electron',
      appVersion: app.getVersion(),
      platform: process.platform,
      documentsDir: documentsDir(),
      startupNotice: () => startupNotice,
      pickPath: async (purpose) => {
        const picked = await pickWorkspacePath(dialogs, mainWindow, purpose, { documentsDir: documentsDir(), currentFile: appSession.workspace?.file });
        chosen.choose(purpose, picked);
        return picked;
      },
      pickImportFile: async () => {
        const picked = await pickImportFile(dialogs, mainWindow, { documentsDir: documentsDir() });
        chosen.choose('import', picked);
        return picked;
      },
      openExternal: openAllowedExternal,
      pickExportPath: async (suggestedName) => {
        const picked = await pickExportPath(dialogs, mainWindow, suggestedName, { documentsDir: documentsDir() });
        // the renderer adds .xlsx when the dialog's answer has none
        chosen.choose('export', picked);
        if (picked && path.extname(picked).toLowerCase() !== '.xlsx') chosen.choose('export', `${picked}.xlsx`);
        return picked;
      },
      pathPolicy: chosen,
      openPath: async (file) => {
        // shell.openPath answers an error message, or '' when the file opened
        const problem = await shell.openPath(file);
        if (problem) throw new UserFacingError('io', `The workbook was saved, but could not be opened: ${problem}`);
      },
    });
    registerIpc(ipcMain, dispatch, senderCheck);

    rebuildMenu();
    openWindow();
    ready = true;
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const file = findWorkspaceArg(argv, workingDirectory);
    if (!ready) {
      if (file) requestedFile = file;
      return;
    }
    if (file) void openFromOutside(file);
    else if (mainWindow) focusWindow(mainWindow);
    else openWindow();
  });

  // macOS: a file double-clicked in the Finder or dropped on the Dock icon; may come before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (ready) void openFromOutside(file);
    else requestedFile = file;
  });

  app.on('activate', () => {
    if (ready && !mainWindow) openWindow();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Closing the workspace checkpoints its WAL, so the .tierscape file is whole on disk.
  app.on('will-quit', () => {
    try {
      services?.close();
    } catch (error) {
      console.error('[main] could not close the workspace', error);
    }
  });

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      console.error('[main] start-up failed', error);
      dialog.showErrorBox('Tierscape could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
