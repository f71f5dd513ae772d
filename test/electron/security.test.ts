import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  devServerOrigin,
  guardWebContents,
  hardenApp,
  isAppUrl,
  isNavigationAllowed,
  restrictPermissions,
  windowOpenDecision,
} from '../../electron/main/security';

const DEV = 'http://localhost:5173';

/** A web contents: an event emitter plus the window-open handler it was given. */
class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

function navigationEvent(url: string, extra: Record<string, unknown> = {}) {
  return { url, preventDefault: vi.fn(), isMainFrame: true, ...extra };
}

function guarded(devServerUrl?: string) {
  const contents = new FakeContents();
  const openExternal = vi.fn();
  const warn = vi.fn();
  guardWebContents(contents as never, { devServerUrl, openExternal, warn });
  return { contents, openExternal, warn };
}

describe('isAppUrl', () => {
  it.each([
    [APP_ENTRY_URL, true],
    ['tierscape://app/', true],
    ['tierscape://app/assets/index.js', true],
    ['tierscape://APP/index.html', true],
    ['tierscape://app.evil/index.html', false],
    ['tierscape://evil/index.html', false],
    ['tierscape://user:pw@app/index.html', false],
    ['https://app/index.html', false],
    ['file:///etc/passwd', false],
    ['about:blank', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s (packaged)', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('accepts the dev server origin only when it is given', () => {
    expect(isAppUrl('http://localhost:5173/', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.com/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect(devServerOrigin('file:///tmp/x')).toBeNull();
    expect(devServerOrigin('nonsense')).toBeNull();
    expect(devServerOrigin(undefined)).toBeNull();
    expect(devServerOrigin('http://127.0.0.1:5173/index.html')).toBe('http://127.0.0.1:5173');
  });

  it('allows navigation only within the app', () => {
    expect(isNavigationAllowed(APP_ENTRY_URL)).toBe(true);
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
  });
});

describe('navigation', () => {
  it.each(['https://example.com/', 'http://localhost:5173/', 'file:///etc/passwd', 'tierscape://evil/index.html', 'data:text/html,hi'])(
    'blocks will-navigate to %s',
    (url) => {
      const { contents, warn } = guarded();
      const event = navigationEvent(url);
      contents.emit('will-navigate', event);
      expect(event.preventDefault).toHaveBeenCalledOnce();
      expect(warn).toHaveBeenCalled();
    },
  );

  it("lets the app's own page reload", () => {
    const { contents } = guarded();
    const event = navigationEvent(APP_ENTRY_URL);
    contents.emit('will-navigate', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('lets the dev server page reload in development', () => {
    const { contents } = guarded(DEV);
    const event = navigationEvent(`${DEV}/`);
    contents.emit('will-navigate', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('blocks subframe navigation and redirects away from the app', () => {
    const { contents } = guarded();
    const frame = navigationEvent('https://example.com/', { isMainFrame: false });
    contents.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalledOnce();
    const redirect = navigationEvent('https://example.com/');
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalledOnce();
    const inside = navigationEvent('tierscape://app/index.html');
    contents.emit('will-redirect', inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('blocks every <webview>', () => {
    const { contents } = guarded();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, { nodeIntegration: false }, { src: APP_ENTRY_URL });
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('new windows', () => {
  it.each([
    ['https://github.com/tierscape/tierscape', true],
    ['https://www.sheetjs.com/docs', true],
    ['http://github.com/', false],
    ['https://evil.example/', false],
    ['https://github.com.evil.example/', false],
    ['https://user:pw@github.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    [APP_ENTRY_URL, false],
  ])('window.open(%s) is denied; handed to the browser: %s', async (url, external) => {
    const { contents, openExternal } = guarded();
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: external });
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (external) expect(openExternal).toHaveBeenCalledWith(url);
    else expect(openExternal).not.toHaveBeenCalled();
  });

  it('survives a failing openExternal', async () => {
    const contents = new FakeContents();
    const warn = vi.fn();
    guardWebContents(contents as never, { openExternal: () => Promise.reject(new Error('no browser')), warn });
    expect(contents.windowOpenHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no browser'));
  });
});

describe('permissions', () => {
  type RequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void;
  type CheckHandler = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
  type DeviceHandler = (details: unknown) => boolean;
  interface FakeSession {
    request: RequestHandler | null;
    check: CheckHandler | null;
    device: DeviceHandler | null;
    setPermissionRequestHandler(h: RequestHandler): void;
    setPermissionCheckHandler(h: CheckHandler): void;
    setDevicePermissionHandler?(h: DeviceHandler): void;
  }

  function fakeSession(withDevice = true): FakeSession {
    const session: FakeSession = {
      request: null,
      check: null,
      device: null,
      setPermissionRequestHandler(h) {
        session.request = h;
      },
      setPermissionCheckHandler(h) {
        session.check = h;
      },
    };
    if (withDevice) {
      session.setDevicePermissionHandler = (h) => {
        session.device = h;
      };
    }
    return session;
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'display-capture', 'pointerLock', 'keyboardLock', 'unknown'])(
    'denies a %s request and check, from the app itself too',
    (permission) => {
      const session = fakeSession();
      restrictPermissions(session as never);
      const callback = vi.fn();
      session.request!({}, permission, callback, { requestingUrl: APP_ENTRY_URL });
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.check!({}, permission, 'tierscape://app', {})).toBe(false);
    },
  );

  it('lets only the app’s own page go full screen (the presentation): Electron asks the session before requestFullscreen()', () => {
    const session = fakeSession();
    restrictPermissions(session as never);
    const granted = (requestingUrl: unknown) => {
      const callback = vi.fn();
      session.request!({}, 'fullscreen', callback, { requestingUrl });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(granted(APP_ENTRY_URL)).toBe(true);
    expect(session.check!({}, 'fullscreen', 'tierscape://app', {})).toBe(true);
    for (const other of ['https://evil.example/', 'tierscape://app.evil/', 'http://localhost:5173/', 'file:///etc/passwd', '', undefined]) {
      expect(granted(other), String(other)).toBe(false);
    }
    expect(session.check!({}, 'fullscreen', 'https://evil.example', {})).toBe(false);
    // the dev server's page only in development
    const dev = fakeSession();
    restrictPermissions(dev as never, DEV);
    const callback = vi.fn();
    dev.request!({}, 'fullscreen', callback, { requestingUrl: `${DEV}/` });
    expect(callback).toHaveBeenCalledWith(true);
  });

  it('denies device access, and works on a session without a device handler', () => {
    const session = fakeSession();
    restrictPermissions(session as never);
    expect(session.device!({ deviceType: 'usb' })).toBe(false);
    const bare = fakeSession(false);
    expect(() => restrictPermissions(bare as never)).not.toThrow();
    expect(bare.request).not.toBeNull();
  });
});

describe('hardenApp', () => {
  it('denies permissions on the session and guards every web contents created', () => {
    const app = new EventEmitter();
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    hardenApp(app as never, session as never, { openExternal: vi.fn(), warn: vi.fn() });
    expect(session.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(session.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(session.setDevicePermissionHandler).toHaveBeenCalledOnce();

    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).not.toBeNull();
    const event = navigationEvent('https://example.com/');
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalledOnce();
  });
});
