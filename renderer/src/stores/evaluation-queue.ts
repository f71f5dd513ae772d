/**
 * The live evaluation of the scenario draft by the engine in its Web Worker (DESIGN D8.3
 * "Live editing", D14.2): every edit re-evaluates. Evaluations coalesce: while one runs,
 * only the newest draft is evaluated next, and only the newest draft's outcome is shown.
 * The scenario slice owns one (scenario.slice.ts).
 */
import type { Evaluation } from '../engine/core';
import { getEngine } from '../engine/client';
import { messageOf } from '../lib/errors';
import { datasetRef } from './engine-data';
import type { Store } from './store';

/** What the store says of the draft's outcome. */
export interface EvaluationState {
  evaluation: Evaluation | null;
  evaluating: boolean;
  evaluationError: string | null;
}

/**
 * The draft's evaluation queue: the function evaluates the draft on the list `datasetId`
 * names (null: none, no outcome); while an evaluation runs, it asks for one more and
 * answers when the newest draft's is shown.
 */
export function createEvaluationQueue(set: (partial: Partial<Store>) => void, get: () => Store, datasetId: () => number | null): () => Promise<void> {
  let running: Promise<void> | null = null;
  let evaluateAgain = false;

  return function evaluateDraft(): Promise<void> {
    if (running) {
      evaluateAgain = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          evaluateAgain = false;
          const draft = get().draft;
          const listId = datasetId();
          if (!draft || listId === null) {
            set({ evaluation: null, evaluationError: null });
            continue;
          }
          set({ evaluating: true });
          try {
            const evaluation = await getEngine().evaluate(datasetRef(get().workspace, listId), draft);
            if (!evaluateAgain) set({ evaluation, evaluationError: null });
          } catch (error) {
            if (!evaluateAgain) set({ evaluationError: `The outcome could not be computed: ${messageOf(error)}` });
          }
        } while (evaluateAgain);
      } finally {
        running = null;
        set({ evaluating: false });
      }
    })();
    return running;
  };
}
