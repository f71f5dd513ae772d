/**
 * The number scanner (DESIGN D9.2): reads a cell's text as a number the way people write
 * numbers in spreadsheets ("$1,200", "1.200,50 €", "(3,000)", "85%", "$1.2M", "1.2E+06"),
 * and says what else it saw (a '%' sign, a currency, a K / M / bn suffix) for the caller to
 * judge against the metric kind. Used by the cell reader (parse.ts), the column-format
 * detection (column-format.ts) and the kind guessing (kind-guess.ts).
 *
 * Runs over every cell of an import (100K–1M+ cells): it works on char codes with no
 * intermediate strings.
 */
import { CURRENCY_CODES, currencySymbol, isAsciiLetter, isDigit, isGroupSpace, isTrimCode } from './text';

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
// saw in these flags for the caller to judge against the metric kind. Only scanNumber
// writes them; importers read them (live bindings) right after calling it.

export let scanPercent = false;
export let scanCurrency: string | null = null;
export let scanMagnitude = false;

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
export function scanNumber(s: string, start: number, end: number, dec: number, shiftNoPercent: number): number {
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

/**
 * A number written as plain digits with at most one '.' as the decimal separator ("3562",
 * "0.67"), read as `scanNumber` reads it (nothing else seen), or NaN for any other text,
 * which `scanNumber` then reads. Most metric cells of an export are so; they skip the
 * scanner's general states (docs/PERFORMANCE.md "The import").
 */
export function plainNumber(s: string, start: number, end: number, dec: number, shiftNoPercent: number): number {
  let mantissa = 0;
  let digits = 0;
  let decDigits = 0;
  let point = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (point) decDigits++;
    } else if (c === 46 && dec === 46 && !point) {
      point = true;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const exp = shiftNoPercent - decDigits;
  return exp >= 0 ? mantissa * pow10(exp) : mantissa / pow10(-exp);
}
