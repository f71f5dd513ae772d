/**
 * Where browser mode keeps files between two requests: uploaded partner lists until their
 * import is committed or discarded, exported workbooks until the page downloads them.
 *
 * Each server gets a private folder made by mkdtemp in the system's temporary folder
 * (`tierscape-web-<pid>-XXXXXX`, mode 0700: no other user may list or open anything in
 * it; uploads are written 0600 inside it). It is removed when the server stops. A server
 * that was killed cannot remove its own, so every start sweeps the folders of servers whose
 * process is gone — and the shared `tierscape-uploads` / `tierscape-downloads` folders
 * that versions before this one used.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRunning } from '../services/leftovers';

export const STAGING_PREFIX = 'tierscape-web-';
/** `tierscape-web-<pid>-` and mkdtemp's six characters */
const STAGING_NAME = /^tierscape-web-(\d+)-[A-Za-z0-9]{6}$/;
/** The shared folders of earlier versions, and their per-server folders (`<pid>` or `<pid>-<ms>`). */
const LEGACY_FOLDERS = ['tierscape-uploads', 'tierscape-downloads'];
const LEGACY_NAME = /^(\d+)(?:-\d+)?$/;

export interface Staging {
  /** the private folder (0700) */
  readonly dir: string;
  /** uploaded files, one folder per upload */
  readonly uploads: string;
  /** exported workbooks waiting to be downloaded */
  readonly downloads: string;
  /** Removes the folder and all in it (again: nothing). */
  remove(): void;
}

/** Sweeps what dead servers left, then makes this server's private folder. */
export function createStaging(root: string = os.tmpdir()): Staging {
  sweepStaging(root);
  const dir = mkdtempSync(path.join(root, `${STAGING_PREFIX}${process.pid}-`));
  const uploads = path.join(dir, 'uploads');
  const downloads = path.join(dir, 'downloads');
  mkdirSync(uploads, { mode: 0o700 });
  mkdirSync(downloads, { mode: 0o700 });
  return { dir, uploads, downloads, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Removes the staging folders of servers whose process is gone (and the leftovers of
 * earlier versions). Only real folders of this user are touched: a link with a staging
 * folder's name is left alone, and so is a folder of a process that still runs.
 * Returns what it removed.
 */
export function sweepStaging(root: string = os.tmpdir()): string[] {
  const removed: string[] = [];
  const sweep = (folder: string, pid: number) => {
    if (pid === process.pid || isRunning(pid) || !isOwnFolder(folder)) return;
    try {
      rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // another server sweeping at the same time, or a file we may not remove: next time
    }
  };
  for (const name of entries(root)) {
    const staging = STAGING_NAME.exec(name);
    if (staging) sweep(path.join(root, name), Number(staging[1]));
  }
  for (const legacy of LEGACY_FOLDERS) {
    const parent = path.join(root, legacy);
    if (!isOwnFolder(parent)) continue;
    for (const name of entries(parent)) {
      const server = LEGACY_NAME.exec(name);
      if (server) sweep(path.join(parent, name), Number(server[1]));
    }
    try {
      rmdirSync(parent); // only when nothing is left in it
    } catch {
      // not empty, or gone
    }
  }
  return removed;
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** A folder (not a link to one) that belongs to this user. */
function isOwnFolder(folder: string): boolean {
  try {
    const stat = lstatSync(folder);
    return stat.isDirectory() && (typeof process.getuid !== 'function' || stat.uid === process.getuid());
  } catch {
    return false;
  }
}

