/**
 * Rollout policies and the points / progress rules of issue 19, one table per item, on the
 * minimal cases of the issue and the worked examples of docs/ENGINE.md ("Rollout policies",
 * "Points and progress").
 */
import { describe, expect, it } from 'vitest';
import { evaluate, explainPartner, MOVEMENTS, ROLLOUT_STATES } from '../../../shared/engine';
import { BAND_MET, BAND_OUT, BAND_WITHIN, BELOW_ONE, bandAt, compileRequirement, rulePoints, unitsOf } from '../../../shared/engine/compile';
import { MetricTable } from '../../../shared/engine/metrics';
import { replay } from '../../../shared/engine/replay';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import type { PointsRule, Requirement } from '../../../shared/model/scenario';
import type { ComparisonOp } from '../../../shared/model/operators';
import { all, any, dataset, ge, isTrue, ladder, scenario, type Row, type TierSpec } from './helpers';

const NaN_ = Number.NaN;
type Outcome = ReturnType<typeof evaluate>;

const states = (o: Outcome) => Array.from(o.rolloutState, (s) => ROLLOUT_STATES[s]);
const movements = (o: Outcome) => Array.from(o.movementCode, (c) => MOVEMENTS[c]);

/** The four rollout counts add up to the downgrades. */
function expectPartition(o: Outcome): void {
  const { warned, limited, grandfathered, demoted } = o.rollout;
  expect(warned + limited + grandfathered + demoted).toBe(o.movement.downgrades);
}

/** A ladder of `tiers` (lowest first) with today's "Now" label on `current`, the band and other policies given. */
function rolled(tiers: TierSpec[], rows: Row[], options: { current: number; policies?: Record<string, unknown>; strict?: boolean; extra?: Record<string, unknown> }): Outcome {
  const sc = scenario({
    ladders: [ladder(tiers, { strict: options.strict ?? false })],
    tierMapping: [{ label: 'Now', level: options.current }],
    policies: options.policies ?? {},
    ...options.extra,
  });
  return evaluate(sc, dataset(rows.map((r) => ({ currentTier: 'Now', ...r }))));
}

// ---------------------------------------------------------------------------------------

describe('issue 19, item 1: the warning band respects strict ladders', () => {
  // T0 n ≥ 1, T1 n ≥ 5, T2 m ≥ 100; today's Gold ("Now") is T2; band 10 %
  const tiers: TierSpec[] = [
    { id: 't0', requirement: ge('n', 1, 'n1') },
    { id: 't1', requirement: ge('n', 5, 'n5') },
    { id: 't2', requirement: ge('m', 100, 'm100') },
  ];
  const rows: Row[] = [
    { id: 'fails_lower', m: 150, n: 0 }, // fails T0 and T1 outright: on a strict ladder it does not meet T2
    { id: 'lower_within', m: 150, n: 4.6 }, // T1 only within (n ≥ 4.5): warned
    { id: 'all_within', m: 95, n: 4.5 }, // T2 and T1 within, T0 met: warned
    { id: 't0_within', m: 150, n: 0.9 }, // T0 within (n ≥ 0.9), but T1 fails outright (0.9 < 4.5)
  ];

  it.each([
    [true, ['demoted', 'warned', 'warned', 'demoted']],
    [false, ['unchanged', 'unchanged', 'warned', 'unchanged']],
  ] as const)('strict %s', (strict, expected) => {
    const o = rolled(tiers, rows, { current: 2, strict, policies: { warningBandPct: 10 } });
    const result = Array.from(o.rolloutState, (s, p) => (ROLLOUT_STATES[s] === 'warned' ? 'warned' : movements(o)[p] === 'unchanged' ? 'unchanged' : 'demoted'));
    expect(result).toEqual(expected);
    expectPartition(o);
  });

  it('the strict failure loses its tier and says what it fails', () => {
    const o = rolled(tiers, rows.slice(0, 1), { current: 2, strict: true, policies: { warningBandPct: 10 } });
    expect(movements(o)).toEqual(['lostTier']);
    expect(states(o)).toEqual(['normal']);
    expect(o.rollout).toMatchObject({ warned: 0, demoted: 1 });
    const e = explainPartner(evaluate(scenario({ ladders: [ladder(tiers, { strict: true })], tierMapping: [{ label: 'Now', level: 2 }], policies: { warningBandPct: 10 } }), dataset([{ id: 'x', currentTier: 'Now', m: 150, n: 4.6 }])), 0);
    expect(e.reasons).toContain("warned, not demoted: within the 10% warning band of T2's requirements (n ≥ 5: has 4.6); stays at T2 for now");
  });
});

