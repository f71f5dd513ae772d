import { describe, expect, it } from 'vitest';
import { describeRequirement, metricLookup } from '../../../shared/model/describe';
import { exampleScenarios } from '../../../scenarios/examples';
import { SAMPLE_METRICS } from '../../../scenarios/generator';
import type { Requirement } from '../../../shared/model/scenario';
import { daysToIsoDate } from '../../../shared/model/dataset';
import { formatMetricValue } from '../../../shared/model/format';

const lookup = metricLookup([
  { key: 'sourced_arr', label: 'Sourced ARR', kind: 'currency', unit: 'USD' },
  { key: 'certified', label: 'Certified consultants', kind: 'count', unit: null },
  { key: 'csat', label: 'CSAT', kind: 'percent', unit: null },
  { key: 'practice', label: 'Dedicated practice', kind: 'boolean', unit: null },
]);

describe('requirements as sentences', () => {
  it.each<[Requirement | null, string]>([
    [null, 'no requirements'],
    [{ type: 'compare', id: 'a', metric: 'sourced_arr', op: '>=', value: 250000 }, 'Sourced ARR ≥ $250,000'],
    [
      {
        type: 'all',
        id: 'g',
        items: [
          { type: 'compare', id: 'a', metric: 'sourced_arr', op: '>=', value: 250000 },
          { type: 'compare', id: 'b', metric: 'certified', op: '>=', value: 2 },
        ],
      },
      'Sourced ARR ≥ $250,000 and Certified consultants ≥ 2',
    ],
    [
      {
        type: 'any',
        id: 'g',
        items: [
          { type: 'compare', id: 'a', metric: 'csat', op: 'between', value: 0.8, value2: 0.95 },
          { type: 'all', id: 'h', items: [{ type: 'compare', id: 'p', metric: 'practice', op: 'isTrue' }, { type: 'compare', id: 'c', metric: 'certified', op: '!=', value: 0 }] },
        ],
      },
      'CSAT between 80% and 95% or (Dedicated practice and Certified consultants ≠ 0)',
    ],
    [{ type: 'compare', id: 'u', metric: 'unknown_key', op: '<', value: 3 }, 'unknown_key < 3'],
    [
      {
        type: 'points',
        id: 'p',
        min: 1000,
        rules: [
          { id: 'r1', label: 'Sourced', metric: 'sourced_arr', mode: 'perUnit', points: 5, per: 1000 },
          { id: 'r2', label: 'Practice', metric: 'practice', mode: 'fixed', points: 150 },
        ],
        subMinimums: [{ rules: ['r1'], min: 300, label: 'from sourced revenue' }],
      },
      '1,000 points, at least 300 of them from sourced revenue (5 per $1,000 of Sourced ARR; 150 for Dedicated practice)',
    ],
  ])('%#: %s', (requirement, sentence) => {
    expect(describeRequirement(requirement, lookup)).toBe(sentence);
  });

  it('reads every example tier', () => {
    const sample = metricLookup(SAMPLE_METRICS);
    const motionFit = exampleScenarios().find((s) => s.name === 'Motion-fit ladders')!;
    const specialist = motionFit.ladders[0]!.tiers[2]!;
    expect(describeRequirement(specialist.requirement, sample)).toBe('Sourced ARR (current year) ≥ $250,000 and Vertical certifications ≥ 1');
    for (const s of exampleScenarios()) for (const l of s.ladders) for (const t of l.tiers) expect(describeRequirement(t.requirement, sample)).not.toMatch(/undefined|NaN/);
  });
});

describe('dates past what a date can be', () => {
  it('are said as a number of days, not thrown (a threshold of 1e295 on a date metric)', () => {
    expect(daysToIsoDate(20_634)).toBe('2026-06-30');
    expect(daysToIsoDate(1e295)).toBe('day 1e+295');
    expect(daysToIsoDate(-1e9)).toBe('day -1000000000');
    expect(daysToIsoDate(Number.POSITIVE_INFINITY)).toBe('day Infinity');
    expect(formatMetricValue('date', 1e295, null)).toBe('day 1e+295');
  });
});
