import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generateSnapshots, type GeneratedDataset } from '../../scenarios/generator';
import { evaluate, ladderInfosOf, findThreshold, goalSeek, sweep, sweepValues, withThreshold, type ThresholdRef, metricsRead, otherIdSpace, replay } from '../../shared/engine';
import { encodeDataset } from '../../shared/ipc/columns';
import type { ScenarioRecordDto } from '../../shared/ipc/contract';
import { ScenarioSchema, type Scenario } from '../../shared/model/scenario';
import type { DatasetSummary, ScenarioSummary } from '../../shared/model/workspace';
import { inPageEngine, setEngine, type EngineClient } from '../../renderer/src/engine/client';
import { currentReplayPlan, overlapKey, planReplay } from '../../renderer/src/stores/replay-plan';
import { checkRange, defaultRange, dragStep, MAX_STEPS, MIN_STEPS, snapToStep, sweepKey } from '../../renderer/src/stores/sweep-range';
import { createAppStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, fail, installFakeApi, ok, workspace } from './fake-api';

const examples = exampleScenarios();
const byName = (name: string) => examples.find((s) => s.name === name)!;
const motionFit = byName('Motion-fit ladders');
const starter = byName('Two-tier starter');
const SELLING_ARR: ThresholdRef = { tierId: 'selling', requirementId: 'selling_arr' };
const SPECIALIST_ARR: ThresholdRef = { tierId: 'specialist', requirementId: 'specialist_arr' };
const valueOf = (s: Scenario, ref: ThresholdRef) => {
  const found = findThreshold(s, ref);
  if (!found.ok) throw new Error(found.error);
  return found.value.value;
};

// ---------------------------------------------------------------------------------------
// checkRange, defaultRange, sweepKey

describe('checkRange', () => {
  it('explains what is wrong with a range, and accepts a good one either way round', () => {
    expect(checkRange({ from: Number.NaN, to: 10, steps: 5 })).toBe('Enter a number for both ends of the range.');
    expect(checkRange({ from: 0, to: Number.POSITIVE_INFINITY, steps: 5 })).toBe('Enter a number for both ends of the range.');
    expect(checkRange({ from: 7, to: 7, steps: 5 })).toBe('The range needs two different ends.');
    const steps = `Steps are a whole number from ${MIN_STEPS} to ${MAX_STEPS}.`;
    expect(steps).toBe('Steps are a whole number from 2 to 101.');
    for (const bad of [1, 102, 2.5, Number.NaN, 0, -3]) expect(checkRange({ from: 0, to: 10, steps: bad })).toBe(steps);
    for (const good of [2, 21, 101]) expect(checkRange({ from: 0, to: 10, steps: good })).toBeNull();
    expect(checkRange({ from: 10, to: -10, steps: 3 })).toBeNull();
  });
});

describe('defaultRange', () => {
  it('spans 0 to twice the value, lowest first; 0 to 1 around zero', () => {
    expect(defaultRange(50_000)).toEqual({ from: 0, to: 100_000, steps: 21 });
    expect(defaultRange(-100)).toEqual({ from: -200, to: 0, steps: 21 });
    expect(defaultRange(0)).toEqual({ from: 0, to: 1, steps: 21 });
    for (const v of [3, -3, 0.8, 0]) expect(checkRange(defaultRange(v))).toBeNull();
  });
});

describe('sweepKey', () => {
  const range = { from: 1, to: 2, steps: 5 };

  it('is the same for drafts that differ only in the swept threshold', () => {
    const key = sweepKey(motionFit, SELLING_ARR, 'ds', range);
    expect(sweepKey(withThreshold(motionFit, SELLING_ARR, 123_456), SELLING_ARR, 'ds', range)).toBe(key);
    expect(sweepKey(withThreshold(motionFit, SELLING_ARR, 0), SELLING_ARR, 'ds', range)).toBe(key);
  });

  it('differs for another threshold value, another threshold, dataset or range', () => {
    const key = sweepKey(motionFit, SELLING_ARR, 'ds', range);
    expect(sweepKey(withThreshold(motionFit, SPECIALIST_ARR, 1), SELLING_ARR, 'ds', range)).not.toBe(key);
    expect(sweepKey({ ...motionFit, name: 'Renamed' }, SELLING_ARR, 'ds', range)).not.toBe(key);
    expect(sweepKey(motionFit, SPECIALIST_ARR, 'ds', range)).not.toBe(key);
    expect(sweepKey(motionFit, SELLING_ARR, 'other', range)).not.toBe(key);
    expect(sweepKey(motionFit, SELLING_ARR, 'ds', { ...range, steps: 6 })).not.toBe(key);
    expect(sweepKey(motionFit, SELLING_ARR, 'ds', { ...range, to: 3 })).not.toBe(key);
  });
});

