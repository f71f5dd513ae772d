/**
 * Reading one imported cell as a metric value (DESIGN D3, D9.2): numbers written the way
 * people write them in spreadsheets ("$1,200", "1.200,50 €", "(3,000)", "85%", "$1.2M"),
 * yes/no flags, and dates (Excel serials, ISO, US, European, "30 Jun 2026").
 *
 * Missing values ("", "N/A", "-" …) are null, never 0. A value that cannot be read is
 * `{ ok: false, error }` with a reason a person understands.
 *
 * Runs over every cell of an import (100K–1M+ cells): the number scanner works on char
 * codes with no intermediate strings; regexes are compiled once and only used for dates
 * in other shapes than ISO and for the rare failure paths.
 */
import type { Result } from '../model/result';
import type { MetricKind } from '../model/workspace';
import type { DateOrder, DecimalSeparator, RawCell } from './types';

/** One cell's value (null: missing), or why it cannot be read. */
export type Parsed = Result<number | null, string>;

/** How the text of one column is read. Decided once per column by `detectColumnFormat`. */
export interface ColumnFormat {
  /** the decimal separator ('.' → "1,200.50"; ',' → "1.200,50") */
  decimal: '.' | ',';
  /** the order of day, month and year in all-numeric dates ("03/04/2026") */
  dateOrder: 'MDY' | 'DMY' | 'YMD';
  /** a percent column without '%' signs holds fractions (0.85) or points (85) */
  percentScale: 'fraction' | 'points';
}

// ---------------------------------------------------------------------------------------
// Shared results (no allocation for the common null / yes / no answers)

const NULL_RESULT: Parsed = Object.freeze({ ok: true, value: null }) as Parsed;
const TRUE_RESULT: Parsed = Object.freeze({ ok: true, value: 1 }) as Parsed;
const FALSE_RESULT: Parsed = Object.freeze({ ok: true, value: 0 }) as Parsed;

function ok(value: number): Parsed {
  return { ok: true, value };
}

function fail(reason: string): Parsed {
  return { ok: false, error: reason };
}

// ---------------------------------------------------------------------------------------
// Character classes

/** Characters trimmed from both ends of a cell. */
function isTrimCode(c: number): boolean {
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
function isGroupSpace(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The ISO code of a currency symbol, or null. */
function currencySymbol(c: number): string | null {
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
const CURRENCY_CODES: ReadonlySet<string> = new Set([
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'RMB', 'INR', 'AUD', 'CAD', 'CHF', 'SEK', 'NOK', 'DKK', 'NZD',
  'SGD', 'HKD', 'BRL', 'MXN', 'ZAR', 'PLN', 'CZK', 'HUF', 'ILS', 'KRW', 'TRY', 'AED', 'SAR', 'RUB',
  'THB', 'MYR', 'IDR', 'PHP', 'TWD', 'CLP', 'COP', 'ARS', 'PEN', 'RON', 'BGN', 'ISK', 'NGN', 'KES',
  'EGP', 'VND', 'UAH', 'QAR', 'KWD',
]);

/** "US$ 1,200", "A$300", "CA$ 5" … */
const DOLLAR_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['US', 'USD'],
  ['A', 'AUD'],
  ['AU', 'AUD'],
  ['C', 'CAD'],
  ['CA', 'CAD'],
  ['NZ', 'NZD'],
  ['HK', 'HKD'],
  ['S', 'SGD'],
  ['SG', 'SGD'],
  ['R', 'BRL'],
  ['MX', 'MXN'],
]);

/** Magnitude suffixes ("250K", "$1.2M", "3bn", "1.5 million") as powers of ten. */
const MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['k', 3],
  ['thousand', 3],
  ['m', 6],
  ['mm', 6],
  ['mn', 6],
  ['mio', 6],
  ['million', 6],
  ['millions', 6],
  ['b', 9],
  ['bn', 9],
  ['billion', 9],
  ['billions', 9],
  ['tn', 12],
  ['trillion', 12],
]);

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

function pow10(e: number): number {
  return e <= 22 ? (POW10[e] as number) : Math.pow(10, e);
}

// ---------------------------------------------------------------------------------------
// The number scanner
//
// State of the last scan lives in module variables so the hot path allocates nothing:
// the scanner returns the value (NaN when the text is not a number) and leaves what it
// saw in these flags for the caller to judge against the metric kind.

let scanPercent = false;
let scanCurrency: string | null = null;
let scanMagnitude = false;

/** '-', '−' (U+2212) and '–' (U+2013) as a sign before an amount. */
function isMinusCode(c: number): boolean {
  return c === 45 || c === 0x2212 || c === 0x2013;
}

/**
 * Reads s[start, end) (already trimmed, non-empty) as a number written with `dec` as the
 * decimal separator (46 '.' or 44 ','). A '%' sign divides by 100; when there is none,
 * `shiftNoPercent` (0 or -2) is applied instead — used for percent columns in points.
 *
 * A negative amount is written with one of: a sign before it ("-3,000", "-$3,000",
 * "€-3.000", "−3 000 €"); accounting brackets around it, with the currency inside or
 * outside ("(3,000)", "($3,000)", "$(3,000)", "(3.000,00) €", "€ (3.000)"); or a minus
 * right after its digits, as SAP exports write it ("3.000-", "1.234,56- EUR") — read so
 * only when the amount has a currency, a decimal part or thousands groups: a bare "2-"
 * may be a grade ("2 minus") or a cut-off range, and stays unreadable.
 */
