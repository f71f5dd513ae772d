/**
 * The workbook's charts as data (shared/report/charts.ts): each series points at cells of the
 * sheets the workbook writes, those cells hold what the series caches, and the figures are
 * the engine's. Read back here through the SheetSpecs themselves (the writer's side is
 * test/services/export/charts.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate } from '../../../shared/engine';
import { chartNumber, chartsOf, headerRowOf, quotedSheet, refCells, refFormula, type ChartRef, type ChartSpec } from '../../../shared/report/charts';
import type { ReportInput } from '../../../shared/report/common';
import { OPTIONAL_SHEETS, type OptionalSheet } from '../../../shared/report/options';
import { cellText, type Cell, type SheetSpec, type WorkbookSpec } from '../../../shared/report/sheet';
import { buildWorkbook } from '../../../shared/report/workbook';
import type { Scenario } from '../../../shared/model/scenario';

const data = generatePartners({ seed: 2024, count: 400 });
const byName = (name: string) => exampleScenarios().find((s) => s.name === name)!;
const THREE = ['As is: metals on lifetime revenue', 'Motion-fit ladders', 'Two-tier starter'];

function inputOf(scenarios: Scenario[], sheets: readonly OptionalSheet[] = OPTIONAL_SHEETS): ReportInput {
  return {
    dataset: { label: 'FY', asOf: null, partners: data.partners.length },
    data,
    scenarios: scenarios.map((scenario) => ({ scenario, outcome: evaluate(scenario, data) })),
    sheets,
    reportCards: null,
    exportedAt: '2026-12-07T09:00:00Z',
  };
}

/** The cells a reference names, read from the spec's sheets: the header row's texts, or the table's cells. */
function cellsAt(spec: WorkbookSpec, ref: ChartRef): { cell: Cell; format: SheetSpec['columns'][number]['format'] }[] {
  const sheet = spec.sheets.find((s) => s.name === ref.sheet);
  if (!sheet) throw new Error(`no sheet ${ref.sheet}`);
  const out: { cell: Cell; format: SheetSpec['columns'][number]['format'] }[] = [];
  for (const a of ref.areas) {
    for (let r = a.top; r <= a.bottom; r += 1) {
      for (let c = a.left; c <= a.right; c += 1) {
        const i = r - headerRowOf(sheet) - 1;
        expect(i, `${ref.sheet} row ${r} is in its table`).toBeGreaterThanOrEqual(-1);
        expect(i).toBeLessThan(sheet.rowCount);
        out.push({ cell: i < 0 ? sheet.columns[c]!.header : (sheet.row(i)[c] ?? null), format: sheet.columns[c]!.format });
      }
    }
  }
  return out;
}

/** Every series of every chart reads the cells whose values it caches. */
function expectCachesMatchCells(spec: WorkbookSpec, charts: readonly ChartSpec[]): void {
  for (const chart of charts) {
    for (const s of chart.series) {
      expect(cellsAt(spec, s.categories.ref).map((x) => cellText(x.cell, x.format)), `${chart.title}: categories`).toEqual(s.categories.cache);
      expect(cellsAt(spec, s.values.ref).map((x) => chartNumber(x.cell)), `${chart.title}: ${s.name}`).toEqual(s.values.cache);
      if (s.nameRef) expect(cellsAt(spec, s.nameRef).map((x) => cellText(x.cell, x.format))).toEqual([s.name]);
      // a chart draws every series against the first one's categories
      expect(s.categories).toEqual(chart.series[0]!.categories);
    }
  }
}

