import { describe, expect, it } from 'vitest';
import { evaluate, explainPartner } from '../../../shared/engine';
import { BELOW_ONE, compileRequirement, holds, leafProgress, rulePoints, writeProgress } from '../../../shared/engine/compile';
import { MetricTable } from '../../../shared/engine/metrics';
import type { PointsRule, Requirement } from '../../../shared/model/scenario';
import type { ComparisonOp } from '../../../shared/model/operators';
import { all, any, dataset, ge, ladder, scenario, tierIds } from './helpers';

const NaN_ = Number.NaN;

/** A '*' ladder: entry (no requirement) and "x" with `requirement`; one partner per value of metric m. */
function decide(requirement: Requirement, values: number[], kind: 'count' | 'boolean' | 'percent' = 'count') {
  const ds = dataset(
    values.map((v, i) => ({ id: `p${i}`, m: v })),
    { m: { label: 'Metric M', kind } },
  );
  const sc = scenario({ ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'x', requirement }])] });
  const outcome = evaluate(sc, ds);
  return { outcome, met: tierIds(outcome).map((t) => t === 'x') };
}

const cmp = (op: ComparisonOp, value?: number, extra: { value2?: number; values?: number[] } = {}): Requirement => ({
  type: 'compare',
  id: 'c',
  metric: 'm',
  op,
  ...(value === undefined ? {} : { value }),
  ...extra,
});

describe('comparison operators (missing values never meet any operator)', () => {
  // [op, value, extra, input, met, progress when not met]
  const cases: [ComparisonOp, number | undefined, { value2?: number; values?: number[] }, number, boolean, number][] = [
    ['>=', 10, {}, 10, true, 1],
    ['>=', 10, {}, 11, true, 1],
    ['>=', 10, {}, 9, false, 0.9],
    ['>=', 10, {}, 0, false, 0],
    ['>=', 10, {}, -5, false, 0],
    ['>=', 10, {}, NaN_, false, 0],
    ['>=', 0, {}, -1, false, 0],
    ['>=', 10, {}, Number.POSITIVE_INFINITY, true, 1],
    ['>=', 10, {}, Number.NEGATIVE_INFINITY, false, 0],
    ['>=', 0, {}, 0, true, 1],
    ['>', 10, {}, 11, true, 1],
    ['>', 10, {}, 10, false, BELOW_ONE], // exactly at a strict threshold: not met, so just below 1
    ['>', 10, {}, 5, false, 0.5],
    ['>', 10, {}, NaN_, false, 0],
    ['<=', 10, {}, 10, true, 1],
    ['<=', 10, {}, -3, true, 1],
    ['<=', 10, {}, 20, false, 0.5],
    ['<=', 10, {}, NaN_, false, 0],
    ['<=', -1, {}, 5, false, 0],
    ['<=', 10, {}, Number.POSITIVE_INFINITY, false, 0],
    ['<', 10, {}, 9.99, true, 1],
    ['<', 10, {}, 10, false, BELOW_ONE],
    ['<', 10, {}, 40, false, 0.25],
    ['<', 10, {}, NaN_, false, 0],
    ['=', 3, {}, 3, true, 1],
    ['=', 3, {}, 3.0000001, false, 0],
    ['=', 3, {}, NaN_, false, 0],
    ['!=', 3, {}, 4, true, 1],
    ['!=', 3, {}, 3, false, 0],
    ['!=', 3, {}, NaN_, false, 0],
    ['between', 2, { value2: 5 }, 2, true, 1],
    ['between', 2, { value2: 5 }, 5, true, 1],
    ['between', 2, { value2: 5 }, 3.5, true, 1],
    ['between', 2, { value2: 5 }, 1.99, false, 0],
    ['between', 2, { value2: 5 }, 5.01, false, 0],
    ['between', 2, { value2: 5 }, NaN_, false, 0],
    ['in', undefined, { values: [1, 3] }, 3, true, 1],
    ['in', undefined, { values: [1, 3] }, 2, false, 0],
    ['in', undefined, { values: [1, 3] }, NaN_, false, 0],
    ['isTrue', undefined, {}, 1, true, 1],
    ['isTrue', undefined, {}, 2, true, 1],
    ['isTrue', undefined, {}, -1, true, 1],
    ['isTrue', undefined, {}, 0, false, 0],
    ['isTrue', undefined, {}, NaN_, false, 0],
    ['isFalse', undefined, {}, 0, true, 1],
    ['isFalse', undefined, {}, 1, false, 0],
    ['isFalse', undefined, {}, NaN_, false, 0],
  ];

  it.each(cases)('%s %s %j on %s → met %s, progress %s', (op, value, extra, input, met, progress) => {
    const { outcome } = decide(cmp(op, value, extra), [input]);
    expect(outcome.level[0] === 1).toBe(met);
    // met: at the top, no next tier; not met: progress toward "x"
    if (met) expect(Number.isNaN(outcome.progress[0])).toBe(true);
    else expect(outcome.progress[0]).toBeCloseTo(progress, 12);
    // the scalar twins used by explanations agree with the columns
    expect(holds(op, input, value, extra.value2, extra.values)).toBe(met);
    expect(leafProgress(op, input, value, extra.value2, extra.values)).toBeCloseTo(met ? 1 : progress, 12);
  });

  it.each([1e-9, 1e-6, 0.5, 1, 2, 7, 1024, 1e290, 1e295])('the column progress of >= and > with target %s equals the scalar one on every kind of value', (t) => {
    const inputs = [NaN_, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -5, 0, 5e-324, t / 2, t * 0.3, t * 0.7 + 1e-9, 0.1, 1 / 3, t, t * (1 + 1e-12), t * 3, 1e300, Number.MAX_VALUE];
    const table = new MetricTable(inputs.length);
    table.set({ key: 'm', label: 'M', kind: 'number', unit: null, column: Float64Array.from(inputs), derived: false });
    const list = Int32Array.from(inputs, (_, i) => i);
    for (const op of ['>=', '>'] as const) {
      const node = compileRequirement(cmp(op, t), table);
      const written = new Float64Array(inputs.length).fill(Number.NaN); // garbage must not leak into the result
      writeProgress(node, list, list.length, written, false);
      const added = new Float64Array(inputs.length).fill(0.25);
      writeProgress(node, list, list.length, added, true);
      inputs.forEach((v, i) => {
        const expected = leafProgress(op, v, t);
        expect(written[i], `${op} ${t} on ${v}`).toBe(expected);
        expect(added[i], `${op} ${t} on ${v} (added)`).toBe(0.25 + expected);
      });
    }
  });

  it('evaluates every partner of a column at once, in row order', () => {
    const { met } = decide(cmp('>=', 3), [5, NaN_, 3, 2, 100]);
    expect(met).toEqual([true, false, true, false, true]);
  });

  it('explains a missing value as "no data", never as 0', () => {
    const { outcome } = decide(cmp('>=', 3), [NaN_]);
    const e = explainPartner(outcome, 0);
    expect(e.unmet).toEqual([{ requirementId: 'c', label: 'Metric M ≥ 3', value: null, target: 3, kind: 'count', unit: null, progress: 0 }]);
  });
});

