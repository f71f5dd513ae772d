/** A second instance (the lock is held elsewhere) quits at once and sets nothing up. */
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, type FakeElectron } from './fake-electron';

const h = vi.hoisted(() => ({ electron: null as unknown as FakeElectron }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fake-electron');
  h.electron = createFakeElectron({ userData: '/nonexistent/tierscape-user-data', lock: false });
  return h.electron;
});

describe('a second instance', () => {
  it('quits without waiting for ready or creating a window', async () => {
    await import('../../electron/main/index');
    const { app, ipcMain } = h.electron;
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
    expect(ipcMain.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });
});
