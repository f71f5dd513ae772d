/**
 * The characters and words of an imported cell's text (DESIGN D9.2), shared by the cell
 * reader (parse.ts), the number scanner (scan-number.ts), the column-format detection
 * (column-format.ts) and the kind guessing (kind-guess.ts): character classes and trimming,
 * currency symbols and codes, the spellings of "no value" and the yes/no words.
 *
 * Everything here works on char codes or a slice of the cell: the import calls it for
 * every cell (100K–1M+ cells).
 */

// ---------------------------------------------------------------------------------------
// Character classes

/** Characters trimmed from both ends of a cell. */
export function isTrimCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x202f ||
    c === 0x2009 ||
    c === 0x2007 ||
    c === 0x200a ||
    c === 0x200b ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Spaces that may group thousands ("1 200", NBSP, narrow NBSP, thin and figure space). */
export function isGroupSpace(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The ISO code of a currency symbol, or null. */
export function currencySymbol(c: number): string | null {
  switch (c) {
    case 36: // $
      return 'USD';
    case 0x20ac: // €
      return 'EUR';
    case 0xa3: // £
      return 'GBP';
    case 0xa5: // ¥
      return 'JPY';
    case 0x20b9: // ₹
      return 'INR';
    case 0x20a9: // ₩
      return 'KRW';
    case 0x20bd: // ₽
      return 'RUB';
    case 0x20ba: // ₺
      return 'TRY';
    case 0x20aa: // ₪
      return 'ILS';
    case 0x20ab: // ₫
      return 'VND';
    case 0x20b1: // ₱
      return 'PHP';
    case 0x20a6: // ₦
      return 'NGN';
    case 0x20b4: // ₴
      return 'UAH';
    case 0x0e3f: // ฿
      return 'THB';
    default:
      return null;
  }
}

/** ISO 4217 codes accepted before or after an amount ("USD 1,200", "1.200 EUR"). */
export const CURRENCY_CODES: ReadonlySet<string> = new Set([
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'RMB', 'INR', 'AUD', 'CAD', 'CHF', 'SEK', 'NOK', 'DKK', 'NZD',
  'SGD', 'HKD', 'BRL', 'MXN', 'ZAR', 'PLN', 'CZK', 'HUF', 'ILS', 'KRW', 'TRY', 'AED', 'SAR', 'RUB',
  'THB', 'MYR', 'IDR', 'PHP', 'TWD', 'CLP', 'COP', 'ARS', 'PEN', 'RON', 'BGN', 'ISK', 'NGN', 'KES',
  'EGP', 'VND', 'UAH', 'QAR', 'KWD',
]);

// ---------------------------------------------------------------------------------------
// Trimming and missing values

/** Where s (or its part [from, to)) starts once trimmed (`to` when it is all spaces). */
export function trimStart(s: string, from = 0, to = s.length): number {
  let i = from;
  while (i < to && isTrimCode(s.charCodeAt(i))) i++;
  return i;
}

/** Where s (or its part up to `to`) ends once trimmed (exclusive; not before `start`). */
export function trimEnd(s: string, start: number, to = s.length): number {
  let j = to;
  while (j > start && isTrimCode(s.charCodeAt(j - 1))) j--;
  return j;
}

/** Texts that mean "no value" (compared lower-cased, after trimming). */
export const MISSING_TEXTS: ReadonlySet<string> = new Set([
  'n/a', 'na', 'n.a.', 'n.a', 'n / a', '#n/a', '#na', '#null!', 'n/d', 'nd',
  '-', '--', '---', '–', '—', '_', '.', '..', '...', '…', '?', '??', '???',
  'null', 'none', 'nil', 'nan', '(blank)', 'blank', 'empty',
  'not available', 'not applicable', 'no data', 'unknown', 'missing', 'tbd', 'tba',
]);

/**
 * Whether a text starting with char code `c` may lower-case to one of `texts`: false only
 * for an ASCII first character that no text starts with (an ASCII letter lower-cases to
 * its own lower-case letter, and stays the first character whatever follows; any other
 * character is left to the full comparison).
 */
function mayStart(texts: Iterable<string>): (c: number) => boolean {
  const firsts = new Uint8Array(128);
  for (const t of texts) {
    const c = t.charCodeAt(0);
    if (c < 128) firsts[c] = 1;
  }
  return (c) => c >= 128 || firsts[c >= 65 && c <= 90 ? c + 32 : c] === 1;
}

const MAY_BE_MISSING = mayStart(MISSING_TEXTS);

/**
 * True for s[start, end) (trimmed) empty or a spelling of "no value"; never for a text with a digit.
 * It runs for most text cells of an import (a partner's name, id, region …): the first character
 * turns most of them away before a lower-cased copy is made (docs/PERFORMANCE.md "The import").
 */
export function isMissingText(s: string, start: number, end: number): boolean {
  if (start >= end) return true;
  if (end - start > 16) return false;
  if (!MAY_BE_MISSING(s.charCodeAt(start))) return false;
  let ascii = true;
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (isDigit(c)) return false;
    if (c >= 128) ascii = false;
  }
  // ASCII text (most cells: "North America", "Enterprise") is compared where it lies, its
  // letters folded to lower case as toLowerCase folds them; other text (a Kelvin sign
  // lower-cases to 'k') through a lower-cased copy
  if (ascii) return isMissingAscii(s, start, end);
  return MISSING_TEXTS.has(s.slice(start, end).toLowerCase());
}

