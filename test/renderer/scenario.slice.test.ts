import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { evaluate } from '../../shared/engine';
import { encodeDataset } from '../../shared/ipc/columns';
import type { ScenarioRecordDto } from '../../shared/ipc/contract';
import { ScenarioSchema, type Scenario } from '../../shared/model/scenario';
import { inPageEngine, setEngine } from '../../renderer/src/engine/client';
import { blankScenario, endTyping, TYPING_PAUSE_MS, typingInto } from '../../renderer/src/stores/scenario.slice';
import { createAppStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, fail, installFakeApi, ok, workspace, type FakeApi } from './fake-api';

const data = generatePartners({ seed: 9, count: 400 });
const motionFit = exampleScenarios().find((s) => s.name === 'Motion-fit ladders')!;

/** A scenario store in memory behind the fake API, like the workspace's. */
function scenarioServer(initial: Scenario[]) {
  const records = new Map<number, ScenarioRecordDto>();
  initial.forEach((scenario, i) => records.set(i + 1, { id: i + 1, datasetId: 1, updatedAt: '2026-11-22T00:00:00Z', scenario }));
  let saves = 0;
  let refuseSaves = false;
  const list = () => [...records.values()].map((r) => ({ id: r.id, name: r.scenario.name, datasetId: r.datasetId, isBaseline: r.scenario.baseline, updatedAt: r.updatedAt }));
  return {
    records,
    saves: () => saves,
    refuse: (on: boolean) => (refuseSaves = on),
    answers: {
      'app:info': () => ok(appInfo('web')),
      'workspace:current': () => ok({ ...workspace('Sample', [dataset(1, 'FY2026', data.partners.length, { metrics: data.metrics })]), scenarios: list() }),
      'workspace:recent': () => ok([]),
      'dataset:columns': () => ok(encodeDataset(1, 'FY2026', data)),
      'scenario:list': () => ok(list()),
      'scenario:get': (p: unknown) => {
        const r = records.get((p as { id: number }).id);
        return r ? ok(r) : fail('not_found', 'no such scenario');
      },
      'scenario:save': (p: unknown) => {
        const { id, scenario } = p as { id: number; scenario: unknown };
        if (refuseSaves) return fail('io', 'the disk is full');
        const parsed = ScenarioSchema.parse(scenario);
        saves += 1;
        const record = { ...records.get(id)!, scenario: parsed, updatedAt: `2026-11-22T00:00:0${saves % 10}Z` };
        records.set(id, record);
        return ok(record);
      },
      'scenario:create': (p: unknown) => {
        const id = records.size + 1;
        const record = { id, datasetId: 1, updatedAt: '2026-11-22T00:00:00Z', scenario: ScenarioSchema.parse((p as { scenario: unknown }).scenario) };
        records.set(id, record);
        return ok({ ...record, placement: { dataset: 'FY2026', mapped: [], unplaced: [], missingMetrics: [] } });
      },
    },
  };
}

/** The motion-fit scenario with the Selling ARR threshold at `value`. */
function withSellingArr(s: Scenario, value: number): Scenario {
  return {
    ...s,
    ladders: s.ladders.map((l) =>
      l.id !== 'resale'
        ? l
        : {
            ...l,
            tiers: l.tiers.map((t) =>
              t.id !== 'selling' || t.requirement?.type !== 'all'
                ? t
                : { ...t, requirement: { ...t.requirement, items: t.requirement.items.map((r) => (r.id === 'selling_arr' && r.type === 'compare' ? { ...r, value } : r)) } },
            ),
          },
    ),
  };
}

const sellingCount = (store: ReturnType<typeof createAppStore>) =>
  store.getState().evaluation?.summary.distribution.find((r) => r.motion === 'reseller' && r.tierId === 'selling')?.count;
const expectedSelling = (s: Scenario) => evaluate(s, data).distribution.find((r) => r.motion === 'reseller' && r.tierId === 'selling')?.count;