describe('issue 19, item 2: the band is per requirement, not the average progress', () => {
  // band 20 %; the tier requires all of [b is true, m ≥ 100, n ≥ 50, k ≥ 10, j ≥ 10]
  const tier = all(isTrue('b', 'b'), ge('m', 100, 'm'), ge('n', 50, 'n'), ge('k', 10, 'k'), ge('j', 10, 'j'));
  const met = { b: 1, m: 100, n: 50, k: 10, j: 10 };

  it.each([
    ['b = no, everything else met (yes/no is never within)', { ...met, b: 0 }, 'normal'],
    ['m = 1, 99 % below its threshold', { ...met, m: 1 }, 'normal'],
    ['m = 80: exactly 20 % below (≥ kept)', { ...met, m: 80 }, 'warned'],
    ['m = 79.99', { ...met, m: 79.99 }, 'normal'],
    ['m = 85 and n = 41: each within its own 20 %', { ...met, m: 85, n: 41 }, 'warned'],
    ['m = 85 and n = 39: n fails outright', { ...met, m: 85, n: 39 }, 'normal'],
    ['m has no data', { ...met, m: NaN_ }, 'normal'],
  ] as const)('%s', (_name, values, state) => {
    const o = rolled([{ id: 'entry', requirement: null }, { id: 'top', requirement: tier }], [{ id: 'p', ...values }], { current: 1, policies: { warningBandPct: 20 } });
    expect(movements(o)).toEqual(['demoted']);
    expect(states(o)).toEqual([state]);
    expectPartition(o);
  });

  const cmp = (op: ComparisonOp, value?: number, extra: { value2?: number; values?: number[] } = {}): Requirement => ({ type: 'compare', id: 'c', metric: 'm', op, ...(value === undefined ? {} : { value }), ...extra });
  const W = BAND_WITHIN;
  const M = BAND_MET;
  const O = BAND_OUT;
  // [requirement, band %, value, state]
  const leaves: [string, Requirement, number, number, number][] = [
    ['≥ 100, 10 %: 90', cmp('>=', 100), 10, 90, W],
    ['≥ 100, 10 %: 89.99', cmp('>=', 100), 10, 89.99, O],
    ['≥ 100, 10 %: 100', cmp('>=', 100), 10, 100, M],
    ['> 100, 20 %: 80 (strictness kept)', cmp('>', 100), 20, 80, O],
    ['> 100, 20 %: 80.01', cmp('>', 100), 20, 80.01, W],
    ['> 100, 20 %: exactly 100 (unmet, within)', cmp('>', 100), 20, 100, W],
    ['≥ 100, 0 %: 99.99 (a band of 0 warns no one)', cmp('>=', 100), 0, 99.99, O],
    ['≥ 0, 50 %: −1 (a threshold of 0 warns no one)', cmp('>=', 0), 50, -1, O],
    ['≥ −100, 10 %: −110 (moves by |threshold|)', cmp('>=', -100), 10, -110, W],
    ['≤ 100, 10 %: 110', cmp('<=', 100), 10, 110, W],
    ['≤ 100, 10 %: 110.01', cmp('<=', 100), 10, 110.01, O],
    ['< 100, 10 %: 110 (strict)', cmp('<', 100), 10, 110, O],
    ['< 100, 10 %: 109.9', cmp('<', 100), 10, 109.9, W],
    ['between 10 and 20, 10 %: 9', cmp('between', 10, { value2: 20 }), 10, 9, W],
    ['between 10 and 20, 10 %: 22', cmp('between', 10, { value2: 20 }), 10, 22, W],
    ['between 10 and 20, 10 %: 8.9', cmp('between', 10, { value2: 20 }), 10, 8.9, O],
    ['between 10 and 20, 10 %: 22.1', cmp('between', 10, { value2: 20 }), 10, 22.1, O],
    ['= 100, 50 %: 99 (never within)', cmp('=', 100), 50, 99, O],
    ['!= 100, 50 %: 100 (never within)', cmp('!=', 100), 50, 100, O],
    ['in [1, 3], 50 %: 2 (never within)', cmp('in', undefined, { values: [1, 3] }), 50, 2, O],
    ['is false, 50 %: 1 (never within)', cmp('isFalse'), 50, 1, O],
    ['≥ 100, 50 %: no data', cmp('>=', 100), 50, NaN_, O],
    ['any(≥ 100, ≥ 1000), 10 %: 95 (one part within)', any(ge('m', 100, 'a'), ge('m', 1000, 'b')), 10, 95, W],
    ['all(≥ 100, ≤ 50), 10 %: 95 (one part fails)', all(ge('m', 100, 'a'), { type: 'compare', id: 'b', metric: 'm', op: '<=', value: 50 }), 10, 95, O],
    ['all(≥ 100, ≤ 200), 10 %: 95', all(ge('m', 100, 'a'), { type: 'compare', id: 'b', metric: 'm', op: '<=', value: 200 }), 10, 95, W],
  ];

  it.each(leaves)('%s', (_name, requirement, band, value, state) => {
    const table = new MetricTable(1);
    table.set({ key: 'm', label: 'M', kind: 'number', unit: null, column: Float64Array.of(value), derived: false });
    expect(bandAt(compileRequirement(requirement, table), 0, band)).toBe(state);
  });

  // points: min 1,000, sub-minimum 300 on `arr` (5 points per $100); certs 50 each; band 10 % (totals ≥ 900, sourced ≥ 270)
  const points: Requirement = {
    type: 'points',
    id: 'pts',
    min: 1000,
    rules: [
      { id: 'arr', label: 'Sourced', metric: 'arr', mode: 'perUnit', per: 100, points: 5 },
      { id: 'certs', label: 'Certifications', metric: 'certs', mode: 'perUnit', points: 50 },
    ],
    subMinimums: [{ rules: ['arr'], min: 300, label: 'sourced' }],
  };
  it.each([
    ['total 930, sub 280: both within', { arr: 5_600, certs: 13 }, BAND_WITHIN],
    ['total 1,080 met, sub 280 within', { arr: 5_600, certs: 16 }, BAND_WITHIN],
    ['total 960, sub 260: the sub-minimum fails outright', { arr: 5_200, certs: 14 }, BAND_OUT],
    ['total 850: the total fails outright', { arr: 6_000, certs: 11 }, BAND_OUT],
    ['total 1,000 and sub 300: met', { arr: 6_000, certs: 14 }, BAND_MET],
  ] as const)('points: %s', (_name, values, state) => {
    const table = new MetricTable(1);
    table.set({ key: 'arr', label: 'ARR', kind: 'currency', unit: null, column: Float64Array.of(values.arr), derived: false });
    table.set({ key: 'certs', label: 'Certs', kind: 'count', unit: null, column: Float64Array.of(values.certs), derived: false });
    expect(bandAt(compileRequirement(points, table), 0, 10)).toBe(state);
  });

  it('the gate above entry: within → warned; failed outright → not', () => {
    const tiers: TierSpec[] = [{ id: 'entry', requirement: null }, { id: 'top', requirement: ge('m', 100, 'm') }];
    const gate = { type: 'compare', id: 'g', metric: 'g', op: '>=', value: 60 } as const;
    const o = rolled(
      tiers,
      [
        { id: 'gate_within', m: 150, g: 55 },
        { id: 'gate_out', m: 150, g: 50 },
        { id: 'both_within', m: 95, g: 57 },
      ],
      { current: 1, policies: { warningBandPct: 10 }, extra: { eligibility: gate } },
    );
    expect(states(o)).toEqual(['warned', 'normal', 'warned']);
    expect(explainPartner(o, 0).reasons).toContain("warned, not demoted: within the 10% warning band of Top's requirements (g ≥ 60: has 55); stays at Top for now");
  });
});

