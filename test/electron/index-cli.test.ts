/**
 * `Tierscape --cli …` through electron/main/index.ts with a fake 'electron' module: the CLI
 * program runs as Node in a child process and the app exits with its code, before and instead
 * of everything else — no settings folder, no sandbox switch, no single-instance lock, no
 * window, no 'ready'.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({
  electron: null as unknown as FakeElectron,
  child: null as unknown as import('node:events').EventEmitter,
  spawn: null as unknown as import('vitest').Mock,
}));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fake-electron');
  h.electron = createFakeElectron({ userData: '/nonexistent/tierscape-user-data' });
  return h.electron;
});

vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  const { EventEmitter: Emitter } = await import('node:events');
  h.child = new Emitter();
  h.spawn = vi.fn(() => h.child);
  return { ...actual, default: { ...actual, spawn: h.spawn }, spawn: h.spawn };
});

// the CLI program is built into out/cli; here the main bundle is the source folder, so say it exists
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const existsSync = (file: import('node:fs').PathLike) =>
    String(file).endsWith(`${path.sep}cli${path.sep}tierscape.mjs`) || actual.existsSync(file);
  return { ...actual, default: { ...actual, existsSync }, existsSync };
});

const argv = process.argv;
afterAll(() => {
  process.argv = argv;
});

describe('Tierscape --cli', () => {
  it('runs the CLI as Node with the arguments after --cli and exits with its code, setting up nothing of the app', async () => {
    process.argv = ['/opt/Tierscape/tierscape', '--cli', 'export', 'plan.tierscape', '--scenario', 'A', '--out', 'r.xlsx'];
    await import('../../electron/main/index');
    const { app, protocol, ipcMain } = h.electron;

    expect(h.spawn).toHaveBeenCalledOnce();
    const [command, args, options] = h.spawn.mock.calls[0] as [string, string[], { env: NodeJS.ProcessEnv; stdio: string }];
    expect(command).toBe(process.execPath);
    expect(args[0]).toMatch(/[\\/]cli[\\/]tierscape\.mjs$/);
    expect(args.slice(1)).toEqual(['export', 'plan.tierscape', '--scenario', 'A', '--out', 'r.xlsx']);
    expect(options.env['ELECTRON_RUN_AS_NODE']).toBe('1');
    expect(options.stdio).toBe('inherit');

    // none of the app: no lock, no settings folder, no scheme, no sandbox switch, no ready, no window
    expect(app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(app.setPath).not.toHaveBeenCalled();
    expect(app.enableSandbox).not.toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
    expect(ipcMain.handle).not.toHaveBeenCalled();
    expect(app.exit).not.toHaveBeenCalled();

    // the tool's exit code is the app's
    (h.child as EventEmitter).emit('exit', 2, null);
    expect(app.exit).toHaveBeenCalledExactlyOnceWith(2);
    expect(app.quit).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });
});
