/**
 * `npm run bench`: medians (and min / max) of the operations DESIGN D13 sets targets for,
 * on generated partner lists: the engine (evaluate, compare of 5, one step of a threshold
 * drag as the worker computes it, sweep, goal seek, design to a target at 10K and 100K; in a
 * process of its own, engine-child.ts), import (CSV, XLSX, next to the bare parsers; each
 * import sample in a process of its own, with that process's peak memory),
 * workspace open + the grid's rows, the export of 5 scenarios, and the bench process's peak
 * memory. Prints a table, then the Goals table (test/bench/goals.ts: each goal ✓, ✗ or not
 * measured), and writes both to test-results/bench.json.
 *
 *   npm run bench                             (10K, 100K and 1M partners; about 25 minutes)
 *   BENCH_SIZES=10000,100000 npm run bench
 *   BENCH_ITERATIONS=5                        (default: 5 per import task, 3 at 1M; engine tasks take more)
 *   BENCH_ONLY=engine BENCH_SIZES=10000,100000,1000000 npm run bench
 *   BENCH_ONLY=export npm run bench           (the workbook export only)
 *   BENCH_ONLY=cli npm run bench              (the CLI's start only)
 *
 * First, the command line's start (issue 21, target < 0.3 s): `tierscape help` from the
 * built CLI (out/cli, built here first), and the same through `npm run cli`, which adds
 * npm's own start.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { Bench } from 'tinybench';
import * as XLSX from 'xlsx';
import { ImportService } from '../../electron/services/import/service';
import { RecentFiles } from '../../electron/services/recent';
import { AppSession } from '../../electron/services/session';
import { writeCsv, writeLargeXlsx, writeXlsx } from './data';
import { checkGoals, printGoals, TASK } from './goals';
import { benchDataset } from './bench-dataset';
import { exportInOwnProcess, exportOnce } from './export-once';
import { runInOwnProcess } from './own-process';
import { importInOwnProcess, type ChildImport } from './import-once';
import { formatValue, rowOf, type BenchRow } from './row';
import { assignmentSql, loadPartnerTable, sqlLevels } from './sql-baseline';
import { evaluate } from '../../shared/engine';
import { exampleScenarios } from '../../scenarios/examples';
import { ExportService } from '../../electron/services/export/service';
import { createHandlers } from '../../electron/services/handlers';
import { createDispatcher } from '../../electron/services/ipc/dispatch';
import { decodeColumns, type DatasetColumns } from '../../shared/ipc/columns';
import { columnDefsFor, gridRow, partnerTable } from '../../renderer/src/features/partners/columns';
import { BLOCK_SIZE, GridView } from '../../renderer/src/features/partners/grid-view';

const sizes = (process.env['BENCH_SIZES'] ?? '10000,100000,1000000').split(',').map((s) => Number(s.trim()));
const iterations = Number(process.env['BENCH_ITERATIONS'] ?? 5);
/** BENCH_ONLY=engine: the engine's tasks only (a 1M-partner import run takes many minutes) */
const onlyEngine = process.env['BENCH_ONLY'] === 'engine';
/** BENCH_ONLY=export: the export's tasks only */
const onlyExport = process.env['BENCH_ONLY'] === 'export';
/** BENCH_ONLY=cli: the CLI's start only */
const onlyCli = process.env['BENCH_ONLY'] === 'cli';
/** the partners of the untimed import that warms up each import sample's process */
const WARMUP_PARTNERS = 1000;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

type Row = BenchRow;

const gc = (globalThis as { gc?: () => void }).gc;
function collectGarbage(): void {
  gc?.();
}

/**
 * What the app does when a workspace is opened, through the same handler table and
 * dispatcher as the window: workspace:open (inspect, schema check, open, info), then the
 * partners grid's data (dataset:columns), decoded into the grid's list and its first block of rows as the page does.
 * Electron passes the answer by structured clone; browser mode sends it as a binary frame (shared/ipc/columns.ts).
 */
