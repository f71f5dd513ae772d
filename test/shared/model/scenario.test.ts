import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricsUsed, motionKey, parseScenarioFile, requirementDepth, type Requirement, tierLabelKey } from '../../../shared/model/scenario';

import motionFit from '../../../scenarios/examples/motion-fit.json';

const clone = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
type Json = Record<string, unknown> & { ladders: { tiers: Record<string, unknown>[] }[] };

function errorsOf(json: unknown): string[] {
  const parsed = parseScenarioFile(json);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? [] : parsed.error;
}

describe('scenario files', () => {
  it('reads a valid file and fills defaults', () => {
    const minimal = {
      format: 'tierscape-scenario',
      version: 1,
      name: 'Tiny',
      ladders: [{ id: 'all', motion: '*', name: 'All', tiers: [{ id: 'base', name: 'Base', color: '#123456', requirement: null }] }],
    };
    const parsed = parseScenarioFile(minimal);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({
      baseline: false,
      eligibility: null,
      overrides: [],
      policies: { grandfatherQuarters: 0, maxDemotionLevels: null, warningBandPct: null, inflationAlertPct: null },
      assumptions: { valueMetric: null },
    });
    expect(parsed.value.ladders[0]!.tiers[0]).toMatchObject({ cap: null, benefits: [], description: '' });
  });

  it.each([
    [{ format: 'something-else', version: 1 }, /not a Tierscape scenario file/],
    [{ version: 1 }, /not a Tierscape scenario file/],
    [{ format: 'tierscape-scenario', version: 2 }, /newer version of Tierscape \(file version 2; this version reads version 1\)/],
    [[1, 2], /one JSON object/],
    ['scenario', /one JSON object/],
    [null, /one JSON object/],
  ])('refuses %j with a clear message', (json, message) => {
    expect(errorsOf(json).join(' ')).toMatch(message);
  });

  it('names the path of every problem, and refuses injected fields', () => {
    const bad = clone(motionFit) as unknown as Json;
    bad['name'] = '';
    bad['ladders'][0]!.tiers[1]!['benefits'] = ['portal', 'no_such_benefit'];
    bad['ladders'][0]!.tiers[1]!['color'] = 'blue';
    bad['overrides'] = [{ partnerId: 'P1', tierId: 'nowhere', reason: 'because' }];
    bad['__proto__'] = { polluted: true };
    bad['extra'] = 1;
    const errors = errorsOf(JSON.parse(JSON.stringify(bad).replace('"extra":1', '"extra":1,"__proto__":{"polluted":true}'))).join('\n');
    expect(errors).toMatch(/^name: a name is required/m);
    expect(errors).toMatch(/ladders\.0\.tiers\.1\.color: a colour is written #rrggbb/);
    expect(errors).toMatch(/(extra|__proto__)/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const refs = clone(motionFit) as unknown as Json;
    refs['ladders'][0]!.tiers[1]!['benefits'] = ['no_such_benefit'];
    refs['overrides'] = [{ partnerId: 'P1', tierId: 'nowhere', reason: 'because' }];
    refs['enabledRules'] = ['not_a_rule'];
    const refErrors = errorsOf(refs).join('\n');
    expect(refErrors).toMatch(/ladders\.0\.tiers\.1\.benefits\.0: no benefit has the id "no_such_benefit"/);
    expect(refErrors).toMatch(/overrides\.0\.tierId: no tier has the id "nowhere"/);
    expect(refErrors).toMatch(/enabledRules\.0: no offsetting rule has the id "not_a_rule"/);
  });

  it('checks comparisons, points leaves, overrides and ladders', () => {
    const base = clone(motionFit) as unknown as Json;
    const withRequirement = (requirement: unknown) => {
      const s = clone(base);
      s['ladders'][0]!.tiers[1]!['requirement'] = requirement;
      return s;
    };
    expect(errorsOf(withRequirement({ type: 'compare', id: 'x', metric: 'sourced_arr', op: '>=' })).join()).toMatch(/">=" needs a value/);
    expect(errorsOf(withRequirement({ type: 'compare', id: 'x', metric: 'sourced_arr', op: 'between', value: 10, value2: 5 })).join()).toMatch(/upper bound is below/);
    expect(errorsOf(withRequirement({ type: 'compare', id: 'x', metric: 'sourced_arr', op: 'in', values: [] })).join()).toMatch(/"in" needs at least one value/);
    expect(errorsOf(withRequirement({ type: 'compare', id: 'x', metric: 'Sourced ARR', op: '>=', value: 1 })).join()).toMatch(/metric key/);
    expect(
      errorsOf(
        withRequirement({
          type: 'points',
          id: 'p',
          min: 10,
          rules: [{ id: 'a', label: 'A', metric: 'sourced_arr', mode: 'perUnit', points: 1 }],
          subMinimums: [{ rules: ['b'], min: 1 }],
        }),
      ).join(),
    ).toMatch(/no points rule "b" in this leaf/);
    let deep: Requirement = { type: 'compare', id: 'leaf', metric: 'sourced_arr', op: '>=', value: 1 };
    for (let i = 0; i < 9; i += 1) deep = { type: 'all', id: `g${i}`, items: [deep] };
    expect(requirementDepth(deep)).toBe(10);
    expect(errorsOf(withRequirement(deep)).join()).toMatch(/nest at most 8 deep/);
    const override = clone(base);
    override['overrides'] = [{ partnerId: 'P1', tierId: 'strategic', reason: '   ' }];
    expect(errorsOf(override).join()).toMatch(/an override needs a written reason/);
    const twoLadders = clone(base);
    (twoLadders['ladders'][1] as Record<string, unknown>)['motion'] = 'reseller';
    expect(errorsOf(twoLadders)).toEqual([
      'ladders.1.motion: "reseller" is already tiered by the ladder "Resale partners" (motions are matched ignoring case), so this one would tier no one',
    ]);
  });

  describe('one ladder per motion and one entry per current-tier label, compared as the engine compares them', () => {
    const withMotions = (...motions: string[]) => {
      const s = clone(motionFit) as unknown as Json;
      motions.forEach((m, i) => ((s['ladders'][i] as Record<string, unknown>)['motion'] = m));
      return s;
    };
    const withLabels = (...entries: [string, number | null][]) => ({ ...clone(motionFit), tierMapping: entries.map(([label, level]) => ({ label, level })) });

    it.each([
      [['reseller', 'Reseller'], 'ladders.1.motion: "Reseller" is already tiered by the ladder "Resale partners" (as "reseller"; motions are matched ignoring case), so this one would tier no one'],
      [['Reseller', 'services', ' RESELLER '], 'ladders.2.motion: "RESELLER" is already tiered by the ladder "Resale partners" (as "Reseller"; motions are matched ignoring case), so this one would tier no one'],
      [['*', '*'], 'ladders.1.motion: the ladder "Resale partners" already tiers every motion without a ladder of its own ("*"), so this one would tier no one'],
    ])('refuses the ladders of motions %j', (motions, message) => {
      expect(errorsOf(withMotions(...motions))).toEqual([message]);
    });

    it.each([
      [[['Gold', 2], ['GOLD', 3]], 'tierMapping.1.label: "GOLD" is already placed by tierMapping.0 ("Gold", level 2; labels are matched ignoring case and spaces), so this entry would never apply'],
      [[['Silver', 1], ['Gold ', 2], ['gold', 2]], 'tierMapping.2.label: "gold" is already placed by tierMapping.1 ("Gold", level 2; labels are matched ignoring case and spaces), so this entry would never apply'],
      [[['Gold Partner', null], ['goldpartner', 1]], 'tierMapping.1.label: "goldpartner" is already placed by tierMapping.0 ("Gold Partner", no tier; labels are matched ignoring case and spaces), so this entry would never apply'],
    ])('refuses the tier mapping %j', (entries, message) => {
      expect(errorsOf(withLabels(...(entries as [string, number | null][])))).toEqual([message]);
    });

    it('accepts motions and labels that differ otherwise', () => {
      // motions are trimmed, not stripped of inner spaces (ladderForMotion); labels differ by more than case and spaces
      expect(parseScenarioFile(withMotions('reseller', 're seller')).ok).toBe(true);
      expect(parseScenarioFile(withLabels(['Gold', 2], ['Gold Partner', 3], ['Gold-Partner', 3])).ok).toBe(true);
    });

    const spelling = fc.stringMatching(/^ ?[GgOo]{1,3}( [Ll]d?)? ?$/);
    it('refuses two ladders exactly when motionKey says they tier the same motion', () => {
      fc.assert(
        fc.property(spelling, spelling, (a, b) => {
          expect(parseScenarioFile(withMotions(a, b)).ok).toBe(motionKey(a) !== motionKey(b));
        }),
      );
    });

    it('refuses two entries exactly when tierLabelKey says they are one label', () => {
      fc.assert(
        fc.property(spelling, spelling, (a, b) => {
          expect(parseScenarioFile(withLabels([a, 1], [b, 2])).ok).toBe(tierLabelKey(a) !== tierLabelKey(b));
        }),
      );
    });
  });

  it('lists the metrics a scenario reads', () => {
    const parsed = parseScenarioFile(motionFit);
    if (!parsed.ok) throw new Error(parsed.error.join());
    const used = metricsUsed(parsed.value);
    expect([...used].sort()).toEqual(
      expect.arrayContaining(['sourced_arr', 'active_sellers', 'ipp_fit', 'implementations', 'csat', 'mutual_customers', 'co_built_solution']),
    );
  });
});
