/**
 * Reading a partner file into a table (DESIGN D9.1): CSV through Papa Parse, XLSX / XLS / ODS
 * through SheetJS — the format decided by the file's bytes, not its name. Formulas are
 * never evaluated (cached values only), and only the chosen sheet is parsed.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { constants as zlibConstants, createInflateRaw } from 'node:zlib';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { matchField } from '../../../shared/io/headers';
import { columnLetter, MAX_IMPORT_COLUMNS, type RawCell, type RawTable } from '../../../shared/io/types';
import { decodeText, looksBinary, type TextEncoding } from './decode';
import { detectDelimiter, type Delimiter } from './delimiter';
import { BadFileError, CancelledError } from './errors';
import {
  diagnoseSheet,
  inflateLimit,
  LargeSheetError,
  MAX_PART_BYTES,
  openLargeWorkbook,
  tooLargeInAllProblem,
  tooLargeProblem,
  tooPackedProblem,
  type LargeSheetSizes,
  type LargeWorkbook,
} from './large-sheet';
import { shapeTable, SparseTableError, type GridPlace, type MergeRange } from './table';

/**
 * What SheetJS may still inflate in the read under way (`readBook`): all the parts of
 * one workbook together stay within MAX_PART_BYTES and within the inflate ratio of the
 * file's size. Null outside such a read. SheetJS reads synchronously, so one at a time.
 */
let inflateBudget: { left: number; limit: number; fileBytes: number } | null = null;

interface ZlibEngine {
  _processChunk(input: Uint8Array, flush: number): Buffer;
  bytesWritten: number;
}

/**
 * SheetJS inflates ZIP entries with Node's zlib, not its own JavaScript inflater: that one
 * loops forever on a damaged deflate stream (a worksheet cut short, a byte flipped), where
 * zlib stops with an error ("unexpected end of file"). SheetJS checks the engine's
 * `bytesRead`, deprecated (DEP0108) as a name for `bytesWritten`, so that count is given
 * under the old name. Writing keeps SheetJS's own deflate: written files stay byte for byte.
 *
 * The size guards of large-sheet.ts are checked from the sizes the ZIP declares; a ZIP can
 * declare less than it holds, so every entry SheetJS inflates is limited as it inflates
 * too (a "ZIP bomb", issue 18): to MAX_PART_BYTES, to what is left of the read's budget,
 * and to MAX_INFLATE_RATIO times all the input SheetJS hands over (the rest of the file
 * from the entry on: an upper bound of the entry's packed size); after inflating, to the
 * ratio of the bytes the entry really took.
 */
function guardedInflater() {
  let taken = 0;
  return {
    _finishFlushFlag: zlibConstants.Z_FINISH,
    get bytesRead() {
      return taken;
    },
    _processChunk(input: Uint8Array, flush: number): Buffer {
      const budget = inflateBudget;
      const byRatio = inflateLimit(input.length);
      const limit = Math.min(MAX_PART_BYTES, budget?.left ?? MAX_PART_BYTES, byRatio);
      const engine = createInflateRaw({ maxOutputLength: Math.max(1, limit) }) as unknown as ZlibEngine;
      let out: Buffer;
      try {
        out = engine._processChunk(input, flush);
      } catch (error) {
        if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_BUFFER_TOO_LARGE') throw error;
        if (limit === byRatio) throw new LargeSheetError(tooPackedProblem(null, `more than ${Math.floor(limit / Math.max(input.length, 1))}`));
        if (budget && limit === budget.left) throw new LargeSheetError(tooLargeInAllProblem(budget.limit, budget.fileBytes));
        throw new LargeSheetError(tooLargeProblem(null, MAX_PART_BYTES));
      }
      taken = engine.bytesWritten;
      if (out.length > inflateLimit(taken)) throw new LargeSheetError(tooPackedProblem(null, Math.round(out.length / Math.max(taken, 1))));
      if (budget) budget.left -= out.length;
      return out;
    },
  };
}