async function openWithGridRows(file: string): Promise<number> {
  const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'bench' });
  const handlers = createHandlers(
    session,
    { runtime: 'web', appVersion: 'bench', platform: process.platform, documentsDir: os.tmpdir() },
    new ImportService(session),
    new ExportService(session),
  );
  const dispatch = createDispatcher(handlers);
  const opened = await dispatch('workspace:open', { path: file });
  if (!opened.ok) throw new Error(opened.error.message);
  const datasetId = (opened.value as { datasets: { id: number }[] }).datasets[0]!.id;
  const columns = await dispatch('dataset:columns', { datasetId });
  if (!columns.ok) throw new Error(columns.error.message);
  const { metrics, identity, values } = decodeColumns(columns.value as DatasetColumns);
  // what the grid does before it shows its first rows: the list in the order shown, and its first block
  const table = partnerTable(identity, values);
  const view = new GridView({ onCount: () => {}, onSorting: () => {} });
  view.use(table, columnDefsFor({ metrics }, []));
  const rows = view.rowsFor([], {});
  for (let j = 0; j < Math.min(BLOCK_SIZE, rows.length); j++) gridRow(table, rows[j]!);
  view.dispose();
  session.close();
  return rows.length;
}

/** Wall-clock milliseconds of `command args` run to its end, `runs` times. */
function timeRuns(command: string, args: string[], runs: number): number[] {
  // as from a terminal: without the npm_* variables of the `npm run bench` this runs under
  // (an npm run inside an npm run reads them all as configuration)
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  }
  return times;
}

