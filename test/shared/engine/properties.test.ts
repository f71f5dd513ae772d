import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignmentsOf, evaluate, MOVEMENTS, ROLLOUT_GRANDFATHERED, ROLLOUT_LIMITED, ROLLOUT_NORMAL, ROLLOUT_WARNED } from '../../../shared/engine';
import { progressAt } from '../../../shared/engine/compile';
import { planOf } from '../../../shared/engine/evaluate';
import type { Requirement, Scenario } from '../../../shared/model/scenario';
import { dataset, ladder, scenario, type Row, type TierSpec } from './helpers';

const METRICS = ['a', 'b', 'c'] as const;
const MOTIONS = ['reseller', 'services', 'Technology', 'other'] as const;

const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 100 }) },
  { weight: 1, arbitrary: fc.double({ min: -10, max: 200, noNaN: true }) },
);

const rows = fc.array(
  fc.record({
    motion: fc.constantFrom(...MOTIONS),
    current: fc.constantFrom(null, 'Bronze', 'Silver', 'Gold', 'Unknown'),
    a: value,
    b: value,
    c: value,
  }),
  { maxLength: 40 },
);

/** A threshold condition, possibly inside an all / any group. */
const condition = (id: string) =>
  fc.oneof(
    fc.record({ metric: fc.constantFrom(...METRICS), t: fc.integer({ min: 0, max: 100 }) }).map(({ metric, t }): Requirement => ({ type: 'compare', id, metric, op: '>=', value: t })),
    fc
      .record({ kind: fc.constantFrom('all' as const, 'any' as const), m1: fc.constantFrom(...METRICS), t1: fc.integer({ min: 0, max: 100 }), m2: fc.constantFrom(...METRICS), t2: fc.integer({ min: 0, max: 100 }) })
      .map(
        ({ kind, m1, t1, m2, t2 }): Requirement => ({
          type: kind,
          id,
          items: [
            { type: 'compare', id: `${id}x`, metric: m1, op: '>=', value: t1 },
            { type: 'compare', id: `${id}y`, metric: m2, op: '>', value: t2 },
          ],
        }),
      ),
  );

