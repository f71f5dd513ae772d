import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine';
import { goalSeek, roundThresholds, sweep, sweepValues } from '../../../shared/engine/explore';
import { findThreshold, withThreshold, type ThresholdRef } from '../../../shared/engine/thresholds';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { ScenarioSchema, type Scenario } from '../../../shared/model/scenario';

function dataset(arr: number[], sellers: number[] = arr.map(() => 5)): ColumnarDataset {
  return {
    metrics: [
      { key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' },
      { key: 'sellers', label: 'Sellers', kind: 'count', unit: null },
    ],
    partners: arr.map((_, i) => ({ id: `P${String(i).padStart(4, '0')}`, name: `Partner ${i}`, motion: 'reseller', currentTier: null, region: null, segment: null, owner: null })),
    values: [Float64Array.from(arr), Float64Array.from(sellers)],
  };
}

function scenario(op: '>=' | '>' | '<=' | '<' = '>=', value = 100, extra: unknown[] = []): Scenario {
  return ScenarioSchema.parse({
    format: 'tierscape-scenario',
    version: 1,
    name: 'Explore',
    ladders: [
      {
        id: 'all',
        motion: '*',
        name: 'All',
        tiers: [
          { id: 'base', name: 'Base', color: '#999999', requirement: null },
          {
            id: 'top',
            name: 'Top',
            color: '#333333',
            requirement: { type: 'all', id: 'top_req', items: [{ type: 'compare', id: 'top_arr', metric: 'arr', op, value }, ...extra] },
          },
        ],
      },
    ],
  });
}

const REF: ThresholdRef = { tierId: 'top', requirementId: 'top_arr' };
const inTop = (s: Scenario, d: ColumnarDataset) => {
  const o = evaluate(s, d);
  return Array.from(o.level).filter((l) => l === 1).length;
};

describe('thresholds', () => {
  it('finds and replaces a threshold without touching the original', () => {
    const s = scenario();
    expect(findThreshold(s, REF)).toMatchObject({ ok: true, value: { metric: 'arr', op: '>=', value: 100, level: 1, tierName: 'Top' } });
    expect(findThreshold(s, { tierId: 'top', requirementId: 'nope' })).toMatchObject({ ok: false, error: expect.stringMatching(/no comparison "nope"/) });
    expect(findThreshold(s, { tierId: 'x', requirementId: 'top_arr' })).toMatchObject({ ok: false });
    const changed = withThreshold(s, REF, 250);
    expect(findThreshold(changed, REF)).toMatchObject({ ok: true, value: { value: 250 } });
    expect(findThreshold(s, REF)).toMatchObject({ ok: true, value: { value: 100 } });
  });
});

describe('sweep', () => {
  it('counts partners per tier and cost at each value; raising the threshold never adds partners to the tier', () => {
    const d = dataset([10, 50, 50, 50, 100, 200, Number.NaN]);
    const points = sweep(scenario(), d, REF, sweepValues(0, 250, 6));
    expect(points.map((p) => p.value)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(points.map((p) => p.tiers[1]!.count)).toEqual([6, 5, 2, 1, 1, 0]);
    expect(points.every((p) => p.tiers.reduce((sum, t) => sum + t.count, 0) === 7)).toBe(true);
    expect(() => sweep(scenario(), d, { tierId: 'top', requirementId: 'zzz' }, [1])).toThrow(/no comparison/);
  });
});

describe('goal seek', () => {
  const d = dataset([10, 50, 50, 50, 100, 200, Number.NaN]);

  it('searches a derived metric’s own values, as the engine computes them', () => {
    // ARR per seller: 10 / 2, 50 / 2, … — the list has no such column
    const perSeller = ScenarioSchema.parse({
      ...scenario(),
      derivedMetrics: [{ key: 'arr_per_seller', label: 'ARR per seller', kind: 'currency', formula: 'arr / sellers' }],
      ladders: [{ ...scenario().ladders[0]!, tiers: [scenario().ladders[0]!.tiers[0]!, { ...scenario().ladders[0]!.tiers[1]!, requirement: { type: 'compare', id: 'top_aps', metric: 'arr_per_seller', op: '>=', value: 1000 } }] }],
    });
    const two = dataset([10, 50, 60, 80, 100, 200], [2, 2, 2, 2, 2, 2]);
    const r = goalSeek(perSeller, two, { tierId: 'top', requirementId: 'top_aps' }, { count: 4 });
    expect(r).toMatchObject({ exact: true, achieved: 4, value: 30 });
    expect(r.explanation).toBe('4 partners land in Top at a threshold of $30.');
    expect(inTop(withThreshold(perSeller, { tierId: 'top', requirementId: 'top_aps' }, r.value), two)).toBe(4);
  });

  it('finds the exact threshold when one exists', () => {
    const r = goalSeek(scenario(), d, REF, { count: 2 });
    expect(r).toMatchObject({ exact: true, achieved: 2, target: 2, value: 100 });
    expect(inTop(withThreshold(scenario(), REF, r.value), d)).toBe(2);
    expect(r.explanation).toBe('2 partners land in Top at a threshold of $100.');
  });

  it('explains the nearest achievable count when ties prevent the target', () => {
    const r = goalSeek(scenario(), d, REF, { count: 3 });
    expect(r).toMatchObject({ exact: false, target: 3, achieved: 2, value: 100, below: { count: 2, value: 100 }, above: { count: 5, value: 50 } });
    expect(r.explanation).toMatch(/No threshold puts exactly 3 partners in Top: partners share values of ARR, so the count jumps from 5 \(at \$50\) to 2 \(at \$100\)\. The nearest is 2, at \$100\./);
  });

  it('takes a share of the ladder, reaches 0 and everyone, and works for ≤ thresholds', () => {
    expect(goalSeek(scenario(), d, REF, { share: 5 / 7 })).toMatchObject({ exact: true, achieved: 5, value: 50 });
    expect(goalSeek(scenario(), d, REF, { count: 0 })).toMatchObject({ exact: true, achieved: 0 });
    // one partner is one partner
    expect(goalSeek(scenario(), d, REF, { count: 1 }).explanation).toBe('1 partner lands in Top at a threshold of $200.');
    // no data never meets a requirement: 6 of 7 is the most
    const all = goalSeek(scenario(), d, REF, { count: 7 });
    expect(all).toMatchObject({ exact: false, achieved: 6, value: 10, below: null, above: null });
    expect(all.explanation).toBe('No ARR threshold puts 7 partners in Top: at most 6 qualify however low it goes, because the tier\'s other requirements, its gate or its cap hold the rest back. 6 land there from a threshold of $10.');
    const atMost = goalSeek(scenario('<=', 10), d, REF, { count: 4 });
    expect(atMost).toMatchObject({ exact: true, achieved: 4 });
    expect(inTop(withThreshold(scenario('<=', 10), REF, atMost.value), d)).toBe(4);
  });

  it('honours the rest of the requirement (a compound requirement)', () => {
    const sellers = [5, 5, 0, 5, 5, 5, 5];
    const compound = scenario('>=', 100, [{ type: 'compare', id: 'top_sellers', metric: 'sellers', op: '>=', value: 1 }]);
    const data = dataset([10, 50, 50, 50, 100, 200, 300], sellers);
    // the partner at 50 without sellers never counts: 6, 5, 3 … partners qualify as the threshold rises
    expect(goalSeek(compound, data, REF, { count: 3 })).toMatchObject({ exact: true, achieved: 3, value: 100 });
    expect(goalSeek(compound, data, REF, { count: 4 })).toMatchObject({ exact: false, below: { count: 3 }, above: { count: 5 } });
  });

  it('property: the threshold found, plugged back in, gives the count it reports', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 40 }),
        fc.constantFrom<'>=' | '>' | '<=' | '<'>('>=', '>', '<=', '<'),
        fc.nat({ max: 45 }),
        (values, op, wanted) => {
          const s = scenario(op, 10);
          const data = dataset(values);
          const r = goalSeek(s, data, REF, { count: wanted });
          expect(inTop(withThreshold(s, REF, r.value), data)).toBe(r.achieved);
          // nothing achievable is closer to the target than what it reports
          const counts = [...new Set(values.filter((v) => !Number.isNaN(v)))].flatMap((v) => [v - 1, v, v + 1]).map((t) => inTop(withThreshold(s, REF, t), data));
          const best = Math.min(...counts.map((c) => Math.abs(c - wanted)), Math.abs(inTop(withThreshold(s, REF, 1e9), data) - wanted));
          expect(Math.abs(r.achieved - wanted)).toBeLessThanOrEqual(best);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('round thresholds (what goal seek offers besides the exact value)', () => {
  it.each([
    // 2 and 3 significant figures, down and up, distinct, ascending, without the value itself
    [1_991_360, [1_900_000, 1_990_000, 2_000_000]],
    [1_951_000, [1_900_000, 1_950_000, 1_960_000, 2_000_000]],
    [248_731, [240_000, 248_000, 249_000, 250_000]],
    [250_000, []],
    [250_500, [250_000, 251_000, 260_000]],
    [99_999, [99_000, 99_900, 100_000]],
    [1_000, []],
    [17, []],
    [0.8532, [0.85, 0.853, 0.854, 0.86]],
    [0.0451, [0.045, 0.046]],
    [-1_234, [-1_300, -1_240, -1_230, -1_200]],
    [0, []],
    [Number.NaN, []],
  ])('%d → %j', (value, expected) => {
    expect(roundThresholds(value)).toEqual(expected);
  });

  it('property: each is within one step of the 2nd significant figure, and none has more than 3 significant figures', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), fc.boolean(), (size, negative) => {
        const value = negative ? -size : size;
        const step = 10 ** (Math.floor(Math.log10(size)) - 1);
        for (const r of roundThresholds(value)) {
          expect(r).not.toBe(value);
          expect(Math.abs(r - value)).toBeLessThanOrEqual(step * (1 + 1e-9));
          expect(Number(r.toPrecision(3))).toBe(r);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('goal seek offers round thresholds', () => {
  // sourced ARR in dollars, as partners report it: nobody publishes "$1,991,360"
  const arr = [420_000, 1_212_500, 1_640_800, 1_880_000, 1_949_999, 1_950_000, 1_991_360, 2_000_000, 2_480_050, 3_100_000, Number.NaN];
  const d = dataset(arr);

  it('gives the count of each offer as a direct evaluation does, and applying one puts that many in the tier', () => {
    const r = goalSeek(scenario(), d, REF, { count: 4 });
    expect(r).toMatchObject({ exact: true, achieved: 4, value: 1_991_360 });
    expect(r.offers.map((o) => o.value)).toEqual([1_900_000, 1_990_000, 2_000_000]);
    for (const offer of r.offers) expect(offer.count).toBe(inTop(withThreshold(scenario(), REF, offer.value), d));
    // ≥ $1.9M takes in 1,949,999 and 1,950,000 too; ≥ $2.0M leaves out 1,991,360
    expect(r.offers.map((o) => o.count)).toEqual([6, 4, 3]);
    const applied = withThreshold(scenario(), REF, r.offers[1]!.value);
    expect(findThreshold(applied, REF)).toMatchObject({ ok: true, value: { value: 1_990_000 } });
    expect(inTop(applied, d)).toBe(4);
  });

  it('offers round values for ≤ thresholds too, and none when the answer is already round', () => {
    // 1,950,000 is round at 3 figures: only the 2-figure neighbours are offered
    expect(goalSeek(scenario(), d, REF, { count: 5 })).toMatchObject({ exact: true, value: 1_950_000, offers: [{ value: 1_900_000, count: 6 }, { value: 2_000_000, count: 3 }] });
    const atMost = goalSeek(scenario('<=', 1_000_000), d, REF, { count: 3 });
    expect(atMost).toMatchObject({ exact: true, achieved: 3, value: 1_640_800 });
    expect(atMost.offers.map((o) => o.value)).toEqual([1_600_000, 1_640_000, 1_650_000, 1_700_000]);
    for (const offer of atMost.offers) expect(offer.count).toBe(inTop(withThreshold(scenario('<=', 1_000_000), REF, offer.value), d));
    expect(goalSeek(scenario(), d, REF, { count: 3 })).toMatchObject({ value: 2_000_000, offers: [] });
    // out of reach (one partner has no data): the nearest, 10, from $420,000 on, is already round
    expect(goalSeek(scenario(), d, REF, { count: 11 })).toMatchObject({ exact: false, achieved: 10, value: 420_000, offers: [] });
  });

  it('offers nothing on a date metric', () => {
    const dated: ColumnarDataset = { ...d, metrics: [{ key: 'arr', label: 'Signed', kind: 'date', unit: null }, d.metrics[1]!] };
    expect(goalSeek(scenario(), dated, REF, { count: 5 }).offers).toEqual([]);
  });
});
