/**
 * The speed goals both benches check (DESIGN D13's targets, issue 21's and issue 23's), in one table:
 * each goal names the bench that measures it, the partner count it applies to, the rows its
 * measured value is read from (a median, or a ratio of two medians at that size), and its
 * limit. After its rows, each bench prints its goals with ✓ or ✗, or "not measured" when a
 * row it needs was not run (another size, BENCH_ONLY, an input the bare parser cannot read),
 * and writes them to its JSON. test/bench/goals.test.ts checks the verdicts on made-up rows.
 *
 * The benches name their rows with TASK, so a goal and the row it reads cannot drift apart.
 */
import { formatValue, type BenchRow, type BenchUnit } from './row';

/** The rows the goals read, as the benches name them. */
export const TASK = {
  // npm run bench
  cliHelp: 'CLI start: tierscape help (node out/cli/tierscape.mjs)',
  evaluate: 'evaluate (motion-fit, all outcomes)',
  dragStep: 'threshold drag step (one value, as the worker computes it)',
  sql: 'SQL baseline: the same tier assignment as one SQL CASE query (SQLite)',
  sweep: '50-step sweep (Selling ARR threshold, $0-$500K)',
  goalSeek: 'goal seek (10% of resellers in Selling)',
  design: 'design to a target (resellers 80/15/5, MDF at most 30% of now, rounded to $10K)',
  exportAll: 'export 5 scenarios (every sheet)',
  csvImport: 'CSV import (read, check, write)',
  csvPeak: 'CSV import: peak resident memory of its process',
  papa: 'Papa Parse bare parse of that CSV',
  xlsxImport: 'XLSX import (read, check, write)',
  xlsxPeak: 'XLSX import: peak resident memory of its process',
  sheetJs: 'SheetJS bare parse of that XLSX',
  open: "workspace open + the grid's rows (every partner)",
  // npm run bench:ui
  windowOpen: 'Open (Ctrl+O) until the grid shows every partner',
  sort: 'sort by partner name (until the sorted first row shows)',
  sortFrameGap: 'sort: longest gap between frames on the page',
  sortLongestTask: 'sort: longest task on the page (0: none over 50 ms)',
  dragShare: 'drag: share of moves previewed (of the values the slider took)',
  dragWorker: 'drag: worker time per previewed value',
} as const;

/** A goal's measured value: one row's median, or one median over another's (at the goal's size). */
export type Measure = { of: string } | { ratio: readonly [string, string] };

export interface Goal {
  id: string;
  bench: 'bench' | 'ui';
  /** where the goal is set */
  source: 'D13' | 'issue 21' | 'issue 23' | 'issue 24';
  /** what is measured, in words (the limit is printed beside it) */
  words: string;
  /** the partner count it applies to; 0 for what has no size (the CLI's start) */
  partners: number;
  measure: Measure;
  /** the measured value passes when it is (at most | below | at least) the limit */
  test: '<=' | '<' | '>=';
  limit: number;
  unit: BenchUnit;
}

const K100 = 100_000;
const M1 = 1_000_000;

