// npm run test:electron — the desktop app itself, driven by playwright-core's _electron.
//
//   node test/electron-app/run.mjs [vitest arguments, e.g. -t "second launch"]
//
// 1. Without an Electron binary (node_modules/electron/dist missing: CI installs with
//    ELECTRON_SKIP_BINARY_DOWNLOAD=1) it prints one line saying so and exits 0. It never
//    downloads Electron (node_modules/electron/index.js would, when asked for its path).
// 2. Otherwise: better-sqlite3 built for Electron (build/scripts/postinstall.mjs --ensure, as
//    `npm start` does); the TEST BUILD — `TIERSCAPE_TEST_BUILD=1 electron-vite build --outDir
//    out-test` — whose main process answers the native dialogs from the tests' queue
//    (electron/main/test-hooks.ts; a production build has none of it), with the CLI program in
//    out-test/cli for `--cli`; then test/electron-app/*.test.ts (vitest, its own config).
// 3. When dist/ holds the packaged app (`npm run package`: dist/linux-unpacked/tierscape,
//    dist/win-unpacked/Tierscape.exe, dist/mac*/Tierscape.app), the same run smoke-tests it
//    (test/electron-app/packaged.test.ts); TIERSCAPE_PACKAGED_APP names another executable.
//
// On Linux without a display it runs under xvfb-run. out-test/ is removed at the end
// (TIERSCAPE_KEEP_TEST_BUILD=1 keeps it); main-process logs go to test-results/electron-app/.
// The last line printed says what was checked; it is also written to
// test-results/electron-app/summary.txt (for CI's summary).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron, findPackagedApp, needsVirtualDisplay, onPath } from './locate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEST_BUILD = path.join(root, 'out-test');
const RESULTS = path.join(root, 'test-results', 'electron-app');

/** The one line that says what happened: printed last, and kept for CI's summary. */
function finish(line, code) {
  console.log(line);
  try {
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, 'summary.txt'), `${line}\n`);
  } catch {
    // a read-only checkout: the printed line is enough
  }
  process.exit(code);
}

/** Runs a step with the terminal's output; stops the run when it fails. */
function step(what, command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    cleanUp();
    finish(`test:electron: FAILED — ${what} (exit ${result.status ?? result.signal ?? result.error?.message})`, result.status || 1);
  }
}

function cleanUp() {
  if (process.env.TIERSCAPE_KEEP_TEST_BUILD !== '1') rmSync(TEST_BUILD, { recursive: true, force: true });
}

const electron = findElectron(root, process.env);
if (!electron.ok) finish(electron.line, 0);

let display = [];
if (needsVirtualDisplay(process.platform, process.env)) {
  const xvfb = onPath('xvfb-run', process.env);
  if (!xvfb) {
    finish('test:electron: FAILED — no display (DISPLAY and WAYLAND_DISPLAY are unset) and no xvfb-run to make one: apt-get install -y xvfb, or run it in a desktop session', 1);
  }
  display = [xvfb, '--auto-servernum', '--server-args=-screen 0 1920x1080x24'];
}

// better-sqlite3 compiled for Electron's ABI (what `npm start` checks first)
step('better-sqlite3 for Electron (build/scripts/postinstall.mjs --ensure)', process.execPath, [path.join(root, 'build', 'scripts', 'postinstall.mjs'), '--ensure']);

// the test build: main (with the test hooks), preload and renderer in out-test/, never out/
rmSync(TEST_BUILD, { recursive: true, force: true });
step('the test build (TIERSCAPE_TEST_BUILD=1 electron-vite build --outDir out-test)', process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', TEST_BUILD], {
  ...process.env,
  TIERSCAPE_TEST_BUILD: '1',
});
// the CLI program beside it, for `--cli` (electron/main/cli-mode.ts finds it at ../cli from out-test/main)
const buildCli = path.join(root, 'build', 'scripts', 'build-cli.mjs');
if (existsSync(buildCli)) step('the CLI (build/scripts/build-cli.mjs)', process.execPath, [buildCli, '--outdir', path.join(TEST_BUILD, 'cli'), '--quiet']);
// `electron out-test` starts it: its own package.json, named and versioned as the app
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
writeFileSync(
  path.join(TEST_BUILD, 'package.json'),
  `${JSON.stringify({ name: pkg.name, productName: pkg.productName, version: pkg.version, type: 'module', main: 'main/index.js', private: true }, null, 2)}\n`,
);

const packaged = findPackagedApp(root, process.platform, process.env);
if (!packaged && process.env.TIERSCAPE_PACKAGED_APP) {
  cleanUp();
  finish(`test:electron: FAILED — TIERSCAPE_PACKAGED_APP=${process.env.TIERSCAPE_PACKAGED_APP} does not exist`, 1);
}
const env = {
  ...process.env,
  TIERSCAPE_ELECTRON_APP: TEST_BUILD,
  TIERSCAPE_ELECTRON_BINARY: electron.binary,
  ...(packaged ? { TIERSCAPE_PACKAGED_APP: packaged } : {}),
};
delete env.TIERSCAPE_TEST_BUILD;
if (!packaged) delete env.TIERSCAPE_PACKAGED_APP;

const vitest = [process.execPath, path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', path.join('test', 'electron-app', 'vitest.config.ts'), ...process.argv.slice(2)];
const [command, ...args] = [...display, ...vitest];
const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
cleanUp();

const packagedNote = packaged
  ? `and the packaged app (${path.relative(root, packaged)})`
  : `— the packaged app was not checked (no ${process.platform === 'win32' ? 'dist/win-unpacked' : process.platform === 'darwin' ? 'dist/mac*/Tierscape.app' : 'dist/linux-unpacked'}: npm run package)`;
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
if (result.status === 0) finish(`test:electron: passed — the test build on Electron ${electronVersion} ${packagedNote}`, 0);
finish(`test:electron: FAILED (vitest exit ${result.status ?? result.signal}) — see above and test-results/electron-app/*.log`, result.status || 1);
