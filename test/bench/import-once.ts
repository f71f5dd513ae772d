/**
 * One import as the app does it (preview, then commit into a new workspace), in this process
 * or in a process of its own (test/bench/import-child.ts) whose peak resident memory is the
 * import's alone: the bench's own process holds every earlier task's data and garbage.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ImportService } from '../../electron/services/import/service';
import { RecentFiles } from '../../electron/services/recent';
import { AppSession } from '../../electron/services/session';
import { runInOwnProcess } from './own-process';

/** Imports `source` into a new workspace in `dir`; returns the workspace's path. */
export async function importOnce(dir: string, source: string): Promise<string> {
  const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'bench' });
  const imports = new ImportService(session);
  const file = path.join(dir, `${randomUUID()}.tierscape`);
  await session.create(file);
  const jobId = randomUUID();
  const preview = await imports.preview({ jobId, path: source });
  const result = await imports.commit({ jobId, mapping: preview.mapping, label: 'Bench', asOf: null, skipBadRows: true });
  if (result.imported === 0) throw new Error('nothing imported');
  session.close();
  return file;
}

/** What import-child.ts reports of its one timed import. */
export interface ChildImport {
  /** the import's wall time, without the process's start or its warm-up */
  ms: number;
  /** the process's resident high-water mark at the end (process.resourceUsage().maxRSS) */
  peakRssMb: number;
  /** its resident memory just before the timed import (modules loaded, warmed up, collected) */
  restRssMb: number;
  /** the workspace it wrote */
  workspace: string;
}


/**
 * Imports `source` in a fresh Node process (the bundled child, own-process.ts), after an untimed import of the small `warmup` file of the same format so the
 * code is loaded and compiled as in a running app.
 */
export function importInOwnProcess(dir: string, source: string, warmup: string): ChildImport {
  flushDisk();
  return runInOwnProcess<ChildImport>('import-child', [dir, source, warmup], `the import of ${source}`);
}

/**
 * Writes out what earlier tasks left for the disk to write (the bench's own input files, a
 * 1M-partner export, the sample before): an import writes its workspace, and at 1M it waited
 * a second or more on that backlog, which is no part of its own time (docs/PERFORMANCE.md,
 * "Issue 23"). `sync` where the system has it (Linux, macOS); elsewhere nothing.
 */
function flushDisk(): void {
  if (process.platform === 'win32') return;
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // no sync command: the sample runs as it is
  }
}