export const GOALS: readonly Goal[] = [
  // the work itself, in Node (npm run bench)
  { id: 'cli-start', bench: 'bench', source: 'issue 21', words: 'CLI start: tierscape help', partners: 0, measure: { of: TASK.cliHelp }, test: '<', limit: 300, unit: 'ms' },
  { id: 'evaluate-100k', bench: 'bench', source: 'D13', words: 'evaluate, all outcomes', partners: K100, measure: { of: TASK.evaluate }, test: '<=', limit: 20, unit: 'ms' },
  { id: 'evaluate-100k-fast', bench: 'bench', source: 'issue 23', words: 'evaluate, all outcomes', partners: K100, measure: { of: TASK.evaluate }, test: '<=', limit: 10, unit: 'ms' },
  { id: 'evaluate-vs-sql-100k', bench: 'bench', source: 'D13', words: 'evaluate against the SQL baseline (times faster)', partners: K100, measure: { ratio: [TASK.sql, TASK.evaluate] }, test: '>=', limit: 3, unit: '×' },
  { id: 'evaluate-vs-sql-100k-fast', bench: 'bench', source: 'issue 23', words: 'evaluate against the SQL baseline (times faster)', partners: K100, measure: { ratio: [TASK.sql, TASK.evaluate] }, test: '>=', limit: 50, unit: '×' },
  { id: 'drag-step-100k', bench: 'bench', source: 'D13', words: "threshold drag step (the worker's code, in Node)", partners: K100, measure: { of: TASK.dragStep }, test: '<', limit: 16, unit: 'ms' },
  { id: 'drag-step-1m', bench: 'bench', source: 'issue 23', words: "threshold drag step (the worker's code, in Node)", partners: M1, measure: { of: TASK.dragStep }, test: '<=', limit: 33, unit: 'ms' },
  { id: 'sweep-1m', bench: 'bench', source: 'issue 23', words: '50-step sweep', partners: M1, measure: { of: TASK.sweep }, test: '<=', limit: 1000, unit: 'ms' },
  { id: 'goal-seek-1m', bench: 'bench', source: 'issue 23', words: 'goal seek', partners: M1, measure: { of: TASK.goalSeek }, test: '<=', limit: 500, unit: 'ms' },
  { id: 'design-100k', bench: 'bench', source: 'issue 24', words: 'design to a target (in Node; the worker runs the same code)', partners: K100, measure: { of: TASK.design }, test: '<=', limit: 2000, unit: 'ms' },
  { id: 'csv-100k', bench: 'bench', source: 'D13', words: 'CSV import', partners: K100, measure: { of: TASK.csvImport }, test: '<=', limit: 2000, unit: 'ms' },
  { id: 'csv-vs-papa-100k', bench: 'bench', source: 'issue 23', words: "CSV import against Papa Parse's bare parse", partners: K100, measure: { ratio: [TASK.csvImport, TASK.papa] }, test: '<=', limit: 2, unit: '×' },
  { id: 'csv-vs-papa-1m', bench: 'bench', source: 'issue 23', words: "CSV import against Papa Parse's bare parse", partners: M1, measure: { ratio: [TASK.csvImport, TASK.papa] }, test: '<=', limit: 2, unit: '×' },
  { id: 'xlsx-vs-sheetjs-100k', bench: 'bench', source: 'D13', words: "XLSX import against SheetJS's bare parse", partners: K100, measure: { ratio: [TASK.xlsxImport, TASK.sheetJs] }, test: '<=', limit: 1.5, unit: '×' },
  { id: 'xlsx-vs-sheetjs-100k-fast', bench: 'bench', source: 'issue 23', words: "XLSX import against SheetJS's bare parse", partners: K100, measure: { ratio: [TASK.xlsxImport, TASK.sheetJs] }, test: '<=', limit: 0.5, unit: '×' },
  { id: 'xlsx-1m', bench: 'bench', source: 'issue 23', words: 'XLSX import', partners: M1, measure: { of: TASK.xlsxImport }, test: '<=', limit: 40_000, unit: 'ms' },
  { id: 'xlsx-peak-1m', bench: 'bench', source: 'issue 23', words: 'XLSX import: peak memory (resident, its process)', partners: M1, measure: { of: TASK.xlsxPeak }, test: '<=', limit: 2048, unit: 'MB' },
  { id: 'open-100k', bench: 'bench', source: 'D13', words: "workspace open + the grid's rows (the work, in Node)", partners: K100, measure: { of: TASK.open }, test: '<=', limit: 1500, unit: 'ms' },
  { id: 'export-100k', bench: 'bench', source: 'D13', words: 'export 5 scenarios', partners: K100, measure: { of: TASK.exportAll }, test: '<=', limit: 10_000, unit: 'ms' },
  { id: 'export-1m', bench: 'bench', source: 'issue 23', words: 'export 5 scenarios', partners: M1, measure: { of: TASK.exportAll }, test: '<=', limit: 60_000, unit: 'ms' },
  // in the window (npm run bench:ui)
  { id: 'window-open-100k', bench: 'ui', source: 'D13', words: 'Open until the grid shows every partner', partners: K100, measure: { of: TASK.windowOpen }, test: '<=', limit: 1500, unit: 'ms' },
  { id: 'window-open-1m', bench: 'ui', source: 'issue 23', words: 'Open until the grid shows every partner', partners: M1, measure: { of: TASK.windowOpen }, test: '<=', limit: 4000, unit: 'ms' },
  { id: 'drag-100k', bench: 'ui', source: 'D13', words: "threshold drag: the worker's time per value", partners: K100, measure: { of: TASK.dragWorker }, test: '<', limit: 16, unit: 'ms' },
  { id: 'drag-1m', bench: 'ui', source: 'issue 23', words: "threshold drag: the worker's time per value", partners: M1, measure: { of: TASK.dragWorker }, test: '<=', limit: 33, unit: 'ms' },
  { id: 'drag-share-1m', bench: 'ui', source: 'issue 23', words: 'threshold drag: pointer moves previewed (every one)', partners: M1, measure: { of: TASK.dragShare }, test: '>=', limit: 100, unit: '%' },
  { id: 'sort-1m', bench: 'ui', source: 'issue 23', words: 'sort the grid until the sorted first row shows', partners: M1, measure: { of: TASK.sort }, test: '<=', limit: 1000, unit: 'ms' },
  // "page responsive": the page paints at least every 100 ms (RAIL's budget for answering input)
  { id: 'sort-responsive-1m', bench: 'ui', source: 'issue 23', words: 'sort the grid: the page responsive (longest gap between frames)', partners: M1, measure: { of: TASK.sortFrameGap }, test: '<=', limit: 100, unit: 'ms' },
];

