/**
 * `npm run test:electron`'s runner (test/electron-app/run.mjs and locate.mjs) where no Electron
 * runs: finding the binary without downloading it, the one skip line, the packaged app in
 * dist/, the virtual display.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectron, findPackagedApp, needsVirtualDisplay, onPath, SKIP_LINE } from '../electron-app/locate.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const temp = mkdtempSync(path.join(os.tmpdir(), 'tierscape-runner-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function touch(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
  return file;
}

function repo(name: string): string {
  const root = path.join(temp, name);
  touch(path.join(root, 'node_modules', 'electron', 'package.json'));
  return root;
}

describe('findElectron', () => {
  it('finds node_modules/electron/dist/<path.txt>, and nothing when the download never happened', () => {
    const root = repo('installed');
    expect(findElectron(root, {})).toEqual({ ok: false, line: SKIP_LINE });
    writeFileSync(path.join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(findElectron(root, {})).toEqual({ ok: false, line: SKIP_LINE });
    const binary = touch(path.join(root, 'node_modules', 'electron', 'dist', 'electron'));
    expect(findElectron(root, {})).toEqual({ ok: true, binary });
  });

  it('follows ELECTRON_OVERRIDE_DIST_PATH as electron’s own index.js does', () => {
    const root = repo('override');
    writeFileSync(path.join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    const dist = path.join(temp, 'elsewhere');
    const missing = findElectron(root, { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.line).toMatch(/^test:electron: skipped — no Electron binary installed \(ELECTRON_OVERRIDE_DIST_PATH has no .*electron\)$/);
    const binary = touch(path.join(dist, 'electron'));
    expect(findElectron(root, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ ok: true, binary });
  });

  it('says so when electron is not installed at all', () => {
    const found = findElectron(path.join(temp, 'no-modules'), {});
    expect(!found.ok && found.line).toBe('test:electron: skipped — no Electron binary installed (node_modules/electron is missing: npm install)');
  });
});

describe('findPackagedApp', () => {
  it('finds electron-builder’s unpacked app for the platform, or TIERSCAPE_PACKAGED_APP', () => {
    const root = path.join(temp, 'packaged');
    expect(findPackagedApp(root, 'linux', {})).toBeNull();
    const linux = touch(path.join(root, 'dist', 'linux-unpacked', 'tierscape'));
    expect(findPackagedApp(root, 'linux', {})).toBe(linux);
    const windows = touch(path.join(root, 'dist', 'win-unpacked', 'Tierscape.exe'));
    expect(findPackagedApp(root, 'win32', {})).toBe(windows);
    const mac = touch(path.join(root, 'dist', 'mac-arm64', 'Tierscape.app', 'Contents', 'MacOS', 'Tierscape'));
    expect(findPackagedApp(root, 'darwin', {})).toBe(mac);
    expect(findPackagedApp(root, 'linux', { TIERSCAPE_PACKAGED_APP: mac })).toBe(mac);
    expect(findPackagedApp(root, 'linux', { TIERSCAPE_PACKAGED_APP: path.join(root, 'gone') })).toBeNull();
  });
});

describe('the display', () => {
  it('needs a virtual one on Linux without DISPLAY or WAYLAND_DISPLAY only', () => {
    expect(needsVirtualDisplay('linux', {})).toBe(true);
    expect(needsVirtualDisplay('linux', { DISPLAY: ':0' })).toBe(false);
    expect(needsVirtualDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(false);
    expect(needsVirtualDisplay('darwin', {})).toBe(false);
    expect(needsVirtualDisplay('win32', {})).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('finds an executable on PATH', () => {
    const bin = touch(path.join(temp, 'bin', 'xvfb-run'));
    chmodSync(bin, 0o755);
    expect(onPath('xvfb-run', { PATH: [path.join(temp, 'nothing'), path.dirname(bin)].join(path.delimiter) })).toBe(bin);
    expect(onPath('xvfb-run', { PATH: path.join(temp, 'nothing') })).toBeNull();
  });
});

describe('run.mjs without an Electron binary', () => {
  it('prints one line saying so, builds nothing and exits 0', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(temp, 'no-electron-here') };
    delete env['TIERSCAPE_KEEP_TEST_BUILD'];
    const hadTestBuild = existsSync(path.join(ROOT, 'out-test'));
    const result = spawnSync(process.execPath, [path.join(ROOT, 'test', 'electron-app', 'run.mjs')], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^test:electron: skipped — no Electron binary installed \([^\n]+\)\n$/);
    if (!hadTestBuild) expect(existsSync(path.join(ROOT, 'out-test'))).toBe(false);
  });
});
