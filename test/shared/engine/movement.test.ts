import { describe, expect, it } from 'vitest';
import { evaluate, explainPartner, MOVEMENTS, ROLLOUT_STATES } from '../../../shared/engine';
import { dataset, ge, ladder, scenario, tierIds, type Row } from './helpers';

const NaN_ = Number.NaN;

/** Levels 0..3 on `score` ≥ 0 / 10 / 20 / 30 ('L0' has no requirement). */
const fourLevels = (extra: Record<string, unknown> = {}) =>
  scenario({
    ladders: [
      ladder([
        { id: 'l0', requirement: null, benefits: ['b0'] },
        { id: 'l1', requirement: ge('score', 10, 's10'), benefits: ['b1'] },
        { id: 'l2', requirement: ge('score', 20, 's20'), benefits: ['b2'] },
        { id: 'l3', requirement: ge('score', 30, 's30'), benefits: ['b3'] },
      ]),
    ],
    benefits: [
      { id: 'b0', name: 'B0', category: 'enablement' },
      { id: 'b1', name: 'B1', category: 'support', hours: 1, mdf: 10, fixed: 100, marginPoints: 1 },
      { id: 'b2', name: 'B2', category: 'support', hours: 2, mdf: 20, fixed: 200, marginPoints: 2 },
      { id: 'b3', name: 'B3', category: 'support', hours: 3, mdf: 30, fixed: 300, marginPoints: 3 },
    ],
    tierMapping: [
      { label: 'Bronze', level: 0 },
      { label: 'Silver', level: 1 },
      { label: 'gold', level: 2 },
      { label: 'Platinum', level: 3 },
      { label: 'Retired', level: null },
    ],
    assumptions: { valueMetric: 'value', capacityHours: null, mdfBudget: null, marginBudget: null },
    ...extra,
  });

describe('movement via the tier mapping', () => {
  const rows: Row[] = [
    { id: 'promoted', currentTier: 'Silver', score: 25, value: 100 },
    { id: 'demoted', currentTier: 'Platinum', score: 12, value: 100 },
    { id: 'unchanged', currentTier: 'GOLD', score: 21, value: 100 }, // labels match case-insensitively
    { id: 'newly', currentTier: null, score: 0, value: 100 },
    { id: 'retired', currentTier: 'Retired', score: 15, value: 100 }, // mapped to no level → as if no current tier
    { id: 'unknown', currentTier: 'Diamond', score: 15, value: 100 }, // not in the mapping
  ];

  it('codes promoted / demoted / unchanged / newlyTiered and counts them', () => {
    const o = evaluate(fourLevels(), dataset(rows));
    expect(Array.from(o.currentLevel)).toEqual([1, 3, 2, -1, -1, -1]);
    expect(Array.from(o.movementCode, (c) => MOVEMENTS[c])).toEqual(['promoted', 'demoted', 'unchanged', 'newlyTiered', 'newlyTiered', 'newlyTiered']);
    expect(o.movement).toEqual({ promoted: 1, demoted: 1, unchanged: 1, newlyTiered: 3, lostTier: 0, downgrades: 1, exitCandidates: 0, overridden: 0 });
    expect(o.alerts.find((a) => a.code === 'unmapped-current-tier')?.message).toContain('"Diamond"');
  });

  it('codes lostTier and untiered when the new ladder leaves a partner out', () => {
    const sc = scenario({ ladders: [ladder([{ id: 'e', requirement: ge('score', 5, 's5') }, { id: 'up', requirement: ge('score', 50, 's50') }])], tierMapping: [{ label: 'Gold', level: 1 }] });
    const o = evaluate(sc, dataset([{ id: 'lost', currentTier: 'Gold', score: 1 }, { id: 'never', score: 1 }]));
    expect(Array.from(o.movementCode, (c) => MOVEMENTS[c])).toEqual(['lostTier', 'untiered']);
    expect(o.movement.lostTier).toBe(1);
    expect(o.movement.downgrades).toBe(1);
  });

  it('reads a mapped level above the top of a shorter ladder as its top', () => {
    const sc = scenario({ ladders: [ladder([{ id: 'partner', requirement: null }, { id: 'preferred', requirement: ge('score', 10, 's') }])], tierMapping: [{ label: 'Platinum', level: 3 }] });
    const o = evaluate(sc, dataset([{ id: 'a', currentTier: 'Platinum', score: 50 }]));
    expect(o.currentLevel[0]).toBe(1);
    expect(MOVEMENTS[o.movementCode[0]!]).toBe('unchanged');
  });

  it('attributes a promotion to the conditions cleared and a demotion to those failed', () => {
    const o = evaluate(fourLevels(), dataset(rows));
    expect(explainPartner(o, 0).reasons).toEqual(['cleared score ≥ 20 (has 25)']);
    expect(explainPartner(o, 1).reasons).toEqual(['fails score ≥ 30 for L3 (has 12)', 'fails score ≥ 20 for L2 (has 12)']);
    const e = explainPartner(o, 1);
    expect(e.movement).toBe('demoted');
    expect(e.currentTier).toBe('Platinum');
    expect(e.tier).toBe('L1');
  });
});

