/**
 * The import flow's pure rules (DESIGN D9.2): how a column's target is chosen and edited on
 * the mapping screen, what is wrong with a mapping before the service is asked, and
 * whether "Import" may be pressed. No React, no store: the slice and the screen share it.
 */
import { metricKeyFor } from '../../../shared/io/header-metrics';
import {
  columnLetter,
  PARTNER_FIELDS,
  PARTNER_FIELD_LABELS,
  type ColumnMapping,
  type ColumnTarget,
  type DateOrder,
  type DecimalSeparator,
  type ImportMapping,
  type IssueExample,
  type IssueKind,
  type PartnerField,
  type RawCell,
  type ValidationReport,
} from '../../../shared/io/types';
import { guessKind } from '../../../shared/io/values/kind-guess';
import { METRIC_KIND_INFO } from '../../../shared/model/metric-kinds';
import { METRIC_KINDS, type DatasetSummary, type MetricKind } from '../../../shared/model/workspace';
import { formatCount } from '../../../shared/model/format';

/** The kinds as the mapping screen lists them (shared/model/metric-kinds.ts `importLabel`). */
export const KIND_LABELS: Readonly<Record<MetricKind, string>> = Object.fromEntries(METRIC_KINDS.map((k) => [k, METRIC_KIND_INFO[k].importLabel])) as Record<MetricKind, string>;

export const DATE_ORDER_LABELS: Record<DateOrder, string> = {
  auto: 'Automatic',
  MDY: 'Month-Day-Year',
  DMY: 'Day-Month-Year',
  YMD: 'Year-Month-Day',
};

export const DECIMAL_LABELS: Record<DecimalSeparator, string> = {
  auto: 'Automatic',
  '.': 'Point: 1,234.56',
  ',': 'Comma: 1.234,56',
};

export const ISSUE_TITLES: Record<IssueKind, string> = {
  missing_name: 'Missing partner name',
  duplicate_id: 'Duplicate partner ID',
  unparseable: 'Values that cannot be read',
  missing_id: 'No partner ID (one is made from the name)',
  unknown_motion: 'Motion not recognised (kept as written)',
  missing_motion: 'No motion',
  mixed_kinds: 'Mixed kinds of values in one column',
  empty_row: 'Empty rows (left out)',
  summary_row: 'Totals rows (left out)',
};

/** What the target select of a column says: 'field:name', 'metric' or 'ignore'. */
export type TargetChoice = `field:${PartnerField}` | 'metric' | 'ignore';

export const TARGET_CHOICES: { value: TargetChoice; label: string }[] = [
  ...PARTNER_FIELDS.map((field) => ({ value: `field:${field}` as TargetChoice, label: PARTNER_FIELD_LABELS[field] })),
  { value: 'metric', label: 'Metric' },
  { value: 'ignore', label: 'Ignore' },
];

export function choiceOf(target: ColumnTarget): TargetChoice {
  return target.type === 'field' ? `field:${target.field}` : target.type;
}

const MAX_LABEL = 200;
const MAX_UNIT = 32;
const KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The name a column gets as a metric when it has none: its header, else "Column C". */
export function defaultMetricLabel(column: Pick<ColumnMapping, 'index' | 'header'>): string {
  return (column.header.trim() || `Column ${columnLetter(column.index)}`).slice(0, MAX_LABEL);
}

/**
 * The target for a choice in the select. Choosing "Metric" brings back the metric the
 * column had when the file was read (name, kind, unit), else a new one named after the
 * header with its kind guessed from the sample values.
 */
export function targetForChoice(
  choice: TargetChoice,
  column: Pick<ColumnMapping, 'index' | 'header'>,
  samples: readonly RawCell[],
  original?: ColumnTarget,
): ColumnTarget {
  if (choice === 'ignore') return { type: 'ignore' };
  if (choice !== 'metric') return { type: 'field', field: choice.slice('field:'.length) as PartnerField };
  if (original?.type === 'metric') return original;
  const label = defaultMetricLabel(column);
  const { kind, unit } = guessKind(column.header, samples);
  return { type: 'metric', label, key: metricKeyFor(label), kind, unit: unit === null ? null : unit.slice(0, MAX_UNIT) };
}

export type MetricTarget = Extract<ColumnTarget, { type: 'metric' }>;

/** A metric renamed: its key follows the name. */
export function renameMetric(target: MetricTarget, label: string): MetricTarget {
  return { ...target, label, key: metricKeyFor(label) };
}

/** One entry per header, in file order: columns the mapping leaves out are ignored. */
export function completeMapping(mapping: ImportMapping, headers: readonly string[]): ImportMapping {
  const byIndex = new Map(mapping.columns.map((c) => [c.index, c]));
  const columns = headers.map((header, index): ColumnMapping => byIndex.get(index) ?? { index, header, target: { type: 'ignore' } });
  // a remembered mapping may name columns beyond this file's last one: keep them so the service explains
  const extra = mapping.columns.filter((c) => c.index >= headers.length);
  return { ...mapping, columns: [...columns, ...extra] };
}

/**
 * What is wrong with the mapping before the service is asked (by column index): an
 * empty or too long metric name, a name that gives no key, two columns on one metric.
 * The service's own check (`mappingErrors`) covers the rest.
 */
