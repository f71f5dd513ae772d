/** What the import's two threads say to each other (values-worker.ts, parallel-values.ts). */
import { emptyMetricValues, type MetricValues, type RawTable, type ValueColumn } from '../../../../shared/io/types';
import type { ValueWidth } from '../../workspace/metric-values';
import type { CsvFields } from './csv-scan';

export type ValuesRequest =
  | { type: 'table'; job: number; text: string; fields: CsvFields }
  | { type: 'values'; job: number; request: number; columns: ValueColumn[]; rows: number }
  | { type: 'drop'; job: number };

/**
 * Each column read, encoded as the workspace stores it (workspace/metric-values.ts) where it
 * is stored in fewer bytes than its values (null: a column of 8-byte floats, stored as read).
 * Given only when every cell read: otherwise the rows that import are a copy.
 */
export type EncodedColumns = ({ width: ValueWidth; bytes: Uint8Array } | null)[];

export type ValuesReply = { request: number } & ((MetricValues & { encoded?: EncodedColumns }) | { error: string });

/** `table.values` over every row, into fresh columns of NaN: what both threads read. */
export function readValues(table: RawTable, columns: readonly ValueColumn[]): MetricValues {
  const read = emptyMetricValues(columns.length, table.rowCount);
  table.values(columns, read.values, read.unreadable, 0, table.rowCount);
  return read;
}
