// Make better-sqlite3 usable by both runtimes.
//
//   node build/scripts/postinstall.mjs          (npm's postinstall)
//   node build/scripts/postinstall.mjs --ensure (before `npm start`, `npm run dev`, `npm run package`)
//
// `npm install` compiles better-sqlite3 for Node (tests, CLI, browser mode). The Electron
// app needs it compiled for Electron's ABI instead. Electron 42's package has no install
// script: it downloads its binary the first time something asks for its path. So here we
// fetch the binary ourselves (node_modules/electron/install.js, unless
// ELECTRON_SKIP_BINARY_DOWNLOAD is set), keep a copy of the Node build
// (electron/services/workspace/native.ts loads it outside Electron), let electron-builder
// rebuild the package for Electron, and note which Electron version it was built for.
//
// postinstall never fails an install: without a binary (offline, CI) the Node build stays
// and it says so. --ensure is strict: `npm start` stops with a clear message instead of
// opening a window whose SQLite module cannot load.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const modules = path.join(root, 'node_modules');
const electronDir = path.join(modules, 'electron');
const keptDir = path.join(modules, '.tierscape-native');
const nodeBuild = path.join(modules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
/** which Electron version better-sqlite3's own build was made for: beside the build, so a reinstall (a Node build) drops it */
const builtForFile = path.join(path.dirname(nodeBuild), '.tierscape-electron-version');
const ensure = process.argv.includes('--ensure');

function say(line) {
  console.log(`[tierscape] ${line}`);
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function electronBinaryPresent() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/** The Electron binary, downloaded when missing and allowed; false when there is none. */
function electronBinary() {
  if (electronBinaryPresent()) return true;
  if (electronVersion() === null) return false;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  say('downloading the Electron binary (node_modules/electron/install.js)…');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit', cwd: electronDir });
  return result.status === 0 && electronBinaryPresent();
}

function builtForElectron() {
  try {
    return readFileSync(builtForFile, 'utf8').trim() === electronVersion();
  } catch {
    return false;
  }
}

/** Whether `file` is a build for this Node (it loads here). */
function loadsInNode(file) {
  return existsSync(file) && spawnSync(process.execPath, ['-e', 'require(process.argv[1])', file], { stdio: 'ignore' }).status === 0;
}

function rebuildForElectron() {
  const keepDir = path.join(keptDir, 'node');
  // the package's own build is Node's until it is rebuilt for Electron: keep that one
  if (loadsInNode(nodeBuild)) {
    mkdirSync(keepDir, { recursive: true });
    copyFileSync(nodeBuild, path.join(keepDir, 'better_sqlite3.node'));
    say('kept the Node build of better-sqlite3 for tests and the CLI.');
  }
  say(`rebuilding native modules for Electron ${electronVersion()} (electron-builder install-app-deps)…`);
  const cli = path.join(modules, 'electron-builder', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'install-app-deps'], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) return false;
  mkdirSync(keptDir, { recursive: true });
  writeFileSync(builtForFile, `${electronVersion()}\n`);
  return true;
}

if (builtForElectron() && electronBinaryPresent()) process.exit(0);

if (!electronBinary()) {
  const skipped = Boolean(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD);
  const why = skipped ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : 'the download failed';
  if (ensure) {
    const next = skipped ? 'Unset ELECTRON_SKIP_BINARY_DOWNLOAD and try again' : 'Check the connection and try again';
    console.error(`[tierscape] cannot start the desktop app: no Electron binary (${why}). ${next}, or use browser mode: \`npm run web\`.`);
    process.exit(1);
  }
  say(`no Electron binary (${why}): better-sqlite3 stays built for Node (tests, CLI, browser mode); \`npm start\` fetches Electron and rebuilds it.`);
  process.exit(0);
}

if (!rebuildForElectron()) {
  console.error('[tierscape] rebuilding better-sqlite3 for Electron failed (see above); the desktop app cannot open a workspace until `npx electron-builder install-app-deps` succeeds.');
  process.exit(ensure ? 1 : 0);
}
