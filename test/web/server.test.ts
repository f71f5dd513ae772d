import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/csp';
import { FILE_NAME_HEADER, startWebServer, TOKEN_COOKIE, UPLOAD_PATH, type WebServer } from '../../electron/web/server';
import { MAX_IMPORT_BYTES } from '../../electron/services/import/read';
import { makeSession } from '../helpers/session';
import { useTempDir } from '../helpers/tmp';

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

  async function start() {
    const dir = tempDir();
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>T</title>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
    const s = makeSession(dir);
    const server = await startWebServer({ rendererDir, dispatch: s.dispatch, uploadsDir: path.join(dir, 'uploads') });
    running.push({ server, close: () => s.session.close() });
    return { server, dir };
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
    for (const p of ['/', '/index.html', '/assets/app.js', '/?token=wrong']) {
      expect((await request(server, { path: p })).status).toBe(403);
    }
    expect((await api(server, { channel: 'app:info' }, { 'x-tierscape-token': '' })).status).toBe(403);
    expect((await api(server, { channel: 'app:info' }, { 'x-tierscape-token': 'f'.repeat(64) })).status).toBe(403);
    // the page cookie alone does not authorise API calls
    const cookieOnly = await request(server, {
      path: '/api/invoke',
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${TOKEN_COOKIE}=${server.token}` },
      body: '{"channel":"app:info"}',
    });
    expect(cookieOnly.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { server } = await start();
    const reply = await request(server, { path: `/?token=${server.token}`, headers: { host: `evil.example:${server.port}` } });
    expect(reply.status).toBe(403);
  });

  it('serves the page with the token, sets the cookie for its assets, and sends the CSP', async () => {
    const { server } = await start();
    const page = await request(server, { path: `/?token=${server.token}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`${TOKEN_COOKIE}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await request(server, { path: '/assets/app.js', headers: { cookie: `${TOKEN_COOKIE}=${server.token}` } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never serves files outside the renderer folder', async () => {
    const { server } = await start();
    const cookie = { cookie: `${TOKEN_COOKIE}=${server.token}` };
    for (const p of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/missing.js']) {
      const reply = await request(server, { path: p, headers: cookie });
      expect(reply.status, p).toBe(404);
      expect(reply.body).not.toContain('do not serve');
    }
    expect((await request(server, { path: '/%00', headers: cookie })).status).toBe(400);
    expect((await request(server, { path: '/%E0%A4%A', headers: cookie })).status).toBe(400);
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
});