/** The CLI's start: `help` from the built file, and through `npm run cli` (npm's own start included). */
function cliStartRows(): Row[] {
  const built = spawnSync(process.execPath, [path.join(root, 'build', 'scripts', 'build-cli.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the CLI failed');
  const row = (task: string, times: number[]): Row => rowOf(task, 0, times);
  timeRuns(process.execPath, ['out/cli/tierscape.mjs', 'help'], 2); // the file cache warm, as on a second run
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-bench-cli-'));
  try {
    const sample = path.join(dir, 'Sample.tierscape');
    timeRuns(process.execPath, ['out/cli/tierscape.mjs', 'new', sample, '--sample'], 1);
    return [
      row("Node's own start (node -e '')", timeRuns(process.execPath, ['-e', ''], 21)),
      row(TASK.cliHelp, timeRuns(process.execPath, ['out/cli/tierscape.mjs', 'help'], 21)),
      row('CLI: tierscape info --json on the sample workspace', timeRuns(process.execPath, ['out/cli/tierscape.mjs', 'info', sample, '--json'], 11)),
      row("npm's own start (npm run env, nothing of ours)", timeRuns('npm', ['run', '--silent', 'env'], 11)),
      row('CLI start: npm run cli -- help (with npm)', timeRuns('npm', ['run', '--silent', 'cli', '--', 'help'], 11)),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tierscape-bench-'));
  const rows: Row[] = [];
  /** runs `bench`'s tasks `samples` times each on `n` partners and adds their rows */
  const runBench = async (bench: Bench, n: number, samples: number) => {
    process.stderr.write(`running ${bench.tasks.map((t) => t.name).join(', ')} × ${samples} on ${n} partners…\n`);
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result as { latency?: { p50: number; min: number; max: number } };
      if (!r.latency) throw new Error(`${task.name} did not finish: ${JSON.stringify(task.result)}`);
      rows.push({ task: task.name, partners: n, median: r.latency.p50, min: r.latency.min, max: r.latency.max, samples });
    }
  };
  /** the process's peak resident memory once each size is done (sizes run smallest first) */
  const memory: { partners: number; peakRssMb: number }[] = [];
  const recordMemory = (n: number) => memory.push({ partners: n, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
  /** tasks that cannot run at a size, and why */
  const skipped: string[] = [];
  if (!onlyEngine && !onlyExport) rows.push(...cliStartRows());
  try {
    for (const n of onlyCli ? [] : sizes) {
      process.stderr.write(`preparing ${n} partners…\n`);
      const dataset = benchDataset(n);
      const motionFit = exampleScenarios().find((x) => x.name === 'Motion-fit ladders')!;
      // the engine's rows, in a process of its own that runs the bundled code (engine-child.ts)
      if (!onlyExport) {
        process.stderr.write(`the engine's tasks in a process of its own on ${n} partners…\n`);
        rows.push(...runInOwnProcess<{ rows: Row[] }>('engine-child', [String(n), String(iterations)], `the engine's tasks on ${n} partners`, { noDetach: true }).rows);
      }
      // the side-by-side baseline: the same assignment as one SQL query over the same partners,
      // checked to agree with the engine on every partner before it is timed
      const baselineDb = onlyExport ? null : loadPartnerTable(dataset);
      const baselineSql = assignmentSql(motionFit, dataset);
      if (baselineDb) {
        const engineLevels = evaluate(motionFit, dataset).level;
        const sqlLevelsOnce = sqlLevels(baselineDb, baselineSql, n);
        const differ = engineLevels.findIndex((l, p) => l !== sqlLevelsOnce[p]);
        if (differ >= 0) throw new Error(`the SQL baseline disagrees with the engine on partner ${dataset.partners[differ]!.id}`);
      }
      const sqlSamples = n >= 1_000_000 ? 3 : Math.max(iterations, 10);
      const baseline = new Bench({ iterations: sqlSamples, time: 0, warmup: true, warmupIterations: 1 } as ConstructorParameters<typeof Bench>[0]);
      baseline.add(TASK.sql, () => void sqlLevels(baselineDb!, baselineSql, n));
      if (!onlyExport) await runBench(baseline, n, sqlSamples);
      baselineDb?.close();
      if (onlyEngine) {
        recordMemory(n);
        continue;
      }

      // the leadership workbook: evaluate 5 scenarios, build every sheet, write the .xlsx (DESIGN D13: ≤ 10 s at 100K);
      // at 1M each sample takes about a minute: one sample of each, in a process of its own (export-once.ts)
      if (n >= 1_000_000) {
        for (const [task, cards] of [
          [TASK.exportAll, null],
          ['export 5 scenarios + report cards', 1],
        ] as const) {
          process.stderr.write(`${task} in a process of its own on ${n} partners…\n`);
          const run = exportInOwnProcess(work, n, cards);
          rows.push(rowOf(task, n, [run.ms]), rowOf(`${task}: peak resident memory of its process (the dataset included)`, n, [run.peakRssMb], 'MB'));
        }
      } else {
        const exporting = new Bench({ iterations, time: 0, warmup: false } as ConstructorParameters<typeof Bench>[0]);
        const hooks = { beforeEach: collectGarbage };
        exporting
          .add(TASK.exportAll, () => exportOnce(dataset, work, null), hooks)
          .add('export 5 scenarios + report cards', () => exportOnce(dataset, work, 1), hooks);
        await runBench(exporting, n, iterations);
      }
      if (onlyExport) {
        recordMemory(n);
        continue;
      }

      const csv = writeCsv(work, n);
      const csvText = readFileSync(csv, 'utf8');
      let xlsx: string;
      /** whether SheetJS alone can parse the XLSX (its bare parse is timed next to the import) */
      let bareParses = true;
      try {
        xlsx = writeXlsx(work, n);
      } catch (error) {
        // SheetJS builds a sheet's XML as one string: past V8's string limit (~512 MB) it
        // cannot write the sheet; Tierscape's own streaming writer (the export's) can
        if (!(error instanceof RangeError)) throw error;
        xlsx = await writeLargeXlsx(work, n);
        skipped.push(`XLSX input at ${n.toLocaleString('en-US')} partners: SheetJS cannot write a sheet this large (${error.message}); written by Tierscape's streaming workbook writer instead`);
        try {
          collectGarbage();
          XLSX.read(readFileSync(xlsx), { type: 'buffer', dense: true });
        } catch (parseError) {
          bareParses = false;
          skipped.push(
            `SheetJS bare parse at ${n.toLocaleString('en-US')} partners: fails (${(parseError as Error).name}: ${(parseError as Error).message}): the sheet's XML is past 512 MB, which SheetJS would have to hold as one string, past V8's limit (and past the 512 MB a part Tierscape lets it inflate); Tierscape's import reads such a sheet in pieces`,
          );
        }
        collectGarbage();
      }
      const xlsxBytes = readFileSync(xlsx);

      // an import of 1M partners takes tens of seconds: fewer samples there; a 1M-row XLSX import takes minutes: one
      const importSamples = n >= 1_000_000 ? Math.min(iterations, 3) : iterations;
      // every bare-parse sample starts from a collected heap, so one task's garbage is not the next one's time
      const hooks = { beforeEach: collectGarbage };
      const parsers = (samples: number) => new Bench({ iterations: samples, time: 0, warmup: false } as ConstructorParameters<typeof Bench>[0]);
      // each import sample runs in a process of its own: its time and its peak memory are the import's alone
      const warmups = { CSV: writeCsv(work, WARMUP_PARTNERS), XLSX: writeXlsx(work, WARMUP_PARTNERS) };
      const importRows = (format: 'CSV' | 'XLSX', source: string, samples: number): ChildImport[] => {
        const runs: ChildImport[] = [];
        for (let i = 0; i < samples; i++) {
          process.stderr.write(`${format} import in a process of its own (${i + 1} of ${samples}) on ${n} partners…\n`);
          runs.push(importInOwnProcess(work, source, warmups[format]));
        }
        const [time, peak] = format === 'CSV' ? [TASK.csvImport, TASK.csvPeak] : [TASK.xlsxImport, TASK.xlsxPeak];
        rows.push(
          rowOf(time, n, runs.map((r) => r.ms)),
          rowOf(peak, n, runs.map((r) => r.peakRssMb), 'MB'),
          rowOf(`${format} import: resident memory of its process before the import`, n, runs.map((r) => r.restRssMb), 'MB'),
        );
        return runs;
      };
      // a workspace holding this dataset (a CSV import's), opened as the app opens it
      const workspace = importRows('CSV', csv, importSamples)[0]!.workspace;
      await runBench(parsers(importSamples).add(TASK.papa, () => void Papa.parse(csvText, { delimiter: ',' }), hooks), n, importSamples);
      importRows('XLSX', xlsx, n >= 1_000_000 ? 1 : importSamples);
      if (bareParses) await runBench(parsers(importSamples).add(TASK.sheetJs, () => void XLSX.read(xlsxBytes, { type: 'buffer', dense: true }), hooks), n, importSamples);
      const opening = parsers(importSamples).add(
        TASK.open,
        async () => {
          if ((await openWithGridRows(workspace)) !== n) throw new Error('the grid did not get every partner');
        },
        hooks,
      );
      await runBench(opening, n, importSamples);
      recordMemory(n);
      rmSync(path.join(work), { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const fmt = (ms: number) => formatValue(ms);
  const table = rows.map((r) => ({
    task: r.task,
    partners: r.partners ? r.partners.toLocaleString('en-US') : '—',
    median: formatValue(r.median, r.unit),
    min: formatValue(r.min, r.unit),
    max: formatValue(r.max, r.unit),
    samples: r.samples,
  }));
  console.table(table);
  for (const line of skipped) console.log(`skipped: ${line}`);
  for (const m of memory) console.log(`peak memory (resident) of the bench's process after ${m.partners.toLocaleString('en-US')} partners: ${m.peakRssMb.toLocaleString('en-US')} MB`);
  const npmCli = rows.find((r) => r.task.startsWith('CLI start: npm run'));
  if (npmCli) console.log(`CLI start through npm run: ${fmt(npmCli.median)}`);
  for (const n of onlyCli ? [] : sizes) {
    const get = (name: string) => rows.find((r) => r.partners === n && r.task === name)?.median ?? Number.NaN;
    const ratio = (a: string, b: string) => (Number.isNaN(get(a) / get(b)) ? 'not measured' : `${(get(a) / get(b)).toFixed(2)}×`);
    const parts = [`evaluate ${ratio(TASK.sql, TASK.evaluate)} faster than the SQL baseline`];
    if (!onlyEngine && !onlyExport) parts.push(`CSV import ${ratio(TASK.csvImport, TASK.papa)} Papa Parse's bare parse`, `XLSX import ${ratio(TASK.xlsxImport, TASK.sheetJs)} SheetJS's`);
    if (!onlyExport) console.log(`${n.toLocaleString('en-US')} partners: ${parts.join('; ')}`);
  }
  const goals = checkGoals(rows, 'bench');
  printGoals(goals);
  const out = path.join(root, 'test-results', 'bench.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, rows, goals, memory, skipped }, null, 2),
  );
  console.log(`written to ${path.relative(root, out)}`);
}

if (!gc) process.stderr.write('note: run through `npm run bench` (node --expose-gc) for steadier numbers\n');

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
