/**
 * Validation and conversion of an import (DESIGN D9.3): every metric cell is parsed for its
 * column's kind once, every row checked (row-check.ts), the issues collected per row and
 * column, and the values and the identity lists of the rows that import kept, so committing
 * after the report parses nothing again.
 *
 * It is a generator so the caller can yield between chunks (progress, cancel) without
 * this module knowing about event loops: it yields the fraction done and returns the
 * analysis.
 */
import { IDENTITY_FIELDS, type PackedDataset, type PackedIdentity } from '../model/dataset';
import type { MetricDef } from '../model/workspace';
import { PackedTextBuilder, wellFormed } from '../model/packed-text';
import { IssueCollector } from './issues';
import { normaliseHeader } from './header-text';
import { describeColumn, exampleValue, packRows, ROW_BAD, ROW_OK, RowCheck, type PackedColumn } from './row-check';
import { totalsLabelOf } from './totals-row';
import {
  type CheckedColumns,
  columnLetter,
  type ColumnMapping,
  type ImportMapping,
  type MetricValues,
  type PartnerField,
  PARTNER_FIELD_LABELS,
  type RawCell,
  type RawTable,
  type ValidationReport,
  type ValuesElsewhere,
  emptyMetricValues,
} from './types';
import { decimalVotes, detectColumnFormat, type ColumnFormat, type DecimalVotes } from './values/column-format';
import { guessKind } from './values/kind-guess';
import { cellError, isMissingValue } from './values/parse';

export { ALL_PARTNERS_MOTION, ROW_BAD, ROW_EMPTY, ROW_OK, UNASSIGNED_MOTION } from './row-check';

/** The identity fields packed from their cells as they are, and whether each may be empty (null). */
const TEXT_FIELDS: readonly (readonly [Exclude<PartnerField, 'id' | 'motion'>, boolean])[] = [
  ['name', false],
  ['currentTier', true],
  ['region', true],
  ['segment', true],
  ['owner', true],
];

const CHUNK = 10_000;

export interface Analysis {
  report: ValidationReport;
  /** per data row: ROW_OK, ROW_BAD or ROW_EMPTY */
  rowStatus: Uint8Array;
  metrics: MetricDef[];
  /** per metric, per data row; NaN where the cell is empty or could not be read */
  values: Float64Array[];
  /**
   * The identity fields of the rows that import (ROW_OK), in file order, each packed
   * (shared/model/packed-text.ts) during the check: what the workspace keeps, made without
   * a partner object or, for a CSV file, a string per cell (docs/PERFORMANCE.md)
   */
  identity: PackedIdentity;
  /** partners per motion among the rows that import, each motion as its packed list keeps it */
  motionCounts: Map<string, number>;
}

/** A file's "shape": its normalised header row. Same shape → same remembered mapping. */
export function headerShape(headers: readonly string[]): string {
  return headers.map((h) => normaliseHeader(h)).join('\u241f');
}

/** Problems of the mapping itself; nothing can be imported until they are fixed. */
export function checkMapping(table: Pick<RawTable, 'headers'>, mapping: ImportMapping): string[] {
  const errors: string[] = [];
  const byField = new Map<PartnerField, ColumnMapping[]>();
  const byKey = new Map<string, ColumnMapping[]>();
  const seenIndex = new Set<number>();
  for (const column of mapping.columns) {
    if (column.index >= table.headers.length) {
      errors.push(`Column ${columnLetter(column.index)} does not exist in this file (it has ${table.headers.length} columns).`);
      continue;
    }
    if (seenIndex.has(column.index)) errors.push(`Column ${describeColumn(column)} is mapped twice.`);
    seenIndex.add(column.index);
    if (column.target.type === 'field') byField.set(column.target.field, [...(byField.get(column.target.field) ?? []), column]);
    if (column.target.type === 'metric') byKey.set(column.target.key, [...(byKey.get(column.target.key) ?? []), column]);
  }
  if (!byField.has('name')) errors.push('Map a column to "Partner name": every partner needs a name.');
  for (const [field, columns] of byField) {
    if (columns.length > 1) {
      errors.push(
        `${columns.map(describeColumn).join(' and ')} are all mapped to "${PARTNER_FIELD_LABELS[field]}"; keep one and map the others elsewhere or ignore them.`,
      );
    }
  }
  for (const [key, columns] of byKey) {
    if (columns.length > 1) errors.push(`${columns.map(describeColumn).join(' and ')} would all become the metric "${key}"; give them different names.`);
  }
  return errors;
}

