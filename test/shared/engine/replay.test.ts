import { describe, expect, it } from 'vitest';
import {
  defaultReplayLists,
  idOverlap,
  idSpaceWarning,
  inDateOrder,
  metricsRead,
  metricsLacking,
  otherIdSpace,
  replay,
  type ReplayList,
} from '../../../shared/engine/replay';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { ScenarioSchema, type Scenario } from '../../../shared/model/scenario';
import type { MetricDef } from '../../../shared/model/workspace';
import { exampleScenarios } from '../../../scenarios/examples';
import { generateSnapshots, SAMPLE_SEED, SAMPLE_SIZE } from '../../../scenarios/generator';

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

function scenario(policies: Record<string, unknown>): Scenario {
  return ScenarioSchema.parse({
    format: 'tierscape-scenario',
    version: 1,
    name: 'Replay',
    ladders: [
      {
        id: 'all',
        motion: '*',
        name: 'All',
        tiers: [
          { id: 'base', name: 'Base', color: '#999999', requirement: null },
          { id: 'top', name: 'Top', color: '#333333', requirement: { type: 'compare', id: 'top_arr', metric: 'arr', op: '>=', value: 100 } },
        ],
      },
    ],
    tierMapping: [
      { label: 'Silver', level: 0 },
      { label: 'Gold', level: 1 },
    ],
    policies,
  });
}

