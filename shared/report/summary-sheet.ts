/**
 * The workbook's Summary sheet, always its first: every KPI of the compared scenarios side
 * by side with its change against the baseline (or the reference scenario), then how much
 * of each capacity or budget is used and the scenarios' assumptions, then what changed
 * between the designs (each scenario against the same one); above them, the warnings of a
 * scenario that does not fit the list.
 */
import { compareOutcomes, designDiff, fitOf, kpisOf, type ComparisonResult } from '../engine';
import { humanKey } from '../model/fit';
import { countOf } from '../model/format';
import type { Scenario } from '../model/scenario';
import { col, datasetLine, metricsOf, motionWords, table, wrapped, type ReportInput, type ReportScenario } from './common';
import { deltaTone, kpiRows, referenceIndex, type Better, type KpiKind } from './kpis';
import type { Cell, CellFormat, ColumnSpec, SheetSpec } from './sheet';

const KPI_FORMATS: Record<KpiKind, { value: CellFormat; delta: CellFormat }> = {
  count: { value: 'count', delta: 'deltaCount' },
  percent: { value: 'percent', delta: 'deltaPoints' },
  currency: { value: 'currency', delta: 'deltaCurrency' },
  hours: { value: 'hours', delta: 'deltaHours' },
};

function comparisonOf(scenarios: readonly ReportScenario[]): ComparisonResult {
  const entries = scenarios.map((s) => ({ name: s.scenario.name, baseline: s.scenario.baseline, outcome: s.outcome }));
  if (entries.length >= 2) return compareOutcomes(entries);
  const only = kpisOf(entries[0]!.name, entries[0]!.baseline, entries[0]!.outcome);
  return { baseline: only.baseline ? only.name : null, scenarios: [{ ...only, delta: null }] };
}

// ---------------------------------------------------------------------------------------
// Summary

export function summarySheet(input: ReportInput, names: string[]): SheetSpec {
  const comparison = comparisonOf(input.scenarios);
  const reference = referenceIndex(comparison);
  const many = input.scenarios.length > 1;
  const refName = names[reference]!;
  const against = comparison.baseline !== null ? 'baseline' : refName;
  // the design changes below the figures are sentences: the measure wraps, and its group stays at the top beside it
  const columns: ColumnSpec[] = [wrapped('Group'), wrapped('Measure')];
  names.forEach((name, i) => {
    columns.push(wrapped(name));
    if (many && i !== reference) columns.push(col(`± vs ${against}`));
  });
  const rows: Cell[][] = [];
  // a change good or bad for the program (`better`: which way a figure is better) is green or red, as on screen
  const push = (group: string, label: string, values: (Cell | null)[], deltas: (number | null)[] | null, deltaFormat: CellFormat, better: Better = null) => {
    const row: Cell[] = [group, label];
    values.forEach((v, i) => {
      row.push(v);
      if (!many || i === reference) return;
      const delta = deltas?.[i];
      if (delta === null || delta === undefined) {
        row.push(null);
        return;
      }
      const tone = deltaTone(better, delta);
      row.push(tone ? { value: delta, format: deltaFormat, tone } : { value: delta, format: deltaFormat });
    });
    rows.push(row);
  };
  const usage = (pick: (k: ComparisonResult['scenarios'][number]) => number | null, label: string) => {
    const values = comparison.scenarios.map(pick);
    const base = values[reference] ?? null;
    push(
      'Resources',
      label,
      values.map((v) => (v === null ? null : Number.isFinite(v) ? { value: v, format: 'percent' } : 'over (the budget is 0)')),
      values.map((v, i) => (i === reference || v === null || base === null || !Number.isFinite(v) || !Number.isFinite(base) ? null : (v - base) * 100)),
      'deltaPoints',
    );
  };
  for (const r of kpiRows(comparison, input.scenarios.map((s) => ({ ladders: s.outcome.ladders })))) {
    const f = KPI_FORMATS[r.kind];
    const scale = r.kind === 'percent' ? 100 : 1;
    push(
      r.group,
      r.label,
      r.cells.map((c) => (c.value === null ? null : { value: c.value, format: f.value })),
      r.cells.map((c) => (c.delta === null ? null : c.delta * scale)),
      f.delta,
      r.better,
    );
    // how much of each capacity or budget is used, after the money rows
    if (r.id === 'margin') {
      usage((k) => k.hoursUtilisation, 'Hours used of capacity');
      usage((k) => k.mdfUtilisation, 'MDF used of budget');
      usage((k) => k.marginUtilisation, 'Margin used of budget');
    }
  }

  // the assumptions, side by side
  const scenarios = input.scenarios.map((s) => s.scenario);
  const lookup = (s: Scenario) => metricsOf(input, s);
  const assumption = (label: string, cell: (s: Scenario) => Cell) => push('Assumptions', label, scenarios.map(cell), null, 'text');
  const amount = (v: number | null, format: CellFormat): Cell => (v === null ? 'not set' : { value: v, format });
  assumption('Marked as baseline', (s) => (s.baseline ? 'yes' : 'no'));
  assumption('Value metric', (s) => (s.assumptions.valueMetric ? lookup(s)(s.assumptions.valueMetric).label : 'not set'));
  assumption('Partner-manager hours available', (s) => amount(s.assumptions.capacityHours, 'hours'));
  assumption('MDF budget', (s) => amount(s.assumptions.mdfBudget, 'currency'));
  assumption('Margin budget', (s) => amount(s.assumptions.marginBudget, 'currency'));
  assumption('Ladders', (s) => s.ladders.map((l) => `${l.name} (${motionWords(l.motion)})`).join('; '));
  assumption('Offsetting rules switched on', (s) => s.rules.filter((r) => s.enabledRules.includes(r.id)).map((r) => r.name).join('; ') || 'none');
  assumption('Grandfathering (quarters)', (s) => ({ value: s.policies.grandfatherQuarters, format: 'count' }));
  assumption('Demotion limit (levels per cycle)', (s) => amount(s.policies.maxDemotionLevels, 'count'));
  assumption('Warning band', (s) => amount(s.policies.warningBandPct === null ? null : s.policies.warningBandPct / 100, 'percent'));
  assumption('Tier-inflation alert above', (s) => amount(s.policies.inflationAlertPct === null ? null : s.policies.inflationAlertPct / 100, 'percent'));
  assumption('Overrides', (s) => ({ value: s.overrides.length, format: 'count' }));
  if (many) rows.push(...designRows(input, names, reference, comparison.baseline !== null, columns.length));

  const title = [
    many ? `Scenario comparison: ${names.join(' · ')}` : `Scenario: ${names[0]}`,
    datasetLine(input),
    `Exported ${input.exportedAt.slice(0, 10)} by Tierscape${
      many
        ? comparison.baseline !== null
          ? ` · changes are against the baseline, ${comparison.baseline}`
          : ` · none is marked baseline, so changes are against ${refName}`
        : ''
    }`,
    ...fitLines(input, names),
  ];
  return table('Summary', title, columns, rows, { freezeColumns: 2 });
}

