import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine';
import type { Alert, ReviewFinding } from '../../../shared/engine';
import type { Requirement } from '../../../shared/model/scenario';
import { all, dataset, ge, isTrue, ladder, scenario, type Row, type TierSpec } from './helpers';

const benefits = [
  { id: 'portal', name: 'Portal', category: 'enablement' as const },
  { id: 'pm', name: 'Partner manager', category: 'support' as const, hours: 100 },
  { id: 'mdf', name: 'MDF', category: 'go_to_market' as const, mdf: 10_000, conflictType: 'mdf_access' },
  { id: 'margin', name: 'Margin uplift', category: 'economics' as const, marginPoints: 10, conflictType: 'margin_uplift' },
  { id: 'excl', name: 'Exclusivity', category: 'go_to_market' as const, conflictType: 'exclusivity' },
  { id: 'custom', name: 'Custom thing', category: 'support' as const, conflictType: 'channel_overlap' },
];

const metrics = {
  arr: { label: 'Sourced ARR', kind: 'currency' as const },
  lifetime_arr: { label: 'Lifetime ARR', kind: 'currency' as const },
  sellers: { label: 'Active sellers', kind: 'count' as const },
  impl: { label: 'Implementations', kind: 'count' as const },
  rating: { label: 'App rating', kind: 'rating' as const },
  csat: { label: 'CSAT', kind: 'percent' as const },
  joined: { label: 'Joined on', kind: 'date' as const },
  practice: { label: 'Dedicated practice', kind: 'boolean' as const },
};

const codes = (items: { code: string }[]) => items.map((i) => i.code);
const find = <T extends Alert | ReviewFinding>(items: T[], code: string) => items.filter((i) => i.code === code);

/** 100 resellers with arr = 0, 10, 20, … 990 (in dollars), sellers = arr / 100. */
const resellers: Row[] = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, motion: 'reseller', arr: i * 10, sellers: Math.floor(i / 10), impl: 0 }));

function oneLadder(tiers: TierSpec[], extra: Record<string, unknown> = {}) {
  return scenario({ ladders: [ladder(tiers, { id: 'resellers', motion: 'reseller', name: 'Resellers' })], benefits, ...extra });
}

describe('alerts', () => {
  it('tier inflation: the top tier holds more than inflationAlertPct of its ladder', () => {
    const tiers = [
      { id: 'entry', requirement: null },
      { id: 'top', requirement: ge('arr', 600, 'a600') }, // 40 of 100
    ];
    const on = evaluate(oneLadder(tiers, { policies: { inflationAlertPct: 30 } }), dataset(resellers, metrics));
    expect(find(on.alerts, 'tier-inflation')).toEqual([
      { code: 'tier-inflation', severity: 'warning', ladderId: 'resellers', tierId: 'top', message: 'Top, the top tier of Resellers, holds 40% of its partners (alert above 30%).' },
    ]);
    expect(find(evaluate(oneLadder(tiers, { policies: { inflationAlertPct: 40 } }), dataset(resellers, metrics)).alerts, 'tier-inflation')).toEqual([]);
    expect(find(evaluate(oneLadder(tiers), dataset(resellers, metrics)).alerts, 'tier-inflation')).toEqual([]);
  });

  it('over capacity and over the MDF and margin budgets (more than 100 % used)', () => {
    const tiers = [
      { id: 'entry', requirement: null },
      { id: 'top', requirement: ge('arr', 900, 'a900'), benefits: ['pm', 'mdf', 'margin'] }, // 10 partners, arr 900…990 = 9,450
    ];
    const tight = { valueMetric: 'arr', capacityHours: 999, mdfBudget: 99_999, marginBudget: 944 };
    const o = evaluate(oneLadder(tiers, { assumptions: tight }), dataset(resellers, metrics));
    expect(o.resources.totals).toEqual({ hours: 1_000, mdf: 100_000, fixed: 0, margin: 945 });
    expect(codes(o.alerts).filter((c) => c.startsWith('over'))).toEqual(['over-capacity', 'over-mdf-budget', 'over-margin-budget']);
    expect(find(o.alerts, 'over-capacity')[0]!.message).toBe('The tiers need 1,000 partner-manager hours a year; 999 are available (100.1% used).');
    const enough = evaluate(oneLadder(tiers, { assumptions: { valueMetric: 'arr', capacityHours: 1_000, mdfBudget: 100_000, marginBudget: 945 } }), dataset(resellers, metrics));
    expect(codes(enough.alerts).filter((c) => c.startsWith('over'))).toEqual([]);
  });

  it('uncovered conflicts: one per (tier, benefit) pair no enabled rule covers', () => {
    const tiers = [
      { id: 'entry', requirement: null, benefits: ['mdf'] },
      { id: 'top', requirement: ge('arr', 900, 'a900'), benefits: ['mdf', 'excl'] },
    ];
    const o = evaluate(oneLadder(tiers, { rules: [{ id: 'mdf_rule', name: 'MDF open', covers: ['mdf_access'] }], enabledRules: ['mdf_rule'] }), dataset(resellers, metrics));
    expect(find(o.alerts, 'uncovered-conflict').map((a) => [a.tierId, a.message])).toEqual([
      ['top', 'Exclusivity in Top creates a conflict over exclusivity that no enabled offsetting rule covers (10 partners).'],
    ]);
  });

  it('empty tiers, a tier that holds everyone, and a ladder that tiers nobody', () => {
    const sc = scenario({
      ladders: [
        ladder([{ id: 'entry', requirement: null }, { id: 'never', requirement: ge('arr', 1e9, 'huge') }], { id: 'resellers', motion: 'reseller', name: 'Resellers' }),
        ladder([{ id: 'alone', requirement: null }], { id: 'tech', motion: 'technology', name: 'Technology' }),
      ],
    });
    const o = evaluate(sc, dataset(resellers, metrics));
    expect(o.alerts.map((a) => [a.code, a.severity, a.ladderId, a.tierId ?? null])).toEqual([
      ['tier-holds-everyone', 'warning', 'resellers', 'entry'],
      ['empty-tier', 'info', 'resellers', 'never'],
      ['empty-ladder', 'info', 'tech', null],
    ]);
  });
});

