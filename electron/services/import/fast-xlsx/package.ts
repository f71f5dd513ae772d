/**
 * The fast XLSX reader's view of a workbook's ZIP (issue 23): its parts inflated with yauzl
 * and zlib under the size guards of large-sheet/guards.ts (each part within its cap and its
 * inflate ratio, all of them within the workbook's budget) — a worksheet as a stream of
 * chunks, so that a sheet past what one string or Buffer holds is read too, under the
 * guards a sheet read in pieces has (large-sheet.ts) — and the package found as
 * SheetJS finds it — the content types, the workbook part, its sheets in order, the
 * shared strings and styles parts, each sheet's worksheet part through the workbook's
 * relationships. Whatever is not laid out as Excel and SheetJS's own writer lay it out
 * (another workbook part, a strict-OOXML namespace, a chart sheet, a missing relationship,
 * parts whose names differ only in case, a BOM) is declined; so is a package whose other
 * parts (document properties, cell metadata) SheetJS itself would refuse: it reads them,
 * without the worksheets, and must name the same sheets.
 */
import type { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { LARGE_PART_BYTES } from '../large-sheet';
import { inflateLimit, MAX_LARGE_PART_BYTES, MAX_PART_BYTES, refuseBombs } from '../large-sheet/guards';
import { readBook } from '../read/inflate';
import { zipOf } from '../large-sheet/zip';
import { decline, parseTag, stripNs, TAG, unescapeXml, utf8read } from './xml';

const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const WORKBOOK_TYPES = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml']);
/** every content type SheetJS takes for a workbook part (its ct2type), the ones read here above */
const ANY_WORKBOOK = /\.main(\+xml)?$/;
const SST_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml', 'application/vnd.ms-excel.sharedStrings'];
const STYLE_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml', 'application/vnd.ms-excel.styles'];
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const METADATA_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml', 'application/vnd.ms-excel.sheetMetadata'];
const WORKSHEET_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

export interface PackageSheet {
  name: string;
  /** the worksheet part, a ZIP entry name */
  part: string;
}

export interface FastPackage {
  sheets: PackageSheet[];
  date1904: boolean;
  /** the shared strings part, if the content types name one */
  sharedStrings: string | null;
  /** the styles part, if the content types name one */
  styles: string | null;
  has(part: string): boolean;
  /** a part's size, as the ZIP declares it */
  size(part: string): number;
  /** a part's bytes, inflated within the guards; declines past them */
  read(part: string): Promise<Buffer>;
  /** a part's bytes as they inflate, in chunks of at most `chunkBytes`, within the guards; declines past them */
  stream(part: string, chunkBytes?: number): AsyncGenerator<Buffer>;
  /** inflates, within the guards, every part not read yet (SheetJS inflates them all): declines when one breaks them */
  checkRest(): Promise<void>;
}

/** A part as a binary string (one character per byte), as SheetJS reads it; a part that starts with a byte-order mark is declined. */
export function binary(bytes: Buffer): string {
  if ((bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[1] === 0xfe && bytes[2] === 0xff)) {
    decline('a part starts with a byte-order mark');
  }
  return bytes.toString('latin1');
}

/** zlib's output chunk as a worksheet inflates */
const INFLATE_CHUNK = 256 * 1024;

/**
 * The package of an XLSX file. A worksheet part over `largePart` bytes is held to the
 * guards of a sheet read in pieces (large-sheet.ts; its own cap, MAX_LARGE_PART_BYTES, and
 * outside the budget of the parts read in one go), as the SheetJS path would hold it.
 */
export async function openPackage(bytes: Buffer, largePart = LARGE_PART_BYTES): Promise<FastPackage> {
  let zip: yauzl.ZipFile;
  const entries = new Map<string, yauzl.Entry>();
  const lower = new Set<string>();
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
    for await (const entry of zip.eachEntry()) {
      const key = entry.fileName.toLowerCase().replace(/\\/g, '/');
      // SheetJS finds parts whatever their case: two that differ only in case are not read here
      if (lower.has(key)) decline('two parts differ only in case');
      lower.add(key);
      entries.set(entry.fileName, entry);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'Decline') throw error;
    return decline('yauzl cannot list the ZIP');
  }
  for (const other of ['meta-inf/manifest.xml', 'objectdata.xml', 'index/document.iwa']) if (lower.has(other)) decline('not an XLSX package');
  // the sheets the SheetJS path reads in pieces (as openLargeWorkbook finds them)
  const large = new Set([...entries.values()].filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.fileName) && e.uncompressedSize > largePart));
  // the sizes the ZIP declares, against the guards, before anything is inflated
  try {
    refuseBombs([...entries.values()], large, bytes.length);
  } catch {
    decline('a part past the size guards');
  }

  // the parts read in one go together within the budget SheetJS's reads have (read/inflate.ts); all parts within the workbook's
  let budget = Math.min(MAX_PART_BYTES, inflateLimit(bytes.length));
  let allBudget = Math.min(MAX_LARGE_PART_BYTES, inflateLimit(bytes.length));
  /** the most a part may inflate to: its cap, its ratio, what is left of the budgets (a part read again passed them the first time) */
  const limitOf = (entry: yauzl.Entry, again: boolean) =>
    Math.min(large.has(entry) ? MAX_LARGE_PART_BYTES : MAX_PART_BYTES, inflateLimit(entry.compressedSize), again ? Infinity : Math.min(allBudget, large.has(entry) ? Infinity : budget));
  const spend = (entry: yauzl.Entry, bytes: number) => {
    allBudget -= bytes;
    if (!large.has(entry)) budget -= bytes;
  };
  const cache = new Map<string, Buffer>();
  const inflated = new Set<string>();
  const read = async (part: string): Promise<Buffer> => {
    const cached = cache.get(part);
    if (cached) return cached;
    const again = inflated.has(part);
    inflated.add(part);
    const entry = entries.get(part) ?? decline(`no part ${part}`);
    const limit = limitOf(entry, again);
    if (entry.uncompressedSize > limit || entry.uncompressedSize > MAX_PART_BYTES) decline('a part past the size guards');
    let out: Buffer;
    try {
      const stream = await zip.openReadStreamPromise(entry, { decompress: false });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const packed = Buffer.concat(chunks);
      if (entry.compressionMethod === 0) out = packed;
      else if (entry.compressionMethod === 8) out = inflateRawSync(packed, { maxOutputLength: Math.max(1, Math.min(limit, MAX_PART_BYTES)) });
      else return decline('a part packed in an unknown way');
    } catch {
      return decline('a part does not inflate within the guards');
    }
    // a ZIP that lies about a part's size
    if (out.length !== entry.uncompressedSize) decline('a part is not the size the ZIP declares');
    if (!again) spend(entry, out.length);
    // a worksheet is read once or twice (ranked, then read): the rest are small and kept
    if (!WORKSHEET.test(part)) cache.set(part, out);
    return out;
  };
  const text = async (part: string) => binary(await read(part));
  async function* stream(part: string, chunkBytes = INFLATE_CHUNK): AsyncGenerator<Buffer> {
    const again = inflated.has(part);
    inflated.add(part);
    const entry = entries.get(part) ?? decline(`no part ${part}`);
    if (entry.uncompressedSize > limitOf(entry, again)) decline('a part past the size guards');
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) decline('a part packed in an unknown way');
    const sources: Readable[] = [];
    let total = 0;
    try {
      const packed = await zip.openReadStreamPromise(entry, { decompress: false });
      sources.push(packed);
      let chunks: AsyncIterable<Buffer> = packed as AsyncIterable<Buffer>;
      if (entry.compressionMethod === 8) {
        const inflater = createInflateRaw({ chunkSize: Math.max(64, Math.min(chunkBytes, INFLATE_CHUNK)) });
        sources.push(inflater);
        packed.on('error', (error: Error) => inflater.destroy(error));
        chunks = packed.pipe(inflater) as AsyncIterable<Buffer>;
      }
      for await (const chunk of chunks) {
        total += chunk.length;
        // a ZIP that lies about a part's size: its declared size is within the guards
        if (total > entry.uncompressedSize) decline('a part is not the size the ZIP declares');
        for (let at = 0; at < chunk.length; at += chunkBytes) yield chunk.subarray(at, at + chunkBytes);
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'Decline') throw error;
      return decline('a part does not inflate within the guards');
    } finally {
      for (const source of sources) source.destroy();
    }
    if (total !== entry.uncompressedSize) decline('a part is not the size the ZIP declares');
    if (!again) spend(entry, total);
  }

  if (!entries.has('[Content_Types].xml')) decline('no content types');
  const types = await text('[Content_Types].xml');
  let typesNs: string | undefined;
  const overrides: { part: string; type: string }[] = [];
  for (const tag of types.match(TAG) ?? []) {
    const y = parseTag(tag);
    const name = y[0].replace(/<\w*:/, '<');
    if (name === '<Types') typesNs = y[`xmlns${(/<(\w+):/.exec(y[0]) ?? ['', ''])[1]}`];
    else if (name === '<Override' && y.ContentType !== undefined && y.PartName !== undefined) overrides.push({ part: y.PartName, type: y.ContentType });
  }
  if (typesNs !== CONTENT_TYPES_NS) decline('content types of another namespace');
  const metadata = overrides.find((o) => METADATA_TYPES.includes(o.type));
  const workbooks = overrides.filter((o) => ANY_WORKBOOK.test(o.type));
  if (workbooks.length === 0 || workbooks[0]!.part !== '/xl/workbook.xml' || !WORKBOOK_TYPES.has(workbooks[0]!.type)) decline('not a plain XLSX workbook part');
  const first = (types: string[]) => overrides.find((o) => types.includes(o.type));
  const sst = first(SST_TYPES);
  const style = first(STYLE_TYPES);
  if (sst && sst.type !== SST_TYPES[0]) decline('binary shared strings');
  if (style && style.type !== STYLE_TYPES[0]) decline('binary styles');
  const partName = (name: string) => (name.startsWith('/') ? name.slice(1) : name);
  const sharedStrings = sst ? partName(sst.part) : null;
  const styles = style ? partName(style.part) : null;
  // SheetJS refuses a workbook whose styles part is missing; it reads no shared strings from a missing part
  if (styles !== null && !entries.has(styles)) decline('the styles part is missing');
  if ((styles !== null && !styles.endsWith('.xml')) || (sharedStrings !== null && !sharedStrings.endsWith('.xml'))) decline('parts of another kind');

  // SheetJS reads the cell metadata (dynamic arrays) of every workbook, and refuses the workbook when it is damaged
  if (metadata) {
    const part = partName(metadata.part);
    if (metadata.type !== METADATA_TYPES[0] || !entries.has(part)) decline('cell metadata SheetJS would not read');
    checkMetadata(await text(part));
  }

  if (!entries.has('xl/workbook.xml')) decline('no workbook part');
  const { sheets: listed, date1904 } = workbookSheets(await text('xl/workbook.xml'));
  const rels = relationships(entries.has('xl/_rels/workbook.xml.rels') ? await text('xl/_rels/workbook.xml.rels') : decline('no workbook relationships'));
  const sheets: PackageSheet[] = listed.map(({ name, id }) => {
    const rel = (id === undefined ? undefined : rels.get(id)) ?? decline('a sheet without its relationship');
    if (rel.type !== WORKSHEET_REL) decline('a sheet that is not a worksheet');
    const target = /^(?:\/xl\/|)(worksheets\/[A-Za-z0-9_. -]+\.xml)$/.exec(rel.target)?.[1] ?? decline('a worksheet part elsewhere');
    const part = `xl/${target}`;
    if (!entries.has(part)) decline('a worksheet part is missing');
    return { name, part };
  });
  const lowerNames = new Set(sheets.map((s) => s.name.toLowerCase()));
  if (lowerNames.size !== sheets.length) decline('two sheet names differ only in case');
  // SheetJS reads the package's other parts too (document properties …) and refuses a workbook when one is damaged:
  // its own reading of them, without the worksheets, must succeed and name the same sheets
  const others = new Map<string, Buffer>();
  for (const name of entries.keys()) if (!WORKSHEET.test(name) && !name.endsWith('/')) others.set(name, await read(name));
  let names: string[] | undefined;
  try {
    names = readBook(await zipOf(others), { type: 'buffer', bookSheets: true, bookProps: true }).SheetNames;
  } catch {
    decline('SheetJS cannot read the package');
  }
  if (names?.length !== sheets.length || names.some((n, i) => n !== sheets[i]!.name)) decline('SheetJS names other sheets');
  const checkRest = async () => {
    for (const name of entries.keys()) {
      if (inflated.has(name) || name.endsWith('/')) continue;
      if (!WORKSHEET.test(name)) await read(name);
      else for await (const _ of stream(name)) continue;
    }
  };
  return { sheets, date1904, sharedStrings, styles, has: (part) => entries.has(part), size: (part) => entries.get(part)?.uncompressedSize ?? 0, read, stream, checkRest };
}

