import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({ windows: [] as unknown[] }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow extends Emitter {
    readonly show = vi.fn();
    readonly maximize = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    minimized = false;
    visible = false;
    constructor(readonly options: unknown) {
      super();
      fake.windows.push(this);
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isVisible(): boolean {
      return this.visible;
    }
  }
  return { BrowserWindow };
});

const { createMainWindow, focusWindow, mainWindowOptions, MIN_HEIGHT, MIN_WIDTH } = await import('../../electron/main/window');

type FakeWindow = EventEmitter & {
  options: Electron.BrowserWindowConstructorOptions;
  show: ReturnType<typeof vi.fn>;
  maximize: ReturnType<typeof vi.fn>;
  focus: ReturnType<typeof vi.fn>;
  restore: ReturnType<typeof vi.fn>;
  minimized: boolean;
  visible: boolean;
};

beforeEach(() => {
  fake.windows.length = 0;
});

describe('mainWindowOptions', () => {
  const options = mainWindowOptions({ preload: '/app/out/preload/index.cjs' });
  const prefs = options.webPreferences!;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
    ['spellcheck', false],
    ['safeDialogs', true],
  ] as const)('sets %s to %s explicitly', (key, value) => {
    expect(Object.prototype.hasOwnProperty.call(prefs, key)).toBe(true);
    expect(prefs[key]).toBe(value);
  });

  it('enables no Blink features and no other preload or partition', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs.partition).toBeUndefined();
    expect(prefs.session).toBeUndefined();
  });

  it('turns the developer tools off unless asked', () => {
    expect(prefs.devTools).toBe(false);
    expect(mainWindowOptions({ preload: 'p', devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('titles the window, sets minimum sizes and a background, and starts hidden', () => {
    expect(options.title).toBe('Tierscape');
    expect(options.minWidth).toBe(1024);
    expect(options.minHeight).toBe(700);
    expect(MIN_WIDTH).toBe(1024);
    expect(MIN_HEIGHT).toBe(700);
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('uses remembered bounds, never below the minimum size', () => {
    const placed = mainWindowOptions({ preload: 'p', bounds: { x: 10, y: 20, width: 1500, height: 900 } });
    expect(placed).toMatchObject({ x: 10, y: 20, width: 1500, height: 900 });
    const small = mainWindowOptions({ preload: 'p', bounds: { width: 300, height: 200 } });
    expect(small).toMatchObject({ width: 1024, height: 700 });
    expect(small.x).toBeUndefined();
    expect(small.y).toBeUndefined();
  });
});

describe('createMainWindow', () => {
  it('creates the window with mainWindowOptions and shows it on ready-to-show', () => {
    createMainWindow({ preload: '/p.cjs' });
    const win = fake.windows[0] as FakeWindow;
    expect(win.options).toEqual(mainWindowOptions({ preload: '/p.cjs' }));
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
    expect(win.maximize).not.toHaveBeenCalled();
  });

  it('maximises a window that was maximised when it closed', () => {
    createMainWindow({ preload: '/p.cjs', maximized: true });
    const win = fake.windows[0] as FakeWindow;
    win.emit('ready-to-show');
    expect(win.maximize).toHaveBeenCalledOnce();
    expect(win.show).toHaveBeenCalledOnce();
  });

  it("lets the page's <title> (workspace — dataset — Tierscape) become the window title", () => {
    createMainWindow({ preload: '/p.cjs' });
    const win = fake.windows[0] as FakeWindow;
    const event = { preventDefault: vi.fn() };
    win.emit('page-title-updated', event, 'Sample — FY2026 — Tierscape');
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('focusWindow restores a minimised window and shows a hidden one', () => {
    createMainWindow({ preload: '/p.cjs' });
    const win = fake.windows[0] as FakeWindow;
    win.minimized = true;
    focusWindow(win as never);
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.show).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
  });
});
