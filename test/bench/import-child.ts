/**
 * A process of its own for one import sample of `npm run bench` (see import-once.ts):
 *
 *   import-child.ts <dir> <source> <warm-up source>
 *
 * Imports the warm-up file (untimed), collects garbage, then imports the source, timed, and
 * prints one line of JSON: the time, the process's resident high-water mark, and its resident
 * memory before the timed import.
 */
import { importOnce, type ChildImport } from './import-once';
import { peakRssMb, reportFromChild } from './child-report';

const [dir, source, warmup] = process.argv.slice(2);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function main(): Promise<ChildImport> {
  if (!dir || !source || !warmup) throw new Error('usage: import-child.ts <dir> <source> <warm-up source>');
  await importOnce(dir, warmup);
  (globalThis as { gc?: () => void }).gc?.();
  const restRssMb = mb(process.memoryUsage.rss());
  const started = performance.now();
  const workspace = await importOnce(dir, source);
  const ms = performance.now() - started;
  return { ms, peakRssMb: peakRssMb(), restRssMb, workspace };
}

reportFromChild(main);
