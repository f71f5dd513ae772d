/**
 * Writes a WorkbookSpec (shared/report) as an .xlsx file.
 *
 * - SheetJS builds the package: workbook, sheet names, relationships, content types,
 *   document properties (title, subject, author, created, custom: dataset …) and the
 *   autofilter's defined names.
 * - The sheets' XML and the styles are written here (in xlsx/), because SheetJS's
 *   community edition writes no cell styles (bold header rows, the quote prefix that keeps
 *   text inert) and no frozen panes, and because it takes about 12 s for the 5M cells of
 *   five 100K-partner assignment sheets (measured: 2.4 µs per cell). Rows are produced as
 *   the zip consumes them, so a 1M-partner sheet is never held whole.
 * - The Charts sheet's charts are ours too (xlsx/charts.ts, xlsx/drawing.ts): DrawingML chart
 *   parts whose series read the other sheets' cells, its drawing and their relationships,
 *   added to SheetJS's package by xlsx/package.ts.
 * - xlsx/zip.ts zips the parts with Node's zlib, off the main thread, in yazl's layout (yazl
 *   zipped them before; its CRC-32 in JavaScript cost seconds at 1M partners).
 *
 * Every text cell is a string cell; text a spreadsheet could read as a formula
 * (shared/io/inert) also gets `quotePrefix`, so editing it in Excel keeps it text. No
 * cell carries a formula (a chart's series do: references to cells).
 */
import { renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { partialOf, sweepPartialWorkbooks } from '../leftovers';
import { DEFAULT_CURRENCY } from '../../../shared/model/currency';
import type { WorkbookSpec } from '../../../shared/report/sheet';
import { XmlBytes } from './xlsx/bytes';
import { packageParts } from './xlsx/package';
import { sheetXml } from './xlsx/sheet';
import { SharedStrings } from './xlsx/strings';
import { MoneyStyles, stylesXml } from './xlsx/styles';
import { writeZip, type ZipPart } from './xlsx/zip';

export interface WriteProgress {
  /** 0..1 of the rows written */
  fraction: number;
  /** the sheet being written */
  sheet: string;
}

export interface WriteOptions {
  onProgress?: (progress: WriteProgress) => void;
  signal?: AbortSignal;
}

/**
 * Writes the workbook to `file`: first to `file.partial-<pid>`, renamed when complete, so an
 * existing file is never left half-written; partial workbooks a killed export left in the
 * folder are swept first (../leftovers). Resolves with the file's size in bytes.
 */
export async function writeWorkbook(spec: WorkbookSpec, file: string, options: WriteOptions = {}): Promise<number> {
  const packaged = packageParts(spec);
  const totalRows = Math.max(1, spec.sheets.reduce((sum, s) => sum + s.rowCount, 0));
  let written = 0;
  const mtime = new Date(spec.created);
  const strings = new SharedStrings();
  const base = spec.currency ?? DEFAULT_CURRENCY;
  const currencies = [base, ...new Set((spec.currencies ?? []).filter((c) => c !== base))];
  const money = new MoneyStyles(currencies);
  const parts: ZipPart[] = [];
  let sharedStringsPart: string | null = null;
  for (const part of packaged) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(part.name);
    if (m) {
      const index = Number(m[1]) - 1;
      const sheet = spec.sheets[index];
      if (!sheet) throw new Error(`SheetJS wrote ${part.name}, which the workbook has no sheet for`);
      const rows = (n: number) => {
        written += n;
        options.onProgress?.({ fraction: Math.min(1, written / totalRows), sheet: sheet.name });
      };
      // lazily: a sheet's rows are built only when the zip reaches it
      parts.push({ name: part.name, level: 3, chunks: () => sheetXml(sheet, index === 0, strings, money, rows, options.signal) });
    } else if (part.name === 'xl/sharedStrings.xml') {
      sharedStringsPart = part.name;
    } else if (part.name === 'xl/styles.xml') {
      parts.push({ name: part.name, level: 6, data: Buffer.from(stylesXml(currencies), 'utf8') });
    } else {
      parts.push({ name: part.name, level: 6, data: part.content });
    }
  }
  if (sharedStringsPart === null) throw new Error('SheetJS wrote no shared-string table');
  // last: it holds the texts of every sheet before it
  parts.push({ name: sharedStringsPart, level: 3, chunks: () => toAsync(strings.xml(new XmlBytes())) });
  sweepPartialWorkbooks(path.dirname(file));
  const partial = partialOf(file);
  try {
    await writeZip(partial, parts, mtime);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  options.onProgress?.({ fraction: 1, sheet: spec.sheets.at(-1)?.name ?? '' });
  return statSync(file).size;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