describe('the scenario being edited', () => {
  let server: ReturnType<typeof scenarioServer>;
  let fake: FakeApi;
  let store: ReturnType<typeof createAppStore>;

  beforeEach(async () => {
    server = scenarioServer([motionFit, { ...blankScenario('Blank'), name: 'Blank' }]);
    fake = installFakeApi(server.answers);
    setEngine(inPageEngine());
    store = createAppStore();
    await store.getState().boot();
  });
  afterEach(() => setEngine(null));

  it('opens a scenario and evaluates it on its dataset, loading the columns once', async () => {
    await store.getState().openScenario(1);
    expect(store.getState().draft?.name).toBe('Motion-fit ladders');
    expect(store.getState().evaluation?.summary.partnerCount).toBe(400);
    expect(sellingCount(store)).toBe(expectedSelling(motionFit));
    await store.getState().openScenario(2);
    await store.getState().openScenario(1);
    expect(fake.channels().filter((c) => c === 'dataset:columns')).toHaveLength(1);
  });

  it('re-evaluates on every edit, saves it, and undo / redo walk the edits back and forth', async () => {
    await store.getState().openScenario(1);
    const before = sellingCount(store);
    const raised = withSellingArr(motionFit, 400_000);
    store.getState().editScenario(raised);
    await store.getState().evaluateDraft();
    expect(sellingCount(store)).toBe(expectedSelling(raised));
    expect(sellingCount(store)).not.toBe(before);
    expect(store.getState().saveState).toBe('pending');
    await store.getState().flushSave();
    expect(store.getState().saveState).toBe('saved');
    expect(server.records.get(1)!.scenario).toEqual(ScenarioSchema.parse(raised));

    store.getState().undoEdit();
    await store.getState().evaluateDraft();
    expect(store.getState().draft).toEqual(motionFit);
    expect(sellingCount(store)).toBe(before);
    await store.getState().flushSave();
    expect(server.records.get(1)!.scenario).toEqual(motionFit);

    store.getState().redoEdit();
    await store.getState().evaluateDraft();
    expect(sellingCount(store)).toBe(expectedSelling(raised));
  });

  it("keeps only the newest of quick edits: the outcome shown is the last draft's", async () => {
    await store.getState().openScenario(1);
    const values = [10_000, 20_000, 300_000, 90_000];
    for (const v of values) store.getState().editScenario(withSellingArr(store.getState().draft!, v));
    await store.getState().evaluateDraft();
    await store.getState().flushSave();
    expect(sellingCount(store)).toBe(expectedSelling(withSellingArr(motionFit, 90_000)));
    expect(server.saves()).toBe(1); // the edits came faster than the save delay
  });

  it('starts a fresh history for each scenario opened', async () => {
    await store.getState().openScenario(1);
    store.getState().editScenario(withSellingArr(motionFit, 1));
    await store.getState().openScenario(2);
    store.getState().undoEdit();
    expect(store.getState().draft?.name).toBe('Blank');
  });

  it('keeps the draft and says why when a save fails', async () => {
    await store.getState().openScenario(1);
    server.refuse(true);
    const edited = withSellingArr(motionFit, 123);
    store.getState().editScenario(edited);
    await store.getState().flushSave();
    expect(store.getState().saveState).toBe('error');
    expect(store.getState().saveError).toMatch(/Not saved: the disk is full/);
    expect(store.getState().draft).toBe(edited);
  });

  it('creates a blank scenario that opens with an entry tier holding everyone', async () => {
    expect(await store.getState().createBlank('Fresh')).toBeNull();
    expect(store.getState().placementNote).toMatchObject({ how: 'created', placement: { dataset: 'FY2026' } });
    expect(store.getState().fitOpen).toBe(false);
    expect(store.getState().draft?.name).toBe('Fresh');
    expect(store.getState().workspace?.scenarios.map((s) => s.name)).toContain('Fresh');
    const row = store.getState().evaluation?.summary.distribution.find((r) => r.motion === '*' && r.tierId === 'registered');
    expect(row?.count).toBe(400);
  });
});

