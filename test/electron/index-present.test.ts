/**
 * View › Present Comparison through electron/main/index.ts with a fake 'electron' module: the
 * page may only go full screen during a user gesture, so the menu click is handed to it as
 * one (a constant script run with userGesture) before the command is sent. And a build that is
 * not the test build (here: vitest, where nothing defines __TIERSCAPE_TEST_HOOKS__) has no test
 * hooks: no global, no download listener.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MENU_EVENT } from '../../shared/ipc/channels';
import { TEST_HOOKS_GLOBAL } from '../../electron/main/test-hooks';
import { FakeBrowserWindow, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({ electron: null as unknown as FakeElectron, home: '' }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fake-electron');
  const { mkdtempSync: mkdtemp } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  h.home = mkdtemp(join(tmpdir(), 'tierscape-present-'));
  h.electron = createFakeElectron({ userData: join(h.home, 'user-data') });
  return h.electron;
});

const workDir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-present-work-'));

beforeAll(async () => {
  vi.stubEnv('TIERSCAPE_HOME', path.join(workDir, 'settings'));
  await import('../../electron/main/index');
  h.electron.app.markReady();
  await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1), { timeout: 20_000 });
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(workDir, { recursive: true, force: true });
  rmSync(h.home, { recursive: true, force: true });
});

function menuItem(menu: string, label: string): MenuItemConstructorOptions {
  const template = h.electron.Menu.buildFromTemplate.mock.lastCall?.[0] as MenuItemConstructorOptions[];
  const submenu = template.find((m) => m.label?.replace('&', '') === menu)!.submenu as MenuItemConstructorOptions[];
  return submenu.find((i) => i.label === label)!;
}

describe('View › Present Comparison', () => {
  it('hands the click to the page as a user gesture, then sends view:present', async () => {
    const win = FakeBrowserWindow.all[0]!;
    let release!: () => void;
    win.webContents.executeJavaScript.mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve(undefined))));
    win.webContents.send.mockClear();

    menuItem('View', 'Present Comparison').click!({} as never, undefined, {} as never);
    expect(win.webContents.executeJavaScript).toHaveBeenCalledExactlyOnceWith('undefined', true);
    // the command waits for the gesture to reach the page
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(win.webContents.send).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledExactlyOnceWith(MENU_EVENT, 'view:present'));
  });

  it('still sends the command when the script fails or never runs, and sends other commands at once', async () => {
    const win = FakeBrowserWindow.all[0]!;
    win.webContents.executeJavaScript.mockRejectedValueOnce(new Error('Script failed to execute'));
    win.webContents.send.mockClear();
    menuItem('View', 'Present Comparison').click!({} as never, undefined, {} as never);
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledExactlyOnceWith(MENU_EVENT, 'view:present'));

    // a page that never runs the script (still loading) gets the command after a second
    win.webContents.executeJavaScript.mockImplementationOnce(() => new Promise(() => undefined));
    win.webContents.send.mockClear();
    menuItem('View', 'Present Comparison').click!({} as never, undefined, {} as never);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(win.webContents.send).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledExactlyOnceWith(MENU_EVENT, 'view:present'), { timeout: 2_000 });

    win.webContents.executeJavaScript.mockClear();
    menuItem('View', 'Compare').click!({} as never, undefined, {} as never);
    expect(win.webContents.send).toHaveBeenLastCalledWith(MENU_EVENT, 'view:compare');
    expect(win.webContents.executeJavaScript).not.toHaveBeenCalled();
  });
});

describe('outside the test build', () => {
  it('has no test hooks: Electron’s own dialogs, no hook global, no download listener', async () => {
    expect((globalThis as Record<string, unknown>)[TEST_HOOKS_GLOBAL]).toBeUndefined();
    // (the fake session has no on(): a 'will-download' listener would have failed the start-up)
    expect('on' in h.electron.session.defaultSession).toBe(false);
    h.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    const win = FakeBrowserWindow.all[0]!;
    const trusted = { sender: win.webContents, senderFrame: { url: 'tierscape://app/index.html', parent: null } };
    expect(await h.electron.ipcMain.handlers.get('import:pickFile')!(trusted, undefined)).toEqual({ ok: true, value: null });
    expect(h.electron.dialog.showOpenDialog).toHaveBeenCalledWith(win, expect.objectContaining({ title: 'Import Partner List' }));
  });
});
