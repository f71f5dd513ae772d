/**
 * Exploring the scenario being edited (DESIGN D8.3): a sensitivity sweep over one threshold,
 * goal seek for a tier's head count, and cycle replay over the partner lists the user picks
 * (by default those that share the metrics of the scenario's list; docs/ENGINE.md).
 * Sweeps and seeks run in the engine worker; applying a value (the exact threshold goal seek
 * found, or one of the round values it offers) is one ordinary edit of the draft, so one
 * Ctrl+Z takes it back. Dragging a threshold previews each value it passes in the
 * worker (the newest value wins; values passed while one is computed are skipped) and
 * edits the draft once, where the drag ends. The range's helpers are in sweep-range.ts, the
 * replay's plan in replay-plan.ts.
 */
import type { StateCreator } from 'zustand';
import { findThreshold, withThreshold, type GoalSeekResult, type SweepPoint, type ThresholdRef, metricsRead, type IdOverlap } from '../../../shared/engine';
import type { Scenario } from '../../../shared/model/scenario';
import { getApi } from '../api/client';
import type { ReplayAnswer, SweepAnswer } from '../engine/core';
import { getEngine } from '../engine/client';
import { datasetRef } from './engine-data';
import { overlapKey, currentReplayPlan, planReplay, type ReplayPick, type ReplayReads } from './replay-plan';
import { datasetOfScenario } from './scenario.slice';
import type { Mutators, Store } from './store';
import { checkRange, defaultRange, sweepKey, type SweepRange } from './sweep-range';
import { messageOf } from '../lib/errors';

export type GoalTarget = { count: number } | { share: number };

/** A threshold being dragged: the value under the pointer and, once computed, what it gives. */
export interface ThresholdDrag {
  ref: ThresholdRef;
  /** the threshold's value in the draft when the drag began */
  from: number;
  /** the value under the pointer */
  value: number;
  /** the outcome at `from`, computed with the first preview */
  base: SweepPoint | null;
  /** the outcome at the newest value computed (may trail `value` by one request) */
  point: SweepPoint | null;
  /** engine time of the newest preview, in ms */
  ms: number | null;
  error: string | null;
}

export interface ExploreSlice {
  sweepRef: ThresholdRef | null;
  sweepRange: SweepRange | null;
  sweep: (SweepAnswer & { key: string }) | null;
  sweeping: boolean;
  sweepError: string | null;
  goal: (GoalSeekResult & { ref: ThresholdRef; scenarioId: number }) | null;
  seeking: boolean;
  goalError: string | null;
  replayScenarioId: number | null;
  /** the lists the user picked (null: the default) */
  replayPick: ReplayPick | null;
  /** what the replay scenario reads from its list, once read */
  replayReads: ReplayReads | null;
  /** ID overlaps between lists, by overlapKey */
  replayOverlaps: Record<string, IdOverlap>;
  /** `datasets`: the lists replayed, in order */
  replay: (ReplayAnswer & { scenarioId: number; key: string; draft: Scenario | null; datasets: { id: number; label: string }[] }) | null;
  replaying: boolean;
  replayError: string | null;
  drag: ThresholdDrag | null;

  /** Picks the threshold to explore (and a range around its value). */
  setSweepRef(ref: ThresholdRef | null): void;
  setSweepRange(range: SweepRange): void;
  /** Sweeps the draft's threshold over the range (nothing when the last sweep still holds). */
  runSweep(): Promise<void>;
  /** Sets a threshold of the draft (undoable). */
  applyThreshold(ref: ThresholdRef, value: number): void;
  /** The pointer (or a key) moved the threshold to `value`: preview it in the engine worker. */
  dragThreshold(ref: ThresholdRef, value: number): void;
  /** The drag ended: keep the value (one edit of the draft) or drop it. */
  endDrag(keep: boolean): void;
  runGoalSeek(ref: ThresholdRef, target: GoalTarget): Promise<void>;
  /** The target changed (or no longer reads): the answer to the old one, and a seek still running for it, are dropped. */
  clearGoal(): void;
  setReplayScenario(id: number | null): void;
  /** Ticks a list (a cycle of the replay) or unticks it. */
  pickReplayList(datasetId: number, chosen: boolean): void;
  /** Moves a list up (-1) or down (+1) among the lists. */
  moveReplayList(datasetId: number, by: -1 | 1): void;
  /** Back to the default lists. */
  resetReplayLists(): void;
  /** Reads the scenario's metrics, checks the lists' partner IDs and replays over the lists picked (two or more). */
  runReplay(): Promise<void>;
  resetExplore(): void;
}

const initial = {
  sweepRef: null,
  sweepRange: null,
  sweep: null,
  sweeping: false,
  sweepError: null,
  goal: null,
  seeking: false,
  goalError: null,
  replayScenarioId: null,
  replayPick: null,
  replayReads: null,
  replayOverlaps: {},
  replay: null,
  replaying: false,
  replayError: null,
  drag: null,
};