describe('all / any groups', () => {
  const a = ge('m', 10, 'a');
  const b = { type: 'compare', id: 'b', metric: 'm', op: '<=', value: 20 } as const;
  const c = { type: 'compare', id: 'c2', metric: 'm', op: '=', value: 50 } as const;
  const cases: [string, Requirement, number, boolean, number][] = [
    ['all met', all(a, b), 15, true, 1],
    ['all: one fails (mean progress)', all(a, b), 5, false, (0.5 + 1) / 2],
    ['all: NaN fails both', all(a, b), NaN_, false, 0],
    ['any: one met', any(a, c), 50, true, 1],
    ['any: none met (max progress)', any(ge('m', 10, 'a1'), ge('m', 40, 'a2')), 8, false, 0.8],
    ['nested all(any, leaf)', all(any(c, ge('m', 100, 'big')), a), 50, true, 1],
    ['nested fails', all(any(c, ge('m', 100, 'big2')), a), 60, false, (0.6 + 1) / 2],
    ['empty all imposes nothing', all(), NaN_, true, 1],
    ['empty any imposes nothing', any(), NaN_, true, 1],
  ];
  it.each(cases)('%s', (_name, requirement, value, met, progress) => {
    const { outcome } = decide(requirement, [value]);
    expect(outcome.level[0] === 1).toBe(met);
    if (!met) expect(outcome.progress[0]).toBeCloseTo(progress, 12);
  });

  it('lists every option of an unmet `any` as unmet, marked as options', () => {
    const { outcome } = decide(any(ge('m', 10, 'o1'), ge('m', 40, 'o2')), [8]);
    const e = explainPartner(outcome, 0);
    expect(e.unmet.map((u) => [u.requirementId, u.label])).toEqual([
      ['o1', 'Metric M ≥ 10 (one of 2 options)'],
      ['o2', 'Metric M ≥ 40 (one of 2 options)'],
    ]);
  });
});

