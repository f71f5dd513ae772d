import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/engine/replay';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { ScenarioSchema, type Scenario } from '../../../shared/model/scenario';
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
      [1, 0, 1, 0], // A falls from Gold: grandfathered for 6 quarters
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
