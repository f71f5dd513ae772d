/**
 * The text a program lead types into a threshold of the requirement builder (DESIGN D4) —
 * "$50K", "€1.5M", "80%", "2024-06-30", "yes" — read as the model's stored number (an amount
 * in the currency of its metric: shared/model/currency), the text an input shows for a
 * stored number, the hint shown when a text cannot be read, and the comma-separated values
 * of "one of". The tree edits are in requirement-edit.ts.
 */
import { DEFAULT_CURRENCY, moneyExample, otherCurrencyMessage, readMoney } from '../../../shared/model/currency';
import { dateToDays, daysToIsoDate } from '../../../shared/model/dataset';
import type { Err, Result } from '../../../shared/model/result';
import type { MetricKind } from '../../../shared/model/workspace';

/** At most this many values of "in". */
export const MAX_IN_VALUES = 200;

const EXAMPLES: Record<Exclude<MetricKind, 'currency'>, string> = {
  count: 'Type a whole number, e.g. 3',
  percent: 'Type a percentage, e.g. 80 or 80%',
  rating: 'Type a number, e.g. 4.5',
  number: 'Type a number, e.g. 10',
  date: 'Type a date as yyyy-mm-dd, e.g. 2025-06-30',
  boolean: 'Type yes or no',
};

/** The hint shown when a threshold of this kind (an amount: in `currency`, an ISO code) cannot be read. */
export function thresholdHint(kind: MetricKind, currency: string = DEFAULT_CURRENCY): string {
  return kind === 'currency' ? `Type a number, e.g. ${moneyExample(currency)}` : EXAMPLES[kind];
}

const SCALE: Record<string, number> = { k: 3, m: 6, b: 9 };
/** sign, digits (with or without thousands commas), decimals, K / M / B */
const NUMBER_TEXT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(\.\d+)?([kmb])?$/i;

/** A number as typed; `shift` moves the decimal point (-2: a percentage as a fraction), exactly, in decimal. */
function readNumber(text: string, allowScale: boolean, shift = 0): number | undefined {
  const m = NUMBER_TEXT.exec(text.replace(/\s+/g, ''));
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', scale] = m;
  if (scale && !allowScale) return undefined;
  const digits = `${sign}${whole.replace(/,/g, '') || '0'}${fraction}`;
  const exponent = (scale ? (SCALE[scale.toLowerCase()] ?? 0) : 0) + shift;
  const value = Number(exponent ? `${digits}e${exponent}` : digits);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A threshold as typed, in the model's units. Currency (in `currency`, an ISO code):
 * "50000", "50,000", "$50K", "1.2M", "€2,5M" — its own symbol or code only. Percent: 80 or
 * "80%" is stored as 0.8. Count: a whole number. Rating and number: any number. Date:
 * yyyy-mm-dd as a day number. Boolean: yes / no.
 */
export function parseThreshold(kind: MetricKind, input: string, currency: string = DEFAULT_CURRENCY): Result<number> {
  const fail = { ok: false as const, error: thresholdHint(kind, currency) };
  let text = input.trim();
  if (!text) return fail;
  switch (kind) {
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return fail;
      const days = dateToDays(text);
      return Number.isFinite(days) && daysToIsoDate(days) === text ? { ok: true, value: days } : { ok: false, error: `${text} is not a date on the calendar` };
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (['yes', 'true', '1', 'y'].includes(t)) return { ok: true, value: 1 };
      if (['no', 'false', '0', 'n'].includes(t)) return { ok: true, value: 0 };
      return fail;
    }
    case 'percent': {
      text = text.replace(/\s*%$/, '');
      const v = readNumber(text, false, -2);
      return v === undefined ? fail : { ok: true, value: v };
    }
    case 'currency': {
      const r = readMoney(text, currency);
      if (r.ok) return r;
      return r.error === 'other-currency' ? { ok: false, error: capitalised(otherCurrencyMessage(currency)) } : fail;
    }
    case 'count': {
      const v = readNumber(text, true);
      if (v === undefined) return fail;
      return Number.isInteger(v) ? { ok: true, value: v } : { ok: false, error: 'Type a whole number, e.g. 3 (no decimals)' };
    }
    case 'rating':
      return toResult(readNumber(text, false), fail);
    case 'number':
      return toResult(readNumber(text, true), fail);
  }
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function toResult(v: number | undefined, fail: Err<string>): Result<number> {
  return v === undefined ? fail : { ok: true, value: v };
}

export interface Bounds {
  /** the value must be at least this */
  min?: number;
  /** the value must be more than 0 */
  positive?: boolean;
  max?: number;
  /** empty text is allowed and means "not set" (undefined) */
  optional?: boolean;
}

/** A threshold with bounds (points ≥ 0, a unit > 0 …); optional fields accept empty text as undefined. An amount is in `currency`. */
export function parseBounded(kind: MetricKind, input: string, bounds: Bounds, currency: string = DEFAULT_CURRENCY): Result<number | undefined> {
  if (bounds.optional && input.trim() === '') return { ok: true, value: undefined };
  const r = parseThreshold(kind, input, currency);
  if (!r.ok) return r;
  if (bounds.positive && !(r.value > 0)) return { ok: false, error: 'Must be more than 0' };
  if (bounds.min !== undefined && r.value < bounds.min) return { ok: false, error: `Must be ${formatThreshold(kind, bounds.min)} or more` };
  if (bounds.max !== undefined && r.value > bounds.max) return { ok: false, error: `Must be at most ${formatThreshold(kind, bounds.max)}` };
  return r;
}

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 10, useGrouping: true });
const ungrouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 10, useGrouping: false });