/** What the file itself says about how its values are written. */
export interface FileHints {
  /** a CSV file's delimiter ("," ";" "\t" "|") */
  listSeparator?: string | null;
}

/**
 * The decimal separator of the file, for its columns whose own values leave it open (every
 * value "1.000" or "2,500"): the one its metric columns' values point to together (each
 * column's `decimalVotes`, dates left out); when they do not either, ',' for a CSV delimited
 * by ';' — spreadsheets write ';' where ',' is the decimal separator (German, French,
 * Spanish … settings) — else '.'.
 */
export function fileDecimal(columnVotes: readonly DecimalVotes[], listSeparator: string | null | undefined): '.' | ',' {
  let comma = 0;
  let dot = 0;
  for (const votes of columnVotes) {
    comma += votes.comma;
    dot += votes.dot;
  }
  if (comma !== dot) return comma > dot ? ',' : '.';
  return listSeparator === ';' ? ',' : '.';
}

/** Cells sampled for deciding a column's format: every cell of a small table, evenly spaced ones of a large one. */
const FORMAT_SAMPLE = 10_000;

function columnSample(table: RawTable, column: number, size: number): RawCell[] {
  const n = table.rowCount;
  const step = Math.max(1, n / size);
  const out: RawCell[] = [];
  for (let i = 0; i < n; i += step) out.push(table.cell(Math.floor(i), column));
  return out;
}

/**
 * Validates and converts `table` under `mapping`; yields progress (0..1), or a promise to
 * wait for where its metric cells are read `elsewhere`; returns the analysis.
 */