/** The workbook part's sheets (names and relationship ids) and date system, read as SheetJS's parse_wb_xml reads them. */
function workbookSheets(xml: string): { sheets: { name: string; id: string | undefined }[]; date1904: boolean } {
  const sheets: { name: string; id: string | undefined }[] = [];
  let date1904 = false;
  let ns: string | undefined;
  for (const tag of xml.match(TAG) ?? []) {
    const y = parseTag(tag);
    switch (stripNs(y[0])) {
      case '<workbook':
        ns = /<\w+:workbook/.test(tag) ? decline('a prefixed workbook part') : y.xmlns;
        break;
      case '<workbookPr':
      case '<workbookPr/>':
        if (y.date1904 !== undefined) date1904 = y.date1904 === '1' || y.date1904 === 'true';
        break;
      case '<sheet':
        if (y.name === undefined) decline('a sheet without a name');
        sheets.push({ name: unescapeXml(utf8read(y.name)), id: y.id });
        break;
    }
  }
  if (ns !== MAIN_NS) decline('a workbook of another namespace (strict OOXML)');
  if (sheets.length === 0) decline('no sheets');
  return { sheets, date1904 };
}

/** Declines cell metadata SheetJS's parse_xlmeta_xml throws on: a record (`<rc t="…">`) of a metadata type not declared. */
function checkMetadata(xml: string): void {
  const types: string[] = [];
  let records = 2;
  for (const tag of xml.match(TAG) ?? []) {
    const y = parseTag(tag);
    switch (stripNs(y[0])) {
      case '<metadataType':
        types.push(y.name ?? '');
        break;
      case '<cellMetadata':
        records = 1;
        break;
      case '<valueMetadata':
        records = 0;
        break;
      case '</cellMetadata>':
      case '</valueMetadata>':
        records = 2;
        break;
      case '<rc':
        if (records !== 2 && types[Number(y.t) - 1] === undefined) decline('cell metadata of a type not declared');
    }
  }
}

/** Relationship id → type and target, as SheetJS's parse_rels reads them. */
function relationships(xml: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  for (const tag of xml.match(TAG) ?? []) {
    const y = parseTag(tag);
    if (y[0] !== '<Relationship') continue;
    if (y.TargetMode === 'External' || y.Id === undefined || y.Target === undefined) continue;
    out.set(y.Id, { type: y.Type ?? '', target: unescapeXml(y.Target) });
  }
  return out;
}
