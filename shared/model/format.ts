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