describe('points leaves', () => {
  const rule = (r: Partial<PointsRule> & { id: string; metric: string }): PointsRule => ({ label: r.id, mode: 'perUnit', points: 1, ...r }) as PointsRule;

  it.each([
    ['perUnit, per 1', rule({ id: 'r', metric: 'm', points: 5 }), 3, 15],
    ['perUnit floors whole units', rule({ id: 'r', metric: 'm', points: 5, per: 100 }), 250, 10],
    ['perUnit below one unit', rule({ id: 'r', metric: 'm', points: 5, per: 100 }), 99, 0],
    ['perUnit capped', rule({ id: 'r', metric: 'm', points: 5, cap: 12 }), 3, 12],
    ['perUnit on a negative value earns 0', rule({ id: 'r', metric: 'm', points: 5 }), -4, 0],
    ['perUnit on no data earns 0', rule({ id: 'r', metric: 'm', points: 5 }), NaN_, 0],
    ['fixed, default condition (non-zero)', rule({ id: 'r', metric: 'm', mode: 'fixed', points: 100 }), 1, 100],
    ['fixed, default condition fails on 0', rule({ id: 'r', metric: 'm', mode: 'fixed', points: 100 }), 0, 0],
    ['fixed, default condition fails on no data', rule({ id: 'r', metric: 'm', mode: 'fixed', points: 100 }), NaN_, 0],
    ['fixed with op/value', rule({ id: 'r', metric: 'm', mode: 'fixed', points: 100, op: '>=', value: 4.5 }), 4.6, 100],
    ['fixed with op/value not met', rule({ id: 'r', metric: 'm', mode: 'fixed', points: 100, op: '>=', value: 4.5 }), 4.4, 0],
    ['fixed capped', rule({ id: 'r', metric: 'm', mode: 'fixed', points: 100, cap: 60 }), 1, 60],
    ['fixed without the value its op needs earns nothing', rule({ id: 'r', metric: 'm', mode: 'fixed', points: 100, op: '>=' }), 10, 0],
  ])('%s', (_name, r, value, points) => {
    expect(rulePoints(r, value)).toBe(points);
  });

  const leaf = (min: number, subMin: number | null): Requirement => ({
    type: 'points',
    id: 'pts',
    min,
    rules: [
      { id: 'arr', label: 'Sourced', metric: 'arr', mode: 'perUnit', per: 100, points: 5 },
      { id: 'certs', label: 'Certifications', metric: 'certs', mode: 'perUnit', points: 50, cap: 200 },
      { id: 'cosell', label: 'Co-sell', metric: 'cosell', mode: 'fixed', points: 100 },
    ],
    subMinimums: subMin === null ? [] : [{ rules: ['arr'], min: subMin, label: 'sourced' }],
  });

  // arr → 5 points per $100; certs → 50 each, at most 200; cosell → 100 (totals computed by hand)
  it.each([
    ['total short: 500 + 50 + 0 = 550 of 1,000', 1000, null, { arr: 10_000, certs: 1, cosell: 0 }, false, 0.55],
    ['cap on certs: 800 + 200 + 100 = 1,100', 1000, null, { arr: 16_000, certs: 10, cosell: 1 }, true, 1],
    ['capped certs keep it short: 700 + 200 + 0 = 900', 1000, null, { arr: 14_000, certs: 10, cosell: 0 }, false, 0.9],
    ['total and sub-minimum both short: 500 of 1,000, 200 of 300', 1000, 300, { arr: 4_000, certs: 4, cosell: 1 }, false, 0.5],
    ['total reached (500 of 500) but only 200 of 300 sourced', 500, 300, { arr: 4_000, certs: 4, cosell: 1 }, false, 200 / 300],
    ['total (600) and sub-minimum (300) met', 500, 300, { arr: 6_000, certs: 4, cosell: 1 }, true, 1],
    ['no data anywhere earns 0', 500, 300, { arr: NaN_, certs: NaN_, cosell: NaN_ }, false, 0],
  ] as const)('%s', (_name, min, subMin, values, met, progress) => {
    const ds = dataset([{ id: 'p', ...values }]);
    const sc = scenario({ ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'x', requirement: leaf(min, subMin) }])] });
    const o = evaluate(sc, ds);
    expect(o.level[0] === 1).toBe(met);
    if (!met) expect(o.progress[0]).toBeCloseTo(progress, 12);
  });

  it('explains unmet totals and sub-minimums with their sums', () => {
    const ds = dataset([{ id: 'p', arr: 4_000, certs: 4, cosell: 1 }]);
    const sc = scenario({ ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'x', requirement: leaf(1000, 300) }])] });
    const e = explainPartner(evaluate(sc, ds), 0);
    expect(e.unmet).toEqual([
      { requirementId: 'pts', label: 'at least 1,000 points', value: 500, target: 1000, kind: 'count', unit: 'points', progress: 0.5 },
      { requirementId: 'pts#0', label: 'at least 300 points from sourced', value: 200, target: 300, kind: 'count', unit: 'points', progress: 200 / 300 },
    ]);
  });
});
