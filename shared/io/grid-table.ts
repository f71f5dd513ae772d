/**
 * A table whose data rows are arrays of cells (a spreadsheet's sheet, or a table a test
 * writes out): each row `headers.length` cells long, null where a cell is empty.
 */
import type { MetricKind } from '../model/workspace';
import { cellText } from './cell-text';
import type { RawCell, RawTable } from './types';
import type { ColumnFormat } from './values/column-format';
import { cellError, cellValue } from './values/parse';

export class GridTable implements RawTable {
  constructor(
    readonly headers: string[],
    /** the data rows, each `headers.length` cells: nothing may change them */
    readonly rows: readonly RawCell[][],
    readonly firstDataRow: number,
  ) {}

  get rowCount(): number {
    return this.rows.length;
  }

  cell(row: number, column: number): RawCell {
    return this.rows[row]![column] ?? null;
  }

  row(row: number): RawCell[] {
    return this.rows[row]!.slice();
  }

  text(row: number, column: number): string {
    return cellText(this.rows[row]![column] ?? null);
  }

  value(row: number, column: number, kind: MetricKind, format: ColumnFormat): number {
    return cellValue(this.rows[row]![column] ?? null, kind, format);
  }

  values(column: number, kind: MetricKind, format: ColumnFormat, into: Float64Array): number[] {
    const unreadable: number[] = [];
    for (let r = 0; r < this.rows.length; r += 1) {
      const value = cellValue(this.rows[r]![column] ?? null, kind, format);
      if (!Number.isNaN(value)) into[r] = value;
      else if (cellError !== null) unreadable.push(r);
    }
    return unreadable;
  }

  blankRow(row: number): boolean {
    const cells = this.rows[row]!;
    for (let c = 0; c < cells.length; c += 1) {
      const cell = cells[c] ?? null;
      if (cell !== null && !(typeof cell === 'string' && cell.trim() === '')) return false;
    }
    return true;
  }
}
