import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { MOVEMENT_DEMOTED, MOVEMENT_LOST_TIER } from '../../shared/engine';
import { EngineCore } from '../../renderer/src/engine/core';
import { passesFilters, scenarioColumnDefs, scenarioNote, tierName, type ScenarioFilter } from '../../renderer/src/features/partners/scenario-columns';
import { encodeDataset } from '../../shared/ipc/columns';
import type { GridRow } from '../../renderer/src/features/partners/columns';

const data = generatePartners({ seed: 21, count: 500 });
const core = new EngineCore();
core.load(encodeDataset(1, 'x', data), 'k');
const scenario = exampleScenarios().find((s) => s.name === 'Motion-fit ladders')!;
const pinned = data.partners.findIndex((p) => p.motion === 'reseller');
const withOverride = { ...scenario, overrides: [{ partnerId: data.partners[pinned]!.id, tierId: 'strategic', reason: 'agreed' }] };
const evaluation = core.evaluate('k', withOverride, () => 0);
const all = data.partners.map((_, i) => i);
const where = (filters: ScenarioFilter[]) => all.filter((i) => passesFilters(evaluation, i, new Set(filters)));

describe('the scenario columns of the partners grid', () => {
  it('filters match the outcome: demoted, near miss, exit candidates, overridden, and all of them together', () => {
    const m = evaluation.summary.movement;
    expect(where(['demoted'])).toHaveLength(m.demoted + m.lostTier);
    expect(where(['demoted']).every((i) => [MOVEMENT_DEMOTED, MOVEMENT_LOST_TIER].includes(evaluation.partners.movementCode[i]!))).toBe(true);
    expect(where(['nearMiss'])).toHaveLength(evaluation.summary.nearMiss.within20);
    expect(where(['exit'])).toHaveLength(m.exitCandidates);
    expect(where(['overridden'])).toEqual([pinned]);
    expect(where([])).toHaveLength(500);
    const both = where(['demoted', 'exit']);
    expect(both.every((i) => where(['demoted']).includes(i) && where(['exit']).includes(i))).toBe(true);
  });

  it('reads tier names, changes and progress from the evaluation it holds', () => {
    const holder = { evaluation };
    const defs = scenarioColumnDefs(holder, 'Motion-fit ladders', undefined);
    const row = (index: number): GridRow => ({ ...data.partners[index]!, columns: [], index });
    const get = (colId: string, index: number) => {
      const def = defs.find((d) => d.colId === colId)!;
      return (def.valueGetter as (p: { data: GridRow }) => unknown)({ data: row(index) });
    };
    const p = evaluation.partners;
    expect(get('sc:tier', pinned)).toBe('Strategic');
    expect(get('sc:change', pinned)).toMatch(/promoted|unchanged|newly tiered/);
    for (const i of [0, 1, 2, 10, 99]) {
      expect(get('sc:tier', i)).toBe(tierName(evaluation.summary.ladders, p.ladderIndex[i]!, p.level[i]!) ?? 'Untiered');
      expect(get('sc:progress', i)).toBe(Number.isNaN(p.progress[i]!) ? null : p.progress[i]);
    }
    // no evaluation held: the columns are empty, not stale
    holder.evaluation = null as never;
    expect(get('sc:tier', 0)).toBeNull();
  });
});

describe("the grid toolbar's note on the open scenario", () => {
  const fy26 = { id: 3, label: 'FY2026' };
  const note = (o: Partial<Parameters<typeof scenarioNote>[0]>) =>
    scenarioNote({ scenario: 'Motion-fit ladders', scenarioDataset: fy26, shownDatasetId: 3, outcomeShown: false, failed: false, ...o });

  it('names the scenario whose tiers the grid shows, or says why they are not there', () => {
    expect(note({ outcomeShown: true })).toEqual({ kind: 'shown', scenario: 'Motion-fit ladders' });
    expect(note({})).toEqual({ kind: 'evaluating', scenario: 'Motion-fit ladders' });
    expect(note({ failed: true })).toEqual({ kind: 'failed', scenario: 'Motion-fit ladders' });
    expect(note({ scenario: null })).toEqual({ kind: 'none' });
    expect(note({ scenarioDataset: null })).toEqual({ kind: 'none' });
  });

  it('a scenario evaluated on another dataset than the one shown names that dataset, whatever its outcome', () => {
    const elsewhere = { kind: 'elsewhere', scenario: 'Motion-fit ladders', datasetId: 3, datasetLabel: 'FY2026' };
    expect(note({ shownDatasetId: 1 })).toEqual(elsewhere);
    expect(note({ shownDatasetId: 1, failed: true })).toEqual(elsewhere);
  });
});
