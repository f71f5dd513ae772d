/**
 * A CSV file's table read where it lies (docs/PERFORMANCE.md "The import"): the file's text
 * and the places of its fields (csv-scan.ts). A cell becomes a string only when one is asked
 * for; a metric's cells are read as numbers straight from the text, an identity field's
 * text is copied once, trimmed.
 */
import { asciiTextAtIn, blankIn, cellText, isNoText, noAsciiTextIn, noTextIn, packAsciiIn, packText, packTextIn, textAtIn, textIn } from '../../../../shared/io/cell-text';
import type { PackedTextBuilder } from '../../../../shared/model/packed-text';
import type { RawCell, RawTable, TextAt, ValueColumn } from '../../../../shared/io/types';
import type { ColumnFormat } from '../../../../shared/io/values/column-format';
import { cellError, cellValue, textValue } from '../../../../shared/io/values/parse';
import type { MetricKind } from '../../../../shared/model/workspace';
import { shapeGrid, type Grid } from '../table';
import type { CsvFields } from './csv-scan';

/** Field `f` as a cell: null when empty, else its text with doubled quotes made single (as Papa Parse gives it). */
function fieldCell(text: string, fields: CsvFields, f: number): RawCell {
  const start = fields.starts[f]!;
  const end = fields.ends[f]!;
  if (start >= 0) return start === end ? null : text.slice(start, end);
  return text.slice(~start, end).replaceAll('""', '"');
}

/** Whether field `f` is empty or white space (a field with doubled quotes never is). */
function blankField(text: string, fields: CsvFields, f: number): boolean {
  const start = fields.starts[f]!;
  return start >= 0 && blankIn(text, start, fields.ends[f]!);
}

/** The records of a CSV file as a grid to find its table in (table.ts). */
function csvGrid(text: string, fields: CsvFields): Grid {
  const { records, starts, ends } = fields;
  const size = (r: number) => records[r + 1]! - records[r]!;
  return {
    length: fields.count,
    size,
    // up to the last field with a value: a record of a million bare delimiters is no array
    // of a million empty cells (shaping reads the top rows' cells, and empty ones add nothing)
    cells: (r) => {
      let end = records[r + 1]!;
      while (end > records[r]! && blankField(text, fields, end - 1)) end -= 1;
      const out: RawCell[] = [];
      for (let f = records[r]!; f < end; f += 1) out.push(fieldCell(text, fields, f));
      return out;
    },
    // a field with doubled quotes is never empty: its start is negative, its end is not
    has: (r, c) => c < size(r) && starts[records[r]! + c] !== ends[records[r]! + c],
    blank: (r, c) => c >= size(r) || blankField(text, fields, records[r]! + c),
  };
}

/**
 * The table in a CSV file's records (table.ts `shapeGrid`), or null when they hold no value.
 * `ascii`: the text's codes when it is all ASCII (the file's bytes: CsvTable.ascii).
 */
export function shapeCsv(text: string, fields: CsvFields, ascii: Uint8Array | null = null): RawTable | null {
  const shape = shapeGrid(csvGrid(text, fields));
  if (!shape) return null;
  // the labels copied (a slice of the text would keep it alive in a remembered mapping)
  return new CsvTable(structuredClone(shape.headers), text, fields, shape.headerRow + 1, shape.end - shape.headerRow - 1, ascii);
}

export class CsvTable implements RawTable {
  readonly firstDataRow: number;
  /**
   * The text's codes when it is all ASCII (an ASCII file's bytes: `ascii[i]` is
   * `source.charCodeAt(i)`), from which identity fields are packed (`packAsciiIn`); else null.
   */
  readonly ascii: Uint8Array | null;

  constructor(
    readonly headers: string[],
    /** the file's text */
    readonly source: string,
    /** where its fields lie in the text (shared memory: the import's second thread reads them too) */
    readonly fields: CsvFields,
    /** the record of data row 0 */
    private readonly first: number,
    readonly rowCount: number,
    ascii: Uint8Array | null = null,
  ) {
    this.firstDataRow = first + 1;
    this.ascii = ascii && ascii.length === source.length ? ascii : null;
  }

