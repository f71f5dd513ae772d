/**
 * How a metric value reads on screen and in the export, by the metric's kind. One set of
 * rules everywhere (SPEC S2: a missing value reads "no data", never 0).
 */
import { daysToIsoDate } from './dataset';
import type { MetricKind } from './workspace';

export const NO_DATA = 'no data';

const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const currencyCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const rating = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

export function formatMetricValue(kind: MetricKind, value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_DATA;
  switch (kind) {
    case 'currency':
      return Math.abs(value) < 100 && !Number.isInteger(value) ? currencyCents.format(value) : currency.format(value);
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

/** Whole numbers with thousands separators, for counts of partners, rows, files. */
export function formatCount(value: number): string {
  return count.format(value);
}

/** How far a figure is from the baseline's, signed: "+120", "−$40,000", "+3.2 pts" (shares move in percentage points); "±0" when equal. */
export function formatDelta(kind: 'count' | 'currency' | 'percent' | 'number', delta: number): string {
  if (!Number.isFinite(delta)) return delta > 0 ? '+∞' : delta < 0 ? '−∞' : NO_DATA;
  const points = kind === 'percent' ? Math.round(delta * 1000) / 10 : delta;
  if (Math.abs(points) < (kind === 'percent' ? 0.05 : kind === 'count' ? 0.5 : 1e-9)) return '±0';
  const sign = points > 0 ? '+' : '−';
  const size = Math.abs(points);
  switch (kind) {
    case 'percent':
      return `${sign}${number.format(Math.round(size * 10) / 10)} pts`;
    case 'currency':
      return `${sign}${currency.format(size)}`;
    case 'count':
      return `${sign}${count.format(size)}`;
    case 'number':
      return `${sign}${number.format(size)}`;
  }
}
