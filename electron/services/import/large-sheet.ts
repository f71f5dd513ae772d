/**
 * Workbooks with a sheet too large for SheetJS to read in one go (issue 9: 1M partners).
 * SheetJS turns a worksheet's XML into one string, and V8 strings stop at about 512 MB: a
 * sheet of a million rows and thirty columns is about 850 MB of XML. Such a sheet is
 * streamed out of the ZIP (yauzl) and cut between rows into pieces, and each piece goes to
 * SheetJS as a small workbook of its own — the original's styles, shared strings and
 * workbook parts with the piece as the sheet — so every cell reads as it would have in one
 * go (shared and inline strings, number formats and dates, booleans, errors).
 *
 * This module only moves bytes: which sheet, which part, the pieces. read/workbook.ts
 * parses them. The size guards, the ZIP and sheet-XML plumbing and the diagnosis of a sheet
 * SheetJS could not read are in large-sheet/.
 */
import yauzl from 'yauzl';
import { LargeSheetError, refuseBombs } from './large-sheet/guards';
import { sheetParts } from './large-sheet/package';
import { closing, countRows, readHead, splitRows, type SheetHead } from './large-sheet/rows';
import { readWhole, zipOf } from './large-sheet/zip';

/** A worksheet part larger than this is read in pieces. */
export const LARGE_PART_BYTES = 256 * 1024 * 1024;
/** Characters of rows per piece. */
export const PIECE_CHARS = 64 * 1024 * 1024;

/** Where a sheet is read in pieces, and how big they are (tests make both small). */
export interface LargeSheetSizes {
  partBytes?: number | undefined;
  pieceChars?: number | undefined;
  /** the chunks the fast XLSX reader reads a sheet's bytes in (fast-xlsx/stream.ts); tests make them a few bytes */
  chunkBytes?: number | undefined;
}

/** One piece of a large sheet, as a workbook SheetJS can read. */
export interface SheetPiece {
  workbook: Buffer;
  /** rows written before this piece (for rows without an r="…" number, which count from the piece's start) */
  rowsBefore: number;
  /** whether the piece's rows or cells carry their references (r="5", r="A5"), as Excel, LibreOffice and SheetJS write them */
  numbered: boolean;
  /** the last piece carries the sheet's closing parts (merged cells) */
  last: boolean;
}

export interface LargeWorkbook {
  /**
   * The workbook with each large sheet cut to its first rows: small enough for SheetJS,
   * for sheet names, for choosing the sheet that holds the partners, and for every sheet
   * that is not large.
   */
  reduced: Buffer;
  /** whether the sheet so named is one of the large ones */
  isLarge(sheet: string): boolean;
  /** the large sheet's pieces, in order; `onPiece` is awaited before the next is read */
  pieces(sheet: string, onPiece: (piece: SheetPiece) => Promise<void> | void, onFraction?: (fraction: number) => void): Promise<void>;
}

/**
 * The workbook's large sheets, or null when it has none — or when yauzl cannot list the
 * ZIP: SheetJS then reads it, and says what is wrong, as for any workbook. A workbook
 * whose declared sizes break a size guard is refused (LargeSheetError), large or not.
 */
export async function openLargeWorkbook(bytes: Buffer, sizes: LargeSheetSizes = {}): Promise<LargeWorkbook | null> {
  const limit = sizes.partBytes ?? LARGE_PART_BYTES;
  const pieceChars = sizes.pieceChars ?? PIECE_CHARS;
  let zip: yauzl.ZipFile;
  const entries: yauzl.Entry[] = [];
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch {
    return null;
  }
  const worksheet = (e: yauzl.Entry) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.fileName);
  const large = entries.filter((e) => worksheet(e) && e.uncompressedSize > limit);
  // every workbook, large or not, and every part of it
  refuseBombs(entries, new Set(large), bytes.length);
  if (large.length === 0) return null;
  // every small part as it is
  const small = new Map<string, Buffer>();
  for (const e of entries) {
    if (large.includes(e) || e.fileName.endsWith('/')) continue;
    small.set(e.fileName, await readWhole(zip, e));
  }
  // each large sheet: its opening, then its first rows
  const heads = new Map<string, SheetHead>();
  for (const e of large) heads.set(e.fileName, await readHead(zip, e));
  const stub = (part: string, rows: string) => {
    const head = heads.get(part)!;
    return Buffer.from(`${head.prefix}${rows}${closing(head)}`, 'utf8');
  };
  const reducedParts = new Map(small);
  for (const e of large) reducedParts.set(e.fileName, stub(e.fileName, heads.get(e.fileName)!.firstRows));
  const reduced = await zipOf(reducedParts);

  // sheet name -> part, through the workbook's relationships
  const partOfSheet = sheetParts(reduced, small);
  const largeNames = new Set([...partOfSheet].filter(([, part]) => heads.has(part)).map(([name]) => name));

  return {
    reduced,
    isLarge: (sheet) => largeNames.has(sheet),
    async pieces(sheet, onPiece, onFraction) {
      const part = partOfSheet.get(sheet);
      const entry = large.find((e) => e.fileName === part);
      if (!part || !entry) throw new LargeSheetError(`sheet "${sheet}" is not one of the large ones`);
      // the other large sheets stay cut short: only this one is read
      const others = new Map(small);
      for (const e of large) if (e !== entry) others.set(e.fileName, stub(e.fileName, ''));
      const head = heads.get(part)!;
      // a row or cell with its reference (r="5", r="A5") puts SheetJS on absolute rows
      const numbered = new RegExp(`<${head.ns}(?:row|c)\\b[^>]*\\sr="`);
      let rowsBefore = 0;
      await splitRows(
        zip,
        entry,
        head.ns,
        pieceChars,
        async (rows, suffix, last) => {
          const parts = new Map(others);
          parts.set(part, Buffer.from(`${head.prefix}${rows}${last ? suffix : closing(head)}`, 'utf8'));
          await onPiece({ workbook: await zipOf(parts), rowsBefore, numbered: numbered.test(rows.slice(0, 4096)), last });
          rowsBefore += countRows(rows, head.ns);
        },
        onFraction,
      );
    },
  };
}