describe('undo like a document app: one step per field edit', () => {
  let store: ReturnType<typeof createAppStore>;
  let clock: number;
  const past = () => store.temporal.getState().pastStates.length;
  const selling = () => {
    const tier = store.getState().draft!.ladders.find((l) => l.id === 'resale')!.tiers.find((t) => t.id === 'selling')!;
    const req = tier.requirement!;
    const leaf = req.type === 'all' ? req.items.find((r) => r.id === 'selling_arr') : undefined;
    return leaf?.type === 'compare' ? leaf.value : undefined;
  };
  /** Typing `text` into field `field` a character at a time, `gap` ms apart; each valid prefix edits the threshold (as the fields do). */
  const type = (field: string, text: string, gap = 100) => {
    for (let i = 1; i <= text.length; i += 1) {
      clock += gap;
      typingInto(field, 'type', () => store.getState().editScenario(withSellingArr(store.getState().draft!, Number(text.slice(0, i)))));
    }
  };

  beforeEach(async () => {
    installFakeApi(scenarioServer([motionFit]).answers);
    setEngine(inPageEngine());
    store = createAppStore();
    await store.getState().boot();
    await store.getState().openScenario(1);
    clock = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(async () => {
    endTyping();
    vi.restoreAllMocks();
    await store.getState().flushSave();
    setEngine(null);
  });

  it('typing a number is one step: one undo restores the value before it, one redo the whole number', () => {
    expect(selling()).toBe(50_000);
    type('selling-arr', '250000');
    expect(selling()).toBe(250_000);
    expect(past()).toBe(1);
    store.getState().undoEdit();
    expect(selling()).toBe(50_000);
    expect(store.getState().draft).toBe(motionFit);
    store.getState().redoEdit();
    expect(selling()).toBe(250_000);
  });

  it('a pause in the typing, leaving the field or another field starts a new step; other edits are a step each', () => {
    type('selling-arr', '25');
    clock += TYPING_PAUSE_MS;
    type('selling-arr', '250');
    expect(past()).toBe(2);
    endTyping(); // the field lost focus
    type('selling-arr', '2500');
    expect(past()).toBe(3);
    type('other-field', '7');
    expect(past()).toBe(4);
    // an edit that is not typing (a select, a drag, an applied value) is its own step, and ends the typing's
    store.getState().editScenario(withSellingArr(store.getState().draft!, 9));
    type('other-field', '70');
    expect(past()).toBe(6);
    for (const expected of [9, 7, 2500, 250, 25, 50_000]) {
      store.getState().undoEdit();
      expect(selling()).toBe(expected);
    }
  });

  it("the field's own undo steps the history back with its text, so the app's next undo goes further", () => {
    store.getState().editScenario(withSellingArr(motionFit, 60_000)); // an earlier edit
    const earlier = store.getState().draft;
    type('selling-arr', '250000');
    clock += TYPING_PAUSE_MS * 2;
    type('selling-arr', '2500001', 100); // typed on after a pause: a second step
    expect(past()).toBe(3);
    // the browser's undo takes the whole typing of this visit back (a new but equal draft is reported)
    typingInto('selling-arr', 'undo', () => store.getState().editScenario(withSellingArr(motionFit, 60_000)));
    expect(store.getState().draft).toBe(earlier);
    expect(past()).toBe(1);
    // its redo brings it back, as far as the text goes
    typingInto('selling-arr', 'redo', () => store.getState().editScenario(withSellingArr(motionFit, 2_500_001)));
    expect(selling()).toBe(2_500_001);
    expect(past()).toBe(3);
    typingInto('selling-arr', 'undo', () => store.getState().editScenario(withSellingArr(motionFit, 60_000)));
    // then the app's undo: the edit before the typing
    store.getState().undoEdit();
    expect(store.getState().draft).toBe(motionFit);
  });

  it("the field's undo to a text the history does not hold is a step of its own, which a further undo passes", () => {
    type('selling-arr', '250000');
    typingInto('selling-arr', 'undo', () => store.getState().editScenario(withSellingArr(store.getState().draft!, 2_500)));
    expect(past()).toBe(2);
    typingInto('selling-arr', 'undo', () => store.getState().editScenario(withSellingArr(motionFit, 50_000)));
    expect(store.getState().draft).toBe(motionFit);
    expect(past()).toBe(0);
  });
});

describe('the scenario being edited, across workspaces', () => {
  afterEach(() => setEngine(null));

  it('saves a pending edit before another workspace opens, then forgets the draft and reloads the dataset of the same id', async () => {
    const server = scenarioServer([motionFit]);
    const other = generatePartners({ seed: 99, count: 50 });
    let opened = false;
    const fake = installFakeApi({
      ...server.answers,
      'workspace:open': () => {
        opened = true;
        return ok({ ...workspace('Other', [dataset(1, 'FY2026', 50, { metrics: other.metrics, importedAt: '2026-11-23T00:00:00Z' })]), scenarios: [] });
      },
      'dataset:columns': () => ok(encodeDataset(1, 'FY2026', opened ? other : data)),
    });
    setEngine(inPageEngine());
    const store = createAppStore();
    await store.getState().boot();
    await store.getState().openScenario(1);
    store.getState().editScenario(withSellingArr(motionFit, 77_000));
    expect(await store.getState().openWorkspace('/w/Other.tierscape')).toBe(true);
    // the edit reached the first workspace before the switch
    expect(server.records.get(1)!.scenario).toEqual(ScenarioSchema.parse(withSellingArr(motionFit, 77_000)));
    expect(fake.channels().indexOf('scenario:save')).toBeLessThan(fake.channels().indexOf('workspace:open'));
    expect(store.getState().draft).toBeNull();
    expect(store.getState().evaluation).toBeNull();
    // dataset 1 of the other workspace is another dataset: loaded again, not reused
    store.setState({ activeScenario: { id: 1, datasetId: 1 }, draft: motionFit });
    await store.getState().evaluateDraft();
    expect(store.getState().evaluation?.summary.partnerCount).toBe(50);
  });
});
