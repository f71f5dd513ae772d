/**
 * The fast XLSX reader's XML text helpers (issue 23). The reader must give exactly the cells
 * SheetJS gives (read/cells.ts), so where a part's text is turned into values these are
 * SheetJS 0.20.3's own rules, ported as they are: how a tag's attributes are read, how
 * entities, `_xHHHH_` escapes and CDATA are unescaped, how UTF-8 is decoded, how a
 * shared or inline string (plain or rich text) becomes its text, and how a range reads.
 * They work on "binary" strings (one character per byte), as SheetJS reads a part.
 *
 * Anything the reader does not handle exactly as SheetJS does makes it decline
 * (`Decline`): SheetJS then reads the file as before.
 */

/** The fast reader leaves this file to SheetJS (something it does not read exactly as SheetJS does). */
export class Decline extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'Decline';
  }
}

export function decline(why: string): never {
  throw new Decline(why);
}

/** SheetJS's tag pattern (tagregex1: its XML header matches it, so SheetJS uses it). */
export const TAG = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;
const ATTRIBUTE = /\s([^"\s?>/]+)\s*=\s*((?:")([^"]*)(?:")|(?:')([^']*)(?:')|([^'">\s]+))/g;
const NS_NAME = /<(\/?)\w+:/;

export type XmlTag = Record<string, string> & { 0: string };

/** SheetJS's parsexmltag: the element name in [0] (with its "<"), the attributes by name, prefixes dropped, also lower-cased. */
export function parseTag(tag: string): XmlTag {
  const z: Record<string, string> = Object.create(null) as Record<string, string>;
  let eq = 0;
  for (; eq !== tag.length; eq += 1) {
    const c = tag.charCodeAt(eq);
    if (c === 32 || c === 10 || c === 13) break;
  }
  z[0] = tag.slice(0, eq);
  if (eq === tag.length) return z as XmlTag;
  for (const m of tag.match(ATTRIBUTE) ?? []) {
    const cc = m.slice(1);
    let c = 0;
    for (; c !== cc.length; c += 1) if (cc.charCodeAt(c) === 61) break;
    let q = cc.slice(0, c).trim();
    while (cc.charCodeAt(c + 1) === 32) c += 1;
    const next = cc.charCodeAt(c + 1);
    const quot = next === 34 || next === 39 ? 1 : 0;
    const v = cc.slice(c + 1 + quot, cc.length - quot);
    let j = 0;
    for (; j !== q.length; j += 1) if (q.charCodeAt(j) === 58) break;
    if (j === q.length) {
      if (q.indexOf('_') > 0) q = q.slice(0, q.indexOf('_'));
      z[q] = v;
      z[q.toLowerCase()] = v;
    } else {
      const k = (j === 5 && q.slice(0, 5) === 'xmlns' ? 'xmlns' : '') + q.slice(j + 1);
      if (z[k] && q.slice(j - 3, j) === 'ext') continue;
      z[k] = v;
      z[k.toLowerCase()] = v;
    }
  }
  return z as XmlTag;
}

/** A tag's name without its namespace prefix ("<x:sheet" → "<sheet"). */
export const stripNs = (name: string) => name.replace(NS_NAME, '<$1');

const ENTITIES: Readonly<Record<string, string>> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE = /_x([\da-fA-F]{4})_/gi;

function rawUnescape(text: string): string {
  const i = text.indexOf('<![CDATA[');
  if (i === -1) {
    return text
      .replace(ENTITY, (whole: string, code: string | undefined) => ENTITIES[whole] || String.fromCharCode(parseInt(code!, whole.indexOf('x') > -1 ? 16 : 10)) || whole)
      .replace(CODE, (_: string, c: string) => String.fromCharCode(parseInt(c, 16)));
  }
  const j = text.indexOf(']]>');
  return rawUnescape(text.slice(0, i)) + text.slice(i + 9, j) + rawUnescape(text.slice(j + 3));
}

/** SheetJS's unescapexml; `xlsx` also turns CRLF into LF. */
export function unescapeXml(text: string, xlsx = false): string {
  const out = rawUnescape(text);
  return xlsx ? out.replace(/\r\n/g, '\n') : out;
}

/** SheetJS's utf8read under Node: a binary string's bytes decoded as UTF-8. */
export const utf8read = (binary: string) => Buffer.from(binary, 'binary').toString('utf8');

/** SheetJS's parsexmlbool. */
export const parseXmlBool = (value: string | undefined) => value === '1' || value === 'true';

/** SheetJS's str_match_xml_ns: the first `<tag …>…</tag>` (any prefix), whole and inner; null when absent. */
export function matchElement(text: string, tag: string): [string, string] | null {
  const open = new RegExp(`<(?:\\w+:)?${tag}\\b[^<>]*>`, 'g');
  const close = new RegExp(`</(?:\\w+:)?${tag}>`, 'g');
  const m = open.exec(text);
  if (!m) return null;
  close.lastIndex = open.lastIndex;
  const e = close.exec(text);
  if (!e) return null;
  return [text.slice(m.index, close.lastIndex), text.slice(open.lastIndex, e.index)];
}

/** SheetJS's str_remove_xml_ns_g: every `<tag …>…</tag>` taken out; null when one is not closed. */
function removeElements(text: string, tag: string): string | null {
  const open = new RegExp(`<(?:\\w+:)?${tag}\\b[^<>]*>`, 'g');
  const close = new RegExp(`</(?:\\w+:)?${tag}>`, 'g');
  const out: string[] = [];
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text))) {
    out.push(text.slice(end, m.index));
    close.lastIndex = open.lastIndex;
    if (!close.exec(text)) return null;
    end = close.lastIndex;
    open.lastIndex = close.lastIndex;
  }
  out.push(text.slice(end));
  return out.join('');
}

