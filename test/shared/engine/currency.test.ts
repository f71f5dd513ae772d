/**
 * A list in another currency than US dollars (issue 17): requirement sentences, reasons,
 * unmet requirements, alerts, resources, goal seek and compare read in the list's currency.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, explainPartner } from '../../../shared/engine';
import { compareOutcomes } from '../../../shared/engine/compare';
import { goalSeek } from '../../../shared/engine/explore';
import { all, dataset, ge, ladder, scenario, type Row } from './helpers';

const benefits = [
  { id: 'mdf', name: 'MDF', category: 'go_to_market' as const, mdf: 10_000 },
  { id: 'margin', name: 'Margin uplift', category: 'economics' as const, marginPoints: 10 },
];

/** 10 partners with arr = 0, 100 000 … 900 000 */
const rows: Row[] = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, arr: i * 100_000, fees: i * 1_000, sellers: i }));

const kinds = (arr: string | null, fees: string | null) => ({
  arr: { label: 'Sourced ARR', kind: 'currency' as const, unit: arr },
  fees: { label: 'Fees', kind: 'currency' as const, unit: fees },
  sellers: { label: 'Active sellers', kind: 'count' as const },
});

const design = (extra: Record<string, unknown> = {}) =>
  scenario({
    ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'top', requirement: all(ge('arr', 250_000, 'arr250'), ge('sellers', 3, 's3')), benefits: ['mdf', 'margin'] }])],
    benefits,
    derivedMetrics: [{ key: 'arr_plus_fees', label: 'ARR and fees', kind: 'currency', unit: null, formula: 'arr + fees' }],
    assumptions: { valueMetric: 'arr', mdfBudget: 5_000, marginBudget: 1_000 },
    ...extra,
  });

describe('money in the list’s currency', () => {
  it('an EUR list: reasons, unmet requirements, alerts and resources in euros', () => {
    const data = dataset(rows, kinds('EUR', null));
    const o = evaluate(design(), data);
    expect(o.resources.currency).toBe('EUR');
    const partner = explainPartner(o, 1);
    expect(partner.unmet.map((u) => u.label)).toContain('Sourced ARR ≥ €250,000');
    expect(partner.unmet.find((u) => u.label.startsWith('Sourced ARR'))!.unit).toBe('EUR');
    expect(explainPartner(o, 5).reasons.join(' ')).toContain('Sourced ARR ≥ €250,000 (has €500,000)');
    const alerts = o.alerts.filter((a) => a.code === 'over-mdf-budget' || a.code === 'over-margin-budget').map((a) => a.message);
    expect(alerts).toEqual([
      'The tiers grant €70,000 of MDF; the budget is €5,000 (1,400% used).',
      'Margin benefits cost €420,000; the budget is €1,000 (42,000% used).',
    ]);
  });

  it('a currency metric without a currency of its own (here a derived one) reads in the list’s', () => {
    const data = dataset(rows, kinds('EUR', null));
    const withDerived = design({
      ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'top', requirement: ge('arr_plus_fees', 300_000, 'sum300') }])],
    });
    const o = evaluate(withDerived, data);
    expect(explainPartner(o, 1).unmet[0]).toMatchObject({ label: 'ARR and fees ≥ €300,000', unit: 'EUR' });
    expect(explainPartner(o, 2).unmet[0]).toMatchObject({ label: 'ARR and fees ≥ €300,000', value: 202_000 });
  });

  it('mixed currencies: each metric keeps its own; budgets and totals fall back to US dollars', () => {
    const data = dataset(rows, kinds('EUR', 'GBP'));
    const o = evaluate(design(), data);
    expect(o.resources.currency).toBe('USD');
    expect(explainPartner(o, 1).unmet.map((u) => u.label)).toContain('Sourced ARR ≥ €250,000');
    expect(o.alerts.find((a) => a.code === 'over-mdf-budget')!.message).toBe('The tiers grant $70,000 of MDF; the budget is $5,000 (1,400% used).');
  });

  it('a USD list (or one that names no currency) reads as before', () => {
    for (const unit of ['USD', null]) {
      const o = evaluate(design(), dataset(rows, kinds(unit, null)));
      expect(o.resources.currency).toBe('USD');
      expect(explainPartner(o, 1).unmet.map((u) => u.label)).toContain('Sourced ARR ≥ $250,000');
    }
  });

  it('goal seek explains its threshold, and compare carries the currency', () => {
    const data = dataset(rows, kinds('EUR', null));
    const seek = goalSeek(design(), data, { tierId: 'top', requirementId: 'arr250' }, { count: 4 });
    expect(seek.explanation).toContain('€');
    expect(seek.explanation).not.toContain('$');
    const a = design();
    const b = { ...design(), name: 'Other', baseline: true };
    const comparison = compareOutcomes([
      { name: a.name, baseline: false, outcome: evaluate(a, data) },
      { name: b.name, baseline: true, outcome: evaluate(b, data) },
    ]);
    expect(comparison.scenarios.map((k) => k.currency)).toEqual(['EUR', 'EUR']);
    expect(comparison.scenarios[0]!.delta).not.toHaveProperty('currency');
  });
});
