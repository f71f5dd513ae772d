/**
 * Remembers the window's position, size and maximised state (DESIGN D11.1) in
 * `<userData>/window-state.json`. A damaged or foreign file, or bounds that no longer
 * fall on any display (a monitor was unplugged), give the defaults; it never blocks
 * start-up. Everything here but `trackWindowState` is plain Node, so it is tested
 * without Electron.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { WindowBounds } from './window';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
/** How much of the window must lie on a display for it to be reachable with the mouse. */
const MIN_VISIBLE_WIDTH = 120;
const MIN_VISIBLE_HEIGHT = 60;

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(100).max(100_000);

export const WindowStateSchema = z.object({
  version: z.literal(1),
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: length,
  height: length,
  maximized: z.boolean().default(false),
});
export type StoredWindowState = z.infer<typeof WindowStateSchema>;

/** What the window is created with. */
export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function defaultWindowState(workAreas: readonly Area[] = []): WindowState {
  const primary = workAreas[0];
  // no position: the window is centred on the primary display
  return {
    bounds: {
      width: primary ? Math.min(DEFAULT_SIZE.width, primary.width) : DEFAULT_SIZE.width,
      height: primary ? Math.min(DEFAULT_SIZE.height, primary.height) : DEFAULT_SIZE.height,
    },
    maximized: false,
  };
}

function overlap(a: Area, b: Area): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Whether enough of a window lies on one of the displays' work areas (the title bar
 * strip included) for the user to see and drag it.
 */
export function isReachable(bounds: Area, workAreas: readonly Area[]): boolean {
  const titleStrip: Area = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(bounds.height, 40) };
  return workAreas.some((area) => {
    const body = overlap(bounds, area);
    const strip = overlap(titleStrip, area);
    return (
      body.width >= Math.min(MIN_VISIBLE_WIDTH, bounds.width) &&
      body.height >= Math.min(MIN_VISIBLE_HEIGHT, bounds.height) &&
      strip.width > 0 &&
      strip.height > 0
    );
  });
}

/**
 * Turns whatever was read from the file into the state to open the window with.
 * `workAreas` are the displays' work areas, primary first (screen.getAllDisplays()).
 */
export function resolveWindowState(raw: unknown, workAreas: readonly Area[]): WindowState {
  const parsed = WindowStateSchema.safeParse(raw);
  if (!parsed.success) return defaultWindowState(workAreas);
  const stored = parsed.data;
  const maximized = stored.maximized;
  if (stored.x === undefined || stored.y === undefined) {
    return { bounds: { width: stored.width, height: stored.height }, maximized };
  }
  const bounds = { x: stored.x, y: stored.y, width: stored.width, height: stored.height };
  // Without display information (none reported) the stored bounds are trusted as they are.
  if (workAreas.length > 0 && !isReachable(bounds, workAreas)) return { ...defaultWindowState(workAreas), maximized };
  return { bounds, maximized };
}

/** The JSON written for a window's normal (not maximised, not full-screen) bounds. */
export function serializeWindowState(bounds: Area, maximized: boolean): StoredWindowState {
  return {
    version: 1,
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.round(bounds.width),
    height: Math.round(bounds.height),
    maximized,
  };
}

export class WindowStateStore {
  constructor(private readonly file: string) {}

  load(workAreas: readonly Area[]): WindowState {
    let raw: unknown = null;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      // missing, unreadable or not JSON: the defaults
    }
    return resolveWindowState(raw, workAreas);
  }

  save(bounds: Area, maximized: boolean): void {
    const state = serializeWindowState(bounds, maximized);
    if (!WindowStateSchema.safeParse(state).success) return; // a minimised or degenerate window: keep the last good state
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.tmp`;
      writeFileSync(temp, JSON.stringify(state, null, 2));
      renameSync(temp, this.file);
    } catch {
      // a read-only profile folder must not stop the app from closing
    }
  }
}

/** The part of a BrowserWindow that window-state tracking uses. */
export interface TrackedWindow {
  on(event: 'close', listener: () => void): unknown;
  getNormalBounds(): Area;
  isMaximized(): boolean;
}

/** Saves the window's state when it closes (normal bounds, so a maximised window restores sensibly). */
export function trackWindowState(win: TrackedWindow, store: Pick<WindowStateStore, 'save'>): void {
  win.on('close', () => store.save(win.getNormalBounds(), win.isMaximized()));
}