describe('design review', () => {
  it('metal names: one finding per tier, naming it and the fix', () => {
    const o = evaluate(
      oneLadder([
        { id: 'bronze', name: 'Bronze', requirement: null },
        { id: 'gold', name: 'Gold Partner', requirement: ge('arr', 500, 'a500') },
        { id: 'goldman', name: 'Goldman', requirement: ge('arr', 900, 'a900') },
      ]),
      dataset(resellers, metrics),
    );
    const found = find(o.review, 'metal-names');
    expect(found.map((f) => f.tierId)).toEqual(['bronze', 'gold']);
    expect(found[1]!.message).toBe('Gold Partner (Resellers) is named after a metal: the name says nothing about what its partners do.');
    expect(found[1]!.fix).toContain('Rename Gold Partner');
  });

  it('a single revenue axis for every motion', () => {
    const mixed = dataset([...resellers, { id: 's', motion: 'services', arr: 5, impl: 3 }], metrics);
    const revenueOnly = scenario({ ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'up', requirement: all(ge('arr', 500, 'a'), ge('lifetime_arr', 1, 'l')) }])] });
    expect(codes(evaluate(revenueOnly, mixed).review)).toContain('single-revenue-axis');
    // one motion in the data: not reported
    expect(codes(evaluate(revenueOnly, dataset(resellers, metrics)).review)).not.toContain('single-revenue-axis');
    // a second axis: not reported
    const twoAxes = scenario({ ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'up', requirement: all(ge('arr', 500, 'a'), ge('sellers', 3, 's')) }])] });
    expect(codes(evaluate(twoAxes, mixed).review)).not.toContain('single-revenue-axis');
  });

  it('benefits identical across motions', () => {
    const mixed = dataset([...resellers, { id: 's', motion: 'services', arr: 5, impl: 3 }], metrics);
    const same = (b: string[]) =>
      scenario({
        benefits,
        ladders: [
          ladder([{ id: 'r0', requirement: null, benefits: ['portal'] }, { id: 'r1', requirement: ge('arr', 500, 'a'), benefits: ['portal', 'pm'] }], { id: 'resellers', motion: 'reseller', name: 'Resellers' }),
          ladder([{ id: 's0', requirement: null, benefits: ['portal'] }, { id: 's1', requirement: ge('impl', 3, 'i'), benefits: b }], { id: 'services', motion: 'services', name: 'Services' }),
        ],
      });
    const found = find(evaluate(same(['pm', 'portal', 'pm']), mixed).review, 'identical-benefits');
    expect(found.map((f) => f.ladderId)).toEqual(['services']);
    expect(found[0]!.message).toBe('Services grants exactly the same benefits, level by level, as Resellers: services and reseller partners get the same tiers.');
    expect(find(evaluate(same(['pm', 'mdf']), mixed).review, 'identical-benefits')).toEqual([]);
    // a single '*' ladder with benefits over two motions
    const star = scenario({ benefits, ladders: [ladder([{ id: 'e', requirement: null, benefits: ['portal'] }])] });
    expect(find(evaluate(star, mixed).review, 'identical-benefits').map((f) => f.ladderId)).toEqual(['main']);
  });

  it('more than four tiers', () => {
    const five = oneLadder(['t0', 't1', 't2', 't3', 't4'].map((id, i) => ({ id, requirement: i === 0 ? null : ge('arr', 10 * 2 ** i, `a${i}`) })));
    const found = find(evaluate(five, dataset(resellers, metrics)).review, 'too-many-tiers');
    expect(found.map((f) => [f.ladderId, f.tierId])).toEqual([['resellers', 't4']]);
    const four = oneLadder(['t0', 't1', 't2', 't3'].map((id, i) => ({ id, requirement: i === 0 ? null : ge('arr', 10 * 2 ** i, `a${i}`) })));
    expect(find(evaluate(four, dataset(resellers, metrics)).review, 'too-many-tiers')).toEqual([]);
  });

  it.each([
    ['lifetime metric only', ge('lifetime_arr', 100, 'l'), null, true],
    ['a date (joined before) only', { type: 'compare', id: 'j', metric: 'joined', op: '<=', value: 19_000 } as const, null, true],
    ['lifetime metric and a current one', all(ge('lifetime_arr', 100, 'l'), ge('arr', 100, 'a')), null, false],
    ['lifetime only, but the gate reads a current metric', ge('lifetime_arr', 100, 'l'), ge('sellers', 1, 'g'), false],
    ['lifetime compared with ≤ can fall', { type: 'compare', id: 'x', metric: 'lifetime_arr', op: '<=', value: 100 } as const, null, false],
  ])('no demotion path: %s', (_name, requirement, gate, expected) => {
    const sc = oneLadder([{ id: 'entry', requirement: null }, { id: 'up', requirement }], { eligibility: gate });
    const found = find(evaluate(sc, dataset(resellers, metrics)).review, 'no-demotion-path');
    expect(found.length > 0).toBe(expected);
    if (expected) expect(found[0]).toMatchObject({ ladderId: 'resellers', tierId: 'up' });
  });

  it('top-tier benefits with a conflict type and no enabled offsetting rule', () => {
    const sc = oneLadder(
      [
        { id: 'entry', requirement: null, benefits: ['margin'] },
        { id: 'top', requirement: ge('arr', 900, 'a'), benefits: ['mdf', 'excl', 'custom', 'pm'] },
      ],
      { rules: [{ id: 'x', name: 'Exclusivity 90 days', covers: ['exclusivity'] }, { id: 'm', name: 'MDF open', covers: ['mdf_access'] }], enabledRules: ['x'] },
    );
    const found = find(evaluate(sc, dataset(resellers, metrics)).review, 'top-tier-conflict-uncovered');
    expect(found.map((f) => [f.tierId, f.message])).toEqual([
      ['top', 'MDF, a benefit of Top (Resellers), creates a conflict over MDF access and no enabled offsetting rule covers it.'],
      ['top', 'Custom thing, a benefit of Top (Resellers), creates a conflict over channel overlap and no enabled offsetting rule covers it.'],
    ]);
    expect(found[0]!.fix).toContain('publishes the MDF criteria');
    expect(found[1]!.fix).toBe('Add an offsetting rule that covers "channel_overlap" and enable it in this scenario.');
  });

  it.each([
    ['currency 100 → 140 (1.4×)', ge('arr', 100, 'a'), ge('arr', 140, 'b'), true],
    ['currency 100 → 150 (1.5×)', ge('arr', 100, 'a'), ge('arr', 150, 'b'), false],
    ['the same threshold carried over is not a step', all(ge('arr', 100, 'a'), ge('sellers', 3, 's')), all(ge('arr', 400, 'b'), ge('sellers', 3, 's2')), false],
    ['count inside all groups', all(ge('sellers', 3, 's')), all(ge('arr', 400, 'b'), all(ge('sellers', 4, 's2'))), true],
    ['ratings are on a fixed scale: not compared', ge('rating', 4.0, 'r'), ge('rating', 4.5, 'r2'), false],
    ['percentages too', ge('csat', 0.8, 'c'), ge('csat', 0.85, 'c2'), false],
    ['booleans too', isTrue('practice', 'p'), isTrue('practice', 'p2'), false],
    ['≤ thresholds going down', { type: 'compare', id: 'x', metric: 'impl', op: '<=', value: 10 } as const, { type: 'compare', id: 'y', metric: 'impl', op: '<=', value: 8 } as const, true],
  ])('thresholds too close: %s', (_name, lower, upper, expected) => {
    const sc = oneLadder([{ id: 'entry', requirement: null }, { id: 'lower', requirement: lower }, { id: 'upper', requirement: upper }]);
    const found = find(evaluate(sc, dataset(resellers, metrics)).review, 'thresholds-too-close');
    expect(found.length > 0).toBe(expected);
    if (expected) expect(found[0]!.tierId).toBe('upper');
  });

  it('explains a threshold step plainly', () => {
    const sc = oneLadder([{ id: 'entry', requirement: null }, { id: 'lower', requirement: ge('arr', 200_000, 'a') }, { id: 'upper', requirement: ge('arr', 250_000, 'b') }]);
    const [f] = find(evaluate(sc, dataset(resellers, metrics)).review, 'thresholds-too-close');
    expect(f!.message).toBe('Upper asks for Sourced ARR ≥ $250,000, only 1.25× the $200,000 of Lower (Resellers): the step is too small to change behaviour.');
    expect(f!.fix).toBe("Set Upper's Sourced ARR threshold at least 1.5× apart from Lower's ($300,000 or more), or merge the two tiers.");
  });

  it('points minimums of adjacent tiers are compared too', () => {
    const pts = (id: string, min: number): Requirement => ({ type: 'points', id, min, rules: [{ id: 'r', label: 'ARR', metric: 'arr', mode: 'perUnit', points: 1 }], subMinimums: [] });
    const sc = oneLadder([{ id: 'entry', requirement: null }, { id: 'lower', requirement: pts('p1', 300) }, { id: 'upper', requirement: pts('p2', 400) }]);
    expect(codes(evaluate(sc, dataset(resellers, metrics)).review)).toContain('thresholds-too-close');
  });

  it('a top tier out of reach (< 1 % of the ladder), unless deliberately capped', () => {
    const tiers = (cap: boolean): TierSpec[] => [
      { id: 'entry', requirement: null },
      { id: 'top', requirement: ge('arr', 2_000, 'a'), ...(cap ? { cap: { count: 5, rankBy: 'arr' } } : {}) },
    ];
    const found = find(evaluate(oneLadder(tiers(false)), dataset(resellers, metrics)).review, 'top-tier-out-of-reach');
    expect(found.map((f) => [f.tierId, f.message])).toEqual([['top', 'Only 0 of the 100 partners on Resellers (0%) reach Top: a tier almost nobody can reach motivates nobody.']]);
    expect(find(evaluate(oneLadder(tiers(true)), dataset(resellers, metrics)).review, 'top-tier-out-of-reach')).toEqual([]);
    // exactly 1 %: reachable
    const one = oneLadder([{ id: 'entry', requirement: null }, { id: 'top', requirement: ge('arr', 990, 'a') }]);
    expect(find(evaluate(one, dataset(resellers, metrics)).review, 'top-tier-out-of-reach')).toEqual([]);
  });

  it('an inflated top tier: above inflationAlertPct, else above 25 %', () => {
    const sc = (pct: number | null) => oneLadder([{ id: 'entry', requirement: null }, { id: 'top', requirement: ge('arr', 700, 'a') }], { policies: { inflationAlertPct: pct } }); // 30 %
    expect(find(evaluate(sc(null), dataset(resellers, metrics)).review, 'top-tier-inflated').map((f) => f.tierId)).toEqual(['top']);
    expect(find(evaluate(sc(30), dataset(resellers, metrics)).review, 'top-tier-inflated')).toEqual([]);
    expect(find(evaluate(sc(29), dataset(resellers, metrics)).review, 'top-tier-inflated')).toHaveLength(1);
  });

  it('finds nothing in a well-formed motion-fit ladder on its own data', () => {
    const sc = oneLadder(
      [
        { id: 'registered', name: 'Registered', requirement: null, benefits: ['portal'] },
        { id: 'selling', name: 'Selling', requirement: all(ge('arr', 300, 'a'), ge('sellers', 3, 's')), benefits: ['portal', 'pm'] },
        { id: 'strategic', name: 'Strategic', requirement: all(ge('arr', 900, 'b'), ge('sellers', 9, 's2')), benefits: ['portal', 'pm', 'mdf'] },
      ],
      { rules: [{ id: 'm', name: 'MDF open', covers: ['mdf_access'] }], enabledRules: ['m'] },
    );
    expect(evaluate(sc, dataset(resellers, metrics)).review).toEqual([]);
  });
});