export function* analyseTable(
  table: RawTable,
  mapping: ImportMapping,
  fileName: string,
  elsewhere?: ValuesElsewhere,
  hints: FileHints = {},
): Generator<number | Promise<void>, Analysis, void> {
  const mappingErrors = checkMapping(table, mapping);
  const rowCount = table.rowCount;
  const rowStatus = new Uint8Array(rowCount);
  const issues = new IssueCollector();

  const fieldColumn = new Map<PartnerField, ColumnMapping>();
  const metricColumns: ColumnMapping[] = [];
  const mappedIndexes = new Set<number>();
  for (const column of mapping.columns) {
    if (column.index >= table.headers.length) continue;
    mappedIndexes.add(column.index);
    if (column.target.type === 'field' && !fieldColumn.has(column.target.field)) fieldColumn.set(column.target.field, column);
    if (column.target.type === 'metric') metricColumns.push(column);
  }
  // a metric key used twice is a mapping error; convert only the first
  const metricsSeen = new Set<string>();
  const uniqueMetrics = metricColumns.filter((c) => {
    const key = c.target.type === 'metric' ? c.target.key : '';
    if (metricsSeen.has(key)) return false;
    metricsSeen.add(key);
    return true;
  });
  const metrics: MetricDef[] = uniqueMetrics.map((c) => {
    const t = c.target as Extract<ColumnMapping['target'], { type: 'metric' }>;
    return { key: t.key, label: t.label.trim(), kind: t.kind, unit: t.unit };
  });
  // a column's number and date format, decided from an even sample of its cells; a column
  // whose values do not tell the decimal separator takes the file's
  const samples = uniqueMetrics.map((c) => columnSample(table, c.index, FORMAT_SAMPLE));
  const votes = samples.map((sample, m) => (metrics[m]!.kind === 'date' ? { comma: 0, dot: 0 } : decimalVotes(sample)));
  const fallbackDecimal = fileDecimal(votes, hints.listSeparator);
  const formats = uniqueMetrics.map((_, m) =>
    detectColumnFormat(samples[m]!, metrics[m]!.kind, { decimal: mapping.decimal, dateOrder: mapping.dateOrder, fallbackDecimal, votes: votes[m]! }),
  );

  // column-level: a column whose values are of clearly different kinds
  uniqueMetrics.forEach((c, m) => {
    const sample = columnSample(table, c.index, 2000).filter((v) => !isMissingValue(v));
    if (sample.length && guessKind(c.header, sample).mixed) {
      issues.add('mixed_kinds', {
        row: null,
        column: columnLetter(c.index),
        header: c.header,
        value: null,
        message: `Column ${describeColumn(c)} mixes values of different kinds; cells that do not read as ${metrics[m]!.kind} are reported as unparseable.`,
      });
    }
  });

  const nameCol = fieldColumn.get('name');
  const idCol = fieldColumn.get('id');
  const motionCol = fieldColumn.get('motion');
  const valueColumns = uniqueMetrics.map((c, m) => ({ index: c.index, kind: metrics[m]!.kind, format: formats[m]! }));
  const partners = { table, fields: { name: nameCol, id: idCol, motion: motionCol }, fieldColumn, rowStatus };
  // the metric cells read on another thread where there is one (a CSV file's): meanwhile the
  // partners are checked and packed here as if every cell reads, and again only if one does
  // not (a row with an unreadable cell is bad, and a bad row claims no id)
  const reading = elsewhere?.read(valueColumns, rowCount);
  let hopeful: { issues: IssueCollector; packers: Packers; motionCounts: Map<string, number> } | null = null;
  const read: { values?: MetricValues | null } = {};
  if (reading) {
    const checked = { issues: new IssueCollector(), packers: packersFor(rowCount) };
    hopeful = { ...checked, motionCounts: yield* checkPartners(partners, new Uint8Array(rowCount), checked.issues, checked.packers, 0, 0.6) };
    yield reading.then((got) => {
      read.values = got;
    });
  }
  // the metrics, every row's in one pass without a call per cell (docs/PERFORMANCE.md "The
  // import"), unless read elsewhere
  const { values, unreadable } = read.values ?? emptyMetricValues(metrics.length, rowCount);
  if (!read.values) {
    for (let r = 0; r < rowCount; r += CHUNK) {
      table.values(valueColumns, values, unreadable, r, Math.min(rowCount, r + CHUNK));
      yield (0.45 * Math.min(rowCount, r + CHUNK)) / rowCount;
    }
  }
  const metricBad = new Uint8Array(rowCount);
  for (const rows of unreadable) for (const r of rows) metricBad[r] = 1;
  reportUnreadable(table, uniqueMetrics, metrics, formats, unreadable, issues, partners.fields);

  let packers: Packers;
  let motionCounts: Map<string, number>;
  if (hopeful && unreadable.every((rows) => rows.length === 0)) {
    ({ packers, motionCounts } = hopeful);
    issues.merge(hopeful.issues);
  } else {
    // the partners checked (again) knowing which cells cannot be read
    packers = packersFor(rowCount);
    motionCounts = yield* checkPartners(partners, metricBad, issues, packers, 0.45, 0.55);
  }
  const identity = {} as PackedIdentity;
  for (const field of IDENTITY_FIELDS) identity[field] = packers[field].finish();

  let validRows = 0;
  let badRows = 0;
  let emptyRows = 0;
  for (let r = 0; r < rowCount; r += 1) {
    if (rowStatus[r] === ROW_OK) validRows += 1;
    else if (rowStatus[r] === ROW_BAD) badRows += 1;
    else emptyRows += 1;
  }
  const report: ValidationReport = {
    fileName,
    rowCount,
    validRows,
    badRows,
    emptyRows,
    errorCount: issues.errorCount,
    warningCount: issues.warningCount,
    groups: issues.list(),
    mappingErrors,
  };
  return { report, rowStatus, metrics, values, identity, motionCounts };
}

/**
 * The cells that cannot be read as their metric's kind (`unreadable[m]`: the rows of metric
 * m's), reported row by row and left to right, as a person reads the file; each cell read
 * again for its reason (they are few, and the reading is pure).
 */
function reportUnreadable(
  table: RawTable,
  columns: readonly ColumnMapping[],
  metrics: readonly MetricDef[],
  formats: readonly ColumnFormat[],
  unreadable: readonly number[][],
  issues: IssueCollector,
  fields: CheckedColumns,
): void {
  const cells: number[] = [];
  unreadable.forEach((rows, m) => {
    for (const r of rows) cells.push(r * columns.length + m);
  });
  cells.sort((a, b) => a - b);
  for (const cell of cells) {
    const r = Math.floor(cell / columns.length);
    const m = cell % columns.length;
    const c = columns[m]!;
    if (totalsLabelOf(table, r, fields)) continue; // a totals row is left out, its cells unread
    table.value(r, c.index, metrics[m]!.kind, formats[m]!);
    const rowNumber = table.firstDataRow + r;
    issues.add('unparseable', {
      row: rowNumber,
      column: columnLetter(c.index),
      header: c.header,
      value: exampleValue(table.text(r, c.index)),
      message: `Row ${rowNumber}, column ${describeColumn(c)}: ${cellError}`,
    });
  }
}

/** A packed list in the making per identity field. */
type Packers = Record<keyof PackedIdentity, PackedTextBuilder>;

