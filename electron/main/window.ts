/**
 * The one app window (DESIGN D11.3): every web preference that matters for security is set
 * explicitly, even where it is Electron's default, so a reader (and a test) can see it.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_TITLE } from './launch';
export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 700;
/** Painted before the page's first frame, so the window never flashes white-on-dark. */
export const BACKGROUND_COLOR = '#f6f7f9';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface MainWindowOptionsInput {
  /** absolute path of the preload bundle (out/preload/index.cjs) */
  preload: string;
  bounds?: WindowBounds;
  /** allow the developer tools (only in unpackaged builds); default false */
  devTools?: boolean;
}

export function mainWindowOptions(opts: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  const bounds = opts.bounds;
  return {
    title: APP_TITLE,
    width: Math.max(bounds?.width ?? 1280, MIN_WIDTH),
    height: Math.max(bounds?.height ?? 800, MIN_HEIGHT),
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    // shown on 'ready-to-show', so the user never sees an empty window
    show: false,
    backgroundColor: BACKGROUND_COLOR,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // a middle-click (auxclick) would ask for a new window; the window-open guard refuses those anyway
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.devTools ?? false,
    },
  };
}

export interface CreateMainWindowInput extends MainWindowOptionsInput {
  maximized?: boolean;
}

/**
 * Creates the window hidden and shows it once its first frame is painted. The main
 * process titles it with the open workspace before the page loads; from then on the
 * page's <title> ("workspace — dataset — Tierscape") is the window title, since only the
 * page knows which dataset is shown.
 */
export function createMainWindow(input: CreateMainWindowInput): BrowserWindow {
  // electronegativity: CONTEXT_ISOLATION_JS_CHECK, SANDBOX_JS_CHECK, AUXCLICK_JS_CHECK — the scanner reads only an
  // options object written inline here; mainWindowOptions() above sets contextIsolation: true and sandbox: true
  // (test/electron/window.test.ts, test/security/static-scan.test.ts), and disableBlinkFeatures: 'Auxclick' (a
  // middle-click asking for a new window; security.ts's window-open handler refuses every new window anyway).
  const win = new BrowserWindow(mainWindowOptions(input));
  win.once('ready-to-show', () => {
    if (input.maximized) win.maximize();
    win.show();
  });
  return win;
}

/** Brings a window to the front, restoring it if minimised. */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
