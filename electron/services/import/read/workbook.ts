/**
 * Reading a spreadsheet into a table (DESIGN D9.1): an XLSX through the fast reader
 * (fast-xlsx/, issue 23) whenever it reads it exactly as SheetJS would; the rest — and XLS
 * and ODS — through SheetJS, only the chosen sheet parsed (without a choice, the one that
 * looks most like a partner list), a sheet too large for SheetJS in one go read in pieces,
 * and a sheet SheetJS could not read explained.
 */
import * as XLSX from 'xlsx';
import { matchField } from '../../../../shared/io/header-fields';
import type { RawCell, RawTable } from '../../../../shared/io/types';
import { BadFileError, CancelledError } from '../errors';
import { readFastWorkbook } from '../fast-xlsx/read';
import { openLargeWorkbook, type LargeWorkbook } from '../large-sheet';
import { diagnoseSheet } from '../large-sheet/diagnose';
import { LargeSheetError, MAX_PART_BYTES, tooLargeProblem } from '../large-sheet/guards';
import { shapeTable, SparseTableError, type MergeRange } from '../table';
import { gridRow, toGrid } from './cells';
import { readBook } from './inflate';
import { beyondSheetLimits, count, MAX_SHEET_ROWS, sheetBeyondLimits, sparseRefusal } from './limits';
import { nextTurn, throwIfCancelled, type ReadOptions, type SourceFormat, type SourceTable } from './source';

export async function readWorkbook(
  bytes: Buffer,
  fileName: string,
  kind: 'zip' | 'xls',
  options: ReadOptions,
): Promise<Omit<SourceTable, 'modified'>> {
  // an XLSX through the fast reader (issue 23); what it declines, and XLS and ODS, through SheetJS
  if (kind === 'zip') {
    const fast = await readFastWorkbook(bytes, fileName, options, sheetScore);
    if (fast) return fast;
  }
  return readWorkbookWithSheetJs(bytes, fileName, kind, options);
}

/** The workbook through SheetJS alone (the fast XLSX reader's reference in its tests). */
export async function readWorkbookWithSheetJs(
  bytes: Buffer,
  fileName: string,
  kind: 'zip' | 'xls',
  options: ReadOptions,
): Promise<Omit<SourceTable, 'modified'>> {
  const quoted = `"${fileName}"`;
  const base: XLSX.ParsingOptions = { type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellNF: true, cellText: false, cellDates: false };
  // a sheet past what SheetJS reads in one go is read in pieces; the rest of the workbook as usual
  let large: LargeWorkbook | null = null;
  if (kind === 'zip') {
    try {
      large = await openLargeWorkbook(bytes, options.largeSheet);
    } catch (error) {
      // a guard's refusal, or a part that does not inflate (a damaged stream)
      throw new BadFileError(`${quoted} could not be read: ${error instanceof LargeSheetError ? error.message : readProblem(error)}.`);
    }
  }
  const book = large ? large.reduced : bytes;
  let names: string[];
  try {
    names = readBook(book, { ...base, bookSheets: true }).SheetNames;
  } catch (error) {
    if (error instanceof LargeSheetError) throw new BadFileError(`${quoted} could not be read: ${error.message}.`);
    throw new BadFileError(
      `${quoted} is not a readable workbook (${kind === 'zip' ? 'a damaged or unsupported ZIP-based file' : 'a damaged or unsupported Excel file'}): ${readProblem(error)}`,
    );
  }
  if (names.length === 0) throw new BadFileError(`${quoted} has no sheets.`);
  throwIfCancelled(options.signal);
  if (options.sheet !== undefined && !names.includes(options.sheet)) {
    throw new BadFileError(`${quoted} has no sheet named "${options.sheet}"; its sheets are ${names.map((n) => `"${n}"`).join(', ')}.`);
  }
  // without a chosen sheet: the one that looks most like a partner list
  const candidates = options.sheet !== undefined ? [options.sheet] : names.length > 1 ? rankSheets(book, base, names) : names;
  let lastProblem = '';
  for (const name of candidates) {
    let sheet: SheetCells;
    try {
      sheet = large?.isLarge(name) ? await readLargeSheet(large, name, quoted, base, options) : readSheet(book, name, quoted, base, options);
    } catch (error) {
      if (error instanceof UnreadSheet) throw await damagedSheet(book, name, quoted);
      throw error;
    }
    let table: RawTable | null;
    try {
      table = shapeTable(sheet.grid, sheet.merges);
    } catch (error) {
      if (error instanceof SparseTableError) throw sparseRefusal(quoted, name, error);
      throw error;
    }
    if (table && table.headers.some((h) => h !== '')) {
      options.onProgress?.({ fraction: 1 });
      return { fileName, format: kind === 'xls' ? 'xls' : sheet.format, encoding: null, delimiter: null, sheets: names, sheet: name, table };
    }
    lastProblem = `sheet "${name}" is empty`;
    await nextTurn();
  }
  throw new BadFileError(`${quoted} holds no table to import (${lastProblem}).`);
}

