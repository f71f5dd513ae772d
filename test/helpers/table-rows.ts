/** A table's data rows as arrays of cells, for tests to compare whole. */
import type { RawCell, RawTable } from '../../shared/io/types';

export function rowsOf(table: RawTable): RawCell[][] {
  return Array.from({ length: table.rowCount }, (_, r) => table.row(r));
}
