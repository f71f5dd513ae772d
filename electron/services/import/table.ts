/**
 * From a grid of cells (a CSV file or one sheet) to a table: find the header row below
 * any title rows, join a merged group row above it, and drop trailing empty rows and
 * columns. Empty rows inside the data stay: validation reports them.
 *
 * The grid holds only the cells a file has (a row with no cells may be a hole), but the
 * table is a full rectangle: a grid whose cells are few and far apart (A1 and XFD1048576)
 * would make a table of billions of empty cells. Such a grid is refused before the
 * rectangle is built (SparseTableError).
 */
import { GridTable } from '../../../shared/io/grid-table';
import { MAX_HEADER_LENGTH, type RawCell } from '../../../shared/io/types';

/** A table of up to this many cells (32 MB of empty ones) is built however few of them hold values … */
export const SPARSE_FLOOR_CELLS = 4 * 1024 * 1024;
/** … a larger one only when at least one cell in this many holds a value. */
export const MAX_SPARSENESS = 16;

/** A place in the grid, 0-based. */
export interface GridPlace {
  row: number;
  column: number;
}

/**
 * A grid too sparse to be a partner list: its table would span `rows` × `columns` cells
 * (from `firstRow`, the header row) for `cells` cells with values. `stretchers` are the
 * cells that make it so: the right-most one and the lowest one.
 */
export class SparseTableError extends Error {
  constructor(
    readonly firstRow: number,
    readonly rows: number,
    readonly columns: number,
    readonly cells: number,
    readonly stretchers: GridPlace[],
  ) {
    super(`a table of ${rows} rows and ${columns} columns holds only ${cells} cells`);
    this.name = 'SparseTableError';
  }
}

/** A merged range of a sheet, 0-based and inclusive (SheetJS's `!merges`). */
export interface MergeRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

const HEADER_SCAN_ROWS = 30;

/**
 * A grid as shaping reads it: rows of cells, some of them holes. A spreadsheet's grid is
 * arrays of cells (`arrayGrid`); a CSV file's is places in its text (read/csv-table.ts),
 * whose cells are made into strings only for the few rows shaping looks at whole.
 */
export interface Grid {
  /** how many rows */
  readonly length: number;
  /** how many cells row `r` has (0 for a hole) */
  size(r: number): number;
  /** row `r`'s cells (the header row and the rows around it) */
  cells(r: number): readonly RawCell[];
  /** whether row `r` has a cell at `c` (null and undefined are no cell) */
  has(r: number, c: number): boolean;
  /** whether row `r`'s cell at `c` is missing, empty or white space */
  blank(r: number, c: number): boolean;
}

