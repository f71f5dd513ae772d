/**
 * Design to a target (DESIGN D8.6) on the scenario being edited: the engine worker proposes
 * thresholds for every targeted tier of one ladder (shared/engine/design-to-target.ts), with
 * progress and Cancel; applying the proposal is one ordinary edit of the draft (each moved
 * threshold set to its proposed value), so one Ctrl+Z takes it back — or it is saved as a new
 * scenario beside the one it was fitted from, to compare the two side by side.
 */
import type { StateCreator } from 'zustand';
import { leversOf, withLever } from '../../../shared/engine';
import type { TargetDesign, TargetProgress, TargetRequest } from '../../../shared/engine';
import type { Scenario } from '../../../shared/model/scenario';
import { getApi } from '../api/client';
import { getEngine } from '../engine/client';
import { CANCELLED } from '../engine/protocol';
import { messageOf } from '../lib/errors';
import { freeName } from './compare.slice';
import { datasetRef } from './engine-data';
import { isWorkspaceChanged, openingOf } from './opening';
import { datasetOfScenario } from './scenario.slice';
import type { Mutators, Store } from './store';

export interface DesignSlice {
  /** the last proposal, for the scenario and the draft it was computed on */
  design: (TargetDesign & { scenarioId: number; draft: Scenario; request: TargetRequest }) | null;
  /** a design under way: how far it has come */
  designing: TargetProgress | null;
  designError: string | null;
  runDesign(request: TargetRequest): Promise<void>;
  cancelDesign(): void;
  /** sets each threshold the proposal moved to its proposed value, in one edit of the draft */
  applyDesign(): void;
  /** the scenario as the proposal would make it, stored as a new one ("… (fitted)") on the same list; why not, or null */
  saveDesignAs(): Promise<string | null>;
  /** the copy saveDesignAs made last, for the proposal it was made from */
  designSaved: { id: number; name: string; from: TargetDesign } | null;
  clearDesign(): void;
}

/** `draft` with every threshold the proposal moved set to its proposed value (the same draft when none is there to set). */
function proposed(draft: Scenario, design: TargetDesign): Scenario {
  let next = draft;
  for (const tier of design.tiers) {
    if (!tier.threshold) continue;
    const { kind, requirementId } = tier.threshold;
    const lever = { kind, tierId: tier.tierId, requirementId };
    if (leversOf(next, tier.tierId).some((l) => l.kind === kind && l.requirementId === requirementId)) next = withLever(next, lever, tier.threshold.to);
  }
  return next;
}

export const createDesignSlice: StateCreator<Store, Mutators, [], DesignSlice> = (set, get) => {
  let run = 0;
  let stop: AbortController | null = null;

  return {
    design: null,
    designing: null,
    designError: null,
    designSaved: null,

    async runDesign(request) {
      const { draft, activeScenario, workspace } = get();
      const dataset = datasetOfScenario(workspace?.datasets ?? [], activeScenario?.datasetId ?? null);
      if (!draft || !activeScenario || !dataset) return;
      stop?.abort();
      const mine = ++run;
      const controller = new AbortController();
      stop = controller;
      set({ designing: { fraction: 0, step: 'starting' }, designError: null, design: null });
      try {
        const result = await getEngine().design(datasetRef(workspace, dataset.id), draft, request, {
          signal: controller.signal,
          onProgress: (progress) => {
            if (mine === run) set({ designing: progress });
          },
        });
        if (mine === run) set({ design: { ...result, scenarioId: activeScenario.id, draft, request } });
      } catch (error) {
        const message = messageOf(error);
        if (mine === run) set({ designError: message === CANCELLED ? 'Stopped: no thresholds were proposed.' : `The design could not be computed: ${message}` });
      } finally {
        if (mine === run) {
          set({ designing: null });
          stop = null;
        }
      }
    },

    cancelDesign() {
      stop?.abort();
    },

    applyDesign() {
      const { design, draft, activeScenario } = get();
      if (!design || !draft || activeScenario?.id !== design.scenarioId) return;
      const next = proposed(draft, design);
      if (next !== draft) get().editScenario(next);
    },

    async saveDesignAs() {
      const { design, draft, activeScenario, workspace } = get();
      if (!design || !draft || !workspace || activeScenario?.id !== design.scenarioId) return null;
      try {
        await get().flushSave();
        const name = freeName(
          workspace.scenarios.map((s) => s.name),
          `${draft.name} (fitted)`,
        );
        const copy = await getApi().call('scenario:create', { workspace: openingOf(get()), scenario: { ...proposed(draft, design), name, baseline: false }, datasetId: activeScenario.datasetId });
        const scenarios = await getApi().call('scenario:list');
        const now = get().workspace;
        if (now) set({ workspace: { ...now, scenarios } });
        set({ designSaved: { id: copy.id, name: copy.scenario.name, from: design } });
        return null;
      } catch (error) {
        if (isWorkspaceChanged(error)) await get().workspaceReplaced(error.message);
        return `The fitted copy could not be saved: ${messageOf(error)}`;
      }
    },

    clearDesign() {
      stop?.abort();
      run += 1;
      set({ design: null, designing: null, designError: null });
    },
  };
};
