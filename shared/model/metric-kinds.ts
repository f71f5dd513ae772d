/**
 * The metric kinds (DESIGN D3), in one table: the words each screen lists them by, the
 * first threshold and unit the requirement builder offers, the affixes of a threshold's
 * input, and the cell a value of the kind makes in the workbook. The kinds themselves are
 * METRIC_KINDS (workspace.ts); how a value reads (format.ts `formatMetricValue`), how a
 * typed threshold is read (renderer/src/lib/requirement-edit.ts `parseThreshold`,
 * `formatThreshold`) and how an imported cell is read (shared/io/values.ts) are exhaustive
 * switches on the kind, which the compiler points at when a kind is added.
 *
 * Adding a metric kind: docs/ADDING.md.
 */
import type { MetricKind } from './workspace';

export interface MetricKindInfo {
  /** the kind in the scenario editor's lists (a derived metric's kind) */
  label: string;
  /** the kind in the import mapping screen's list (kept apart: that screen has always said "Currency ($)", "Yes/No") */
  importLabel: string;
  /** a new comparison's first threshold; 'today': today's day number (dates) */
  defaultThreshold: number | 'today';
  /** the unit a new per-unit points rule counts in ($1,000 of a currency, 1% of a percentage) */
  defaultPer: number;
  /**
   * The affixes of a threshold's input: 'currency' prefixes the metric's currency symbol,
   * 'unit' suffixes the metric's unit when it has one; `placeholder` shows in an empty input.
   */
  input: { prefix?: 'currency'; suffix?: '%' | 'unit'; placeholder?: string };
  /** the workbook cell of a value (shared/report/sheet.ts `metricCell`): a number format, or 'yesNo' text */
  cell: 'currency' | 'count' | 'percent' | 'rating' | 'number' | 'date' | 'yesNo';
}

export const METRIC_KIND_INFO: Readonly<Record<MetricKind, MetricKindInfo>> = {
  currency: { label: 'Currency', importLabel: 'Currency ($)', defaultThreshold: 100_000, defaultPer: 1000, input: { prefix: 'currency' }, cell: 'currency' },
  count: { label: 'Count', importLabel: 'Count', defaultThreshold: 1, defaultPer: 1, input: {}, cell: 'count' },
  percent: { label: 'Percent (0.1 = 10%)', importLabel: 'Percent', defaultThreshold: 0.5, defaultPer: 0.01, input: { suffix: '%' }, cell: 'percent' },
  rating: { label: 'Rating', importLabel: 'Rating', defaultThreshold: 4, defaultPer: 1, input: {}, cell: 'rating' },
  boolean: { label: 'Yes / no', importLabel: 'Yes/No', defaultThreshold: 1, defaultPer: 1, input: {}, cell: 'yesNo' },
  date: { label: 'Date', importLabel: 'Date', defaultThreshold: 'today', defaultPer: 1, input: { placeholder: 'yyyy-mm-dd' }, cell: 'date' },
  number: { label: 'Number', importLabel: 'Number', defaultThreshold: 1, defaultPer: 1, input: { suffix: 'unit' }, cell: 'number' },
};
