/**
 * Workbooks with a sheet too large for SheetJS to read in one go (issue 9: 1M partners).
 * SheetJS turns a worksheet's XML into one string, and V8 strings stop at about 512 MB: a
 * sheet of a million rows and thirty columns is about 850 MB of XML. Such a sheet is
 * streamed out of the ZIP (yauzl) and cut between rows into pieces, and each piece goes to
 * SheetJS as a small workbook of its own — the original's styles, shared strings and
 * workbook parts with the piece as the sheet — so every cell reads as it would have in one
 * go (shared and inline strings, number formats and dates, booleans, errors).
 *
 * This module only moves bytes: which sheet, which part, the pieces. read.ts parses them.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import * as XLSX from 'xlsx';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** A worksheet part larger than this is read in pieces. */
export const LARGE_PART_BYTES = 256 * 1024 * 1024;
/** No part other than a worksheet may inflate past this (nor may a worksheet, in one go). */
export const MAX_PART_BYTES = 512 * 1024 * 1024;
/** A worksheet read in pieces may hold up to this much XML (a full 1,048,576-row sheet of ~40 columns). */
export const MAX_LARGE_PART_BYTES = 4 * 1024 * 1024 * 1024;
/**
 * Sheet XML compresses about 10:1; a part that inflates more than this many times its
 * packed size is a ZIP bomb, not a sheet.
 */
export const MAX_INFLATE_RATIO = 200;
/** Characters of rows per piece. */
export const PIECE_CHARS = 64 * 1024 * 1024;

export class LargeSheetError extends Error {}

