// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/ipc/channels';
import type { IpcResult } from '../../shared/ipc/result';
import type { WorkspaceInfo } from '../../shared/model/workspace';
import { createApi, httpTransport, browserToken, setApi, type Transport } from '../../renderer/src/api/client';
import { createAppStore } from '../../renderer/src/stores/store';
import { runCommand, shortcutCommand } from '../../renderer/src/App';

function info(name: string, datasets = 1): WorkspaceInfo {
  return {
    id: `opening-${name}`.replace(/[^A-Za-z0-9_-]/g, '-').padEnd(8, '-'),
    path: `/w/${name}.tierscape`,
    fileName: `${name}.tierscape`,
    name,
    schemaVersion: 1,
    createdAt: '2026-11-22T00:00:00Z',
    datasets: Array.from({ length: datasets }, (_, i) => ({
      id: i + 1,
      label: `FY${2024 + i}`,
      asOf: null,
      sourceFile: null,
      importedAt: '2026-11-22T00:00:00Z',
      partnerCount: 10 * (i + 1),
      motions: [],
      metrics: [],
    })),
    scenarios: [],
  };
}

/** A fake main process: records calls, answers from a table. */
function fakeTransport(answers: Partial<Record<Channel, (payload: unknown) => IpcResult<unknown>>>) {
  const calls: { channel: Channel; payload: unknown }[] = [];
  const transport: Transport = {
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      const answer = answers[channel];
      return answer ? answer(payload) : { ok: false, error: { code: 'internal', message: `no fake for ${channel}` } };
    },
    onMenuCommand: () => () => undefined,
  };
  return { transport, calls };
}

const ok = <T,>(value: T): IpcResult<T> => ({ ok: true, value });

describe('workspace store', () => {
  let calls: { channel: Channel; payload: unknown }[];
  afterEach(() => setApi(null));

  function setup(answers: Parameters<typeof fakeTransport>[0], nativeDialogs = false) {
    const fake = fakeTransport({
      'app:info': () =>
        ok({ name: 'Tierscape', version: '1', runtime: nativeDialogs ? 'electron' : 'web', platform: 'linux', nativeDialogs, documentsDir: '/docs', startupNotice: null }),
      'workspace:current': () => ok(info('Sample', 2)),
      'workspace:recent': () => ok([]),
      ...answers,
    });
    calls = fake.calls;
    setApi(createApi(fake.transport));
    return createAppStore();
  }

  beforeEach(() => {
    calls = [];
  });

  it('boots with the open workspace and selects its newest dataset', async () => {
    const store = setup({});
    await store.getState().boot();
    const s = store.getState();
    expect(s.booting).toBe(false);
    expect(s.workspace?.name).toBe('Sample');
    expect(s.selectedDatasetId).toBe(2);
  });

  it('shows the start-up notice of a refused file', async () => {
    const store = setup({
      'app:info': () =>
        ok({ name: 'Tierscape', version: '1', runtime: 'web', platform: 'linux', nativeDialogs: false, documentsDir: '/d', startupNotice: '"x" is read-only.' }),
      'workspace:current': () => ok(null),
    });
    await store.getState().boot();
    expect(store.getState().notice).toEqual({ tone: 'error', text: '"x" is read-only.' });
    expect(store.getState().workspace).toBeNull();
  });

  it('in the browser, New asks for a path; an existing file asks before replacing it', async () => {
    let attempts = 0;
    const store = setup({
      'workspace:new': (payload) => {
        attempts += 1;
        const { overwrite } = payload as { overwrite: boolean };
        return overwrite ? ok(info('Fresh', 0)) : { ok: false, error: { code: 'file_exists', message: '"Fresh.tierscape" already exists.' } };
      },
    });
    await store.getState().boot();
    await store.getState().startFileAction('new');
    expect(store.getState().pathPrompt).toEqual({ purpose: 'new', confirmReplace: null, error: null });
    expect(await store.getState().submitPath('new', '/w/Fresh')).toBe(false);
    expect(store.getState().pathPrompt?.confirmReplace).toMatch(/already exists/);
    expect(store.getState().workspace?.name).toBe('Sample');
    expect(await store.getState().submitPath('new', '/w/Fresh', { overwrite: true })).toBe(true);
    expect(store.getState().pathPrompt).toBeNull();
    expect(store.getState().workspace?.name).toBe('Fresh');
    expect(store.getState().selectedDatasetId).toBeNull();
    expect(attempts).toBe(2);
  });

  it('a refused file keeps the prompt open with the reason, and the open workspace stays', async () => {
    const store = setup({
      'workspace:open': () => ({ ok: false, error: { code: 'workspace_refused', message: '"notes.tierscape" is not a SQLite database.' } }),
    });
    await store.getState().boot();
    await store.getState().startFileAction('open');
    expect(await store.getState().submitPath('open', '/w/notes.tierscape')).toBe(false);
    expect(store.getState().pathPrompt?.error).toMatch(/not a SQLite database/);
    expect(store.getState().workspace?.name).toBe('Sample');
    expect(await store.getState().submitPath('open', '   ')).toBe(false);
    expect(store.getState().pathPrompt?.error).toMatch(/Type the path/);
  });

  it('in Electron, Save As uses the native dialog and replaces what that dialog confirmed', async () => {
    const store = setup(
      {
        'workspace:pickPath': () => ok('/w/Copy.tierscape'),
        'workspace:saveAs': () => ok(info('Copy')),
      },
      true,
    );
    await store.getState().boot();
    await store.getState().startFileAction('saveAs');
    expect(calls.find((c) => c.channel === 'workspace:saveAs')?.payload).toEqual({ workspace: info('Sample', 2).id, path: '/w/Copy.tierscape', overwrite: true });
    expect(store.getState().workspace?.name).toBe('Copy');
    expect(store.getState().pathPrompt).toBeNull();
  });

  it('a cancelled native dialog changes nothing', async () => {
    const store = setup({ 'workspace:pickPath': () => ok(null) }, true);
    await store.getState().boot();
    await store.getState().startFileAction('open');
    expect(calls.map((c) => c.channel)).not.toContain('workspace:open');
    expect(store.getState().workspace?.name).toBe('Sample');
  });

  it('menu commands drive the store', async () => {
    const store = setup({ 'workspace:open': () => ok(info('Recent')), 'workspace:close': () => ok(null) });
    await store.getState().boot();
    runCommand(store.getState(), 'view:compare');
    expect(store.getState().view).toBe('compare');
    runCommand(store.getState(), 'file:openRecent', '/w/Recent.tierscape');
    await expect.poll(() => store.getState().workspace?.name).toBe('Recent');
    runCommand(store.getState(), 'file:close');
    await expect.poll(() => store.getState().workspace).toBeNull();
  });
});

