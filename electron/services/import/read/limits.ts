/**
 * What a read refuses for a table's size or shape, in words: cells beyond the last row or
 * column a spreadsheet can hold, and a table too sparse to be a partner list (table.ts).
 */
import type * as XLSX from 'xlsx';
import { columnLetter } from '../../../../shared/io/types';
import { BadFileError } from '../errors';
import type { GridPlace, SparseTableError } from '../table';

/** Excel's sheet size (A1:XFD1048576). */
export const MAX_SHEET_ROWS = 1_048_576;
const MAX_SHEET_COLUMNS = 16_384;

/**
 * A cell beyond the sheet size (a reference such as "ZZZZZZ1" or "A99999999" in a damaged
 * or hand-made file) gives a sparse row or sheet hundreds of millions of cells long, which
 * would take minutes and gigabytes to walk.
 */
export function beyondSheetLimits(data: readonly ((XLSX.CellObject | undefined)[] | undefined)[]): boolean {
  if (data.length > MAX_SHEET_ROWS) return true;
  for (let r = 0; r < data.length; r += 1) if ((data[r]?.length ?? 0) > MAX_SHEET_COLUMNS) return true;
  return false;
}

export function sheetBeyondLimits(quoted: string, name: string): BadFileError {
  return new BadFileError(`${quoted} is damaged: sheet "${name}" has cells beyond the last row or column a spreadsheet can hold (row 1,048,576, column XFD).`);
}

/** A count as the messages write it (1,048,576). */
export const count = (n: number) => n.toLocaleString('en-US');

/**
 * A table too sparse to be a partner list (table.ts), in words: where it spans and which
 * cells stretch it — as sheet references for a workbook (`sheet` named), as rows and
 * columns for a CSV file.
 */
export function sparseRefusal(quoted: string, sheet: string | null, error: SparseTableError): BadFileError {
  const at = (p: GridPlace) => (sheet === null ? `row ${count(p.row + 1)}, column ${count(p.column + 1)}` : `${columnLetter(p.column)}${p.row + 1}`);
  const places = error.stretchers.map(at);
  const stretch = places.length === 1 ? `the cell at ${places[0]} stretches it` : `the cells at ${places.join(' and ')} stretch it`;
  const span = `${count(error.rows)} rows and ${count(error.columns)} columns`;
  if (sheet === null) {
    return new BadFileError(
      `${quoted} is too sparse to be a partner list: its table spans ${span} for ${count(error.cells)} cells with values, and ${stretch}. Remove what lies outside the list, or save the list to a new file.`,
    );
  }
  const range = `A${error.firstRow + 1}:${columnLetter(error.columns - 1)}${error.firstRow + error.rows}`;
  return new BadFileError(
    `${quoted} is too sparse to be a partner list: sheet "${sheet}" spans ${span} (${range}) for ${count(error.cells)} cells with values, and ${stretch}. Delete the cells outside the list, or copy the list to a new sheet.`,
  );
}
