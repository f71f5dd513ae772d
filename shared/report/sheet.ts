/**
 * A workbook as data (DESIGN D10.1): sheets of typed cells with number formats, built by
 * `buildWorkbook` from engine outcomes and written to XLSX by electron/services/export.
 * Pure: no SheetJS, no Node, no clock.
 */
import { currencyCode } from '../model/currency';
import { daysToIsoDate } from '../model/dataset';
import { formatDelta, formatMetricValue, formatMoney } from '../model/format';
import { METRIC_KIND_INFO } from '../model/metric-kinds';
import type { MetricKind } from '../model/workspace';
import type { ChartSpec } from './charts';
import type { Tone } from './kpis';

/** How a number reads in the workbook (each maps to one Excel number format). */
export const CELL_FORMATS = [
  'text',
  'count',
  'number',
  'currency',
  'percent',
  'rating',
  'date',
  'hours',
  /** progress toward a next tier, 0..1, shown as a whole percent */
  'progress',
  'deltaCount',
  'deltaCurrency',
  /** a change of a share, in percentage points (the value is already ×100) */
  'deltaPoints',
  'deltaHours',
] as const;
export type CellFormat = (typeof CELL_FORMATS)[number];

/** A number with a format other than its column's (a value and target of mixed metrics). */
export interface FormattedCell {
  value: number | null;
  format: CellFormat;
  /** money ('currency', 'deltaCurrency') in another currency than the workbook's (an ISO code in `currencies`) */
  currency?: string;
  /** a change that is good or bad for the program (kpis.ts `deltaTone`): written in green or red */
  tone?: Tone;
}

/** null, '' and NaN leave the cell empty. Numbers are real numbers; booleans read yes / no. */
export type Cell = string | number | boolean | null | FormattedCell;

export interface ColumnSpec {
  header: string;
  format: CellFormat;
  /** long texts wrap within the column (small sheets only: a wrapped row grows taller) */
  wrap?: boolean;
  /**
   * A column of one text per partner, row i being partner i (its ID, its name), in every
   * sheet whose column names the same key: the writer recalls the text's shared string by
   * row instead of looking it up among a million (the per-partner sheets repeat them).
   */
  perPartner?: 'id' | 'name';
}

export interface SheetSpec {
  /** a valid Excel sheet name (see `sheetNames`) */
  name: string;
  /** lines above the table; the first is the sheet's title. The table's header row follows a blank line. */
  title: string[];
  columns: ColumnSpec[];
  rowCount: number;
  /** row i of the table (0-based), built when the writer reaches it: per-partner sheets are never held whole */
  row(i: number): Cell[];
  /** columns kept in view when scrolling right (the header row is always frozen) */
  freezeColumns: number;
  /** print across the page (wide sheets) */
  landscape: boolean;
  /**
   * How many pages across a printout of the sheet fits its columns to: 1 (the default)
   * shrinks every column onto one page's width; 'readable' takes as many pages as keep the
   * type readable (a sheet too wide for one page). The header row prints on every page.
   */
  pagesAcross?: number | 'readable';
  /** the first columns printed on every page, left of the rest (print titles: who a row is about, on each page of it) */
  printTitleColumns?: number;
  /** charts drawn below the table (the Charts sheet), each reading cells of other sheets (charts.ts) */
  charts?: ChartSpec[];
}

export interface WorkbookSpec {
  title: string;
  subject: string;
  /** the export's date and time, ISO 8601 (passed in: the builder has no clock) */
  created: string;
  /** shown in the file's properties (Dataset, Partners, As of, Scenarios, Exported) */
  properties: Record<string, string>;
  /** the currency of money cells that name none (an ISO code): the list's; absent, US dollars */
  currency?: string;
  /** every other currency a cell may name (each gets its number formats) */
  currencies?: string[];
  sheets: SheetSpec[];
}

export function isFormatted(cell: Cell): cell is FormattedCell {
  return typeof cell === 'object' && cell !== null;
}

/** The cell a metric value makes: its kind's format (METRIC_KIND_INFO `cell`) (money in the currency its unit names); booleans as yes / no; dates as dates. */
export function metricCell(kind: MetricKind, value: number | null, unit: string | null = null): Cell {
  if (value === null || Number.isNaN(value)) return null;
  const format = METRIC_KIND_INFO[kind].cell;
  if (format === 'yesNo') return value !== 0 ? 'yes' : 'no';
  if (format === 'currency') {
    const currency = currencyCode(unit);
    if (currency !== null) return { value, format, currency };
  }
  return { value, format };
}

/** How a cell reads on screen, for fitting column widths (the writer's Excel formats read alike); money without a currency of its own in `currency`. */
export function cellText(cell: Cell, format: CellFormat, currency?: string): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  const { value, format: f } = isFormatted(cell) ? cell : { value: cell, format };
  const money = (isFormatted(cell) ? cell.currency : undefined) ?? currency;
  if (value === null || Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return '∞';
  switch (f) {
    case 'text':
    case 'number':
      return formatMetricValue('number', value);
    case 'currency':
      return formatMoney(value, money);
    case 'count':
    case 'percent':
    case 'rating':
      return formatMetricValue(f, value);
    case 'date':
      return daysToIsoDate(value);
    case 'hours':
      return `${formatMetricValue('count', value)} h`;
    case 'progress':
      return `${Math.round(value * 100)}%`;
    case 'deltaCount':
      return formatDelta('count', value);
    case 'deltaCurrency':
      return formatDelta('currency', value, money);
    case 'deltaPoints':
      return formatDelta('percent', value / 100);
    case 'deltaHours':
      return `${formatDelta('count', value)} h`;
  }
}

// ---------------------------------------------------------------------------------------
// Sheet names

/** Excel's limits: 1–31 characters, none of : \ / ? * [ ], not starting or ending with ', and not "History". */
export const MAX_SHEET_NAME = 31;

function cleanSheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s']+|[\s']+$/g, '');
  return cleaned.toLowerCase() === 'history' ? 'History (1)' : cleaned;
}

/**
 * Valid, distinct sheet names for the wanted ones, in order: forbidden characters become
 * spaces, long names are cut at 31 characters (with "…"), and a name already taken (in
 * any case) gets " (2)", " (3)" ….
 */
export function sheetNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>();
  return wanted.map((raw) => {
    const base = cleanSheetName(raw) || 'Sheet';
    const fit = (text: string, suffix: string) => {
      const room = MAX_SHEET_NAME - suffix.length;
      if (text.length <= room) return text + suffix;
      // never cut between the two halves of an emoji (a surrogate pair)
      const cut = /[\uD800-\uDBFF]/.test(text[room - 2] ?? '') ? room - 2 : room - 1;
      return `${text.slice(0, cut).trimEnd()}…${suffix}`;
    };
    let name = fit(base, '');
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = fit(base, ` (${n})`);
    taken.add(name.toLowerCase());
    return name;
  });
}
