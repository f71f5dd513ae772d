/** What the import's two threads say to each other (values-worker.ts, parallel-values.ts). */
import type { MetricValues, RawTable, ValueColumn } from '../../../../shared/io/types';
import type { CsvFields } from './csv-scan';

export type ValuesRequest =
  | { type: 'table'; job: number; text: string; fields: CsvFields }
  | { type: 'values'; job: number; request: number; columns: ValueColumn[]; rows: number }
  | { type: 'drop'; job: number };

export type ValuesReply = { request: number } & (MetricValues | { error: string });

/** `table.values` over every row, into fresh columns of NaN: what both threads read. */
export function readValues(table: RawTable, columns: readonly ValueColumn[]): MetricValues {
  const values = columns.map(() => new Float64Array(table.rowCount).fill(Number.NaN));
  const unreadable = columns.map((): number[] => []);
  table.values(columns, values, unreadable, 0, table.rowCount);
  return { values, unreadable };
}
