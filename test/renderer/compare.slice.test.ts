import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { evaluate, compareOutcomes, partnerDiff, withThreshold } from '../../shared/engine';
import { encodeDataset } from '../../shared/ipc/columns';
import type { ScenarioRecordDto } from '../../shared/ipc/contract';
import type { ColumnarDataset } from '../../shared/model/dataset';
import { ScenarioSchema, type Scenario } from '../../shared/model/scenario';
import type { DatasetSummary, ScenarioSummary } from '../../shared/model/workspace';
import { inPageEngine, setEngine, type EngineClient } from '../../renderer/src/engine/client';
import { comparisonKey, defaultSelection, DIFF_ROW_LIMIT, planComparison, PRESENT_SECTIONS } from '../../renderer/src/stores/compare.slice';
import { createAppStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, deferred, fail, installFakeApi, ok, workspace, type FakeApi } from './fake-api';

// ---------------------------------------------------------------------------------------
// planComparison, defaultSelection, comparisonKey

const summary = (id: number, name: string, datasetId: number | null, isBaseline = false, updatedAt = '2026-11-22T00:00:00Z'): ScenarioSummary => ({
  id,
  name,
  datasetId,
  isBaseline,
  updatedAt,
});

const TWO_DATASETS = [dataset(1, 'FY2025'), dataset(2, 'FY2026')];

describe('planComparison', () => {
  const all = [summary(1, 'Alpha', 2), summary(2, 'Beta', 2), summary(3, 'Gamma', 2), summary(4, 'Delta', 1), summary(5, 'Epsilon', null), summary(6, 'Zeta', 2), summary(7, 'Eta', 2)];

  it('needs a dataset', () => {
    expect(planComparison([], all, [1, 2], null)).toEqual({ ok: false, reason: 'no-dataset', message: expect.stringMatching(/no partner data/) });
  });

  it('needs two scenarios, and says when the workspace has only one (or none)', () => {
    const one = [summary(1, 'Alpha', 2)];
    const none = planComparison(TWO_DATASETS, one, [], null);
    expect(none).toMatchObject({ ok: false, reason: 'too-few' });
    expect(none.ok ? '' : none.message).toMatch(/none is picked/);
    expect(none.ok ? '' : none.message).toMatch(/This workspace has one scenario/);
    const single = planComparison(TWO_DATASETS, one, [1], null);
    expect(single).toMatchObject({ ok: false, reason: 'too-few' });
    expect(single.ok ? '' : single.message).toMatch(/one is picked/);
    expect(single.ok ? '' : single.message).toMatch(/This workspace has one scenario/);
    const empty = planComparison(TWO_DATASETS, [], [], null);
    expect(empty.ok ? '' : empty.message).toMatch(/This workspace has no scenarios/);
    // plenty to pick from: no word about the workspace
    const few = planComparison(TWO_DATASETS, all, [1], null);
    expect(few).toMatchObject({ ok: false, reason: 'too-few' });
    expect(few.ok ? '' : few.message).not.toMatch(/This workspace has/);
    // ids of scenarios that no longer exist do not count
    expect(planComparison(TWO_DATASETS, all, [1, 99], null)).toMatchObject({ ok: false, reason: 'too-few' });
  });

  it('takes at most six', () => {
    const seven = planComparison(TWO_DATASETS, all, [1, 2, 3, 4, 5, 6, 7], 2);
    expect(seven).toMatchObject({ ok: false, reason: 'too-many' });
    expect(seven.ok ? '' : seven.message).toMatch(/7 are picked/);
    expect(planComparison(TWO_DATASETS, all, [1, 2, 3, 4, 5, 6], 2)).toMatchObject({ ok: true, datasetId: 2 });
  });

  it('asks for a dataset when the scenarios are designed on different ones, naming both', () => {
    const differ = planComparison(TWO_DATASETS, all, [1, 4], null);
    expect(differ).toMatchObject({ ok: false, reason: 'datasets-differ' });
    const message = differ.ok ? '' : differ.message;
    expect(message).toContain('FY2025');
    expect(message).toContain('FY2026');
    expect(message).toContain('“Alpha” on FY2026');
    expect(message).toContain('“Delta” on FY2025');
    // a chosen dataset settles it
    const chosen = planComparison(TWO_DATASETS, all, [1, 4], 1);
    expect(chosen).toMatchObject({ ok: true, datasetId: 1 });
    expect(chosen.ok && chosen.scenarios.map((s) => s.id)).toEqual([1, 4]);
    // a chosen dataset that no longer exists does not
    expect(planComparison(TWO_DATASETS, all, [1, 4], 42)).toMatchObject({ ok: false, reason: 'datasets-differ' });
  });

  it('compares on the dataset the scenarios share (no dataset of its own: the newest)', () => {
    expect(planComparison(TWO_DATASETS, all, [1, 5], null)).toMatchObject({ ok: true, datasetId: 2 });
    expect(planComparison(TWO_DATASETS, all, [4, 5], null)).toMatchObject({ ok: false, reason: 'datasets-differ' });
  });

  it('the reference is the baseline when one is marked, else the first picked', () => {
    const marked = [summary(1, 'Alpha', 2), summary(2, 'Beta', 2, true), summary(3, 'Gamma', 2)];
    const withBaseline = planComparison(TWO_DATASETS, marked, [3, 1, 2], null);
    expect(withBaseline).toMatchObject({ ok: true, baselineMarked: true });
    expect(withBaseline.ok && withBaseline.reference.id).toBe(2);
    expect(withBaseline.ok && withBaseline.scenarios.map((s) => s.id)).toEqual([3, 1, 2]);
    const without = planComparison(TWO_DATASETS, marked, [3, 1], null);
    expect(without).toMatchObject({ ok: true, baselineMarked: false });
    expect(without.ok && without.reference.id).toBe(3);
  });
});