interface SheetCells {
  /** the sheet's rows; a row without cells may be a hole */
  grid: (RawCell[] | undefined)[];
  merges: MergeRange[];
  format: SourceFormat;
}

/** SheetJS could not read the sheet: it leaves such a sheet out of the workbook, silently. */
class UnreadSheet extends Error {
  constructor() {
    super('SheetJS left the sheet out');
  }
}

/** What is wrong with a sheet SheetJS could not read, naming the file, the sheet and, where one is to blame, the cell. */
async function damagedSheet(bytes: Buffer, name: string, quoted: string): Promise<BadFileError> {
  const damage = await diagnoseSheet(bytes, name);
  if (damage?.kind === 'badSharedString') {
    const index = /^-?\d+$/.test(damage.index) ? damage.index : JSON.stringify(damage.index);
    const strings =
      damage.strings === 0 ? 'has no shared strings' : `has ${count(damage.strings)} shared string${damage.strings === 1 ? '' : 's'} (numbered 0 to ${count(damage.strings - 1)})`;
    return new BadFileError(`${quoted} is damaged: cell ${damage.cell} of sheet "${name}" refers to shared string ${index}, but the workbook ${strings}.`);
  }
  if (damage?.kind === 'missingPart') {
    return new BadFileError(`${quoted} is damaged: sheet "${name}" is missing (the file has no part ${damage.part} for it).`);
  }
  return new BadFileError(`${quoted} could not be read: sheet "${name}" is damaged or not as Excel writes it.`);
}