export const createExploreSlice: StateCreator<Store, Mutators, [], ExploreSlice> = (set, get) => {
  let sweepRun = 0;
  let goalRun = 0;
  let replayRun = 0;
  /** the stored scenario fetched last for the replay */
  let replayFetched: { id: number; updatedAt: string; scenario: Scenario } | null = null;
  /** the drag value waiting for the engine, and whether a preview is being computed */
  let dragNext: number | null = null;
  let previewing = false;

  /** The draft's dataset, for the engine; null without a draft or a dataset. */
  function draftData() {
    const { draft, activeScenario, workspace } = get();
    const dataset = datasetOfScenario(workspace?.datasets ?? [], activeScenario?.datasetId ?? null);
    if (!draft || !activeScenario || !dataset) return null;
    return { draft, scenarioId: activeScenario.id, ref: datasetRef(workspace, dataset.id) };
  }

  /**
   * Computes the newest dragged value, then the next newest, until the drag rests: one
   * request in the worker at a time, so a slow evaluation never queues up stale values.
   */
  async function previewDrag(): Promise<void> {
    if (previewing) return;
    previewing = true;
    try {
      while (dragNext !== null) {
        const value = dragNext;
        dragNext = null;
        const drag = get().drag;
        const data = draftData();
        if (!drag || !data) return;
        // the first preview also computes the value the drag started from, for the deltas
        const values = drag.base ? [value] : [drag.from, value];
        try {
          const answer = await getEngine().sweep(data.ref, data.draft, drag.ref, values);
          const now = get().drag;
          if (!now || now.ref !== drag.ref) continue;
          set({ drag: { ...now, base: now.base ?? answer.points[0]!, point: answer.points[answer.points.length - 1]!, ms: answer.ms, error: null } });
        } catch (error) {
          const now = get().drag;
          if (now && now.ref === drag.ref) set({ drag: { ...now, error: `The outcome at this value could not be computed: ${messageOf(error)}` } });
        }
      }
    } finally {
      previewing = false;
    }
  }

  return {
    ...initial,

    setSweepRef(ref) {
      const draft = get().draft;
      const found = ref && draft ? findThreshold(draft, ref) : null;
      dragNext = null;
      set({ sweepRef: ref, sweepRange: found?.ok ? defaultRange(found.value.value) : null, sweep: null, sweepError: null, goal: null, goalError: null, drag: null });
    },

    setSweepRange: (sweepRange) => set({ sweepRange }),

    async runSweep() {
      const { sweepRef, sweepRange } = get();
      const data = draftData();
      if (!data || !sweepRef || !sweepRange || checkRange(sweepRange) !== null) return;
      if (!findThreshold(data.draft, sweepRef).ok) {
        set({ sweep: null, sweepError: 'The threshold is no longer in this scenario; pick another.' });
        return;
      }
      const key = sweepKey(data.draft, sweepRef, data.ref.key, sweepRange);
      if (get().sweep?.key === key) return;
      const run = ++sweepRun;
      set({ sweeping: true, sweepError: null });
      const { from, to, steps } = sweepRange;
      const values = Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / (steps - 1));
      try {
        const answer = await getEngine().sweep(data.ref, data.draft, sweepRef, values);
        if (run === sweepRun) set({ sweep: { ...answer, key } });
      } catch (error) {
        if (run === sweepRun) set({ sweepError: `The sweep could not be computed: ${messageOf(error)}` });
      } finally {
        if (run === sweepRun) set({ sweeping: false });
      }
    },

    applyThreshold(ref, value) {
      const draft = get().draft;
      if (!draft || !findThreshold(draft, ref).ok) return;
      get().editScenario(withThreshold(draft, ref, value));
    },

    dragThreshold(ref, value) {
      const draft = get().draft;
      const found = draft ? findThreshold(draft, ref) : null;
      if (!found?.ok || !Number.isFinite(value)) return;
      const current = get().drag;
      const same = current && current.ref.tierId === ref.tierId && current.ref.requirementId === ref.requirementId;
      set({ drag: same ? { ...current, value } : { ref, from: found.value.value, value, base: null, point: null, ms: null, error: null } });
      dragNext = value;
      void previewDrag();
    },

    endDrag(keep) {
      const drag = get().drag;
      dragNext = null;
      set({ drag: null });
      if (keep && drag && drag.value !== drag.from) get().applyThreshold(drag.ref, drag.value);
    },

    async runGoalSeek(ref, target) {
      const data = draftData();
      if (!data) return;
      const run = ++goalRun;
      set({ seeking: true, goalError: null, goal: null });
      try {
        const result = await getEngine().goalSeek(data.ref, data.draft, ref, target);
        if (run === goalRun) set({ goal: { ...result, ref, scenarioId: data.scenarioId } });
      } catch (error) {
        if (run === goalRun) set({ goalError: `Goal seek could not run: ${messageOf(error)}` });
      } finally {
        if (run === goalRun) set({ seeking: false });
      }
    },

    clearGoal() {
      if (get().goal === null && get().goalError === null && !get().seeking) return;
      goalRun += 1;
      set({ goal: null, goalError: null, seeking: false });
    },

    setReplayScenario: (replayScenarioId) => set({ replayScenarioId }),

    pickReplayList(datasetId, chosen) {
      const plan = currentReplayPlan(get());
      const id = get().replayScenarioId;
      if (!plan || id === null || !plan.rows.some((r) => r.list.id === datasetId)) return;
      const ticked = plan.rows.filter((r) => (r.list.id === datasetId ? chosen : r.chosen)).map((r) => r.list.id);
      set({ replayPick: { scenarioId: id, order: plan.rows.map((r) => r.list.id), chosen: ticked } });
    },

    moveReplayList(datasetId, by) {
      const plan = currentReplayPlan(get());
      const id = get().replayScenarioId;
      if (!plan || id === null) return;
      const order = plan.rows.map((r) => r.list.id);
      const from = order.indexOf(datasetId);
      const to = from + by;
      if (from < 0 || to < 0 || to >= order.length) return;
      [order[from], order[to]] = [order[to]!, order[from]!];
      set({ replayPick: { scenarioId: id, order, chosen: plan.chosen.map((d) => d.id) } });
    },

    resetReplayLists: () => set({ replayPick: null }),

    async runReplay() {
      await get().flushSave();
      const ws = get().workspace;
      const id = get().replayScenarioId;
      const summary = ws?.scenarios.find((s) => s.id === id);
      if (!ws || !summary || ws.datasets.length < 2) return;
      // the open draft counts even when its save has not landed (or failed)
      const { draft, activeScenario } = get();
      const draftUsed = draft && activeScenario?.id === summary.id ? draft : null;
      const run = ++replayRun;
      const stillAsked = () => run === replayRun;
      try {
        let scenario = draftUsed;
        if (!scenario) {
          if (replayFetched?.id !== summary.id || replayFetched.updatedAt !== summary.updatedAt) {
            const record = (await getApi().call('scenario:get', { id: summary.id })).scenario;
            replayFetched = { id: summary.id, updatedAt: summary.updatedAt, scenario: record };
          }
          scenario = replayFetched.scenario;
        }
        if (!stillAsked()) return;
        // the default cycles: the lists with the metrics the scenario reads from its own list
        const reference = datasetOfScenario(ws.datasets, summary.datasetId);
        const reads: ReplayReads = { scenarioId: summary.id, datasetId: reference?.id ?? null, metrics: metricsRead(scenario, reference?.metrics ?? []) };
        if (JSON.stringify(reads) !== JSON.stringify(get().replayReads)) set({ replayReads: reads });
        const plan = planReplay(ws.datasets, reads, get().replayPick);

        // each list's partner IDs against its neighbour's, before it is replayed
        const known = get().replayOverlaps;
        const missing = plan.rows.filter((r) => r.neighbour !== null && known[overlapKey(ws, r.list.id, r.neighbour.id)] === undefined);
        if (missing.length > 0) {
          set({ replaying: true, replayError: null });
          const overlaps = await getEngine().replayOverlaps(missing.map((r) => ({ list: datasetRef(ws, r.list.id), other: datasetRef(ws, r.neighbour!.id) })));
          const found = { ...get().replayOverlaps };
          missing.forEach((r, i) => (found[overlapKey(ws, r.list.id, r.neighbour!.id)] = overlaps[i]!));
          set({ replayOverlaps: found });
        }
        if (!stillAsked() || plan.chosen.length < 2) return;

        const key = `${ws.path}|${summary.id}@${summary.updatedAt}|${plan.chosen.map((d) => `${d.id}:${d.importedAt}`).join(',')}`;
        if (get().replay?.key === key && get().replay?.draft === draftUsed) return;
        set({ replaying: true, replayError: null });
        const answer = await getEngine().replay(
          scenario,
          plan.chosen.map((d) => ({ ...datasetRef(ws, d.id), label: d.label, asOf: d.asOf })),
        );
        if (stillAsked()) set({ replay: { ...answer, scenarioId: summary.id, key, draft: draftUsed, datasets: plan.chosen.map((d) => ({ id: d.id, label: d.label })) } });
      } catch (error) {
        if (stillAsked()) set({ replayError: `The replay could not be computed: ${messageOf(error)}` });
      } finally {
        if (stillAsked()) set({ replaying: false });
      }
    },

    resetExplore: () => {
      dragNext = null;
      sweepRun += 1;
      goalRun += 1;
      replayRun += 1;
      replayFetched = null;
      set({ ...initial });
    },
  };
};
