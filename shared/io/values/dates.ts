/**
 * Reading a date as whole days since 1970-01-01 (UTC) (DESIGN D3, D9.2): Excel serials and
 * yyyymmdd numbers, ISO text (a fast path on char codes), all-numeric dates in the column's
 * day/month order ("06/30/2026", "30.06.2026") and dates with a month name ("30 Jun 2026",
 * "June 30, 2026"). Used by the cell reader (parse.ts) and the kind guessing (kind-guess.ts).
 */
import type { ColumnFormat } from './column-format';

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
export function numberToDays(v: number): number {
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

/**
 * Set by `parseDateText` to tell its NaN results apart: false = not a date at all, true = a
 * date that does not exist (e.g. 31/02/2026). Read by the callers right after the call.
 */
export let dateShaped = false;

/** Days of the date in s[start, end) (trimmed, non-empty), or NaN; sets `dateShaped`. */
export function parseDateText(s: string, start: number, end: number, order: ColumnFormat['dateOrder']): number {
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