describe('defaultSelection', () => {
  it('starts from the baseline and takes only scenarios on its dataset, three at most', () => {
    const all = [summary(1, 'A', 1), summary(2, 'B', 2, true), summary(3, 'C', 1), summary(4, 'D', null), summary(5, 'E', 2), summary(6, 'F', 2)];
    expect(defaultSelection(TWO_DATASETS, all)).toEqual([2, 4, 5]); // D has no dataset of its own: the newest, FY2026
    expect(defaultSelection(TWO_DATASETS, [summary(1, 'A', 1), summary(2, 'B', 2), summary(3, 'C', 1)])).toEqual([1, 3]);
    expect(defaultSelection(TWO_DATASETS, [summary(1, 'A', 1), summary(2, 'B', 2, true)])).toEqual([2]);
    expect(defaultSelection(TWO_DATASETS, [summary(1, 'A', 1)])).toEqual([1]);
    expect(defaultSelection(TWO_DATASETS, [])).toEqual([]);
  });
});

describe('comparisonKey', () => {
  it('is null for what cannot be compared, and changes with a save, the dataset and the reference', () => {
    const all = [summary(1, 'A', 2), summary(2, 'B', 2)];
    expect(comparisonKey(planComparison(TWO_DATASETS, all, [1], null))).toBeNull();
    const key = comparisonKey(planComparison(TWO_DATASETS, all, [1, 2], null));
    expect(key).not.toBeNull();
    expect(comparisonKey(planComparison(TWO_DATASETS, all, [1, 2], null))).toBe(key);
    expect(comparisonKey(planComparison(TWO_DATASETS, [all[0]!, summary(2, 'B', 2, false, '2026-11-23T00:00:00Z')], [1, 2], null))).not.toBe(key);
    expect(comparisonKey(planComparison(TWO_DATASETS, all, [1, 2], 1))).not.toBe(key);
    expect(comparisonKey(planComparison(TWO_DATASETS, [all[0]!, summary(2, 'B', 2, true)], [1, 2], null))).not.toBe(key);
  });
});

// ---------------------------------------------------------------------------------------
// The store

const data1 = generatePartners({ seed: 4, count: 250 });
const data2 = generatePartners({ seed: 9, count: 400 });
const examples = exampleScenarios();
const byName = (name: string) => examples.find((s) => s.name === name)!;
const motionFit = byName('Motion-fit ladders');
const asIs = byName('As is: metals on lifetime revenue'); // the baseline
const starter = byName('Two-tier starter');
const points = byName('Points-based (Xero-style)');
const SELLING_ARR = { tierId: 'selling', requirementId: 'selling_arr' };

