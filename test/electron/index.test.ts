/**
 * The lifecycle of electron/main/index.ts against a fake 'electron' module and the real
 * services (a temporary settings folder): what happens before 'ready', at 'ready', and
 * on the app's later events.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, CHOSEN_FILES_EVENT, MENU_EVENT } from '../../shared/ipc/channels';
import type { MenuItemConstructorOptions } from 'electron';
import { FakeBrowserWindow, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({ electron: null as unknown as FakeElectron, home: '' }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fake-electron');
  const { mkdtempSync: mkdtemp } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  h.home = mkdtemp(join(tmpdir(), 'tierscape-shell-'));
  h.electron = createFakeElectron({ userData: join(h.home, 'default-user-data') });
  return h.electron;
});

let userData: string;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-shell-work-'));
  userData = path.join(workDir, 'settings');
  vi.stubEnv('TIERSCAPE_HOME', userData);
  vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  await import('../../electron/main/index');
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(workDir, { recursive: true, force: true });
  rmSync(h.home, { recursive: true, force: true });
});

const win = () => FakeBrowserWindow.all[0]!;
const trusted = () => ({ sender: win().webContents, senderFrame: { url: 'tierscape://app/index.html', parent: null } });
const invoke = (channel: string, event: unknown, payload?: unknown) => h.electron.ipcMain.handlers.get(channel)!(event, payload);

describe('before ready', () => {
  it('registers the scheme, enforces the sandbox and takes the single-instance lock', () => {
    const { app, protocol } = h.electron;
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(protocol.registerSchemesAsPrivileged.mock.calls[0]?.[0]).toMatchObject([
      { scheme: 'tierscape', privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false } },
    ]);
    expect(app.enableSandbox).toHaveBeenCalledOnce();
    expect(app.setPath).toHaveBeenCalledWith('userData', path.resolve(userData));
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(app.quit).not.toHaveBeenCalled();
    // nothing that needs 'ready' yet
    expect(protocol.handle).not.toHaveBeenCalled();
    expect(h.electron.ipcMain.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });
});

describe('at ready', () => {
  beforeAll(async () => {
    h.electron.app.markReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1), { timeout: 20_000 });
  });

  it('hardens the default session and serves the app scheme', () => {
    const { session, protocol } = h.electron;
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(protocol.handle).toHaveBeenCalledWith('tierscape', expect.any(Function));
    expect(h.electron.app.listenerCount('web-contents-created')).toBe(1);
  });

  it('loads the packaged page, ignoring ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(win().loadURL).toHaveBeenCalledWith('tierscape://app/index.html');
    expect(h.electron.session.defaultSession.webRequest.onHeadersReceived).not.toHaveBeenCalled();
  });

  it('creates the window hardened, with the bundled preload', () => {
    const prefs = win().options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
    expect(String(prefs['preload'])).toMatch(/[\\/]preload[\\/]index\.cjs$/);
  });

  it('opens the sample workspace on first start and titles the window', () => {
    expect(existsSync(path.join(userData, 'Sample.tierscape'))).toBe(true);
    expect(win().setTitle).toHaveBeenLastCalledWith('Sample — Tierscape');
  });

  it('registers every channel once and answers the window', async () => {
    expect([...h.electron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(h.electron.ipcMain.handle).toHaveBeenCalledTimes(CHANNELS.length);
    const current = (await invoke('workspace:current', trusted())) as { ok: boolean; value: { name: string } };
    expect(current).toMatchObject({ ok: true, value: { name: 'Sample' } });
    const info = await invoke('app:info', trusted());
    expect(info).toMatchObject({ ok: true, value: { runtime: 'electron', nativeDialogs: true, startupNotice: null } });
  });

  it('refuses a call from another page or a subframe', async () => {
    const evil = { sender: win().webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await invoke('workspace:current', evil)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sub = { sender: win().webContents, senderFrame: { url: 'tierscape://app/index.html', parent: {} } };
    expect(await invoke('workspace:current', sub)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers the file dialog through workspace:pickPath', async () => {
    h.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/x/a.tierscape'] });
    expect(await invoke('workspace:pickPath', trusted(), { purpose: 'open' })).toEqual({ ok: true, value: '/x/a.tierscape' });
    expect(h.electron.dialog.showOpenDialog).toHaveBeenCalledWith(win(), expect.objectContaining({ properties: ['openFile'] }));
  });

  it('reads a partner list only from a path the person chose: the import dialog, or a file the preload saw dropped on the window', async () => {
    const list = path.join(workDir, 'partners.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(list, 'Partner,ARR\nAcme,1\n');
    const preview = (jobId: string) => invoke('import:preview', trusted(), { jobId, path: list });
    expect(await preview('job-not-chosen')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // a file another sender claims was dropped is not taken as chosen
    const chosen = h.electron.ipcMain.listeners.get(CHOSEN_FILES_EVENT)!;
    chosen({ sender: win().webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, [list]);
    expect(await preview('job-evil-drop')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // the import dialog's answer is
    h.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [list] });
    expect(await invoke('import:pickFile', trusted())).toEqual({ ok: true, value: list });
    expect(await preview('job-dialog')).toMatchObject({ ok: true });
    // and so is a file dropped on the app's own page
    const dropped = path.join(workDir, 'dropped.csv');
    writeFileSync(dropped, 'Partner,ARR\nBeta,2\n');
    chosen(trusted(), [dropped]);
    expect(await invoke('import:preview', trusted(), { jobId: 'job-dropped', path: dropped })).toMatchObject({ ok: true });
  });

  it('writes a workbook only where the save dialog said', async () => {
    const info = (await invoke('workspace:current', trusted())) as { value: { id: string; scenarios: { id: number }[] } };
    const target = path.join(workDir, 'planted.xlsx');
    const request = { workspace: info.value.id, jobId: 'job-export-a', scenarioIds: [info.value.scenarios[0]!.id], datasetId: null, sheets: [], reportCardsFor: null, path: target };
    expect(await invoke('export:workbook', trusted(), request)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(target)).toBe(false);
    h.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await invoke('export:pickPath', trusted(), { suggestedName: 'Report.xlsx' })).toEqual({ ok: true, value: target });
    expect(await invoke('export:workbook', trusted(), { ...request, jobId: 'job-export-b' })).toMatchObject({ ok: true });
    expect(existsSync(target)).toBe(true);
  });

  it('guards every web contents created', () => {
    const contents = new (class extends (win().webContents.constructor as typeof import('node:events').EventEmitter) {
      setWindowOpenHandler = vi.fn();
    })();
    h.electron.app.emit('web-contents-created', {}, contents);
    const event = { url: 'https://evil.example/', preventDefault: vi.fn() };
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('sets a menu whose commands reach the window', () => {
    const { Menu } = h.electron;
    expect(Menu.setApplicationMenu).toHaveBeenCalled();
    const template = Menu.buildFromTemplate.mock.lastCall?.[0] as MenuItemConstructorOptions[];
    const file = template.find((m) => m.label?.replace('&', '') === 'File')!.submenu as MenuItemConstructorOptions[];
    file.find((i) => i.label === 'New Workspace…')!.click!({} as never, undefined, {} as never);
    expect(win().webContents.send).toHaveBeenLastCalledWith(MENU_EVENT, 'file:new');
    const recent = file.find((i) => i.label === 'Open Recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent[0]?.label).toBe('Sample.tierscape');
  });

  it('hands a file from a second launch to the window', () => {
    const file = path.join(workDir, 'other.tierscape');
    h.electron.app.emit('second-instance', {}, ['/opt/tierscape', '--flag', 'other.tierscape'], workDir, {});
    expect(win().webContents.send).toHaveBeenLastCalledWith(MENU_EVENT, 'file:openRecent', file);
  });

  it('saves the window state when the window closes', () => {
    win().emit('close');
    const saved = JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ version: 1, x: 40, y: 30, width: 1300, height: 820, maximized: false });
  });

  it('quits when the last window closes (not on macOS) and closes the workspace before quitting', async () => {
    h.electron.app.emit('window-all-closed');
    expect(h.electron.app.quit).toHaveBeenCalledOnce();
    h.electron.app.emit('will-quit');
    // closed: the WAL was checkpointed and removed, and no workspace is open any more
    expect(existsSync(path.join(userData, 'Sample.tierscape-wal'))).toBe(false);
    expect(await invoke('workspace:current', trusted())).toEqual({ ok: true, value: null });
  });
});
