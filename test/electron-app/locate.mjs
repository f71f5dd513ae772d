// What `npm run test:electron` (run.mjs) needs to find before it starts anything: the Electron
// binary, the packaged app in dist/, a display. Plain functions of their inputs, unit-tested in
// test/electron/electron-app-runner.test.ts (no Electron needed).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The line printed, and nothing else, when there is no Electron binary; exit code 0. */
export const SKIP_LINE =
  'test:electron: skipped — no Electron binary installed (node_modules/electron/dist is missing; ELECTRON_SKIP_BINARY_DOWNLOAD was set or the download failed)';

/**
 * node_modules/electron's binary, found the way its index.js finds it (path.txt, dist/,
 * ELECTRON_OVERRIDE_DIST_PATH) but without its fallback, which downloads the binary.
 * @param {string} root the repository
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ ok: true, binary: string } | { ok: false, line: string }}
 */
export function findElectron(root, env) {
  const dir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(dir, 'package.json'))) {
    return { ok: false, line: 'test:electron: skipped — no Electron binary installed (node_modules/electron is missing: npm install)' };
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const binary = path.join(override, relative || 'electron');
    if (existsSync(binary)) return { ok: true, binary };
    return { ok: false, line: `test:electron: skipped — no Electron binary installed (ELECTRON_OVERRIDE_DIST_PATH has no ${binary})` };
  }
  if (relative) {
    const binary = path.join(dir, 'dist', relative);
    if (existsSync(binary)) return { ok: true, binary };
  }
  return { ok: false, line: SKIP_LINE };
}

/**
 * The packaged app's executable in dist/ (`npm run package`, electron-builder's unpacked
 * folder), or TIERSCAPE_PACKAGED_APP; null when there is none.
 * @param {string} root
 * @param {NodeJS.Platform} platform
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | null}
 */
export function findPackagedApp(root, platform, env) {
  const given = env['TIERSCAPE_PACKAGED_APP'];
  if (given) return existsSync(given) ? path.resolve(given) : null;
  const dist = path.join(root, 'dist');
  /** @type {string[]} */
  let candidates;
  if (platform === 'win32') {
    candidates = ['win-unpacked', 'win-arm64-unpacked', 'win-ia32-unpacked'].map((d) => path.join(dist, d, 'Tierscape.exe'));
  } else if (platform === 'darwin') {
    candidates = ['mac', 'mac-arm64', 'mac-universal'].map((d) => path.join(dist, d, 'Tierscape.app', 'Contents', 'MacOS', 'Tierscape'));
  } else {
    // electron-builder names the Linux executable after package.json's name
    candidates = ['linux-unpacked', 'linux-arm64-unpacked'].flatMap((d) => ['tierscape', 'Tierscape'].map((name) => path.join(dist, d, name)));
  }
  return candidates.find((file) => existsSync(file)) ?? null;
}

/**
 * Whether the app needs a virtual X display to open a window: Linux without DISPLAY or
 * WAYLAND_DISPLAY.
 * @param {NodeJS.Platform} platform
 * @param {NodeJS.ProcessEnv} env
 */
export function needsVirtualDisplay(platform, env) {
  return platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'];
}

/**
 * An executable on PATH, or null.
 * @param {string} name
 * @param {NodeJS.ProcessEnv} env
 */
export function onPath(name, env) {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}
