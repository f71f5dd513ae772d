import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, MENU_EVENT } from '../../shared/ipc/channels';
import type { TierscapeBridge } from '../../shared/ipc/bridge';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'answer' })),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
    emit(channel: string, ...args: unknown[]) {
      for (const listener of listeners.get(channel) ?? []) listener(...args);
    },
    count(channel: string) {
      return listeners.get(channel)?.size ?? 0;
    },
  };
  const contextBridge = { exposeInMainWorld: vi.fn() };
  const webUtils = {
    getPathForFile: vi.fn((file: { name?: string }) => {
      if (file?.name === 'broken') throw new TypeError('not a File');
      return `/home/lead/${file?.name ?? ''}`;
    }),
  };
  return { ipcRenderer, contextBridge, webUtils };
});

vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer, webUtils: fake.webUtils }));

let api: TierscapeBridge;

beforeAll(async () => {
  await import('../../electron/preload/index');
  api = fake.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as TierscapeBridge;
});

beforeEach(() => {
  fake.ipcRenderer.invoke.mockClear();
});

/** An IpcRendererEvent carries `sender` (ipcRenderer itself): it must never reach the page. */
const ipcEvent = { sender: fake.ipcRenderer, senderId: 0 };

describe('preload bridge', () => {
  it("exposes one object, once, as 'tierscape'", () => {
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(fake.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('tierscape');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onMenuCommand', 'pathForFile']);
  });

  it("gives a dropped file's path through webUtils, and '' when there is none", () => {
    expect(api.pathForFile({ name: 'partners.csv' } as File)).toBe('/home/lead/partners.csv');
    expect(api.pathForFile({ name: 'broken' } as File)).toBe('');
  });

  it('never exposes ipcRenderer or any of its methods', () => {
    const values = Object.values(api as unknown as Record<string, unknown>);
    expect(values).not.toContain(fake.ipcRenderer);
    for (const method of [fake.ipcRenderer.invoke, fake.ipcRenderer.on, fake.ipcRenderer.send, fake.ipcRenderer.sendSync]) {
      expect(values).not.toContain(method);
    }
    for (const call of fake.contextBridge.exposeInMainWorld.mock.calls) expect(call).not.toContain(fake.ipcRenderer);
  });

  it.each(['evil:channel', 'menu:command', '', 'app:info ', 'APP:INFO', 42, null, undefined, { toString: () => 'app:info' }])(
    'refuses the channel %j without calling the main process',
    async (channel) => {
      const result = await api.invoke(channel as never, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it.each(CHANNELS)('passes %s and its payload to ipcRenderer.invoke', async (channel) => {
    const payload = { path: '/a.tierscape' };
    await expect(api.invoke(channel, payload)).resolves.toEqual({ ok: true, value: 'answer' });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(channel, payload);
  });

  it('answers internal when the call cannot reach the main process', async () => {
    fake.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app:info'"));
    await expect(api.invoke('app:info')).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('forwards menu commands (and a path) but never the IPC event', () => {
    const listener = vi.fn();
    const stop = api.onMenuCommand(listener);
    fake.ipcRenderer.emit(MENU_EVENT, ipcEvent, 'file:new');
    fake.ipcRenderer.emit(MENU_EVENT, ipcEvent, 'file:openRecent', '/w/a.tierscape');
    expect(listener.mock.calls).toEqual([['file:new'], ['file:openRecent', '/w/a.tierscape']]);
    for (const call of listener.mock.calls) expect(call).not.toContain(ipcEvent);
    stop();
  });

  it('drops unknown commands and arguments that are not strings', () => {
    const listener = vi.fn();
    const stop = api.onMenuCommand(listener);
    fake.ipcRenderer.emit(MENU_EVENT, ipcEvent, 'shell:exec', '/bin/sh');
    fake.ipcRenderer.emit(MENU_EVENT, ipcEvent, { command: 'file:new' });
    fake.ipcRenderer.emit(MENU_EVENT, ipcEvent, 'file:open', { evil: true });
    expect(listener.mock.calls).toEqual([['file:open']]);
    stop();
  });

  it('unsubscribes', () => {
    const listener = vi.fn();
    const before = fake.ipcRenderer.count(MENU_EVENT);
    const stop = api.onMenuCommand(listener);
    expect(fake.ipcRenderer.count(MENU_EVENT)).toBe(before + 1);
    stop();
    expect(fake.ipcRenderer.count(MENU_EVENT)).toBe(before);
    fake.ipcRenderer.emit(MENU_EVENT, ipcEvent, 'file:new');
    expect(listener).not.toHaveBeenCalled();
  });

  it('listens only on the menu event', () => {
    const stop = api.onMenuCommand(vi.fn());
    expect(fake.ipcRenderer.on).toHaveBeenLastCalledWith(MENU_EVENT, expect.any(Function));
    stop();
  });
});

describe('preload sources', () => {
  const root = path.resolve(__dirname, '..', '..');
  const importsOf = (file: string) =>
    [...readFileSync(path.join(root, file), 'utf8').matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)].map((m) => ({
      typeOnly: Boolean(m[2]),
      from: m[3]!,
    }));

  it('imports only electron, shared/ipc/channels and the bridge at run time (no zod in the bundle)', () => {
    const runtime = importsOf('electron/preload/index.ts')
      .filter((i) => !i.typeOnly)
      .map((i) => i.from);
    expect(new Set(runtime)).toEqual(new Set(['electron', '../../shared/ipc/channels', './bridge']));
    expect(importsOf('electron/preload/bridge.ts').every((i) => i.typeOnly)).toBe(true);
    expect(readFileSync(path.join(root, 'shared/ipc/channels.ts'), 'utf8')).not.toMatch(/^import\s/m);
  });
});