  /** The field of a data row's cell, or -1 where the record is shorter (the cell is empty). */
  private field(row: number, column: number): number {
    const record = this.first + row;
    const f = this.fields.records[record]! + column;
    return column < this.headers.length && f < this.fields.records[record + 1]! ? f : -1;
  }

  cell(row: number, column: number): RawCell {
    const f = this.field(row, column);
    return f < 0 ? null : fieldCell(this.source, this.fields, f);
  }

  row(row: number): RawCell[] {
    return this.headers.map((_, c) => this.cell(row, c));
  }

  text(row: number, column: number): string {
    const f = this.field(row, column);
    if (f < 0) return '';
    const start = this.fields.starts[f]!;
    return start >= 0 ? textIn(this.source, start, this.fields.ends[f]!) : cellText(fieldCell(this.source, this.fields, f));
  }

  textAt(row: number, column: number, at: TextAt): boolean {
    const f = this.field(row, column);
    if (f < 0) {
      at.source = this.source;
      at.start = 0;
      at.end = 0;
      return true;
    }
    const start = this.fields.starts[f]!;
    if (start < 0) return false;
    return this.ascii ? asciiTextAtIn(this.ascii, this.source, start, this.fields.ends[f]!, at) : textAtIn(this.source, start, this.fields.ends[f]!, at);
  }

  noText(row: number, column: number): boolean {
    const f = this.field(row, column);
    if (f < 0) return true;
    const start = this.fields.starts[f]!;
    if (start < 0) return isNoText(this.text(row, column));
    return this.ascii ? noAsciiTextIn(this.ascii, this.source, start, this.fields.ends[f]!) : noTextIn(this.source, start, this.fields.ends[f]!);
  }

  packText(row: number, column: number, list: PackedTextBuilder, optional: boolean): void {
    const f = this.field(row, column);
    const start = f < 0 ? -1 : this.fields.starts[f]!;
    if (start < 0) packText(list, this.text(row, column), optional);
    else if (this.ascii) packAsciiIn(this.ascii, this.source, start, this.fields.ends[f]!, list, optional);
    else packTextIn(this.source, start, this.fields.ends[f]!, list, optional);
  }

  value(row: number, column: number, kind: MetricKind, format: ColumnFormat): number {
    const f = this.field(row, column);
    if (f < 0) return cellValue(null, kind, format);
    const start = this.fields.starts[f]!;
    return start >= 0 ? textValue(this.source, start, this.fields.ends[f]!, kind, format) : cellValue(fieldCell(this.source, this.fields, f), kind, format);
  }

  values(columns: readonly ValueColumn[], into: readonly Float64Array[], unreadable: readonly number[][], from: number, to: number): void {
    const { starts, ends, records } = this.fields;
    const text = this.source;
    const width = this.headers.length;
    // row by row, so each row's text is read while it is at hand (a column at a time read
    // every row's text once per column, and waited on memory for most of it)
    for (let r = from, record = this.first + from; r < to; r += 1, record += 1) {
      const first = records[record]!;
      const size = Math.min(records[record + 1]! - first, width);
      for (let m = 0; m < columns.length; m += 1) {
        const { index, kind, format } = columns[m]!;
        // a record shorter than the table: the cell is empty
        if (index >= size) continue;
        const f = first + index;
        const start = starts[f]!;
        const value = start >= 0 ? textValue(text, start, ends[f]!, kind, format) : cellValue(fieldCell(text, this.fields, f), kind, format);
        if (!Number.isNaN(value)) into[m]![r] = value;
        else if (cellError !== null) unreadable[m]!.push(r);
      }
    }
  }

  blankRow(row: number): boolean {
    for (let c = 0; c < this.headers.length; c += 1) {
      const f = this.field(row, c);
      if (f >= 0 && !blankField(this.source, this.fields, f)) return false;
    }
    return true;
  }
}