function isEmptyCell(cell: RawCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A grid of arrays of cells (a row may be a hole). */
export function arrayGrid(rows: readonly (readonly RawCell[] | undefined)[]): Grid {
  return {
    length: rows.length,
    size: (r) => rows[r]?.length ?? 0,
    cells: (r) => rows[r] ?? [],
    has: (r, c) => {
      const cell = rows[r]?.[c];
      return cell !== null && cell !== undefined;
    },
    blank: (r, c) => isEmptyCell(rows[r]?.[c]),
  };
}

function nonEmptyCount(grid: Grid, r: number): number {
  let n = 0;
  for (let c = 0; c < grid.size(r); c += 1) if (!grid.blank(r, c)) n += 1;
  return n;
}

function isTextLabel(cell: RawCell): boolean {
  if (typeof cell !== 'string') return false;
  const t = cell.trim();
  // a label has letters and is not just a number, a percentage or a date
  return /\p{L}/u.test(t) && !/^[-+(]?[$€£]?\s?\d[\d.,\s'%)]*$/.test(t);
}

/**
 * The 0-based index of the header row: the first of the top rows that is about as wide
 * as the widest of them and is made of text labels. Title rows above it (one wide cell,
 * "Generated on …") are skipped.
 */
function findHeaderRow(grid: Grid): number {
  const scan = Array.from({ length: Math.min(grid.length, HEADER_SCAN_ROWS) }, (_, r) => grid.cells(r));
  const count = (row: readonly RawCell[]) => row.filter((c) => !isEmptyCell(c)).length;
  const widest = Math.max(0, ...scan.map(count));
  if (widest === 0) return -1;
  const needed = widest === 1 ? 1 : Math.max(2, Math.ceil(widest * 0.6));
  for (let r = 0; r < scan.length; r += 1) {
    const filled = scan[r]!.filter((c) => !isEmptyCell(c));
    if (filled.length < needed) continue;
    const labels = filled.filter(isTextLabel).length;
    if (labels / filled.length >= 0.6) return r;
  }
  // no row of labels: take the first wide row
  return scan.findIndex((row) => count(row) >= needed);
}

function text(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell).replace(/\s+/g, ' ').trim();
}

/**
 * Header labels, with a group row above the header joined in when the sheet merges its
 * cells across header columns ("Revenue" over "Sourced ARR" and "Prior Year ARR"): a sub
 * label stays as it is unless two sub labels would collide, then it becomes
 * "Group – Sub". A header cell that is itself merged across columns names each of them.
 */
function headerLabels(grid: Grid, headerRow: number, width: number, merges: readonly MergeRange[]): string[] {
  const labels: string[] = [];
  const header = grid.cells(headerRow);
  for (let c = 0; c < width; c += 1) labels.push(text(header[c]));

  // a merged cell that covers the header row (across columns, or down from the group
  // row above) names every column it spans
  for (const m of merges) {
    if (m.s.r <= headerRow && m.e.r >= headerRow && (m.e.c > m.s.c || m.s.r < headerRow)) {
      const label = text(m.s.r < grid.length ? grid.cells(m.s.r)[m.s.c] : null);
      for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c += 1) if (!labels[c]) labels[c] = label;
    }
  }

  // a group row directly above: merged cells spanning several header columns
  const groups: string[] = new Array<string>(width).fill('');
  if (headerRow > 0) {
    for (const m of merges) {
      if (m.s.r === headerRow - 1 && m.e.r === headerRow - 1 && m.e.c > m.s.c) {
        const group = text(grid.cells(m.s.r)[m.s.c]);
        for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c += 1) groups[c] = group;
      }
    }
  }
  const seen = new Map<string, number>();
  for (const l of labels) if (l) seen.set(l.toLowerCase(), (seen.get(l.toLowerCase()) ?? 0) + 1);
  return labels.map((label, c) => {
    const group = groups[c];
    if (!group) return shortLabel(label);
    if (!label) return shortLabel(group);
    return shortLabel((seen.get(label.toLowerCase()) ?? 0) > 1 ? `${group} – ${label}` : label);
  });
}

/**
 * A header cell of megabytes (a stray quote that swallowed the file, a pasted note) is
 * kept to MAX_HEADER_LENGTH characters, so the mapping that names it can be sent back and
 * remembered; a surrogate pair is not cut in half.
 */
function shortLabel(label: string): string {
  if (label.length <= MAX_HEADER_LENGTH) return label;
  const end = /[\uD800-\uDBFF]/.test(label[MAX_HEADER_LENGTH - 1]!) ? MAX_HEADER_LENGTH - 1 : MAX_HEADER_LENGTH;
  return label.slice(0, end);
}

/**
 * A two-row header: the row found is a group row ("Revenue" merged over two columns, or
 * labels merged down over both rows) and the row below it holds the real labels.
 */
function isGroupRow(grid: Grid, row: number, merges: readonly MergeRange[]): boolean {
  const groups = merges.some((m) => m.s.r === row && m.e.r === row && m.e.c > m.s.c);
  const downward = merges.some((m) => m.s.r === row && m.e.r > row);
  if (!groups && !downward) return false;
  const below = (row + 1 < grid.length ? grid.cells(row + 1) : []).filter((c) => !isEmptyCell(c));
  return below.length >= 2 && below.every(isTextLabel);
}

/**
 * Throws SparseTableError when the table from `headerRow` to `end` (exclusive), `width`
 * columns wide, spans more than SPARSE_FLOOR_CELLS cells and more than MAX_SPARSENESS
 * times the cells with values in it. Counting stops as soon as there are enough.
 */
