/**
 * A child process for the import's memory tests (hostile-workbooks.test.ts,
 * preview-expiry.test.ts): it runs the real ImportService over a fresh workspace and
 * prints one line of JSON. Run with a small heap (--max-old-space-size), so a read that
 * grows without bound fails fast instead of taking the machine down; with --expose-gc for
 * the heap measurements.
 *
 *   preview <workspace> <file>
 *       previews the file: its outcome, the time it took and the memory it grew by
 *   release <workspace> <big file> <small file> <how>
 *       previews the big file, then lets the preview go <how> ("owner": a new preview
 *       from the same window; "expiry": the idle timer; "discard": the page discards it),
 *       and reports the heap with the preview held and after it is let go
 */
import { ImportService } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function preview(imports: ImportService, file: string): Promise<Record<string, unknown>> {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  let outcome: Record<string, unknown>;
  try {
    const p = await imports.preview({ jobId: 'child-job-0001', path: file });
    outcome = { ok: true, rowCount: p.rowCount, columns: p.headers.length };
  } catch (error) {
    outcome = { ok: false, code: (error as { code?: string }).code, message: (error as Error).message };
  }
  const ms = performance.now() - started;
  // the kernel's high-water mark of the process: an upper bound of what the preview grew to
  const peakMb = (process.resourceUsage().maxRSS * 1024 - before) / 2 ** 20;
  return { ...outcome, ms, peakMb: Math.max(0, peakMb), rssBeforeMb: before / 2 ** 20 };
}

async function release(imports: ImportService, big: string, small: string, how: string, clock: { now: number }): Promise<Record<string, unknown>> {
  const empty = heapMb();
  const held = await imports.preview({ jobId: 'child-job-big1', path: big, owner: 'window-0001' });
  const withPreview = heapMb();
  if (how === 'owner') await imports.preview({ jobId: 'child-job-small', path: small, owner: 'window-0001' });
  else if (how === 'expiry') {
    clock.now += 60 * 60 * 1000;
    imports.expireIdle();
  } else imports.discard('child-job-big1');
  const after = heapMb();
  let stillOpen = true;
  try {
    await imports.validate('child-job-big1', held.mapping);
  } catch (error) {
    stillOpen = (error as { code?: string }).code !== 'not_found';
  }
  return { rowCount: held.rowCount, emptyMb: empty, withPreviewMb: withPreview, afterMb: after, stillOpen };
}

async function main(): Promise<void> {
  const [mode, workspace, ...args] = process.argv.slice(2);
  const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
  await session.create(workspace!);
  const clock = { now: Date.now() };
  const imports = new ImportService(session, { clock: () => clock.now });
  const result = mode === 'preview' ? await preview(imports, args[0]!) : await release(imports, args[0]!, args[1]!, args[2]!, clock);
  imports.discardAll();
  session.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