describe('next tier, progress and unmet requirements', () => {
  it('gives the tier one level up, with value, target and progress', () => {
    const o = evaluate(fourLevels(), dataset([{ id: 'a', score: 15 }, { id: 'top', score: 99 }, { id: 'none', score: NaN_ }]));
    expect(Array.from(o.nextLevel)).toEqual([2, -1, 1]);
    expect(o.progress[0]).toBeCloseTo(0.75, 12);
    expect(Number.isNaN(o.progress[1])).toBe(true);
    expect(o.progress[2]).toBe(0);
    const e = explainPartner(o, 0);
    expect(e.nextTier).toBe('L2');
    expect(e.unmet).toEqual([{ requirementId: 's20', label: 'score ≥ 20', value: 15, target: 20, kind: 'number', unit: null, progress: 0.75 }]);
    expect(explainPartner(o, 1)).toMatchObject({ nextTier: null, progress: null, unmet: [] });
    expect(explainPartner(o, 2).unmet).toEqual([{ requirementId: 's10', label: 'score ≥ 10', value: null, target: 10, kind: 'number', unit: null, progress: 0 }]);
  });

  it('counts near misses: within 10 % (progress ≥ 0.9) and within 20 % (≥ 0.8)', () => {
    // next tier L1 (score ≥ 10) for all of them
    const scores = [9, 8.99, 8, 7.99, 0, 9.5];
    const o = evaluate(fourLevels(), dataset(scores.map((score, i) => ({ id: `p${i}`, score }))));
    expect(o.nearMiss).toEqual({ within10: 2, within20: 4 });
  });
});

