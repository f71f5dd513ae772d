import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  defaultWindowState,
  isReachable,
  resolveWindowState,
  serializeWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
  WindowStateStore,
} from '../../electron/main/window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const secondary = { x: 1920, y: 0, width: 2560, height: 1400 };
const displays = [primary, secondary];
const defaults = defaultWindowState(displays);

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-window-'));
  dirs.push(dir);
  return path.join(dir, WINDOW_STATE_FILE);
}

describe('resolveWindowState', () => {
  it('restores bounds that lie on a display, and the maximised flag', () => {
    const stored = { version: 1, x: 100, y: 50, width: 1400, height: 900, maximized: true };
    expect(resolveWindowState(stored, displays)).toEqual({ bounds: { x: 100, y: 50, width: 1400, height: 900 }, maximized: true });
  });

  it('restores a window on the second display', () => {
    const stored = { version: 1, x: 2200, y: 100, width: 1600, height: 1000, maximized: false };
    expect(resolveWindowState(stored, displays).bounds).toEqual({ x: 2200, y: 100, width: 1600, height: 1000 });
  });

  it.each([
    ['a display that was unplugged', { x: 5000, y: 100 }],
    ['far to the left', { x: -3000, y: 100 }],
    ['below every display', { x: 100, y: 4000 }],
    ['with its title bar above the screen', { x: 100, y: -2000 }],
    ['with only a sliver on screen', { x: 4480 - 30, y: 100 }],
  ])('falls back to the defaults for a window %s', (_why, position) => {
    const stored = { version: 1, ...position, width: 1400, height: 900, maximized: false };
    expect(resolveWindowState(stored, displays)).toEqual(defaults);
  });

  it.each([
    ['nothing', null],
    ['a string', 'hello'],
    ['an array', [1, 2, 3]],
    ['another version', { version: 2, x: 0, y: 0, width: 1400, height: 900 }],
    ['negative sizes', { version: 1, x: 0, y: 0, width: -5, height: 900 }],
    ['huge sizes', { version: 1, x: 0, y: 0, width: 1e9, height: 900 }],
    ['text for numbers', { version: 1, x: '0', y: 0, width: 1400, height: 900 }],
    ['fractions', { version: 1, x: 0.5, y: 0, width: 1400, height: 900 }],
    ['missing sizes', { version: 1, x: 0, y: 0 }],
  ])('gives the defaults for %s', (_why, raw) => {
    expect(resolveWindowState(raw, displays)).toEqual(defaults);
  });

  it('keeps a size without a position (centred)', () => {
    expect(resolveWindowState({ version: 1, width: 1300, height: 800 }, displays)).toEqual({
      bounds: { width: 1300, height: 800 },
      maximized: false,
    });
  });

  it('defaults to 1280×800, smaller on a smaller screen, without a position', () => {
    expect(defaultWindowState([])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: false });
    expect(defaultWindowState([{ x: 0, y: 0, width: 1024, height: 740 }])).toEqual({
      bounds: { width: 1024, height: 740 },
      maximized: false,
    });
  });

  it('isReachable needs part of the title bar on a display', () => {
    expect(isReachable({ x: 0, y: 0, width: 800, height: 600 }, displays)).toBe(true);
    expect(isReachable({ x: 0, y: -590, width: 800, height: 600 }, displays)).toBe(false);
    expect(isReachable({ x: 4470, y: 0, width: 800, height: 600 }, displays)).toBe(false);
  });
});

describe('WindowStateStore', () => {
  it('answers the defaults for a missing or damaged file', () => {
    const file = tempFile();
    const store = new WindowStateStore(file);
    expect(store.load(displays)).toEqual(defaults);
    writeFileSync(file, '{ not json');
    expect(store.load(displays)).toEqual(defaults);
    writeFileSync(file, JSON.stringify({ version: 1, width: 'wide' }));
    expect(store.load(displays)).toEqual(defaults);
  });

  it('saves and restores bounds and the maximised flag', () => {
    const file = tempFile();
    const store = new WindowStateStore(file);
    store.save({ x: 120.4, y: 80, width: 1500, height: 950 }, true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(serializeWindowState({ x: 120, y: 80, width: 1500, height: 950 }, true));
    expect(store.load(displays)).toEqual({ bounds: { x: 120, y: 80, width: 1500, height: 950 }, maximized: true });
  });

  it('keeps the last good state instead of a degenerate one', () => {
    const file = tempFile();
    const store = new WindowStateStore(file);
    store.save({ x: 10, y: 10, width: 1300, height: 800 }, false);
    store.save({ x: 0, y: 0, width: 0, height: 0 }, false);
    expect(store.load(displays).bounds).toEqual({ x: 10, y: 10, width: 1300, height: 800 });
  });

  it('does not throw when the folder cannot be written', () => {
    const file = tempFile();
    writeFileSync(path.join(path.dirname(file), 'blocker'), '');
    const store = new WindowStateStore(path.join(path.dirname(file), 'blocker', WINDOW_STATE_FILE));
    expect(() => store.save({ x: 0, y: 0, width: 1300, height: 800 }, false)).not.toThrow();
  });

  it('trackWindowState saves the normal bounds when the window closes', () => {
    const file = tempFile();
    const store = new WindowStateStore(file);
    const win = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 30, y: 40, width: 1200, height: 780 }),
      isMaximized: () => true,
    });
    trackWindowState(win, store);
    win.emit('close');
    expect(store.load(displays)).toEqual({ bounds: { x: 30, y: 40, width: 1200, height: 780 }, maximized: true });
  });
});
