import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/channels';
import type { IpcResult } from '../../shared/ipc/result';
import { ExportService } from '../../electron/services/export/service';
import { ImportService } from '../../electron/services/import/service';
import { createHandlers } from '../../electron/services/handlers';
import { createDispatcher, type Dispatcher, type Handlers } from '../../electron/services/ipc/dispatch';
import { RecentFiles } from '../../electron/services/recent';
import { AppSession } from '../../electron/services/session';
import { UserFacingError } from '../../electron/services/workspace/errors';
import { answerInvoke, createSenderCheck, registerIpc, type InvokeEventLike } from '../../electron/main/ipc';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcResult<unknown>>;

/** ipcMain as the tests see it: the registered listeners, and a way to invoke one. */
class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  readonly calls: string[] = [];
  handle(channel: string, listener: Listener): void {
    this.calls.push(channel);
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<IpcResult<unknown>> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener(event, ...args);
  }
}

const mainContents = { id: 1 };
const otherContents = { id: 2 };
const topFrame = { url: 'tierscape://app/index.html', parent: null };
const trustedEvent: InvokeEventLike = { sender: mainContents, senderFrame: topFrame };

function fakeHandlers(): Handlers {
  const info = { path: '/w/a.tierscape', fileName: 'a.tierscape', name: 'a', schemaVersion: 1, createdAt: 'now', datasets: [], scenarios: [] };
  return {
    'app:info': vi.fn(() => ({
      name: 'Tierscape',
      version: '0.1.0',
      runtime: 'electron' as const,
      platform: 'linux',
      nativeDialogs: true,
      documentsDir: '/docs',
      startupNotice: null,
    })),
    'workspace:current': vi.fn(() => null),
    'workspace:new': vi.fn(() => info),
    'workspace:open': vi.fn(() => info),
    'workspace:saveAs': vi.fn(() => info),
    'workspace:close': vi.fn(() => null),
    'workspace:recent': vi.fn(() => []),
    'workspace:forgetRecent': vi.fn(() => []),
    'workspace:pickPath': vi.fn(() => null),
    'dataset:list': vi.fn(() => []),
    'dataset:rename': vi.fn(() => info),
    'dataset:delete': vi.fn(() => info),
    'partners:page': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'scenario:examples': vi.fn(() => []),
    'scenario:createFromExample': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'dataset:columns': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'import:pickFile': vi.fn(() => null),
    'import:preview': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'import:validate': vi.fn(() => {
      throw new UserFacingError('not_found', 'This import is no longer open.');
    }),
    'import:commit': vi.fn(() => {
      throw new UserFacingError('not_found', 'This import is no longer open.');
    }),
    'import:progress': vi.fn(() => ({ stage: 'idle' as const, fraction: 0 })),
    'import:cancel': vi.fn(() => null),
    'import:discard': vi.fn(() => null),
    'scenario:list': vi.fn(() => []),
    'scenario:get': vi.fn(() => {
      throw new UserFacingError('not_found', 'There is no scenario with id 1.');
    }),
    'scenario:create': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'scenario:save': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'scenario:duplicate': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'scenario:delete': vi.fn(() => []),
    'scenario:setBaseline': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'scenario:importJson': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'scenario:exportJson': vi.fn(() => ({ fileName: 'x.json', text: '{}' })),
    'export:pickPath': vi.fn(() => null),
    'export:workbook': vi.fn(() => {
      throw new UserFacingError('no_workspace', 'No workspace is open.');
    }),
    'export:progress': vi.fn(() => ({ stage: 'idle' as const, fraction: 0, sheet: null })),
    'export:cancel': vi.fn(() => null),
    'export:openFile': vi.fn(() => null),
    'shell:openExternal': vi.fn(() => null),
  };
}

function setup(handlers: Handlers = fakeHandlers()) {
  const ipcMain = new FakeIpcMain();
  const log = { warn: vi.fn(), error: vi.fn() };
  const dispatch = createDispatcher(handlers, { error: vi.fn() });
  const check = createSenderCheck({ mainWebContents: () => mainContents });
  const unregister = registerIpc(ipcMain as never, dispatch, check, log);
  return { ipcMain, handlers, log, unregister };
}

