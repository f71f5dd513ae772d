import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../electron/services/csp';
import {
  APP_SCHEME_PRIVILEGES,
  applyDevServerHeaders,
  registerAppProtocol,
  registerAppScheme,
  resolveAppRequest,
  serveAppRequest,
  withSecurityHeaders,
} from '../../electron/main/protocol';
import { contentTypeFor } from '../../electron/services/static-files';

let base: string;
let rendererDir: string;

beforeAll(() => {
  // <base>/secret.txt sits next to <base>/renderer, which is what is served.
  base = mkdtempSync(path.join(os.tmpdir(), 'tierscape-protocol-'));
  rendererDir = path.join(base, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tierscape</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
  mkdirSync(path.join(base, 'renderer-evil'));
  writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'TOP SECRET');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveAppRequest({ url, method }, { rendererDir, log: vi.fn() });

function expectSecurityHeaders(response: Response): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
  expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
}

describe('the tierscape: scheme', () => {
  it('is standard, secure and fetchable, and does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('tierscape');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, bypassCSP: false });
    expect(APP_SCHEME_PRIVILEGES.privileges?.allowServiceWorkers).not.toBe(true);
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
  });

  it('registers one handler for the scheme, which serves the renderer folder', async () => {
    const protocol = { handle: vi.fn() };
    registerAppProtocol(protocol as never, rendererDir);
    expect(protocol.handle).toHaveBeenCalledOnce();
    expect(protocol.handle.mock.calls[0]?.[0]).toBe('tierscape');
    const handler = protocol.handle.mock.calls[0]?.[1] as (request: Request) => Promise<Response>;
    const response = await handler({ url: 'tierscape://app/index.html', method: 'GET' } as Request);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Tierscape</title>');
  });
});

describe('resolveAppRequest', () => {
  it('maps / and /index.html to index.html, and assets inside the folder', () => {
    expect(resolveAppRequest('tierscape://app/', rendererDir)).toEqual({ ok: true, value: path.join(rendererDir, 'index.html') });
    expect(resolveAppRequest('tierscape://app', rendererDir)).toEqual({ ok: true, value: path.join(rendererDir, 'index.html') });
    expect(resolveAppRequest('tierscape://app/index.html?x=1#top', rendererDir)).toEqual({ ok: true, value: path.join(rendererDir, 'index.html') });
    expect(resolveAppRequest('tierscape://app/assets/index-abc.js', rendererDir)).toEqual({
      ok: true,
      value: path.join(rendererDir, 'assets', 'index-abc.js'),
    });
    expect(resolveAppRequest('tierscape://app/assets/my%20file.js', rendererDir)).toEqual({
      ok: true,
      value: path.join(rendererDir, 'assets', 'my file.js'),
    });
  });

  it.each([
    'tierscape://app/..%2fsecret.txt',
    'tierscape://app/..%2F..%2Fsecret.txt',
    'tierscape://app/assets/..%2f..%2fsecret.txt',
    'tierscape://app/%2e%2e%2fsecret.txt',
    'tierscape://app/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    'tierscape://app/..%2frenderer-evil%2fx.js',
    'tierscape://app/%2fetc%2fpasswd/..%2f..%2f..',
  ])('refuses the traversal %s with 404', (url) => {
    expect(resolveAppRequest(url, rendererDir)).toEqual({ ok: false, error: 404 });
  });

  it('keeps dot segments that the URL parser resolves inside the folder', () => {
    for (const url of ['tierscape://app/../secret.txt', 'tierscape://app/%2e%2e/secret.txt', 'tierscape://app/assets/../../../secret.txt']) {
      const resolved = resolveAppRequest(url, rendererDir);
      expect(resolved.ok).toBe(true);
      if (resolved.ok) expect(resolved.value).toBe(path.join(rendererDir, 'secret.txt'));
    }
  });

  it.each(['tierscape://evil/index.html', 'tierscape://app.evil/index.html', 'tierscape://app:8080/index.html', 'tierscape://u:p@app/index.html', 'https://app/index.html'])(
    'serves nothing for %s',
    (url) => {
      expect(resolveAppRequest(url, rendererDir)).toEqual({ ok: false, error: 404 });
    },
  );

  it('answers 400 to a broken escape or a NUL byte', () => {
    expect(resolveAppRequest('tierscape://app/%E0%A4%A', rendererDir)).toEqual({ ok: false, error: 400 });
    expect(resolveAppRequest('tierscape://app/index.html%00.js', rendererDir)).toEqual({ ok: false, error: 400 });
    expect(resolveAppRequest('::::', rendererDir)).toEqual({ ok: false, error: 400 });
  });
});

describe('serveAppRequest', () => {
  it('serves index.html with the CSP and every security header', async () => {
    const response = await get('tierscape://app/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(response);
    expect(await response.text()).toContain('<title>Tierscape</title>');
  });

  it.each([
    ['tierscape://app/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['tierscape://app/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['tierscape://app/assets/font.woff2', 'font/woff2'],
  ])('serves %s as %s', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(type);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expectSecurityHeaders(response);
  });

  it('never reads a file outside the folder', async () => {
    for (const url of ['tierscape://app/..%2fsecret.txt', 'tierscape://app/..%2frenderer-evil%2fx.js']) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('TOP SECRET');
      expectSecurityHeaders(response);
    }
  });

  it('answers 404 for a missing file, a folder and another host, with the headers', async () => {
    for (const url of ['tierscape://app/missing.js', 'tierscape://app/assets', 'tierscape://other/index.html']) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expectSecurityHeaders(response);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('tierscape://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('tierscape://app/index.html', 'POST');
    expect(post.status).toBe(405);
    expectSecurityHeaders(post);
  });

  it('answers 500 (with the headers) when the disk fails, and logs it', async () => {
    const log = vi.fn();
    const failing = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    const response = await serveAppRequest(
      { url: 'tierscape://app/index.html', method: 'GET' },
      { rendererDir, readFile: () => Promise.reject(failing), log },
    );
    expect(response.status).toBe(500);
    expectSecurityHeaders(response);
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.woff', 'font/woff'],
    ['a.wasm', 'application/wasm'],
    ['a.bin', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});

describe('development server headers', () => {
  it('replaces the dev server’s own security headers whatever their case', () => {
    const merged = withSecurityHeaders({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
    expect(merged['content-security-policy']).toBeUndefined();
    expect(merged['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(merged['Content-Type']).toEqual(['text/html']);
    expect(withSecurityHeaders(undefined)['X-Frame-Options']).toEqual(['DENY']);
  });

  it('adds the headers to responses of the dev server origin only', () => {
    const onHeadersReceived = vi.fn();
    applyDevServerHeaders({ webRequest: { onHeadersReceived } } as never, 'http://localhost:5173/');
    expect(onHeadersReceived).toHaveBeenCalledOnce();
    const [filter, listener] = onHeadersReceived.mock.calls[0] as [
      { urls: string[] },
      (details: { responseHeaders?: Record<string, string[]> }, callback: (response: unknown) => void) => void,
    ];
    expect(filter).toEqual({ urls: ['http://localhost:5173/*'] });
    const callback = vi.fn();
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: withSecurityHeaders({ 'Content-Type': ['text/html'] }) });
  });

  it('does nothing for a dev server URL that is not http(s)', () => {
    const onHeadersReceived = vi.fn();
    applyDevServerHeaders({ webRequest: { onHeadersReceived } } as never, 'file:///tmp');
    expect(onHeadersReceived).not.toHaveBeenCalled();
  });
});
