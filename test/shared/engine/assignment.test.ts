import { describe, expect, it } from 'vitest';
import { evaluate, explainPartner } from '../../../shared/engine';
import { all, dataset, ge, isTrue, ladder, scenario, tierIds, type Row } from './helpers';

const NaN_ = Number.NaN;

describe('ladder of a partner', () => {
  const rows: Row[] = [
    { id: 'r', motion: 'reseller', x: 1 },
    { id: 'R', motion: ' Reseller ', x: 1 },
    { id: 's', motion: 'services', x: 1 },
    { id: 'd', motion: 'distributor', x: 1 },
  ];
  const tiers = [{ id: 'entry', requirement: null }];

  it('uses the ladder of its motion (trimmed, case-insensitive), else the * ladder, else none', () => {
    const sc = scenario({
      ladders: [
        ladder([{ id: 'r_entry', requirement: null }], { id: 'resellers', motion: 'reseller' }),
        ladder([{ id: 'any_entry', requirement: null }], { id: 'others', motion: '*' }),
      ],
    });
    const o = evaluate(sc, dataset(rows));
    expect(Array.from(o.ladderIndex)).toEqual([0, 0, 1, 1]);
    expect(tierIds(o)).toEqual(['r_entry', 'r_entry', 'any_entry', 'any_entry']);
  });

  it('leaves partners of a motion without a ladder untiered, and says why', () => {
    const sc = scenario({ ladders: [ladder(tiers, { motion: 'reseller' })] });
    const o = evaluate(sc, dataset(rows));
    expect(Array.from(o.ladderIndex)).toEqual([0, 0, -1, -1]);
    expect(tierIds(o)).toEqual(['entry', 'entry', null, null]);
    expect(explainPartner(o, 3).reasons).toEqual(['no ladder tiers the "distributor" motion']);
    expect(o.nextLevel[3]).toBe(-1);
    expect(Number.isNaN(o.progress[3])).toBe(true);
  });
});

describe('assignment: highest tier met, entry tier, gate, strict ladders', () => {
  // a: 5, b: 10, c: 100 (three independent thresholds on three metrics)
  const tiersAbc = [
    { id: 't0', requirement: null },
    { id: 't1', requirement: ge('a', 5, 'a5') },
    { id: 't2', requirement: ge('b', 10, 'b10') },
    { id: 't3', requirement: ge('c', 100, 'c100') },
  ];

  it.each([
    ['meets nothing above entry', { a: 0, b: 0, c: 0 }, 't0'],
    ['meets only t1', { a: 5, b: 0, c: 0 }, 't1'],
    ['meets t3 only: highest met, lower tiers not needed', { a: 0, b: 0, c: 100 }, 't3'],
    ['meets t2 and t1', { a: 9, b: 10, c: 1 }, 't2'],
    ['no data at all: the entry tier (no requirement) is always met', { a: NaN_, b: NaN_, c: NaN_ }, 't0'],
  ])('non-strict: %s', (_name, values, expected) => {
    const o = evaluate(scenario({ ladders: [ladder(tiersAbc)] }), dataset([{ id: 'p', ...values }]));
    expect(tierIds(o)).toEqual([expected]);
  });

  it.each([
    ['meets t3 only: strict needs every lower tier', { a: 0, b: 0, c: 100 }, 't0'],
    ['meets t1 and t3, not t2', { a: 5, b: 0, c: 100 }, 't1'],
    ['meets all', { a: 5, b: 10, c: 100 }, 't3'],
  ])('strict: %s', (_name, values, expected) => {
    const o = evaluate(scenario({ ladders: [ladder(tiersAbc, { strict: true })] }), dataset([{ id: 'p', ...values }]));
    expect(tierIds(o)).toEqual([expected]);
  });

  it('an entry tier with a requirement leaves those who fail it untiered', () => {
    const sc = scenario({ ladders: [ladder([{ id: 'trained', requirement: ge('a', 2, 'a2') }, { id: 'delivering', requirement: ge('b', 3, 'b3') }])] });
    const o = evaluate(sc, dataset([{ id: 'p1', a: 2, b: 0 }, { id: 'p2', a: 1, b: 0 }, { id: 'p3', a: 1, b: 5 }, { id: 'p4', a: NaN_, b: NaN_ }]));
    // p3 fails the entry tier but meets the tier above it (non-strict: the highest met tier wins)
    expect(tierIds(o)).toEqual(['trained', null, 'delivering', null]);
    expect(explainPartner(o, 1).reasons).toEqual(['fails a ≥ 2 for Trained (has 1)']);
    expect(explainPartner(o, 3).reasons).toEqual(['no data for a (Trained needs a ≥ 2)']);
  });

  describe('eligibility gate (every tier above entry)', () => {
    const sc = scenario({
      ladders: [ladder(tiersAbc)],
      eligibility: all(ge('ipp', 60, 'ipp60'), ge('sellers', 1, 'sellers1')),
    });
    it.each([
      ['passes the gate', { a: 5, b: 10, c: 0, ipp: 60, sellers: 1 }, 't2'],
      ['fails the gate: entry only, whatever else it meets', { a: 5, b: 10, c: 100, ipp: 59, sellers: 1 }, 't0'],
      ['no data for a gate metric fails the gate', { a: 5, b: 10, c: 100, ipp: NaN_, sellers: 3 }, 't0'],
    ])('%s', (_name, values, expected) => {
      expect(tierIds(evaluate(sc, dataset([{ id: 'p', ...values }])))).toEqual([expected]);
    });

    it('does not apply to the entry tier', () => {
      const gated = scenario({ ladders: [ladder([{ id: 'e', requirement: ge('a', 1, 'a1') }, { id: 'up', requirement: ge('a', 10, 'a10') }])], eligibility: ge('ipp', 60, 'ipp') });
      expect(tierIds(evaluate(gated, dataset([{ id: 'p', a: 20, ipp: 0 }])))).toEqual(['e']);
    });

    it('shows its unmet conditions on the path to a tier above entry', () => {
      const o = evaluate(sc, dataset([{ id: 'p', a: 5, b: 0, c: 0, ipp: 30, sellers: 1 }]));
      expect(tierIds(o)).toEqual(['t0']);
      const e = explainPartner(o, 0);
      expect(e.nextTier).toBe('T1');
      expect(e.unmet).toEqual([{ requirementId: 'ipp60', label: 'ipp ≥ 60 (eligibility)', value: 30, target: 60, kind: 'number', unit: null, progress: 0.5 }]);
      // requirement met (1) averaged with the gate (mean of 0.5 and 1)
      expect(o.progress[0]).toBeCloseTo((1 + 0.75) / 2, 12);
    });
  });
});