describe('rollout policies', () => {
  // all currently Platinum (3); new levels from score
  const rows: Row[] = [
    { id: 'within_band', currentTier: 'Platinum', score: 27, value: 1000 }, // 27/30 = 0.9 → warned
    { id: 'two_down', currentTier: 'Platinum', score: 12, value: 1000 }, // 3 → 1
    { id: 'three_down', currentTier: 'Platinum', score: 0, value: 1000 }, // 3 → 0
    { id: 'steady', currentTier: 'Platinum', score: 31, value: 1000 },
  ];
  const states = (o: ReturnType<typeof evaluate>) => Array.from(o.rolloutState, (s) => ROLLOUT_STATES[s]);

  it('with no policy every demotion takes effect', () => {
    const o = evaluate(fourLevels(), dataset(rows));
    expect(Array.from(o.rolloutLevel)).toEqual([2, 1, 0, 3]);
    expect(states(o)).toEqual(['normal', 'normal', 'normal', 'normal']);
    expect(o.rollout).toEqual({ grandfathered: 0, warned: 0, demoted: 3, limited: 0, graceCost: { hours: 0, mdf: 0, fixed: 0, margin: 0 } });
  });

  it('warning band: within the band of the current tier → warned, keeps its level', () => {
    const o = evaluate(fourLevels({ policies: { warningBandPct: 10 } }), dataset(rows));
    expect(Array.from(o.rolloutLevel)).toEqual([3, 1, 0, 3]);
    expect(states(o)).toEqual(['warned', 'normal', 'normal', 'normal']);
    expect(o.rollout.warned).toBe(1);
    expect(o.rollout.demoted).toBe(2);
    expect(explainPartner(o, 0).reasons).toContain("warned, not demoted: within the 10% warning band of L3's requirements (score ≥ 30: has 27); stays at L3 for now");
    // a band of 9 % no longer covers 27 (score ≥ 30 − 2.7)
    expect(evaluate(fourLevels({ policies: { warningBandPct: 9 } }), dataset(rows)).rollout.warned).toBe(0);
  });

  it('maxDemotionLevels: at most K levels down → limited', () => {
    const o = evaluate(fourLevels({ policies: { maxDemotionLevels: 1 } }), dataset(rows));
    expect(Array.from(o.rolloutLevel)).toEqual([2, 2, 2, 3]);
    expect(states(o)).toEqual(['normal', 'limited', 'limited', 'normal']);
    // a partition of the 3 downgrades: 2 limited, 1 demoted in full (one level down: the limit does not touch it)
    expect(o.rollout).toMatchObject({ limited: 2, demoted: 1, warned: 0, grandfathered: 0 });
    expect(explainPartner(o, 1).reasons).toContain('demotion limited to 1 level per cycle: placed on L2');
  });

  it('grandfathering: every remaining demotion keeps its old benefits; grace cost = what the old tier costs above the new, for the quarters', () => {
    const o = evaluate(fourLevels({ policies: { grandfatherQuarters: 2, maxDemotionLevels: 2, warningBandPct: 10 } }), dataset(rows));
    // order: warning band first (within_band), then the level limit (three_down: 3 → 1), then grandfathering
    expect(Array.from(o.rolloutLevel)).toEqual([3, 1, 1, 3]);
    expect(states(o)).toEqual(['warned', 'grandfathered', 'grandfathered', 'normal']);
    expect(Array.from(o.rolloutLimited)).toEqual([0, 0, 1, 0]);
    const { graceCost, ...counts } = o.rollout;
    // a partition of the 3 downgrades; three_down is grandfathered with the limited flag
    expect(counts).toEqual({ grandfathered: 2, warned: 1, demoted: 0, limited: 0 });
    // two partners rolled out at L1: (L3 − L1) = 2 h, $20 MDF, $200 fixed, 2 points × $1,000 each, × 2 quarters ÷ 4
    expect(graceCost.hours).toBe(2);
    expect(graceCost.mdf).toBe(20);
    expect(graceCost.fixed).toBe(200);
    expect(graceCost.margin).toBeCloseTo(20, 9);
    expect(explainPartner(o, 2).reasons).toEqual(expect.arrayContaining(['demotion limited to 2 levels per cycle: placed on L1', "grandfathered: keeps L3's benefits for 2 quarters"]));
    expect(explainPartner(o, 2).rollout).toEqual({ tier: 'L1', state: 'grandfathered', limited: true });
    expect(explainPartner(o, 1).rollout).toEqual({ tier: 'L1', state: 'grandfathered', limited: false });
  });

  it('does not apply to overridden partners or partners without a ladder', () => {
    const sc = fourLevels({ policies: { grandfatherQuarters: 4, warningBandPct: 50 }, overrides: [{ partnerId: 'two_down', tierId: 'l0', reason: 'Wound down' }] });
    const o = evaluate(sc, dataset(rows));
    expect(states(o)).toEqual(['warned', 'normal', 'grandfathered', 'normal']);
    expect(o.rollout.demoted).toBe(1);
  });

  it('keeps the movement counts on the new levels (policies change the rollout only)', () => {
    const o = evaluate(fourLevels({ policies: { grandfatherQuarters: 2, warningBandPct: 10 } }), dataset(rows));
    expect(o.movement.demoted).toBe(3);
    expect(tierIds(o)).toEqual(['l2', 'l1', 'l0', 'l3']);
  });
});