function scanNumber(s: string, start: number, end: number, dec: number, shiftNoPercent: number): number {
  scanPercent = false;
  scanCurrency = null;
  scanMagnitude = false;
  let i = start;
  let negative = false;
  let signSeen = false;
  /** 0: no bracket, 1: "(" seen before the digits, 2: and its ")" after them */
  let bracket = 0;

  // prefix: sign or "(", currency symbol or code, spaces — in any order, each at most once
  for (;;) {
    if (i >= end) return NaN;
    const c = s.charCodeAt(i);
    if (isDigit(c) || c === 46 || c === 44) break;
    if (isTrimCode(c)) {
      i++;
      continue;
    }
    if (c === 40) {
      // accounting negative: a bracket instead of a sign, never both ("(-3,000)" is a typo)
      if (signSeen) return NaN;
      signSeen = true;
      negative = true;
      bracket = 1;
      i++;
      continue;
    }
    if (isMinusCode(c) || c === 43) {
      if (signSeen) return NaN;
      signSeen = true;
      negative = c !== 43;
      i++;
      continue;
    }
    const symbol = currencySymbol(c);
    if (symbol !== null) {
      if (scanCurrency !== null) return NaN;
      scanCurrency = symbol;
      i++;
      continue;
    }
    if (isAsciiLetter(c)) {
      let j = i + 1;
      while (j < end && isAsciiLetter(s.charCodeAt(j))) j++;
      if (j - i > 3 || scanCurrency !== null) return NaN;
      const word = s.slice(i, j).toUpperCase();
      let code: string | undefined;
      if (j < end && s.charCodeAt(j) === 36) {
        code = DOLLAR_PREFIXES.get(word);
        j++;
      } else if (CURRENCY_CODES.has(word)) {
        code = word;
      }
      if (code === undefined) return NaN;
      scanCurrency = code;
      i = j;
      continue;
    }
    return NaN;
  }

  // body: digits, one decimal separator, thousands groups of exactly three digits
  const other = dec === 46 ? 44 : 46;
  const bodyStart = i;
  let mantissa = 0;
  let digits = 0;
  let decDigits = 0;
  let sawDecimal = false;
  let inGroup = 0;
  let groups = 0;
  let groupSep = -1;
  let firstGroup = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (sawDecimal) decDigits++;
      else inGroup++;
      i++;
      continue;
    }
    if (c === dec) {
      if (sawDecimal) return NaN;
      if (groups > 0 && (inGroup !== 3 || firstGroup > 3)) return NaN;
      sawDecimal = true;
      i++;
      continue;
    }
    if (sawDecimal) {
      if (c === other) return NaN; // "1.5,3"
      break;
    }
    let g = c;
    if (isGroupSpace(c)) {
      if (!isDigit(s.charCodeAt(i + 1))) break; // "1,200 USD": the space ends the number
      g = 32;
    } else if (c !== other && c !== 39 && c !== 0x2019) {
      break;
    }
    if (inGroup === 0) return NaN; // ",200", "1,,200"
    if (groups === 0) {
      firstGroup = inGroup;
      groupSep = g;
    } else if (g !== groupSep || inGroup !== 3) {
      return NaN;
    }
    groups++;
    inGroup = 0;
    i++;
  }
  if (digits === 0) return NaN;
  if (groups > 0 && !sawDecimal && (inGroup !== 3 || firstGroup > 3)) {
    // "0,85" or "12,5" in a '.' column: a single separator of the other kind that cannot
    // be a thousands separator is read as the decimal separator
    if (groups === 1 && groupSep === other && inGroup > 0) decDigits = inGroup;
    else return NaN;
  }
  const bodyEnd = i;

  // SAP-style trailing minus: "3.000-", "1.234,56- €" (qualified after the suffix). Not
  // after a bare decimal separator: "CHF 5.-" / "5.–" is the Swiss way of writing 5.00.
  let trailingMinus = false;
  const after = s.charCodeAt(i);
  if (i < end && !signSeen && (after === 45 || after === 0x2212) && !(sawDecimal && decDigits === 0)) {
    trailingMinus = true;
    negative = true;
    i++;
  }

  // scientific notation: "1.2E+06" (only without thousands groups)
  let sciExp = 0;
  if (i < end && groups === 0 && !trailingMinus) {
    const c = s.charCodeAt(i);
    if (c === 101 || c === 69) {
      let j = i + 1;
      let expNegative = false;
      const sign = s.charCodeAt(j);
      if (sign === 43 || sign === 45) {
        expNegative = sign === 45;
        j++;
      }
      if (isDigit(s.charCodeAt(j)) && j < end) {
        let e = 0;
        while (j < end && isDigit(s.charCodeAt(j))) {
          e = e * 10 + (s.charCodeAt(j) - 48);
          if (e > 400) return NaN;
          j++;
        }
        sciExp = expNegative ? -e : e;
        i = j;
      }
    }
  }

  // suffix: '%', magnitude, currency symbol or code, spaces, the ")" of a "("
  let magnitude = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (isTrimCode(c)) {
      i++;
      continue;
    }
    if (c === 41) {
      if (bracket !== 1) return NaN;
      bracket = 2;
      i++;
      continue;
    }
    if (c === 37) {
      if (scanPercent) return NaN;
      scanPercent = true;
      i++;
      continue;
    }
    const symbol = currencySymbol(c);
    if (symbol !== null) {
      if (scanCurrency !== null) return NaN;
      scanCurrency = symbol;
      i++;
      continue;
    }
    if (isAsciiLetter(c)) {
      let j = i + 1;
      while (j < end && isAsciiLetter(s.charCodeAt(j))) j++;
      if (j - i > 9) return NaN;
      const word = s.slice(i, j);
      const lower = word.toLowerCase();
      const m = scanMagnitude || scanPercent ? undefined : MAGNITUDES.get(lower);
      if (m !== undefined) {
        scanMagnitude = true;
        magnitude = m;
      } else {
        if (scanCurrency !== null) return NaN;
        const upper = word.toUpperCase();
        if (!CURRENCY_CODES.has(upper)) return NaN;
        scanCurrency = upper;
      }
      if (j < end && s.charCodeAt(j) === 46 && m !== undefined) j++; // "1.2 Mio."
      i = j;
      continue;
    }
    return NaN;
  }
  if (bracket === 1) return NaN; // "(3,000" without its ")"
  if (trailingMinus && (scanPercent || scanMagnitude || (scanCurrency === null && groups === 0 && !sawDecimal))) return NaN;

  const exp = magnitude + sciExp - decDigits + (scanPercent ? -2 : shiftNoPercent);
  let value: number;
  if (digits <= 15) {
    // an exact integer times / over an exact power of ten: one correctly rounded step,
    // the same double as parseFloat of the text
    value = exp >= 0 ? mantissa * pow10(exp) : mantissa / pow10(-exp);
  } else {
    let text = '';
    for (let k = bodyStart; k < bodyEnd; k++) {
      const c = s.charCodeAt(k);
      if (c >= 48 && c <= 57) text += s[k];
    }
    value = Number(`${text}e${exp}`);
  }
  if (!Number.isFinite(value)) return NaN;
  if (value === 0) return 0;
  return negative ? -value : value;
}

