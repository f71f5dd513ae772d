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
import { columnLetter } from '../../../shared/io/types';

/** A worksheet part larger than this is read in pieces. */
export const LARGE_PART_BYTES = 256 * 1024 * 1024;
/**
 * The parts SheetJS reads in one go — every part but a worksheet read in pieces — may
 * not inflate past this, each or all of them together: SheetJS holds them all at once.
 */
export const MAX_PART_BYTES = 512 * 1024 * 1024;
/** A worksheet read in pieces may hold up to this much XML (a full 1,048,576-row sheet of ~40 columns); no workbook unpacks to more in all. */
export const MAX_LARGE_PART_BYTES = 4 * 1024 * 1024 * 1024;
/**
 * Sheet XML compresses about 10:1; the most compressible parts Excel writes (rows of
 * empty formatted cells, the drawings of cell comments) about 30:1. A part — any part:
 * sheet, shared strings, styles, one nothing refers to — that inflates more than this
 * many times its packed size is a ZIP bomb, not a workbook part; so is a workbook whose
 * parts together inflate more than this many times the file's size.
 */
export const MAX_INFLATE_RATIO = 100;
/** Up to this many bytes a part (or a whole workbook) may inflate whatever its ratio: tiny parts compress erratically. */
export const INFLATE_GRACE_BYTES = 1024 * 1024;

/** The most `packed` bytes may inflate to under the ratio guard. */
export function inflateLimit(packed: number): number {
  return Math.max(INFLATE_GRACE_BYTES, MAX_INFLATE_RATIO * packed);
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;

/** A part's name as a message shows it: printable, and short. */
function shownPart(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 100 ? `${printable.slice(0, 100)}…` : printable;
}

/** Why a part is refused for its ratio; `ratio` is a number, or words such as "more than 100". */
export function tooPackedProblem(part: string | null, ratio: number | string): string {
  return `a part of it${part === null ? '' : ` (${shownPart(part)})`} unpacks to ${ratio} times its packed size; no workbook part is packed more than ${MAX_INFLATE_RATIO} to 1: this is a "ZIP bomb", not a workbook`;
}

/** Why a part is refused for its size. */
export function tooLargeProblem(part: string | null, cap: number): string {
  return `a part of it${part === null ? '' : ` (${shownPart(part)})`} unpacks to more than ${megabytes(cap)}, more than Tierscape reads from a workbook (a sheet of about a million rows is that large); save the sheet as CSV and import the CSV, which has no such limit`;
}

/** Why a workbook is refused for the size of all its parts together, `limit` bytes. */
export function tooLargeInAllProblem(limit: number, fileBytes: number): string {
  return limit < MAX_PART_BYTES && limit >= inflateLimit(fileBytes)
    ? `its parts unpack to more than ${megabytes(limit)} together, more than ${MAX_INFLATE_RATIO} times the file's size: this is a "ZIP bomb", not a workbook`
    : `its parts unpack to more than ${megabytes(limit)} together, more than Tierscape reads from a workbook at once; save the sheet as CSV and import the CSV, which has no such limit`;
}

/**
 * The size guards, from the sizes the ZIP declares, before anything is inflated: each
 * part within its cap and the inflate ratio; the parts read in one go within
 * MAX_PART_BYTES together, and all of them within MAX_INFLATE_RATIO times the file.
 * (A ZIP that declares less than it holds is caught as it inflates: yauzl checks the
 * declared sizes of what it streams, read.ts limits what SheetJS inflates.)
 */
function refuseBombs(entries: readonly yauzl.Entry[], large: ReadonlySet<yauzl.Entry>, fileBytes: number): void {
  let oneGo = 0;
  let all = 0;
  for (const e of entries) {
    const cap = large.has(e) ? MAX_LARGE_PART_BYTES : MAX_PART_BYTES;
    if (e.uncompressedSize > cap) throw new LargeSheetError(tooLargeProblem(e.fileName, cap));
    if (e.uncompressedSize > inflateLimit(e.compressedSize)) {
      throw new LargeSheetError(tooPackedProblem(e.fileName, Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))));
    }
    all += e.uncompressedSize;
    if (!large.has(e)) oneGo += e.uncompressedSize;
  }
  if (oneGo > MAX_PART_BYTES) throw new LargeSheetError(tooLargeInAllProblem(MAX_PART_BYTES, fileBytes));
  const allLimit = Math.min(MAX_LARGE_PART_BYTES, inflateLimit(fileBytes));
  if (all > allLimit) throw new LargeSheetError(tooLargeInAllProblem(allLimit, fileBytes));
}
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
  const { dir, rels } = workbookRelationships(parts);
  for (const sheet of sheets) {
    const target = sheet.id ? rels.get(sheet.id)?.target : undefined;
    if (target) out.set(sheet.name, normalise(target, dir));
  }
  return out;
}

