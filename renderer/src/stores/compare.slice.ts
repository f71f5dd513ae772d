/**
 * Scenarios side by side (DESIGN D8.1): which 2–6 scenarios are compared on which dataset,
 * their comparison from the engine worker (the same `compareOutcomes` as the CLI's
 * `compare`), the partner-level diff between two of them, and presentation mode (DESIGN D8.5).
 */
import type { StateCreator } from 'zustand';
import { MAX_COMPARED, MIN_COMPARED } from '../../../shared/engine';
import { bindMetrics } from '../../../shared/model/fit';
import type { Scenario } from '../../../shared/model/scenario';
import type { DatasetSummary, ScenarioSummary } from '../../../shared/model/workspace';
import { getApi } from '../api/client';
import type { CompareAnswer, DiffAnswer } from '../engine/core';
import { getEngine } from '../engine/client';
import { datasetRef } from './engine-data';
import { datasetOfScenario } from './scenario.slice';
import type { Mutators, Store } from './store';
import { isWorkspaceChanged, openingOf } from './opening';
import { messageOf } from '../lib/errors';

/** How many rows of a partner diff the grid receives (the count is always exact). */
export const DIFF_ROW_LIMIT = 50_000;

export type CompareTab = 'side' | 'explore' | 'target' | 'replay';

/** What can be compared, or why not (a sentence for the person, never an error). */
export type ComparePlan =
  | { ok: true; datasetId: number; scenarios: ScenarioSummary[]; reference: ScenarioSummary; baselineMarked: boolean }
  | { ok: false; reason: 'no-dataset' | 'too-few' | 'too-many' | 'datasets-differ'; message: string };

/**
 * Checks a selection before the engine sees it: 2–6 scenarios, on one dataset — the one the
 * person chose, else the one the scenarios share. Scenarios designed on different datasets
 * need a dataset chosen, as the CLI's `compare` needs `--dataset`.
 */
export function planComparison(datasets: readonly DatasetSummary[], all: readonly ScenarioSummary[], ids: readonly number[], chosenDatasetId: number | null): ComparePlan {
  const scenarios = [...new Set(ids)].map((id) => all.find((s) => s.id === id)).filter((s): s is ScenarioSummary => s !== undefined);
  if (datasets.length === 0) return { ok: false, reason: 'no-dataset', message: 'This workspace has no partner data yet. Import a partner list, then compare scenarios on it.' };
  if (scenarios.length < MIN_COMPARED) {
    const have = all.length < MIN_COMPARED ? ` This workspace has ${all.length === 0 ? 'no scenarios' : 'one scenario'}; create another in Scenarios.` : '';
    return {
      ok: false,
      reason: 'too-few',
      message: `Pick at least ${MIN_COMPARED} scenarios to compare (${scenarios.length === 0 ? 'none is' : 'one is'} picked).${have}`,
    };
  }
  if (scenarios.length > MAX_COMPARED) {
    return { ok: false, reason: 'too-many', message: `Compare shows at most ${MAX_COMPARED} scenarios side by side; ${scenarios.length} are picked. Leave some out.` };
  }
  let datasetId = chosenDatasetId !== null && datasets.some((d) => d.id === chosenDatasetId) ? chosenDatasetId : null;
  if (datasetId === null) {
    const own = scenarios.map((s) => datasetOfScenario(datasets, s.datasetId)!);
    if (new Set(own.map((d) => d.id)).size > 1) {
      const which = scenarios.map((s, i) => `“${s.name}” on ${own[i]!.label}`).join(', ');
      return {
        ok: false,
        reason: 'datasets-differ',
        message: `These scenarios are designed on different datasets (${which}). Scenarios are compared on one partner list: choose which one above.`,
      };
    }
    datasetId = own[0]!.id;
  }
  const marked = scenarios.find((s) => s.isBaseline);
  return { ok: true, datasetId, scenarios, reference: marked ?? scenarios[0]!, baselineMarked: marked !== undefined };
}

/** The first scenarios to compare: the baseline and the next ones on its dataset, up to three. */
export function defaultSelection(datasets: readonly DatasetSummary[], all: readonly ScenarioSummary[]): number[] {
  if (all.length < MIN_COMPARED) return all.map((s) => s.id);
  const first = all.find((s) => s.isBaseline) ?? all[0]!;
  const home = datasetOfScenario(datasets, first.datasetId)?.id;
  const rest = all.filter((s) => s !== first && datasetOfScenario(datasets, s.datasetId)?.id === home);
  return [first, ...rest].slice(0, 3).map((s) => s.id);
}