// ---------------------------------------------------------------------------------------
// Missing values

/** Texts that mean "no value" (compared lower-cased, after trimming). */
const MISSING_TEXTS: ReadonlySet<string> = new Set([
  'n/a', 'na', 'n.a.', 'n.a', 'n / a', '#n/a', '#na', '#null!', 'n/d', 'nd',
  '-', '--', '---', '–', '—', '_', '.', '..', '...', '…', '?', '??', '???',
  'null', 'none', 'nil', 'nan', '(blank)', 'blank', 'empty',
  'not available', 'not applicable', 'no data', 'unknown', 'missing', 'tbd', 'tba',
]);

function trimStart(s: string): number {
  let i = 0;
  const n = s.length;
  while (i < n && isTrimCode(s.charCodeAt(i))) i++;
  return i;
}

function trimEnd(s: string, start: number): number {
  let j = s.length;
  while (j > start && isTrimCode(s.charCodeAt(j - 1))) j--;
  return j;
}

function isMissingText(s: string, start: number, end: number): boolean {
  if (start >= end) return true;
  if (end - start > 16) return false;
  for (let k = start; k < end; k++) if (isDigit(s.charCodeAt(k))) return false;
  return MISSING_TEXTS.has(s.slice(start, end).toLowerCase());
}

/**
 * True for an empty cell and the usual spellings of "no value" (N/A, -, null, none, ?, ..).
 * Never true for a text containing a digit ('0' is a value), for numbers or for booleans.
 */
export function isMissingValue(raw: RawCell): boolean {
  if (raw === null) return true;
  if (typeof raw !== 'string') return false;
  const start = trimStart(raw);
  return isMissingText(raw, start, trimEnd(raw, start));
}

