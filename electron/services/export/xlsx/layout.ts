/**
 * Where a sheet's parts go and how it prints (DESIGN D10.1): the rows of its title and
 * header, its column widths and row heights, the pages it prints across and the print
 * titles repeated on each page.
 */
import { columnLetter } from '../../../../shared/io/types';
import { cellText, type Cell, type SheetSpec } from '../../../../shared/report/sheet';

interface Layout {
  /** 1-based row of the header (title lines, a blank line, then the header) */
  headerRow: number;
  lastRow: number;
  lastColumn: string;
}

export function layoutOf(sheet: SheetSpec): Layout {
  const headerRow = sheet.title.length > 0 ? sheet.title.length + 2 : 1;
  return { headerRow, lastRow: headerRow + sheet.rowCount, lastColumn: columnLetter(Math.max(0, sheet.columns.length - 1)) };
}

/** Column widths in characters that fit the header and the widest of the first rows (8 to 42). */
export function columnWidths(sheet: SheetSpec, currency: string, sample = 500): number[] {
  // headers wrap, so a long one (a scenario's name) does not make its column wide
  const widths = sheet.columns.map((c) => Math.min(24, c.header.length + 3));
  const rows = Math.min(sheet.rowCount, sample);
  for (let i = 0; i < rows; i += 1) {
    const row = sheet.row(i);
    sheet.columns.forEach((c, k) => {
      // a long text (a description, reasons) spills over or is cut; it does not widen its column past 42
      const len = Math.min(42, cellText(row[k] ?? null, c.format, currency).length + 2);
      if (len > widths[k]!) widths[k] = len;
    });
  }
  return widths.map((w) => Math.max(8, w));
}

/**
 * A row whose wrapped texts need more than one line gets the height they need: spreadsheet
 * apps do not all measure rows on opening a file.
 */
export function rowHeight(row: readonly Cell[], sheet: SheetSpec, widths: readonly number[]): string {
  let lines = 1;
  sheet.columns.forEach((c, k) => {
    const cell = row[k];
    if (c.wrap && typeof cell === 'string' && cell.length > widths[k]! - 2) lines = Math.max(lines, Math.ceil(cell.length / (widths[k]! - 2)));
  });
  return lines > 1 ? ` ht="${Math.min(409, lines * 15)}" customHeight="1"` : '';
}

/** The printable width of a page, in points: the narrower of US Letter and A4 in each orientation, less the margins written below. */
const PAGE_WIDTH_PT = { landscape: 11 * 72 - 72, portrait: 8.27 * 72 - 72 };
/** The smallest print scale 'readable' allows: 11-point type prints at 8 points or more. */
export const MIN_READABLE_SCALE = 0.72;

/** A column's printed width in points: `width` characters of Calibri 11's digit (7 px at 96 dpi) and the cell's padding. */
function columnPoints(width: number): number {
  return (width * 7 + 5) * 0.75;
}

/**
 * How many pages across the sheet prints on: its `pagesAcross`, or for 'readable' the
 * fewest that keep the print scale at MIN_READABLE_SCALE or more, each page repeating the
 * print-title columns.
 */
export function pagesAcrossOf(sheet: Pick<SheetSpec, 'pagesAcross' | 'printTitleColumns' | 'landscape'>, widths: readonly number[]): number {
  const wanted = sheet.pagesAcross ?? 1;
  if (wanted !== 'readable') return Math.max(1, Math.floor(wanted));
  const page = (sheet.landscape ? PAGE_WIDTH_PT.landscape : PAGE_WIDTH_PT.portrait) / MIN_READABLE_SCALE;
  const points = widths.map(columnPoints);
  const total = points.reduce((sum, w) => sum + w, 0);
  if (total <= page) return 1;
  const titles = points.slice(0, Math.min(sheet.printTitleColumns ?? 0, points.length - 1)).reduce((sum, w) => sum + w, 0);
  // print titles take their room on every page; never less than one column's worth per page
  const room = Math.max(page - titles, Math.max(...points));
  return Math.ceil((total - titles) / room);
}

/** The print titles of a sheet (its defined name _xlnm.Print_Titles): the first `printTitleColumns` columns and the header row. */
export function printTitles(sheet: SheetSpec): string {
  const { headerRow } = layoutOf(sheet);
  const quoted = `'${sheet.name.replace(/'/g, "''")}'`;
  const columns = Math.min(sheet.printTitleColumns ?? 0, sheet.columns.length - 1);
  const rows = `${quoted}!$${headerRow}:$${headerRow}`;
  return columns > 0 ? `${quoted}!$A:$${columnLetter(columns - 1)},${rows}` : rows;
}
