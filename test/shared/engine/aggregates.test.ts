import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine';
import { dataset, ge, ladder, scenario, type Row } from './helpers';

const NaN_ = Number.NaN;

const BENEFITS = [
  { id: 'portal', name: 'Portal', category: 'enablement' as const },
  { id: 'pm', name: 'Partner manager', category: 'support' as const, hours: 10, fixed: 1_000 },
  { id: 'mdf', name: 'MDF', category: 'go_to_market' as const, mdf: 5_000, conflictType: 'mdf_access' },
  { id: 'margin', name: 'Margin uplift', category: 'economics' as const, marginPoints: 5, conflictType: 'margin_uplift' },
  { id: 'excl', name: 'Exclusivity', category: 'go_to_market' as const, conflictType: 'exclusivity' },
];

/** resellers: entry / selling (arr ≥ 100) / strategic (arr ≥ 1,000); services: one tier needing impl ≥ 1. */
function program(extra: Record<string, unknown> = {}) {
  return scenario({
    ladders: [
      ladder(
        [
          { id: 'registered', requirement: null, benefits: ['portal'] },
          { id: 'selling', requirement: ge('arr', 100, 'arr100'), benefits: ['portal', 'pm', 'margin'] },
          { id: 'strategic', requirement: ge('arr', 1_000, 'arr1k'), benefits: ['portal', 'pm', 'mdf', 'margin', 'excl', 'pm'] },
        ],
        { id: 'resellers', motion: 'reseller' },
      ),
      ladder([{ id: 'delivering', requirement: ge('impl', 1, 'impl1'), benefits: ['pm'] }], { id: 'services', motion: 'services' }),
    ],
    benefits: BENEFITS,
    rules: [
      { id: 'mdf_open', name: 'MDF open to all', covers: ['mdf_access'] },
      { id: 'margin_deal', name: 'Margin by deal', covers: ['margin_uplift'] },
      { id: 'excl_90', name: 'Exclusivity 90 days', covers: ['exclusivity'] },
    ],
    enabledRules: ['mdf_open'],
    assumptions: { valueMetric: 'arr', capacityHours: 25, mdfBudget: 5_000, marginBudget: null },
    ...extra,
  });
}

const rows: Row[] = [
  { id: 'r1', motion: 'reseller', arr: 2_000 }, // strategic
  { id: 'r2', motion: 'reseller', arr: 500 }, // selling
  { id: 'r3', motion: 'reseller', arr: NaN_ }, // registered, no data
  { id: 'r4', motion: 'reseller', arr: 50 }, // registered
  { id: 's1', motion: 'services', arr: 100, impl: 2 }, // delivering
  { id: 's2', motion: 'services', arr: 0, impl: 0 }, // untiered
  { id: 'd1', motion: 'distributor', arr: 350 }, // no ladder
];

