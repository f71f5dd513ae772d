/**
 * How the text of one column is read (DESIGN D9.2, D9.3), decided once per column from its
 * values unless the import's file-wide hints set it: the decimal separator ("1,200.50" or
 * "1.200,50"), the order of day, month and year in all-numeric dates, and whether a percent
 * column without '%' signs holds fractions (0.85) or points (85). The cell reader (parse.ts)
 * then reads every cell of the column with it; the kind guessing (kind-guess.ts) borrows the
 * decimal separator and date order detection for its sample.
 */
import type { MetricKind } from '../../model/workspace';
import type { DateOrder, DecimalSeparator, RawCell } from '../types';
import { scanNumber, scanPercent } from './scan-number';
import { isAsciiLetter, isDigit, trimEnd, trimStart } from './text';

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
// Column-level format detection

const COMMA_DECIMAL = 1;
const DOT_DECIMAL = -1;

/** Which decimal separator one text points to: 1 = ',', -1 = '.', 0 = no evidence. */
function decimalEvidence(s: string): number {
  // the last ',' and the last '.' in one pass from the end (two lastIndexOf calls cost more
  // on the short texts of a sample's cells)
  let lastComma = -1;
  let lastDot = -1;
  for (let i = s.length - 1; i >= 0 && (lastComma < 0 || lastDot < 0); i--) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      if (lastComma < 0) lastComma = i;
    } else if (c === 46 && lastDot < 0) {
      lastDot = i;
    }
  }
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
  if (after === 3) {
    // "1,200" / "1.200": ambiguous on its own — unless the part before is a lone 0 ("0.125"),
    // which no thousands grouping writes
    const lone0 = s.charCodeAt(p - 1) === 48 && !isDigit(s.charCodeAt(p - 2));
    return lone0 ? (isComma ? COMMA_DECIMAL : DOT_DECIMAL) : 0;
  }
  return isComma ? COMMA_DECIMAL : DOT_DECIMAL;
}

/** How many texts of a column point to ',' and to '.' as the decimal separator. */
export interface DecimalVotes {
  comma: number;
  dot: number;
}

/** The texts of `values` that point to ',' and to '.' as the decimal separator (decimalEvidence), counted. */
export function decimalVotes(values: readonly RawCell[]): DecimalVotes {
  let comma = 0;
  let dot = 0;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const e = decimalEvidence(v);
    if (e === COMMA_DECIMAL) comma++;
    else if (e === DOT_DECIMAL) dot++;
  }
  return { comma, dot };
}

export function detectDecimal(values: readonly RawCell[], fallback: '.' | ',' = '.'): '.' | ',' {
  return decide(decimalVotes(values), fallback);
}

function decide(votes: DecimalVotes, fallback: '.' | ','): '.' | ',' {
  return votes.comma > votes.dot ? ',' : votes.dot > votes.comma ? '.' : fallback;
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

export function detectDateOrder(values: readonly RawCell[]): ColumnFormat['dateOrder'] {
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
 * "4.5"; when neither does (every value "1.200" or "3,000", ambiguous on its own), the
 * file's leaning (`fallbackDecimal`: analyse.ts `fileDecimal`), else '.'; day-first when a
 * first part is over 12, month-first when a second part is; points (85 = 85 %) when most
 * percent values without '%' are over 1. `votes`: the column's decimalVotes, when counted.
 */
export function detectColumnFormat(
  values: readonly RawCell[],
  kind: MetricKind,
  hints: { decimal: DecimalSeparator; dateOrder: DateOrder; fallbackDecimal?: '.' | ','; votes?: DecimalVotes },
): ColumnFormat {
  // dates do not use the decimal separator: no need to read a million dates for it
  const decimal = hints.decimal !== 'auto' ? hints.decimal : kind === 'date' ? '.' : decide(hints.votes ?? decimalVotes(values), hints.fallbackDecimal ?? '.');
  const dateOrder = hints.dateOrder !== 'auto' ? hints.dateOrder : kind === 'date' ? detectDateOrder(values) : 'MDY';
  const percentScale = kind === 'percent' ? detectPercentScale(values, decimal) : 'fraction';
  return { decimal, dateOrder, percentScale };
}