// ---------------------------------------------------------------------------------------
// Dates: whole days since 1970-01-01 (UTC)

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days of a checked date, or NaN (bad month/day, or year outside 1900–2200). */
function civilDays(y: number, m: number, d: number): number {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/** 2-digit years: 00–69 → 2000–2069, 70–99 → 1970–1999. */
function fullYear(y: number, written: number): number {
  if (written > 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

/** Excel serial of 1970-01-01 (serials count from 1900-01-01 = 1, with Lotus' fake 1900-02-29 = 60). */
const EXCEL_EPOCH = 25569;
const MAX_SERIAL = daysFromCivil(MAX_YEAR, 12, 31) + EXCEL_EPOCH;

/** An Excel serial (1 … 2200-12-31, time of day dropped) or a yyyymmdd number as days; NaN otherwise. */
function numberToDays(v: number): number {
  if (!Number.isFinite(v) || v < 1) return NaN;
  if (v >= 19000101 && v <= 22001231 && Number.isInteger(v)) {
    return civilDays(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
  }
  if (v >= MAX_SERIAL + 1) return NaN;
  const serial = Math.floor(v);
  if (serial === 60) return NaN; // 1900-02-29 does not exist
  return serial > 60 ? serial - EXCEL_EPOCH : serial - EXCEL_EPOCH + 1;
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3],
  ['apr', 4], ['april', 4], ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7],
  ['aug', 8], ['august', 8], ['sep', 9], ['sept', 9], ['september', 9], ['oct', 10], ['october', 10],
  ['nov', 11], ['november', 11], ['dec', 12], ['december', 12],
]);

const TIME = String.raw`(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?`;
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?`;
/** 2026-06-30, 2026/6/30, 2026.06.30 (+ time) */
const RE_Y4 = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
/** 06/30/2026, 30.06.2026, 6/30/26, 26-06-30 (+ time) */
const RE_NUM = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})\.?${TIME}$`);
/** 30 Jun 2026, 30-Jun-26, 30 June, 2026, Tue 30th June 2026 */
const RE_D_MON_Y = new RegExp(
  String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\.?[\s\-/]*([a-z]{3,9})\.?,?[\s\-/]*(\d{4}|\d{2})${TIME}$`,
  'i',
);
/** June 30, 2026, Jun 30 2026, Jun-30-2026 */
const RE_MON_D_Y = new RegExp(
  String.raw`^${WEEKDAY}([a-z]{3,9})\.?[\s\-/]*(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|[\s\-/]+)(\d{4}|\d{2})${TIME}$`,
  'i',
);
/** 2026-Jun-30, 2026 June 30 */
const RE_Y_MON_D = /^(\d{4})[\s\-/.]([a-z]{3,9})\.?[\s\-/.](\d{1,2})$/i;
const RE_NUMERIC_TEXT = /^\d+(?:\.\d+)?$/;

/** NaN results of `parseDateText`: NOT_DATE = not a date at all, else a date that does not exist. */
let dateShaped = false;

/** Days of the date in s[start, end) (trimmed, non-empty), or NaN; sets `dateShaped`. */
function parseDateText(s: string, start: number, end: number, order: ColumnFormat['dateOrder']): number {
  dateShaped = false;
  const len = end - start;
  // ISO fast path: yyyy-mm-dd (+ anything starting with 'T' or a space, checked below)
  if (
    len >= 10 &&
    s.charCodeAt(start + 4) === 45 &&
    s.charCodeAt(start + 7) === 45 &&
    (len === 10 || s.charCodeAt(start + 10) === 84 || s.charCodeAt(start + 10) === 32)
  ) {
    let y = 0;
    let m = 0;
    let d = 0;
    let digitsOk = true;
    for (let k = 0; k < 10; k++) {
      if (k === 4 || k === 7) continue;
      const c = s.charCodeAt(start + k);
      if (c < 48 || c > 57) {
        digitsOk = false;
        break;
      }
      const v = c - 48;
      if (k < 4) y = y * 10 + v;
      else if (k < 7) m = m * 10 + v;
      else d = d * 10 + v;
    }
    if (digitsOk && len === 10) {
      dateShaped = true;
      return civilDays(y, m, d);
    }
  }
  const t = start === 0 && end === s.length ? s : s.slice(start, end);
  let match = RE_Y4.exec(t);
  if (match !== null) {
    dateShaped = true;
    return civilDays(Number(match[1]), Number(match[3]), Number(match[4]));
  }
  match = RE_NUM.exec(t);
  if (match !== null) {
    dateShaped = true;
    const a = Number(match[1]);
    const b = Number(match[3]);
    const yearText = match[4] as string;
    const c = Number(yearText);
    if (order === 'YMD' && yearText.length === 2) {
      return civilDays(fullYear(a, (match[1] as string).length), b, c);
    }
    const year = fullYear(c, yearText.length);
    // YMD with a 4-digit last part cannot be year-first: read it as the US order
    return order === 'DMY' ? civilDays(year, b, a) : civilDays(year, a, b);
  }
  match = RE_D_MON_Y.exec(t);
  if (match !== null) {
    const month = MONTHS.get((match[2] as string).toLowerCase());
    if (month !== undefined) {
      dateShaped = true;
      return civilDays(fullYear(Number(match[3]), (match[3] as string).length), month, Number(match[1]));
    }
  }
  match = RE_MON_D_Y.exec(t);
  if (match !== null) {
    const month = MONTHS.get((match[1] as string).toLowerCase());
    if (month !== undefined) {
      dateShaped = true;
      return civilDays(fullYear(Number(match[3]), (match[3] as string).length), month, Number(match[2]));
    }
  }
  match = RE_Y_MON_D.exec(t);
  if (match !== null) {
    const month = MONTHS.get((match[2] as string).toLowerCase());
    if (month !== undefined) {
      dateShaped = true;
      return civilDays(Number(match[1]), month, Number(match[3]));
    }
  }
  if (RE_NUMERIC_TEXT.test(t)) {
    dateShaped = true;
    return numberToDays(Number(t));
  }
  return NaN;
}

// ---------------------------------------------------------------------------------------
// Booleans

const BOOLEAN_WORDS: ReadonlyMap<string, 0 | 1> = new Map([
  ['yes', 1], ['y', 1], ['true', 1], ['t', 1], ['x', 1], ['✓', 1], ['✔', 1], ['✔️', 1], ['☑', 1], ['☒', 1],
  ['✅', 1], ['on', 1], ['checked', 1], ['done', 1],
  ['no', 0], ['n', 0], ['false', 0], ['f', 0], ['✗', 0], ['✘', 0], ['☐', 0], ['❌', 0], ['off', 0],
  ['unchecked', 0],
]);

/** 1 / 0 for a yes/no word in s[start, end), else -1. */
function booleanWord(s: string, start: number, end: number): number {
  if (end - start > 9) return -1;
  const v = BOOLEAN_WORDS.get(s.slice(start, end).toLowerCase());
  return v === undefined ? -1 : v;
}

// ---------------------------------------------------------------------------------------
// Reasons

function shown(s: string): string {
  const t = s.trim();
  return t.length > 40 ? `${t.slice(0, 37)}…` : t;
}

function quoted(raw: RawCell): string {
  return typeof raw === 'string' ? `"${shown(raw)}"` : String(raw);
}

const KIND_NOUN: Record<MetricKind, string> = {
  currency: 'an amount',
  count: 'a count',
  percent: 'a percentage',
  rating: 'a rating',
  boolean: 'yes/no',
  date: 'a date',
  number: 'a number',
};

/** "#DIV/0!", "#VALUE!", "#NAME?" … (#N/A and #NULL! read as missing) */
const RE_SPREADSHEET_ERROR = /^#[A-Z0-9/]+[!?]$/i;

function numberReason(raw: string, start: number, end: number, kind: MetricKind, format: ColumnFormat): string {
  const q = quoted(raw);
  if (RE_SPREADSHEET_ERROR.test(raw.slice(start, end))) return `${q} is a spreadsheet error, not a value`;
  // parsed fine with everything allowed: the text is a number of another kind
  const v = scanNumber(raw, start, end, format.decimal === ',' ? 44 : 46, 0);
  if (!Number.isNaN(v)) {
    if (scanPercent) return `${q} is a percentage, not ${KIND_NOUN[kind]}`;
    if (scanCurrency !== null) return `${q} is an amount of money, not ${KIND_NOUN[kind]}`;
    if (scanMagnitude) return `${q} is not ${KIND_NOUN[kind]} (K / M / bn suffixes are for amounts and counts)`;
  }
  const lastDot = raw.lastIndexOf('.');
  const lastComma = raw.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    if (format.decimal === '.' && lastComma > lastDot) {
      return `${q} is not a number with '.' as the decimal separator (set the decimal separator to ',' if the file uses "1.200,50")`;
    }
    if (format.decimal === ',' && lastDot > lastComma) {
      return `${q} is not a number with ',' as the decimal separator (set the decimal separator to '.' if the file uses "1,200.50")`;
    }
  }
  return `${q} is not a number`;
}

// ---------------------------------------------------------------------------------------
// parseCell

/**
 * One cell read as a value of `kind`: `{ ok: true, value }` (a number; booleans 1/0; dates
 * as days since 1970-01-01; percentages as fractions), `{ ok: true, value: null }` for a
 * missing value, `{ ok: false, error }` for a value that cannot be read.
 */
export function parseCell(raw: RawCell, kind: MetricKind, format: ColumnFormat): Parsed {
  if (raw === null) return NULL_RESULT;
  if (typeof raw === 'number') return parseNumberCell(raw, kind, format);
  if (typeof raw === 'boolean') {
    if (kind === 'boolean') return raw ? TRUE_RESULT : FALSE_RESULT;
    return fail(`${raw ? 'TRUE' : 'FALSE'} is yes/no, not ${KIND_NOUN[kind]}`);
  }
  const start = trimStart(raw);
  const end = trimEnd(raw, start);
  if (start === end) return NULL_RESULT;

  if (kind === 'date') {
    const days = parseDateText(raw, start, end, format.dateOrder);
    if (!Number.isNaN(days)) return ok(days);
    if (dateShaped) return fail(`${quoted(raw)} is not a valid date`);
    if (isMissingText(raw, start, end)) return NULL_RESULT;
    if (RE_SPREADSHEET_ERROR.test(raw.slice(start, end))) return fail(`${quoted(raw)} is a spreadsheet error, not a value`);
    return fail(`${quoted(raw)} is not a date`);
  }

  if (kind === 'boolean') {
    const first = raw.charCodeAt(start);
    if (end - start === 1) {
      if (first === 49) return TRUE_RESULT;
      if (first === 48) return FALSE_RESULT;
    }
    const word = booleanWord(raw, start, end);
    if (word === 1) return TRUE_RESULT;
    if (word === 0) return FALSE_RESULT;
    const v = scanNumber(raw, start, end, format.decimal === ',' ? 44 : 46, 0);
    if (v === 1 && !scanPercent && !scanCurrency) return TRUE_RESULT;
    if (v === 0 && !scanPercent && !scanCurrency) return FALSE_RESULT;
    if (isMissingText(raw, start, end)) return NULL_RESULT;
    if (!Number.isNaN(v)) return fail(`${quoted(raw)} is not yes/no (only 1 and 0 are read as yes and no)`);
    return fail(`${quoted(raw)} is not yes/no`);
  }

  const shift = kind === 'percent' && format.percentScale === 'points' ? -2 : 0;
  const value = scanNumber(raw, start, end, format.decimal === ',' ? 44 : 46, shift);
  if (!Number.isNaN(value)) {
    if (scanPercent && kind !== 'percent' && kind !== 'number') {
      return fail(`${quoted(raw)} is a percentage, not ${KIND_NOUN[kind]}`);
    }
    if (scanCurrency !== null && kind !== 'currency' && kind !== 'number') {
      return fail(`${quoted(raw)} is an amount of money, not ${KIND_NOUN[kind]}`);
    }
    if (scanMagnitude && (kind === 'percent' || kind === 'rating')) {
      return fail(`${quoted(raw)} is not ${KIND_NOUN[kind]} (K / M / bn suffixes are for amounts and counts)`);
    }
    return ok(value);
  }
  if (isMissingText(raw, start, end)) return NULL_RESULT;
  return fail(numberReason(raw, start, end, kind, format));
}

function parseNumberCell(v: number, kind: MetricKind, format: ColumnFormat): Parsed {
  if (!Number.isFinite(v)) return fail(`${String(v)} is not a number`);
  switch (kind) {
    case 'boolean':
      if (v === 1) return TRUE_RESULT;
      if (v === 0) return FALSE_RESULT;
      return fail(`${String(v)} is not yes/no (only 1 and 0 are read as yes and no)`);
    case 'date': {
      const days = numberToDays(v);
      return Number.isNaN(days) ? fail(`${String(v)} is not a date`) : ok(days);
    }
    case 'percent':
      return ok(format.percentScale === 'points' ? v / 100 : v);
    default:
      return ok(v === 0 ? 0 : v);
  }
}

// ---------------------------------------------------------------------------------------
// Column-level format detection

const COMMA_DECIMAL = 1;
const DOT_DECIMAL = -1;

/** Which decimal separator one text points to: 1 = ',', -1 = '.', 0 = no evidence. */
function decimalEvidence(s: string): number {
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma < 0 && lastDot < 0) return 0;
  if (lastComma >= 0 && lastDot >= 0) {
    // "1.200,50" / "1,200.50": the last separator is the decimal one — if both are between digits
    if (!isDigit(s.charCodeAt(lastComma - 1)) || !isDigit(s.charCodeAt(lastDot - 1))) return 0;
    return lastComma > lastDot ? COMMA_DECIMAL : DOT_DECIMAL;
  }
  const isComma = lastComma >= 0;
  const p = isComma ? lastComma : lastDot;
  const sep = isComma ? ',' : '.';
  let after = 0;
  while (isDigit(s.charCodeAt(p + 1 + after))) after++;
  if (after === 0) return 0;
  const digitBefore = p > 0 && isDigit(s.charCodeAt(p - 1));
  if (!digitBefore) {
    // ".5" / ",5" — but not "v.5" style words
    const before = p > 0 ? s.charCodeAt(p - 1) : 32;
    return isAsciiLetter(before) ? 0 : isComma ? COMMA_DECIMAL : DOT_DECIMAL;
  }
  const first = s.indexOf(sep);
  if (first !== p) {
    // the same separator more than once: thousands groups ("1,200,000", "1.200.000")
    // — only when every group has three digits (not a date like 30.06.2026)
    let k = first;
    while (k >= 0) {
      let n = 0;
      while (isDigit(s.charCodeAt(k + 1 + n))) n++;
      if (n !== 3) return 0;
      k = s.indexOf(sep, k + 1);
    }
    return isComma ? DOT_DECIMAL : COMMA_DECIMAL;
  }
  if (after === 3) return 0; // "1,200" / "1.200": ambiguous on its own
  return isComma ? COMMA_DECIMAL : DOT_DECIMAL;
}

function detectDecimal(values: readonly RawCell[]): '.' | ',' {
  let comma = 0;
  let dot = 0;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const e = decimalEvidence(v);
    if (e === COMMA_DECIMAL) comma++;
    else if (e === DOT_DECIMAL) dot++;
  }
  return comma > dot ? ',' : '.';
}

let partA = 0;
let partB = 0;
let partSep = 0;

/**
 * Reads "a/b/c" (separator '/', '-' or '.'; c of 2 or 4 digits) into partA / partB / partSep;
 * partA is -1 for a 4-digit (year-first) first part. False when the text is not that shape.
 */
function numericDateParts(s: string): boolean {
  const start = trimStart(s);
  let i = start;
  let a = 0;
  while (isDigit(s.charCodeAt(i))) a = a * 10 + (s.charCodeAt(i++) - 48);
  const aLen = i - start;
  if (aLen < 1 || aLen > 4 || aLen === 3) return false;
  const sep = s.charCodeAt(i);
  if (sep !== 47 && sep !== 45 && sep !== 46) return false;
  i++;
  const bStart = i;
  let b = 0;
  while (isDigit(s.charCodeAt(i))) b = b * 10 + (s.charCodeAt(i++) - 48);
  if (i - bStart < 1 || i - bStart > 2 || s.charCodeAt(i) !== sep) return false;
  i++;
  const cStart = i;
  while (isDigit(s.charCodeAt(i))) i++;
  const cLen = i - cStart;
  if (aLen === 4 ? cLen < 1 || cLen > 2 : cLen !== 2 && cLen !== 4) return false;
  partA = aLen === 4 ? -1 : a;
  partB = b;
  partSep = sep;
  return true;
}

function detectDateOrder(values: readonly RawCell[]): ColumnFormat['dateOrder'] {
  let dmy = 0;
  let mdy = 0;
  let yearFirst = 0;
  let ambiguousDots = 0;
  let ambiguousOther = 0;
  for (const v of values) {
    if (typeof v !== 'string' || v.length < 6 || v.length > 40) continue;
    if (!numericDateParts(v)) continue;
    if (partA < 0) {
      yearFirst++;
      continue;
    }
    if (partA > 12 && partB <= 12) dmy++;
    else if (partB > 12 && partA <= 12) mdy++;
    else if (partSep === 46) ambiguousDots++;
    else ambiguousOther++;
  }
  if (dmy > mdy) return 'DMY';
  if (mdy > dmy) return 'MDY';
  if (yearFirst > 0 && ambiguousDots + ambiguousOther === 0) return 'YMD';
  // "01.02.2026": dots are the European way of writing dates
  if (ambiguousDots > ambiguousOther) return 'DMY';
  return 'MDY';
}

function detectPercentScale(values: readonly RawCell[], decimal: '.' | ','): ColumnFormat['percentScale'] {
  const dec = decimal === ',' ? 44 : 46;
  let big = 0;
  let small = 0;
  for (const v of values) {
    let x: number;
    if (typeof v === 'number') {
      x = v;
    } else if (typeof v === 'string') {
      const start = trimStart(v);
      const end = trimEnd(v, start);
      if (start === end) continue;
      x = scanNumber(v, start, end, dec, 0);
      if (scanPercent) continue;
    } else {
      continue;
    }
    if (!Number.isFinite(x) || x === 0) continue;
    if (Math.abs(x) > 1) big++;
    else small++;
  }
  return big > small ? 'points' : 'fraction';
}

/**
 * The reading of one column: the file-wide hints when set, else decided from the values —
 * decimal ',' when values like "1.200,50" or "0,85" outnumber values like "1,200.50" or
 * "4.5" ("1,200" alone is thousands); day-first when a first part is over 12, month-first
 * when a second part is; points (85 = 85 %) when most percent values without '%' are over 1.
 */
export function detectColumnFormat(
  values: readonly RawCell[],
  kind: MetricKind,
  hints: { decimal: DecimalSeparator; dateOrder: DateOrder },
): ColumnFormat {
  // dates do not use the decimal separator: no need to read a million dates for it
  const decimal = hints.decimal !== 'auto' ? hints.decimal : kind === 'date' ? '.' : detectDecimal(values);
  const dateOrder = hints.dateOrder !== 'auto' ? hints.dateOrder : kind === 'date' ? detectDateOrder(values) : 'MDY';
  const percentScale = kind === 'percent' ? detectPercentScale(values, decimal) : 'fraction';
  return { decimal, dateOrder, percentScale };
}

// ---------------------------------------------------------------------------------------
// Guessing a column's kind

/** What the header suggests, as a tie-breaker when the values do not decide. */
interface HeaderHint {
  kind: MetricKind | null;
  unit: string | null;
}

const UNIT_IN_BRACKETS = /[([]\s*([^)\]]{1,16}?)\s*[)\]]/;
const HINT_UNITS: ReadonlyMap<string, string> = new Map([
  ['days', 'days'], ['day', 'days'], ['hrs', 'hours'], ['hours', 'hours'], ['h', 'hours'],
  ['weeks', 'weeks'], ['months', 'months'], ['years', 'years'], ['yrs', 'years'],
  ['pts', 'pts'], ['points', 'pts'], ['users', 'users'], ['seats', 'seats'],
]);
const RE_DATE_HINT =
  /\b(date|dated|joined|join|since|created|onboarded|renewal|renews|expiry|expires|expiration|anniversary|effective|started)\b|\b(on|at)$/;
const RE_PERCENT_HINT =
  /%|\b(percent|percentage|pct|rate|ratio|share|csat|satisfaction|margin|growth|attainment|conversion|churn|retention|utili[sz]ation)\b/;
const RE_RATING_HINT = /\b(rating|ratings|stars)\b/;
const RE_CURRENCY_HINT =
  /[$€£¥₹]|\b(arr|mrr|acv|tcv|revenue|rev|bookings|pipeline|amount|usd|eur|gbp|spend|cost|costs|price|mdf|rebate|rebates|commission|income|gmv|billings)\b/;
const RE_BOOLEAN_HINT =
  /^(is|has|have|can|does|signed|dedicated|published|flag|enabled|co built|cobuilt)\b|\?$|\b(y n|yes no|flag)\b/;
const RE_COUNT_HINT =
  /#|\b(number|num|count|no of|qty|quantity|sellers|reps|customers|clients|installs|installations|reviews|consultants|certifications|certs|implementations|deals|products|users|seats|employees|headcount|days|opportunities|leads|referrals|accounts|partners|projects|apps|hubs)\b/;
const RE_NUMBER_HINT = /\b(score|index|fit|nps|multiple)\b/;

function headerHint(header: string): HeaderHint {
  const raw = header.trim();
  let unit: string | null = null;
  let currencyUnit: string | null = null;
  const bracket = UNIT_IN_BRACKETS.exec(raw);
  if (bracket !== null) {
    const token = (bracket[1] as string).trim();
    const upper = token.toUpperCase();
    if (CURRENCY_CODES.has(upper)) currencyUnit = upper;
    else if (token.length === 1 && currencySymbol(token.charCodeAt(0)) !== null) currencyUnit = currencySymbol(token.charCodeAt(0));
    else unit = HINT_UNITS.get(token.toLowerCase()) ?? null;
  }
  if (currencyUnit === null) {
    for (const word of raw.split(/[^A-Za-z]+/)) {
      if (word.length !== 3) continue;
      const upper = word.toUpperCase();
      // upper-case codes ("ARR USD"), and the three common ones in any case ("arr_usd")
      if ((word === upper && CURRENCY_CODES.has(upper)) || upper === 'USD' || upper === 'EUR' || upper === 'GBP') {
        currencyUnit = upper;
        break;
      }
    }
  }
  const h = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ');
  let kind: MetricKind | null = null;
  if (RE_DATE_HINT.test(h)) kind = 'date';
  else if (RE_PERCENT_HINT.test(h)) kind = 'percent';
  else if (RE_RATING_HINT.test(h)) kind = 'rating';
  else if (currencyUnit !== null || RE_CURRENCY_HINT.test(h)) kind = 'currency';
  else if (RE_BOOLEAN_HINT.test(h)) kind = 'boolean';
  else if (RE_COUNT_HINT.test(h)) kind = 'count';
  else if (RE_NUMBER_HINT.test(h)) kind = 'number';
  if (kind === 'currency') {
    if (currencyUnit === null) {
      const symbol = /[$€£¥₹]/.exec(raw);
      if (symbol !== null) currencyUnit = currencySymbol(symbol[0].charCodeAt(0));
    }
    return { kind, unit: currencyUnit };
  }
  return { kind, unit };
}

/** What the values of a column look like (a sample of at most `MAX_SAMPLE` cells). */
export interface ValueProfile {
  /** cells with a value (not missing) in the sample */
  total: number;
  /** numbers and numeric text (including 0/1) */
  numeric: number;
  /** numeric values that are exactly 0 or 1 */
  zeroOne: number;
  /** numeric text with a '%' sign */
  percent: number;
  /** numeric text with a currency symbol or code */
  currency: number;
  /** the currency seen most often, or null */
  currencyUnit: string | null;
  nonInteger: number;
  negative: number;
  min: number;
  max: number;
  /** numeric values that read as dates (Excel serials, yyyymmdd) */
  serialLike: number;
  /** yes/no words (yes, no, x, ✓, true …) and boolean cells */
  booleanWords: number;
  /** texts that look like dates (valid or not) */
  dates: number;
  /** everything else */
  words: number;
}

const MAX_SAMPLE = 5000;

/** Profiles the values of a column (an evenly spread sample of at most 5000 cells). */
export function profileValues(values: readonly RawCell[]): ValueProfile {
  const n = values.length;
  const step = n > MAX_SAMPLE ? n / MAX_SAMPLE : 1;
  const sampleSize = Math.min(n, MAX_SAMPLE);
  const sample: RawCell[] = new Array<RawCell>(sampleSize);
  for (let k = 0; k < sampleSize; k++) sample[k] = values[Math.floor(k * step)] ?? null;
  const dec = detectDecimal(sample) === ',' ? 44 : 46;
  const order = detectDateOrder(sample);
  const p: ValueProfile = {
    total: 0,
    numeric: 0,
    zeroOne: 0,
    percent: 0,
    currency: 0,
    currencyUnit: null,
    nonInteger: 0,
    negative: 0,
    min: Infinity,
    max: -Infinity,
    serialLike: 0,
    booleanWords: 0,
    dates: 0,
    words: 0,
  };
  const units = new Map<string, number>();
  const addNumber = (x: number): void => {
    p.numeric++;
    if (x === 0 || x === 1) p.zeroOne++;
    if (!Number.isInteger(x)) p.nonInteger++;
    if (x < 0) p.negative++;
    if (x < p.min) p.min = x;
    if (x > p.max) p.max = x;
    if (!Number.isNaN(numberToDays(x))) p.serialLike++;
  };
  for (const v of sample) {
    if (v === null) continue;
    if (typeof v === 'boolean') {
      p.total++;
      p.booleanWords++;
      continue;
    }
    if (typeof v === 'number') {
      p.total++;
      if (Number.isFinite(v)) addNumber(v);
      else p.words++;
      continue;
    }
    const start = trimStart(v);
    const end = trimEnd(v, start);
    if (isMissingText(v, start, end)) continue;
    p.total++;
    const x = scanNumber(v, start, end, dec, 0);
    if (!Number.isNaN(x)) {
      if (scanPercent) {
        p.percent++;
      } else if (scanCurrency !== null) {
        p.currency++;
        units.set(scanCurrency, (units.get(scanCurrency) ?? 0) + 1);
      }
      const pct = scanPercent;
      const cur = scanCurrency !== null;
      addNumber(x);
      // "1"/"0" only count as 0/1 flags when written plainly
      if ((pct || cur) && (x === 0 || x === 1)) p.zeroOne--;
      continue;
    }
    if (booleanWord(v, start, end) >= 0) {
      p.booleanWords++;
      continue;
    }
    parseDateText(v, start, end, order);
    if (dateShaped) {
      p.dates++;
      continue;
    }
    p.words++;
  }
  let best = 0;
  for (const [unit, count] of units) {
    if (count > best) {
      best = count;
      p.currencyUnit = unit;
    }
  }
  return p;
}

/** True when `minority` values of another kind are more than noise among `total` (5 %, at least 1). */
function isMixed(minority: number, total: number): boolean {
  return minority > 0 && minority >= Math.max(1, Math.ceil(total * 0.05));
}

/**
 * The kind (and unit) of a column, from its values, with the header as a tie-breaker
 * ('ARR (USD)' → currency in USD, 'CSAT %' → percent, 'Rating' → rating, 'Joined on' →
 * date). `mixed`: the column holds values of clearly different kinds (numbers and dates,
 * numbers and words), i.e. at least 5 % of its values are of another kind than the guess.
 */
export function guessKind(header: string, values: readonly RawCell[]): { kind: MetricKind; unit: string | null; mixed: boolean } {
  const hint = headerHint(header);
  const p = profileValues(values);
  if (p.total === 0) return { kind: hint.kind ?? 'number', unit: hint.unit, mixed: false };

  const numericOther = p.numeric - p.zeroOne;
  // families of values: numbers, yes/no, dates, words (0/1 counts as yes/no in a yes/no column)
  const booleanLike =
    (p.booleanWords > 0 && p.booleanWords + p.zeroOne >= numericOther) ||
    (p.booleanWords === 0 &&
      p.numeric > 0 &&
      numericOther === 0 &&
      p.zeroOne === p.numeric &&
      (hint.kind === null || hint.kind === 'boolean'));
  const families: [string, number][] = booleanLike
    ? [
        ['boolean', p.booleanWords + p.zeroOne],
        ['numeric', numericOther],
        ['date', p.dates],
        ['word', p.words],
      ]
    : [
        ['numeric', p.numeric],
        ['boolean', p.booleanWords],
        ['date', p.dates],
        ['word', p.words],
      ];
  // a date header over numbers that read as dates (Excel serials): a date column
  if (hint.kind === 'date' && p.numeric > 0 && p.serialLike === p.numeric) {
    const dateFamily = families.find((f) => f[0] === 'date') as [string, number];
    const numericFamily = families.find((f) => f[0] === 'numeric') as [string, number];
    dateFamily[1] += numericFamily[1];
    numericFamily[1] = 0;
  }
  families.sort((a, b) => b[1] - a[1]);
  const [primary, second] = families as [[string, number], [string, number]];
  const mixed = isMixed(second[1], p.total);

  switch (primary[0]) {
    case 'boolean':
      return { kind: 'boolean', unit: null, mixed };
    case 'date':
      return { kind: 'date', unit: null, mixed };
    case 'word':
      return { kind: hint.kind ?? 'number', unit: hint.kind === 'currency' || hint.kind === 'number' || hint.kind === 'count' ? hint.unit : null, mixed };
    default:
      break;
  }

  if (p.currency > 0 && p.currency >= p.percent) {
    return { kind: 'currency', unit: p.currencyUnit ?? (hint.kind === 'currency' ? hint.unit : null), mixed };
  }
  if (p.percent > 0) return { kind: 'percent', unit: null, mixed };
  switch (hint.kind) {
    case 'currency':
      return { kind: 'currency', unit: hint.unit, mixed };
    case 'percent':
      if (p.min >= -1000 && p.max <= 1000) return { kind: 'percent', unit: null, mixed };
      break;
    case 'rating':
      if (p.min >= 0 && p.max <= 10) return { kind: 'rating', unit: null, mixed };
      break;
    case 'count':
      return { kind: 'count', unit: hint.unit, mixed };
    case 'number':
      return { kind: 'number', unit: hint.unit, mixed };
    default:
      break;
  }
  if (p.nonInteger === 0 && p.negative === 0) return { kind: 'count', unit: hint.unit, mixed };
  return { kind: 'number', unit: hint.unit, mixed };
}