/** The table's partner fields as the check reads them. */
interface Partners {
  table: RawTable;
  fields: CheckedColumns;
  fieldColumn: ReadonlyMap<PartnerField, ColumnMapping>;
  /** per data row: ROW_OK, ROW_BAD or ROW_EMPTY, set here */
  rowStatus: Uint8Array;
}

/**
 * Every row checked (RowCheck: name, motion, id; `metricBad` marks the rows with a metric
 * cell that cannot be read), ids made for the rows without one, and the rows that import
 * packed a row at a time into `packers` (a CSV field's text is encoded where it lies,
 * without a string: docs/PERFORMANCE.md "The import"). Yields progress from `from` over `span`;
 * returns the rows that import per motion, each motion as its packed list keeps it (well-formed).
 */
function* checkPartners(partners: Partners, metricBad: Uint8Array, issues: IssueCollector, packers: Packers, from: number, span: number): Generator<number, Map<string, number>, void> {
  const { table, fields, fieldColumn, rowStatus } = partners;
  const rowCount = table.rowCount;
  const check = new RowCheck(table, fields, metricBad, rowStatus, issues, packers.motion);
  for (let r = 0; r < rowCount; r += CHUNK) {
    check.rows(r, Math.min(rowCount, r + CHUNK));
    yield from + (0.7 * span * Math.min(rowCount, r + CHUNK)) / rowCount;
  }
  check.makeIds();
  check.packIds(packers.id);
  const { kept } = check;
  const columns: PackedColumn[] = [];
  for (const [field, optional] of TEXT_FIELDS) {
    const column = fieldColumn.get(field);
    const list = packers[field];
    if (column) columns.push({ column: column.index, list, optional });
    else for (let k = 0; k < kept.length; k += 1) list.add(optional ? null : '');
  }
  for (let k = 0; k < kept.length; k += CHUNK) {
    packRows(table, kept, k, Math.min(kept.length, k + CHUNK), columns);
    yield from + span * (0.7 + (0.3 * Math.min(kept.length, k + CHUNK)) / kept.length);
  }
  // an unpaired surrogate is packed as U+FFFD: motions that differ only there are one motion
  const motionCounts = new Map<string, number>();
  for (const [motion, count] of check.motionCounts) {
    const key = wellFormed(motion);
    motionCounts.set(key, (motionCounts.get(key) ?? 0) + count);
  }
  return motionCounts;
}

/** A packed list in the making per identity field, for up to `rows` partners. */
function packersFor(rows: number): Packers {
  const packers = {} as Packers;
  for (const field of IDENTITY_FIELDS) packers[field] = new PackedTextBuilder(rows);
  return packers;
}

export class ImportRefused extends Error {}

/**
 * The dataset to write: every importable row, in file order. Refuses when the mapping has
 * errors, when rows have errors and skipping them was not chosen, or when nothing is left.
 */
export function toDataset(analysis: Analysis, options: { skipBadRows: boolean }): PackedDataset {
  const { report } = analysis;
  if (report.mappingErrors.length) throw new ImportRefused(`The column mapping has problems: ${report.mappingErrors.join(' ')}`);
  if (report.badRows > 0 && !options.skipBadRows) {
    throw new ImportRefused(
      `${report.badRows} row${report.badRows === 1 ? ' has' : 's have'} errors (${report.errorCount} in all). Fix the file, or choose to skip the bad rows.`,
    );
  }
  if (report.validRows === 0) throw new ImportRefused(`"${report.fileName}" holds no partner that can be imported.`);
  // every row imports: the analysis's columns are the dataset's as they are, not copied
  // (nothing writes to either; 100K rows × 22 metrics is 17 MB, docs/PERFORMANCE.md "The import")
  if (report.validRows === analysis.rowStatus.length) {
    return { metrics: analysis.metrics, count: report.validRows, values: analysis.values, packed: analysis.identity, motionCounts: analysis.motionCounts };
  }
  const keep: number[] = [];
  for (let r = 0; r < analysis.rowStatus.length; r += 1) if (analysis.rowStatus[r] === ROW_OK) keep.push(r);
  // the packed lists hold the importable rows only already
  return {
    packed: analysis.identity,
    motionCounts: analysis.motionCounts,
    metrics: analysis.metrics,
    count: keep.length,
    values: analysis.values.map((column) => {
      const out = new Float64Array(keep.length);
      for (let i = 0; i < keep.length; i += 1) out[i] = column[keep[i]!]!;
      return out;
    }),
  };
}