describe('the Charts sheet and its charts', () => {
  const input = inputOf(THREE.map(byName));
  const spec = buildWorkbook(input);
  const chartsSheet = spec.sheets.find((s) => s.name === 'Charts')!;
  const charts = chartsSheet.charts!;

  it('follows the Summary, and lists each chart with what it shows and the cells it reads', () => {
    expect(spec.sheets.map((s) => s.name).slice(0, 3)).toEqual(['Summary', 'Charts', 'Distribution']);
    expect(spec.sheets.filter((s) => s.charts?.length)).toEqual([chartsSheet]);
    expect(charts.map((c) => c.title)).toEqual([
      ...THREE.map((n) => `Partners per tier: ${n}`),
      'Partner-manager hours against capacity',
      'MDF against budget',
      'Margin against budget',
      'Conflict-rule coverage per scenario',
    ]);
    expect(chartsSheet.rowCount).toBe(charts.length);
    charts.forEach((c, i) => {
      const [title, note, from] = chartsSheet.row(i);
      expect(title).toBe(c.title);
      expect(note).toBe(c.note);
      for (const s of c.series) expect(from).toContain(refCells(s.values.ref));
    });
  });

  it('every series caches the very cells it names', () => {
    expectCachesMatchCells(spec, charts);
  });

  it('partners per tier: each scenario’s rows for all partners, as the engine counted them', () => {
    input.scenarios.forEach(({ outcome }, k) => {
      const chart = charts[k]!;
      const all = outcome.distribution.filter((d) => d.motion === '*');
      const [series] = chart.series;
      expect(chart.series).toHaveLength(1);
      expect(series!.name).toBe(THREE[k]);
      expect(series!.categories.cache).toEqual(all.map((d) => d.tier ?? 'Untiered'));
      expect(series!.values.cache).toEqual(all.map((d) => d.count));
      expect(series!.values.ref.sheet).toBe('Distribution');
      // one block of rows: a plain range, no union
      expect(series!.values.ref.areas).toHaveLength(1);
      expect(series!.tone).toBe(k);
    });
  });

  it('partners per tier of scenarios that share their tiers: one stacked chart, a series per tier reading each scenario’s row', () => {
    const metals = ['As is: metals on lifetime revenue', 'Metals, revenue only'];
    const shared = inputOf(metals.map(byName));
    const both = buildWorkbook(shared);
    const [chart, ...rest] = both.sheets.find((s) => s.name === 'Charts')!.charts!;
    expect(rest.map((c) => c.title)).not.toContain('Partners per tier: Metals, revenue only');
    expect(chart).toMatchObject({ title: 'Partners per tier', grouping: 'stacked', categoryTitle: 'Scenario', valueLabels: false });
    const all = shared.scenarios.map(({ outcome }) => outcome.distribution.filter((d) => d.motion === '*'));
    expect(chart!.series.map((s) => s.name)).toEqual(all[0]!.map((d) => d.tier ?? 'Untiered'));
    chart!.series.forEach((s, k) => {
      expect(s.categories.cache).toEqual(metals);
      expect(s.values.cache).toEqual(all.map((rows) => rows[k]!.count));
      // one cell per scenario, in rows apart: a union
      expect(s.values.ref.areas).toHaveLength(2);
      expect(s.tone).toBe(s.name === 'Untiered' ? 'limit' : k);
    });
    expectCachesMatchCells(both, [chart!]);
  });

  it('resources: each scenario’s totals beside its capacity and budgets, a union of its rows', () => {
    const [hours, mdf, margin] = charts.slice(3, 6);
    for (const chart of [hours!, mdf!, margin!]) {
      expect(chart.series.map((s) => s.tone)).toEqual([0, 'limit']);
      expect(chart.series[0]!.categories.cache).toEqual(THREE);
      expect(refFormula(chart.series[0]!.values.ref)).toMatch(/^\('Resources'!\$[A-Z]\$\d+,'Resources'!\$[A-Z]\$\d+,'Resources'!\$[A-Z]\$\d+\)$/);
    }
    expect(hours!.series.map((s) => s.values.cache)).toEqual([input.scenarios.map((s) => s.outcome.resources.totals.hours), input.scenarios.map((s) => s.scenario.assumptions.capacityHours)]);
    expect(mdf!.series.map((s) => s.values.cache)).toEqual([input.scenarios.map((s) => s.outcome.resources.totals.mdf), input.scenarios.map((s) => s.scenario.assumptions.mdfBudget)]);
    expect(margin!.series.map((s) => s.values.cache)).toEqual([input.scenarios.map((s) => s.outcome.resources.totals.margin), input.scenarios.map((s) => s.scenario.assumptions.marginBudget)]);
    expect(hours!.series[0]!.values.format).toBe('hours');
    expect(mdf!.series[0]!.values.format).toBe('currency');
  });

  it('coverage: the share of pairs and of grants covered per scenario, from the Summary’s columns of the scenarios', () => {
    const chart = charts.at(-1)!;
    const share = (a: number, b: number) => (b === 0 ? 1 : a / b);
    expect(chart.series.map((s) => s.name)).toEqual(['Conflict-prone benefits covered', 'Grants covered']);
    expect(chart.series[0]!.values.cache).toEqual(input.scenarios.map((s) => share(s.outcome.coverage.pairs.covered, s.outcome.coverage.pairs.total)));
    expect(chart.series[1]!.values.cache).toEqual(input.scenarios.map((s) => share(s.outcome.coverage.grants.covered, s.outcome.coverage.grants.total)));
    expect(chart.series[0]!.categories.cache).toEqual(THREE);
    expect(chart.valueMax).toBe(1);
    // the scenarios' columns skip the changes against the baseline between them: a union
    expect(chart.series[0]!.values.ref.sheet).toBe('Summary');
    expect(chart.series[0]!.values.ref.areas.length).toBeGreaterThan(1);
  });

  it('a budget not set is a gap, not a zero', () => {
    const open = { ...byName('Two-tier starter'), assumptions: { ...byName('Two-tier starter').assumptions, capacityHours: null } };
    const one = buildWorkbook(inputOf([open], ['resources']));
    const hours = one.sheets[1]!.charts![0]!;
    expect(hours.title).toBe('Partner-manager hours against capacity');
    expect(hours.series[1]!.values.cache).toEqual([null]);
    expectCachesMatchCells(one, one.sheets[1]!.charts!);
  });
});

