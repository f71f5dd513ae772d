/**
 * How a metric value reads on screen and in the export, by the metric's kind. One set of
 * rules everywhere (DESIGN D3: a missing value reads "no data", never 0).
 */
import { currencyCode, DEFAULT_CURRENCY } from './currency';
import { daysToIsoDate } from './dataset';
import type { MetricKind } from './workspace';

export const NO_DATA = 'no data';

const moneyFormats = new Map<string, { whole: Intl.NumberFormat; cents: Intl.NumberFormat }>();

/** The formats of a currency (an ISO code; anything else that names none: US dollars). */
function moneyFormat(currency: string): { whole: Intl.NumberFormat; cents: Intl.NumberFormat } {
  let f = moneyFormats.get(currency);
  if (!f) {
    const code = currencyCode(currency) ?? DEFAULT_CURRENCY;
    f = {
      whole: new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 0 }),
      cents: new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 2 }),
    };
    moneyFormats.set(currency, f);
  }
  return f;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const rating = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

/**
 * A metric value as it reads. A currency's `unit` names its currency ("EUR", "€"; see
 * currency.ts): "€16,034"; without one, US dollars.
 */
export function formatMetricValue(kind: MetricKind, value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_DATA;
  switch (kind) {
    case 'currency':
      return formatMoney(value, unit ?? DEFAULT_CURRENCY);
    case 'count':
      return count.format(value);
    case 'percent':
      return percent.format(value);
    case 'rating':
      return rating.format(value);
    case 'boolean':
      return value !== 0 ? 'yes' : 'no';
    case 'date':
      return daysToIsoDate(value);
    case 'number':
      return unit ? `${number.format(value)} ${unit}` : number.format(value);
  }
}

/** An amount in a currency (an ISO code: "EUR"), in whole units; cents below 100 when it has them. */
export function formatMoney(value: number | null | undefined, currency: string = DEFAULT_CURRENCY): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_DATA;
  const f = moneyFormat(currency);
  return Math.abs(value) < 100 && !Number.isInteger(value) ? f.cents.format(value) : f.whole.format(value);
}

/** A share as a percentage: 0.703 → "70.3%" (the percent kind's format). */
export function formatShare(share: number): string {
  return formatMetricValue('percent', share);
}

/** Whole numbers with thousands separators, for counts of partners, rows, files. */
export function formatCount(value: number): string {
  return count.format(value);
}

/** The noun for a count: `one` for exactly 1 ("1 partner"), `many` otherwise ("0 partners", "2 partners"). */
export function plural(value: number, one: string, many = `${one}s`): string {
  return value === 1 ? one : many;
}

/** A count and its noun: "1 partner", "1,234 partners". */
export function countOf(value: number, one: string, many = `${one}s`): string {
  return `${formatCount(value)} ${plural(value, one, many)}`;
}

/**
 * How far a figure is from the baseline's, signed: "+120", "−$40,000", "+3.2 pts" (shares
 * move in percentage points); "±0" when equal. Money is in `currency` (an ISO code).
 */
export function formatDelta(kind: 'count' | 'currency' | 'percent' | 'number', delta: number, currency: string = DEFAULT_CURRENCY): string {
  if (!Number.isFinite(delta)) return delta > 0 ? '+∞' : delta < 0 ? '−∞' : NO_DATA;
  const points = kind === 'percent' ? Math.round(delta * 1000) / 10 : delta;
  if (Math.abs(points) < (kind === 'percent' ? 0.05 : kind === 'count' ? 0.5 : 1e-9)) return '±0';
  const sign = points > 0 ? '+' : '−';
  const size = Math.abs(points);
  switch (kind) {
    case 'percent':
      return `${sign}${number.format(Math.round(size * 10) / 10)} pts`;
    case 'currency':
      return `${sign}${moneyFormat(currency).whole.format(size)}`;
    case 'count':
      return `${sign}${count.format(size)}`;
    case 'number':
      return `${sign}${number.format(size)}`;
  }
}