/** A workspace in memory behind the fake API: two datasets, scenarios 1–3 on FY2026 (2), 4 on FY2025 (1). */
function server() {
  const datasets: DatasetSummary[] = [dataset(1, 'FY2025', data1.partners.length, { metrics: data1.metrics }), dataset(2, 'FY2026', data2.partners.length, { metrics: data2.metrics })];
  const dataOf: Record<number, ColumnarDataset> = { 1: data1, 2: data2 };
  const records = new Map<number, ScenarioRecordDto>();
  [motionFit, asIs, starter, points].forEach((scenario, i) => records.set(i + 1, { id: i + 1, datasetId: i === 3 ? 1 : 2, updatedAt: '2026-11-22T00:00:00Z', scenario }));
  let saves = 0;
  const state = { refuseSaves: false, columnsFail: false };
  const list = (): ScenarioSummary[] =>
    [...records.values()].map((r) => ({ id: r.id, name: r.scenario.name, datasetId: r.datasetId, isBaseline: r.scenario.baseline, updatedAt: r.updatedAt }));
  return {
    records,
    state,
    answers: {
      'app:info': () => ok(appInfo('web')),
      'workspace:current': () => ok({ ...workspace('Compare', datasets), scenarios: list() }),
      'workspace:recent': () => ok([]),
      'dataset:columns': (p: unknown) => {
        const id = (p as { datasetId: number }).datasetId;
        return state.columnsFail ? fail('io', 'the workspace file is locked') : ok(encodeDataset(id, `FY${id}`, dataOf[id]!));
      },
      'scenario:list': () => ok(list()),
      'scenario:get': (p: unknown) => {
        const r = records.get((p as { id: number }).id);
        return r ? ok(r) : fail('not_found', 'no such scenario');
      },
      'scenario:save': (p: unknown) => {
        const { id, scenario } = p as { id: number; scenario: unknown };
        if (state.refuseSaves) return fail('io', 'the disk is full');
        saves += 1;
        const record = { ...records.get(id)!, scenario: ScenarioSchema.parse(scenario), updatedAt: `2026-11-22T00:00:${String(saves).padStart(2, '0')}Z` };
        records.set(id, record);
        return ok(record);
      },
    },
  };
}

/** inPageEngine, counting the requests the stores make. */
function countingEngine() {
  const inner = inPageEngine();
  const counts = { compare: 0, diff: 0 };
  const engine: EngineClient = {
    ...inner,
    compare: (...a) => {
      counts.compare += 1;
      return inner.compare(...a);
    },
    diff: (...a) => {
      counts.diff += 1;
      return inner.diff(...a);
    },
  };
  return { engine, counts };
}

const expectedComparison = (entries: { scenario: Scenario; baseline: boolean }[], set: ColumnarDataset) =>
  compareOutcomes(entries.map((e) => ({ name: e.scenario.name, baseline: e.baseline, outcome: evaluate(e.scenario, set) })));