describe('browser-mode shortcuts', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('map to the same commands as the native menu', () => {
    expect(shortcutCommand(key('n', { ctrlKey: true }))).toBe('file:new');
    expect(shortcutCommand(key('o', { metaKey: true }))).toBe('file:open');
    expect(shortcutCommand(key('S', { ctrlKey: true, shiftKey: true }))).toBe('file:saveAs');
    expect(shortcutCommand(key('2', { ctrlKey: true }))).toBe('view:scenarios');
    expect(shortcutCommand(key('F5'))).toBe('view:present');
    expect(shortcutCommand(key('F5', { ctrlKey: true }))).toBeNull();
    expect(shortcutCommand(key('s', { ctrlKey: true }))).toBeNull();
    expect(shortcutCommand(key('n'))).toBeNull();
    expect(shortcutCommand(key('n', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});

describe('HTTP transport', () => {
  it('sends the token header and returns the server result', async () => {
    const seen: RequestInit[] = [];
    const transport = httpTransport('tok', async (_url, init) => {
      seen.push(init!);
      return new Response(JSON.stringify({ ok: true, value: 7 }), { status: 200 });
    });
    expect(await transport.invoke('app:info', undefined)).toEqual({ ok: true, value: 7 });
    expect((seen[0]!.headers as Record<string, string>)['X-Tierscape-Token']).toBe('tok');
    expect(JSON.parse(String(seen[0]!.body))).toEqual({ channel: 'app:info' });
  });

  it('turns a lost server or a 403 page into an io failure, never a throw', async () => {
    const down = httpTransport('tok', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await down.invoke('app:info', undefined)).toMatchObject({ ok: false, error: { code: 'io', message: /Lost contact/ } });
    const forbidden = httpTransport('tok', async () => new Response('Forbidden', { status: 403, statusText: 'Forbidden' }));
    expect(await forbidden.invoke('app:info', undefined)).toMatchObject({ ok: false, error: { code: 'io', message: /403/ } });
  });

  it('keeps the token from the address for reloads', () => {
    const storage = new Map<string, string>();
    const s = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) };
    expect(browserToken({ search: '?token=abc' }, s)).toBe('abc');
    expect(browserToken({ search: '' }, s)).toBe('abc');
  });
});