describe('issue 19, item 3: a cap is a ranking, not a requirement', () => {
  const capped = (count: number): TierSpec[] => [
    { id: 'entry', requirement: null },
    { id: 'top', requirement: ge('m', 100, 'm'), cap: { count, rankBy: 'm' } },
  ];

  it('losing a cap is never "within the band": cap 1 holds 1', () => {
    const o = rolled(capped(1), [{ id: 'a', m: 150 }, { id: 'b', m: 140 }], { current: 1, policies: { warningBandPct: 10 } });
    expect(states(o)).toEqual(['normal', 'normal']);
    expect(Array.from(o.rolloutLevel)).toEqual([1, 0]);
    expect(o.rollout).toMatchObject({ warned: 0, demoted: 1 });
  });

  it('a within-band partner is kept only while the tier holds fewer than its cap, in ranking order; overrides count', () => {
    const rows: Row[] = [
      { id: 'a', m: 150 }, // holds Top
      { id: 'b', m: 92 }, // within, ranked below c
      { id: 'c', m: 95 }, // within
      { id: 'd', m: 10, currentTier: null }, // newly tiered at entry; pinned to Top below
    ];
    const o = rolled(capped(2), rows, { current: 1, policies: { warningBandPct: 10 } });
    expect(states(o)).toEqual(['normal', 'normal', 'warned', 'normal']);
    expect(Array.from(o.rolloutLevel)).toEqual([1, 0, 1, 0]);
    expect(explainPartner(o, 1).reasons).toContain("within the warning band of Top's requirements, but the cap of 2 on Top is full: not warned");
    expectPartition(o);
    const pinned = rolled(capped(2), rows, { current: 1, policies: { warningBandPct: 10 }, extra: { overrides: [{ partnerId: 'd', tierId: 'top', reason: 'Board decision' }] } });
    expect(states(pinned)).toEqual(['normal', 'normal', 'normal', 'normal']);
    expect(pinned.rollout).toMatchObject({ warned: 0, demoted: 2 });
  });

  // L0; L1 score ≥ 10; L2 score ≥ 20; L3 score ≥ 30; demotion limit 1 level
  const four = (caps: { l1?: number; l2?: number }): TierSpec[] => [
    { id: 'l0', requirement: null },
    { id: 'l1', requirement: ge('score', 10, 's10'), ...(caps.l1 !== undefined ? { cap: { count: caps.l1, rankBy: 'score' } } : {}) },
    { id: 'l2', requirement: ge('score', 20, 's20'), ...(caps.l2 !== undefined ? { cap: { count: caps.l2, rankBy: 'score' } } : {}) },
    { id: 'l3', requirement: ge('score', 30, 's30') },
  ];

  it.each([
    ['target L2 capped and full → the highest lower tier with room (L1)', { l2: 1 }, [2, 1], [false, true]],
    ['L2 and L1 capped and full → an ordinary demotion', { l2: 1, l1: 1 }, [2, 0, 1], [false, false, false]],
    ['L2 has room for one: the better ranked gets it, the other L1', { l2: 2 }, [2, 2, 1], [false, true, true]],
  ] as [string, { l1?: number; l2?: number }, number[], boolean[]][])('%s', (_name, caps, levels, limited) => {
    const rows: Row[] = [
      { id: 'holder', currentTier: null, score: 25 }, // newly tiered at L2
      { id: 'down', score: 5 }, // from L3 to L0
      ...(caps.l1 !== undefined ? [{ id: 'l1_holder', currentTier: null, score: 15 }] : []),
      ...(levels.length === 3 && caps.l1 === undefined ? [{ id: 'down_lower', score: 3 }] : []),
    ];
    const o = rolled(four(caps), rows, { current: 3, policies: { maxDemotionLevels: 1 } });
    expect(Array.from(o.rolloutLevel)).toEqual(levels);
    expect(Array.from(o.rolloutLimited, (x) => x === 1)).toEqual(limited);
    expectPartition(o);
  });

  it('counts who holds a capped tier after the policies: a partner the limit lifts out of it leaves room', () => {
    // L1 capped at 1: `lifted` lands there (from L3) but the limit places it on L2; `down` (from L2) then fits on L1
    const sc = scenario({
      ladders: [ladder(four({ l1: 1 }))],
      tierMapping: [
        { label: 'Three', level: 3 },
        { label: 'Two', level: 2 },
      ],
      policies: { maxDemotionLevels: 1 },
    });
    const o = evaluate(sc, dataset([{ id: 'lifted', currentTier: 'Three', score: 15 }, { id: 'down', currentTier: 'Two', score: 5 }]));
    expect(Array.from(o.level)).toEqual([1, 0]);
    expect(Array.from(o.rolloutLevel)).toEqual([2, 1]);
    expect(states(o)).toEqual(['limited', 'limited']);
  });

  it('says why a limited demotion went further down', () => {
    const o = rolled(four({ l2: 1 }), [{ id: 'holder', currentTier: null, score: 25 }, { id: 'down', score: 5 }], { current: 3, policies: { maxDemotionLevels: 1 } });
    expect(explainPartner(o, 1).reasons).toContain('demotion limited to 1 level per cycle: placed on L1 (the cap of 1 on L2 is full)');
    const full = rolled(four({ l2: 1, l1: 1 }), [{ id: 'holder', currentTier: null, score: 25 }, { id: 'down', score: 5 }, { id: 'l1_holder', currentTier: null, score: 15 }], {
      current: 3,
      policies: { maxDemotionLevels: 1 },
    });
    expect(explainPartner(full, 1).reasons).toContain('demotion limit: the cap of 1 on L2 is full and no lower tier above L0 has room, so the demotion takes effect in full');
  });
});