const PLAIN_T = /^\s*<(?:\w+:)?t[^>]*>/;
const T_CLOSE = /<\/(?:\w+:)?t>/;
const RUN = /<(?:\w+:)?r\b[^<>]*>/;
const RUN_TEXT = /<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g;

/**
 * SheetJS's parse_si: the text of a shared string item or an inline string (a binary
 * string), plain (`<t>`) or rich (runs `<r>`, phonetic runs `<rPh>` left out); undefined
 * when it holds neither (SheetJS gives such a cell no value).
 */
export function stringItemText(x: string): string | undefined {
  if (!x) return '';
  if (PLAIN_T.test(x)) return unescapeXml(utf8read(x.slice(x.indexOf('>') + 1).split(T_CLOSE)[0] ?? ''), true);
  if (RUN.test(x)) {
    // SheetJS would throw here (a phonetic run not closed): not read exactly, so declined
    const noPhonetic = removeElements(x, 'rPh') ?? decline('a phonetic run is not closed');
    return unescapeXml(utf8read((noPhonetic.match(RUN_TEXT) ?? []).join('').replace(TAG, '')), true);
  }
  return undefined;
}

/** SheetJS's safe_decode_range ("A1:C2", or one cell), 0-based; past what it reads, the text is ignored. */
export function safeDecodeRange(range: string): { s: { r: number; c: number }; e: { r: number; c: number } } {
  let i = 0;
  let cc = 0;
  const len = range.length;
  const letters = () => {
    let idx = 0;
    for (; i < len; i += 1) {
      if ((cc = range.charCodeAt(i) - 64) < 1 || cc > 26) break;
      idx = 26 * idx + cc;
    }
    return idx - 1;
  };
  const numbers = () => {
    let idx = 0;
    for (; i < len; i += 1) {
      if ((cc = range.charCodeAt(i) - 48) < 0 || cc > 9) break;
      idx = 10 * idx + cc;
    }
    return idx - 1;
  };
  const s = { c: letters(), r: numbers() };
  if (i === len || cc !== 10) return { s, e: { ...s } };
  i += 1;
  const c = letters();
  return { s, e: { c, r: numbers() } };
}
