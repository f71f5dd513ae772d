// postinstall: make better-sqlite3 usable by both runtimes.
//
// `npm install` compiles better-sqlite3 for Node (tests, CLI, browser mode). The Electron
// app needs it compiled for Electron's ABI instead. When an Electron binary is present we
// keep a copy of the Node build (electron/services/workspace/native.ts loads it outside
// Electron) and then let electron-builder rebuild the package for Electron. Without an
// Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1, CI) there is nothing to do.
import { existsSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

function electronBinaryPresent() {
  try {
    const pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return false;
    const rel = readFileSync(pathFile, 'utf8').trim();
    return existsSync(path.join(pkgDir, 'dist', rel));
  } catch {
    return false;
  }
}

if (!electronBinaryPresent()) {
  console.log('[tierscape] no Electron binary installed: better-sqlite3 stays built for Node (tests, CLI, browser mode).');
  process.exit(0);
}

const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const keepDir = path.join(root, 'node_modules', '.tierscape-native', 'node');
if (existsSync(nodeBuild)) {
  mkdirSync(keepDir, { recursive: true });
  copyFileSync(nodeBuild, path.join(keepDir, 'better_sqlite3.node'));
  console.log('[tierscape] kept the Node build of better-sqlite3 for tests and the CLI.');
}
console.log('[tierscape] rebuilding native modules for Electron (electron-builder install-app-deps)…');
const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
const result = spawnSync(process.execPath, [cli, 'install-app-deps'], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
