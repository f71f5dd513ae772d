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
import { plainNumber, scanCurrency, scanMagnitude, scanNumber, scanPercent } from './scan-number';
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

/** Why s[start, end) (the trimmed part of the cell `raw`) is not a number of `kind`. */
function numberReason(raw: string, s: string, start: number, end: number, kind: MetricKind, format: ColumnFormat): string {
  const q = quoted(raw);
  if (RE_SPREADSHEET_ERROR.test(s.slice(start, end))) return `${q} is a spreadsheet error, not a value`;
  // parsed fine with everything allowed: the text is a number of another kind
  const v = scanNumber(s, start, end, format.decimal === ',' ? 44 : 46, 0);
  if (!Number.isNaN(v)) {
    if (scanPercent) return `${q} is a percentage, not ${kindNoun(kind)}`;
    if (scanCurrency !== null) return `${q} is an amount of money, not ${kindNoun(kind)}`;
    if (scanMagnitude) return `${q} is not ${kindNoun(kind)} (K / M / bn suffixes are for amounts and counts)`;
  }
  // the cell's last '.' and ',' (its trimmed ends are spaces, never either)
  const lastDot = s.lastIndexOf('.', end - 1) >= start ? s.lastIndexOf('.', end - 1) : -1;
  const lastComma = s.lastIndexOf(',', end - 1) >= start ? s.lastIndexOf(',', end - 1) : -1;
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
 * Why the last `cellValue` could not read its cell, or null when it could (the value, or a
 * missing one). Set by every call; read right after it.
 */
export let cellError: string | null = null;

/** The end of a `cellValue` that cannot read its cell: NaN, with the reason in `cellError`. */
function failed(reason: string): number {
  cellError = reason;
  return Number.NaN;
}

/**
 * One cell read as a value of `kind`: `{ ok: true, value }` (a number; booleans 1/0; dates
 * as days since 1970-01-01; percentages as fractions), `{ ok: true, value: null }` for a
 * missing value, `{ ok: false, error }` for a value that cannot be read.
 */
export function parseCell(raw: RawCell, kind: MetricKind, format: ColumnFormat): Parsed {
  const value = cellValue(raw, kind, format);
  if (cellError !== null) return fail(cellError);
  if (Number.isNaN(value)) return NULL_RESULT;
  if (kind === 'boolean') return value === 1 ? TRUE_RESULT : FALSE_RESULT;
  return ok(value);
}

/**
 * `parseCell` without a result object per cell (the import reads millions of them,
 * docs/PERFORMANCE.md "The import"): the value, or NaN for a missing value and for one
 * that cannot be read — then `cellError` says why. A value read is never NaN.
 */
export function cellValue(raw: RawCell, kind: MetricKind, format: ColumnFormat): number {
  cellError = null;
  if (raw === null) return Number.NaN;
  if (typeof raw === 'number') return numberCellValue(raw, kind, format);
  if (typeof raw === 'boolean') {
    if (kind === 'boolean') return raw ? 1 : 0;
    return failed(`${raw ? 'TRUE' : 'FALSE'} is yes/no, not ${kindNoun(kind)}`);
  }
  return textValue(raw, 0, raw.length, kind, format);
}

/** The cell the text s[from, to) is, for a reason: made only when a cell cannot be read. */
function cellOf(s: string, from: number, to: number): string {
  return from === 0 && to === s.length ? s : s.slice(from, to);
}

/**
 * `cellValue` of the text cell s[from, to), read where it lies (a CSV field inside the
 * file's text, docs/PERFORMANCE.md "The import"): no string is made unless the cell cannot
 * be read. Nothing outside [from, to) is looked at.
 */
export function textValue(s: string, from: number, to: number, kind: MetricKind, format: ColumnFormat): number {
  cellError = null;
  const start = trimStart(s, from, to);
  const end = trimEnd(s, start, to);
  if (start === end) return Number.NaN;

  if (kind === 'date') {
    const days = parseDateText(s, start, end, format.dateOrder);
    if (!Number.isNaN(days)) return days;
    if (dateShaped) return failed(`${quoted(cellOf(s, from, to))} is not a valid date`);
    if (isMissingText(s, start, end)) return Number.NaN;
    if (RE_SPREADSHEET_ERROR.test(s.slice(start, end))) return failed(`${quoted(cellOf(s, from, to))} is a spreadsheet error, not a value`);
    return failed(`${quoted(cellOf(s, from, to))} is not a date`);
  }

  if (kind === 'boolean') {
    const first = s.charCodeAt(start);
    if (end - start === 1) {
      if (first === 49) return 1;
      if (first === 48) return 0;
    }
    const word = booleanWord(s, start, end);
    if (word === 1) return 1;
    if (word === 0) return 0;
    const v = scanNumber(s, start, end, format.decimal === ',' ? 44 : 46, 0);
    if (v === 1 && !scanPercent && !scanCurrency) return 1;
    if (v === 0 && !scanPercent && !scanCurrency) return 0;
    if (isMissingText(s, start, end)) return Number.NaN;
    if (!Number.isNaN(v)) return failed(`${quoted(cellOf(s, from, to))} is not yes/no (only 1 and 0 are read as yes and no)`);
    return failed(`${quoted(cellOf(s, from, to))} is not yes/no`);
  }

  const shift = kind === 'percent' && format.percentScale === 'points' ? -2 : 0;
  const dec = format.decimal === ',' ? 44 : 46;
  const plain = plainNumber(s, start, end, dec, shift);
  if (!Number.isNaN(plain)) return plain;
  const value = scanNumber(s, start, end, dec, shift);
  if (!Number.isNaN(value)) {
    if (scanPercent && kind !== 'percent' && kind !== 'number') {
      return failed(`${quoted(cellOf(s, from, to))} is a percentage, not ${kindNoun(kind)}`);
    }
    if (scanCurrency !== null && kind !== 'currency' && kind !== 'number') {
      return failed(`${quoted(cellOf(s, from, to))} is an amount of money, not ${kindNoun(kind)}`);
    }
    if (scanMagnitude && (kind === 'percent' || kind === 'rating')) {
      return failed(`${quoted(cellOf(s, from, to))} is not ${kindNoun(kind)} (K / M / bn suffixes are for amounts and counts)`);
    }
    return value;
  }
  if (isMissingText(s, start, end)) return Number.NaN;
  return failed(numberReason(cellOf(s, from, to), s, start, end, kind, format));
}

function numberCellValue(v: number, kind: MetricKind, format: ColumnFormat): number {
  if (!Number.isFinite(v)) return failed(`${String(v)} is not a number`);
  switch (kind) {
    case 'boolean':
      if (v === 1) return 1;
      if (v === 0) return 0;
      return failed(`${String(v)} is not yes/no (only 1 and 0 are read as yes and no)`);
    case 'date': {
      const days = numberToDays(v);
      return Number.isNaN(days) ? failed(`${String(v)} is not a date`) : days;
    }
    case 'percent':
      return format.percentScale === 'points' ? v / 100 : v;
    default:
      return v === 0 ? 0 : v;
  }
}
