/** In development (unpackaged, electron-vite dev) the window loads the dev server, which gets the CSP headers. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/csp';
import { FakeBrowserWindow, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({ electron: null as unknown as FakeElectron, home: '' }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fake-electron');
  const { mkdtempSync: mkdtemp } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  h.home = mkdtemp(join(tmpdir(), 'tierscape-dev-'));
  h.electron = createFakeElectron({ userData: join(h.home, 'user-data'), packaged: false });
  return h.electron;
});

const workDir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-dev-work-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(workDir, { recursive: true, force: true });
  rmSync(h.home, { recursive: true, force: true });
});

describe('development', () => {
  it('loads ELECTRON_RENDERER_URL, adds the CSP to its responses and trusts its page', async () => {
    vi.stubEnv('TIERSCAPE_HOME', path.join(workDir, 'settings'));
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await import('../../electron/main/index');
    h.electron.app.markReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1), { timeout: 20_000 });
    const win = FakeBrowserWindow.all[0]!;

    expect(win.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect((win.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(true);

    const onHeadersReceived = h.electron.session.defaultSession.webRequest.onHeadersReceived;
    expect(onHeadersReceived).toHaveBeenCalledWith({ urls: ['http://localhost:5173/*'] }, expect.any(Function));
    const listener = onHeadersReceived.mock.calls[0]?.[1] as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
    const callback = vi.fn();
    listener({ responseHeaders: {} }, callback);
    expect(callback.mock.calls[0]?.[0].responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);

    const devFrame = { sender: win.webContents, senderFrame: { url: 'http://localhost:5173/', parent: null } };
    const result = await h.electron.ipcMain.handlers.get('workspace:current')!(devFrame, undefined);
    expect(result).toMatchObject({ ok: true });
  });
});