describe('dragStep and snapToStep', () => {
  it('step a drag by 1, 2 or 5 times a power of ten, about a 400th of the range', () => {
    expect(dragStep({ from: 0, to: 100_000 })).toBe(500);
    expect(dragStep({ from: 0, to: 500_000 })).toBe(2_000);
    expect(dragStep({ from: 100, to: -100 })).toBe(0.5);
    expect(dragStep({ from: 0, to: 1 })).toBe(0.005);
    expect(dragStep({ from: 0, to: 400 })).toBe(1);
    expect(dragStep({ from: 3, to: 3 })).toBe(1);
    expect(dragStep({ from: 0, to: Number.NaN })).toBe(1);
    for (const to of [1, 7, 123, 99_999, 3e9]) {
      const step = dragStep({ from: 0, to });
      expect(to / step).toBeLessThanOrEqual(400);
      expect(to / step).toBeGreaterThan(80);
    }
  });

  it('snap values to the step without binary fractions', () => {
    expect(snapToStep(62_537.59, 500)).toBe(62_500);
    expect(snapToStep(0.1 + 0.2, 0.005)).toBe(0.3);
    expect(snapToStep(0.30000000000000004, 0.1)).toBe(0.3);
    expect(snapToStep(-7.26, 0.5)).toBe(-7.5);
  });
});

// ---------------------------------------------------------------------------------------
// The store

const snapshots = generateSnapshots({ seed: 12, count: 300, years: 3 }); // FY2024, FY2025, FY2026
/**
 * The workspace lists its datasets FY2024 (id 3), FY2025 (id 1), FY2026 (id 2): its order
 * is not the ids' order. Scenarios 1 (motion-fit) and 2 (starter) are on FY2026.
 */
const LISTED: { id: number; data: GeneratedDataset }[] = [
  { id: 3, data: snapshots[0]! },
  { id: 1, data: snapshots[1]! },
  { id: 2, data: snapshots[2]! },
];
const current = snapshots[2]!;
/** A list a user imported: other metrics, other partner IDs, dated as FY2026 (so after it: imported later). */
const ACME: { id: number; data: GeneratedDataset } = {
  id: 4,
  data: {
    label: 'ACME FY2026',
    asOf: current.asOf,
    metrics: [{ key: 'bookings', label: 'Bookings', kind: 'currency', unit: null }],
    partners: Array.from({ length: 57 }, (_, i) => ({ id: `ACME-${i + 1}`, name: `Acme ${i + 1}`, motion: 'reseller', currentTier: null, region: null, segment: null, owner: null })),
    values: [Float64Array.from({ length: 57 }, (_, i) => i * 1000)],
  },
};

