/**
 * A process of its own for one export sample of `npm run bench` at 1M partners (see
 * export-once.ts):
 *
 *   export-child.ts <dir> <partners> <report cards: 0 or a count>
 *
 * Generates the bench's dataset (untimed), exports a dataset of 1,000 partners (untimed, so
 * the code is loaded and compiled), collects garbage, then times one export and prints one
 * line of JSON: the time and the process's resident high-water mark.
 */
import { benchDataset } from './bench-dataset';
import { exportOnce, type ChildExport } from './export-once';
import { peakRssMb, reportFromChild } from './child-report';

const [dir, partners, cards] = process.argv.slice(2);

async function main(): Promise<ChildExport> {
  if (!dir || !partners || cards === undefined) throw new Error('usage: export-child.ts <dir> <partners> <report cards>');
  const data = benchDataset(Number(partners));
  await exportOnce(benchDataset(1_000), dir, null);
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  await exportOnce(data, dir, Number(cards) > 0 ? Number(cards) : null);
  return { ms: performance.now() - started, peakRssMb: peakRssMb() };
}

reportFromChild(main);
