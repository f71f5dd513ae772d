/**
 * The built renderer, file by file (issue 8: "CSP present on every page"): every page and
 * asset in out/renderer is served with the Content-Security-Policy and the other security
 * headers, by the Electron app's tierscape:// handler and by browser mode alike; the page
 * carries the same policy in its meta tag; and in Chromium the policy really holds: an
 * injected inline script does not run, eval is refused, and nothing loads from elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { serveAppRequest } from '../../electron/main/protocol';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../electron/services/csp';
import { useBrowserApp } from './harness';

const RENDERER = path.resolve(__dirname, '..', '..', 'out', 'renderer');

function builtFiles(dir = RENDERER): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? builtFiles(path.join(dir, e.name)) : [path.relative(RENDERER, path.join(dir, e.name)).split(path.sep).join('/')],
  );
}

describe('the built app', () => {
  const app = useBrowserApp('built');

  it('serves every built file with the CSP and the security headers, in both runtimes', async () => {
    const files = builtFiles();
    expect(files).toContain('index.html');
    expect(files.some((f) => /engine\.worker.*\.js$/.test(f))).toBe(true);
    const { server } = app.mode;
    // browser mode serves the page and its assets under the private prefix the tokened address leads to
    const first = await fetch(server.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(first.headers.get(name), `${name} on the tokened address`).toBe(value);
    const prefix = new URL(first.headers.get('location')!, server.origin).pathname;
    for (const file of files) {
      const viaProtocol = await serveAppRequest({ url: `tierscape://app/${file}`, method: 'GET' }, { rendererDir: RENDERER, log: vi.fn() });
      const viaBrowserMode = await fetch(`${server.origin}${prefix}${file}`);
      for (const [runtime, response] of [['tierscape://', viaProtocol], ['browser mode', viaBrowserMode]] as const) {
        expect(response.status, `${file} via ${runtime}`).toBe(200);
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), `${name} on ${file} via ${runtime}`).toBe(value);
      }
      // without the prefix (and without the token) nothing is served, a cookie with the token neither
      const bare = await fetch(`${server.origin}/${file}`, { headers: { cookie: `tierscape_token=${server.token}` } });
      expect(bare.status, `${file} without the prefix`).toBe(403);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(bare.headers.get(name), `${name} on a refusal`).toBe(value);
    }
    // every HTML page also carries the policy in a meta tag (all but frame-ancestors, which a meta tag cannot set)
    for (const html of files.filter((f) => f.endsWith('.html'))) {
      const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(path.join(RENDERER, html), 'utf8'))?.[1];
      expect(meta, html).toBe(CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; '));
    }
  });

  it('in Chromium the policy holds: no injected inline script, nothing from elsewhere', async () => {
    const page = await app.openApp();
    app.expectConsoleErrors(/Content Security Policy/);
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    const result = await page.evaluate(async () => {
      document.addEventListener('securitypolicyviolation', (e) => void (window as unknown as { reportViolation(v: string): void }).reportViolation(e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.appendChild(script);
      const remote = await fetch('https://example.com/').then(
        () => 'loaded',
        () => 'refused',
      );
      const img = new Image();
      const imgResult = await new Promise<string>((resolve) => {
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('refused');
        img.src = 'https://example.com/x.png';
      });
      await new Promise((r) => setTimeout(r, 200));
      return { injected: (window as unknown as { __injected?: boolean }).__injected ?? false, remote, imgResult };
    });
    expect(result).toEqual({ injected: false, remote: 'refused', imgResult: 'refused' });
    await expect.poll(() => [...new Set(violations)].sort()).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src', 'img-src']));
  });
});
