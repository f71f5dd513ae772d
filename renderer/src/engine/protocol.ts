/** Messages between the page and the engine worker. Every request carries an id; the answer repeats it. */
import type { PartnerExplanation } from '../../../shared/engine';
import type { DatasetColumns } from '../../../shared/ipc/columns';
import type { Scenario } from '../../../shared/model/scenario';
import type { Evaluation } from './core';

export type EngineRequest =
  | { id: number; type: 'load'; columns: DatasetColumns }
  | { id: number; type: 'evaluate'; scenario: Scenario }
  | { id: number; type: 'explain'; index: number };

export type EngineAnswer =
  | { id: number; ok: true; type: 'load'; value: { datasetId: number; partners: number } }
  | { id: number; ok: true; type: 'evaluate'; value: Evaluation }
  | { id: number; ok: true; type: 'explain'; value: PartnerExplanation | null }
  | { id: number; ok: false; error: string };