describe('caps (filled top-down; ties by id, then row; no data never makes a capped tier)', () => {
  const capped = (count: number, direction: 'asc' | 'desc' = 'desc') =>
    scenario({
      ladders: [
        ladder([
          { id: 'entry', requirement: null },
          { id: 'mid', requirement: ge('score', 1, 's1') },
          { id: 'top', requirement: ge('score', 10, 's10'), cap: { count, rankBy: 'rank', direction } },
        ]),
      ],
    });

  it('keeps the best `count` by rankBy; the rest fall to the highest lower tier they meet', () => {
    const ds = dataset([
      { id: 'a', score: 50, rank: 5 },
      { id: 'b', score: 50, rank: 9 },
      { id: 'c', score: 50, rank: 7 },
      { id: 'd', score: 5, rank: 100 }, // does not qualify for top, whatever its rank
    ]);
    expect(tierIds(evaluate(capped(2), ds))).toEqual(['mid', 'top', 'top', 'mid']);
    expect(tierIds(evaluate(capped(2, 'asc'), ds))).toEqual(['top', 'mid', 'top', 'mid']);
    expect(tierIds(evaluate(capped(0), ds))).toEqual(['mid', 'mid', 'mid', 'mid']);
    expect(tierIds(evaluate(capped(10), ds))).toEqual(['top', 'top', 'top', 'mid']);
  });

  it('breaks ties at the boundary by partner id ascending (plain string order), then by row', () => {
    const ds = dataset([
      { id: 'p10', score: 50, rank: 7 },
      { id: 'p9', score: 50, rank: 7 },
      { id: 'P1', score: 50, rank: 7 }, // 'P' < 'p': upper case sorts first
      { id: 'p2', score: 50, rank: 8 },
    ]);
    // p2 is strictly better; one slot left among the 7s: 'P1' < 'p10' < 'p9'
    expect(tierIds(evaluate(capped(2), ds))).toEqual(['mid', 'mid', 'top', 'top']);
    expect(tierIds(evaluate(capped(3), ds))).toEqual(['top', 'mid', 'top', 'top']);
    const dup = dataset([
      { id: 'same', score: 50, rank: 1 },
      { id: 'same', score: 50, rank: 1 },
    ]);
    expect(tierIds(evaluate(capped(1), dup))).toEqual(['top', 'mid']);
  });

  it('never gives a capped tier to a partner with no data for rankBy', () => {
    const ds = dataset([
      { id: 'a', score: 50, rank: NaN_ },
      { id: 'b', score: 50, rank: 1 },
    ]);
    const o = evaluate(capped(5), ds);
    expect(tierIds(o)).toEqual(['mid', 'top']);
    expect(explainPartner(o, 0).reasons[0]).toBe('no data for rank, which ranks the cap on Top');
  });

  it('says the cap was full, with the partner’s ranking value', () => {
    const ds = dataset([
      { id: 'a', score: 50, rank: 5 },
      { id: 'b', score: 50, rank: 9 },
    ]);
    const o = evaluate(capped(1), ds);
    const e = explainPartner(o, 0);
    expect(e.reasons[0]).toBe('the cap of 1 on Top was full (ranked by rank: has 5)');
    expect(e.nextTier).toBe('Top');
    expect(e.progress).toBe(1);
    expect(e.unmet).toEqual([]);
  });

  it('lets a partner that lost a capped tier compete for a capped tier below', () => {
    const sc = scenario({
      ladders: [
        ladder([
          { id: 'entry', requirement: null },
          { id: 'mid', requirement: ge('score', 1, 's1'), cap: { count: 1, rankBy: 'rank' } },
          { id: 'top', requirement: ge('score', 10, 's10'), cap: { count: 1, rankBy: 'rank' } },
        ]),
      ],
    });
    const ds = dataset([
      { id: 'a', score: 50, rank: 3 },
      { id: 'b', score: 50, rank: 9 },
      { id: 'c', score: 5, rank: 1 },
      { id: 'd', score: 50, rank: 2 },
    ]);
    // top: b; mid candidates: a (3, fell from top), d (2, fell), c (1) → a
    expect(tierIds(evaluate(sc, ds))).toEqual(['mid', 'top', 'entry', 'entry']);
  });
});

