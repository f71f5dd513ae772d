/**
 * Exploring the scenario being edited (DESIGN D8.3): a sensitivity sweep over one threshold,
 * goal seek for a tier's head count, and cycle replay over the partner lists the user picks
 * (by default those that share the metrics of the scenario's list; docs/ENGINE.md).
 * Sweeps and seeks run in the engine worker; applying a value (the exact threshold goal seek
 * found, or one of the round values it offers) is one ordinary edit of the draft, so one
 * Ctrl+Z takes it back. Dragging a threshold previews each value it passes in the
 * worker (the newest value wins; values passed while one is computed are skipped) and
 * edits the draft once, where the drag ends.
 */
import type { StateCreator } from 'zustand';
import {
  findThreshold,
  withThreshold,
  type GoalSeekResult,
  type SweepPoint,
  type ThresholdRef,
  inDateOrder,
  metricsRead,
  metricsLacking,
  type IdOverlap,
} from '../../../shared/engine';
import type { Scenario } from '../../../shared/model/scenario';
import type { DatasetSummary, MetricDef } from '../../../shared/model/workspace';
import { getApi } from '../api/client';
import type { ReplayAnswer, SweepAnswer } from '../engine/core';
import { getEngine } from '../engine/client';
import { datasetRef } from './engine-data';
import { datasetOfScenario } from './scenario.slice';
import type { Mutators, Store } from './store';
import { messageOf } from '../lib/errors';

export const MIN_STEPS = 2;
export const MAX_STEPS = 101;

export interface SweepRange {
  from: number;
  to: number;
  steps: number;
}

/** Why a range cannot be swept, or null. */
export function checkRange(range: SweepRange): string | null {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to)) return 'Enter a number for both ends of the range.';
  if (range.from === range.to) return 'The range needs two different ends.';
  if (!Number.isInteger(range.steps) || range.steps < MIN_STEPS || range.steps > MAX_STEPS) return `Steps are a whole number from ${MIN_STEPS} to ${MAX_STEPS}.`;
  return null;
}

/** A range that takes in a threshold's value: from 0 to twice it (0 to 1 for a zero threshold). */
export function defaultRange(value: number): SweepRange {
  if (value === 0) return { from: 0, to: 1, steps: 21 };
  return { from: Math.min(0, 2 * value), to: Math.max(0, 2 * value), steps: 21 };
}

/** How many steps a drag across the range takes at most (each a value the worker may preview). */
export const DRAG_STEPS = 400;

/**
 * The step of the threshold drag: about a DRAG_STEPSth of the range, rounded to 1, 2 or 5
 * times a power of ten so that dragged values read as typed ones ($62,500, not $62,537.59).
 */
export function dragStep(range: Pick<SweepRange, 'from' | 'to'>): number {
  const raw = Math.abs(range.to - range.from) / DRAG_STEPS;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].find((m) => m * power >= raw)! * power;
  return nice;
}

/** A value on the drag's grid of steps, without binary fractions showing (0.30000000000000004). */
export function snapToStep(value: number, step: number): number {
  const snapped = Math.round(value / step) * step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(snapped.toFixed(Math.min(decimals, 20)));
}

/** The scenario with the swept threshold blanked: two drafts that differ only there share one sweep. */
export function sweepKey(scenario: Scenario, ref: ThresholdRef, datasetKey: string, range: SweepRange): string {
  return JSON.stringify([datasetKey, ref, range, withThreshold(scenario, ref, 0)]);
}

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

/** The lists the user picked for a replay: every list in the order shown, and those ticked. */
export interface ReplayPick {
  scenarioId: number;
  order: number[];
  chosen: number[];
}

/** The metrics a scenario reads from its own list (what the default cycles must have). */
export interface ReplayReads {
  scenarioId: number;
  /** the scenario's list */
  datasetId: number | null;
  metrics: MetricDef[];
}

/** One partner list of the replay panel. */
export interface ReplayRow {
  list: DatasetSummary;
  chosen: boolean;
  /** the metrics the scenario reads that this list lacks (or has of another kind); none: it shares them */
  missing: MetricDef[];
  /**
   * The ticked list its partner IDs are checked against: the one before it, else (a list
   * not ticked, above every ticked one) the first after it (`neighbourFollows`).
   */
  neighbour: DatasetSummary | null;
  neighbourFollows: boolean;
}

export interface ReplayPlan {
  /** the scenario's list */
  reference: DatasetSummary | null;
  /** the metrics the scenario reads from it */
  read: MetricDef[];
  rows: ReplayRow[];
  /** the cycles, in order */
  chosen: DatasetSummary[];
  /** the user changed the default */
  picked: boolean;
}

/**
 * The replay's lists: the pick when it is this scenario's, else the default — every list in
 * date order, ticked when it has the metrics the scenario reads from its own list. Lists
 * imported after the pick was made come last, not ticked.
 */
export function planReplay(datasets: readonly DatasetSummary[], reads: ReplayReads, pick: ReplayPick | null): ReplayPlan {
  const reference = datasets.find((d) => d.id === reads.datasetId) ?? null;
  const ordered = inDateOrder(datasets);
  const own = pick !== null && pick.scenarioId === reads.scenarioId ? pick : null;
  let lists = ordered;
  let isChosen = (d: DatasetSummary) => metricsLacking(d, reads.metrics).length === 0;
  if (own) {
    const byId = new Map(datasets.map((d) => [d.id, d] as const));
    const kept = own.order.map((id) => byId.get(id)).filter((d): d is DatasetSummary => d !== undefined);
    lists = [...kept, ...ordered.filter((d) => !own.order.includes(d.id))];
    const chosen = new Set(own.chosen);
    isChosen = (d) => chosen.has(d.id);
  }
  const rows: ReplayRow[] = lists.map((list) => ({ list, chosen: isChosen(list), missing: metricsLacking(list, reads.metrics), neighbour: null, neighbourFollows: false }));
  let before: DatasetSummary | null = null;
  for (const row of rows) {
    row.neighbour = before;
    if (row.chosen) before = row.list;
  }
  const first = rows.find((r) => r.chosen)?.list ?? null;
  for (const row of rows) {
    if (row.neighbour !== null || row.chosen || first === null) continue;
    row.neighbour = first;
    row.neighbourFollows = true;
  }
  return { reference, read: reads.metrics, rows, chosen: rows.filter((r) => r.chosen).map((r) => r.list), picked: own !== null };
}

/** The plan of the replay scenario, once its metrics are read. */
export function currentReplayPlan(s: Pick<ExploreSlice, 'replayScenarioId' | 'replayReads' | 'replayPick'> & { workspace: { datasets: readonly DatasetSummary[] } | null }): ReplayPlan | null {
  const reads = s.replayReads;
  if (!s.workspace || reads === null || reads.scenarioId !== s.replayScenarioId) return null;
  return planReplay(s.workspace.datasets, reads, s.replayPick);
}

/** Where a row's ID-space check is kept: the two lists' dataset keys. */
export function overlapKey(workspace: { path: string; datasets: readonly DatasetSummary[] } | null, listId: number, otherId: number): string {
  return `${datasetRef(workspace, listId).key}→${datasetRef(workspace, otherId).key}`;
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
