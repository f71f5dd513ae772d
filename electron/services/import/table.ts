/**
 * From a grid of cells (a CSV file or one sheet) to a table: find the header row below
 * any title rows, join a merged group row above it, and drop trailing empty rows and
 * columns. Empty rows inside the data stay: validation reports them.
 */
import { MAX_HEADER_LENGTH, type RawCell, type RawTable } from '../../../shared/io/types';

/** A merged range of a sheet, 0-based and inclusive (SheetJS's `!merges`). */
export interface MergeRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

const HEADER_SCAN_ROWS = 30;

function isEmptyCell(cell: RawCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function nonEmptyCount(row: readonly RawCell[] | undefined): number {
  if (!row) return 0;
  let n = 0;
  for (const cell of row) if (!isEmptyCell(cell)) n += 1;
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
export function findHeaderRow(grid: readonly (readonly RawCell[])[]): number {
  const scan = grid.slice(0, HEADER_SCAN_ROWS);
  const widest = Math.max(0, ...scan.map((row) => nonEmptyCount(row)));
  if (widest === 0) return -1;
  const needed = widest === 1 ? 1 : Math.max(2, Math.ceil(widest * 0.6));
  for (let r = 0; r < scan.length; r += 1) {
    const row = scan[r]!;
    const filled = row.filter((c) => !isEmptyCell(c));
    if (filled.length < needed) continue;
    const labels = filled.filter(isTextLabel).length;
    if (labels / filled.length >= 0.6) return r;
  }
  // no row of labels: take the first wide row
  return scan.findIndex((row) => nonEmptyCount(row) >= needed);
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
export function headerLabels(grid: readonly (readonly RawCell[])[], headerRow: number, width: number, merges: readonly MergeRange[]): string[] {
  const labels: string[] = [];
  const header = grid[headerRow] ?? [];
  for (let c = 0; c < width; c += 1) labels.push(text(header[c]));

  // a merged cell that covers the header row (across columns, or down from the group
  // row above) names every column it spans
  for (const m of merges) {
    if (m.s.r <= headerRow && m.e.r >= headerRow && (m.e.c > m.s.c || m.s.r < headerRow)) {
      const label = text(grid[m.s.r]?.[m.s.c]);
      for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c += 1) if (!labels[c]) labels[c] = label;
    }
  }

  // a group row directly above: merged cells spanning several header columns
  const groups: string[] = new Array<string>(width).fill('');
  if (headerRow > 0) {
    for (const m of merges) {
      if (m.s.r === headerRow - 1 && m.e.r === headerRow - 1 && m.e.c > m.s.c) {
        const group = text(grid[m.s.r]?.[m.s.c]);
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

/** Builds the table: header labels, data rows below the header, trailing empties dropped. */
/**
 * A two-row header: the row found is a group row ("Revenue" merged over two columns, or
 * labels merged down over both rows) and the row below it holds the real labels.
 */
function isGroupRow(grid: readonly (readonly RawCell[])[], row: number, merges: readonly MergeRange[]): boolean {
  const groups = merges.some((m) => m.s.r === row && m.e.r === row && m.e.c > m.s.c);
  const downward = merges.some((m) => m.s.r === row && m.e.r > row);
  if (!groups && !downward) return false;
  const below = (grid[row + 1] ?? []).filter((c) => !isEmptyCell(c));
  return below.length >= 2 && below.every(isTextLabel);
}

export function shapeTable(grid: readonly (readonly RawCell[])[], merges: readonly MergeRange[] = []): RawTable | null {
  let headerRow = findHeaderRow(grid);
  if (headerRow < 0) return null;
  if (isGroupRow(grid, headerRow, merges)) headerRow += 1;

  // width: the last column with a header or any value
  let width = 0;
  for (let r = headerRow; r < grid.length; r += 1) {
    const row = grid[r]!;
    for (let c = row.length - 1; c >= width; c -= 1) {
      if (!isEmptyCell(row[c])) {
        width = c + 1;
        break;
      }
    }
  }
  // height: the last row with any value
  let end = grid.length;
  while (end > headerRow + 1 && nonEmptyCount(grid[end - 1]) === 0) end -= 1;

  const headers = headerLabels(grid, headerRow, width, merges);
  const rows: RawCell[][] = [];
  for (let r = headerRow + 1; r < end; r += 1) {
    const source = grid[r] ?? [];
    const row: RawCell[] = new Array<RawCell>(width);
    for (let c = 0; c < width; c += 1) {
      const cell = source[c];
      row[c] = cell === undefined ? null : cell;
    }
    rows.push(row);
  }
  return { headers, rows, firstDataRow: headerRow + 2 };
}
