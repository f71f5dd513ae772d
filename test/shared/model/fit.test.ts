import { describe, expect, it } from 'vitest';
import {
  bindingCandidates,
  bindMetrics,
  expectedKind,
  humanKey,
  missingMetrics,
  renameInFormula,
  suggestBindings,
} from '../../../shared/model/fit';
import { ScenarioSchema, type Scenario } from '../../../shared/model/scenario';
import type { MetricDef } from '../../../shared/model/workspace';
import { evaluate } from '../../../shared/engine';
import { exampleScenarios } from '../../../scenarios/examples';
import { all, any, dataset, ge, isTrue, scenario } from '../engine/helpers';

const m = (key: string, label: string, kind: MetricDef['kind'], unit: string | null = null): MetricDef => ({ key, label, kind, unit });

/** A scenario that reads a metric in every place a scenario can. */
function everywhere(): Scenario {
  return scenario({
    ladders: [
      {
        id: 'res',
        motion: 'reseller',
        name: 'Resellers',
        tiers: [
          { id: 'reg', name: 'Registered', color: '#888888', requirement: null },
          {
            id: 'gold',
            name: 'Gold',
            color: '#d4a017',
            requirement: all(ge('req_metric', 10), {
              type: 'points',
              id: 'pts',
              min: 100,
              rules: [{ id: 'r1', label: 'Per deal', metric: 'points_metric', mode: 'perUnit', points: 5 }],
              subMinimums: [],
            }),
            cap: { count: 5, rankBy: 'cap_metric', direction: 'desc' },
          },
        ],
      },
    ],
    eligibility: any(ge('gate_metric', 1)),
    exitRule: isTrue('exit_metric'),
    assumptions: { valueMetric: 'value_metric' },
    derivedMetrics: [
      { key: 'growth', label: 'Growth', kind: 'percent', formula: '(derived_input - other_input) / other_input' },
      { key: 'double_growth', label: 'Double growth', kind: 'percent', formula: 'growth * 2' },
    ],
  });
}

describe('missingMetrics', () => {
  it('finds a missing metric in requirements, points, caps, the gate, the exit rule, the value metric and derived inputs', () => {
    const missing = missingMetrics(everywhere(), [m('other_input', 'Other', 'number')]);
    expect(missing.map((x) => [x.key, x.uses.map((u) => `${u.part}: ${u.where}`)])).toEqual([
      ['req_metric', ['requirement: Gold (Resellers)']],
      ['points_metric', ['requirement: Gold (Resellers)']],
      ['cap_metric', ['cap: the cap of Gold (Resellers)']],
      ['gate_metric', ['gate: the eligibility gate']],
      ['exit_metric', ['exit: the exit rule']],
      ['value_metric', ['value: the value metric']],
      ['derived_input', ['derived: the derived metric Growth']],
    ]);
  });

  it('counts a metric the list has, or a derived metric provides, as present', () => {
    const s = everywhere();
    const keys = ['req_metric', 'points_metric', 'cap_metric', 'gate_metric', 'exit_metric', 'value_metric', 'derived_input', 'other_input'];
    expect(missingMetrics(s, keys.map((k) => m(k, k, 'number')))).toEqual([]);
  });

  it('lists every place a metric is read, once each', () => {
    const s = scenario({
      ladders: [
        {
          id: 'p',
          motion: '*',
          name: 'Program',
          tiers: [
            { id: 'a', name: 'A', color: '#888888', requirement: null },
            { id: 'b', name: 'B', color: '#888888', requirement: all(ge('arr', 1), ge('arr', 2)) },
            { id: 'c', name: 'C', color: '#888888', requirement: ge('arr', 3) },
          ],
        },
      ],
      assumptions: { valueMetric: 'arr' },
    });
    expect(missingMetrics(s, [])[0]!.uses.map((u) => u.where)).toEqual(['B (Program)', 'C (Program)', 'the value metric']);
  });

  it('agrees with the engine: every missing metric is reported by evaluate', () => {
    const s = everywhere();
    const outcome = evaluate(s, dataset([{ id: 'x', other_input: 1 }]));
    const reported = outcome.errors.filter((e) => e.code === 'missing-metric').map((e) => e.metric);
    expect(reported.sort()).toEqual(missingMetrics(s, [m('other_input', 'Other', 'number')]).map((x) => x.key).sort());
  });
});

describe('kinds and names', () => {
  it('expects yes/no where a metric is tested as true or false, else guesses from its name', () => {
    const s = everywhere();
    expect(expectedKind(s, 'exit_metric')).toBe('boolean');
    expect(expectedKind(s, 'value_metric')).toBe('currency');
    expect(expectedKind(s, 'cap_metric')).toBeNull();
    const examples = exampleScenarios();
    const motionFit = examples.find((x) => x.name === 'Motion-fit ladders')!;
    expect(expectedKind(motionFit, 'sourced_arr')).toBe('currency');
    expect(expectedKind(motionFit, 'active_sellers')).toBe('count');
    expect(expectedKind(motionFit, 'csat')).toBe('percent');
    expect(expectedKind(motionFit, 'dedicated_practice')).toBe('boolean');
  });

  it('reads keys as names', () => {
    expect(humanKey('lifetime_arr')).toBe('Lifetime ARR');
    expect(humanKey('sourced_arr_py')).toBe('Sourced ARR PY');
    expect(humanKey('certified_consultants')).toBe('Certified consultants');
  });
});

