import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ColumnsFrameReader, encodeColumns, type DatasetColumns } from '../../shared/ipc/columns';
import type { IpcResult } from '../../shared/ipc/result';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../electron/services/csp';
import type { Dispatcher } from '../../electron/services/ipc/dispatch';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { FILE_NAME_HEADER, UPLOAD_PATH } from '../../shared/ipc/http';
import { startBrowserMode } from '../../electron/web/index';
import { MAX_IMPORT_BYTES } from '../../electron/services/import/read';
import { makeSession } from '../helpers/session';
import { useTempDir } from '../helpers/tmp';
import { wideDataset } from '../helpers/wide-dataset';

/** The cookie earlier versions set for the page's assets: it authorises nothing now. */
const OLD_TOKEN_COOKIE = 'tierscape_token';

const modeOf = (file: string) => lstatSync(file).mode & 0o777;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function request(server: WebServer, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path: options.path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('browser-mode server', () => {
  const tempDir = useTempDir();
  const running: { server: WebServer; close(): void }[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) {
      await r.server.close();
      r.close();
    }
  });

  function rendererIn(dir: string): string {
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>T</title>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    return rendererDir;
  }

  async function start(options: { uploadsDir?: 'own' | 'given'; dispatch?: (s: ReturnType<typeof makeSession>) => Dispatcher } = {}) {
    const dir = tempDir();
    const rendererDir = rendererIn(dir);
    writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
    const s = makeSession(dir);
    const server = await startWebServer({
      rendererDir,
      dispatch: options.dispatch?.(s) ?? s.dispatch,
      ...(options.uploadsDir === 'own' ? {} : { uploadsDir: path.join(dir, 'uploads') }),
    });
    running.push({ server, close: () => s.session.close() });
    return { server, dir, s };
  }

  /** What the page does: the tokened address, then the page and its assets under the prefix it is sent to. */
  async function pagePrefix(server: WebServer): Promise<string> {
    const first = await request(server, { path: `/?token=${server.token}` });
    expect(first.status).toBe(303);
    const location = String(first.headers.location);
    return location.slice(0, location.indexOf('?'));
  }

  const api = (server: WebServer, body: unknown, headers: Record<string, string> = {}) =>
    request(server, {
      path: '/api/invoke',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tierscape-token': server.token, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('listens on 127.0.0.1 only, on a random port, with a random token', async () => {
    const { server } = await start();
    const { server: other } = await start();
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).not.toBe(other.port);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    expect(server.token).not.toBe(other.token);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
  });

  it('answers 403 to every request without the token', async () => {
    const { server } = await start();
    for (const p of ['/', '/index.html', '/assets/app.js', '/?token=wrong', `/?token=${server.token.slice(1)}`]) {
      expect((await request(server, { path: p })).status).toBe(403);
    }
    // the cookie of earlier versions opens nothing
    for (const p of ['/', '/index.html', '/assets/app.js']) {
      expect((await request(server, { path: p, headers: { cookie: `${OLD_TOKEN_COOKIE}=${server.token}` } })).status, p).toBe(403);
    }
    expect((await api(server, { channel: 'app:info' }, { 'x-tierscape-token': '' })).status).toBe(403);
    expect((await api(server, { channel: 'app:info' }, { 'x-tierscape-token': 'f'.repeat(64) })).status).toBe(403);
    // a cookie does not authorise API calls
    const cookieOnly = await request(server, {
      path: '/api/invoke',
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${OLD_TOKEN_COOKIE}=${server.token}` },
      body: '{"channel":"app:info"}',
    });
    expect(cookieOnly.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { server } = await start();
    const reply = await request(server, { path: `/?token=${server.token}`, headers: { host: `evil.example:${server.port}` } });
    expect(reply.status).toBe(403);
  });

  it('never sets a cookie: the tokened address sends the page to a private prefix, under which its assets load', async () => {
    const { server } = await start();
    const { server: other } = await start();
    const first = await request(server, { path: `/?token=${server.token}` });
    expect(first.status).toBe(303);
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.headers['cache-control']).toBe('no-store');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(first.headers[name.toLowerCase()], name).toBe(value);
    // the token stays in the address for the page to read once (it then removes it)
    const location = String(first.headers.location);
    expect(location).toMatch(new RegExp(`^/s/[0-9a-f]{32}/\\?token=${server.token}$`));
    const prefix = location.slice(0, location.indexOf('?'));
    expect(await pagePrefix(server)).toBe(prefix); // one prefix per server
    expect(await pagePrefix(other)).not.toBe(prefix);

    const page = await request(server, { path: location });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>T</title>');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    // a reload (the token gone from the address) and the assets, by relative URL
    for (const p of [prefix, `${prefix}index.html`]) expect((await request(server, { path: p })).status, p).toBe(200);
    const asset = await request(server, { path: `${prefix}assets/app.js` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(asset.headers['set-cookie']).toBeUndefined();
    // another server's prefix, a guessed one, or none: 403
    const otherPrefix = await pagePrefix(other);
    for (const p of [`${otherPrefix}assets/app.js`, `/s/${'0'.repeat(32)}/assets/app.js`, '/s/', '/s/assets/app.js', '/assets/app.js', `${prefix.slice(0, -2)}/assets/app.js`]) {
      expect((await request(server, { path: p })).status, p).toBe(403);
    }
    expect((await request(server, { path: `${prefix}assets/app.js`, method: 'POST' })).status).toBe(405);
  });

  it('never serves files outside the renderer folder', async () => {
    const { server } = await start();
    const prefix = await pagePrefix(server);
    for (const p of ['%2e%2e/secret.txt', '..%2fsecret.txt', 'assets/..%2f..%2fsecret.txt', 'missing.js', '%2e%2e/%2e%2e/secret.txt', '..%2f..%2fsecret.txt']) {
      const reply = await request(server, { path: `${prefix}${p}` });
      // 404, or 403 where the URL's dot segments lead out of the prefix
      expect([403, 404], p).toContain(reply.status);
      expect(reply.body).not.toContain('do not serve');
    }
    expect((await request(server, { path: `${prefix}%00` })).status).toBe(400);
    expect((await request(server, { path: `${prefix}%E0%A4%A` })).status).toBe(400);
  });

  it('accepts an upload only with the token, keeps only a safe base name, and enforces the import size limit', async () => {
    const { server, dir } = await start();
    const body = 'Partner Name,ARR\nAcme,1\n';
    const denied = await request(server, { path: UPLOAD_PATH, method: 'POST', headers: { [FILE_NAME_HEADER]: 'a.csv' }, body });
    expect(denied.status).toBe(403);
    const uploaded = await request(server, {
      path: UPLOAD_PATH,
      method: 'POST',
      headers: { 'x-tierscape-token': server.token, [FILE_NAME_HEADER]: encodeURIComponent('../../Q3 partners é.csv') },
      body,
    });
    expect(uploaded.status).toBe(200);
    const { value } = JSON.parse(uploaded.body) as { value: { path: string; fileName: string; size: number } };
    expect(value.fileName).toBe('.._.._Q3 partners é.csv');
    expect(value.size).toBe(Buffer.byteLength(body));
    expect(value.path.startsWith(path.join(dir, 'uploads') + path.sep)).toBe(true);
    expect(readFileSync(value.path, 'utf8')).toBe(body);
    // readable by this user only
    expect(modeOf(value.path)).toBe(0o600);
    expect(modeOf(path.dirname(value.path))).toBe(0o700);
    const tooBig = await request(server, {
      path: UPLOAD_PATH,
      method: 'POST',
      headers: { 'x-tierscape-token': server.token, [FILE_NAME_HEADER]: 'big.csv', 'content-length': String(MAX_IMPORT_BYTES + 1) },
    }).catch(() => ({ status: 413, body: '' }));
    expect(tooBig.status).toBe(413);
    expect(existsSync(path.join(dir, 'uploads', 'big.csv'))).toBe(false);
  });

  it('answers API calls exactly as the IPC dispatcher does', async () => {
    const { server, dir } = await start();
    const info = await api(server, { channel: 'app:info' });
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { name: 'Tierscape', runtime: 'web', nativeDialogs: false } });
    const created = await api(server, { channel: 'workspace:new', payload: { path: path.join(dir, 'w.tierscape'), sample: true } });
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { fileName: 'w.tierscape' } });
    const bad = await api(server, { channel: 'partners:page', payload: { datasetId: 'one' } });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const unknown = await api(server, { channel: 'fs:readFile', payload: { path: '/etc/passwd' } });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect((await api(server, '{not json')).status).toBe(400);
    expect((await api(server, '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await request(server, { path: '/api/invoke', headers: { 'x-tierscape-token': server.token } })).status).toBe(405);
  });

  it('stages uploads in a private folder of its own (0700, files 0600), never a shared one, and removes it on close', async () => {
    const { server } = await start({ uploadsDir: 'own' });
    const { server: other } = await start({ uploadsDir: 'own' });
    const upload = async (to: WebServer) => {
      const reply = await request(to, { path: UPLOAD_PATH, method: 'POST', headers: { 'x-tierscape-token': to.token, [FILE_NAME_HEADER]: 'list.csv' }, body: 'ID,Name\n1,A\n' });
      expect(reply.status).toBe(200);
      return (JSON.parse(reply.body) as { value: { path: string } }).value.path;
    };
    /** the folder right under the system's temporary folder that holds `file` */
    const stagingOf = (file: string) => {
      let dir = path.dirname(file);
      while (path.dirname(dir) !== os.tmpdir() && dir !== path.dirname(dir)) dir = path.dirname(dir);
      return dir;
    };
    const file = await upload(server);
    const staging = stagingOf(file);
    expect(path.basename(staging)).toMatch(new RegExp(`^tierscape-web-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(stagingOf(await upload(other))).not.toBe(staging);
    expect(modeOf(file)).toBe(0o600);
    for (let dir = path.dirname(file); dir !== os.tmpdir(); dir = path.dirname(dir)) {
      expect(modeOf(dir), dir).toBe(0o700);
      if (process.getuid) expect(lstatSync(dir).uid).toBe(process.getuid());
    }
    await server.close();
    expect(existsSync(staging)).toBe(false);
  });

  it("answers dataset:columns in binary: the page's transport gets the stored columns bit for bit", async () => {
    const { server, dir, s } = await start();
    expect(JSON.parse((await api(server, { channel: 'workspace:new', payload: { path: path.join(dir, 'w.tierscape'), sample: true } })).body)).toMatchObject({ ok: true });
    const datasetId = s.session.info()!.datasets.at(-1)!.id;
    const raw = await api(server, { channel: 'dataset:columns', payload: { datasetId } });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('application/octet-stream');
    expect(raw.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const transport = pageTransport(server);
    const answer = await transport.invoke('dataset:columns', { datasetId });
    if (!answer.ok) throw new Error(answer.error.message);
    const stored = s.session.require().datasets.columnar(datasetId);
    expectSameColumns(answer.value as DatasetColumns, encodeColumns(datasetId, stored.label, stored.metrics, stored.identity, stored.values));
    // a failure is still the dispatcher's JSON answer
    expect(await transport.invoke('dataset:columns', { datasetId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await transport.invoke('dataset:columns', { datasetId: 'one' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it("opens a list whose JSON would pass V8's string limit (lowered here to 1 MB): 20,000 partners × 40 metrics", async () => {
    const wide = wideDataset(20_000, 40);
    const { server } = await start({
      dispatch: (s) => async (channel, payload) => (channel === 'dataset:columns' ? { ok: true, value: wide } : s.dispatch(channel, payload)),
    });
    const stringify = JSON.stringify.bind(JSON);
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation((...args: Parameters<typeof JSON.stringify>) => {
      const text = stringify(...args);
      if (text !== undefined && text.length > 1024 * 1024) throw new RangeError('Invalid string length');
      return text;
    });
    try {
      const answer = await pageTransport(server).invoke('dataset:columns', { datasetId: wide.datasetId });
      if (!answer.ok) throw new Error(answer.error.message);
      expectSameColumns(answer.value as DatasetColumns, wide);
    } finally {
      spy.mockRestore();
    }
  });
});

/** `dataset:columns` as the page asks for it: the binary frame read as its bytes arrive, or the JSON answer of a failure. */
function pageTransport(server: WebServer) {
  return {
    async invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
      const response = await fetch(`${server.origin}/api/invoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Tierscape-Token': server.token },
        body: JSON.stringify({ channel, payload }),
      });
      if (response.ok && response.headers.get('content-type') === 'application/octet-stream') {
        const reader = new ColumnsFrameReader();
        const stream = response.body!.getReader();
        for (let piece = await stream.read(); !piece.done; piece = await stream.read()) reader.push(piece.value);
        return { ok: true, value: reader.finish() };
      }
      if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) {
        return { ok: false, error: { code: 'io', message: `The server answered ${response.status} ${await response.text()}` } };
      }
      return (await response.json()) as IpcResult<unknown>;
    },
  };
}

function expectSameColumns(back: DatasetColumns, original: Omit<DatasetColumns, 'values'> & { values: Float64Array[] }): void {
  expect(back.datasetId).toBe(original.datasetId);
  expect(back.label).toBe(original.label);
  expect(back.metrics).toEqual(original.metrics);
  // the packed lists byte for byte (toEqual compares a typed array element by element: slow for megabytes)
  for (const [field, packed] of Object.entries(back.identity)) {
    const want = original.identity[field as keyof typeof original.identity];
    expect(Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength)), field).toBe(true);
  }
  expect(back.values).toHaveLength(original.values.length);
  back.values.forEach((column, m) => {
    const want = original.values[m]!;
    expect(column).toBeInstanceOf(Float64Array);
    expect(Buffer.from(column.buffer, column.byteOffset, column.byteLength).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength)), `column ${m}`).toBe(true);
  });
}

describe("browser mode's temporary files", () => {
  const tempDir = useTempDir();

  it('keeps uploads and downloads in one private folder per server, removes it on stop, and sweeps the folders of servers that died', async () => {
    const dir = tempDir();
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>T</title>');
    // a process that has exited: its folders are leftovers of a killed server
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = mkdtempSync(path.join(os.tmpdir(), `tierscape-web-${dead}-`));
    mkdirSync(path.join(stale, 'uploads', 'job'), { recursive: true });
    writeFileSync(path.join(stale, 'uploads', 'job', 'list.csv'), 'ID,Name\n');
    // a running server's folder (this process's) stays
    const alive = mkdtempSync(path.join(os.tmpdir(), `tierscape-web-${process.pid}-`));
    // a link named like a leftover is not followed, nor is what it points at touched
    const target = path.join(dir, 'elsewhere');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'keep');
    const link = path.join(os.tmpdir(), `tierscape-web-${dead}-L${String(process.pid % 100_000).padStart(5, '0')}`);
    symlinkSync(target, link);
    // the shared folders of earlier versions: a dead server's leftovers go, a live one's stay
    const legacyDead = path.join(os.tmpdir(), 'tierscape-uploads', `${dead}-1700000000000`);
    const legacyAlive = path.join(os.tmpdir(), 'tierscape-downloads', `${process.pid}-1700000000000`);
    for (const folder of [legacyDead, legacyAlive]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'list.csv'), 'ID,Name\n');
    }
    try {
      const mode = await startBrowserMode({ configDir: dir, rendererDir });
      try {
        expect(existsSync(stale)).toBe(false);
        expect(existsSync(legacyDead)).toBe(false);
        expect(existsSync(alive)).toBe(true);
        expect(existsSync(legacyAlive)).toBe(true);
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('keep');

        const { staging } = mode;
        expect(path.dirname(staging.dir)).toBe(os.tmpdir());
        expect(path.basename(staging.dir)).toMatch(new RegExp(`^tierscape-web-${process.pid}-[A-Za-z0-9]{6}$`));
        for (const folder of [staging.dir, staging.uploads, staging.downloads]) {
          expect(path.relative(staging.dir, folder).startsWith('..')).toBe(false);
          expect(modeOf(folder), folder).toBe(0o700);
        }
        const reply = await request(mode.server, {
          path: UPLOAD_PATH,
          method: 'POST',
          headers: { 'x-tierscape-token': mode.server.token, [FILE_NAME_HEADER]: 'list.csv' },
          body: 'ID,Name\n1,A\n',
        });
        const uploaded = (JSON.parse(reply.body) as { value: { path: string } }).value.path;
        expect(uploaded.startsWith(staging.uploads + path.sep)).toBe(true);
        expect(modeOf(uploaded)).toBe(0o600);
      } finally {
        await mode.stop();
      }
      expect(existsSync(mode.staging.dir)).toBe(false);
    } finally {
      for (const leftover of [alive, link, legacyAlive, legacyDead]) rmSync(leftover, { recursive: true, force: true });
    }
  });
});
