/**
 * A hand-written stand-in for the 'electron' module, enough to run electron/main/index.ts
 * under Node: the app's events can be emitted and every call the shell makes is recorded.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeElectronOptions {
  userData: string;
  lock?: boolean;
  /** app.isPackaged; default true */
  packaged?: boolean;
}

export class FakeWebContents extends EventEmitter {
  readonly send = vi.fn();
  readonly setWindowOpenHandler = vi.fn();
  readonly executeJavaScript = vi.fn(async (_code: string, _userGesture?: boolean): Promise<unknown> => undefined);
  loading = false;
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly setTitle = vi.fn();
  readonly setRepresentedFilename = vi.fn();
  readonly show = vi.fn();
  readonly maximize = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  isMinimized(): boolean {
    return false;
  }
  isVisible(): boolean {
    return true;
  }
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds() {
    return { x: 40, y: 30, width: 1300, height: 820 };
  }
}

export function createFakeElectron(options: FakeElectronOptions) {
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const paths: Record<string, string> = { userData: options.userData };
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.packaged ?? true,
    setPath: vi.fn((name: string, value: string) => {
      paths[name] = value;
    }),
    getPath: vi.fn((name: string) => paths[name] ?? `${options.userData}/${name}`),
    getVersion: () => '0.1.0',
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    quit: vi.fn(),
    exit: vi.fn(),
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
    whenReady: vi.fn(() => ready),
    markReady: () => markReady(),
  });
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const listeners = new Map<string, (...args: unknown[]) => unknown>();
  const ipcMain = {
    handlers,
    handle: vi.fn((channel: string, listener: (...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    /** ipcMain.on listeners (the preload's one-way messages) */
    listeners,
    on: vi.fn((channel: string, listener: (...args: unknown[]) => unknown) => {
      listeners.set(channel, listener);
    }),
  };
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  };
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea }),
      getAllDisplays: () => [{ id: 1, workArea }],
    },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined) },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
