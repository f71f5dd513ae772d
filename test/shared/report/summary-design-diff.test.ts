/**
 * Below the Summary's figures, what changed between the designs: each scenario against the
 * baseline (or the first), one row per change, grouped by the part of the design — and the
 * rows the LibreOffice check finds (the "Group" header, "Partners in a tier") are untouched.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine';
import type { Scenario } from '../../../shared/model/scenario';
import type { Cell, SheetSpec } from '../../../shared/report/sheet';
import { buildWorkbook } from '../../../shared/report/workbook';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';

const data = generatePartners({ seed: 11, count: 60 });
const examples = exampleScenarios();
const byName = (name: string) => structuredClone(examples.find((s) => s.name === name)!);

function summaryOf(scenarios: Scenario[]): SheetSpec {
  const spec = buildWorkbook({
    dataset: { label: 'FY', asOf: null, partners: data.partners.length },
    data,
    scenarios: scenarios.map((scenario) => ({ scenario, outcome: evaluate(scenario, data) })),
    sheets: [],
    reportCards: null,
    exportedAt: '2026-12-07T10:00:00Z',
  });
  return spec.sheets[0]!;
}

const rowsOf = (sheet: SheetSpec): Cell[][] => Array.from({ length: sheet.rowCount }, (_, i) => sheet.row(i));

/** The rows after the last assumption ("Overrides"): the design diff. */
function designPart(sheet: SheetSpec): [Cell, Cell][] {
  const rows = rowsOf(sheet);
  const last = rows.findIndex((r) => r[0] === 'Assumptions' && r[1] === 'Overrides');
  expect(last).toBeGreaterThan(0);
  return rows.slice(last + 1).map((r) => {
    expect(r).toHaveLength(sheet.columns.length);
    expect(r.slice(2).every((c) => c === null)).toBe(true);
    return [r[0]!, r[1]!];
  });
}

describe('the Summary lists what changed between the designs', () => {
  it('each scenario against the baseline, a row per change grouped by part', () => {
    const asIs = byName('As is: metals on lifetime revenue');
    const raised = byName('Metals, revenue only');
    raised.name = 'Metals, higher Gold';
    const gold = raised.ladders[0]!.tiers[2]!;
    if (gold.requirement?.type !== 'compare') throw new Error('expected Gold to need one comparison');
    gold.requirement.value = 750_000;
    raised.policies.warningBandPct = 15;
    const sheet = summaryOf([raised, asIs, byName('Two-tier starter')]);
    const part = designPart(sheet);
    expect(part.slice(0, 6)).toEqual([
      [null, null],
      ['Design', 'What changed between the designs, Metals, higher Gold against As is: metals on lifetime revenue (the baseline): 3 changes'],
      ['Design: Requirements', 'Gold: Lifetime sourced ARR ≥ $500,000 → ≥ $750,000'],
      ['Design: Policies', 'Warning band: off → 15%'],
      ['Design: Baseline', 'As is: metals on lifetime revenue is marked as the baseline; Metals, higher Gold is not'],
      [null, null],
    ]);
    expect(part[6]).toEqual(['Design', expect.stringMatching(/^What changed between the designs, Two-tier starter against As is: metals on lifetime revenue \(the baseline\): \d+ changes$/)]);
    expect(part.slice(7)).toContainEqual(['Design: Today’s tiers', 'Today’s Gold: level 2 → level 1']);
    expect(part.slice(7).every(([group]) => typeof group === 'string' && group.startsWith('Design: '))).toBe(true);
    // what the LibreOffice check looks for is still found where it was: the header's first column, the tiered row
    expect(sheet.columns[0]!.header).toBe('Group');
    expect(rowsOf(sheet).filter((r) => r[1] === 'Partners in a tier')).toHaveLength(1);
    expect(rowsOf(sheet).some((r) => r[0] === 'Group')).toBe(false);
  });

  it('without a baseline the changes are against the first; the same design says so', () => {
    const a = byName('Two-tier starter');
    const b = byName('Two-tier starter');
    b.name = 'Starter copy';
    b.description = 'the same ladders, another name';
    expect(designPart(summaryOf([a, b]))).toEqual([
      [null, null],
      ['Design', 'What changed between the designs, Starter copy against Two-tier starter: nothing, the same design'],
    ]);
  });

  it('one scenario alone has no design changes', () => {
    expect(designPart(summaryOf([byName('Motion-fit ladders')]))).toEqual([]);
  });
});
