/** Messages between the page and the engine worker. Every request carries an id; the answer repeats it. */
import type { PartnerExplanation, GoalSeekResult, ThresholdRef, IdOverlap } from '../../../shared/engine';
import type { DecodedColumns } from '../../../shared/ipc/columns';
import type { Scenario } from '../../../shared/model/scenario';
import type { Result } from '../../../shared/model/result';
import type { CompareAnswer, CycleRef, DiffAnswer, Evaluation, OverlapRef, ReplayAnswer, SweepAnswer } from './core';

export interface ComparedEntry {
  name: string;
  baseline: boolean;
  scenario: Scenario;
}

export type EngineRequest =
  | { id: number; type: 'load'; key: string; columns: DecodedColumns }
  | { id: number; type: 'evaluate'; key: string; scenario: Scenario }
  | { id: number; type: 'explain'; index: number }
  | { id: number; type: 'compare'; key: string; entries: ComparedEntry[] }
  | { id: number; type: 'diff'; key: string; a: Scenario; b: Scenario; limit: number }
  | { id: number; type: 'sweep'; key: string; scenario: Scenario; ref: ThresholdRef; values: number[] }
  | { id: number; type: 'goalSeek'; key: string; scenario: Scenario; ref: ThresholdRef; target: { count: number } | { share: number } }
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
  replay: ReplayAnswer;
  replayOverlaps: IdOverlap[];
}

export type EngineAnswer = { id: number } & Result<unknown>;
