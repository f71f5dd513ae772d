/**
 * A static scan of the Electron shell and the renderer for settings and calls that would
 * undo the hardening of DESIGN D11.3, plus the CSP meta tag kept equal to the served header.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/csp';

const root = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  return readdirSync(full).flatMap((name) => {
    const p = path.join(full, name);
    if (statSync(p).isDirectory()) return sourceFiles(path.join(dir, name));
    return /\.(ts|tsx|html)$/.test(name) ? [path.join(dir, name)] : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/nodeIntegration\s*:\s*true/, 'nodeIntegration must stay off'],
  [/nodeIntegrationInWorker\s*:\s*true/, 'nodeIntegrationInWorker must stay off'],
  [/nodeIntegrationInSubFrames\s*:\s*true/, 'nodeIntegrationInSubFrames must stay off'],
  [/contextIsolation\s*:\s*false/, 'contextIsolation must stay on'],
  [/sandbox\s*:\s*false/, 'the renderer must stay sandboxed'],
  [/webSecurity\s*:\s*false/, 'webSecurity must stay on'],
  [/allowRunningInsecureContent\s*:\s*true/, 'insecure content is never allowed'],
  [/webviewTag\s*:\s*true/, 'no <webview>'],
  [/experimentalFeatures\s*:\s*true/, 'no experimental Blink features'],
  [/enableBlinkFeatures/, 'no extra Blink features'],
  [/bypassCSP\s*:\s*true/, 'the app scheme must not bypass the CSP'],
  [/\beval\s*\(/, 'no eval'],
  [/new\s+Function\s*\(/, 'no new Function'],
  [/exposeInMainWorld\([^)]*ipcRenderer\s*\)/, 'never expose ipcRenderer itself'],
  [/loadURL\(\s*['"`]https?:/, 'no remote content'],
  [/disableWebSecurity|ignore-certificate-errors/, 'no weakened web security switches'],
  [/dangerouslySetInnerHTML/, 'no raw HTML injection in the renderer'],
];

describe('static security scan', () => {
  const files = [...sourceFiles('electron/main'), ...sourceFiles('electron/preload'), ...sourceFiles('renderer')];

  it('finds the shell and renderer sources to scan', () => {
    expect(files.some((f) => f.startsWith(path.join('electron', 'main')))).toBe(true);
    expect(files.some((f) => f.startsWith(path.join('electron', 'preload')))).toBe(true);
    expect(files.some((f) => f.startsWith('renderer'))).toBe(true);
  });

  for (const [pattern, why] of FORBIDDEN) {
    it(`no source matches ${pattern} (${why})`, () => {
      const hits = files.filter((f) => pattern.test(readFileSync(path.join(root, f), 'utf8')));
      expect(hits).toEqual([]);
    });
  }

  it('the window turns on every protection explicitly', () => {
    const window = readFileSync(path.join(root, 'electron/main/window.ts'), 'utf8');
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) {
      expect(window).toContain(setting);
    }
  });

  it("renderer/index.html carries the same CSP as the server and the app protocol send, with script-src 'self'", () => {
    const html = readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag, so the page omits it; everything else is equal
    const served = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(served);
    expect(served).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
  });
});

describe('the engine is pure and deterministic', () => {
  const engine = sourceFiles('shared/engine').concat(sourceFiles('shared/model'));

  it('reads no clock and draws no random numbers', () => {
    const impure = /\bDate\.now\(|\bnew Date\(\s*\)|Math\.random\(|performance\.now\(|crypto\.|setTimeout\(|setInterval\(/;
    const hits = engine.filter((f) => impure.test(readFileSync(path.join(root, f), 'utf8')));
    expect(hits).toEqual([]);
  });
});