describe('suggestions', () => {
  const acme = [
    m('lifetime_bookings', 'Lifetime bookings (EUR)', 'currency', 'EUR'),
    m('bookings_fy26', 'Bookings FY26 (EUR)', 'currency', 'EUR'),
    m('certified_engineers', 'Certified engineers', 'count'),
    m('active_sellers', 'Active sales reps', 'count'),
    m('csat', 'Customer satisfaction', 'percent'),
    m('co_sell', 'Co-sell agreement', 'boolean'),
  ];

  it('suggests by words and kind: lifetime_arr → Lifetime bookings (EUR), certified_consultants → Certified engineers', () => {
    const metals = exampleScenarios().find((x) => x.name === 'Metals, revenue only')!;
    const missing = missingMetrics(metals, acme);
    // the ladder reads lifetime ARR, the value metric is sourced ARR
    expect(missing.map((x) => x.key)).toEqual(['lifetime_arr', 'sourced_arr']);
    expect(bindingCandidates(missing[0]!, acme)[0]).toMatchObject({ key: 'lifetime_bookings' });
    expect(suggestBindings(metals, missing, acme)).toEqual(
      new Map([
        ['lifetime_arr', 'lifetime_bookings'],
        ['sourced_arr', 'bookings_fy26'],
      ]),
    );

    const cands = bindingCandidates({ key: 'certified_consultants', kind: 'count' }, acme);
    expect(cands[0]!.key).toBe('certified_engineers');
  });

  it('never suggests a column of an unlike kind, one the design already reads, or one column twice', () => {
    expect(bindingCandidates({ key: 'signed_cosell', kind: 'boolean' }, acme).map((c) => c.key)).toEqual(['co_sell']);
    const s = scenario({
      ladders: [
        {
          id: 'p',
          motion: '*',
          name: 'P',
          tiers: [
            { id: 'a', name: 'A', color: '#888888', requirement: null },
            { id: 'b', name: 'B', color: '#888888', requirement: all(ge('arr', 1), ge('sourced_arr', 2), ge('active_sellers', 1)) },
          ],
        },
      ],
    });
    const missing = missingMetrics(s, acme);
    expect(missing.map((x) => x.key)).toEqual(['arr', 'sourced_arr']);
    const suggested = suggestBindings(s, missing, acme);
    // one column for one metric only; active_sellers is read already
    expect([...suggested.values()]).toHaveLength(new Set(suggested.values()).size);
    expect([...suggested.values()]).not.toContain('active_sellers');
  });

  it('suggests nothing when no column comes close', () => {
    const missing = [{ key: 'app_installs', label: 'App installs', kind: 'count' as const, uses: [] }];
    expect(suggestBindings(everywhere(), missing, acme).size).toBe(0);
  });
});

describe('bindMetrics', () => {
  it('rewrites every read of a bound metric and leaves the rest', () => {
    const s = everywhere();
    const bound = bindMetrics(
      s,
      new Map([
        ['req_metric', 'r'],
        ['points_metric', 'p'],
        ['cap_metric', 'c'],
        ['gate_metric', 'g'],
        ['exit_metric', 'e'],
        ['value_metric', 'v'],
        ['derived_input', 'd'],
      ]),
    );
    expect(ScenarioSchema.safeParse(bound).success).toBe(true);
    expect(missingMetrics(bound, ['r', 'p', 'c', 'g', 'e', 'v', 'd', 'other_input'].map((k) => m(k, k, 'number')))).toEqual([]);
    expect(bound.derivedMetrics[0]!.formula).toBe('(d - other_input) / other_input');
    // a derived metric's own key is never renamed inside formulas
    expect(bound.derivedMetrics[1]!.formula).toBe('growth * 2');
    expect(bindMetrics(s, new Map())).toBe(s);
  });

  it('renames whole identifiers in formulas only', () => {
    expect(renameInFormula('arr + arr_py + min(arr, 2) + xarr', 'arr', 'bookings')).toBe('bookings + arr_py + min(bookings, 2) + xarr');
    expect(renameInFormula('round(arr)', 'round', 'x')).toBe('round(arr)');
  });

  it('makes the fitted design evaluate on the list', () => {
    const metals = exampleScenarios().find((x) => x.name === 'Metals, revenue only')!;
    const data = dataset(
      [
        { id: 'a', lifetime_bookings: 3_000_000, bookings: 1 },
        { id: 'b', lifetime_bookings: 10, bookings: 1 },
      ],
      { lifetime_bookings: { label: 'Lifetime bookings (EUR)', kind: 'currency', unit: 'EUR' }, bookings: { label: 'Bookings', kind: 'currency', unit: 'EUR' } },
    );
    expect(evaluate(metals, data).errors.some((e) => e.code === 'missing-metric')).toBe(true);
    const fitted = bindMetrics(
      metals,
      new Map([
        ['lifetime_arr', 'lifetime_bookings'],
        ['sourced_arr', 'bookings'],
      ]),
    );
    const outcome = evaluate(fitted, data);
    expect(outcome.errors.filter((e) => e.code === 'missing-metric')).toEqual([]);
    expect(outcome.level[0]).toBe(fitted.ladders[0]!.tiers.length - 1);
  });
});
