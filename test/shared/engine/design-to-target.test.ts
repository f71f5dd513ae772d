import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine';
import { checkTargetRequest, designToTarget, designSteps, leverOf, type TargetRequest, type TargetDesign } from '../../../shared/engine/design-to-target';
import { findPointsMin, pointsTotals, seekPointsMin, withPointsMin } from '../../../shared/engine/points-lever';
import { findThreshold } from '../../../shared/engine/thresholds';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { ScenarioSchema, type Scenario } from '../../../shared/model/scenario';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';

/** Partners with an ARR (currency) and a seller count each, all resellers. */
function dataset(arr: readonly number[], sellers: readonly number[] = arr.map(() => 5)): ColumnarDataset {
  return {
    metrics: [
      { key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' },
      { key: 'sellers', label: 'Sellers', kind: 'count', unit: null },
    ],
    partners: arr.map((_, i) => ({ id: `P${String(i).padStart(4, '0')}`, name: `Partner ${i}`, motion: 'reseller', currentTier: null, region: null, segment: null, owner: null })),
    values: [Float64Array.from(arr), Float64Array.from(sellers)],
  };
}

/** Base (no requirement), Silver (ARR ≥ 100, sellers ≥ `silverSellers`), Gold (ARR ≥ 500); Gold costs MDF and hours. */
function ladder(opts: { strict?: boolean; silverSellers?: number; goldCap?: number | null } = {}): Scenario {
  return ScenarioSchema.parse({
    format: 'tierscape-scenario',
    version: 1,
    name: 'Fit',
    ladders: [
      {
        id: 'main',
        motion: '*',
        name: 'Main',
        strict: opts.strict ?? false,
        tiers: [
          { id: 'base', name: 'Base', color: '#999999', requirement: null, benefits: ['portal'] },
          {
            id: 'silver',
            name: 'Silver',
            color: '#777777',
            requirement: {
              type: 'all',
              id: 'silver_req',
              items: [
                { type: 'compare', id: 'silver_arr', metric: 'arr', op: '>=', value: 100 },
                { type: 'compare', id: 'silver_sellers', metric: 'sellers', op: '>=', value: opts.silverSellers ?? 1 },
              ],
            },
            benefits: ['portal', 'pm'],
          },
          {
            id: 'gold',
            name: 'Gold',
            color: '#333333',
            requirement: { type: 'compare', id: 'gold_arr', metric: 'arr', op: '>=', value: 500 },
            cap: opts.goldCap ? { count: opts.goldCap, rankBy: 'arr' } : null,
            benefits: ['portal', 'pm', 'mdf'],
          },
        ],
      },
    ],
    benefits: [
      { id: 'portal', name: 'Portal', category: 'enablement' },
      { id: 'pm', name: 'Partner manager', category: 'support', hours: 10 },
      { id: 'mdf', name: 'MDF', category: 'go_to_market', mdf: 1000 },
    ],
  });
}

/** Partners per level on the first ladder, as evaluate places them (before rollout). */
function countsOf(s: Scenario, d: ColumnarDataset, tiers: number): number[] {
  const o = evaluate(s, d);
  const counts = new Array<number>(tiers).fill(0);
  for (let p = 0; p < o.partnerCount; p++) if (o.ladderIndex[p] === 0 && o.level[p]! >= 0) counts[o.level[p]!]! += 1;
  return counts;
}

const threshold = (r: TargetDesign, tierId: string) => r.tiers.find((t) => t.tierId === tierId)!.threshold;

// ARR 1..100 × 10: 10, 20, …, 1000 — every value distinct
const distinct = dataset(Array.from({ length: 100 }, (_, i) => (i + 1) * 10));

describe('fit: single thresholds are solved exactly', () => {
  it('puts exactly the asked counts in each tier, top-down, at partners’ own values', () => {
    const r = designToTarget(ladder(), distinct, { ladderId: 'main', targets: [{ count: 70 }, { count: 20 }, { count: 10 }] });
    expect(r.tiers.map((t) => [t.tier, t.target, t.achieved])).toEqual([
      ['Base', 70, 70],
      ['Silver', 20, 20],
      ['Gold', 10, 10],
    ]);
    expect(r.tiers.every((t) => t.reason === null)).toBe(true);
    // Gold: the 10 largest (910..1000); Silver: the next 20 (710..900)
    expect(threshold(r, 'gold')).toEqual({ kind: 'comparison', requirementId: 'gold_arr', metric: 'arr', op: '>=', from: 500, to: 910 });
    expect(threshold(r, 'silver')).toMatchObject({ requirementId: 'silver_arr', from: 100, to: 710 });
    expect(threshold(r, 'base')).toBeNull();
    expect(r.ladderPartners).toBe(100);
    expect(r.scale).toBe(1);
  });

  it('reads shares of the ladder’s partners, lowest tier first, and keeps tiers past the targets as they are', () => {
    const r = designToTarget(ladder(), distinct, { ladderId: 'main', targets: [{ share: 0.8 }, { share: 0.15 }] });
    expect(r.tiers.map((t) => t.target)).toEqual([80, 15, null]);
    // Gold keeps ARR ≥ 500 (51 partners from 500 to 1000), so Silver cannot get 15 below it
    expect(threshold(r, 'gold')).toBeNull();
    expect(findThreshold(r.scenario, { tierId: 'gold', requirementId: 'gold_arr' })).toMatchObject({ ok: true, value: { value: 500 } });
    expect(r.tiers[2]!.achieved).toBe(51);
    expect(r.tiers[1]!.achieved).toBe(15);
  });

  it('does not change the scenario it was given', () => {
    const s = ladder();
    const copy = structuredClone(s);
    designToTarget(s, distinct, { ladderId: 'main', targets: [null, { count: 20 }, { count: 10 }] });
    expect(s).toEqual(copy);
  });
});

describe('fit: the nearest achievable, with the reason', () => {
  it('says ties hold a tier off its target', () => {
    // 40 partners at 300, 60 at 100: Gold can hold 0 or 40, not 25
    const d = dataset([...Array<number>(40).fill(300), ...Array<number>(60).fill(100)]);
    const r = designToTarget(ladder(), d, { ladderId: 'main', targets: [null, null, { count: 25 }] });
    const gold = r.tiers[2]!;
    expect(gold.achieved === 40 || gold.achieved === 0).toBe(true);
    expect(gold.reason).toMatch(/^No threshold puts exactly 25 partners in Gold: partners share values of ARR/);
  });

  it('says the tier’s other requirements hold partners back', () => {
    // only 10 partners have 3+ sellers: Silver cannot reach 30 by ARR alone
    const sellers = Array.from({ length: 100 }, (_, i) => (i < 10 ? 5 : 1));
    const d = dataset(Array.from({ length: 100 }, (_, i) => (i + 1) * 10), sellers);
    const r = designToTarget(ladder({ silverSellers: 3 }), d, { ladderId: 'main', targets: [null, { count: 30 }, { count: 0 }] });
    expect(r.tiers[1]!.achieved).toBe(10);
    expect(r.tiers[1]!.reason).toMatch(/No ARR threshold puts 30 partners in Silver: at most 10 qualify however low it goes, because the tier's other requirements, its gate or its cap/);
  });

  it('says a cap holds a tier, and a tier without a requirement takes the rest', () => {
    const r = designToTarget(ladder({ goldCap: 5 }), distinct, { ladderId: 'main', targets: [{ count: 50 }, { count: 30 }, { count: 20 }] });
    expect(r.tiers[2]!.achieved).toBe(5);
    expect(r.tiers[2]!.reason).toMatch(/at most 5 qualify however low it goes, because the tier's other requirements, its gate or its cap hold the rest back/);
    expect(r.tiers[0]!.reason).toBe('Base has no requirement to move: it holds every partner on the ladder who is not placed higher.');
  });
});

describe('fit: budgets', () => {
  it('scales the upper targets down together until the limits hold, and says so', () => {
    // Gold costs $1,000 MDF each: at most 4 fit in $4,500
    const r = designToTarget(ladder(), distinct, { ladderId: 'main', targets: [{ count: 70 }, { count: 20 }, { count: 10 }], limits: { mdf: 4500 } });
    expect(r.budgets).toEqual([{ kind: 'mdf', limit: 4500, before: 51_000, achieved: r.tiers[2]!.achieved * 1000, held: true }]);
    expect(r.tiers[2]!.achieved).toBe(4);
    expect(r.scale).toBeLessThan(1);
    expect(r.tiers[2]!.reason).toMatch(/^Held to 4 \(of 10 asked\) by the budget\./);
    expect(r.notes[0]).toMatch(/^To keep MDF within \$4,500, every target above Base is held to \d+(\.\d)?% of what was asked\.$/);
    // hours are 10 per Silver or Gold partner
    const both = designToTarget(ladder(), distinct, { ladderId: 'main', targets: [null, { count: 20 }, { count: 10 }], limits: { mdf: 100_000, hours: 150 } });
    expect(both.budgets.map((b) => [b.kind, b.held])).toEqual([
      ['hours', true],
      ['mdf', true],
    ]);
    expect(both.tiers[1]!.achieved + both.tiers[2]!.achieved).toBeLessThanOrEqual(15);
  });

  it('reports a limit no design of the ladder can keep, and fits the targets as asked', () => {
    const r = designToTarget(ladder(), distinct, { ladderId: 'main', targets: [null, { count: 20 }, { count: 10 }], limits: { hours: 0 } });
    // Base costs no hours, so no partner above Base keeps 0 h; that is possible: scale 0
    expect(r.budgets[0]!.held).toBe(true);
    expect(r.tiers[1]!.achieved + r.tiers[2]!.achieved).toBe(0);
    const portalHours = ScenarioSchema.parse({ ...ladder(), benefits: ladder().benefits.map((b) => (b.id === 'portal' ? { ...b, hours: 1 } : b)) });
    const none = designToTarget(portalHours, distinct, { ladderId: 'main', targets: [null, { count: 20 }, { count: 10 }], limits: { hours: 50 } });
    expect(none.budgets[0]).toMatchObject({ kind: 'hours', limit: 50, held: false });
    expect(none.scale).toBe(1);
    expect(none.tiers.map((t) => t.achieved)).toEqual([70, 20, 10]);
    expect(none.notes[0]).toBe('No design of Main keeps team hours within 50 h: with no partner above Base the scenario still spends 100 h. The thresholds fit the targets as asked.');
  });
});

describe('fit: rounding', () => {
  it('rounds every moved threshold to the step, on the side nearer the target', () => {
    const d = dataset(Array.from({ length: 100 }, (_, i) => 1000 + i * 37));
    const r = designToTarget(ladder(), d, { ladderId: 'main', targets: [null, { count: 20 }, { count: 10 }], round: 250 });
    for (const t of r.tiers.filter((x) => x.threshold)) expect(t.threshold!.to % 250).toBe(0);
    // 10 partners from 4330 up: 4250 gives 12, 4500 gives 6 — 12 is nearer 10
    expect(threshold(r, 'gold')!.to).toBe(4250);
    expect(r.tiers[2]!.achieved).toBe(12);
    expect(r.tiers[2]!.reason).toBe('Rounded to $4,250 (a multiple of 250), the threshold gives 12 instead of 10.');
    expect(r.notes).toContain('Thresholds are rounded to multiples of 250, to the side nearer each target.');
  });
});

describe('fit: strict ladders', () => {
  it('solves again until no threshold moves, so the counts reported are the counts evaluate gives', () => {
    const r = designToTarget(ladder({ strict: true }), distinct, { ladderId: 'main', targets: [null, { count: 20 }, { count: 10 }] });
    expect(r.tiers.map((t) => t.achieved)).toEqual(countsOf(r.scenario, distinct, 3));
    expect(r.tiers[2]!.achieved).toBe(10);
    expect(r.tiers[1]!.achieved).toBe(20);
  });
});

describe('fit: points minimums', () => {
  /** Base, then Gold: at least `min` points, a point per 10 of ARR (capped at 60) and 25 for 3+ sellers. */
  function pointsLadder(min = 50): Scenario {
    return ScenarioSchema.parse({
      ...ladder(),
      ladders: [
        {
          id: 'main',
          motion: '*',
          name: 'Main',
          tiers: [
            { id: 'base', name: 'Base', color: '#999999', requirement: null },
            {
              id: 'gold',
              name: 'Gold',
              color: '#333333',
              requirement: {
                type: 'points',
                id: 'gold_points',
                min,
                rules: [
                  { id: 'p_arr', label: 'a point per 10 of ARR', metric: 'arr', mode: 'perUnit', points: 1, per: 10, cap: 60 },
                  { id: 'p_sellers', label: '25 for 3+ sellers', metric: 'sellers', mode: 'fixed', points: 25, op: '>=', value: 3 },
                ],
              },
            },
          ],
        },
      ],
    });
  }

  it('moves a points minimum when the tier has no comparison: exact where the totals allow', () => {
    const s = pointsLadder();
    expect(leverOf(s, distinct.metrics, 'gold')).toEqual({ kind: 'points', tierId: 'gold', requirementId: 'gold_points' });
    // totals: min(i + 1, 60) + 25 (every partner has 5 sellers) → 26 … 85, with 41 partners at 85
    const r = designToTarget(s, distinct, { ladderId: 'main', targets: [null, { count: 30 }] });
    expect(r.tiers[1]).toMatchObject({ achieved: 41, threshold: { kind: 'points', requirementId: 'gold_points', metric: null, op: '>=', from: 50, to: 85 } });
    expect(r.tiers[1]!.reason).toBe('No points minimum puts exactly 30 partners in Gold: partners share point totals, so the count jumps from 41 (at 85 points) to 0 (at 86 points). The nearest is 41, at 85 points.');
    const fifty = designToTarget(s, distinct, { ladderId: 'main', targets: [null, { count: 50 }] });
    expect(fifty.tiers[1]).toMatchObject({ achieved: 50, reason: null, threshold: { to: 76 } });
    expect(countsOf(fifty.scenario, distinct, 2)).toEqual([50, 50]);
  });

  it('counts the tier at any minimum as a whole evaluation does (the threshold session over the totals)', () => {
    const points = exampleScenarios().find((x) => x.name === 'Points-based (Xero-style)')!;
    const data = generatePartners({ seed: 8, count: 900 });
    const tiers = points.ladders[0]!.tiers.length;
    let checked = 0;
    for (const tier of points.ladders[0]!.tiers) {
      const lever = leverOf(points, data.metrics, tier.id);
      if (lever?.kind !== 'points') continue;
      const level = findPointsMin(points, lever)!.level;
      const prepared = pointsTotals(points, data, lever);
      const sought = seekPointsMin(points, data, lever, 10, prepared);
      for (const min of [0, 1, 99.5, 250, 1000, 4321, ...prepared.candidates.filter((_, i) => i % 17 === 0)]) {
        expect(sought.countAt(min), `${tier.name} at ${min}`).toBe(countsOf(withPointsMin(points, lever, min), data, tiers)[level]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('rounds a points minimum to the step, and says when no minimum reaches the target', () => {
    const r = designToTarget(pointsLadder(), distinct, { ladderId: 'main', targets: [null, { count: 50 }], round: 5 });
    expect(r.tiers[1]!.threshold!.to).toBe(75);
    expect(r.tiers[1]!.achieved).toBe(51);
    expect(r.tiers[1]!.reason).toBe('Rounded to 75 points (a multiple of 5), the threshold gives 51 instead of 50.');
    const all = designToTarget(pointsLadder(), dataset(Array.from(distinct.values[0]!.slice(0, 10)), Array<number>(10).fill(0)), { ladderId: 'main', targets: [null, { count: 10 }] });
    // without sellers' points the totals are 1 … 10: a minimum of 0 takes everyone
    expect(all.tiers[1]).toMatchObject({ achieved: 10, reason: null, threshold: { to: 0 } });
  });
});

describe('fit: requests', () => {
  it('refuses what cannot be fitted, naming what is wrong', () => {
    const s = ladder();
    const check = (req: Partial<TargetRequest>) => checkTargetRequest(s, { ladderId: 'main', targets: [{ count: 1 }], ...req });
    expect(check({ ladderId: 'nope' })).toBe('The scenario has no ladder "nope".');
    expect(checkTargetRequest({ ...s, baseline: true }, { ladderId: 'main', targets: [{ count: 1 }] })).toBe(
      '"Fit" is the baseline: its partners keep today\'s tiers whatever the thresholds, so no design moves them. Fit a redesign.',
    );
    expect(check({ targets: [{ count: 1 }, null, null, { count: 1 }] })).toBe('Main has 3 tiers; 4 targets were given (lowest tier first).');
    expect(check({ targets: [null, null] })).toBe('Give a target for at least one tier.');
    expect(check({ targets: [{ share: 0.8 }, { share: 0.3 }] })).toBe('The target shares add up to 110%, more than every partner on the ladder.');
    expect(check({ targets: [{ count: 2.5 }] })).toBe('Base: a target count is a whole number of partners, 0 or more (not 2.5).');
    expect(check({ limits: { mdf: -1 } })).toBe('A maximum MDF is a number, 0 or more (not -1).');
    expect(check({ round: 0 })).toBe('Thresholds are rounded to a positive step (not 0).');
    expect(check({ levers: { gold: 'nope' } })).toBe('Tier "Gold" has no comparison "nope".');
    expect(check({ levers: { silver: 'silver_req' } })).toBe('Tier "Silver" has no comparison "silver_req".');
    expect(check({ levers: { elsewhere: 'x' } })).toBe('No tier has the id "elsewhere".');
    expect(check({})).toBeNull();
    expect(() => designToTarget(s, distinct, { ladderId: 'main', targets: [] })).toThrow(RangeError);
  });

  it('moves the first threshold on a number by default, or the one chosen', () => {
    const s = ladder();
    expect(leverOf(s, distinct.metrics, 'silver')).toEqual({ kind: 'comparison', tierId: 'silver', requirementId: 'silver_arr' });
    expect(leverOf(s, distinct.metrics, 'silver', 'silver_sellers')).toEqual({ kind: 'comparison', tierId: 'silver', requirementId: 'silver_sellers' });
    expect(leverOf(s, distinct.metrics, 'base')).toBeNull();
    const r = designToTarget(s, distinct, { ladderId: 'main', targets: [null, { count: 20 }], levers: { silver: 'silver_sellers' } });
    expect(threshold(r, 'silver')!.requirementId).toBe('silver_sellers');
  });

  it('reports progress up to the end, and the same result every time', () => {
    const req: TargetRequest = { ladderId: 'main', targets: [null, { count: 20 }, { count: 10 }], limits: { mdf: 4500 }, round: 10 };
    const steps = designSteps(ladder(), distinct, req);
    const fractions: number[] = [];
    let next = steps.next();
    while (!next.done) {
      fractions.push(next.value.fraction);
      next = steps.next();
    }
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions.every((f, i) => f >= (fractions[i - 1] ?? 0) && f <= 1)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(next.value).toEqual(designToTarget(ladder(), distinct, req));
  });
});

describe('fit: on the examples', () => {
  const data = generatePartners({ seed: 3, count: 1500 });
  const motionFit = exampleScenarios().find((s) => s.name === 'Motion-fit ladders')!;

  const pointsBased = exampleScenarios().find((s) => s.name === 'Points-based (Xero-style)')!;

  it('plugging the proposed thresholds back into evaluate gives the reported counts and totals (property)', () => {
    const ladders = [motionFit, pointsBased].flatMap((sc) => sc.ladders.map((l) => ({ sc, id: l.id, tiers: l.tiers.length })));
    const target = fc.oneof(fc.constant(null), fc.record({ share: fc.double({ min: 0, max: 0.4, noNaN: true }) }), fc.record({ count: fc.integer({ min: 0, max: 300 }) }));
    fc.assert(
      fc.property(
        fc.constantFrom(...ladders),
        fc.array(target, { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: 50_000, max: 3_000_000 }), { nil: null }),
        fc.option(fc.constantFrom(1, 1000, 25_000), { nil: null }),
        (l, targets, mdf, round) => {
          const ts = targets.slice(0, l.tiers);
          if (!ts.some((t) => t !== null)) ts[0] = { count: 10 };
          const req: TargetRequest = { ladderId: l.id, targets: ts, limits: { mdf }, round };
          if (checkTargetRequest(l.sc, req) !== null) return;
          const r = designToTarget(l.sc, data, req);
          const li = l.sc.ladders.findIndex((x) => x.id === l.id);
          const o = evaluate(r.scenario, data);
          const counts = new Array<number>(l.tiers).fill(0);
          for (let p = 0; p < o.partnerCount; p++) if (o.ladderIndex[p] === li && o.level[p]! >= 0) counts[o.level[p]!]! += 1;
          expect(r.tiers.map((t) => t.achieved)).toEqual(counts);
          for (const b of r.budgets) expect(b.achieved).toBe(o.resources.totals[b.kind]);
          if (round !== null) for (const t of r.tiers) if (t.threshold && t.threshold.to !== t.threshold.from) expect(Math.abs(t.threshold.to / round - Math.round(t.threshold.to / round))).toBeLessThan(1e-9);
          for (const t of r.tiers) if (t.target !== null && t.achieved !== t.target) expect(t.reason).toBeTruthy();
        },
      ),
      { numRuns: 40, seed: 24 },
    );
  });

  it('fits the reseller ladder to 80/15/5', () => {
    const r = designToTarget(motionFit, data, { ladderId: 'resale', targets: [{ share: 0.8 }, { share: 0.15 }, { share: 0.05 }] });
    expect(r.ladder).toBe('Resale partners');
    expect(r.tiers.map((t) => t.tier)).toEqual(['Registered', 'Selling', 'Specialist', 'Strategic']);
    const specialist = r.tiers[2]!;
    expect(Math.abs(specialist.achieved - specialist.target!)).toBeLessThanOrEqual(1);
    expect(r.tiers[3]!.target).toBeNull();
  });
});
