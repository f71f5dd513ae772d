/**
 * Temporary files a killed process leaves beside its target: a workbook export's
 * `<file>.partial-<pid>` (docs/SECURITY.md). They are swept the next time something is
 * written in that folder — only those whose process is gone, never another export in
 * progress.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Whether a process with this id is running (EPERM: it runs, as another user). */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The name a workbook is written under until it is complete: `<file>.partial-<pid>`. */
export function partialOf(file: string, pid = process.pid): string {
  return `${file}.partial-${pid}`;
}

/** Before Tierscape named its partial files by process: `<file>.partial`, left over when older than this. */
const LEGACY_PARTIAL_AGE_MS = 60 * 60 * 1000;

/**
 * Removes the partial workbooks in `dir` that no running export writes: `*.xlsx.partial-<pid>`
 * of a process that is gone, and `*.xlsx.partial` (unnumbered, an older Tierscape's) more than
 * an hour old. Answers the names removed; a folder that cannot be read is left as it is.
 */
export function sweepPartialWorkbooks(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const numbered = /\.xlsx\.partial-(\d+)$/i.exec(name);
    let stale = false;
    if (numbered) stale = Number(numbered[1]) !== process.pid && !isRunning(Number(numbered[1]));
    else if (/\.xlsx\.partial$/i.test(name)) {
      try {
        stale = now - statSync(path.join(dir, name)).mtimeMs > LEGACY_PARTIAL_AGE_MS;
      } catch {
        stale = false;
      }
    }
    if (!stale) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // another process may have taken it away meanwhile; nothing to report
    }
  }
  return removed;
}