/** The spellings of "no value" that are ASCII, by length. */
const MISSING_ASCII: string[][] = [];
for (const t of MISSING_TEXTS) {
  if (Array.from(t).some((ch) => ch.charCodeAt(0) >= 128)) continue;
  (MISSING_ASCII[t.length] ??= []).push(t);
}

/** Whether the ASCII text s[start, end) lower-cases to a spelling of "no value". */
function isMissingAscii(s: string, start: number, end: number): boolean {
  const candidates = MISSING_ASCII[end - start];
  if (!candidates) return false;
  for (const t of candidates) {
    let k = 0;
    for (; k < t.length; k++) {
      const c = s.charCodeAt(start + k);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== t.charCodeAt(k)) break;
    }
    if (k === t.length) return true;
  }
  return false;
}

/**
 * `isMissingText` of an ASCII text given as its codes, ascii[start, end) (a file's bytes:
 * shared/io/cell-text.ts, `packAsciiIn`): the same answer, read without a string.
 */
export function isMissingAsciiAt(ascii: Uint8Array, start: number, end: number): boolean {
  if (start >= end) return true;
  if (end - start > 16) return false;
  if (!MAY_BE_MISSING(ascii[start]!)) return false;
  for (let k = start; k < end; k++) if (isDigit(ascii[k]!)) return false;
  const candidates = MISSING_ASCII[end - start];
  if (!candidates) return false;
  for (const t of candidates) {
    let k = 0;
    for (; k < t.length; k++) {
      const c = ascii[start + k]!;
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== t.charCodeAt(k)) break;
    }
    if (k === t.length) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Booleans

const BOOLEAN_WORDS: ReadonlyMap<string, 0 | 1> = new Map([
  ['yes', 1], ['y', 1], ['true', 1], ['t', 1], ['x', 1], ['✓', 1], ['✔', 1], ['✔️', 1], ['☑', 1], ['☒', 1],
  ['✅', 1], ['on', 1], ['checked', 1], ['done', 1],
  ['no', 0], ['n', 0], ['false', 0], ['f', 0], ['✗', 0], ['✘', 0], ['☐', 0], ['❌', 0], ['off', 0],
  ['unchecked', 0],
  // a lead's list in German, Dutch, French, Spanish, Italian or Portuguese
  ['ja', 1], ['j', 1], ['wahr', 1], ['oui', 1], ['vrai', 1], ['sí', 1], ['si', 1], ['sì', 1], ['verdadero', 1],
  ['vero', 1], ['sim', 1],
  ['nein', 0], ['falsch', 0], ['nee', 0], ['non', 0], ['faux', 0], ['falso', 0], ['não', 0], ['nao', 0],
]);

const MAY_BE_BOOLEAN = mayStart(BOOLEAN_WORDS.keys());

/** 1 / 0 for a yes/no word in s[start, end), else -1. */
export function booleanWord(s: string, start: number, end: number): number {
  if (end - start > 9) return -1;
  const first = s.charCodeAt(start);
  if (!MAY_BE_BOOLEAN(first)) return -1;
  // "yes" and "no" as written, without a lower-cased copy (a yes/no column's usual cells)
  if (end - start === 3 && first === 121 && s.charCodeAt(start + 1) === 101 && s.charCodeAt(start + 2) === 115) return 1;
  if (end - start === 2 && first === 110 && s.charCodeAt(start + 1) === 111) return 0;
  const v = BOOLEAN_WORDS.get(s.slice(start, end).toLowerCase());
  return v === undefined ? -1 : v;
}
