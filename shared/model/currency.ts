/**
 * Which currency an amount is in, and amounts as people type them (issue 17).
 *
 * - A currency metric's currency is its unit when that names a currency (an ISO code such
 *   as "EUR", a symbol such as "€", a word such as "euros"), else the list's.
 * - The list's currency — for money that is no metric column: benefit costs, budgets,
 *   resource totals — is the one its currency metrics name when they all name the same;
 *   currency metrics without a currency of their own do not count. None, or several:
 *   US dollars, as before currencies were read.
 * - An amount is typed as "50000", "50,000", "$50K", "1.5M", "€2,5M", "500K EUR": the
 *   list's own symbol or code is accepted before or after it, another currency's is not
 *   (nothing converts between currencies).
 *
 * Numbers read and print in en-US style ("€16,034"): only the symbol follows the currency.
 */
import type { Result } from './result';
import type { MetricKind } from './workspace';

/** The currency of money nothing else names. */
export const DEFAULT_CURRENCY = 'USD';

/** ISO 4217 codes the runtime knows (it formats any of them), else the common ones. */
const ISO_CODES: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === 'function'
    ? Intl.supportedValuesOf('currency')
    : ['USD', 'EUR', 'GBP', 'JPY', 'CNY', 'INR', 'AUD', 'CAD', 'CHF', 'SEK', 'NOK', 'DKK', 'NZD', 'SGD', 'HKD', 'BRL', 'MXN', 'ZAR', 'PLN', 'CZK', 'HUF', 'ILS', 'KRW', 'TRY', 'AED', 'SAR'],
);

/** Symbols (and a few words) people write for a currency, upper-cased. */
const SIGNS: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'],
  ['US$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₪', 'ILS'],
  ['₫', 'VND'],
  ['₱', 'PHP'],
  ['₦', 'NGN'],
  ['₴', 'UAH'],
  ['฿', 'THB'],
  ['A$', 'AUD'],
  ['AU$', 'AUD'],
  ['C$', 'CAD'],
  ['CA$', 'CAD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['S$', 'SGD'],
  ['R$', 'BRL'],
  ['MX$', 'MXN'],
  ['CN¥', 'CNY'],
  ['RMB', 'CNY'],
  ['DOLLAR', 'USD'],
  ['DOLLARS', 'USD'],
  ['EURO', 'EUR'],
  ['EUROS', 'EUR'],
  ['POUND', 'GBP'],
  ['POUNDS', 'GBP'],
  ['YEN', 'JPY'],
]);

/** The ISO code a unit names ("EUR", "eur", "€", "euros" → "EUR"), or null when it names no currency. */
export function currencyCode(unit: string | null | undefined): string | null {
  if (unit === null || unit === undefined) return null;
  const u = unit.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(u) && ISO_CODES.has(u)) return u;
  return SIGNS.get(u) ?? null;
}

interface CurrencyMetric {
  kind: MetricKind;
  unit: string | null;
}

/**
 * The list's currency: the one its currency metrics name when they all name the same
 * (those naming none do not count); USD when none names one or they disagree.
 */
export function datasetCurrency(metrics: readonly CurrencyMetric[]): string {
  let found: string | null = null;
  for (const m of metrics) {
    if (m.kind !== 'currency') continue;
    const code = currencyCode(m.unit);
    if (code === null) continue;
    if (found !== null && found !== code) return DEFAULT_CURRENCY;
    found = code;
  }
  return found ?? DEFAULT_CURRENCY;
}

/** A metric's unit with its currency settled: a currency metric's own ISO code, else the list's; other kinds keep theirs. */
export function settledUnit(kind: MetricKind, unit: string | null, listCurrency: string): string | null {
  return kind === 'currency' ? (currencyCode(unit) ?? listCurrency) : unit;
}

/**
 * The metrics with every currency metric's unit settled to an ISO code (see `settledUnit`);
 * the same array when nothing changes.
 */
export function withCurrencies<T extends CurrencyMetric>(metrics: readonly T[], listCurrency: string = datasetCurrency(metrics)): T[] {
  let changed = false;
  const out = metrics.map((m) => {
    const unit = settledUnit(m.kind, m.unit, listCurrency);
    if (unit === m.unit) return m;
    changed = true;
    return { ...m, unit };
  });
  return changed ? out : (metrics as T[]);
}

// ---------------------------------------------------------------------------------------
// Symbols

const symbols = new Map<string, { symbol: string; narrow: string }>();

function symbolsOf(code: string): { symbol: string; narrow: string } {
  let s = symbols.get(code);
  if (!s) {
    const part = (display: 'symbol' | 'narrowSymbol') =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: code, currencyDisplay: display }).formatToParts(1).find((p) => p.type === 'currency')?.value ?? code;
    s = { symbol: part('symbol'), narrow: part('narrowSymbol') };
    symbols.set(code, s);
  }
  return s;
}

/** How the currency is written before an amount: "$", "€", "£", "CA$", "CHF". */
export function currencySymbol(code: string): string {
  return symbolsOf(code).symbol;
}

/** The symbol as a prefix: "$", "€"; a symbol made of letters gets a space ("CHF "). */
export function currencyPrefix(code: string): string {
  const symbol = currencySymbol(code);
  return /[A-Za-z]$/.test(symbol) ? `${symbol} ` : symbol;
}

