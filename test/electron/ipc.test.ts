import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
import { MALFORMED } from '../helpers/malformed';
import { exampleScenarios } from '../../scenarios/examples';
import { makeSession } from '../helpers/session';
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
  const info = { id: 'opening-a', path: '/w/a.tierscape', fileName: 'a.tierscape', name: 'a', schemaVersion: 1, createdAt: 'now', datasets: [], scenarios: [] };
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
    'scenario:setDataset': vi.fn(() => {
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

  describe('every channel, through the real handle() and the real handler table', () => {
    /** A session on a real sample workspace, its handler table behind registerIpc. */
    async function realApp() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-ipc-'));
      dirs.push(dir);
      const app = makeSession(dir, { runtime: 'electron', pickPath: async () => null, pickExportPath: async () => null, openExternal: async () => undefined });
      await app.session.create(path.join(dir, 'w.tierscape'), { sample: true });
      const ipcMain = new FakeIpcMain();
      const log = { warn: vi.fn(), error: vi.fn() };
      // spy on every handler, to prove a refused call never reaches one
      const reached: string[] = [];
      const spied = Object.fromEntries(
        Object.entries(app.handlers).map(([channel, handler]) => [
          channel,
          (req: unknown) => {
            reached.push(channel);
            return (handler as (r: unknown) => unknown)(req);
          },
        ]),
      ) as unknown as Handlers;
      registerIpc(ipcMain as never, createDispatcher(spied, { error: (_m, e) => app.errors.push(e) }), createSenderCheck({ mainWebContents: () => mainContents }), log);
      return { ...app, ipcMain, log, reached, dir };
    }
    const sessions: { close(): void }[] = [];
    afterEach(() => sessions.splice(0).forEach((s) => s.close()));

    it.each(CHANNELS)('%s answers each malformed payload with invalid_request, without running its handler', async (channel: Channel) => {
      const app = await realApp();
      sessions.push(app.session);
      const before = app.session.info();
      for (const payload of MALFORMED[channel]!) {
        const result = await app.ipcMain.invoke(channel, trustedEvent, payload);
        expect(result, `${channel} accepted ${JSON.stringify(payload)?.slice(0, 80)}`).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      }
      expect(app.reached).toEqual([]);
      expect(app.errors).toEqual([]);
      expect(app.session.info()).toEqual(before);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    const untrusted: [string, InvokeEventLike][] = [
      ['a foreign page in the main window', { sender: mainContents, senderFrame: { url: 'https://evil.example/', parent: null } }],
      ['a file:// page', { sender: mainContents, senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
      ['a look-alike origin', { sender: mainContents, senderFrame: { url: 'tierscape://app.evil.example/index.html', parent: null } }],
      ['an iframe of the app page', { sender: mainContents, senderFrame: { url: 'tierscape://app/index.html', parent: topFrame } }],
      ['a frame that is gone', { sender: mainContents, senderFrame: null }],
      ['another web contents showing the app page', { sender: otherContents, senderFrame: topFrame }],
    ];

    it.each(CHANNELS)('%s refuses calls from frames that are not the app, with a valid payload, and changes nothing', async (channel: Channel) => {
      const app = await realApp();
      sessions.push(app.session);
      const before = app.session.info();
      const files = () => readdirSync(app.dir).sort();
      const listed = files();
      for (const [what, event] of untrusted) {
        const result = await app.ipcMain.invoke(channel, event, VALID[channel](app.dir));
        expect(result, `${channel} from ${what}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      expect(app.reached).toEqual([]);
      expect(app.log.warn).toHaveBeenCalledTimes(untrusted.length);
      expect(app.session.info()).toEqual(before);
      expect(files()).toEqual(listed);
      // the same payload from the app's own page passes the contract and reaches the handler
      const trusted = await app.ipcMain.invoke(channel, trustedEvent, VALID[channel](app.dir));
      expect(app.reached).toEqual([channel]);
      if (!trusted.ok) expect(trusted.error.code).not.toMatch(/^(forbidden|internal)$/);
    });
  });
});

/** A payload each channel's contract accepts, so a refusal can only come from the trust check. */
const VALID: Record<Channel, (dir: string) => unknown> = {
  'app:info': () => undefined,
  'workspace:current': () => undefined,
  'workspace:new': (dir) => ({ path: path.join(dir, 'planted.tierscape') }),
  'workspace:open': (dir) => ({ path: path.join(dir, 'w.tierscape') }),
  'workspace:saveAs': (dir) => ({ workspace: 'opening-stale-0001', path: path.join(dir, 'copy.tierscape') }),
  'workspace:close': () => ({ workspace: 'opening-stale-0001' }),
  'workspace:recent': () => undefined,
  'workspace:forgetRecent': (dir) => ({ path: path.join(dir, 'w.tierscape') }),
  'workspace:pickPath': () => ({ purpose: 'open' }),
  'dataset:list': () => undefined,
  'dataset:rename': () => ({ workspace: 'opening-stale-0001', id: 1, label: 'Renamed' }),
  'dataset:delete': () => ({ workspace: 'opening-stale-0001', id: 1 }),
  'partners:page': () => ({ datasetId: 1 }),
  'dataset:columns': () => ({ datasetId: 1 }),
  'import:pickFile': () => undefined,
  'import:preview': (dir) => ({ jobId: 'job-00001', path: path.join(dir, 'w.tierscape') }),
  'import:validate': () => ({ jobId: 'job-00001', mapping: { columns: [] } }),
  'import:commit': () => ({ workspace: 'opening-stale-0001', jobId: 'job-00001', mapping: { columns: [] }, label: 'x', asOf: null, skipBadRows: true }),
  'import:progress': () => ({ jobId: 'job-00001' }),
  'import:cancel': () => ({ jobId: 'job-00001' }),
  'import:discard': () => ({ jobId: 'job-00001' }),
  'scenario:list': () => undefined,
  'scenario:get': () => ({ id: 1 }),
  'scenario:create': () => ({ workspace: 'opening-stale-0001', scenario: { ...exampleScenarios()[0]!, name: 'Planted' }, datasetId: null }),
  'scenario:examples': () => undefined,
  'scenario:createFromExample': () => ({ workspace: 'opening-stale-0001', name: 'Motion-fit ladders' }),
  'scenario:save': () => ({ workspace: 'opening-stale-0001', id: 1, scenario: exampleScenarios()[0]! }),
  'scenario:duplicate': () => ({ workspace: 'opening-stale-0001', id: 1 }),
  'scenario:delete': () => ({ workspace: 'opening-stale-0001', id: 1 }),
  'scenario:setBaseline': () => ({ workspace: 'opening-stale-0001', id: 2, baseline: true }),
  'scenario:setDataset': () => ({ workspace: 'opening-stale-0001', id: 2, datasetId: 1 }),
  'scenario:importJson': () => ({ workspace: 'opening-stale-0001', text: '{}' }),
  'scenario:exportJson': () => ({ id: 1 }),
  'export:pickPath': () => ({ suggestedName: 'report.xlsx' }),
  'export:workbook': (dir) => ({ workspace: 'opening-stale-0001', jobId: 'job-0001', scenarioIds: [1], datasetId: null, sheets: [], reportCardsFor: null, path: path.join(dir, 'planted.xlsx') }),
  'export:progress': () => ({ jobId: 'job-0001' }),
  'export:cancel': () => ({ jobId: 'job-0001' }),
  'export:openFile': (dir) => ({ path: path.join(dir, 'w.tierscape') }),
  'shell:openExternal': () => ({ url: 'https://github.com/' }),
};