describe('distribution', () => {
  const o = evaluate(program(), dataset(rows));

  it('has rows per motion (ladder motions first, then others), each with an untiered row', () => {
    const perMotion = o.distribution.filter((r) => r.motion !== '*').map((r) => [r.motion, r.tierId, r.count, r.share]);
    expect(perMotion).toEqual([
      ['reseller', 'registered', 2, 0.5],
      ['reseller', 'selling', 1, 0.25],
      ['reseller', 'strategic', 1, 0.25],
      ['reseller', null, 0, 0],
      ['services', 'delivering', 1, 0.5],
      ['services', null, 1, 0.5],
      ['distributor', null, 1, 1],
    ]);
  });

  it("has '*' rows over all partners: every tier of every ladder and one untiered row", () => {
    const overall = o.distribution.filter((r) => r.motion === '*');
    expect(overall.map((r) => [r.ladderId, r.tierId, r.tier, r.level, r.count])).toEqual([
      ['resellers', 'registered', 'Registered', 0, 2],
      ['resellers', 'selling', 'Selling', 1, 1],
      ['resellers', 'strategic', 'Strategic', 2, 1],
      ['services', 'delivering', 'Delivering', 0, 1],
      [null, null, null, -1, 2],
    ]);
    expect(overall.reduce((s, r) => s + r.count, 0)).toBe(o.partnerCount);
    expect(overall.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
  });
});

describe('value concentration', () => {
  it('sums the value metric per tier (no data = 0 value, but counted) and its share', () => {
    const v = evaluate(program(), dataset(rows)).valueConcentration;
    expect(v.metric).toBe('arr');
    expect(v.total).toBe(3_000);
    expect(v.noData).toBe(1);
    expect(v.tiers.map((t) => [t.tierId, t.partners, t.noData, t.value, t.share])).toEqual([
      ['registered', 2, 1, 50, 50 / 3_000],
      ['selling', 1, 0, 500, 500 / 3_000],
      ['strategic', 1, 0, 2_000, 2_000 / 3_000],
      ['delivering', 1, 0, 100, 100 / 3_000],
      [null, 2, 0, 350, 350 / 3_000],
    ]);
  });

  it('gives the share held by the top 5 % and top 20 % of partners (ceil of the count)', () => {
    // 40 partners: 1 holds 600, 7 hold 50 each, the rest 1 each (32) → total 982
    const many: Row[] = [{ id: 'big', arr: 600 }, ...Array.from({ length: 7 }, (_, i) => ({ id: `m${i}`, arr: 50 })), ...Array.from({ length: 32 }, (_, i) => ({ id: `s${i}`, arr: 1 }))];
    const v = evaluate(program(), dataset(many.map((r) => ({ ...r, motion: 'reseller' })))).valueConcentration;
    expect(v.top5Count).toBe(2); // ceil(40 × 5 %)
    expect(v.top20Count).toBe(8);
    expect(v.top5Share).toBeCloseTo(650 / 982, 12);
    expect(v.top20Share).toBeCloseTo(950 / 982, 12);
  });

  it('is exact on a large heavy-tailed set (sampled pre-filter, then selection)', () => {
    const n = 20_000;
    const values = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 1_000_000 + i : (i * 7919) % 1000));
    const v = evaluate(program(), dataset(values.map((arr, i) => ({ id: `p${i}`, motion: 'reseller', arr })))).valueConcentration;
    const sorted = [...values].sort((a, b) => b - a);
    const sum = (k: number) => sorted.slice(0, k).reduce((s, x) => s + x, 0);
    const total = sum(n);
    expect(v.top5Share).toBeCloseTo(sum(1000) / total, 10);
    expect(v.top20Share).toBeCloseTo(sum(4000) / total, 10);
  });

  it('reads all 0 without a value metric', () => {
    const v = evaluate(program({ assumptions: { valueMetric: null, capacityHours: null, mdfBudget: null, marginBudget: null } }), dataset(rows)).valueConcentration;
    expect(v).toMatchObject({ metric: null, total: 0, noData: 7, top5Share: 0, top20Share: 0 });
  });
});

describe('resources', () => {
  const o = evaluate(program(), dataset(rows));

  it('costs each tier from its benefits (each benefit once), margin on the partners’ value', () => {
    const byTier = Object.fromEntries(o.resources.tiers.map((r) => [r.tierId ?? 'untiered', r]));
    // strategic: portal + pm + mdf + margin + excl (pm listed twice counts once): 1 partner, arr 2,000
    expect(byTier['strategic']).toMatchObject({ partners: 1, hours: 10, mdf: 5_000, fixed: 1_000, margin: 100, cost: 6_100, value: 2_000 });
    // selling: pm + margin: 1 partner, arr 500
    expect(byTier['selling']).toMatchObject({ partners: 1, hours: 10, mdf: 0, fixed: 1_000, margin: 25 });
    expect(byTier['registered']).toMatchObject({ partners: 2, hours: 0, mdf: 0, fixed: 0, margin: 0 });
    expect(byTier['delivering']).toMatchObject({ partners: 1, hours: 10, fixed: 1_000 });
    expect(byTier['untiered']).toMatchObject({ ladderId: null, partners: 2, hours: 0, cost: 0 });
    expect(o.resources.totals).toEqual({ hours: 30, mdf: 5_000, fixed: 3_000, margin: 125 });
  });

  it("gives each tier's share of partners, cost, value and hours", () => {
    const strategic = o.resources.tiers.find((r) => r.tierId === 'strategic')!;
    expect(strategic.partnerShare).toBeCloseTo(1 / 7, 12);
    expect(strategic.costShare).toBeCloseTo(6_100 / 8_125, 12);
    expect(strategic.valueShare).toBeCloseTo(2_000 / 3_000, 12);
    expect(strategic.hoursShare).toBeCloseTo(10 / 30, 12);
    expect(o.resources.tiers.reduce((s, r) => s + r.partnerShare, 0)).toBeCloseTo(1, 12);
  });

  it('measures utilisation against capacity and budgets (null when not set)', () => {
    expect(o.resources.utilisation).toEqual({ hours: 30 / 25, mdf: 1, margin: null });
    const none = evaluate(program({ assumptions: { valueMetric: 'arr', capacityHours: 0, mdfBudget: 0, marginBudget: 1_000 } }), dataset(rows));
    expect(none.resources.utilisation).toEqual({ hours: Number.POSITIVE_INFINITY, mdf: Number.POSITIVE_INFINITY, margin: 0.125 });
  });
});

