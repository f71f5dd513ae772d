/**
 * A table whose data rows are arrays of cells (a spreadsheet's sheet, or a table a test
 * writes out): each row `headers.length` cells long, null where a cell is empty.
 */
import type { MetricKind } from '../model/workspace';
import type { PackedTextBuilder } from '../model/packed-text';
import { cellText, isNoText, packText } from './cell-text';
import type { RawCell, RawTable, ValueColumn } from './types';
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

  noText(row: number, column: number): boolean {
    return isNoText(this.text(row, column));
  }

  textAt(): boolean {
    // a grid's cells are values of their own: their text is made (`text`)
    return false;
  }

  packText(row: number, column: number, list: PackedTextBuilder, optional: boolean): void {
    packText(list, this.text(row, column), optional);
  }

  value(row: number, column: number, kind: MetricKind, format: ColumnFormat): number {
    return cellValue(this.rows[row]![column] ?? null, kind, format);
  }

  values(columns: readonly ValueColumn[], into: readonly Float64Array[], unreadable: readonly number[][], from: number, to: number): void {
    for (let r = from; r < to; r += 1) {
      const cells = this.rows[r]!;
      for (let m = 0; m < columns.length; m += 1) {
        const { index, kind, format } = columns[m]!;
        const value = cellValue(cells[index] ?? null, kind, format);
        if (!Number.isNaN(value)) into[m]![r] = value;
        else if (cellError !== null) unreadable[m]!.push(r);
      }
    }
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