describe('the compare slice', () => {
  let srv: ReturnType<typeof server>;
  let fake: FakeApi;
  let counts: ReturnType<typeof countingEngine>['counts'];
  let store: ReturnType<typeof createAppStore>;

  beforeEach(async () => {
    srv = server();
    fake = installFakeApi(srv.answers);
    const counting = countingEngine();
    counts = counting.counts;
    setEngine(counting.engine);
    store = createAppStore();
    await store.getState().boot();
  });
  afterEach(async () => {
    await store.getState().flushSave();
    setEngine(null);
  });

  it('compares the picked scenarios on their dataset with the KPIs of compareOutcomes, deltas against the baseline', async () => {
    store.getState().setComparedIds([1, 2, 3]);
    await store.getState().runCompare();
    const s = store.getState();
    expect(s.compareError).toBeNull();
    expect(s.comparing).toBe(false);
    expect(s.comparison?.datasetId).toBe(2);
    expect(s.comparison?.partners).toBe(400);
    expect(s.comparison?.ids).toEqual([1, 2, 3]);
    expect(s.comparison?.names).toEqual([motionFit.name, asIs.name, starter.name]);
    expect(s.comparison?.comparison).toEqual(
      expectedComparison(
        [
          { scenario: motionFit, baseline: false },
          { scenario: asIs, baseline: true },
          { scenario: starter, baseline: false },
        ],
        data2,
      ),
    );
    expect(s.comparison?.comparison.baseline).toBe(asIs.name);
    expect(fake.last('dataset:columns')).toEqual({ datasetId: 2 });
    // the diff pair defaults to the reference and the first other scenario
    expect(s.diffPair).toEqual([2, 1]);
    // nothing changed: not compared again
    await store.getState().runCompare();
    expect(counts.compare).toBe(1);
  });

  it('without a marked baseline, deltas are against the first picked', async () => {
    store.getState().setComparedIds([3, 1]);
    await store.getState().runCompare();
    const s = store.getState();
    expect(s.comparison?.comparison).toEqual(
      expectedComparison(
        [
          { scenario: starter, baseline: false },
          { scenario: motionFit, baseline: false },
        ],
        data2,
      ),
    );
    expect(s.diffPair).toEqual([3, 1]);
  });

  it('compares on the chosen dataset when the scenarios are designed on different ones', async () => {
    store.getState().setComparedIds([4, 3]);
    await store.getState().runCompare();
    expect(store.getState().comparison).toBeNull();
    expect(store.getState().compareError).toBeNull();
    expect(counts.compare).toBe(0);
    store.getState().setCompareDataset(1);
    await store.getState().runCompare();
    expect(store.getState().comparison?.datasetId).toBe(1);
    expect(store.getState().comparison?.comparison).toEqual(
      expectedComparison(
        [
          { scenario: points, baseline: false },
          { scenario: starter, baseline: false },
        ],
        data1,
      ),
    );
  });

  it('compares the open draft, with its edit not saved', async () => {
    await store.getState().openScenario(1);
    srv.state.refuseSaves = true;
    const edited = withThreshold(motionFit, SELLING_ARR, 400_000);
    store.getState().editScenario(edited);
    store.getState().setComparedIds([2, 1]);
    await store.getState().runCompare();
    expect(srv.records.get(1)!.scenario).toEqual(motionFit); // the save failed: the workspace still holds the old one
    const expected = expectedComparison(
      [
        { scenario: asIs, baseline: true },
        { scenario: edited, baseline: false },
      ],
      data2,
    );
    expect(store.getState().comparison?.comparison).toEqual(expected);
    const stored = expectedComparison(
      [
        { scenario: asIs, baseline: true },
        { scenario: motionFit, baseline: false },
      ],
      data2,
    );
    expect(expected.scenarios[1]!.perTier).not.toEqual(stored.scenarios[1]!.perTier); // the edit matters
  });

  it('compares again after the open draft is edited (the newest edit is what is compared)', async () => {
    await store.getState().openScenario(1);
    store.getState().setComparedIds([2, 1]);
    await store.getState().runCompare();
    expect(store.getState().comparison?.comparison.scenarios[1]!.perTier).toEqual(expectedComparison([{ scenario: asIs, baseline: true }, { scenario: motionFit, baseline: false }], data2).scenarios[1]!.perTier);
    const edited = withThreshold(motionFit, SELLING_ARR, 400_000);
    store.getState().editScenario(edited);
    await store.getState().runCompare();
    expect(counts.compare).toBe(2); // the comparison of the draft before the edit is stale
    expect(store.getState().comparison?.comparison).toEqual(
      expectedComparison(
        [
          { scenario: asIs, baseline: true },
          { scenario: edited, baseline: false },
        ],
        data2,
      ),
    );
  });

  it('a selection that cannot be compared clears the error and asks nothing of the engine', async () => {
    srv.state.columnsFail = true;
    store.getState().setComparedIds([1, 2]);
    await store.getState().runCompare();
    expect(store.getState().compareError).toMatch(/^The comparison could not be computed: .*the workspace file is locked/);
    expect(store.getState().comparing).toBe(false);
    expect(counts.compare).toBe(1);
    store.getState().setComparedIds([1]);
    await store.getState().runCompare();
    expect(store.getState().compareError).toBeNull();
    expect(store.getState().comparing).toBe(false);
    expect(counts.compare).toBe(1);
    // after an error the same selection is tried again
    srv.state.columnsFail = false;
    store.getState().setComparedIds([1, 2]);
    await store.getState().runCompare();
    expect(store.getState().compareError).toBeNull();
    expect(store.getState().comparison?.ids).toEqual([1, 2]);
  });

  it('diffs the pair: the count of partnerDiff, on the compared dataset', async () => {
    store.getState().setComparedIds([1, 2, 3]);
    await store.getState().runCompare();
    await store.getState().runDiff();
    const expected = partnerDiff(evaluate(asIs, data2), evaluate(motionFit, data2), data2, DIFF_ROW_LIMIT);
    expect(expected.count).toBeGreaterThan(0);
    expect(store.getState().diff?.count).toBe(expected.count);
    expect(store.getState().diff?.rows).toEqual(expected.rows);
    expect(store.getState().diffError).toBeNull();
    expect(store.getState().diffing).toBe(false);
    await store.getState().runDiff();
    expect(counts.diff).toBe(1);

    store.getState().setDiffPair([3, 1]);
    await store.getState().runDiff();
    expect(store.getState().diff?.count).toBe(partnerDiff(evaluate(starter, data2), evaluate(motionFit, data2), data2).count);
    expect(counts.diff).toBe(2);
    // a scenario against itself is no diff
    store.getState().setDiffPair([1, 1]);
    await store.getState().runDiff();
    expect(counts.diff).toBe(2);
  });

  it('keeps a diff pair that is still compared, and replaces one that is not', async () => {
    store.getState().setComparedIds([1, 2, 3]);
    await store.getState().runCompare();
    store.getState().setDiffPair([3, 1]);
    store.getState().setComparedIds([1, 2, 3, 4]);
    store.getState().setCompareDataset(2);
    await store.getState().runCompare();
    expect(store.getState().diffPair).toEqual([3, 1]);
    store.getState().setComparedIds([1, 2]);
    await store.getState().runCompare();
    expect(store.getState().diffPair).toEqual([2, 1]);
  });

  it('presentation mode: enters on the first section with no scenario in focus, clamps sections, steps scenarios round', async () => {
    store.getState().setComparedIds([1, 2, 3]);
    await store.getState().runCompare();
    store.getState().setCompareTab('explore');
    store.getState().enterPresentation();
    expect(store.getState()).toMatchObject({ presenting: true, presentSection: 0, presentScenario: -1, view: 'compare', compareTab: 'side' });
    const step = (sections: number, scenarios: number) => {
      store.getState().stepPresentation(sections, scenarios);
      return [store.getState().presentSection, store.getState().presentScenario];
    };
    const last = PRESENT_SECTIONS.length - 1;
    expect(step(-1, 0)).toEqual([0, -1]);
    expect(step(1, 0)).toEqual([1, -1]);
    expect(step(10, 0)).toEqual([last, -1]);
    expect(step(1, 0)).toEqual([last, -1]);
    // ↓ brings each scenario forward in turn, then none again; ↑ goes back round
    expect(step(0, 1)).toEqual([last, 0]);
    expect(step(0, 1)).toEqual([last, 1]);
    expect(step(0, 1)).toEqual([last, 2]);
    expect(step(0, 1)).toEqual([last, -1]);
    expect(step(0, -1)).toEqual([last, 2]);
    expect(step(-2, -4)).toEqual([last - 2, 2]);
    expect(step(0, -7)).toEqual([last - 2, -1]); // four states: -7 is one step on
    store.getState().leavePresentation();
    expect(store.getState().presenting).toBe(false);
  });

  it('resetCompare clears everything, and an answer still on its way is dropped', async () => {
    store.getState().setComparedIds([1, 2]);
    store.getState().setCompareDataset(2);
    await store.getState().runCompare();
    await store.getState().runDiff();
    store.getState().enterPresentation();
    store.getState().resetCompare();
    expect(store.getState()).toMatchObject({
      compareTab: 'side',
      comparedIds: null,
      compareDatasetId: null,
      comparison: null,
      comparing: false,
      compareError: null,
      diffPair: null,
      diff: null,
      diffing: false,
      diffError: null,
      presenting: false,
      presentSection: 0,
      presentScenario: -1,
    });

    // a comparison in flight when the reset comes never lands
    const gate = deferred<void>();
    const inner = inPageEngine();
    setEngine({
      ...inner,
      compare: async (...a) => {
        await gate.promise;
        return inner.compare(...a);
      },
    });
    store.getState().setComparedIds([1, 3]);
    const running = store.getState().runCompare();
    await vi.waitFor(() => expect(store.getState().comparing).toBe(true)); // once the pending save is flushed
    store.getState().resetCompare();
    gate.resolve();
    await running;
    expect(store.getState().comparison).toBeNull();
    expect(store.getState().comparing).toBe(false);
    expect(store.getState().compareError).toBeNull();
  });
});