describe('issue 19, item 4: grace cost = max(0, old − new) × quarters ÷ 4', () => {
  const benefits = [
    { id: 'old', name: 'Old', category: 'support' as const, hours: 100, mdf: 4_000 },
    { id: 'new', name: 'New', category: 'support' as const, hours: 1, mdf: 0, fixed: 50 },
  ];
  const tiers: TierSpec[] = [
    { id: 'base', requirement: null, benefits: ['new'] },
    { id: 'top', requirement: ge('m', 100, 'm'), benefits: ['old'] },
  ];
  it.each([
    [1, 24.75, 1_000],
    [4, 99, 4_000],
    [6, 148.5, 6_000],
  ])('%i quarter(s) → %s h, $%s MDF (the new tier’s $50 fixed costs more: 0)', (quarters, hours, mdf) => {
    const o = rolled(tiers, [{ id: 'p', m: 10 }], { current: 1, policies: { grandfatherQuarters: quarters }, extra: { benefits } });
    expect(o.rollout.graceCost).toEqual({ hours, mdf, fixed: 0, margin: 0 });
  });

  it('a partner losing its tier keeps the whole old tier’s cost for the grace period', () => {
    const entryReq: TierSpec[] = [{ id: 'base', requirement: ge('m', 5, 'm5'), benefits: ['new'] }, tiers[1]!];
    const o = rolled(entryReq, [{ id: 'p', m: 1 }], { current: 1, policies: { grandfatherQuarters: 2 }, extra: { benefits } });
    expect(movements(o)).toEqual(['lostTier']);
    expect(o.rollout.graceCost).toEqual({ hours: 50, mdf: 2_000, fixed: 0, margin: 0 });
  });
});

