/**
 * One export as `npm run bench` times it: the 5 example scenarios evaluated on the bench's
 * dataset, every sheet built and the workbook written (with report cards or without) — in
 * this process, or in a process of its own (test/bench/export-child.ts) for the 1M samples,
 * whose time and peak memory are then the export's alone: the bench's own process holds
 * every earlier task's data and garbage (about 4 GB by the 1M export), which made one 1M
 * export take 2-4 times as long as in a fresh process.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { writeWorkbook } from '../../electron/services/export/xlsx';
import { exampleScenarios } from '../../scenarios/examples';
import { evaluate } from '../../shared/engine';
import type { ColumnarDataset } from '../../shared/model/dataset';
import { OPTIONAL_SHEETS } from '../../shared/report/options';
import { buildWorkbook } from '../../shared/report/workbook';
import { runInOwnProcess } from './own-process';

/** Evaluates the first 5 example scenarios on `data` and writes their workbook into `dir`. */
export async function exportOnce(data: ColumnarDataset, dir: string, reportCards: number | null): Promise<void> {
  const scenarios = exampleScenarios()
    .slice(0, 5)
    .map((scenario) => ({ scenario, outcome: evaluate(scenario, data) }));
  const spec = buildWorkbook({
    dataset: { label: 'Bench', asOf: null, partners: data.partners.length },
    data,
    scenarios,
    sheets: OPTIONAL_SHEETS,
    reportCards,
    exportedAt: new Date().toISOString(),
  });
  await writeWorkbook(spec, path.join(dir, `export-${randomUUID()}.xlsx`));
}

/** What export-child.ts reports of its one timed export. */
export interface ChildExport {
  ms: number;
  /** the process's resident high-water mark (the generated dataset included) */
  peakRssMb: number;
}

/** One export of `partners` generated partners, timed in a fresh Node process (after an untimed export of 1,000). */
export function exportInOwnProcess(dir: string, partners: number, reportCards: number | null): ChildExport {
  return runInOwnProcess<ChildExport>('export-child', [dir, String(partners), String(reportCards ?? 0)], `the export of ${partners} partners`);
}
