/**
 * Exploring the scenario being edited (SPEC S7): a sensitivity sweep over one threshold,
 * goal seek for a tier's head count, and cycle replay over the workspace's datasets.
 * Sweeps and seeks run in the engine worker; applying a value is an ordinary edit of the
 * draft, so Ctrl+Z takes it back.
 */
import type { StateCreator } from 'zustand';
import { findThreshold, withThreshold, type GoalSeekResult, type ThresholdRef } from '../../../shared/engine/explore';
import type { Scenario } from '../../../shared/model/scenario';
import { getApi } from '../api/client';
import type { ReplayAnswer, SweepAnswer } from '../engine/core';
import { getEngine } from '../engine/client';
import { datasetRef } from './engine-data';
import { datasetOfScenario } from './scenario.slice';
import type { Mutators, Store } from './store';

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

/** The scenario with the swept threshold blanked: two drafts that differ only there share one sweep. */
export function sweepKey(scenario: Scenario, ref: ThresholdRef, datasetKey: string, range: SweepRange): string {
  return JSON.stringify([datasetKey, ref, range, withThreshold(scenario, ref, 0)]);
}

export type GoalTarget = { count: number } | { share: number };

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
  replay: (ReplayAnswer & { scenarioId: number; key: string; draft: Scenario | null }) | null;
  replaying: boolean;
  replayError: string | null;

  /** Picks the threshold to explore (and a range around its value). */
  setSweepRef(ref: ThresholdRef | null): void;
  setSweepRange(range: SweepRange): void;
  /** Sweeps the draft's threshold over the range (nothing when the last sweep still holds). */
  runSweep(): Promise<void>;
  /** Sets a threshold of the draft (undoable). */
  applyThreshold(ref: ThresholdRef, value: number): void;
  runGoalSeek(ref: ThresholdRef, target: GoalTarget): Promise<void>;
  setReplayScenario(id: number | null): void;
  runReplay(): Promise<void>;
  resetExplore(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  replay: null,
  replaying: false,
  replayError: null,
};

export const createExploreSlice: StateCreator<Store, Mutators, [], ExploreSlice> = (set, get) => {
  let sweepRun = 0;
  let goalRun = 0;
  let replayRun = 0;

  /** The draft's dataset, for the engine; null without a draft or a dataset. */
  function draftData() {
    const { draft, activeScenario, workspace } = get();
    const dataset = datasetOfScenario(workspace?.datasets ?? [], activeScenario?.datasetId ?? null);
    if (!draft || !activeScenario || !dataset) return null;
    return { draft, scenarioId: activeScenario.id, ref: datasetRef(workspace, dataset.id) };
  }

  return {
    ...initial,

    setSweepRef(ref) {
      const draft = get().draft;
      const found = ref && draft ? findThreshold(draft, ref) : null;
      set({ sweepRef: ref, sweepRange: found?.ok ? defaultRange(found.info.value) : null, sweep: null, sweepError: null, goal: null, goalError: null });
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

    setReplayScenario: (replayScenarioId) => set({ replayScenarioId }),

    async runReplay() {
      await get().flushSave();
      const ws = get().workspace;
      const id = get().replayScenarioId;
      const summary = ws?.scenarios.find((s) => s.id === id);
      if (!ws || !summary || ws.datasets.length < 2) return;
      const key = `${ws.path}|${summary.id}@${summary.updatedAt}|${ws.datasets.map((d) => `${d.id}:${d.importedAt}`).join(',')}`;
      // the open draft counts even when its save has not landed (or failed)
      const { draft, activeScenario } = get();
      const draftUsed = draft && activeScenario?.id === summary.id ? draft : null;
      if (get().replay?.key === key && get().replay?.draft === draftUsed) return;
      const run = ++replayRun;
      set({ replaying: true, replayError: null });
      try {
        const scenario = draftUsed ?? (await getApi().call('scenario:get', { id: summary.id })).scenario;
        const answer = await getEngine().replay(
          scenario,
          ws.datasets.map((d) => ({ ...datasetRef(ws, d.id), label: d.label, asOf: d.asOf })),
        );
        if (run === replayRun) set({ replay: { ...answer, scenarioId: summary.id, key, draft: draftUsed } });
      } catch (error) {
        if (run === replayRun) set({ replayError: `The replay could not be computed: ${messageOf(error)}` });
      } finally {
        if (run === replayRun) set({ replaying: false });
      }
    },

    resetExplore: () => {
      sweepRun += 1;
      goalRun += 1;
      replayRun += 1;
      set({ ...initial });
    },
  };
};