describe('issue 19, item 5: the rollout states partition the downgrades', () => {
  it('warned, limited, grandfathered (with the limited flag), demoted — overridden and no-ladder downgrades demoted', () => {
    const tiers: TierSpec[] = [
      { id: 'l0', requirement: null },
      { id: 'l1', requirement: ge('score', 10, 's10') },
      { id: 'l2', requirement: ge('score', 20, 's20') },
      { id: 'l3', requirement: ge('score', 30, 's30') },
    ];
    const sc = (policies: Record<string, unknown>) =>
      scenario({
        ladders: [ladder(tiers, { motion: 'reseller' })],
        tierMapping: [{ label: 'Now', level: 3 }],
        policies,
        overrides: [{ partnerId: 'pinned', tierId: 'l0', reason: 'Wound down' }],
      });
    const rows: Row[] = [
      { id: 'warned', score: 28 },
      { id: 'limited', score: 5 },
      { id: 'one_down', score: 25 },
      { id: 'pinned', score: 50 },
      { id: 'no_ladder', motion: 'services', score: 50 },
      { id: 'steady', score: 35 },
    ].map((r) => ({ currentTier: 'Now', ...r }));
    const o = evaluate(sc({ warningBandPct: 10, maxDemotionLevels: 1 }), dataset(rows));
    expect(movements(o)).toEqual(['demoted', 'demoted', 'demoted', 'demoted', 'lostTier', 'unchanged']);
    expect(states(o)).toEqual(['warned', 'limited', 'normal', 'normal', 'normal', 'normal']);
    expect(o.rollout).toMatchObject({ warned: 1, limited: 1, grandfathered: 0, demoted: 3 });
    expectPartition(o);
    const g = evaluate(sc({ warningBandPct: 10, maxDemotionLevels: 1, grandfatherQuarters: 2 }), dataset(rows));
    expect(states(g)).toEqual(['warned', 'grandfathered', 'grandfathered', 'normal', 'normal', 'normal']);
    expect(Array.from(g.rolloutLimited)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(g.rollout).toMatchObject({ warned: 1, limited: 0, grandfathered: 2, demoted: 2 });
    expect(explainPartner(g, 1).rollout).toEqual({ tier: 'L2', state: 'grandfathered', limited: true });
    expectPartition(g);
  });
});

describe('issue 19, item 7: per-unit points', () => {
  const rule = (r: Partial<PointsRule>): PointsRule => ({ id: 'r', label: 'r', metric: 'm', mode: 'perUnit', points: 10, ...r }) as PointsRule;
  it.each([
    ['30 % per 0.1 → 3 units', rule({ per: 0.1, points: 1 }), 0.3, 3],
    ['0.7 per 0.1 → 7 units (6.999999999999999)', rule({ per: 0.1, points: 1 }), 0.7, 7],
    ['0.29 per 0.01 → 29 units (28.999999999999996)', rule({ per: 0.01, points: 1 }), 0.29, 29],
    ['0.35 per 0.1 → 3 units (floored)', rule({ per: 0.1, points: 1 }), 0.35, 3],
    ['$1,234.56 per $100 → 12 units', rule({ per: 100, points: 1 }), 1234.56, 12],
    ['m = −5 at 10 points per unit → 0, not −50', rule({}), -5, 0],
    ['no data → 0', rule({}), NaN_, 0],
  ] as const)('%s', (_name, r, value, points) => {
    expect(rulePoints(r, value)).toBe(points);
  });

  it('the column agrees with the scalar rule (30 % per 0.1 meets a minimum of 3)', () => {
    const leaf: Requirement = { type: 'points', id: 'pts', min: 3, rules: [rule({ per: 0.1, points: 1 })], subMinimums: [] };
    const o = rolled([{ id: 'entry', requirement: null }, { id: 'top', requirement: leaf }], [{ id: 'p', m: 0.3, currentTier: null }], { current: 1 });
    expect(o.level[0]).toBe(1);
    expect(unitsOf(0.3, 0.1)).toBe(3);
  });
});

describe('issue 19, item 8: empty groups, > at its threshold, points progress', () => {
  const single = (requirement: Requirement, row: Row) => rolled([{ id: 'entry', requirement: null }, { id: 'x', requirement }], [{ currentTier: null, ...row }], { current: 1 });

  it.each([
    ['any() alone requires nothing', any(), NaN_, true],
    ['all() alone requires nothing', all(), NaN_, true],
    ['any(m ≥ 100, any()) is m ≥ 100: 5 fails', any(ge('m', 100), any()), 5, false],
    ['any(m ≥ 100, any()) is m ≥ 100: 150 meets', any(ge('m', 100), any()), 150, true],
    ['all(m ≥ 100, any()) is m ≥ 100: 5 fails', all(ge('m', 100), any()), 5, false],
    ['any(any(), all()) requires nothing', any(any(), all()), NaN_, true],
  ] as const)('%s', (_name, requirement, m, met) => {
    const o = single(requirement, { id: 'p', m });
    expect(o.level[0] === 1).toBe(met);
  });

  it('an empty group is reported, and left out', () => {
    const o = single(any(ge('m', 100), any()), { id: 'p', m: 5 });
    expect(o.errors.filter((e) => e.code === 'invalid-requirement').map((e) => e.message)).toEqual([
      expect.stringMatching(/In X \(Main ladder\), the "any of" group "any\d+" is empty; it is left out \(it requires nothing\)\./),
    ]);
  });

  it('> exactly at its threshold is not met and its progress is below 1 (still a near miss)', () => {
    const o = single({ type: 'compare', id: 'gt', metric: 'm', op: '>', value: 10 }, { id: 'p', m: 10 });
    expect(o.level[0]).toBe(0);
    expect(o.progress[0]).toBe(BELOW_ONE);
    expect(o.progress[0]).toBeLessThan(1);
    expect(o.nearMiss.within10).toBe(1);
    expect(explainPartner(o, 0).unmet[0]!.progress).toBe(BELOW_ONE);
  });

  it('an all group whose parts are all met but one by a hair is below 1', () => {
    const five = all(ge('a', 1), ge('b', 1), ge('c', 1), ge('d', 1), { type: 'compare', id: 'e', metric: 'e', op: '>', value: 1 });
    const o = single(five, { id: 'p', a: 1, b: 1, c: 1, d: 1, e: 1 });
    expect(o.level[0]).toBe(0);
    expect(o.progress[0]).toBeLessThan(1);
  });

  it('points progress with an unmet sub-minimum is the smallest ratio: total 1,000 of 1,000, sourced 276 of 300 → 0.92', () => {
    const leaf: Requirement = {
      type: 'points',
      id: 'pts',
      min: 1000,
      rules: [
        { id: 'arr', label: 'Sourced', metric: 'arr', mode: 'perUnit', per: 100, points: 1 },
        { id: 'certs', label: 'Certifications', metric: 'certs', mode: 'perUnit', points: 1 },
      ],
      subMinimums: [{ rules: ['arr'], min: 300, label: 'sourced' }],
    };
    const o = single(leaf, { id: 'p', arr: 27_600, certs: 724 });
    expect(o.level[0]).toBe(0);
    expect(o.progress[0]).toBeCloseTo(0.92, 12);
    // a total reached with every sub-minimum reached but one exactly short reads below 1
    const short = single(leaf, { id: 'q', arr: 29_999, certs: 800 }); // 299 of 300
    expect(short.progress[0]).toBeCloseTo(299 / 300, 12);
  });
});

// ---------------------------------------------------------------------------------------

describe('issue 19: replay carries grace periods and warnings with the new definitions', () => {
  function cycle(label: string, partners: [id: string, arr: number, currentTier: string | null][]): { label: string; asOf: string; data: ColumnarDataset } {
    return {
      label,
      asOf: `${label.slice(2)}-06-30`,
      data: {
        metrics: [{ key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' }],
        partners: partners.map(([id, , tier]) => ({ id, name: id, motion: 'reseller', currentTier: tier, region: null, segment: null, owner: null })),
        values: [Float64Array.from(partners.map(([, arr]) => arr))],
      },
    };
  }
  // Base (1 h) / Top (arr ≥ 100: 100 h, $4,000 MDF); band 20 %, 6 quarters of grace
  const sc = scenario({
    ladders: [ladder([{ id: 'base', requirement: null, benefits: ['small'] }, { id: 'top', requirement: ge('arr', 100, 'arr100'), benefits: ['big'] }])],
    benefits: [
      { id: 'small', name: 'Small', category: 'support', hours: 1 },
      { id: 'big', name: 'Big', category: 'support', hours: 100, mdf: 4_000 },
    ],
    tierMapping: [
      { label: 'Silver', level: 0 },
      { label: 'Gold', level: 1 },
    ],
    policies: { warningBandPct: 20, grandfatherQuarters: 6 },
  });

  it('over three cycles: a grace period charges the quarters of each cycle; a second shortfall is grandfathered, not warned again', () => {
    const cycles = replay(sc, [
      cycle('FY2024', [
        ['A', 50, 'Gold'], // out of the band: grandfathered for 6 quarters
        ['B', 90, 'Gold'], // within 20 %: warned
      ]),
      cycle('FY2025', [
        ['A', 40, 'Gold'], // starts from Base (carried): unchanged, 2 quarters of grace left
        ['B', 85, 'Gold'], // starts from Top, short again: no second warning, grandfathered
      ]),
      cycle('FY2026', [
        ['A', 40, 'Gold'], // grace over
        ['B', 85, 'Gold'], // 2 quarters of grace left
      ]),
    ]);
    expect(cycles.map((c) => [c.downgrades, c.warned, c.limited, c.grandfathered, c.demoted, c.inGrace])).toEqual([
      [2, 1, 0, 1, 0, 0],
      [1, 0, 0, 1, 0, 1],
      [0, 0, 0, 0, 0, 1],
    ]);
    // (100 − 1) h and $4,000 a year: 4 quarters, then 2 + 4 (A's last two, B's first four), then B's last two
    expect(cycles.map((c) => c.graceCost)).toEqual([
      { hours: 99, mdf: 4_000, fixed: 0, margin: 0 },
      { hours: 148.5, mdf: 6_000, fixed: 0, margin: 0 },
      { hours: 49.5, mdf: 2_000, fixed: 0, margin: 0 },
    ]);
    for (const c of cycles) expect(c.warned + c.limited! + c.grandfathered + c.demoted).toBe(c.downgrades);
    expect(cycles.map((c) => c.tiers.find((t) => t.tierId === 'top')!.count)).toEqual([1, 0, 0]);
  });

  it('evaluate with warnedBefore: a within-band partner warned the cycle before is not warned again, and says so', () => {
    const data = cycle('FY2025', [
      ['A', 85, 'Gold'],
      ['B', 85, 'Gold'],
    ]).data;
    const o = evaluate(sc, data, { warnedBefore: Uint8Array.of(1, 0) });
    expect(states(o)).toEqual(['grandfathered', 'warned']);
    expect(explainPartner(o, 0).reasons).toContain("within the warning band of Top's requirements again after a warning last cycle: not warned a second time");
    expectPartition(o);
  });

  it('a grace period ends when the partner is back at its grace tier', () => {
    const cycles = replay(sc, [cycle('FY2024', [['A', 50, 'Gold']]), cycle('FY2025', [['A', 200, 'Gold']]), cycle('FY2026', [['A', 200, 'Gold']])]);
    expect(cycles.map((c) => [c.promoted, c.grandfathered, c.inGrace, c.graceCost!.hours])).toEqual([
      [0, 1, 0, 99],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('a partner demoted again while in grace keeps the best benefits it was promised, quarter by quarter', () => {
    const three = scenario({
      ladders: [
        ladder([
          { id: 'l0', requirement: null },
          { id: 'l1', requirement: ge('arr', 10, 'a10'), benefits: ['mid'] },
          { id: 'l2', requirement: ge('arr', 100, 'a100'), benefits: ['big'] },
        ]),
      ],
      benefits: [
        { id: 'mid', name: 'Mid', category: 'support', hours: 40 },
        { id: 'big', name: 'Big', category: 'support', hours: 100 },
      ],
      tierMapping: [{ label: 'Gold', level: 2 }],
      policies: { grandfatherQuarters: 6 },
    });
    const cycles = replay(three, [cycle('FY2024', [['A', 50, 'Gold']]), cycle('FY2025', [['A', 5, 'Gold']]), cycle('FY2026', [['A', 5, 'Gold']])]);
    // FY2024: L2 → L1, 4 quarters of (100 − 40); FY2025: L1 → L0, 2 quarters of L2's 100 then 2 of L1's 40; FY2026: 2 quarters of L1's 40
    expect(cycles.map((c) => c.graceCost!.hours)).toEqual([60, 70, 20]);
    expect(cycles.map((c) => c.inGrace)).toEqual([0, 1, 1]);
  });
});
