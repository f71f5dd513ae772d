/**
 * Reading one imported cell as a metric value (DESIGN D3, D9.2): numbers written the way
 * people write them in spreadsheets ("$1,200", "1.200,50 €", "(3,000)", "85%", "$1.2M"),
 * yes/no flags, and dates (Excel serials, ISO, US, European, "30 Jun 2026").
 *
 * Missing values ("", "N/A", "-" …) are null, never 0. A value that cannot be read is
 * `{ ok: false, error }` with a reason a person understands.
 *
 * Runs over every cell of an import (100K–1M+ cells): the number scanner (scan-number.ts)
 * works on char codes with no intermediate strings; regexes are compiled once and only used
 * for dates in other shapes than ISO (dates.ts) and for the rare failure paths.
 *
 * How a column is read (its decimal separator, date order, percent scale) is decided once
 * per column by column-format.ts; what kind a column is, by kind-guess.ts.
 */
import { METRIC_KIND_INFO } from '../../model/metric-kinds';
import type { Result } from '../../model/result';
import type { MetricKind } from '../../model/workspace';
import type { RawCell } from '../types';
import type { ColumnFormat } from './column-format';
import { dateShaped, numberToDays, parseDateText } from './dates';
import { scanCurrency, scanMagnitude, scanNumber, scanPercent } from './scan-number';
import { booleanWord, isMissingText, trimEnd, trimStart } from './text';

/** One cell's value (null: missing), or why it cannot be read. */
export type Parsed = Result<number | null, string>;

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
// Missing values

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
// Reasons

function shown(s: string): string {
  const t = s.trim();
  return t.length > 40 ? `${t.slice(0, 37)}…` : t;
}

function quoted(raw: RawCell): string {
  return typeof raw === 'string' ? `"${shown(raw)}"` : String(raw);
}

/** The kind in a reason ("… is a percentage, not a count"): its `importNoun` (metric-kinds.ts). */
function kindNoun(kind: MetricKind): string {
  return METRIC_KIND_INFO[kind].importNoun;
}

/** "#DIV/0!", "#VALUE!", "#NAME?" … (#N/A and #NULL! read as missing) */
const RE_SPREADSHEET_ERROR = /^#[A-Z0-9/]+[!?]$/i;

function numberReason(raw: string, start: number, end: number, kind: MetricKind, format: ColumnFormat): string {
  const q = quoted(raw);
  if (RE_SPREADSHEET_ERROR.test(raw.slice(start, end))) return `${q} is a spreadsheet error, not a value`;
  // parsed fine with everything allowed: the text is a number of another kind
  const v = scanNumber(raw, start, end, format.decimal === ',' ? 44 : 46, 0);
  if (!Number.isNaN(v)) {
    if (scanPercent) return `${q} is a percentage, not ${kindNoun(kind)}`;
    if (scanCurrency !== null) return `${q} is an amount of money, not ${kindNoun(kind)}`;
    if (scanMagnitude) return `${q} is not ${kindNoun(kind)} (K / M / bn suffixes are for amounts and counts)`;
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
    return fail(`${raw ? 'TRUE' : 'FALSE'} is yes/no, not ${kindNoun(kind)}`);
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
      return fail(`${quoted(raw)} is a percentage, not ${kindNoun(kind)}`);
    }
    if (scanCurrency !== null && kind !== 'currency' && kind !== 'number') {
      return fail(`${quoted(raw)} is an amount of money, not ${kindNoun(kind)}`);
    }
    if (scanMagnitude && (kind === 'percent' || kind === 'rating')) {
      return fail(`${quoted(raw)} is not ${kindNoun(kind)} (K / M / bn suffixes are for amounts and counts)`);
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