/**
 * Below the figures, what changed between the designs: each scenario against the one the
 * changes are against (the Compare view's pairs), a line naming the pair, then one row per
 * change, its part of the design in the first column ("Design: Tiers", so a filter on the
 * column keeps them apart from the figures' groups).
 */
function designRows(input: ReportInput, names: readonly string[], reference: number, baseline: boolean, width: number): Cell[][] {
  const blank = (): Cell[] => Array.from({ length: width }, () => null);
  const line = (group: string, text: string): Cell[] => [group, text, ...blank().slice(2)];
  const against = `${names[reference]}${baseline ? ' (the baseline)' : ''}`;
  const rows: Cell[][] = [];
  input.scenarios.forEach((s, i) => {
    if (i === reference) return;
    const diff = designDiff(input.scenarios[reference]!.scenario, s.scenario, input.data.metrics);
    rows.push(blank());
    rows.push(line('Design', `What changed between the designs, ${names[i]} against ${against}: ${diff.same ? 'nothing, the same design' : countOf(diff.count, 'change')}`));
    for (const section of diff.sections) for (const change of section.changes) rows.push(line(`Design: ${section.title}`, change.text));
  });
  return rows;
}

/**
 * At the top of the Summary, per scenario: metrics the list lacks (requirements on them are
 * never met) and today's tiers it does not place — before any figure, as the Compare view says it.
 */
export function fitLines(input: Pick<ReportInput, 'dataset' | 'scenarios'>, names: readonly string[]): string[] {
  const lines: string[] = [];
  input.scenarios.forEach(({ outcome }, i) => {
    const fit = fitOf(outcome);
    const quoted = (items: readonly string[]) => items.map((x) => `"${x}"`).join(', ');
    if (fit.missingMetrics.length > 0) {
      lines.push(
        `Warning: ${names[i]} reads ${fit.missingMetrics.length === 1 ? 'a metric' : 'metrics'} ${input.dataset.label} does not have (${quoted(fit.missingMetrics.map(humanKey))}): requirements on ${fit.missingMetrics.length === 1 ? 'it are' : 'them are'} never met, so its figures are not the design's.`,
      );
    }
    if (fit.unplacedTiers.length > 0) {
      lines.push(
        `Warning: ${names[i]} does not place today's ${fit.unplacedTiers.length === 1 ? 'tier' : 'tiers'} ${quoted(fit.unplacedTiers)}: their partners count as having no tier today (newly tiered, never promoted or demoted).`,
      );
    }
  });
  return lines;
}