describe('which charts an export has', () => {
  const scenarios = THREE.slice(0, 2).map(byName);
  const titles = (sheets: readonly OptionalSheet[]) => buildWorkbook(inputOf(scenarios, sheets)).sheets.find((s) => s.name === 'Charts')?.charts?.map((c) => c.title);

  it('only those whose sheets it has; none, and no Charts sheet, without them', () => {
    expect(titles(['distribution'])).toEqual(THREE.slice(0, 2).map((n) => `Partners per tier: ${n}`));
    expect(titles(['resources'])).toEqual(['Partner-manager hours against capacity', 'MDF against budget', 'Margin against budget']);
    expect(titles(['coverage', 'ladders'])).toEqual(['Conflict-rule coverage per scenario']);
    expect(titles(['movement', 'review', 'ladders', 'assignments'])).toBeUndefined();
    expect(titles([])).toBeUndefined();
    const spec = buildWorkbook(inputOf(scenarios, ['movement', 'assignments']));
    expect(spec.sheets.some((s) => s.charts !== undefined)).toBe(false);
  });

  it('one scenario: single cells, not unions; two scenarios of the same name read their own rows', () => {
    const one = buildWorkbook(inputOf([byName('Motion-fit ladders')], ['resources', 'coverage']));
    for (const c of one.sheets[1]!.charts!) for (const s of c.series) expect(s.values.ref.areas).toHaveLength(1);
    expectCachesMatchCells(one, one.sheets[1]!.charts!);

    const twin = byName('Two-tier starter');
    const twins = buildWorkbook(inputOf([twin, { ...twin, baseline: false }], ['distribution', 'resources', 'coverage']));
    const charts = twins.sheets[1]!.charts!;
    // the same tiers: one stacked chart, a bar for each twin
    expect(charts[0]!.grouping).toBe('stacked');
    expect(charts[0]!.series[0]!.categories.cache).toEqual(['Two-tier starter', 'Two-tier starter (2)']);
    expect(charts[1]!.series[0]!.categories.cache).toEqual(['Two-tier starter', 'Two-tier starter (2)']);
    expectCachesMatchCells(twins, charts);
  });

  it('a source sheet without the column a chart reads is a bug, said at once', () => {
    const input = inputOf(scenarios, ['distribution']);
    const spec = buildWorkbook(input);
    const distribution = spec.sheets.find((s) => s.name === 'Distribution')!;
    const renamed = { ...distribution, columns: distribution.columns.map((c) => (c.header === 'Partners' ? { ...c, header: 'Count' } : c)) };
    expect(() => chartsOf({ summary: spec.sheets[0]!, distribution: renamed }, ['a', 'b'])).toThrow(/no column "Partners"/);
  });
});

describe('references as formulas', () => {
  const area = (top: number, left: number, bottom = top, right = left) => ({ top, bottom, left, right });

  it('quotes every sheet name and doubles an apostrophe', () => {
    expect(quotedSheet('Distribution')).toBe("'Distribution'");
    expect(quotedSheet('Conflict coverage')).toBe("'Conflict coverage'");
    expect(quotedSheet("Partner's view")).toBe("'Partner''s view'");
    expect(refFormula({ sheet: 'Conflict coverage', areas: [area(1, 0)] })).toBe("'Conflict coverage'!$A$1");
    expect(refFormula({ sheet: "O'Brien's", areas: [area(5, 1, 9, 1)] })).toBe("'O''Brien''s'!$B$5:$B$9");
  });

  it('writes a block as a range and several as a union in parentheses', () => {
    const ref = { sheet: 'Resources', areas: [area(11, 5), area(27, 5), area(32, 27, 33, 27)] };
    expect(refFormula(ref)).toBe("('Resources'!$F$11,'Resources'!$F$27,'Resources'!$AB$32:$AB$33)");
    expect(refCells(ref)).toBe('F11, F27, AB32:AB33');
  });

  it('reads numbers, not text, blanks or infinities', () => {
    expect([3, { value: 0.5, format: 'percent' }, 'not set', null, '', true, Number.NaN, Number.POSITIVE_INFINITY, { value: null, format: 'count' }].map((c) => chartNumber(c as Cell))).toEqual([
      3,
      0.5,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
