/**
 * SheetJS's cells as the import's raw cells: numbers, text, booleans, dates as ISO text (in
 * the workbook's 1900 or 1904 date system) and error values as their text.
 */
import * as XLSX from 'xlsx';
import type { RawCell } from '../../../../shared/io/types';

/** Excel's error codes (SheetJS gives the code in `v` when cell text is not kept). */
const ERROR_TEXT: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

/** ISO date of a SheetJS date serial, read through its own date code (1900/1904 systems). */
function serialToIso(serial: number, date1904: boolean): string | null {
  const code = XLSX.SSF.parse_date_code(serial, { date1904 });
  if (!code || !code.y) return null;
  return `${String(code.y).padStart(4, '0')}-${String(code.m).padStart(2, '0')}-${String(code.d).padStart(2, '0')}`;
}

function cellValue(cell: XLSX.CellObject | undefined, date1904: boolean): RawCell {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      if (cell.z !== undefined && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) return serialToIso(v, date1904) ?? v;
      return v;
    }
    case 's':
      return cell.v === '' || cell.v === undefined ? null : (cell.v as string);
    case 'b':
      return cell.v as boolean;
    case 'd': {
      const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
    }
    case 'e':
      // an error value: its text, read like the same text in a CSV (#N/A is no data,
      // #DIV/0! is unparseable)
      return cell.w ?? ERROR_TEXT[cell.v as number] ?? '#ERROR!';
    default:
      return null;
  }
}

/** The sheet's rows as cells; a row SheetJS has no cells for stays a hole (a sparse sheet holds few rows). */
export function toGrid(data: (XLSX.CellObject | undefined)[][], date1904: boolean): (RawCell[] | undefined)[] {
  const grid = new Array<RawCell[] | undefined>(data.length);
  for (let r = 0; r < data.length; r += 1) {
    const source = data[r];
    if (source) grid[r] = gridRow(source, date1904);
  }
  return grid;
}

export function gridRow(source: readonly (XLSX.CellObject | undefined)[], date1904: boolean): RawCell[] {
  const row = new Array<RawCell>(source.length);
  for (let c = 0; c < source.length; c += 1) row[c] = cellValue(source[c], date1904);
  return row;
}
