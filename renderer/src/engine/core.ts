/**
 * The engine where the renderer runs it (ARCHITECTURE, data flow 2): the dataset decoded
 * once, every evaluation of the scenario being edited, explanations of one partner. Used
 * inside the Web Worker (engine.worker.ts) and, where no worker can run (tests), in the
 * page itself — the same code either way.
 */
import { evaluate, explainPartner, summaryOf, type Outcome, type OutcomeSummary, type PartnerExplanation } from '../../../shared/engine';
import { decodeDataset, type DatasetColumns } from '../../../shared/ipc/columns';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { ScenarioSchema, type Scenario } from '../../../shared/model/scenario';

/** The per-partner results the partners grid shows, aligned with the dataset's partners. */
export interface PartnerColumns {
  ladderIndex: Int8Array;
  level: Int8Array;
  currentLevel: Int8Array;
  movementCode: Uint8Array;
  nextLevel: Int8Array;
  progress: Float64Array;
  exitCandidate: Uint8Array;
  overridden: Uint8Array;
  rolloutState: Uint8Array;
}

export interface Evaluation {
  datasetId: number;
  summary: OutcomeSummary;
  partners: PartnerColumns;
  /** how long the engine took, in ms (shown to the person; measured outside the engine) */
  ms: number;
}

export class EngineCore {
  private dataset: ColumnarDataset | null = null;
  private datasetId: number | null = null;
  private last: Outcome | null = null;

  /** Decodes and keeps the dataset; throws (a RangeError naming the problem) when it does not fit. */
  load(columns: DatasetColumns): { datasetId: number; partners: number } {
    this.dataset = decodeDataset(columns);
    this.datasetId = columns.datasetId;
    this.last = null;
    return { datasetId: columns.datasetId, partners: this.dataset.partners.length };
  }

  evaluate(input: Scenario, now: () => number): Evaluation {
    if (!this.dataset || this.datasetId === null) throw new Error('No dataset is loaded for the engine.');
    const scenario = ScenarioSchema.parse(input); // the boundary: what the editor sends must be a whole scenario
    const started = now();
    const outcome = evaluate(scenario, this.dataset);
    const ms = now() - started;
    this.last = outcome;
    return {
      datasetId: this.datasetId,
      summary: summaryOf(outcome),
      ms,
      // copies: the originals stay with the outcome for explanations
      partners: {
        ladderIndex: outcome.ladderIndex.slice(),
        level: outcome.level.slice(),
        currentLevel: outcome.currentLevel.slice(),
        movementCode: outcome.movementCode.slice(),
        nextLevel: outcome.nextLevel.slice(),
        progress: outcome.progress.slice(),
        exitCandidate: outcome.exitCandidate.slice(),
        overridden: outcome.overridden.slice(),
        rolloutState: outcome.rolloutState.slice(),
      },
    };
  }

  /** One partner of the last evaluation, explained; null before any evaluation or for an index out of range. */
  explain(index: number): PartnerExplanation | null {
    if (!this.last || index < 0 || index >= this.last.partnerCount) return null;
    return explainPartner(this.last, index);
  }
}

export function transferablesOf(partners: PartnerColumns): ArrayBuffer[] {
  return Object.values(partners).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
}