export interface GoalResult {
  id: string;
  source: Goal['source'];
  goal: string;
  partners: number;
  /** null: a row it needs was not run */
  measured: number | null;
  test: Goal['test'];
  limit: number;
  unit: BenchUnit;
  /** null: not measured */
  met: boolean | null;
}

/** The median of `task` at `partners`, if the rows have it. */
function medianOf(rows: readonly BenchRow[], task: string, partners: number): number | undefined {
  const median = rows.find((r) => r.task === task && r.partners === partners)?.median;
  return median === undefined || !Number.isFinite(median) ? undefined : median;
}

export function measureGoal(goal: Goal, rows: readonly BenchRow[]): number | null {
  if ('of' in goal.measure) return medianOf(rows, goal.measure.of, goal.partners) ?? null;
  const [top, bottom] = goal.measure.ratio.map((task) => medianOf(rows, task, goal.partners));
  return top === undefined || bottom === undefined || bottom === 0 ? null : top / bottom;
}

function passes(value: number, test: Goal['test'], limit: number): boolean {
  return test === '<=' ? value <= limit : test === '<' ? value < limit : value >= limit;
}

/** Each of `bench`'s goals against the rows: its measured value and whether it is met. */
export function checkGoals(rows: readonly BenchRow[], bench: Goal['bench'], goals: readonly Goal[] = GOALS): GoalResult[] {
  return goals
    .filter((g) => g.bench === bench)
    .map((g) => {
      const measured = measureGoal(g, rows);
      return {
        id: g.id,
        source: g.source,
        goal: g.words,
        partners: g.partners,
        measured,
        test: g.test,
        limit: g.limit,
        unit: g.unit,
        met: measured === null ? null : passes(measured, g.test, g.limit),
      };
    });
}

const SIGN = { '<=': '≤', '<': '<', '>=': '≥' } as const;

/** The Goals table as printed: goal, size, measured (median), limit, and ✓, ✗ or "not measured". */
export function goalsTable(results: readonly GoalResult[]): Record<string, string>[] {
  return results.map((r) => ({
    goal: r.goal,
    partners: r.partners === 0 ? '—' : r.partners.toLocaleString('en-US'),
    'measured (median)': r.measured === null ? '—' : formatValue(r.measured, r.unit),
    limit: `${SIGN[r.test]} ${formatValue(r.limit, r.unit)}`,
    met: r.met === null ? 'not measured' : r.met ? '✓' : '✗',
    source: r.source,
  }));
}

export function goalsSummary(results: readonly GoalResult[]): string {
  const count = (met: boolean | null) => results.filter((r) => r.met === met).length;
  return `Goals: ${count(true)} met ✓, ${count(false)} missed ✗, ${count(null)} not measured (of ${results.length})`;
}

/** Prints the Goals table and its summary line. */
export function printGoals(results: readonly GoalResult[]): void {
  console.log('\nGoals');
  console.table(goalsTable(results));
  console.log(goalsSummary(results));
}
