/**
 * Design to a target (DESIGN D8.6) on the scenario being edited: the engine worker proposes
 * thresholds for every targeted tier of one ladder (shared/engine/design-to-target.ts), with
 * progress and Cancel; applying the proposal is one ordinary edit of the draft (each moved
 * threshold set to its proposed value), so one Ctrl+Z takes it back.
 */
import type { StateCreator } from 'zustand';
import { leversOf, withLever } from '../../../shared/engine';
import type { TargetDesign, TargetProgress, TargetRequest } from '../../../shared/engine';
import type { Scenario } from '../../../shared/model/scenario';
import { getEngine } from '../engine/client';
import { CANCELLED } from '../engine/protocol';
import { messageOf } from '../lib/errors';
import { datasetRef } from './engine-data';
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
  clearDesign(): void;
}

export const createDesignSlice: StateCreator<Store, Mutators, [], DesignSlice> = (set, get) => {
  let run = 0;
  let stop: AbortController | null = null;

  return {
    design: null,
    designing: null,
    designError: null,

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
      let next = draft;
      for (const tier of design.tiers) {
        if (!tier.threshold) continue;
        const { kind, requirementId } = tier.threshold;
        const lever = { kind, tierId: tier.tierId, requirementId };
        if (leversOf(next, tier.tierId).some((l) => l.kind === kind && l.requirementId === requirementId)) next = withLever(next, lever, tier.threshold.to);
      }
      if (next !== draft) get().editScenario(next);
    },

    clearDesign() {
      stop?.abort();
      run += 1;
      set({ design: null, designing: null, designError: null });
    },
  };
};