const WORDS: Readonly<Record<string, string>> = {
  USD: 'dollars',
  AUD: 'dollars',
  CAD: 'dollars',
  NZD: 'dollars',
  SGD: 'dollars',
  HKD: 'dollars',
  EUR: 'euros',
  GBP: 'pounds',
  JPY: 'yen',
  CHF: 'francs',
  INR: 'rupees',
};

/** The amounts as a word: "dollars", "euros", "pounds"; the ISO code for others ("SEK"). */
export function currencyWord(code: string): string {
  return WORDS[code] ?? code;
}

// ---------------------------------------------------------------------------------------
// Amounts as typed

/** An amount, or why not: unreadable text, or an amount in another currency. */
export type MoneyRead = Result<number, 'unreadable' | 'other-currency'>;

const SCALE: Record<string, number> = { K: 3, M: 6, B: 9, BN: 9 };
/** sign, digits (with or without thousands commas), decimals, K / M / B */
const AMOUNT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(\.\d+)?(K|M|BN|B)?$/;
/** a decimal comma before a magnitude: "2,5M" (one or two decimals; "2,500M" groups thousands) */
const AMOUNT_DECIMAL_COMMA = /^([+-]?)(\d+),(\d{1,2})(K|M|BN|B)$/;

/** An amount without currency, upper-cased and without spaces; exact in decimal ("1.1M" is 1100000). */
function readAmount(text: string): number | undefined {
  let m = AMOUNT.exec(text);
  let digits: string;
  let scale: string | undefined;
  if (m) {
    const [, sign = '', whole = '', fraction = ''] = m;
    digits = `${sign}${whole.replace(/,/g, '') || '0'}${fraction}`;
    scale = m[4];
  } else {
    m = AMOUNT_DECIMAL_COMMA.exec(text);
    if (!m) return undefined;
    digits = `${m[1]}${m[2]}.${m[3]}`;
    scale = m[4];
  }
  const exponent = scale ? (SCALE[scale] ?? 0) : 0;
  const value = Number(exponent ? `${digits}e${exponent}` : digits);
  return Number.isFinite(value) ? value : undefined;
}

/** Every way a currency is marked, upper-cased, longest first. */
function marksOf(code: string): string[] {
  const { symbol, narrow } = symbolsOf(code);
  const own = new Set([code, symbol.toUpperCase(), narrow.toUpperCase()]);
  for (const [sign, c] of SIGNS) if (c === code) own.add(sign);
  return [...own].sort((a, b) => b.length - a.length);
}

const FOREIGN_SIGNS = [...SIGNS.keys()].sort((a, b) => b.length - a.length);

/** The mark at the start (`atEnd` false) or the end of `t`: own, foreign, or none. */
function markAt(t: string, own: readonly string[], atEnd: boolean): { length: number; foreign: boolean } | null {
  const has = (mark: string) => (atEnd ? t.endsWith(mark) : t.startsWith(mark));
  const mine = own.find(has);
  if (mine) return { length: mine.length, foreign: false };
  const sign = FOREIGN_SIGNS.find(has);
  if (sign) return { length: sign.length, foreign: true };
  const code = atEnd ? t.slice(-3) : t.slice(0, 3);
  if (t.length > 3 && /^[A-Z]{3}$/.test(code) && ISO_CODES.has(code)) return { length: 3, foreign: true };
  return null;
}

/**
 * An amount as typed in `currency`: "50000", "50,000", "$50K", "- $5", "1.5M", "€2,5M",
 * "500K EUR". Its currency's symbol or code may come before or after it (not both);
 * another currency's makes it 'other-currency'.
 */
export function readMoney(input: string, currency: string = DEFAULT_CURRENCY): MoneyRead {
  let t = input.replace(/\s+/g, '').toUpperCase();
  const own = marksOf(currency);
  let sign = '';
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t[0]!;
    t = t.slice(1);
  }
  let foreign = false;
  const before = markAt(t, own, false);
  if (before) {
    foreign = before.foreign;
    t = t.slice(before.length);
    if (sign === '' && (t.startsWith('-') || t.startsWith('+'))) {
      sign = t[0]!;
      t = t.slice(1);
    }
  } else {
    const after = markAt(t, own, true);
    if (after) {
      foreign = after.foreign;
      t = t.slice(0, -after.length);
    }
  }
  const value = t === '' || /^[+-]/.test(t) ? undefined : readAmount(`${sign}${t}`);
  if (value === undefined) return { ok: false, error: 'unreadable' };
  if (foreign) return { ok: false, error: 'other-currency' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** "50000 or €50K": how an amount in the currency may be typed. */
export function moneyExample(currency: string = DEFAULT_CURRENCY): string {
  return `50000 or ${currencyPrefix(currency)}50K`;
}

/** Why an amount in another currency is refused: "amounts here are in EUR (€): …". */
export function otherCurrencyMessage(currency: string = DEFAULT_CURRENCY): string {
  const symbol = currencySymbol(currency);
  return `amounts here are in ${currency}${symbol !== currency ? ` (${symbol})` : ''}: type ${moneyExample(currency)}`;
}