/** The workbook part's folder ("xl/") and its relationships, from the package's relationship parts. */
function workbookRelationships(parts: Map<string, Buffer>): { dir: string; rels: Map<string, { type: string; target: string }> } {
  const root = relationships(parts.get('_rels/.rels'));
  const workbookPart = normalise([...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml', '');
  const dir = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
  return { dir, rels: relationships(parts.get(`${dir}_rels/${workbookPart.slice(dir.length)}.rels`)) };
}

/** What made SheetJS leave a sheet out (it does so silently when it cannot read one). */
export type SheetDamage =
  /** the workbook names the sheet's part, but the file does not hold it */
  | { kind: 'missingPart'; part: string }
  /** a cell's shared-string index names none of the workbook's `strings` shared strings */
  | { kind: 'badSharedString'; cell: string; index: string; strings: number };

/**
 * Why SheetJS could not read `sheet` of the workbook: its part is missing, or a cell
 * refers to a shared string that does not exist (SheetJS then drops the whole sheet, which
 * used to read as "the sheet is empty"). Null when neither is found, or when the file is
 * not a ZIP yauzl can list.
 */
export async function diagnoseSheet(bytes: Buffer, sheet: string): Promise<SheetDamage | null> {
  let zip: yauzl.ZipFile;
  const entries = new Map<string, yauzl.Entry>();
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  } catch {
    return null;
  }
  try {
    const text = async (name: string | null) => {
      const entry = name === null ? undefined : entries.get(name);
      return entry ? (await readWhole(zip, entry)).toString('utf8') : null;
    };
    const rels = new Map<string, Buffer>();
    for (const [name, entry] of entries) if (name.endsWith('.rels')) rels.set(name, await readWhole(zip, entry));
    const part = sheetParts(bytes, rels).get(sheet);
    if (!part) return null;
    if (!entries.has(part)) return { kind: 'missingPart', part };
    // the shared strings as SheetJS finds them: by the content types, else by the workbook's relationships
    const types = (await text('[Content_Types].xml')) ?? '';
    const typed = (types.match(/<(?:\w+:)?Override\b[^>]*>/g) ?? []).find((tag) => /ContentType="[^"]*sharedStrings[^"]*"/.test(tag));
    const typedPart = typed ? /\sPartName="\/?([^"]*)"/.exec(typed)?.[1] : undefined;
    const { dir, rels: book } = workbookRelationships(rels);
    const related = [...book.values()].find((r) => r.type.endsWith('/sharedStrings'));
    const sstPart = typedPart && entries.has(unescapeXml(typedPart)) ? unescapeXml(typedPart) : related ? normalise(related.target, dir) : null;
    const sst = await text(sstPart);
    const strings = sst === null ? 0 : (sst.match(/<(?:\w+:)?si[\s>/]/g) ?? []).length;
    const xml = await text(part);
    const bad = xml === null ? null : firstBadSharedString(xml, strings);
    return bad ? { kind: 'badSharedString', ...bad, strings } : null;
  } catch {
    return null;
  }
}

/** A column's 0-based index from its letters ("A" → 0, "XFD" → 16383). */
function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * The first cell of a sheet's XML whose shared-string index (t="s") is not a number
 * SheetJS can look up among `strings` shared strings — read as SheetJS reads it, with
 * parseInt — with the cell's reference (from r="…", or counted when a cell or row has none).
 */
function firstBadSharedString(xml: string, strings: number): { cell: string; index: string } | null {
  const tags = /<(?:\w+:)?(row|c)\b([^>]*?)(\/?)>/g;
  const ATTRS = { r: /\sr="([^"]*)"/, t: /\st="([^"]*)"/ };
  const attr = (attrs: string, name: 'r' | 't') => ATTRS[name].exec(attrs)?.[1];
  let row = 0;
  let column = -1;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const [, tag, attrs = '', selfClosing] = m;
    if (tag === 'row') {
      const r = Number.parseInt(attr(attrs, 'r') ?? '', 10);
      row = Number.isFinite(r) && r > 0 ? r : row + 1;
      column = -1;
      continue;
    }
    const ref = /^([A-Za-z]{1,3})(\d+)$/.exec(attr(attrs, 'r') ?? '');
    if (ref) {
      column = columnIndex(ref[1]!);
      row = Number(ref[2]);
    } else {
      column += 1;
    }
    if (attr(attrs, 't') !== 's' || selfClosing === '/') continue;
    // the cell's content, up to its closing tag (a shared-string cell holds a short <v>)
    const rest = xml.slice(tags.lastIndex, tags.lastIndex + 4096);
    const close = /<\/(?:\w+:)?c>/.exec(rest);
    const body = close ? rest.slice(0, close.index) : rest;
    const value = /<(?:\w+:)?v>([^<]*)<\/(?:\w+:)?v>/.exec(body)?.[1];
    if (value === undefined) continue;
    const index = Number.parseInt(value, 10);
    if (!(index >= 0 && index < strings)) return { cell: `${columnLetter(Math.max(0, column))}${Math.max(1, row)}`, index: value.trim().slice(0, 24) };
  }
  return null;
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