function server(listed = LISTED) {
  const datasets: DatasetSummary[] = listed.map((d) => dataset(d.id, d.data.label, d.data.partners.length, { metrics: d.data.metrics, asOf: d.data.asOf }));
  const records = new Map<number, ScenarioRecordDto>();
  [motionFit, starter].forEach((scenario, i) => records.set(i + 1, { id: i + 1, datasetId: 2, updatedAt: '2026-11-22T00:00:00Z', scenario }));
  let saves = 0;
  const list = (): ScenarioSummary[] =>
    [...records.values()].map((r) => ({ id: r.id, name: r.scenario.name, datasetId: r.datasetId, isBaseline: r.scenario.baseline, updatedAt: r.updatedAt }));
  return {
    records,
    answers: {
      'app:info': () => ok(appInfo('web')),
      'workspace:current': () => ok({ ...workspace('Explore', datasets), scenarios: list() }),
      'workspace:recent': () => ok([]),
      'dataset:columns': (p: unknown) => {
        const id = (p as { datasetId: number }).datasetId;
        const found = listed.find((d) => d.id === id);
        return found ? ok(encodeDataset(id, found.data.label, found.data)) : fail('not_found', 'no such dataset');
      },
      'scenario:list': () => ok(list()),
      'scenario:get': (p: unknown) => {
        const r = records.get((p as { id: number }).id);
        return r ? ok(r) : fail('not_found', 'no such scenario');
      },
      'scenario:save': (p: unknown) => {
        const { id, scenario } = p as { id: number; scenario: unknown };
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
  const counts = { sweep: 0, goalSeek: 0, replay: 0 };
  const engine: EngineClient = {
    ...inner,
    sweep: (...a) => {
      counts.sweep += 1;
      return inner.sweep(...a);
    },
    goalSeek: (...a) => {
      counts.goalSeek += 1;
      return inner.goalSeek(...a);
    },
    replay: (...a) => {
      counts.replay += 1;
      return inner.replay(...a);
    },
  };
  return { engine, counts };
}

/** Partners of the threshold's ladder at its tier, in a fresh evaluation. */
function countInTier(s: Scenario, ref: ThresholdRef): number {
  const found = findThreshold(s, ref);
  if (!found.ok) throw new Error(found.error);
  const o = evaluate(s, current);
  let count = 0;
  for (let p = 0; p < o.partnerCount; p += 1) if (o.ladderIndex[p] === found.value.ladderIndex && o.level[p] === found.value.level) count += 1;
  return count;
}

const replayOver = (s: Scenario, list = LISTED) => replay(s, list.map((d) => ({ label: d.data.label, asOf: d.data.asOf, data: d.data })));

describe('the explore slice', () => {
  let srv: ReturnType<typeof server>;
  let counts: ReturnType<typeof countingEngine>['counts'];
  let store: ReturnType<typeof createAppStore>;

  async function start(listed = LISTED) {
    srv = server(listed);
    installFakeApi(srv.answers);
    const counting = countingEngine();
    counts = counting.counts;
    setEngine(counting.engine);
    store = createAppStore();
    await store.getState().boot();
  }

  beforeEach(() => start());
  afterEach(async () => {
    await store.getState().flushSave();
    setEngine(null);
  });

  it('picks a threshold with a range around its value, and sweeps it: the points of the shared sweep', async () => {
    await store.getState().openScenario(1);
    store.getState().setSweepRef(SELLING_ARR);
    expect(store.getState().sweepRange).toEqual({ from: 0, to: 100_000, steps: 21 });
    store.getState().setSweepRange({ from: 10_000, to: 410_000, steps: 9 });
    await store.getState().runSweep();
    const s = store.getState();
    expect(s.sweepError).toBeNull();
    expect(s.sweeping).toBe(false);
    expect(s.sweep?.points).toEqual(sweep(motionFit, current, SELLING_ARR, sweepValues(10_000, 410_000, 9)));
    expect(s.sweep?.points.map((p) => p.value)).toEqual([10_000, 60_000, 110_000, 160_000, 210_000, 260_000, 310_000, 360_000, 410_000]);
    expect(s.sweep?.info).toMatchObject({ tierName: 'Selling', metric: 'sourced_arr', op: '>=', value: 50_000 });
    expect(counts.sweep).toBe(1);
  });

  it('sweeps again only when something other than the swept threshold changes', async () => {
    await store.getState().openScenario(1);
    store.getState().setSweepRef(SELLING_ARR);
    await store.getState().runSweep();
    await store.getState().runSweep();
    expect(counts.sweep).toBe(1);
    // applying a value of the swept threshold leaves the sweep as it is
    store.getState().applyThreshold(SELLING_ARR, 70_000);
    await store.getState().runSweep();
    expect(counts.sweep).toBe(1);
    // another threshold changes the outcome at every point
    store.getState().applyThreshold(SPECIALIST_ARR, 100_000);
    await store.getState().runSweep();
    expect(counts.sweep).toBe(2);
    const { from, to, steps } = store.getState().sweepRange!;
    expect(store.getState().sweep?.points).toEqual(sweep(store.getState().draft!, current, SELLING_ARR, sweepValues(from, to, steps)));
    // a bad range is not swept
    store.getState().setSweepRange({ from: 1, to: 1, steps: 5 });
    await store.getState().runSweep();
    expect(counts.sweep).toBe(2);
  });

  it('says so when the swept threshold is no longer in the draft', async () => {
    await store.getState().openScenario(1);
    store.setState({ sweepRef: { tierId: 'selling', requirementId: 'gone' }, sweepRange: { from: 0, to: 1, steps: 3 } });
    await store.getState().runSweep();
    expect(store.getState().sweepError).toBe('The threshold is no longer in this scenario; pick another.');
    expect(store.getState().sweep).toBeNull();
    expect(counts.sweep).toBe(0);
    store.getState().setSweepRef({ tierId: 'selling', requirementId: 'gone' });
    expect(store.getState().sweepRange).toBeNull();
    expect(store.getState().sweepError).toBeNull();
  });

  it('applies a threshold to the draft as an edit that undo takes back', async () => {
    await store.getState().openScenario(1);
    const before = store.getState().draft!;
    store.getState().applyThreshold(SELLING_ARR, 123_000);
    expect(valueOf(store.getState().draft!, SELLING_ARR)).toBe(123_000);
    expect(store.getState().draft).toEqual(withThreshold(before, SELLING_ARR, 123_000));
    expect(store.getState().saveState).toBe('pending');
    store.getState().undoEdit();
    expect(store.getState().draft).toBe(before);
    expect(valueOf(store.getState().draft!, SELLING_ARR)).toBe(50_000);
    store.getState().redoEdit();
    expect(valueOf(store.getState().draft!, SELLING_ARR)).toBe(123_000);
    // a reference that is not a threshold of the draft changes nothing
    const now = store.getState().draft;
    store.getState().applyThreshold({ tierId: 'strategic', requirementId: 'strategic_practice' }, 1);
    store.getState().applyThreshold({ tierId: 'nope', requirementId: 'selling_arr' }, 1);
    expect(store.getState().draft).toBe(now);
  });

  it('goal seek answers as the shared goalSeek, and applying its value puts that many partners in the tier', async () => {
    await store.getState().openScenario(1);
    const draft = store.getState().draft!;
    await store.getState().runGoalSeek(SELLING_ARR, { count: 25 });
    const expected = goalSeek(draft, current, SELLING_ARR, { count: 25 });
    const goal = store.getState().goal!;
    expect(goal).toEqual({ ...expected, ref: SELLING_ARR, scenarioId: 1 });
    expect(store.getState().seeking).toBe(false);
    expect(store.getState().goalError).toBeNull();
    expect(countInTier(draft, SELLING_ARR)).not.toBe(goal.achieved); // the seek changes something
    store.getState().applyThreshold(SELLING_ARR, goal.value);
    expect(countInTier(store.getState().draft!, SELLING_ARR)).toBe(goal.achieved);
    // the store's own evaluation agrees
    await store.getState().evaluateDraft();
    const row = store.getState().evaluation?.summary.distribution.find((r) => r.motion === 'reseller' && r.tierId === 'selling');
    expect(row?.count).toBe(goal.achieved);

    await store.getState().runGoalSeek(SPECIALIST_ARR, { share: 0.1 });
    const byShare = store.getState().goal!;
    expect(byShare).toEqual({ ...goalSeek(store.getState().draft!, current, SPECIALIST_ARR, { share: 0.1 }), ref: SPECIALIST_ARR, scenarioId: 1 });
    store.getState().applyThreshold(SPECIALIST_ARR, byShare.value);
    expect(countInTier(store.getState().draft!, SPECIALIST_ARR)).toBe(byShare.achieved);
  });

  it('goal seek offers round thresholds; applying one is one undo step and puts the count it promised in the tier', async () => {
    await store.getState().openScenario(1);
    const draft = store.getState().draft!;
    await store.getState().runGoalSeek(SELLING_ARR, { count: 3 });
    const goal = store.getState().goal!;
    expect(goal.offers.length).toBeGreaterThan(0);
    for (const offer of goal.offers) expect(offer.count).toBe(countInTier(withThreshold(draft, SELLING_ARR, offer.value), SELLING_ARR));
    const offer = goal.offers.find((o) => o.value !== goal.value)!;
    const steps = store.temporal.getState().pastStates.length;
    store.getState().applyThreshold(goal.ref, offer.value);
    expect(valueOf(store.getState().draft!, SELLING_ARR)).toBe(offer.value);
    expect(store.temporal.getState().pastStates.length).toBe(steps + 1);
    await store.getState().evaluateDraft();
    expect(store.getState().evaluation?.summary.distribution.find((r) => r.motion === 'reseller' && r.tierId === 'selling')?.count).toBe(offer.count);
    store.getState().undoEdit();
    expect(store.getState().draft).toBe(draft);
  });

  it('a new or unreadable target drops the last answer, and an answer still coming for the old one', async () => {
    await store.getState().openScenario(1);
    await store.getState().runGoalSeek(SELLING_ARR, { count: 25 });
    expect(store.getState().goal).not.toBeNull();
    store.getState().clearGoal();
    expect(store.getState().goal).toBeNull();
    const running = store.getState().runGoalSeek(SELLING_ARR, { count: 30 });
    store.getState().clearGoal();
    await running;
    expect(store.getState()).toMatchObject({ goal: null, seeking: false, goalError: null });
  });

  it('goal seek on something that is not a threshold says why', async () => {
    await store.getState().openScenario(1);
    await store.getState().runGoalSeek({ tierId: 'nope', requirementId: 'x' }, { count: 3 });
    expect(store.getState().goal).toBeNull();
    expect(store.getState().goalError).toBe('Goal seek could not run: No tier has the id "nope".');
    expect(store.getState().seeking).toBe(false);
  });

  it('replays a stored scenario over the datasets in date order', async () => {
    store.getState().setReplayScenario(2);
    await store.getState().runReplay();
    const r = store.getState().replay!;
    expect(store.getState().replayError).toBeNull();
    expect(store.getState().replaying).toBe(false);
    expect(r.scenarioId).toBe(2);
    expect(r.cycles).toEqual(replayOver(starter));
    expect(r.cycles.map((c) => c.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    expect(r.ladders).toEqual(ladderInfosOf(starter));
    await store.getState().runReplay();
    expect(counts.replay).toBe(1);
  });

  it('replays the open draft, edit included', async () => {
    await store.getState().openScenario(1);
    const edited = withThreshold(motionFit, SELLING_ARR, 300_000);
    store.getState().editScenario(edited);
    store.getState().setReplayScenario(1);
    await store.getState().runReplay();
    expect(store.getState().replay?.cycles).toEqual(replayOver(edited));
    expect(replayOver(edited)).not.toEqual(replayOver(motionFit));
  });

  it('replays again after the open draft is edited', async () => {
    await store.getState().openScenario(1);
    store.getState().setReplayScenario(1);
    await store.getState().runReplay();
    expect(store.getState().replay?.cycles).toEqual(replayOver(motionFit));
    const edited = withThreshold(motionFit, SELLING_ARR, 300_000);
    store.getState().editScenario(edited);
    await store.getState().runReplay();
    expect(counts.replay).toBe(2); // the replay of the draft before the edit is stale
    expect(store.getState().replay?.cycles).toEqual(replayOver(edited));
  });

  it('replay needs two datasets or more', async () => {
    await start([LISTED[2]!]);
    store.getState().setReplayScenario(1);
    await store.getState().runReplay();
    expect(store.getState().replay).toBeNull();
    expect(store.getState().replaying).toBe(false);
    expect(counts.replay).toBe(0);

    await start(LISTED.slice(1));
    store.getState().setReplayScenario(1);
    await store.getState().runReplay();
    expect(counts.replay).toBe(1);
    expect(store.getState().replay?.cycles).toEqual(replayOver(motionFit, LISTED.slice(1)));
  });

  describe('the lists replayed', () => {
    const labels = (plan: ReturnType<typeof currentReplayPlan>) => plan!.rows.map((r) => `${r.chosen ? '+' : '-'}${r.list.label}`);

    it('by default leaves out a list without the metrics the scenario reads, and names the lists it replayed', async () => {
      await start([ACME, ...LISTED]);
      store.getState().setReplayScenario(1);
      await store.getState().runReplay();
      const plan = currentReplayPlan(store.getState())!;
      expect(plan.reference?.label).toBe('FY2026');
      expect(plan.read.map((m) => m.key)).toEqual(metricsRead(motionFit, current.metrics).map((m) => m.key));
      expect(labels(plan)).toEqual(['+FY2024', '+FY2025', '+FY2026', '-ACME FY2026']);
      expect(plan.rows[3]!.missing.map((m) => m.key)).toContain('sourced_arr');
      expect(plan.picked).toBe(false);
      const r = store.getState().replay!;
      expect(r.datasets.map((d) => d.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
      expect(r.cycles).toEqual(replayOver(motionFit));
      // ACME was checked against FY2026, the cycle it would follow, before anyone added it
      expect(plan.rows[3]!.neighbour?.label).toBe('FY2026');
      const overlap = store.getState().replayOverlaps[overlapKey(store.getState().workspace, ACME.id, 2)]!;
      expect(overlap).toEqual({ shared: 0, ids: 57, otherIds: 300 });
      expect(otherIdSpace(overlap)).toBe(true);
      expect(store.getState().replayOverlaps[overlapKey(store.getState().workspace, 1, 3)]).toEqual({ shared: 300, ids: 300, otherIds: 300 });
    });

    it('replays over the lists ticked, in the order shown; fewer than two replay nothing', async () => {
      await start([ACME, ...LISTED]);
      store.getState().setReplayScenario(1);
      await store.getState().runReplay();
      const s = () => store.getState();

      s().pickReplayList(ACME.id, true);
      s().moveReplayList(3, 1); // FY2024 below FY2025
      expect(labels(currentReplayPlan(s()))).toEqual(['+FY2025', '+FY2024', '+FY2026', '+ACME FY2026']);
      await s().runReplay();
      expect(s().replay!.datasets.map((d) => d.label)).toEqual(['FY2025', 'FY2024', 'FY2026', 'ACME FY2026']);
      expect(s().replay!.cycles).toEqual(replayOver(motionFit, [LISTED[1]!, LISTED[0]!, LISTED[2]!, ACME]));
      expect(s().replay!.cycles[3]).toMatchObject({ label: 'ACME FY2026', partners: 57 });

      // moving past either end does nothing; the pick belongs to its scenario
      s().moveReplayList(1, -1);
      expect(currentReplayPlan(s())!.rows[0]!.list.label).toBe('FY2025');
      s().setReplayScenario(2);
      await s().runReplay();
      expect(labels(currentReplayPlan(s()))).toEqual(['+FY2024', '+FY2025', '+FY2026', '-ACME FY2026']);
      s().setReplayScenario(1);
      await s().runReplay();
      expect(currentReplayPlan(s())!.picked).toBe(true);

      // one list ticked: nothing replayed, the last replay kept for the panel to set aside
      const replays = counts.replay;
      for (const id of [1, 3, ACME.id]) s().pickReplayList(id, false);
      expect(currentReplayPlan(s())!.chosen.map((d) => d.label)).toEqual(['FY2026']);
      await s().runReplay();
      expect(counts.replay).toBe(replays);
      expect(s().replaying).toBe(false);

      s().resetReplayLists();
      await s().runReplay();
      expect(s().replay!.datasets.map((d) => d.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    });

    it('plans the rows: new lists last and not ticked, a list above the ticked ones checked against the first', () => {
      const summaries = [ACME, ...LISTED].map((d) => dataset(d.id, d.data.label, d.data.partners.length, { metrics: d.data.metrics, asOf: d.data.asOf }));
      const reads = { scenarioId: 1, datasetId: 2, metrics: metricsRead(motionFit, current.metrics) };
      const pick = { scenarioId: 1, order: [2, 3], chosen: [2] }; // picked before FY2025 and ACME were there
      const plan = planReplay(summaries, reads, pick);
      expect(plan.rows.map((r) => [r.list.label, r.chosen, r.neighbour?.label ?? null, r.neighbourFollows])).toEqual([
        ['FY2026', true, null, false],
        ['FY2024', false, 'FY2026', false],
        ['FY2025', false, 'FY2026', false],
        ['ACME FY2026', false, 'FY2026', false],
      ]);
      const later = planReplay(summaries, reads, { scenarioId: 1, order: [4, 3, 1, 2], chosen: [1, 2] });
      expect(later.rows.map((r) => [r.list.label, r.neighbour?.label ?? null, r.neighbourFollows])).toEqual([
        ['ACME FY2026', 'FY2025', true],
        ['FY2024', 'FY2025', true],
        ['FY2025', null, false],
        ['FY2026', 'FY2025', false],
      ]);
      expect(later.chosen.map((d) => d.label)).toEqual(['FY2025', 'FY2026']);
      // another scenario's pick is not this one's
      expect(planReplay(summaries, { ...reads, scenarioId: 2 }, pick).picked).toBe(false);
    });
  });

  describe('dragging a threshold', () => {
    /** The in-page engine with its sweeps held until released, to see what a drag asks while one is computed. */
    function gatedEngine() {
      const inner = inPageEngine();
      const asked: number[][] = [];
      const held: (() => void)[] = [];
      let failNext = false;
      const engine: EngineClient = {
        ...inner,
        sweep: async (data, scenario, ref, values) => {
          asked.push([...values]);
          await new Promise<void>((resolve) => held.push(resolve));
          if (failNext) {
            failNext = false;
            throw new Error('the worker stopped');
          }
          return inner.sweep(data, scenario, ref, values);
        },
      };
      const release = async () => {
        held.shift()?.();
        for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
      };
      return { engine, asked, release, failNext: () => (failNext = true), held };
    }

    it('previews the newest value only, one request at a time, against the value the drag began at', async () => {
      const gate = gatedEngine();
      setEngine(gate.engine);
      await store.getState().openScenario(1);
      const draft = store.getState().draft!;
      store.getState().dragThreshold(SELLING_ARR, 60_000);
      expect(store.getState().drag).toMatchObject({ ref: SELLING_ARR, from: 50_000, value: 60_000, base: null, point: null });
      store.getState().dragThreshold(SELLING_ARR, 70_000);
      store.getState().dragThreshold(SELLING_ARR, 80_000);
      expect(gate.asked).toEqual([[50_000, 60_000]]);
      expect(store.getState().drag?.value).toBe(80_000);
      await gate.release();
      const [base, at60] = sweep(draft, current, SELLING_ARR, [50_000, 60_000]);
      expect(store.getState().drag).toMatchObject({ base, point: at60, error: null });
      expect(store.getState().drag?.ms).toBeGreaterThanOrEqual(0);
      // 70,000 was passed while 60,000 was computed: skipped
      expect(gate.asked).toEqual([[50_000, 60_000], [80_000]]);
      await gate.release();
      expect(store.getState().drag).toMatchObject({ base, point: sweep(draft, current, SELLING_ARR, [80_000])[0], value: 80_000 });
      expect(gate.asked).toHaveLength(2);
      // nothing was edited while dragging
      expect(store.getState().draft).toBe(draft);
      expect(store.getState().saveState).toBe('saved');
    });

    it('keeps the value where the drag ends as one edit, which undo takes back', async () => {
      await store.getState().openScenario(1);
      const before = store.getState().draft!;
      for (const v of [52_000, 58_000, 64_000, 71_500]) store.getState().dragThreshold(SELLING_ARR, v);
      store.getState().endDrag(true);
      expect(store.getState().drag).toBeNull();
      expect(store.getState().draft).toEqual(withThreshold(before, SELLING_ARR, 71_500));
      expect(store.getState().saveState).toBe('pending');
      store.getState().undoEdit();
      expect(store.getState().draft).toBe(before);
    });

    it('drops the drag on Escape, at the value it began, or for another threshold; ignores a threshold the draft lacks', async () => {
      await store.getState().openScenario(1);
      const before = store.getState().draft!;
      store.getState().dragThreshold(SELLING_ARR, 90_000);
      store.getState().endDrag(false);
      expect(store.getState().draft).toBe(before);
      store.getState().dragThreshold(SELLING_ARR, 90_000);
      store.getState().dragThreshold(SELLING_ARR, 50_000);
      store.getState().endDrag(true);
      expect(store.getState().draft).toBe(before);
      expect(store.getState().saveState).toBe('saved');
      store.getState().dragThreshold(SELLING_ARR, 90_000);
      store.getState().setSweepRef(SPECIALIST_ARR);
      expect(store.getState().drag).toBeNull();
      store.getState().dragThreshold({ tierId: 'selling', requirementId: 'gone' }, 1);
      store.getState().dragThreshold(SELLING_ARR, Number.NaN);
      expect(store.getState().drag).toBeNull();
      // a drag of another threshold starts afresh from that threshold's value
      store.getState().dragThreshold(SELLING_ARR, 90_000);
      store.getState().dragThreshold(SPECIALIST_ARR, 1);
      expect(store.getState().drag).toMatchObject({ ref: SPECIALIST_ARR, from: valueOf(before, SPECIALIST_ARR), value: 1 });
    });

    it('says so when the engine cannot compute a value, and the next value clears it', async () => {
      const gate = gatedEngine();
      setEngine(gate.engine);
      await store.getState().openScenario(1);
      gate.failNext();
      store.getState().dragThreshold(SELLING_ARR, 60_000);
      await gate.release();
      expect(store.getState().drag?.error).toBe('The outcome at this value could not be computed: the worker stopped');
      store.getState().dragThreshold(SELLING_ARR, 61_000);
      await gate.release();
      expect(store.getState().drag?.error).toBeNull();
      expect(store.getState().drag?.point?.value).toBe(61_000);
    });
  });
});
