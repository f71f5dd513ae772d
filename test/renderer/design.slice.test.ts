import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { designToTarget, findThreshold, type TargetRequest } from '../../shared/engine';
import { encodeDataset } from '../../shared/ipc/columns';
import type { ScenarioRecordDto } from '../../shared/ipc/contract';
import { ScenarioSchema } from '../../shared/model/scenario';
import { getApi } from '../../renderer/src/api/client';
import { inPageEngine, setEngine } from '../../renderer/src/engine/client';
import { createAppStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, fail, installFakeApi, ok, workspace } from './fake-api';

const motionFit = exampleScenarios().find((s) => s.name === 'Motion-fit ladders')!;
const REQUEST: TargetRequest = { ladderId: 'resale', targets: [{ share: 0.8 }, { share: 0.15 }, { share: 0.05 }], limits: { mdf: 300_000 }, round: 10_000 };

/** A workspace with one list (id 2) and the Motion-fit scenario (id 1) on it. */
function serve(count: number) {
  const data = { ...generatePartners({ seed: 21, count }), label: 'FY2026', asOf: '2026-06-30' };
  const records = new Map<number, ScenarioRecordDto>([[1, { id: 1, datasetId: 2, updatedAt: '2026-11-22T00:00:00Z', scenario: motionFit }]]);
  const summaries = () => [...records.values()].map((r) => ({ id: r.id, name: r.scenario.name, datasetId: r.datasetId, isBaseline: r.scenario.baseline, updatedAt: r.updatedAt }));
  installFakeApi({
    'app:info': () => ok(appInfo('web')),
    'workspace:current': () => ok({ ...workspace('Design', [dataset(2, data.label, count, { metrics: data.metrics, asOf: data.asOf })]), scenarios: summaries() }),
    'workspace:recent': () => ok([]),
    'dataset:columns': (p: unknown) => ((p as { datasetId: number }).datasetId === 2 ? ok(encodeDataset(2, data.label, data)) : fail('not_found', 'no such dataset')),
    'scenario:list': () => ok(summaries()),
    'scenario:get': (p: unknown) => {
      const r = records.get((p as { id: number }).id);
      return r ? ok(r) : fail('not_found', 'no such scenario');
    },
    'scenario:create': (p: unknown) => {
      const { scenario, datasetId } = p as { scenario: unknown; datasetId: number };
      const id = records.size + 1;
      const record = { id, datasetId, updatedAt: '2026-11-22T00:00:00Z', scenario: ScenarioSchema.parse(scenario) };
      records.set(id, record);
      return ok({ ...record, placement: { dataset: data.label, mapped: [], unmapped: [], missingMetrics: [] } });
    },
    'scenario:save': (p: unknown) => {
      const { id, scenario } = p as { id: number; scenario: unknown };
      const record = { ...records.get(id)!, scenario: ScenarioSchema.parse(scenario) };
      records.set(id, record);
      return ok(record);
    },
  });
  return data;
}

async function start(count: number) {
  const data = serve(count);
  setEngine(inPageEngine());
  const store = createAppStore();
  await store.getState().boot();
  await store.getState().openScenario(1);
  return { store, data };
}

describe('the design slice', () => {
  let flush: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await flush?.();
    setEngine(null);
  });

  it('proposes what the shared designToTarget proposes; applying it is one edit that undo takes back', async () => {
    const { store, data } = await start(1200);
    flush = () => store.getState().flushSave();
    await store.getState().runDesign(REQUEST);
    const s = store.getState();
    expect(s.designError).toBeNull();
    expect(s.designing).toBeNull();
    const expected = designToTarget(motionFit, data, REQUEST);
    expect(s.design).toEqual({ ...expected, scenarioId: 1, draft: s.draft, request: REQUEST });
    const moved = expected.tiers.filter((t) => t.threshold && t.threshold.to !== t.threshold.from);
    expect(moved.length).toBeGreaterThan(0);

    const before = store.getState().draft!;
    store.getState().applyDesign();
    const after = store.getState().draft!;
    for (const t of moved) expect(findThreshold(after, { tierId: t.tierId, requirementId: t.threshold!.requirementId })).toMatchObject({ ok: true, value: { value: t.threshold!.to } });
    // the whole proposal is one edit: the fitted scenario, and one undo takes it all back
    expect(after).toEqual(expected.scenario);
    store.getState().undoEdit();
    expect(store.getState().draft).toBe(before);
    store.getState().redoEdit();
    expect(store.getState().draft).toEqual(expected.scenario);
  });

  it('saves the proposal as a new scenario on the same list, leaving the one it was fitted from as it was', async () => {
    const { store, data } = await start(1200);
    flush = () => store.getState().flushSave();
    await store.getState().runDesign(REQUEST);
    const before = store.getState().draft!;
    expect(await store.getState().saveDesignAs()).toBeNull();
    const s = store.getState();
    expect(s.designSaved).toMatchObject({ id: 2, name: 'Motion-fit ladders (fitted)' });
    expect(s.draft).toBe(before);
    expect(s.workspace!.scenarios.map((x) => x.name)).toEqual(['Motion-fit ladders', 'Motion-fit ladders (fitted)']);
    const copy = await getApi().call('scenario:get', { id: 2 });
    expect(copy.scenario.ladders).toEqual(designToTarget(motionFit, data, REQUEST).scenario.ladders);
    // a second copy takes the next free name
    await store.getState().runDesign(REQUEST);
    await store.getState().saveDesignAs();
    expect(store.getState().designSaved!.name).toBe('Motion-fit ladders (fitted) (2)');
  });

  it('says what is wrong with a request the engine refuses', async () => {
    const { store } = await start(300);
    flush = () => store.getState().flushSave();
    await store.getState().runDesign({ ladderId: 'resale', targets: [{ share: 0.9 }, { share: 0.2 }] });
    expect(store.getState().design).toBeNull();
    expect(store.getState().designError).toBe('The design could not be computed: The target shares add up to 110%, more than every partner on the ladder.');
  });

  it('reports progress while it works, and Cancel stops it with nothing proposed', async () => {
    const { store } = await start(40_000);
    flush = () => store.getState().flushSave();
    const fractions: number[] = [];
    const unsubscribe = store.subscribe((s) => {
      if (s.designing) fractions.push(s.designing.fraction);
      if (s.designing && s.designing.fraction > 0) s.cancelDesign();
    });
    await store.getState().runDesign({ ...REQUEST, limits: { mdf: 1 } });
    unsubscribe();
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    expect(store.getState().design).toBeNull();
    expect(store.getState().designing).toBeNull();
    expect(store.getState().designError).toBe('Stopped: no thresholds were proposed.');
  });
});
