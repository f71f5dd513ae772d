/** The KPI table's rollout rows: the partition of the downgrades and the grace cost (issue 19, item 5). */
import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate, compareOutcomes } from '../../../shared/engine';
import { kpiRows } from '../../../shared/report/kpis';
import { changeWords } from '../../../shared/report/partner-sheets';

const data = generatePartners({ seed: 20260630, count: 300 });
const scenarios = exampleScenarios().filter((s) => ['Motion-fit ladders', 'Two-tier starter', 'Points-based (Xero-style)'].includes(s.name));
const outcomes = scenarios.map((s) => ({ name: s.name, baseline: s.baseline, outcome: evaluate(s, data) }));
const comparison = compareOutcomes(outcomes);
const rows = kpiRows(comparison, outcomes.map((o) => ({ ladders: o.outcome.ladders })));
const row = (id: string) => rows.find((r) => r.id === id)!;

describe('the rollout rows of the KPI table', () => {
  it('warned + limited + grandfathered + demoted now = the downgrade conversations, per scenario', () => {
    expect(scenarios).toHaveLength(3);
    comparison.scenarios.forEach((k, i) => {
      const parts = ['warned', 'limited', 'grandfathered', 'demotedNow'].map((id) => row(id).cells[i]!.value!);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(row('downgrades').cells[i]!.value);
      expect(k.warned! + k.limited! + k.grandfathered! + k.demotedNow!).toBe(k.downgrades);
      const o = outcomes[i]!.outcome;
      expect(k).toMatchObject({ warned: o.rollout.warned, limited: o.rollout.limited, grandfathered: o.rollout.grandfathered, demotedNow: o.rollout.demoted });
    });
    expect(row('warned').group).toBe('Rollout after policies');
    // the sample's policies warn and grandfather someone
    expect(comparison.scenarios.some((k) => k.warned! > 0)).toBe(true);
    expect(comparison.scenarios.some((k) => k.grandfathered! > 0)).toBe(true);
  });

  it('the grace period rows are the outcome’s grace cost: hours, and MDF + fixed + margin', () => {
    comparison.scenarios.forEach((_, i) => {
      const g = outcomes[i]!.outcome.rollout.graceCost;
      expect(row('graceHours').cells[i]!.value).toBe(g.hours);
      expect(row('graceMoney').cells[i]!.value).toBeCloseTo(g.mdf + g.fixed + g.margin, 6);
    });
    expect(row('graceHours').kind).toBe('hours');
    expect(row('graceMoney').kind).toBe('currency');
  });

  it('the Assignments sheet’s Change words: one per rollout state, the limited flag said', () => {
    expect(changeWords({ movement: 'demoted', rollout: { tier: 'A', state: 'grandfathered', limited: true } })).toBe('demoted (limited), grandfathered');
    expect(changeWords({ movement: 'lostTier', rollout: { tier: null, state: 'grandfathered', limited: false } })).toBe('lost tier, grandfathered');
    expect(changeWords({ movement: 'demoted', rollout: { tier: 'A', state: 'limited', limited: true } })).toBe('demoted (limited)');
    expect(changeWords({ movement: 'demoted', rollout: { tier: 'B', state: 'warned', limited: false } })).toBe('warned, not demoted');
    expect(changeWords({ movement: 'lostTier', rollout: { tier: null, state: 'normal', limited: false } })).toBe('lost tier');
  });
});