/** SheetJS's cells of one sheet of a workbook (a whole file, or one piece of a large sheet), checked against the sheet size. */
function parseSheet(bytes: Buffer, name: string, quoted: string, base: XLSX.ParsingOptions) {
  let wb: XLSX.WorkBook;
  try {
    wb = readBook(bytes, { ...base, sheets: name });
  } catch (error) {
    throw new BadFileError(`${quoted} could not be read (sheet "${name}"): ${readProblem(error)}`);
  }
  const ws: unknown = wb.Sheets[name];
  // a sheet SheetJS could not read is left out ("constructor" and the like then give Object's own members)
  if (typeof ws !== 'object' || ws === null || ws === Object.prototype) throw new UnreadSheet();
  const sheet = ws as XLSX.WorkSheet;
  const data = (sheet['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  if (beyondSheetLimits(data)) throw sheetBeyondLimits(quoted, name);
  return { wb, data, date1904: Boolean(wb.Workbook?.WBProps?.date1904), merges: (sheet['!merges'] ?? []) as MergeRange[] };
}

/** One sheet through SheetJS in one go. */
function readSheet(bytes: Buffer, name: string, quoted: string, base: XLSX.ParsingOptions, options: ReadOptions): SheetCells {
  const { wb, data, date1904, merges } = parseSheet(bytes, name, quoted, base);
  throwIfCancelled(options.signal);
  options.onProgress?.({ fraction: 0.8 });
  return { grid: toGrid(data, date1904), merges, format: detectZipFormat(wb) };
}

/**
 * A sheet too large for SheetJS in one go, a piece at a time (large-sheet.ts): each piece
 * is a small workbook SheetJS reads as any other, its rows put where they belong.
 */
async function readLargeSheet(large: LargeWorkbook, name: string, quoted: string, base: XLSX.ParsingOptions, options: ReadOptions): Promise<SheetCells> {
  const grid: (RawCell[] | undefined)[] = [];
  let merges: MergeRange[] = [];
  try {
    await large.pieces(
      name,
      async (piece) => {
        throwIfCancelled(options.signal);
        let sheet: ReturnType<typeof parseSheet>;
        try {
          sheet = parseSheet(piece.workbook, name, quoted, base);
        } catch (error) {
          if (error instanceof UnreadSheet) throw await damagedSheet(piece.workbook, name, quoted);
          throw error;
        }
        const { data, date1904 } = sheet;
        // rows without their own numbers count from the piece's first row
        const offset = piece.numbered ? 0 : piece.rowsBefore;
        for (let r = 0; r < data.length; r += 1) {
          const source = data[r];
          if (!source) continue;
          if (offset + r >= MAX_SHEET_ROWS) throw sheetBeyondLimits(quoted, name);
          grid[offset + r] = gridRow(source, date1904);
        }
        if (piece.last) merges = sheet.merges;
        await nextTurn();
      },
      (fraction) => options.onProgress?.({ fraction: 0.1 + 0.7 * fraction }),
    );
  } catch (error) {
    if (error instanceof BadFileError || error instanceof CancelledError) throw error;
    // a guard's refusal, or the sheet's stream damaged on the way
    throw new BadFileError(`${quoted} could not be read (sheet "${name}"): ${error instanceof LargeSheetError ? error.message : readProblem(error)}.`);
  }
  return { grid, merges, format: 'xlsx' };
}

/**
 * What SheetJS (or zlib under it) found wrong, in words for the message. A JavaScript
 * error from inside SheetJS ("Cannot read properties of undefined (reading 'name')", from
 * a damaged part it did not expect) says nothing to the person: it becomes plain words.
 */
function readProblem(error: unknown): string {
  // a size guard's refusal (large-sheet/guards.ts, or the inflater of inflate.ts)
  if (error instanceof LargeSheetError) return error.message;
  if ((error as NodeJS.ErrnoException | null)?.code === 'ERR_BUFFER_TOO_LARGE') return tooLargeProblem(null, MAX_PART_BYTES);
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) {
    return 'a part of it is damaged or not as Excel writes it';
  }
  return (error as Error | null)?.message ?? String(error);
}

/**
 * Sheets ordered by how much they look like a partner list, from their first rows only:
 * a column that names partners counts most, then a sheet name like "Partners", then the
 * number of recognised fields, labelled columns and rows.
 */
function rankSheets(bytes: Buffer, base: XLSX.ParsingOptions, names: string[]): string[] {
  let wb: XLSX.WorkBook;
  try {
    wb = readBook(bytes, { ...base, sheetRows: 40 });
  } catch {
    return names;
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const score = (name: string): number => {
    const ws = wb.Sheets[name];
    if (ws && beyondSheetLimits((ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][])) return -1;
    let table: RawTable | null = null;
    try {
      table = ws ? shapeTable(toGrid((ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][], date1904), (ws['!merges'] ?? []) as MergeRange[]) : null;
    } catch {
      // too sparse to be a partner list (forty rows never are: kept for safety)
    }
    return table ? sheetScore(name, table) : -1;
  };
  const scores = new Map(names.map((n) => [n, score(n)]));
  return [...names].sort((a, b) => scores.get(b)! - scores.get(a)!);
}

/** How much a sheet's table (from its first rows) looks like a partner list. */
export function sheetScore(name: string, table: RawTable): number {
  const fields = new Set(table.headers.map((h) => matchField(h)).filter((f) => f !== null));
  const labelled = table.headers.filter((h) => h !== '').length;
  const named = /partner|account|reseller|alliance/i.test(name) ? 5000 : 0;
  return (fields.has('name') ? 10_000 : 0) + named + fields.size * 1000 + labelled * 10 + Math.min(table.rowCount, 39);
}

function detectZipFormat(wb: XLSX.WorkBook): SourceFormat {
  const type = (wb as { bookType?: string }).bookType;
  return type === 'ods' ? 'ods' : 'xlsx';
}