/** The text an input shows for a stored value (the inverse of parseThreshold; empty when unset). */
export function formatThreshold(kind: MetricKind, value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '';
  switch (kind) {
    case 'currency':
    case 'count':
    case 'number':
      return plain.format(value);
    case 'percent':
      return ungrouped.format(Number((value * 100).toPrecision(12)));
    case 'rating':
      return ungrouped.format(value);
    case 'date':
      return daysToIsoDate(Math.round(value));
    case 'boolean':
      return value !== 0 ? 'yes' : 'no';
  }
}

/**
 * The values of "one of", separated by commas and spaces or semicolons ("1, 2, 5";
 * "$50,000; $75,000"). A piece that is not one number ("1,2,3") is split at its commas.
 */
export function parseValueList(kind: MetricKind, input: string, currency: string = DEFAULT_CURRENCY): Result<number[]> {
  const pieces = input
    .split(/[;\n]|,\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!pieces.length) return { ok: false, error: `Type at least one value, e.g. ${kind === 'date' ? '2025-01-01, 2025-07-01' : '1, 2, 5'}` };
  const values: number[] = [];
  for (const piece of pieces) {
    const whole = parseThreshold(kind, piece, currency);
    const parts = whole.ok ? [whole] : piece.includes(',') ? piece.split(',').map((p) => parseThreshold(kind, p, currency)) : [whole];
    for (const [i, r] of parts.entries()) {
      if (!r.ok) {
        const bad = parts.length > 1 ? (piece.split(',')[i] ?? piece).trim() || '(empty)' : piece;
        return { ok: false, error: `"${bad}" is not a value: ${r.error.charAt(0).toLowerCase()}${r.error.slice(1)}` };
      }
      if (!values.includes(r.value)) values.push(r.value);
    }
  }
  if (values.length > MAX_IN_VALUES) return { ok: false, error: `At most ${MAX_IN_VALUES} values` };
  return { ok: true, value: values };
}

export function formatValueList(kind: MetricKind, values: readonly number[] | undefined): string {
  return (values ?? []).map((v) => formatThreshold(kind, v)).join(', ');
}