describe('overrides (placed first, counted toward caps, always listed)', () => {
  const sc = (overrides: { partnerId: string; tierId: string; reason: string }[], cap = 1) =>
    scenario({
      ladders: [
        ladder([
          { id: 'entry', requirement: null },
          { id: 'mid', requirement: ge('score', 1, 's1') },
          { id: 'top', requirement: ge('score', 10, 's10'), cap: { count: cap, rankBy: 'score' } },
        ]),
        ladder([{ id: 'tech_entry', requirement: null }], { id: 'tech', motion: 'technology' }),
      ],
      overrides,
    });
  const ds = dataset([
    { id: 'a', score: 50 },
    { id: 'b', score: 40 },
    { id: 'c', score: 0 },
    { id: 't', score: 99, motion: 'technology' },
  ]);

  it('pins a partner to the tier, whatever it meets, and reports the reason', () => {
    const o = evaluate(sc([{ partnerId: 'c', tierId: 'mid', reason: 'Strategic logo in a new region' }]), ds);
    expect(tierIds(o)).toEqual(['top', 'mid', 'mid', 'tech_entry']);
    expect(Array.from(o.overridden)).toEqual([0, 0, 1, 0]);
    expect(o.movement.overridden).toBe(1);
    const e = explainPartner(o, 2);
    expect(e.overrideReason).toBe('Strategic logo in a new region');
    expect(e.reasons[0]).toBe('pinned to Mid by an override: Strategic logo in a new region');
  });

  it('counts toward a cap: the override takes the slot', () => {
    const o = evaluate(sc([{ partnerId: 'b', tierId: 'top', reason: 'Exec sponsor asked' }]), ds);
    expect(tierIds(o)).toEqual(['mid', 'top', 'entry', 'tech_entry']);
  });

  it('can exceed a cap on its own (then nobody else gets in)', () => {
    const o = evaluate(
      sc([
        { partnerId: 'b', tierId: 'top', reason: 'one' },
        { partnerId: 'c', tierId: 'top', reason: 'two' },
      ]),
      ds,
    );
    expect(tierIds(o)).toEqual(['mid', 'top', 'top', 'tech_entry']);
  });

  it('ignores (and reports) an unknown partner, a tier of another ladder, and duplicates (last wins)', () => {
    const o = evaluate(
      sc([
        { partnerId: 'zz', tierId: 'top', reason: 'gone' },
        { partnerId: 't', tierId: 'top', reason: 'wrong ladder' },
        { partnerId: 'c', tierId: 'top', reason: 'first' },
        { partnerId: 'c', tierId: 'mid', reason: 'second' },
      ]),
      ds,
    );
    expect(tierIds(o)).toEqual(['top', 'mid', 'mid', 'tech_entry']);
    expect(o.errors.map((e) => [e.code, e.partnerId])).toEqual([
      ['override-unknown-partner', 'zz'],
      ['override-tier-not-on-ladder', 't'],
      ['override-duplicate', 'c'],
    ]);
    expect(o.movement.overridden).toBe(1);
    expect(explainPartner(o, 2).overrideReason).toBe('second');
  });
});

describe('exit rule', () => {
  it('flags partners that fail it (missing data fails), without changing their tier', () => {
    const sc = scenario({ ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'up', requirement: isTrue('active', 'act') }])], exitRule: ge('ipp', 30, 'ipp30') });
    const o = evaluate(sc, dataset([{ id: 'a', ipp: 10, active: 1 }, { id: 'b', ipp: 30, active: 0 }, { id: 'c', ipp: NaN_, active: 0 }]));
    expect(tierIds(o)).toEqual(['up', 'entry', 'entry']);
    expect(Array.from(o.exitCandidate)).toEqual([1, 0, 1]);
    expect(o.movement.exitCandidates).toBe(2);
    const e = explainPartner(o, 0);
    expect(e.exitCandidate).toBe(true);
    expect(e.reasons).toContain('fails ipp ≥ 30 for the exit rule (has 10)');
  });

  it('flags nobody without an exit rule', () => {
    const o = evaluate(scenario({ ladders: [ladder([{ id: 'entry', requirement: null }])] }), dataset([{ id: 'a', x: 1 }]));
    expect(Array.from(o.exitCandidate)).toEqual([0]);
  });
});