const cfbUtils = XLSX.CFB.utils as { use_zlib(zlib: unknown): void; _deflateRaw(payload: Uint8Array): Uint8Array };
cfbUtils.use_zlib({
  InflateRaw: function InflateRaw() {
    return guardedInflater();
  },
  deflateRawSync: (payload: Uint8Array) => cfbUtils._deflateRaw(payload),
});

/** XLSX.read of a whole workbook, its parts together held to the size guards as they inflate. */
function readBook(bytes: Buffer, options: XLSX.ParsingOptions): XLSX.WorkBook {
  const limit = Math.min(MAX_PART_BYTES, inflateLimit(bytes.length));
  inflateBudget = { left: limit, limit, fileBytes: bytes.length };
  try {
    return XLSX.read(bytes, options);
  } finally {
    inflateBudget = null;
  }
}

/** Imports larger than this are refused with a clear message (issue 8: a size limit). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export type SourceFormat = 'csv' | 'xlsx' | 'xls' | 'ods';

export interface ReadProgress {
  /** 0..1 of the reading step */
  fraction: number;
}

export interface ReadOptions {
  /** the sheet to read (spreadsheets); default: the first sheet that holds a table */
  sheet?: string | undefined;
  /** the name to use in messages when the path is a temporary upload */
  displayName?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: ReadProgress) => void) | undefined;
  /** where a sheet is read in pieces (large-sheet.ts); tests make it small */
  largeSheet?: LargeSheetSizes | undefined;
}

export interface SourceTable {
  fileName: string;
  format: SourceFormat;
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  /** every sheet of a workbook (empty for CSV) */
  sheets: string[];
  sheet: string | null;
  table: RawTable;
  /** the file's modification date, a sensible default "as of" */
  modified: string;
}

const SPREADSHEET_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.ods', '.xlsb']);

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const KNOWN_BINARIES: [readonly number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'a SQLite database'],
];

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Reading the file');
}

/** Yields to the event loop (progress and cancel requests get a turn). */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function readSource(file: string, options: ReadOptions = {}): Promise<SourceTable> {
  const fileName = options.displayName ?? path.basename(file);
  const quoted = `"${fileName}"`;
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new BadFileError(`${quoted} cannot be found or read.`);
  }
  if (info.isDirectory()) throw new BadFileError(`${quoted} is a folder, not a file.`);
  // a device (/dev/null, /dev/zero), a pipe or a socket: never opened (reading a pipe or /dev/zero would never end)
  if (!info.isFile()) throw new BadFileError(`${quoted} is not a regular file (a device, a pipe or a socket): there is no partner list to read.`);
  if (info.size === 0) throw new BadFileError(`${quoted} is empty (0 bytes): there is nothing to import.`);
  if (info.size > MAX_IMPORT_BYTES) {
    throw new BadFileError(
      `${quoted} is ${(info.size / 1024 / 1024).toFixed(0)} MB; Tierscape imports files of up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Remove unused columns or split the file.`,
    );
  }
  const bytes = await readFile(file);
  throwIfCancelled(options.signal);
  options.onProgress?.({ fraction: 0.1 });
  const modified = info.mtime.toISOString().slice(0, 10);
  const ext = path.extname(fileName).toLowerCase();

  for (const [signature, what] of KNOWN_BINARIES) {
    if (startsWith(bytes, signature)) {
      throw new BadFileError(`${quoted} is ${what}, not a spreadsheet or CSV file.`);
    }
  }
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE)) {
    return { ...(await readWorkbook(bytes, fileName, startsWith(bytes, OLE) ? 'xls' : 'zip', options)), modified };
  }
  if (SPREADSHEET_EXTENSIONS.has(ext)) {
    const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
    // some systems export HTML or XML tables with an .xls name; SheetJS reads those
    if (ext === '.xls' && (head.startsWith('<') || head.startsWith('\ufeff<'))) {
      return { ...(await readWorkbook(bytes, fileName, 'xls', options)), modified };
    }
    throw new BadFileError(
      `${quoted} has a ${ext} name but is not an Excel or OpenDocument workbook (it is neither a ZIP nor an OLE file). If it is a CSV file, rename it to .csv.`,
    );
  }
  return { ...(await readCsv(bytes, fileName, options)), modified };
}