describe('registerIpc', () => {
  it('registers every channel of the contract exactly once', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.calls].sort()).toEqual([...CHANNELS].sort());
    expect(new Set(ipcMain.calls).size).toBe(ipcMain.calls.length);
  });

  it('removes every handler again', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers a trusted call through the dispatcher', async () => {
    const { ipcMain, handlers } = setup();
    const result = await ipcMain.invoke('workspace:open', trustedEvent, { path: '/w/a.tierscape' });
    expect(result).toMatchObject({ ok: true, value: { name: 'a' } });
    expect(handlers['workspace:open']).toHaveBeenCalledWith({ path: '/w/a.tierscape' });
  });

  it.each(CHANNELS)('refuses %s from an untrusted page without running the handler', async (channel: Channel) => {
    const { ipcMain, handlers, log } = setup();
    const event = { sender: mainContents, senderFrame: { url: 'https://evil.example/', parent: null } };
    const result = await ipcMain.invoke(channel, event, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers[channel]).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalled();
  });

  it('refuses a subframe of the app page', async () => {
    const { ipcMain, handlers } = setup();
    const event = { sender: mainContents, senderFrame: { url: 'tierscape://app/index.html', parent: topFrame } };
    expect(await ipcMain.invoke('workspace:current', event)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers['workspace:current']).not.toHaveBeenCalled();
  });

  it('refuses a frame that is gone, and another web contents showing the app page', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('app:info', { sender: mainContents, senderFrame: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ipcMain.invoke('app:info', { sender: otherContents, senderFrame: topFrame })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses everything when there is no main window', async () => {
    const ipcMain = new FakeIpcMain();
    registerIpc(ipcMain as never, createDispatcher(fakeHandlers()), createSenderCheck({ mainWebContents: () => null }), {
      warn: vi.fn(),
      error: vi.fn(),
    });
    expect(await ipcMain.invoke('app:info', trustedEvent)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each([
    ['workspace:open', { path: 42 }],
    ['workspace:open', { path: '' }],
    ['workspace:open', { path: '/a.tierscape', extra: true }],
    ['workspace:open', 'a.tierscape'],
    ['workspace:open', undefined],
    ['workspace:pickPath', { purpose: 'delete' }],
    ['partners:page', { datasetId: -1 }],
    ['shell:openExternal', { url: 'not a url' }],
    ['app:info', { unexpected: 1 }],
  ] as const)('answers invalid_request to %s with %j, without running the handler', async (channel, payload) => {
    const { ipcMain, handlers } = setup();
    const result = await ipcMain.invoke(channel, trustedEvent, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('passes expected failures through as values', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('partners:page', trustedEvent, { datasetId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'no_workspace' },
    });
  });

  it('never throws: a failing trust check or dispatcher answers internal', async () => {
    const log = { warn: vi.fn(), error: vi.fn() };
    const throwingCheck = () => {
      throw new Error('boom');
    };
    await expect(answerInvoke('app:info', trustedEvent, undefined, createDispatcher(fakeHandlers()), throwingCheck, log)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    const throwingDispatch: Dispatcher = () => Promise.reject(new Error('bug'));
    await expect(answerInvoke('app:info', trustedEvent, undefined, throwingDispatch, () => true, log)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(log.error).toHaveBeenCalledTimes(2);
  });

  it('a handler that throws a bug answers internal', async () => {
    const handlers = fakeHandlers();
    handlers['dataset:list'] = () => {
      throw new TypeError('undefined is not a function');
    };
    const { ipcMain } = setup(handlers);
    expect(await ipcMain.invoke('dataset:list', trustedEvent)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('createSenderCheck', () => {
  it('trusts the dev server page only when a dev server is given', () => {
    const devFrame = { url: 'http://localhost:5173/', parent: null };
    const packaged = createSenderCheck({ mainWebContents: () => mainContents });
    const dev = createSenderCheck({ mainWebContents: () => mainContents, devServerUrl: 'http://localhost:5173' });
    expect(packaged({ sender: mainContents, senderFrame: devFrame })).toBe(false);
    expect(dev({ sender: mainContents, senderFrame: devFrame })).toBe(true);
    expect(dev({ sender: mainContents, senderFrame: topFrame })).toBe(true);
  });
});

describe('with the real handler table', () => {
  const dirs: string[] = [];
  afterEach(() => {
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });

  it('answers app:info and workspace:current from createHandlers', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-ipc-'));
    dirs.push(dir);
    const session = new AppSession({ recent: new RecentFiles(path.join(dir, 'recent.json')), appVersion: '9.9.9' });
    const handlers = createHandlers(session, {
      runtime: 'electron',
      appVersion: '9.9.9',
      platform: 'linux',
      documentsDir: dir,
      startupNotice: () => 'the file was refused',
      pickPath: async () => null,
      openExternal: async () => undefined,
    }, new ImportService(session), new ExportService(session));
    const { ipcMain } = setup(handlers);
    expect(await ipcMain.invoke('app:info', trustedEvent)).toEqual({
      ok: true,
      value: {
        name: 'Tierscape',
        version: '9.9.9',
        runtime: 'electron',
        platform: 'linux',
        nativeDialogs: true,
        documentsDir: dir,
        startupNotice: 'the file was refused',
      },
    });
    expect(await ipcMain.invoke('workspace:current', trustedEvent)).toEqual({ ok: true, value: null });
    expect(await ipcMain.invoke('dataset:list', trustedEvent)).toMatchObject({ ok: false, error: { code: 'no_workspace' } });
    expect(await ipcMain.invoke('shell:openExternal', trustedEvent, { url: 'https://evil.example/' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ipcMain.invoke('workspace:pickPath', trustedEvent, { purpose: 'open' })).toEqual({ ok: true, value: null });
  });
});
