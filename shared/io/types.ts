/**
 * The vocabulary of import (DESIGN D9): raw cells as readers deliver them, the column
 * mapping a person confirms, and the validation report shown before anything is written.
 * Pure types + zod schemas: the mapping crosses IPC and is stored in the workspace.
 */
import { z } from 'zod';
import type { PackedTextBuilder } from '../model/packed-text';
import { MetricKeySchema, MetricKindSchema, type MetricKind } from '../model/workspace';
import type { ColumnFormat } from './values/column-format';

/**
 * One cell as a reader delivers it: text (CSV, or a text cell), a number (a numeric
 * spreadsheet cell), a boolean, or null (empty). Spreadsheet date cells arrive as ISO
 * dates ('2026-06-30').
 */
export type RawCell = string | number | boolean | null;

/**
 * A rectangular table: the header row and the data rows below it, `headers.length` cells
 * wide. Read cell by cell: a spreadsheet's rows are arrays of cells (shared/io/grid-table.ts),
 * a CSV file's are places in its text, with no string made per cell until one is asked
 * for (electron/services/import/read/csv-table.ts).
 */
export interface RawTable {
  readonly headers: string[];
  /** 1-based row number in the source of data row 0 (for messages: "row 17") */
  readonly firstDataRow: number;
  /** how many data rows */
  readonly rowCount: number;
  /** data row `row`'s cell in `column` (both 0-based) */
  cell(row: number, column: number): RawCell;
  /** data row `row`'s cells, one per header */
  row(row: number): RawCell[];
  /** the cell's text as the import keeps it (cell-text.ts `cellText`) */
  text(row: number, column: number): string;
  /**
   * Where that text lies as it is, into `at` (true), so it is read without a string made of
   * it; false where it has to be made (`text`): it needs tidying, holds a surrogate, or the
   * table keeps no text to point into. An empty cell lies nowhere: an empty stretch.
   */
  textAt(row: number, column: number, at: TextAt): boolean;
  /** whether that text is empty or a spelling of "no value" (cell-text.ts `isNoText`) */
  noText(row: number, column: number): boolean;
  /** adds that text to `list`; null where `optional` and it is `noText` */
  packText(row: number, column: number, list: PackedTextBuilder, optional: boolean): void;
  /** the cell read as a value of `kind` (values/parse.ts `cellValue`, with its `cellError`) */
  value(row: number, column: number, kind: MetricKind, format: ColumnFormat): number;
  /**
   * Data rows `from` to `to` (exclusive): their cells in `columns` read as values (`value`)
   * into `into`, one array per column; where a cell is empty or cannot be read, its array
   * is left as it is, and a cell that cannot be read has its row added to the column's
   * list in `unreadable`.
   */
  values(columns: readonly ValueColumn[], into: readonly Float64Array[], unreadable: readonly number[][], from: number, to: number): void;
  /** whether every cell of the row is empty or white space */
  blankRow(row: number): boolean;
}

/** The columns mapped to the partner fields an import's row check reads (row-check.ts, totals-row.ts). */
export interface CheckedColumns {
  name: ColumnMapping | undefined;
  id: ColumnMapping | undefined;
  motion: ColumnMapping | undefined;
}

/** Where a cell's text lies (`RawTable.textAt`): source[start, end). */
export interface TextAt {
  source: string;
  start: number;
  end: number;
}

/** A column read as a metric's values: where it is, its kind and how its text is written. */
export interface ValueColumn {
  index: number;
  kind: MetricKind;
  format: ColumnFormat;
}

/** A table's metric columns as `RawTable.values` writes them over every row, into columns of NaN. */
export interface MetricValues {
  /** per column, a value per data row (NaN where empty or unreadable) */
  values: Float64Array[];
  /** per column, the rows whose cell cannot be read, in order */
  unreadable: number[][];
}

/** Columns of NaN (`rows` values each) and no unreadable rows: what `RawTable.values` writes into. */
export function emptyMetricValues(columns: number, rows: number): MetricValues {
  return {
    values: Array.from({ length: columns }, () => new Float64Array(rows).fill(Number.NaN)),
    unreadable: Array.from({ length: columns }, (): number[] => []),
  };
}

/**
 * A table's metric cells read somewhere else while the check goes on (another thread:
 * electron/services/import/read/parallel-values.ts). `read` gives exactly what `values` over
 * every row would, or null when it cannot (the check then reads them itself).
 */
export interface ValuesElsewhere {
  read(columns: readonly ValueColumn[], rows: number): Promise<MetricValues | null>;
}

