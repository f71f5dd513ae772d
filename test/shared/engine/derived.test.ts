import { describe, expect, it } from 'vitest';
import { evaluate, explainPartner } from '../../../shared/engine';
import { dataset, ge, ladder, scenario, tierIds } from './helpers';

const NaN_ = Number.NaN;

describe('derived metrics', () => {
  const growth = { key: 'arr_growth', label: 'ARR growth', kind: 'percent' as const, formula: '(arr_cy - arr_py) / arr_py' };

  it('are computed before evaluation and usable in requirements, caps and the value metric', () => {
    const sc = scenario({
      derivedMetrics: [growth, { key: 'arr_total', label: 'ARR total', kind: 'currency', formula: 'arr_cy + arr_py' }],
      ladders: [
        ladder([
          { id: 'entry', requirement: null },
          { id: 'growing', requirement: ge('arr_growth', 0.2, 'g20') },
          { id: 'top', requirement: ge('arr_growth', 0.5, 'g50'), cap: { count: 1, rankBy: 'arr_total' } },
        ]),
      ],
      assumptions: { valueMetric: 'arr_total', capacityHours: null, mdfBudget: null, marginBudget: null },
    });
    const ds = dataset([
      { id: 'a', arr_cy: 150, arr_py: 100 }, // +50 %, total 250
      { id: 'b', arr_cy: 300, arr_py: 200 }, // +50 %, total 500 → wins the cap
      { id: 'c', arr_cy: 110, arr_py: 100 }, // +10 %
      { id: 'zero', arr_cy: 100, arr_py: 0 }, // division by zero → no data → not met
      { id: 'missing', arr_cy: 100, arr_py: NaN_ }, // missing input → no data
    ]);
    const o = evaluate(sc, ds);
    expect(o.errors).toEqual([]);
    expect(tierIds(o)).toEqual(['growing', 'top', 'entry', 'entry', 'entry']);
    expect(o.valueConcentration.total).toBe(250 + 500 + 210 + 100);
    expect(o.valueConcentration.noData).toBe(1);
    expect(explainPartner(o, 3).unmet).toEqual([{ requirementId: 'g20', label: 'ARR growth ≥ 20%', value: null, target: 0.2, kind: 'percent', unit: null, progress: 0 }]);
    expect(explainPartner(o, 1).reasons).toEqual(['cleared ARR growth ≥ 50% (has 50%)']);
  });

  it('reports a formula that fails, reads it as no data, and keeps the others working', () => {
    const sc = scenario({
      derivedMetrics: [
        growth,
        { key: 'broken', label: 'Broken', kind: 'number', formula: 'arr_cy +* 2' },
        { key: 'uses_broken', label: 'Uses broken', kind: 'number', formula: 'broken * 2' },
        { key: 'arr_cy', label: 'Shadow', kind: 'number', formula: 'arr_py' },
      ],
      ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'b', requirement: ge('broken', 0, 'b0') }, { id: 'g', requirement: ge('arr_growth', 0.2, 'g20') }])],
    });
    const o = evaluate(sc, dataset([{ id: 'a', arr_cy: 150, arr_py: 100 }]));
    expect(o.errors.map((e) => [e.code, e.metric])).toEqual([
      ['derived-metric', 'broken'],
      ['derived-metric', 'uses_broken'],
      ['derived-metric', 'arr_cy'],
    ]);
    expect(tierIds(o)).toEqual(['g']);
    // the dataset's own arr_cy is kept
    expect(explainPartner(o, 0).reasons).toEqual(['cleared ARR growth ≥ 20% (has 50%)']);
  });
});

describe('errors', () => {
  it('lists a metric the dataset does not have once, with where it is read; requirements on it are not met', () => {
    const sc = scenario({
      ladders: [ladder([{ id: 'entry', requirement: null }, { id: 'up', requirement: ge('nope', 1, 'n1'), cap: { count: 3, rankBy: 'nope' } }])],
      eligibility: ge('nope', 0, 'n0'),
      assumptions: { valueMetric: 'also_missing', capacityHours: null, mdfBudget: null, marginBudget: null },
    });
    const o = evaluate(sc, dataset([{ id: 'a', x: 1 }]));
    expect(tierIds(o)).toEqual(['entry']);
    expect(o.errors.map((e) => [e.code, e.metric, e.tierId])).toEqual([
      ['missing-metric', 'nope', 'up'],
      ['missing-metric', 'also_missing', undefined],
    ]);
    expect(o.errors[0]!.message).toContain('Up (Main ladder), the cap of Up (Main ladder), the eligibility gate');
    expect(explainPartner(o, 0).unmet[0]).toMatchObject({ label: 'nope ≥ 1', value: null });
  });

  it('never throws on an empty dataset', () => {
    const o = evaluate(scenario({ ladders: [ladder([{ id: 'entry', requirement: null }])] }), dataset([]));
    expect(o.partnerCount).toBe(0);
    expect(o.distribution.find((r) => r.motion === '*' && r.tierId === 'entry')).toMatchObject({ count: 0, share: 0 });
    expect(o.valueConcentration).toMatchObject({ total: 0, top5Count: 0, top5Share: 0 });
  });

  it('explainPartner refuses an index out of range and an outcome it did not make', () => {
    const o = evaluate(scenario({ ladders: [ladder([{ id: 'entry', requirement: null }])] }), dataset([{ id: 'a', x: 1 }]));
    expect(() => explainPartner(o, 1)).toThrow(RangeError);
    expect(() => explainPartner({ ...o }, 0)).toThrow(/outcome object returned by evaluate/);
  });
});