describe('conflict coverage', () => {
  it('counts covered (tier, benefit) pairs and grants, and lists the uncovered pairs', () => {
    const c = evaluate(program(), dataset(rows)).coverage;
    // pairs with a conflict type: selling/margin, strategic/mdf, strategic/margin, strategic/excl; only mdf_access is enabled
    expect(c.pairs).toEqual({ covered: 1, total: 4 });
    expect(c.grants).toEqual({ covered: 1, total: 4 });
    expect(c.uncovered.map((u) => [u.tierId, u.benefitId, u.conflictType, u.partners])).toEqual([
      ['selling', 'margin', 'margin_uplift', 1],
      ['strategic', 'margin', 'margin_uplift', 1],
      ['strategic', 'excl', 'exclusivity', 1],
    ]);
  });

  it('ignores rules that exist but are not enabled, and is complete when every type is covered', () => {
    const full = evaluate(program({ enabledRules: ['mdf_open', 'margin_deal', 'excl_90'] }), dataset(rows)).coverage;
    expect(full.pairs).toEqual({ covered: 4, total: 4 });
    expect(full.grants).toEqual({ covered: 4, total: 4 });
    expect(full.uncovered).toEqual([]);
  });

  it('weighs grants by the partners holding the tier', () => {
    const more = evaluate(program(), dataset([...rows, { id: 'r5', motion: 'reseller', arr: 150 }, { id: 'r6', motion: 'reseller', arr: 150 }])).coverage;
    expect(more.grants).toEqual({ covered: 1, total: 6 });
  });
});

describe('topSums (order statistics without a sort)', () => {
  it.each([
    ['small input', Array.from({ length: 50 }, (_, i) => (i * 37) % 50), 3, 10],
    ['ties everywhere', Array.from({ length: 10_000 }, () => 7), 500, 2_000],
    ['a sample that misjudges the threshold (falls back to every value)', Array.from({ length: 20_000 }, (_, i) => (i % 9 === 0 ? 1_000 : 1)), 1_000, 4_000],
    ['many zeros', Array.from({ length: 30_000 }, (_, i) => (i % 10 === 0 ? i : 0)), 1_500, 6_000],
  ])('%s', async (_name, values, k1, k2) => {
    const { topSums } = await import('../../../shared/engine/select');
    const sorted = [...values].sort((a, b) => b - a);
    const sum = (k: number) => sorted.slice(0, k).reduce((s, x) => s + x, 0);
    const [s1, s2] = topSums(Float64Array.from(values), k1, k2, new Float64Array(values.length));
    expect(s1).toBe(sum(k1));
    expect(s2).toBe(sum(k2));
  });
});

describe('columnTopSums (top sums of a value column, once per column)', () => {
  it('counts no data as 0, leaves the column alone and answers each (n, k1, k2) on its own', async () => {
    const { columnTopSums } = await import('../../../shared/engine/select');
    const column = Float64Array.from([5, Number.NaN, 9, 1, Number.NaN, 7, 3]);
    const before = Array.from(column);
    expect(columnTopSums(column, 7, 1, 3)).toEqual([9, 9 + 7 + 5]);
    expect(columnTopSums(column, 7, 2, 7)).toEqual([16, 25]);
    expect(columnTopSums(column, 7, 1, 3)).toEqual([9, 21]); // from the cache
    expect(Array.from(column)).toEqual(before);
    // another column with the same values in another order: its own entry, the same sums
    expect(columnTopSums(Float64Array.from([1, 3, 9, 7, 5]), 5, 1, 3)).toEqual([9, 21]);
  });
});
