/** The compare view's key figures and the workbook's cell texts in the list's currency (issue 17). */
import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate, compareOutcomes } from '../../../shared/engine';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { kpiRows } from '../../../shared/report/kpis';
import { cellText, metricCell } from '../../../shared/report/sheet';

function compared(unit: string | null) {
  const base = generatePartners({ seed: 20260630, count: 300 });
  const data: ColumnarDataset = { ...base, metrics: base.metrics.map((m) => (m.kind === 'currency' ? { ...m, unit } : m)) };
  const scenarios = exampleScenarios().filter((s) => s.name === 'As is: metals on lifetime revenue' || s.name === 'Motion-fit ladders');
  const outcomes = scenarios.map((s) => ({ name: s.name, baseline: s.baseline, outcome: evaluate(s, data) }));
  return kpiRows(
    compareOutcomes(outcomes),
    outcomes.map((o) => ({ ladders: o.outcome.ladders })),
  );
}

describe('key figures in the list’s currency', () => {
  it('an EUR list: MDF, fixed and margin in euros, changes included', () => {
    const rows = compared('EUR');
    const mdf = rows.find((r) => r.id === 'mdf')!;
    for (const c of mdf.cells) expect(c.text).toMatch(/^€\d/);
    expect(mdf.cells.some((c) => c.deltaText !== null && /^[+−]€\d/.test(c.deltaText))).toBe(true);
    expect(rows.find((r) => r.id === 'margin')!.label).toBe('Margin (discount) euros');
    expect(rows.find((r) => r.id === 'fixed')!.cells[0]!.text).toMatch(/^€/);
  });

  it('the sample (USD) and a list that names no currency: dollars, as before', () => {
    for (const unit of ['USD', null]) {
      const rows = compared(unit);
      expect(rows.find((r) => r.id === 'margin')!.label).toBe('Margin (discount) dollars');
      expect(rows.find((r) => r.id === 'mdf')!.cells[0]!.text).toMatch(/^\$\d/);
    }
  });
});

describe('workbook cells', () => {
  it('a currency metric’s cell names its currency; its text reads in it', () => {
    expect(metricCell('currency', 1234.5, 'EUR')).toEqual({ value: 1234.5, format: 'currency', currency: 'EUR' });
    expect(metricCell('currency', 1234.5, '€')).toEqual({ value: 1234.5, format: 'currency', currency: 'EUR' });
    expect(metricCell('currency', 1234.5, null)).toEqual({ value: 1234.5, format: 'currency' });
    expect(cellText(metricCell('currency', 1234.5, 'GBP'), 'text', 'EUR')).toBe('£1,235');
    expect(cellText(1234.5, 'currency', 'EUR')).toBe('€1,235');
    expect(cellText(-40_000, 'deltaCurrency', 'EUR')).toBe('−€40,000');
    expect(cellText(1234.5, 'currency')).toBe('$1,235');
  });
});