/** CSV is parsed in chunks of this many characters, with a turn for the event loop after each. */
const CSV_CHUNK = 1 << 20;
/** A record still open after this many characters is read with the rest of the file in one go. */
const LONG_RECORD = 4 * CSV_CHUNK;

async function readCsv(bytes: Buffer, fileName: string, options: ReadOptions): Promise<Omit<SourceTable, 'modified'>> {
  const quoted = `"${fileName}"`;
  const { text, encoding } = decodeText(bytes);
  if (looksBinary(text)) {
    throw new BadFileError(`${quoted} does not look like a CSV or text file: it contains binary data. Export the partner list as CSV or Excel.`);
  }
  if (text.trim() === '') throw new BadFileError(`${quoted} holds no data: it is only blank lines.`);
  const delimiter = detectDelimiter(text);
  // a record without a value is a hole, not an array: a file of blank lines or of bare
  // delimiters (5 MB of line breaks is 5 million records) takes no memory for them
  const grid: (RawCell[] | undefined)[] = [];
  let records = 0;
  // Papa Parse in 1 MB chunks: it pauses after each, so the event loop gets a turn
  // (progress, cancel) while a large file is read
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let chunks = 0;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    /** Adds parsed records to the grid; false when one has a quoted field never closed (the read is then refused). */
    const take = (results: Papa.ParseResult<string[]>): boolean => {
      // Papa numbers the records of each parse from 0: its error rows count from here
      const before = records;
      for (const record of results.data as RawCell[][]) {
        // an empty field is an empty cell: null, as a spreadsheet gives it
        let values = 0;
        for (let c = 0; c < record.length; c += 1) {
          if (record[c] === '') record[c] = null;
          else values += 1;
        }
        if (values > 0) grid[records] = record;
        records += 1;
      }
      const unclosed = results.errors.find((e: Papa.ParseError) => e.code === 'MissingQuotes');
      if (!unclosed) return true;
      finish(new BadFileError(`${quoted} could not be read as CSV: a quoted field that starts on row ${before + (unclosed.row ?? 0) + 1} is never closed.`));
      return false;
    };
    Papa.parse<string[]>(text, {
      delimiter,
      quoteChar: '"',
      skipEmptyLines: false,
      chunkSize: CSV_CHUNK,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        chunks += 1;
        // settle before abort(): Papa calls `complete` from inside abort()
        if (!take(results)) {
          parser.abort();
          return;
        }
        const cursor = results.meta.cursor ?? 0;
        // A record that has grown over several chunks (a quoted field of megabytes):
        // Papa would parse it again from its start with every further chunk, which is
        // quadratic (10 MB of "" took seconds). The rest of the file is parsed in one go.
        if (Math.min(text.length, chunks * CSV_CHUNK) - cursor > LONG_RECORD && cursor < text.length) {
          // the same line break as Papa found in the first chunk
          const newline = (['\r\n', '\n', '\r'] as const).find((n) => n === results.meta.linebreak);
          const rest = Papa.parse<string[]>(text.slice(cursor), { delimiter, quoteChar: '"', skipEmptyLines: false, ...(newline ? { newline } : {}) });
          if (take(rest)) finish();
          parser.abort();
          return;
        }
        options.onProgress?.({ fraction: 0.1 + 0.9 * Math.min(1, cursor / text.length) });
        parser.pause();
        setImmediate(() => {
          if (options.signal?.aborted) {
            finish(new CancelledError('Reading the file'));
            parser.abort();
          } else {
            parser.resume();
          }
        });
      },
      complete: () => finish(),
    });
  });
  throwIfCancelled(options.signal);
  // trailing records without values count as rows too (set once: a length grown record by
  // record would give the holes memory)
  grid.length = records;
  let table: RawTable | null;
  try {
    table = shapeTable(grid);
  } catch (error) {
    if (error instanceof SparseTableError) throw sparseRefusal(quoted, null, error);
    throw error;
  }
  if (!table || table.headers.every((h) => h === '')) {
    throw new BadFileError(`${quoted} has no columns: no header row was found.`);
  }
  if (table.headers.length > MAX_IMPORT_COLUMNS) {
    throw new BadFileError(
      `${quoted} has ${table.headers.length.toLocaleString('en-US')} columns; Tierscape imports up to ${MAX_IMPORT_COLUMNS.toLocaleString('en-US')}. Remove unused columns, or check that the delimiter is right.`,
    );
  }
  options.onProgress?.({ fraction: 1 });
  return { fileName, format: 'csv', encoding, delimiter, sheets: [], sheet: null, table };
}

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

