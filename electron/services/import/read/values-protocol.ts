/** What the import's two threads say to each other (values-worker.ts, parallel-values.ts). */
import { emptyMetricValues, type MetricValues, type RawTable, type ValueColumn } from '../../../../shared/io/types';
import type { CsvFields } from './csv-scan';

export type ValuesRequest =
  | { type: 'table'; job: number; text: string; fields: CsvFields }
  | { type: 'values'; job: number; request: number; columns: ValueColumn[]; rows: number }
  | { type: 'drop'; job: number };

export type ValuesReply = { request: number } & (MetricValues | { error: string });

/** `table.values` over every row, into fresh columns of NaN: what both threads read. */
export function readValues(table: RawTable, columns: readonly ValueColumn[]): MetricValues {
  const read = emptyMetricValues(columns.length, table.rowCount);
  table.values(columns, read.values, read.unreadable, 0, table.rowCount);
  return read;
}
