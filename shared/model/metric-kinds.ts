/**
 * The metric kinds (DESIGN D3), in one table: the words each screen lists them by and the
 * words a sentence names them with, the first threshold and unit the requirement builder
 * offers, the affixes of a threshold's input, and the cell a value of the kind makes in the
 * workbook. The kinds themselves are METRIC_KINDS (workspace.ts); how a value reads
 * (format.ts `formatMetricValue`) and how a typed threshold is read
 * (renderer/src/lib/threshold-text.ts `parseThreshold`, `formatThreshold`) are exhaustive
 * switches on the kind, which the compiler points at when a kind is added. How an imported
 * cell is read (shared/io/values/parse.ts `parseCell`) is not: it reads every kind but dates
 * and yes/no as a number, so a kind whose cells read otherwise needs its own branch there.
 *
 * Adding a metric kind: docs/ADDING.md.
 */
import type { MetricKind } from './workspace';

export interface MetricKindInfo {
  /** the kind in the scenario editor's lists (a derived metric's kind) */
  label: string;
  /**
   * the kind in the import mapping screen's list (kept apart: that screen has always said
   * "Yes/No"). Its currency is "Currency", not "Currency ($)": the unit beside the kind names
   * the column's currency (GBP, €…), and a dollar sign beside a GBP unit said two things.
   */
  importLabel: string;
  /** the kind in a sentence of the fit dialog (renderer/src/components/FitDialog.tsx): "money · read by …" */
  noun: string;
  /**
   * the kind in the import's reasons for a cell it cannot read (shared/io/values/parse.ts):
   * '"85%" is a percentage, not a count' (kept apart: the import has always said "an amount", "yes/no")
   */
  importNoun: string;
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
  currency: { label: 'Currency', importLabel: 'Currency', noun: 'money', importNoun: 'an amount', defaultThreshold: 100_000, defaultPer: 1000, input: { prefix: 'currency' }, cell: 'currency' },
  count: { label: 'Count', importLabel: 'Count', noun: 'a count', importNoun: 'a count', defaultThreshold: 1, defaultPer: 1, input: {}, cell: 'count' },
  percent: { label: 'Percent (0.1 = 10%)', importLabel: 'Percent', noun: 'a percentage', importNoun: 'a percentage', defaultThreshold: 0.5, defaultPer: 0.01, input: { suffix: '%' }, cell: 'percent' },
  rating: { label: 'Rating', importLabel: 'Rating', noun: 'a rating', importNoun: 'a rating', defaultThreshold: 4, defaultPer: 1, input: {}, cell: 'rating' },
  boolean: { label: 'Yes / no', importLabel: 'Yes/No', noun: 'yes / no', importNoun: 'yes/no', defaultThreshold: 1, defaultPer: 1, input: {}, cell: 'yesNo' },
  date: { label: 'Date', importLabel: 'Date', noun: 'a date', importNoun: 'a date', defaultThreshold: 'today', defaultPer: 1, input: { placeholder: 'yyyy-mm-dd' }, cell: 'date' },
  number: { label: 'Number', importLabel: 'Number', noun: 'a number', importNoun: 'a number', defaultThreshold: 1, defaultPer: 1, input: { suffix: 'unit' }, cell: 'number' },
};