describe('cycle replay', () => {
  it('carries each partner from one cycle to the next, and a second shortfall after a warning demotes', () => {
    const cycles = replay(scenario({ warningBandPct: 20 }), [
      cycle('FY2024', [
        ['A', 150, 'Silver'],
        ['B', 50, 'Silver'],
      ]),
      // the data's labels are ignored from now on: A starts from Top, B from Base
      cycle('FY2025', [
        ['A', 90, 'Silver'],
        ['B', 120, 'Gold'],
      ]),
      cycle('FY2026', [
        ['A', 85, 'Gold'],
        ['B', 130, 'Silver'],
      ]),
    ]);
    expect(cycles.map((c) => [c.label, c.promoted, c.demoted, c.warned])).toEqual([
      ['FY2024', 1, 0, 0], // A promoted from Silver
      ['FY2025', 1, 0, 1], // B promoted; A within 20% of Top: warned, keeps Top
      ['FY2026', 0, 1, 0], // A short again: demoted this time; B stays
    ]);
    expect(cycles.map((c) => c.tiers.find((t) => t.tierId === 'top')!.count)).toEqual([1, 2, 1]);
    expect(cycles.map((c) => c.topTierShare)).toEqual([0.5, 1, 0.5]);
  });

  it('a grace period longer than a cycle carries over, and new partners start from their own label', () => {
    const cycles = replay(scenario({ grandfatherQuarters: 6 }), [
      cycle('FY2024', [['A', 50, 'Gold']]),
      cycle('FY2025', [
        ['A', 40, 'Gold'],
        ['C', 500, 'Silver'],
      ]),
      cycle('FY2026', [
        ['A', 40, 'Gold'],
        ['C', 500, 'Gold'],
      ]),
    ]);
    expect(cycles.map((c) => [c.grandfathered, c.inGrace, c.demoted, c.promoted])).toEqual([
      [1, 0, 0, 0], // A falls from Gold: grandfathered for 6 quarters (not demoted now)
      [0, 1, 0, 1], // A still in grace (2 quarters left); C new, promoted from Silver
      [0, 0, 0, 0],
    ]);
    expect(cycles[1]!.partners).toBe(2);
  });

  it('runs a shipped scenario over the sample snapshots', () => {
    const snapshots = generateSnapshots({ seed: SAMPLE_SEED, count: SAMPLE_SIZE, years: 3 });
    const motionFit = exampleScenarios().find((s) => s.name === 'Motion-fit ladders')!;
    const cycles = replay(motionFit, snapshots.map((s) => ({ label: s.label, asOf: s.asOf, data: s })));
    expect(cycles.map((c) => c.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    for (const c of cycles) {
      expect(c.tiers.reduce((sum, t) => sum + t.count, 0)).toBe(SAMPLE_SIZE);
      expect(c.topTierShare).toBeGreaterThan(0);
      expect(c.topTierShare).toBeLessThan(0.5);
    }
    expect(replay(motionFit, snapshots.map((s) => ({ label: s.label, asOf: s.asOf, data: s })))).toEqual(cycles);
  });
});

// ---------------------------------------------------------------------------------------
// Which lists to replay over

const metric = (key: string, kind: MetricDef['kind'] = 'currency'): MetricDef => ({ key, label: key.toUpperCase(), kind, unit: null });

function list(id: number, label: string, asOf: string | null, metrics: MetricDef[], importedAt = '2026-11-22T10:00:00Z'): ReplayList {
  return { id, label, asOf, importedAt, partnerCount: 10, metrics };
}

/** A one-ladder scenario reading `arr` in a requirement, plus whatever `extra` adds. */
/** The two-tier ladder above (Top: arr ≥ 100), with the scenario fields `extra` sets. */
function reading(extra: Record<string, unknown> = {}): Scenario {
  return ScenarioSchema.parse({ ...scenario({}), name: 'Reads', tierMapping: [], ...extra });
}

describe('the lists a replay runs over', () => {
  it('orders lists by as-of date (the import time without one), then import order', () => {
    const lists = [
      list(4, 'ACME FY2026', '2026-06-30', []),
      list(3, 'FY2026', '2026-06-30', []),
      list(1, 'FY2025', '2025-06-30', []),
      list(5, 'Undated', null, [], '2025-09-01T08:00:00Z'),
      list(2, 'FY2024', '2024-06-30', []),
    ];
    expect(inDateOrder(lists).map((l) => l.label)).toEqual(['FY2024', 'FY2025', 'Undated', 'FY2026', 'ACME FY2026']);
    expect(lists[0]!.label).toBe('ACME FY2026'); // a copy is sorted
  });

  it('reads the metrics of requirements, caps, gate, exit rule, value metric and the derived metrics used, in the list’s order', () => {
    const metrics = ['arr', 'arr_py', 'sellers', 'csat', 'rank', 'unused'].map((k) => metric(k));
    expect(metricsRead(reading(), metrics).map((m) => m.key)).toEqual(['arr']);
    const scenario = reading({
      eligibility: { type: 'compare', id: 'gate', metric: 'csat', op: '>=', value: 0.8 },
      exitRule: { type: 'compare', id: 'exit', metric: 'growth', op: '>', value: -0.5 },
      derivedMetrics: [
        { key: 'growth', label: 'Growth', kind: 'percent', formula: '(arr - arr_py) / arr_py' },
        { key: 'unread', label: 'Unread', kind: 'number', formula: 'unused * 2' },
      ],
      assumptions: { valueMetric: 'sellers', capacityHours: null, mdfBudget: null, marginBudget: null },
    });
    expect(metricsRead(scenario, metrics).map((m) => m.key)).toEqual(['arr', 'arr_py', 'sellers', 'csat']);
    // a metric read that the list does not have is not asked of the others
    expect(metricsRead(scenario, [metric('arr')]).map((m) => m.key)).toEqual(['arr']);
    // a scenario that reads no metric reads none of the list
    const noMetric = reading();
    noMetric.ladders[0]!.tiers[1]!.requirement = null;
    expect(metricsRead(noMetric, metrics)).toEqual([]);
  });

  it('a list lacks a metric it does not have, or has of another kind', () => {
    const read = [metric('arr'), metric('csat', 'percent')];
    expect(metricsLacking({ metrics: [metric('csat', 'percent'), metric('other'), metric('arr')] }, read)).toEqual([]);
    expect(metricsLacking({ metrics: [metric('arr')] }, read)).toEqual([metric('csat', 'percent')]);
    expect(metricsLacking({ metrics: [metric('arr'), metric('csat', 'rating')] }, read)).toEqual([metric('csat', 'percent')]);
  });

  it('by default replays the lists with every metric the scenario reads from its own list, in date order; the others are left out', () => {
    const sample = [metric('arr'), metric('arr_py'), metric('sellers', 'count')];
    const lists = [
      list(4, 'ACME FY2026', '2026-06-30', [metric('bookings'), metric('certified_staff', 'count')]),
      list(3, 'FY2026', '2026-06-30', sample),
      list(1, 'FY2025', '2025-06-30', [...sample, metric('new_column')]), // more metrics: still shares them
      list(2, 'FY2024', '2024-06-30', [metric('arr')]), // fewer, but has the one the scenario reads
    ];
    const read = metricsRead(reading(), sample);
    const chosen = defaultReplayLists(lists, read);
    expect(chosen.chosen.map((l) => l.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    expect(chosen.leftOut.map((l) => [l.list.label, l.missing.map((m) => m.key)])).toEqual([['ACME FY2026', ['arr']]]);
    // a scenario that reads sellers too leaves FY2024 out
    const more = metricsRead(reading({ assumptions: { valueMetric: 'sellers', capacityHours: null, mdfBudget: null, marginBudget: null } }), sample);
    expect(defaultReplayLists(lists, more).chosen.map((l) => l.label)).toEqual(['FY2025', 'FY2026']);
    // reading nothing, every list is a cycle
    expect(defaultReplayLists(lists, []).chosen.map((l) => l.label)).toEqual(['FY2024', 'FY2025', 'FY2026', 'ACME FY2026']);
  });

  it('counts the partner IDs two lists share, and flags another ID space under half of the smaller list', () => {
    const fy2026 = Array.from({ length: 300 }, (_, i) => `P${String(i + 1).padStart(6, '0')}`);
    const acme = Array.from({ length: 57 }, (_, i) => `ACME-${i + 1}`);
    const none = idOverlap(acme, fy2026);
    expect(none).toEqual({ shared: 0, ids: 57, otherIds: 300 });
    expect(otherIdSpace(none)).toBe(true);
    expect(idSpaceWarning(none, 'FY2026')).toBe('shares 0 of 57 partner IDs with FY2026: its partners would all start as new');
    expect(idSpaceWarning(idOverlap(fy2026, acme), 'ACME FY2026', true)).toBe(
      'shares 0 of 300 partner IDs with ACME FY2026, the cycle after it: ACME FY2026’s partners would all start as new',
    );

    // the same partners a year on, some new and some gone: one ID space
    const next = [...fy2026.slice(20), ...Array.from({ length: 30 }, (_, i) => `N${i}`)];
    expect(idOverlap(next, fy2026)).toEqual({ shared: 280, ids: 310, otherIds: 300 });
    expect(otherIdSpace(idOverlap(next, fy2026))).toBe(false);

    // half of the smaller list is enough; a single ID fewer is not
    const small = [...fy2026.slice(0, 10), ...acme.slice(0, 10)];
    expect(idOverlap(small, fy2026)).toEqual({ shared: 10, ids: 20, otherIds: 300 });
    expect(otherIdSpace(idOverlap(small, fy2026))).toBe(false);
    const fewer = [...fy2026.slice(0, 9), ...acme.slice(0, 11)];
    expect(otherIdSpace(idOverlap(fewer, fy2026))).toBe(true);
    expect(idSpaceWarning(idOverlap(fewer, fy2026), 'FY2026')).toBe('shares 9 of 20 partner IDs with FY2026: 11 of its partners would start as new');

    // duplicates count once; an empty list is never flagged
    expect(idOverlap(['A', 'A', 'B'], ['A'])).toEqual({ shared: 1, ids: 2, otherIds: 1 });
    expect(otherIdSpace(idOverlap([], fy2026))).toBe(false);
  });
});