/** What makes a comparison stale: the scenarios (and when each was last saved) and the dataset. */
export function comparisonKey(plan: ComparePlan): string | null {
  if (!plan.ok) return null;
  return `${plan.datasetId}|${plan.reference.id}|${plan.scenarios.map((s) => `${s.id}@${s.updatedAt}`).join(',')}`;
}

/** The sections presentation mode steps through, in order. */
export const PRESENT_SECTIONS = ['kpis', 'distribution', 'resources', 'coverage', 'movement'] as const;
export type PresentSection = (typeof PRESENT_SECTIONS)[number];

export interface CompareSlice {
  compareTab: CompareTab;
  /** picked scenarios in the order picked; null until the view first chooses a default */
  comparedIds: number[] | null;
  /** the dataset chosen to compare on; null: the one the scenarios share */
  compareDatasetId: number | null;
  /** `draft`: the open scenario's draft when it is one of those compared (an edit makes the comparison stale) */
  comparison: (CompareAnswer & { key: string; draft: Scenario | null; ids: number[]; names: string[] }) | null;
  comparing: boolean;
  compareError: string | null;
  /** the two scenarios (ids) whose partners are diffed */
  diffPair: [number, number] | null;
  diff: (DiffAnswer & { key: string }) | null;
  diffing: boolean;
  diffError: string | null;
  presenting: boolean;
  presentSection: number;
  /** the scenario (index in the comparison) presentation mode brings forward; -1: none, every one alike */
  presentScenario: number;

  setCompareTab(tab: CompareTab): void;
  setComparedIds(ids: number[]): void;
  toggleCompared(id: number): void;
  setCompareDataset(datasetId: number | null): void;
  /** Compares the current selection (when it can be compared and the last comparison is stale). */
  runCompare(): Promise<void>;
  setDiffPair(pair: [number, number]): void;
  runDiff(): Promise<void>;
  enterPresentation(): void;
  leavePresentation(): void;
  /**
   * Makes a copy of a compared scenario that reads the list's columns `bindings` names
   * (fit to the list compared on), and compares the copy in its place. Answers why not, or null.
   */
  fitCopyIntoComparison(id: number, bindings: ReadonlyMap<string, string>): Promise<string | null>;
  /** ←/→ step sections, ↑/↓ step scenarios */
  stepPresentation(sections: number, scenarios: number): void;
  resetCompare(): void;
}