/** The partner fields a column can be mapped to (DESIGN D3). */
export const PARTNER_FIELDS = ['id', 'name', 'motion', 'currentTier', 'region', 'segment', 'owner'] as const;
export const PartnerFieldSchema = z.enum(PARTNER_FIELDS);
export type PartnerField = z.infer<typeof PartnerFieldSchema>;

export const PARTNER_FIELD_LABELS: Record<PartnerField, string> = {
  id: 'Partner ID',
  name: 'Partner name',
  motion: 'Motion',
  currentTier: 'Current tier',
  region: 'Region',
  segment: 'Segment',
  owner: 'Partner manager',
};

export const ColumnTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('field'), field: PartnerFieldSchema }).strict(),
  z
    .object({
      type: z.literal('metric'),
      key: MetricKeySchema,
      label: z.string().trim().min(1, 'a metric needs a name').max(200),
      kind: MetricKindSchema,
      unit: z.string().max(32).nullable(),
    })
    .strict(),
  z.object({ type: z.literal('ignore') }).strict(),
]);
export type ColumnTarget = z.infer<typeof ColumnTargetSchema>;

/** The widest table an import takes (a mapping names each column; Excel itself stops at 16,384). */
export const MAX_IMPORT_COLUMNS = 20_000;
/** A header is kept to this many characters (longer "headers" are text cells, not labels). */
export const MAX_HEADER_LENGTH = 1000;

export const ColumnMappingSchema = z
  .object({
    /** 0-based index of the column in the source table */
    index: z.number().int().nonnegative().max(MAX_IMPORT_COLUMNS),
    /** the header as found in the file (for matching a remembered mapping, and messages) */
    header: z.string().max(MAX_HEADER_LENGTH),
    target: ColumnTargetSchema,
  })
  .strict();
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/** How ambiguous text is read, for the whole file. 'auto' decides per column from its values. */
export const DateOrderSchema = z.enum(['auto', 'MDY', 'DMY', 'YMD']);
export type DateOrder = z.infer<typeof DateOrderSchema>;
export const DecimalSeparatorSchema = z.enum(['auto', '.', ',']);
export type DecimalSeparator = z.infer<typeof DecimalSeparatorSchema>;

export const ImportMappingSchema = z
  .object({
    columns: z.array(ColumnMappingSchema).max(MAX_IMPORT_COLUMNS),
    dateOrder: DateOrderSchema.default('auto'),
    decimal: DecimalSeparatorSchema.default('auto'),
  })
  .strict();
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

export const ISSUE_KINDS = [
  'missing_name',
  'duplicate_id',
  'unparseable',
  'missing_id',
  'unknown_motion',
  'missing_motion',
  'mixed_kinds',
  'empty_row',
  'summary_row',
] as const;
export const IssueKindSchema = z.enum(ISSUE_KINDS);
export type IssueKind = z.infer<typeof IssueKindSchema>;

/**
 * error: the row cannot be imported as it is (skip it, or cancel);
 * warning: imported, with the stated consequence (an id derived from the name …);
 * info: nothing lost (empty rows are left out).
 */
export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const IssueExampleSchema = z.object({
  /** 1-based row number in the source file; null for a column-level finding */
  row: z.number().int().positive().nullable(),
  /** spreadsheet-style column letter (A, B … AA) and the header; null for a row-level finding */
  column: z.string().nullable(),
  header: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
});
export type IssueExample = z.infer<typeof IssueExampleSchema>;

export const IssueGroupSchema = z.object({
  kind: IssueKindSchema,
  severity: SeveritySchema,
  count: z.number().int().nonnegative(),
  /** the first few occurrences, in file order */
  examples: z.array(IssueExampleSchema),
});
export type IssueGroup = z.infer<typeof IssueGroupSchema>;

export const ValidationReportSchema = z.object({
  fileName: z.string(),
  /** data rows read (empty rows included) */
  rowCount: z.number().int().nonnegative(),
  /** rows that import as they are (warnings allowed) */
  validRows: z.number().int().nonnegative(),
  /** rows with at least one error: skipped with "skip bad rows", else the import is refused */
  badRows: z.number().int().nonnegative(),
  /** rows left out: empty, or totals rows (shared/io/totals-row.ts) */
  emptyRows: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  warningCount: z.number().int().nonnegative(),
  groups: z.array(IssueGroupSchema),
  /** problems of the mapping itself (no name column, two columns on one metric …); nothing can be imported until they are fixed */
  mappingErrors: z.array(z.string()),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

/** Spreadsheet-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
