import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES, exampleScenarios } from '../../scenarios/examples';
import { SAMPLE_METRICS } from '../../scenarios/generator';
import { metricsUsed } from '../../shared/model/scenario';

describe('the example scenarios (DESIGN D12.1)', () => {
  const scenarios = exampleScenarios();

  it('all validate, with distinct names and exactly one baseline', () => {
    expect(scenarios).toHaveLength(Object.keys(EXAMPLE_FILES).length);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
    expect(scenarios.filter((s) => s.baseline).map((s) => s.name)).toEqual(['As is: metals on lifetime revenue']);
  });

  it('cover the ladders DESIGN D12.1 names', () => {
    const names = scenarios.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['Motion-fit ladders', 'Metals, revenue only', 'Two-tier starter', 'App-marketplace tiers', 'Points-based (Xero-style)']),
    );
    const motionFit = scenarios.find((s) => s.name === 'Motion-fit ladders')!;
    expect(motionFit.ladders.map((l) => [l.motion, l.tiers.map((t) => t.name)])).toEqual([
      ['reseller', ['Registered', 'Selling', 'Specialist', 'Strategic']],
      ['services', ['Trained', 'Delivering', 'Certified Practice', 'Lead Implementer']],
      ['technology', ['Listed', 'Validated', 'Co-Sell', 'Joint-Solution']],
    ]);
  });

  it('read only metrics the sample data has (or derive themselves)', () => {
    const known = new Set(SAMPLE_METRICS.map((m) => m.key));
    for (const s of scenarios) {
      const derived = new Set(s.derivedMetrics.map((d) => d.key));
      const unknown = [...metricsUsed(s)].filter((k) => !known.has(k) && !derived.has(k));
      expect(unknown, s.name).toEqual([]);
    }
  });

  it("map the sample data's current tiers onto their ladders", () => {
    for (const s of scenarios) expect(s.tierMapping.map((m) => m.label).sort(), s.name).toEqual(['Bronze', 'Gold', 'Platinum', 'Silver']);
  });
});
