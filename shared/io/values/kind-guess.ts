/**
 * Guessing a column's metric kind (DESIGN D3, D9.2, D9.3) from its values, with its header
 * as a tie-breaker: a profile of an evenly spread sample of the values (numbers, '%' signs,
 * currencies, yes/no words, dates, words), then the kind and unit the profile and the
 * header point to, and whether the column mixes values of clearly different kinds (a
 * warning of the validation report).
 */
import type { MetricKind } from '../../model/workspace';
import type { RawCell } from '../types';
import { detectDateOrder, detectDecimal } from './column-format';
import { dateShaped, numberToDays, parseDateText } from './dates';
import { scanCurrency, scanNumber, scanPercent } from './scan-number';
import { booleanWord, CURRENCY_CODES, currencySymbol, isMissingText, trimEnd, trimStart } from './text';

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
export function guessKind(
  header: string,
  values: readonly RawCell[],
  /** `profileValues(values)`, when the caller has it already */
  p: ValueProfile = profileValues(values),
): { kind: MetricKind; unit: string | null; mixed: boolean } {
  const hint = headerHint(header);
  if (p.total === 0) return { kind: hint.kind ?? 'number', unit: hint.unit, mixed: false };

  const numericOther = p.numeric - p.zeroOne;
  // families of values: numbers, yes/no, dates, words (0/1 counts as yes/no in a yes/no
  // column: where yes/no words and 0s and 1s are more than the other numbers; a tie is numbers)
  const booleanLike =
    (p.booleanWords > 0 && p.booleanWords + p.zeroOne > numericOther) ||
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
