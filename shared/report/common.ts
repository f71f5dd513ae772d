/**
 * What every sheet builder of the leadership workbook (DESIGN D10.1) shares: the report's
 * input (the compared scenarios, each with its outcome, on one dataset) and the helpers
 * that make a table, name a ladder or a motion and write the dataset line.
 */
import type { LadderInfo, Outcome } from '../engine';
import { datasetCurrency, withCurrencies } from '../model/currency';
import type { ColumnarDataset } from '../model/dataset';
import { metricLookup, type MetricLookup } from '../model/describe';
import { formatCount } from '../model/format';
import { ANY_MOTION, type Scenario } from '../model/scenario';
import type { OptionalSheet } from './options';
import type { Cell, CellFormat, ColumnSpec, SheetSpec } from './sheet';

export interface ReportScenario {
  scenario: Scenario;
  /** evaluated on `data` by the engine (explanations need the very object evaluate returned) */
  outcome: Outcome;
}

export interface ReportInput {
  dataset: { label: string; asOf: string | null; partners: number };
  data: ColumnarDataset;
  /** 1 to 6, in the order they are shown */
  scenarios: ReportScenario[];
  /** the optional sheets to include (Summary always is) */
  sheets: readonly OptionalSheet[];
  /** index into `scenarios` of the scenario whose report cards to add; null: none */
  reportCards: number | null;
  /** ISO 8601 date-time of the export */
  exportedAt: string;
}

export function table(name: string, title: string[], columns: ColumnSpec[], rows: Cell[][], options: Partial<Pick<SheetSpec, 'freezeColumns' | 'landscape'>> = {}): SheetSpec {
  return { name, title, columns, rowCount: rows.length, row: (i) => rows[i]!, freezeColumns: options.freezeColumns ?? 1, landscape: options.landscape ?? true };
}

export const col = (header: string, format: CellFormat = 'text'): ColumnSpec => ({ header, format });
/** a text column whose long entries wrap */
export const wrapped = (header: string): ColumnSpec => ({ header, format: 'text', wrap: true });

/** The list's and the scenario's derived metrics, each currency metric in its currency (shared/model/currency). */
export function metricsOf(input: ReportInput, scenario: Scenario): MetricLookup {
  return metricLookup(withCurrencies([...input.data.metrics, ...scenario.derivedMetrics], datasetCurrency(input.data.metrics)));
}

export function ladderOf(outcome: Outcome, ladderId: string | null): LadderInfo | undefined {
  return ladderId === null ? undefined : outcome.ladders.find((l) => l.id === ladderId);
}

export function motionWords(motion: string): string {
  return motion === ANY_MOTION ? 'every other motion' : motion;
}

export function datasetLine(input: ReportInput): string {
  const d = input.dataset;
  return `Dataset: ${d.label} · ${formatCount(d.partners)} partners${d.asOf ? ` · as of ${d.asOf}` : ''}`;
}