/** Where a sheet is read in pieces, and how big they are (tests make both small). */
export interface LargeSheetSizes {
  partBytes?: number | undefined;
  pieceChars?: number | undefined;
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

/** The rows kept of a large sheet in the reduced workbook. */
const FIRST_ROWS_CHARS = 1024 * 1024;

/**
 * The workbook's large sheets, or null when it has none — or when yauzl cannot list the
 * ZIP: SheetJS then reads it, and says what is wrong, as for any workbook.
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
  if (large.length === 0) return null;

  for (const e of entries) {
    const cap = large.includes(e) ? MAX_LARGE_PART_BYTES : MAX_PART_BYTES;
    if (e.uncompressedSize > cap || e.uncompressedSize > Math.max(e.compressedSize, 1) * MAX_INFLATE_RATIO) {
      throw new LargeSheetError(
        `a part of it unpacks to ${e.uncompressedSize > cap ? `more than ${cap / 1024 / 1024} MB` : `${Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))} times its packed size`}, which no sheet does`,
      );
    }
  }
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

/** A part's bytes, inflated. */
async function readWhole(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Text of a part as it inflates; stops reading when `take` says it has enough. */
async function streamText(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  take: (text: string, inflated: number, ended: boolean) => boolean | Promise<boolean>,
): Promise<void> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const decoder = new StringDecoder('utf8');
  let inflated = 0;
  try {
    for await (const chunk of stream) {
      inflated += (chunk as Buffer).length;
      if (await take(decoder.write(chunk as Buffer), inflated, false)) return;
    }
    await take(decoder.end(), inflated, true);
  } finally {
    stream.destroy();
  }
}

/** The opening <sheetData> tag, with the namespace prefix the part uses ("" or "x:"), and whether it closes itself. */
const SHEET_DATA_OPEN = /<(\w+:)?sheetData\b[^>]*?(\/?)>/;
/** No sheet keeps this much XML before its rows. */
const MAX_HEAD_CHARS = 16 * 1024 * 1024;

interface SheetHead {
  /** everything up to and including the <sheetData> tag */
  prefix: string;
  /** the part's namespace prefix for its tags ("" or e.g. "x:") */
  ns: string;
  firstRows: string;
}

function closing(head: Pick<SheetHead, 'ns'>): string {
  return `</${head.ns}sheetData></${head.ns}worksheet>`;
}

/** Finds the <sheetData> tag in `text`; null while it has not come yet. */
function findOpen(text: string, part: string): { prefix: string; ns: string } | null {
  const open = SHEET_DATA_OPEN.exec(text);
  if (!open) {
    if (text.length > MAX_HEAD_CHARS) throw new LargeSheetError(`the sheet ${part} has no rows where a sheet keeps them`);
    return null;
  }
  if (open[2] === '/') throw new LargeSheetError(`the sheet ${part} is large but holds no rows`);
  return { prefix: text.slice(0, open.index + open[0].length), ns: open[1] ?? '' };
}

/** Everything up to and including the sheet's <sheetData> tag, and about a megabyte of its first whole rows. */
async function readHead(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<SheetHead> {
  let text = '';
  let head: { prefix: string; ns: string } | null = null;
  let firstRows = '';
  await streamText(zip, entry, (more, _inflated, ended) => {
    text += more;
    if (!head) {
      head = findOpen(text, entry.fileName);
      if (!head) return false;
      text = text.slice(head.prefix.length);
    }
    if (text.length < FIRST_ROWS_CHARS && !ended) return false;
    const end = text.lastIndexOf(`</${head.ns}row>`);
    firstRows = end < 0 ? '' : text.slice(0, end + `</${head.ns}row>`.length);
    return true;
  });
  if (!head) throw new LargeSheetError(`the sheet ${entry.fileName} has no rows where a sheet keeps them`);
  const found: { prefix: string; ns: string } = head;
  return { prefix: found.prefix, ns: found.ns, firstRows };
}

/**
 * A sheet's rows, a piece at a time, each cut after a closing row tag:
 * `piece(rows, suffix, last)`, where the last piece's suffix is everything from
 * </sheetData> to the end of the part.
 */
async function splitRows(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  ns: string,
  pieceChars: number,
  piece: (rows: string, suffix: string, last: boolean) => Promise<void>,
  onFraction?: (fraction: number) => void,
): Promise<void> {
  const rowEnd = `</${ns}row>`;
  const dataEnd = `</${ns}sheetData>`;
  // an object, not a variable: the callback below moves it on, which a narrowed `let` would hide
  const at: { phase: 'head' | 'rows' | 'tail' } = { phase: 'head' };
  let head = '';
  // rows not yet given out, as the inflater's chunks: joined once per piece, never grown
  // one chunk at a time (a string grown and searched per chunk is quadratic at 1M rows)
  let pending: string[] = [];
  let pendingChars = 0;
  /** the end of what came before, for a </sheetData> split across two chunks */
  let carry = '';
  const suffix: string[] = [];
  const takeRows = (text: string) => {
    pending.push(text);
    pendingChars += text.length;
  };
  await streamText(zip, entry, async (more, inflated) => {
    onFraction?.(inflated / Math.max(entry.uncompressedSize, 1));
    if (at.phase === 'tail') {
      suffix.push(more);
      return false;
    }
    if (at.phase === 'head') {
      head += more;
      const open = findOpen(head, entry.fileName);
      if (!open) return false;
      more = head.slice(open.prefix.length);
      head = '';
      at.phase = 'rows';
    }
    const probe = carry + more;
    const close = probe.indexOf(dataEnd);
    if (close < 0) {
      takeRows(more);
      carry = probe.slice(-(dataEnd.length - 1));
    } else {
      at.phase = 'tail';
      const inMore = close - carry.length;
      if (inMore >= 0) {
        takeRows(more.slice(0, inMore));
        suffix.push(more.slice(inMore));
      } else {
        // the tag began in the chunk before: give those characters back to the suffix
        const rows = pending.join('');
        pending = [];
        pendingChars = 0;
        takeRows(rows.slice(0, rows.length + inMore));
        suffix.push(rows.slice(rows.length + inMore), more);
      }
    }
    while (pendingChars >= pieceChars) {
      const buffer = pending.join('');
      const end = buffer.lastIndexOf(rowEnd, pieceChars);
      if (end < 0) throw new LargeSheetError(`the sheet ${entry.fileName} has a row of more than ${pieceChars.toLocaleString('en-US')} characters of XML`);
      const cut = end + rowEnd.length;
      pending = [buffer.slice(cut)];
      pendingChars = buffer.length - cut;
      await piece(buffer.slice(0, cut), '', false);
    }
    return false;
  });
  if (at.phase !== 'tail') throw new LargeSheetError(`the sheet ${entry.fileName} is cut short (its rows never end)`);
  await piece(pending.join(''), suffix.join(''), true);
}

/** Rows in a run of row elements: <row …>…</row> and <row …/> alike. */
function countRows(rows: string, ns: string): number {
  const open = `<${ns}row`;
  let n = 0;
  for (let i = rows.indexOf(open); i >= 0; i = rows.indexOf(open, i + open.length)) {
    const next = rows.charCodeAt(i + open.length);
    // "<row " / "<row>" / "<row/>" / a line break; not "<rowBreaks"
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) n += 1;
  }
  return n;
}

/** A ZIP of the parts, stored (not deflated): it is read once, at once, in memory. */
async function zipOf(parts: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of parts) zip.addBuffer(content, name, { compress: false });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sheet name -> worksheet part: SheetJS names the sheets and their relationship ids; the
 * workbook's relationships file (a few lines) gives each id's part.
 */
function sheetParts(reduced: Buffer, parts: Map<string, Buffer>): Map<string, string> {
  const out = new Map<string, string>();
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(reduced, { type: 'buffer', sheets: [] }); // names and relationship ids, no sheet parsed
  } catch {
    return out;
  }
  const sheets = (book.Workbook?.Sheets ?? []) as { name: string; id?: string }[];
  const root = relationships(parts.get('_rels/.rels'));
  const workbookPart = normalise([...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml', '');
  const dir = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
  const rels = relationships(parts.get(`${dir}_rels/${workbookPart.slice(dir.length)}.rels`));
  for (const sheet of sheets) {
    const target = sheet.id ? rels.get(sheet.id)?.target : undefined;
    if (target) out.set(sheet.name, normalise(target, dir));
  }
  return out;
}

function relationships(xml: Buffer | undefined): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  if (!xml) return out;
  for (const tag of xml.toString('utf8').match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const id = attr('Id');
    const target = attr('Target');
    if (id && target) out.set(id, { type: attr('Type') ?? '', target: unescapeXml(target) });
  }
  return out;
}

/** A relationship target as a ZIP entry name: absolute ("/xl/…") or relative to the workbook's folder. */
function normalise(target: string, dir: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : `${dir}${target}`;
  const out: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
}