async function readWorkbook(
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

function sheetBeyondLimits(quoted: string, name: string): BadFileError {
  return new BadFileError(`${quoted} is damaged: sheet "${name}" has cells beyond the last row or column a spreadsheet can hold (row 1,048,576, column XFD).`);
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A table too sparse to be a partner list (table.ts), in words: where it spans and which
 * cells stretch it — as sheet references for a workbook (`sheet` named), as rows and
 * columns for a CSV file.
 */
function sparseRefusal(quoted: string, sheet: string | null, error: SparseTableError): BadFileError {
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
  // a size guard's refusal (large-sheet.ts, or the inflater above)
  if (error instanceof LargeSheetError) return error.message;
  if ((error as NodeJS.ErrnoException | null)?.code === 'ERR_BUFFER_TOO_LARGE') return tooLargeProblem(null, MAX_PART_BYTES);
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) {
    return 'a part of it is damaged or not as Excel writes it';
  }
  return (error as Error | null)?.message ?? String(error);
}

/** Excel's sheet size (A1:XFD1048576). */
const MAX_SHEET_ROWS = 1_048_576;
const MAX_SHEET_COLUMNS = 16_384;

/**
 * A cell beyond the sheet size (a reference such as "ZZZZZZ1" or "A99999999" in a damaged
 * or hand-made file) gives a sparse row or sheet hundreds of millions of cells long, which
 * would take minutes and gigabytes to walk.
 */
function beyondSheetLimits(data: readonly ((XLSX.CellObject | undefined)[] | undefined)[]): boolean {
  if (data.length > MAX_SHEET_ROWS) return true;
  for (let r = 0; r < data.length; r += 1) if ((data[r]?.length ?? 0) > MAX_SHEET_COLUMNS) return true;
  return false;
}

/** The sheet's rows as cells; a row SheetJS has no cells for stays a hole (a sparse sheet holds few rows). */
function toGrid(data: (XLSX.CellObject | undefined)[][], date1904: boolean): (RawCell[] | undefined)[] {
  const grid = new Array<RawCell[] | undefined>(data.length);
  for (let r = 0; r < data.length; r += 1) {
    const source = data[r];
    if (source) grid[r] = gridRow(source, date1904);
  }
  return grid;
}

function gridRow(source: readonly (XLSX.CellObject | undefined)[], date1904: boolean): RawCell[] {
  const row = new Array<RawCell>(source.length);
  for (let c = 0; c < source.length; c += 1) row[c] = cellValue(source[c], date1904);
  return row;
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
    if (!table) return -1;
    const fields = new Set(table.headers.map((h) => matchField(h)).filter((f) => f !== null));
    const labelled = table.headers.filter((h) => h !== '').length;
    const named = /partner|account|reseller|alliance/i.test(name) ? 5000 : 0;
    return (fields.has('name') ? 10_000 : 0) + named + fields.size * 1000 + labelled * 10 + Math.min(table.rows.length, 39);
  };
  const scores = new Map(names.map((n) => [n, score(n)]));
  return [...names].sort((a, b) => scores.get(b)! - scores.get(a)!);
}

function detectZipFormat(wb: XLSX.WorkBook): SourceFormat {
  const type = (wb as { bookType?: string }).bookType;
  return type === 'ods' ? 'ods' : 'xlsx';
}
