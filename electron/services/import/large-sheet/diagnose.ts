/**
 * Why SheetJS left a sheet out of a workbook (it does so silently): the sheet's part is
 * missing, or a cell refers to a shared string the workbook does not have.
 */
import yauzl from 'yauzl';
import { columnLetter } from '../../../../shared/io/types';
import { normalise, sheetParts, unescapeXml, workbookRelationships } from './package';
import { readWhole } from './zip';

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