const tierSpecs = fc
  .tuple(
    fc.boolean(), // entry tier has a requirement
    fc.array(fc.tuple(condition('r'), fc.option(fc.record({ count: fc.integer({ min: 0, max: 5 }), direction: fc.constantFrom('asc' as const, 'desc' as const) }), { nil: null })), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([entryHasReq, specs]) =>
    specs.map(([req, cap], k): TierSpec => {
      const requirement = k === 0 && !entryHasReq ? null : renameIds(req, `t${k}`);
      return { id: `t${k}`, requirement, ...(cap && k > 0 ? { cap: { count: cap.count, rankBy: 'c', direction: cap.direction } } : {}) };
    }),
  );

function renameIds(r: Requirement, prefix: string): Requirement {
  if (r.type === 'all' || r.type === 'any') return { ...r, id: `${prefix}${r.id}`, items: r.items.map((i) => renameIds(i, prefix)) };
  return { ...r, id: `${prefix}${r.id}` };
}

const setup = fc.record({
  rows,
  tiers: tierSpecs,
  strict: fc.boolean(),
  gate: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  perMotion: fc.boolean(),
});

type Setup = typeof setup extends fc.Arbitrary<infer T> ? T : never;

/** A setup with rollout policies (band, demotion limit, grace) and overrides to tiers that may be capped. */
const policySetup = fc.record({
  base: setup,
  band: fc.option(fc.constantFrom(0, 5, 10, 20, 50, 100), { nil: null }),
  maxDown: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  quarters: fc.integer({ min: 0, max: 12 }),
  overrides: fc.array(fc.tuple(fc.nat({ max: 39 }), fc.nat({ max: 3 })), { maxLength: 6 }),
});
type PolicySetup = typeof policySetup extends fc.Arbitrary<infer T> ? T : never;

function buildWithPolicies(s: PolicySetup, quarters = s.quarters): { sc: Scenario; rowsOut: Row[] } {
  const { sc, rowsOut } = build(s.base);
  const tierCount = sc.ladders[0]!.tiers.length;
  const overrides = s.overrides
    .filter(([row]) => row < rowsOut.length)
    .map(([row, k]) => {
      const r = rowsOut[row]!;
      // the partner's own ladder: "resellers" for resellers on per-motion ladders, else the first
      const ladder = s.base.perMotion && r.motion !== 'reseller' ? sc.ladders[1]! : sc.ladders[0]!;
      return { partnerId: r.id, tierId: ladder.tiers[k % tierCount]!.id, reason: 'pinned' };
    });
  return {
    sc: { ...sc, overrides, policies: { ...sc.policies, warningBandPct: s.band, maxDemotionLevels: s.maxDown, grandfatherQuarters: quarters } },
    rowsOut,
  };
}

function build(s: Setup): { sc: Scenario; rowsOut: Row[] } {
  const ladders = s.perMotion
    ? [ladder(s.tiers, { id: 'resellers', motion: 'reseller', strict: s.strict }), ladder(s.tiers.map((t) => ({ ...t, id: `x${t.id}` })), { id: 'rest', motion: '*', strict: s.strict })]
    : [ladder(s.tiers, { strict: s.strict })];
  const sc = scenario({
    ladders,
    eligibility: s.gate === null ? null : { type: 'compare', id: 'gate', metric: 'b', op: '>=', value: s.gate },
    tierMapping: [
      { label: 'Bronze', level: 0 },
      { label: 'Silver', level: 1 },
      { label: 'Gold', level: 2 },
    ],
    assumptions: { valueMetric: 'a', capacityHours: null, mdfBudget: null, marginBudget: null },
  });
  const rowsOut = s.rows.map((r, i) => ({ id: `p${String(i).padStart(3, '0')}`, motion: r.motion, currentTier: r.current, a: r.a, b: r.b, c: r.c }));
  return { sc, rowsOut };
}

/** Partners at level ≥ k on ladder l. */
function atOrAbove(o: ReturnType<typeof evaluate>, l: number, k: number): number {
  let n = 0;
  for (let p = 0; p < o.partnerCount; p++) if (o.ladderIndex[p] === l && o.level[p]! >= k) n++;
  return n;
}

/** The first compare leaf of a requirement (the one whose threshold gets raised). */
function raiseFirst(r: Requirement, by: number): Requirement {
  if (r.type === 'compare') return { ...r, value: (r.value ?? 0) + by };
  if (r.type === 'all' || r.type === 'any') return { ...r, items: r.items.map((item, i) => (i === 0 ? raiseFirst(item, by) : item)) };
  return r;
}

describe('properties', () => {
  it('raising a threshold never adds partners to that tier or above', () => {
    fc.assert(
      fc.property(setup, fc.nat(), fc.integer({ min: 1, max: 60 }), (s, pick, by) => {
        const { sc, rowsOut } = build(s);
        const ds = dataset(rowsOut);
        const ladderIx = 0;
        const tiers = sc.ladders[ladderIx]!.tiers;
        const k = pick % tiers.length;
        const tier = tiers[k]!;
        if (!tier.requirement) return;
        const raised: Scenario = {
          ...sc,
          ladders: sc.ladders.map((l, li) => (li !== ladderIx ? l : { ...l, tiers: l.tiers.map((t, j) => (j === k ? { ...t, requirement: raiseFirst(t.requirement!, by) } : t)) })),
        };
        // raising the first threshold of an `any` group can only shrink it too: ≥ on a bigger value
        expect(atOrAbove(evaluate(raised, ds), ladderIx, k)).toBeLessThanOrEqual(atOrAbove(evaluate(sc, ds), ladderIx, k));
      }),
      { numRuns: 300 },
    );
  });

  it('every partner gets exactly one tier of its own ladder, or none', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { sc, rowsOut } = build(s);
        const o = evaluate(sc, dataset(rowsOut));
        for (let p = 0; p < o.partnerCount; p++) {
          const l = o.ladderIndex[p]!;
          const lv = o.level[p]!;
          if (l < 0) expect(lv).toBe(-1);
          else {
            expect(lv).toBeGreaterThanOrEqual(-1);
            expect(lv).toBeLessThan(o.ladders[l]!.tiers.length);
          }
          expect(MOVEMENTS[o.movementCode[p]!]).toBeDefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('distribution counts sum to the partner count (motion *) and to each motion’s partners', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { sc, rowsOut } = build(s);
        const o = evaluate(sc, dataset(rowsOut));
        const sum = (motion: string) => o.distribution.filter((r) => r.motion === motion).reduce((t, r) => t + r.count, 0);
        expect(sum('*')).toBe(o.partnerCount);
        for (const motion of new Set(rowsOut.map((r) => r.motion!))) expect(sum(motion)).toBe(rowsOut.filter((r) => r.motion === motion).length);
        expect(o.resources.tiers.reduce((t, r) => t + r.partners, 0)).toBe(o.partnerCount);
        const movements = o.movement.promoted + o.movement.demoted + o.movement.unchanged + o.movement.newlyTiered + o.movement.lostTier;
        expect(movements).toBeLessThanOrEqual(o.partnerCount);
      }),
      { numRuns: 200 },
    );
  });

  it('coverage is 100 % when every conflict type has an enabled rule', () => {
    const types = ['exclusivity', 'margin_uplift', 'direct_cosell', 'mdf_access', 'lead_routing', 'roadmap_input', 'custom_one'];
    fc.assert(
      fc.property(setup, fc.array(fc.tuple(fc.constantFrom(...types), fc.nat({ max: 3 })), { minLength: 1, maxLength: 8 }), (s, grants) => {
        const { sc, rowsOut } = build(s);
        const benefits = grants.map(([type], i) => ({ id: `b${i}`, name: `Benefit ${i}`, category: 'support' as const, hours: 0, mdf: 0, fixed: 0, marginPoints: 0, conflictType: type }));
        const withBenefits: Scenario = {
          ...sc,
          benefits,
          rules: types.map((t, i) => ({ id: `rule${i}`, name: `Rule ${i}`, description: '', covers: [t] })),
          enabledRules: types.map((_, i) => `rule${i}`),
          ladders: sc.ladders.map((l) => ({ ...l, tiers: l.tiers.map((t, k) => ({ ...t, benefits: grants.filter(([, at]) => at % l.tiers.length === k).map((_, i) => `b${i}`) })) })),
        };
        const c = evaluate(withBenefits, dataset(rowsOut)).coverage;
        expect(c.pairs.covered).toBe(c.pairs.total);
        expect(c.grants.covered).toBe(c.grants.total);
        expect(c.uncovered).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic: the same input gives a deep-equal outcome (and explanations)', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const first = build(s);
        const second = build(s); // fresh objects, same content
        const a = evaluate(first.sc, dataset(first.rowsOut));
        const b = evaluate(second.sc, dataset(second.rowsOut));
        expect(b).toEqual(a);
        expect(assignmentsOf(b)).toEqual(assignmentsOf(a));
        // re-evaluating the same objects (caches warm) changes nothing either
        const ds = dataset(first.rowsOut);
        expect(evaluate(first.sc, ds)).toEqual(evaluate(first.sc, ds));
      }),
      { numRuns: 150 },
    );
  });

  it('after the policies no capped tier holds more than its cap (overrides included)', () => {
    fc.assert(
      fc.property(policySetup, (s) => {
        const { sc, rowsOut } = buildWithPolicies(s);
        const o = evaluate(sc, dataset(rowsOut));
        sc.ladders.forEach((ladder, l) =>
          ladder.tiers.forEach((tier, k) => {
            if (!tier.cap) return;
            let holding = 0;
            let pinned = 0;
            for (let p = 0; p < o.partnerCount; p++) {
              if (o.ladderIndex[p] !== l) continue;
              if (o.rolloutLevel[p] === k) holding++;
              if (o.overridden[p] === 1 && o.level[p] === k) pinned++;
            }
            // overrides alone may hold more than the cap (they are placed first); nobody else then gets in
            expect(holding).toBeLessThanOrEqual(Math.max(tier.cap.count, pinned));
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the rollout states partition the would-be-demoted partners and add up to movement.downgrades', () => {
    fc.assert(
      fc.property(policySetup, (s) => {
        const { sc, rowsOut } = buildWithPolicies(s);
        const o = evaluate(sc, dataset(rowsOut));
        const count = { warned: 0, limited: 0, grandfathered: 0, demoted: 0 };
        for (let p = 0; p < o.partnerCount; p++) {
          const move = MOVEMENTS[o.movementCode[p]!];
          const state = o.rolloutState[p]!;
          if (move !== 'demoted' && move !== 'lostTier') {
            // no policy touches anyone else
            expect(state).toBe(ROLLOUT_NORMAL);
            expect(o.rolloutLevel[p]).toBe(o.level[p]);
            expect(o.rolloutLimited[p]).toBe(0);
            continue;
          }
          const touched = o.ladderIndex[p]! >= 0 && o.overridden[p] === 0;
          if (!touched) expect(state).toBe(ROLLOUT_NORMAL);
          if (state === ROLLOUT_WARNED) {
            count.warned++;
            expect(o.rolloutLevel[p]).toBe(o.currentLevel[p]);
          } else if (state === ROLLOUT_LIMITED) {
            count.limited++;
            expect(o.rolloutLimited[p]).toBe(1);
          } else if (state === ROLLOUT_GRANDFATHERED) count.grandfathered++;
          else count.demoted++;
          // a policy never places a partner above its current tier, nor below its new one
          expect(o.rolloutLevel[p]).toBeLessThanOrEqual(o.currentLevel[p]!);
          expect(o.rolloutLevel[p]).toBeGreaterThanOrEqual(o.level[p]!);
          if (o.rolloutLimited[p] === 1) expect(o.rolloutLevel[p]).toBeGreaterThan(o.level[p]!);
          else if (state !== ROLLOUT_WARNED) expect(o.rolloutLevel[p]).toBe(o.level[p]);
        }
        const { graceCost, ...rollout } = o.rollout;
        expect(rollout).toEqual(count);
        expect(count.warned + count.limited + count.grandfathered + count.demoted).toBe(o.movement.downgrades);
        if (s.quarters === 0) expect(graceCost).toEqual({ hours: 0, mdf: 0, fixed: 0, margin: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('grace cost is linear in quarters', () => {
    const benefits = [0, 1, 2, 3].map((k) => ({ id: `b${k}`, name: `B${k}`, category: 'support' as const, hours: 10 * k + 1, mdf: 1_000 * k, fixed: k === 2 ? 5_000 : 0, marginPoints: k, conflictType: null }));
    fc.assert(
      fc.property(policySetup, (s) => {
        const { sc, rowsOut } = buildWithPolicies(s, 1);
        const withBenefits = (quarters: number): Scenario => ({
          ...sc,
          benefits,
          ladders: sc.ladders.map((l) => ({ ...l, tiers: l.tiers.map((t, k) => ({ ...t, benefits: [`b${k}`] })) })),
          policies: { ...sc.policies, grandfatherQuarters: quarters },
        });
        const ds = dataset(rowsOut);
        const one = evaluate(withBenefits(1), ds);
        for (const q of [2, 4, 5, 12]) {
          const o = evaluate(withBenefits(q), ds);
          expect(Array.from(o.rolloutLevel)).toEqual(Array.from(one.rolloutLevel));
          for (const key of ['hours', 'mdf', 'fixed', 'margin'] as const) {
            expect(o.rollout.graceCost[key]).toBeGreaterThanOrEqual(0);
            expect(o.rollout.graceCost[key]).toBeCloseTo(q * one.rollout.graceCost[key], 6);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('progress toward the next tier is, per partner, its requirement’s progress averaged with the gate’s above entry', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { sc, rowsOut } = build(s);
        const o = evaluate(sc, dataset(rowsOut));
        const plan = planOf(o)!;
        for (let p = 0; p < o.partnerCount; p++) {
          const next = o.nextLevel[p]!;
          if (next < 0) {
            expect(o.progress[p]).toBeNaN();
            continue;
          }
          const tier = plan.ladders[o.ladderIndex[p]!]!.tiers[next]!;
          let expected = tier.req ? progressAt(tier.req, p) : 1;
          if (next >= 1 && plan.gate) expected = (expected + progressAt(plan.gate, p)) / 2;
          expect(o.progress[p]).toBeCloseTo(expected, 12);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('explains every partner without throwing; every move has a reason', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { sc, rowsOut } = build(s);
        for (const e of assignmentsOf(evaluate(sc, dataset(rowsOut)))) {
          if (e.movement !== 'unchanged' && e.movement !== 'untiered') expect(e.reasons.length).toBeGreaterThan(0);
          if (e.progress !== null) {
            expect(e.progress).toBeGreaterThanOrEqual(0);
            expect(e.progress).toBeLessThanOrEqual(1);
          }
          for (const u of e.unmet) expect(u.progress).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 150 },
    );
  });
});
