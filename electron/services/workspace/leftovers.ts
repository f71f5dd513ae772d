/**
 * The files beside a workspace that are not the workspace: its journal files, and the
 * temporaries a Save As or New builds under another name before renaming (DESIGN D2), with
 * the sweep of those a killed process left behind.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isRunning } from '../leftovers';

export function removeDatabaseFiles(file: string): void {
  rmSync(file, { force: true });
  removeJournalFiles(file);
}

export function removeJournalFiles(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/** `<name>.tierscape.saving-<pid>` (Save As) and `.creating-<pid>` (New), and their journal files. */
const TEMPORARY = /^(.+\.tierscape\.(?:saving|creating)-(\d+))(?:-wal|-shm|-journal)?$/i;

/** A plain file (a killed copy may not even start with SQLite's header yet); never a folder, a link or a pipe. */
function isPlainFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Removes from `dir` the temporaries of a Save As or New whose process was killed
 * (`<name>.tierscape.saving-<pid>` can be as large as the workspace), with their journal
 * files. A temporary of a process still running — or of this one — is a save in progress
 * and stays; so does anything by such a name that is not a plain file. Run after a workspace
 * in that folder is opened, created or saved; never fails the step it follows.
 */
export function sweepWorkspaceLeftovers(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const verdicts = new Map<string, boolean>();
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const [, base, pid] = match as unknown as [string, string, string];
    let stale = verdicts.get(base);
    if (stale === undefined) {
      const owner = Number(pid);
      stale = owner !== process.pid && !isRunning(owner);
      verdicts.set(base, stale);
    }
    if (!stale || !isPlainFile(path.join(dir, name))) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // taken away meanwhile, or not ours to remove: nothing to report
    }
  }
  return removed;
}
