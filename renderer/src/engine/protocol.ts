/** Messages between the page and the engine worker. Every request carries an id; the answer repeats it. */
import type { PartnerExplanation, GoalSeekResult, ThresholdRef, IdOverlap } from '../../../shared/engine';
import type { TargetDesign, TargetProgress, TargetRequest } from '../../../shared/engine';
import type { DatasetColumns } from '../../../shared/ipc/columns';
import type { Scenario } from '../../../shared/model/scenario';
import type { Result } from '../../../shared/model/result';
import type { CompareAnswer, CycleRef, DiffAnswer, Evaluation, OverlapRef, ReplayAnswer, SweepAnswer } from './core';

export interface ComparedEntry {
  name: string;
  baseline: boolean;
  scenario: Scenario;
}

export type EngineRequest =
  | { id: number; type: 'load'; key: string; columns: DatasetColumns }
  | { id: number; type: 'evaluate'; key: string; scenario: Scenario }
  | { id: number; type: 'explain'; index: number }
  | { id: number; type: 'compare'; key: string; entries: ComparedEntry[] }
  | { id: number; type: 'diff'; key: string; a: Scenario; b: Scenario; limit: number }
  | { id: number; type: 'sweep'; key: string; scenario: Scenario; ref: ThresholdRef; values: number[] }
  | { id: number; type: 'goalSeek'; key: string; scenario: Scenario; ref: ThresholdRef; target: { count: number } | { share: number } }
  | { id: number; type: 'design'; key: string; scenario: Scenario; request: TargetRequest }
  /** stops request `target` (a design) between two of its steps; answered by that request, with CANCELLED */
  | { id: number; type: 'cancel'; target: number }
  | { id: number; type: 'replay'; scenario: Scenario; cycles: CycleRef[] }
  | { id: number; type: 'replayOverlaps'; pairs: OverlapRef[] };

/** What each request answers with. */
export interface EngineValues {
  load: { datasetId: number; partners: number };
  evaluate: Evaluation;
  explain: PartnerExplanation | null;
  compare: CompareAnswer;
  diff: DiffAnswer;
  sweep: SweepAnswer;
  goalSeek: GoalSeekResult;
  design: TargetDesign;
  cancel: null;
  replay: ReplayAnswer;
  replayOverlaps: IdOverlap[];
}

/** The answer to a request, or (before the answer to a design) how far it has come. */
export type EngineAnswer = ({ id: number } & Result<unknown>) | { id: number; progress: TargetProgress };

/** The error a cancelled request answers with. */
export const CANCELLED = 'Cancelled.';

/** How many ms of steps the worker runs before it reports progress and reads its messages. */
export const SLICE_MS = 40;
