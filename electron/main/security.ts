/**
 * App-wide hardening (DESIGN D11.3: no remote content, navigation and new windows blocked):
 * every permission is refused but full screen for the app's own page (the presentation), no
 * web contents may navigate away from the app's own pages, open a window or attach a
 * <webview>. Links to an allow-listed https address go to the system browser instead.
 */
import type { App, Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from '../services/external';

/** The custom scheme the packaged renderer is served from, and its one host. */
export const APP_SCHEME = 'tierscape';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** The origin of the electron-vite dev server, when the renderer is served by it. */
export function devServerOrigin(devServerUrl: string | undefined): string | null {
  if (!devServerUrl) return null;
  const url = parse(devServerUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return url.origin;
}

/**
 * Whether `raw` is one of the app's own pages: `tierscape://app/…`, or (in development
 * only) a page of the dev server. Compared by parsed origin, never by string prefix, so
 * `tierscape://app.evil/` or `http://localhost:5173.evil.com/` do not pass.
 */
export function isAppUrl(raw: string, devServerUrl?: string): boolean {
  const url = parse(raw);
  if (!url || url.username || url.password) return false;
  if (url.protocol === `${APP_SCHEME}:` && url.host.toLowerCase() === APP_HOST) return true;
  const dev = devServerOrigin(devServerUrl);
  return dev !== null && url.origin === dev;
}

/** What happens to a `window.open()` / `target=_blank` request: always denied, sometimes handed to the browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) };
}

/** Whether a navigation (or a redirect) of a frame to `url` may go ahead. */
export function isNavigationAllowed(url: string, devServerUrl?: string): boolean {
  return isAppUrl(url, devServerUrl);
}

/**
 * Every permission (camera, notifications, clipboard-read, geolocation, …) is refused, except
 * `fullscreen` asked for by the app's own page: Electron asks the session before it lets a
 * page's requestFullscreen() take the window full screen (the presentation, F5). `url` is the
 * requesting page's address or origin; Chromium still requires a user gesture for it.
 */
export function isPermissionGranted(permission: string, url?: string, devServerUrl?: string): boolean {
  return permission === 'fullscreen' && url !== undefined && isAppUrl(url, devServerUrl);
}

export interface HardenOptions {
  /** set only in development (electron-vite dev), never in a packaged app */
  devServerUrl?: string | undefined;
  /** hands an allow-listed https address to the system browser */
  openExternal: (url: string) => Promise<void> | void;
  /** reports refusals (navigation, windows); default console.warn */
  warn?: (message: string) => void;
}

type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> &
  Partial<Pick<Session, 'setDevicePermissionHandler'>>;

/** Refuses every permission request and check on a session but the app page's full screen (isPermissionGranted). */
export function restrictPermissions(session: PermissionSession, devServerUrl?: string): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details?.requestingUrl, devServerUrl)),
  );
  session.setPermissionCheckHandler((_webContents, permission, origin) => isPermissionGranted(permission, origin, devServerUrl));
  session.setDevicePermissionHandler?.(() => false);
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Blocks navigation away from the app, new windows and <webview>s in one web contents. */
export function guardWebContents(contents: GuardedContents, options: HardenOptions): void {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const refuseNavigation = (event: { preventDefault(): void; url: string }, kind: string): void => {
    if (isNavigationAllowed(event.url, options.devServerUrl)) return;
    event.preventDefault();
    warn(`[security] blocked ${kind} to ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', (event) => refuseNavigation(event, 'navigation'));
  contents.on('will-frame-navigate', (event) => {
    // the main frame is already covered by 'will-navigate'
    if (!event.isMainFrame) refuseNavigation(event, 'frame navigation');
  });
  contents.on('will-redirect', (event) => refuseNavigation(event, 'redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    warn('[security] blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) {
      Promise.resolve()
        // electronegativity: OPEN_EXTERNAL_JS_CHECK — reached only when windowOpenDecision() found the address
        // allowed by isAllowedExternalUrl() (https, no credentials, on the allow-list of services/external.ts).
        .then(() => options.openExternal(url))
        .catch((error: unknown) => warn(`[security] could not open ${url}: ${String(error)}`));
    } else {
      warn(`[security] blocked a new window for ${url.slice(0, 200)}`);
    }
    return { action: decision.action };
  });
}

/**
 * Applies the hardening to the default session and to every web contents the app ever
 * creates (the main window's included). Call once, when the app is ready.
 */
export function hardenApp(app: Pick<App, 'on'>, session: PermissionSession, options: HardenOptions): void {
  restrictPermissions(session, options.devServerUrl);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}