function refuseSparse(grid: Grid, headerRow: number, end: number, width: number, rightmost: GridPlace): void {
  const span = (end - headerRow) * width;
  if (span <= SPARSE_FLOOR_CELLS) return;
  const needed = span / MAX_SPARSENESS;
  let cells = 0;
  for (let r = headerRow; r < end; r += 1) {
    for (let c = 0; c < grid.size(r); c += 1) if (grid.has(r, c)) cells += 1;
    if (cells >= needed) return;
  }
  // the cells to name: the right-most one when it lies beyond the header row, the lowest
  // one when it lies below a gap; when neither does, both
  const lastFilled = (r: number) => {
    let c = grid.size(r) - 1;
    while (c > 0 && grid.blank(r, c)) c -= 1;
    return Math.max(0, c);
  };
  const lowest: GridPlace = { row: end - 1, column: lastFilled(end - 1) };
  let above = end - 2;
  while (above > headerRow && nonEmptyCount(grid, above) === 0) above -= 1;
  const named: GridPlace[] = [];
  if (rightmost.column > lastFilled(headerRow)) named.push(rightmost);
  if (lowest.row - above > 1) named.push(lowest);
  if (named.length === 0) named.push(rightmost, lowest);
  const stretchers = named.filter((p, i) => i === 0 || p.row !== named[0]!.row || p.column !== named[0]!.column);
  throw new SparseTableError(headerRow, end - headerRow, width, cells, stretchers);
}

/** Where a grid's table lies: its header row and labels, and its data rows and width. */
export interface TableShape {
  headers: string[];
  /** the header row, 0-based */
  headerRow: number;
  /** the row after the last with a value (exclusive) */
  end: number;
  width: number;
}

/**
 * Finds the table in a grid: its header row (below any title rows, with a merged group row
 * above it joined in), and its data rows and columns, trailing empty ones dropped; null
 * when the grid holds no value. Throws SparseTableError for a grid too sparse to be a list.
 */
export function shapeGrid(grid: Grid, merges: readonly MergeRange[] = []): TableShape | null {
  let headerRow = findHeaderRow(grid);
  if (headerRow < 0) return null;
  if (isGroupRow(grid, headerRow, merges)) headerRow += 1;

  // width: the last column with a header or any value (and the first cell found there)
  let width = 0;
  const rightmost: GridPlace = { row: headerRow, column: 0 };
  for (let r = headerRow; r < grid.length; r += 1) {
    for (let c = grid.size(r) - 1; c >= width; c -= 1) {
      if (!grid.blank(r, c)) {
        width = c + 1;
        rightmost.row = r;
        rightmost.column = c;
        break;
      }
    }
  }
  // height: the last row with any value
  let end = grid.length;
  while (end > headerRow + 1 && nonEmptyCount(grid, end - 1) === 0) end -= 1;
  refuseSparse(grid, headerRow, end, width, rightmost);
  return { headers: headerLabels(grid, headerRow, width, merges), headerRow, end, width };
}

/** Whether a row has a cell (a value or null) in every place: no holes, no undefined. */
function isFull(row: readonly RawCell[]): boolean {
  for (let c = 0; c < row.length; c += 1) if (row[c] === undefined) return false;
  return true;
}

/**
 * The table in a grid of arrays of cells (`shapeGrid`), its rows `width` cells long.
 * With `giveRows` the grid's rows are the caller's to give away: a row already of the
 * table's width, with a cell in every place, becomes a table row as it is instead of being
 * copied (a CSV file's 100K rows: 100K arrays fewer to make and collect, docs/PERFORMANCE.md
 * "The import").
 */
export function shapeTable(grid: readonly (readonly RawCell[] | undefined)[], merges: readonly MergeRange[] = [], giveRows = false): GridTable | null {
  const shape = shapeGrid(arrayGrid(grid), merges);
  if (!shape) return null;
  const { headerRow, end, width } = shape;
  const rows: RawCell[][] = [];
  for (let r = headerRow + 1; r < end; r += 1) {
    const source = grid[r] ?? [];
    if (giveRows && source.length === width && isFull(source)) {
      // given away by the caller (`giveRows`): nothing else holds it
      rows.push(source as RawCell[]);
      continue;
    }
    const row: RawCell[] = new Array<RawCell>(width);
    for (let c = 0; c < width; c += 1) {
      const cell = source[c];
      row[c] = cell === undefined ? null : cell;
    }
    rows.push(row);
  }
  return new GridTable(shape.headers, rows, headerRow + 2);
}