describe('a baseline scenario ("as is")', () => {
  it('places partners by their mapped current tier; requirements only drive the graduation path', () => {
    const sc = fourLevels({ baseline: true, overrides: [{ partnerId: 'pinned', tierId: 'l3', reason: 'Strategic exception' }] });
    const o = evaluate(
      sc,
      dataset([
        { id: 'gold_low', currentTier: 'Gold', score: 0 }, // keeps Gold (2) although it meets nothing
        { id: 'bronze_high', currentTier: 'Bronze', score: 99 }, // keeps Bronze (0)
        { id: 'none', currentTier: null, score: 99 }, // no current tier → untiered
        { id: 'unknown', currentTier: 'Diamond', score: 99 }, // not in the mapping → untiered
        { id: 'pinned', currentTier: 'Bronze', score: 0 }, // overrides still apply
      ]),
    );
    expect(tierIds(o)).toEqual(['l2', 'l0', null, null, 'l3']);
    expect(Array.from(o.movementCode, (c) => MOVEMENTS[c])).toEqual(['unchanged', 'unchanged', 'untiered', 'untiered', 'promoted']);
    expect(explainPartner(o, 0).reasons).toEqual(['as is: keeps its current tier "Gold"']);
    expect(explainPartner(o, 2).reasons).toEqual(['as is: no current tier']);
    expect(explainPartner(o, 3).reasons).toEqual(['as is: the current tier "Diamond" is not placed by the tier mapping']);
    expect(explainPartner(o, 4).reasons).toEqual(['pinned to L3 by an override: Strategic exception']);
    // graduation path from the requirements: Gold (2) → L3 needs score ≥ 30
    expect(explainPartner(o, 0).unmet).toEqual([{ requirementId: 's30', label: 'score ≥ 30', value: 0, target: 30, kind: 'number', unit: null, progress: 0 }]);
  });

  it('ignores caps', () => {
    const sc = scenario({ baseline: true, ladders: [ladder([{ id: 'e', requirement: null }, { id: 'top', requirement: ge('score', 1, 's'), cap: { count: 0, rankBy: 'score' } }])], tierMapping: [{ label: 'Gold', level: 1 }] });
    expect(tierIds(evaluate(sc, dataset([{ id: 'a', currentTier: 'Gold', score: 5 }])))).toEqual(['top']);
  });
});

describe('warning band on a demotion of several levels', () => {
  it('measures progress toward the current tier, not the next one', () => {
    const sc = scenario({
      ladders: [
        ladder([
          { id: 'l0', requirement: null },
          { id: 'l1', requirement: ge('y', 10, 'y10') },
          { id: 'l2', requirement: ge('y', 20, 'y20') },
          { id: 'l3', requirement: ge('x', 100, 'x100') },
        ]),
      ],
      tierMapping: [{ label: 'Top', level: 3 }],
      policies: { warningBandPct: 10 },
    });
    const o = evaluate(
      sc,
      dataset([
        { id: 'near', currentTier: 'Top', x: 95, y: 5 }, // 3 levels down, 95 % of the way to l3 → warned
        { id: 'far', currentTier: 'Top', x: 50, y: 5 }, // 50 % → demoted
      ]),
    );
    expect(tierIds(o)).toEqual(['l0', 'l0']);
    expect(Array.from(o.rolloutState, (s) => ROLLOUT_STATES[s])).toEqual(['warned', 'normal']);
    expect(Array.from(o.rolloutLevel)).toEqual([3, 0]);
    expect(o.progress[0]).toBeCloseTo(0.5, 12); // toward l1 (the next tier), not l3
  });
});
