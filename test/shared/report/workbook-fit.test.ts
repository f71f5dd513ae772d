/**
 * The workbook never gives a scenario's figures without saying, at the top of its Summary,
 * that the scenario reads metrics the list lacks or leaves today's tiers unplaced.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine';
import { buildWorkbook } from '../../../shared/report/workbook';
import { exampleScenarios } from '../../../scenarios/examples';
import { generateSnapshots } from '../../../scenarios/generator';
import { dataset } from '../engine/helpers';

describe('the Summary says what does not fit, before any figure', () => {
  it('names per scenario the metrics the list lacks and the labels it does not place', () => {
    const examples = exampleScenarios();
    const metals = examples.find((x) => x.name === 'Metals, revenue only')!;
    const motionFit = examples.find((x) => x.name === 'Motion-fit ladders')!;
    const data = dataset([
      { id: 'a', motion: 'reseller', currentTier: 'Registered', sourced_arr: 10, active_sellers: 1 },
      { id: 'b', motion: 'reseller', currentTier: 'Gold', sourced_arr: 10, active_sellers: 1 },
    ]);
    const scenarios = [metals, motionFit].map((scenario) => ({ scenario, outcome: evaluate(scenario, data) }));
    const spec = buildWorkbook({ dataset: { label: 'ACME FY2026', asOf: null, partners: 2 }, data, scenarios, sheets: [], reportCards: null, exportedAt: '2026-12-06T10:00:00Z' });
    const title = spec.sheets[0]!.title;
    const warnings = title.filter((t) => t.startsWith('Warning:'));
    expect(warnings).toContain(
      'Warning: Metals, revenue only reads a metric ACME FY2026 does not have ("Lifetime ARR"): requirements on it are never met, so its figures are not the design\'s.',
    );
    expect(warnings.some((w) => w.startsWith('Warning: Motion-fit ladders reads metrics ACME FY2026 does not have ('))).toBe(true);
    expect(warnings).toContain(
      'Warning: Metals, revenue only does not place today\'s tier "Registered": their partners count as having no tier today (newly tiered, never promoted or demoted).',
    );
    // right under the three title lines, so they sit above the table
    expect(title.slice(3)).toEqual(warnings);
  });

  it('says nothing when every scenario fits', () => {
    const [, , fy2026] = generateSnapshots({ seed: 7, count: 120, years: 3 });
    const motionFit = exampleScenarios().find((x) => x.name === 'Motion-fit ladders')!;
    const spec = buildWorkbook({
      dataset: { label: 'FY2026', asOf: null, partners: fy2026!.partners.length },
      data: fy2026!,
      scenarios: [{ scenario: motionFit, outcome: evaluate(motionFit, fy2026!) }],
      sheets: [],
      reportCards: null,
      exportedAt: '2026-12-06T10:00:00Z',
    });
    expect(spec.sheets[0]!.title.filter((t) => t.startsWith('Warning:'))).toEqual([]);
  });
});