/** `wanted`, or `wanted (2)` … — a scenario name not taken yet (names compare without case). */
export function freeName(taken: readonly string[], wanted: string): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  const base = wanted.trim().slice(0, 110);
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base} (${n})`.toLowerCase())) return `${base} (${n})`;
}

const initial = {
  compareTab: 'side' as CompareTab,
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
};

export const createCompareSlice: StateCreator<Store, Mutators, [], CompareSlice> = (set, get) => {
  let compareRun = 0;
  let diffRun = 0;

  /** The stored scenario, or the open draft when it is the one asked for (it may not be saved yet). */
  async function scenarioOf(id: number): Promise<Scenario> {
    const { draft, activeScenario } = get();
    if (draft && activeScenario?.id === id) return draft;
    return (await getApi().call('scenario:get', { id })).scenario;
  }

  function plan(): ComparePlan {
    const ws = get().workspace;
    return planComparison(ws?.datasets ?? [], ws?.scenarios ?? [], get().comparedIds ?? [], get().compareDatasetId);
  }

  return {
    ...initial,

    setCompareTab: (compareTab) => set({ compareTab }),
    setComparedIds: (ids) => set({ comparedIds: ids }),
    toggleCompared: (id) =>
      set((s) => {
        const ids = s.comparedIds ?? [];
        return { comparedIds: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id] };
      }),
    setCompareDataset: (compareDatasetId) => set({ compareDatasetId }),

    async runCompare() {
      await get().flushSave(); // the open scenario's newest edit is what is compared
      const p = plan();
      const key = comparisonKey(p);
      if (!p.ok || key === null) {
        set({ compareError: null });
        return;
      }
      // the open draft counts even when its save has not landed (or failed)
      const { draft, activeScenario } = get();
      const draftUsed = activeScenario && p.scenarios.some((s) => s.id === activeScenario.id) ? draft : null;
      const last = get().comparison;
      if (last?.key === key && last.draft === draftUsed && !get().compareError) return;
      const run = ++compareRun;
      set({ comparing: true, compareError: null });
      try {
        const scenarios = await Promise.all(p.scenarios.map((s) => scenarioOf(s.id)));
        const answer = await getEngine().compare(
          datasetRef(get().workspace, p.datasetId),
          // only a marked baseline is called one; unmarked, the changes are against the first picked (kpiRows)
          scenarios.map((scenario, i) => ({ name: scenario.name, baseline: p.baselineMarked && p.scenarios[i] === p.reference, scenario })),
        );
        if (run !== compareRun) return;
        const ids = p.scenarios.map((s) => s.id);
        const pair = get().diffPair;
        const keepPair = pair && ids.includes(pair[0]) && ids.includes(pair[1]) && pair[0] !== pair[1];
        const others = ids.filter((id) => id !== p.reference.id);
        set({
          comparison: { ...answer, key, draft: draftUsed, ids, names: scenarios.map((s) => s.name) },
          diffPair: keepPair ? pair : [p.reference.id, others[0]!],
        });
      } catch (error) {
        if (run === compareRun) set({ compareError: `The comparison could not be computed: ${messageOf(error)}` });
      } finally {
        if (run === compareRun) set({ comparing: false });
      }
    },

    async fitCopyIntoComparison(id, bindings) {
      const p = plan();
      const ws = get().workspace;
      if (!p.ok || !ws || bindings.size === 0) return null;
      try {
        const source = await scenarioOf(id);
        const list = ws.datasets.find((d) => d.id === p.datasetId)!;
        const name = freeName(
          ws.scenarios.map((s) => s.name),
          `${source.name} · ${list.label}`,
        );
        const copy = await getApi().call('scenario:create', { workspace: openingOf(get()), scenario: { ...bindMetrics(source, bindings), name, baseline: false }, datasetId: p.datasetId });
        const scenarios = await getApi().call('scenario:list');
        const now = get().workspace;
        if (now) set({ workspace: { ...now, scenarios } });
        set({ comparedIds: (get().comparedIds ?? []).map((x) => (x === id ? copy.id : x)) });
        return null;
      } catch (error) {
        if (isWorkspaceChanged(error)) await get().workspaceReplaced(error.message);
        return `The fitted copy could not be made: ${messageOf(error)}`;
      }
    },

    setDiffPair: (pair) => set({ diffPair: pair }),

    async runDiff() {
      const { comparison, diffPair } = get();
      if (!comparison || !diffPair || diffPair[0] === diffPair[1]) return;
      const key = `${comparison.key}|${diffPair.join('>')}`;
      if (get().diff?.key === key) return;
      const run = ++diffRun;
      set({ diffing: true, diffError: null });
      try {
        const [a, b] = await Promise.all(diffPair.map((id) => scenarioOf(id)));
        const answer = await getEngine().diff(datasetRef(get().workspace, comparison.datasetId), a!, b!, DIFF_ROW_LIMIT);
        if (run === diffRun) set({ diff: { ...answer, key } });
      } catch (error) {
        if (run === diffRun) set({ diffError: `The partner diff could not be computed: ${messageOf(error)}` });
      } finally {
        if (run === diffRun) set({ diffing: false });
      }
    },

    enterPresentation: () => {
      set({ presenting: true, presentSection: 0, presentScenario: -1, view: 'compare', compareTab: 'side' });
    },
    leavePresentation: () => set({ presenting: false }),
    stepPresentation: (sections, scenarios) =>
      set((s) => {
        const count = s.comparison?.ids.length ?? 1;
        return {
          presentSection: Math.min(PRESENT_SECTIONS.length - 1, Math.max(0, s.presentSection + sections)),
          // -1 (every scenario alike), then each in turn, then every one again
          presentScenario: ((((s.presentScenario + 1 + scenarios) % (count + 1)) + count + 1) % (count + 1)) - 1,
        };
      }),

    resetCompare: () => {
      compareRun += 1;
      diffRun += 1;
      set({ ...initial });
    },
  };
};
