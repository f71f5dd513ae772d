/**
 * The benches' Goals table must say ✓ only for a goal met, ✗ for one missed and "not
 * measured" for one whose rows were not run — on hand-made rows, so a verdict cannot pass
 * silently (a wrong comparison, a ratio upside down, a missing size read as zero).
 */
import { describe, expect, it } from 'vitest';
import { checkGoals, GOALS, goalsSummary, goalsTable, measureGoal, TASK, type Goal } from './goals';
import { rowOf, type BenchRow } from './row';

const K100 = 100_000;
const M1 = 1_000_000;
const row = (task: string, partners: number, ...samples: number[]): BenchRow => rowOf(task, partners, samples);
const verdict = (results: ReturnType<typeof checkGoals>, id: string) => {
  const result = results.find((r) => r.id === id);
  if (!result) throw new Error(`no goal ${id}`);
  return result;
};

describe('the Goals table', () => {
  // 100K measured: evaluate passes both its goals, the CSV import misses both; 1M not run
  const rows = [
    row(TASK.evaluate, K100, 9, 8, 30), // median 9 ms
    row(TASK.sql, K100, 500, 510, 490), // median 500 ms: 55.6× evaluate
    row(TASK.csvImport, K100, 2500, 3000, 2600), // median 2.6 s
    row(TASK.papa, K100, 1000, 1000, 1000), // 2.6× Papa
    row(TASK.xlsxImport, K100, 900), // no SheetJS row: the ratio is not measured
    row(TASK.evaluate, 10_000, 1), // another size: read by no goal
  ];
  const results = checkGoals(rows, 'bench');

  it('marks a goal met with ✓, from the median', () => {
    expect(verdict(results, 'evaluate-100k-fast')).toMatchObject({ measured: 9, met: true });
    expect(verdict(results, 'evaluate-vs-sql-100k-fast')).toMatchObject({ met: true });
    expect(verdict(results, 'evaluate-vs-sql-100k-fast').measured).toBeCloseTo(500 / 9);
  });

  it('marks a goal missed with ✗', () => {
    expect(verdict(results, 'csv-100k')).toMatchObject({ measured: 2600, limit: 2000, met: false });
    expect(verdict(results, 'csv-vs-papa-100k')).toMatchObject({ measured: 2.6, met: false });
  });

  it('marks a goal "not measured" when its size was not run, or one of its rows is missing', () => {
    for (const id of ['sweep-1m', 'goal-seek-1m', 'xlsx-1m', 'xlsx-peak-1m', 'csv-vs-papa-1m', 'export-1m', 'drag-step-1m', 'cli-start']) {
      expect(verdict(results, id)).toMatchObject({ measured: null, met: null });
    }
    expect(verdict(results, 'xlsx-vs-sheetjs-100k')).toMatchObject({ measured: null, met: null });
    // nothing at all: every goal not measured, none met
    expect(checkGoals([], 'ui').every((r) => r.met === null)).toBe(true);
  });

  it("prints ✓, ✗ and not measured, and counts them", () => {
    const table = goalsTable(results);
    const line = (id: string) => table[results.findIndex((r) => r.id === id)]!;
    expect(line('evaluate-100k-fast')).toMatchObject({ partners: '100,000', 'measured (median)': '9.0 ms', limit: '≤ 10.0 ms', met: '✓' });
    expect(line('csv-vs-papa-100k')).toMatchObject({ 'measured (median)': '2.60×', limit: '≤ 2.00×', met: '✗' });
    expect(line('xlsx-peak-1m')).toMatchObject({ 'measured (median)': '—', limit: '≤ 2.00 GB', met: 'not measured' });
    const met = results.filter((r) => r.met === true).length;
    const missed = results.filter((r) => r.met === false).length;
    expect(met).toBeGreaterThan(0);
    expect(missed).toBeGreaterThan(0);
    expect(goalsSummary(results)).toBe(`Goals: ${met} met ✓, ${missed} missed ✗, ${results.length - met - missed} not measured (of ${results.length})`);
  });

  it('keeps each bench to its own goals', () => {
    expect(results.every((r) => GOALS.find((g) => g.id === r.id)!.bench === 'bench')).toBe(true);
    const ui = checkGoals([row(TASK.windowOpen, M1, 5000), row(TASK.dragShare, M1, 65), row(TASK.sortFrameGap, M1, 80)], 'ui');
    expect(verdict(ui, 'window-open-1m')).toMatchObject({ measured: 5000, met: false });
    expect(verdict(ui, 'drag-share-1m')).toMatchObject({ measured: 65, met: false });
    expect(verdict(ui, 'sort-responsive-1m')).toMatchObject({ measured: 80, met: true });
    expect(verdict(ui, 'sort-1m')).toMatchObject({ met: null });
  });
});

describe('a goal at its limit', () => {
  const goal = (test: Goal['test']): Goal => ({ id: 'x', bench: 'bench', source: 'D13', words: 'x', partners: K100, measure: { of: TASK.evaluate }, test, limit: 10, unit: 'ms' });
  const at = (value: number, test: Goal['test']) => checkGoals([row(TASK.evaluate, K100, value)], 'bench', [goal(test)])[0]!.met;

  it('is met by "at most" and "at least", missed by "below"', () => {
    expect([at(10, '<='), at(10.01, '<='), at(10, '<'), at(9.99, '<'), at(10, '>='), at(9.99, '>=')]).toEqual([true, false, false, true, true, false]);
  });

  it('reads a ratio as the first median over the second, at the goal’s size only', () => {
    const ratio: Goal = { ...goal('<='), measure: { ratio: [TASK.csvImport, TASK.papa] } };
    expect(measureGoal(ratio, [row(TASK.csvImport, K100, 300), row(TASK.papa, K100, 100), row(TASK.papa, M1, 1)])).toBe(3);
    expect(measureGoal(ratio, [row(TASK.csvImport, K100, 300), row(TASK.papa, M1, 100)])).toBeNull();
  });
});

describe('the goals', () => {
  it('read only rows the benches name (TASK), and have unique ids', () => {
    const names = new Set<string>(Object.values(TASK));
    for (const g of GOALS) {
      const tasks = 'of' in g.measure ? [g.measure.of] : [...g.measure.ratio];
      for (const task of tasks) expect(names.has(task), `${g.id}: ${task}`).toBe(true);
    }
    expect(new Set(GOALS.map((g) => g.id)).size).toBe(GOALS.length);
  });

  it("include issue 23's goals at 1M", () => {
    const at1m = GOALS.filter((g) => g.partners === M1).map((g) => g.id);
    expect(at1m).toEqual(
      expect.arrayContaining(['xlsx-1m', 'xlsx-peak-1m', 'csv-vs-papa-1m', 'window-open-1m', 'drag-1m', 'drag-share-1m', 'sweep-1m', 'goal-seek-1m', 'sort-1m', 'sort-responsive-1m', 'export-1m']),
    );
  });
});