export function columnProblems(mapping: ImportMapping): Record<number, string> {
  const problems: Record<number, string> = {};
  const keys = new Map<string, ColumnMapping>();
  for (const column of mapping.columns) {
    const target = column.target;
    if (target.type !== 'metric') continue;
    const label = target.label.trim();
    if (!label) problems[column.index] = 'A metric needs a name.';
    else if (label.length > MAX_LABEL) problems[column.index] = `A metric name is at most ${MAX_LABEL} characters.`;
    else if (!KEY_PATTERN.test(target.key)) problems[column.index] = 'This name gives no usable key; start it with a letter.';
    else if (target.unit !== null && target.unit.length > MAX_UNIT) problems[column.index] = `A unit is at most ${MAX_UNIT} characters.`;
    else {
      const first = keys.get(target.key);
      if (first) {
        problems[column.index] = `Column ${columnLetter(first.index)} already makes the metric "${target.key}"; give this one another name.`;
      } else keys.set(target.key, column);
    }
  }
  return problems;
}

/** Why a dataset label cannot be used ('' is not a label; labels are unique in a workspace). */
export function labelProblem(label: string, datasets: readonly Pick<DatasetSummary, 'id' | 'label'>[], exceptId?: number): string | null {
  const trimmed = label.trim();
  if (!trimmed) return 'A dataset needs a label.';
  if (trimmed.length > 200) return 'A label is at most 200 characters.';
  if (datasets.some((d) => d.label === trimmed && d.id !== exceptId)) return `Another dataset is already labelled "${trimmed}".`;
  return null;
}

/** A state of the import button (not a Result: it counts the partners either way). */
export interface ImportReadiness {
  ready: boolean;
  /** why not, in a few words (shown beside the disabled button) */
  reason: string | null;
  /** partners the import would write */
  partners: number;
}

/** Whether "Import N partners" may be pressed, and why not. */
export function importReadiness(input: {
  phase: string;
  validating: boolean;
  columnErrors: Record<number, string>;
  report: ValidationReport | null;
  skipBadRows: boolean;
  labelError: string | null;
}): ImportReadiness {
  const partners = input.report?.validRows ?? 0;
  const no = (reason: string): ImportReadiness => ({ ready: false, reason, partners });
  if (input.phase !== 'mapping' || !input.report) return no('Reading the file…');
  if (Object.keys(input.columnErrors).length > 0) return no('Fix the mapping first.');
  if (input.validating) return no('Checking the mapping…');
  if (input.report.mappingErrors.length > 0) return no('Fix the mapping errors first.');
  const bad = input.report.badRows;
  if (bad > 0 && !input.skipBadRows) {
    return no(`${formatCount(bad)} row${bad === 1 ? ' has' : 's have'} errors: skip ${bad === 1 ? 'it' : 'them'}, or cancel and fix the file.`);
  }
  if (partners === 0) return no('No row can be imported.');
  if (input.labelError) return no('Choose another label.');
  return { ready: true, reason: null, partners };
}

export function importButtonText(partners: number): string {
  return `Import ${formatCount(partners)} partner${partners === 1 ? '' : 's'}`;
}

/**
 * 'Row 17 · column C "ARR" · "12abc" — "12abc" is not a number'. The service's messages
 * stand on their own ("Row 17, column C "ARR": …"); the place they start with is not repeated.
 */
export function describeExample(example: IssueExample): string {
  const parts: string[] = [];
  const column = example.column !== null ? `column ${example.column}${example.header ? ` "${example.header}"` : ''}` : null;
  if (example.row !== null) parts.push(`Row ${example.row}`);
  if (column) parts.push(column);
  if (example.value !== null && example.value.trim() !== '') parts.push(`"${example.value}"`);
  let message = example.message;
  const places = [
    example.row !== null && column ? `Row ${example.row}, ${column}: ` : null,
    example.row !== null ? `Row ${example.row}: ` : null,
    column && example.row === null ? `${column.charAt(0).toUpperCase()}${column.slice(1)}: ` : null,
  ];
  const place = places.find((p): p is string => p !== null && message.startsWith(p));
  if (place) message = message.slice(place.length);
  else if (example.row !== null && message.startsWith(`Row ${example.row} `)) return message; // "Row 12 is empty and is left out."
  return parts.length ? `${parts.join(' · ')} — ${message}` : message;
}

/** A sample cell as the mapping screen shows it. */
export function sampleText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell).replace(/\s+/g, ' ');
}

/** The non-empty sample values of column `index`, up to `n`. */
export function samplesOf(rows: readonly (readonly RawCell[])[], index: number, n = 3): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const text = sampleText(row[index]).trim();
    if (text) out.push(text);
    if (out.length >= n) break;
  }
  return out;
}

/** The raw sample cells of column `index` (for guessing a kind). */
export function sampleColumn(rows: readonly (readonly RawCell[])[], index: number): RawCell[] {
  return rows.map((row) => row[index] ?? null);
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-16le': 'UTF-16',
  'windows-1252': 'Windows-1252',
};

/** "CSV · UTF-8 · comma-separated" or "Excel workbook · sheet "Partners"" */
export function describeSource(preview: { format: string; encoding: string | null; delimiter: string | null; sheet: string | null }): string {
  const parts: string[] = [];
  const formats: Record<string, string> = { csv: 'CSV', xlsx: 'Excel workbook', xls: 'Excel 97–2003 workbook', ods: 'OpenDocument spreadsheet' };
  parts.push(formats[preview.format] ?? preview.format.toUpperCase());
  if (preview.encoding) parts.push(ENCODING_NAMES[preview.encoding] ?? preview.encoding);
  if (preview.delimiter) parts.push(`${DELIMITER_NAMES[preview.delimiter] ?? `"${preview.delimiter}"`}-separated`);
  if (preview.sheet && preview.format !== 'csv') parts.push(`sheet "${preview.sheet}"`);
  return parts.join(' · ');
}

export const STAGE_LABELS: Record<string, string> = {
  idle: 'Starting',
  reading: 'Reading',
  checking: 'Checking',
  writing: 'Writing',
  done: 'Done',
};

/** Files the import accepts (the picker's filter; the service decides by the bytes). */
export const IMPORT_ACCEPT = '.csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods';
