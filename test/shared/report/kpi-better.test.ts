/** Which way each key figure is better for the program (issue 20): the deltas are coloured by it. */
import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate, compareOutcomes } from '../../../shared/engine';
import { deltaTone, kpiRows } from '../../../shared/report/kpis';

const data = generatePartners({ seed: 20260630, count: 120 });
const scenarios = exampleScenarios().filter((s) => ['As is: metals on lifetime revenue', 'Motion-fit ladders', 'Two-tier starter'].includes(s.name));
const outcomes = scenarios.map((s) => ({ name: s.name, baseline: s.baseline, outcome: evaluate(s, data) }));
const rows = kpiRows(compareOutcomes(outcomes), outcomes.map((o) => ({ ladders: o.outcome.ladders })));

describe('the good direction of each key figure', () => {
  it('cost, what is left uncovered, downgrades and alerts: lower; coverage: higher; partners per tier and design choices: neither', () => {
    expect(scenarios).toHaveLength(3);
    const better = Object.fromEntries(rows.map((r) => [r.id, r.better]));
    expect(better).toEqual(
      expect.objectContaining({
        tiered: null,
        'tier:untiered': null,
        topTierShare: null,
        topTierValueShare: null,
        hours: 'lower',
        mdf: 'lower',
        fixed: 'lower',
        margin: 'lower',
        pairCoverage: 'higher',
        grantCoverage: 'higher',
        uncoveredPairs: 'lower',
        promoted: null,
        demoted: 'lower',
        lostTier: 'lower',
        newlyTiered: null,
        downgrades: 'lower',
        exitCandidates: null,
        nearMiss10: null,
        warned: null,
        limited: null,
        grandfathered: null,
        demotedNow: 'lower',
        graceHours: 'lower',
        graceMoney: 'lower',
        alerts: 'lower',
        reviewFindings: 'lower',
      }),
    );
    // every per-tier row is neutral
    const tierRows = rows.filter((r) => r.id.startsWith('tier:'));
    expect(tierRows.length).toBeGreaterThan(4);
    for (const r of tierRows) expect(r.better).toBeNull();
    // every row says one
    for (const r of rows) expect([null, 'higher', 'lower']).toContain(r.better);
  });

  it('a delta’s tone: good when it moves the better way, bad the other way, none when neutral or unchanged', () => {
    expect(deltaTone('lower', 1200)).toBe('bad'); // cost up
    expect(deltaTone('lower', -5)).toBe('good');
    expect(deltaTone('higher', 0.1)).toBe('good'); // coverage up
    expect(deltaTone('higher', -0.1)).toBe('bad');
    expect(deltaTone(null, 40)).toBeNull();
    expect(deltaTone('lower', 0)).toBeNull();
    expect(deltaTone('lower', null)).toBeNull();
    expect(deltaTone('higher', Number.NaN)).toBeNull();
  });

  it('in the rows: more cost than the reference reads bad, more coverage good', () => {
    const cells = (id: string) => rows.find((r) => r.id === id)!.cells;
    for (const id of ['hours', 'mdf', 'pairCoverage', 'tiered']) {
      const row = rows.find((r) => r.id === id)!;
      for (const c of cells(id)) {
        const tone = deltaTone(row.better, c.delta);
        if (c.delta === null || c.delta === 0 || row.better === null) expect(tone).toBeNull();
        else expect(tone).toBe((c.delta > 0) === (row.better === 'higher') ? 'good' : 'bad');
      }
    }
  });
});
