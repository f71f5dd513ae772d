/**
 * The partner grid's columns: their definitions by dataset, and which the person chose to
 * see. Pure: the view memoises the result so ag-grid gets stable `columnDefs`.
 */
import type { ColDef, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import { datasetCurrency, settledUnit } from '../../../../shared/model/currency';
import { formatMetricValue } from '../../../../shared/model/format';
import { type IdentityColumns, type PartnerIdentity } from '../../../../shared/model/dataset';
import type { DatasetSummary, MetricDef } from '../../../../shared/model/workspace';

/**
 * A partner in the grid: its identity, its position in the dataset (the engine's arrays are
 * aligned with it), and the dataset's metric columns, shared by every row (a metric cell
 * reads `columns[metric][index]`; NaN is "no data"), so no list of values is made per partner.
 */
export type GridRow = PartnerIdentity & { index: number; columns: readonly Float64Array[] };

/**
 * A dataset's partners as the grid reads them: the identity lists and the metric columns.
 * A row object is made only for a partner the grid shows (`gridRow`): the grid holds the
 * rows in view, not one object per partner (issue 23; at 1M partners those objects and
 * ag-grid's nodes for them were most of the time a list took to open).
 */
export interface PartnerTable {
  identity: IdentityColumns;
  columns: readonly Float64Array[];
  size: number;
  /** the name and ID lists as they came, packed (shared/model/packed-text.ts), when they did: the grid ranks them off the page */
  packed?: { name?: Uint8Array; id?: Uint8Array };
}

export function partnerTable(identity: IdentityColumns, columns: readonly Float64Array[], packed?: PartnerTable['packed']): PartnerTable {
  return { identity, columns, size: identity.id.length, ...(packed ? { packed } : {}) };
}

/** Partner `index` of the table as a grid row. */
export function gridRow(table: PartnerTable, index: number): GridRow {
  const { id, name, motion, currentTier, region, segment, owner } = table.identity;
  return { id: id[index]!, name: name[index]!, motion: motion[index]!, currentTier: currentTier[index]!, region: region[index]!, segment: segment[index]!, owner: owner[index]!, index, columns: table.columns };
}

/** What the partners' quick search reads in a column whose text is not its value (grid-view.ts), in the column's `context`. */
export interface ColumnContext {
  searchText?: (value: unknown) => string;
  /**
   * Every character (in upper case) `searchText` can write, for any value: a search word with
   * another character cannot be in this column, which is then not formatted for it (at 1M
   * partners, formatting every metric of every partner for a name search took seconds).
   */
  searchAlphabet?: string;
}

/** Values whose texts hold every character a number format writes: each digit, sign, separator, a fraction, cents, ∞, and no data. */
const ALPHABET_PROBES = [-1234567.891, 9876543210, -0.5, 0, 0.125, 99.95, 1e21, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN];

/** The characters a metric's cells can show (upper case); undefined for a date, whose text past a date's reach is a number in words ("day 1e+300"). */
export function searchAlphabet(kind: MetricDef['kind'], unit: string | null): string | undefined {
  if (kind === 'date') return undefined;
  return [...new Set(ALPHABET_PROBES.map((v) => formatMetricValue(kind, v, unit).toUpperCase()).join(''))].join('');
}

/** A column's id in the grid (its colId, else its field). */
export function colIdOf(def: ColDef<GridRow>): string {
  return def.colId ?? String(def.field);
}

/**
 * The value ag-grid reads for partner `index` in a column (its value getter's, else its
 * field's): what it sorts and filters on. `row`: the partner's row, when the caller has made
 * it already (a value getter reads one).
 */
export function cellValue(def: ColDef<GridRow>, table: PartnerTable, index: number, row?: GridRow): unknown {
  const getter = def.valueGetter;
  if (typeof getter === 'function') return getter({ data: row ?? gridRow(table, index) } as ValueGetterParams<GridRow>);
  const field = def.field as keyof IdentityColumns | undefined;
  return field && Object.hasOwn(table.identity, field) ? table.identity[field][index] : undefined;
}

export interface ColumnChoice {
  id: string;
  label: string;
  /** the partner's name is always shown */
  locked: boolean;
}

const IDENTITY: { field: keyof PartnerIdentity; label: string; width: number; pinned?: 'left' }[] = [
  { field: 'id', label: 'ID', width: 110, pinned: 'left' },
  { field: 'name', label: 'Partner', width: 220, pinned: 'left' },
  { field: 'motion', label: 'Motion', width: 120 },
  { field: 'currentTier', label: 'Current tier', width: 140 },
  { field: 'region', label: 'Region', width: 130 },
  { field: 'segment', label: 'Segment', width: 120 },
  { field: 'owner', label: 'Partner manager', width: 170 },
];

/** The column a metric gets in the grid. */
export function metricColumnId(key: string): string {
  return `m:${key}`;
}

/** Every column of the dataset, in grid order, with the name the chooser shows. */
export function columnChoices(dataset: Pick<DatasetSummary, 'metrics'>): ColumnChoice[] {
  return [
    ...IDENTITY.map((c) => ({ id: c.field, label: c.label, locked: c.field === 'name' })),
    ...dataset.metrics.map((m) => ({ id: metricColumnId(m.key), label: m.label, locked: false })),
  ];
}

/** How many of the dataset's columns are shown. */
export function visibleCount(choices: readonly ColumnChoice[], hidden: readonly string[]): number {
  const set = new Set(hidden);
  return choices.filter((c) => c.locked || !set.has(c.id)).length;
}

/**
 * The grid's column definitions; the hidden ones carry `hide: true`. A row without data is
 * one the grid is still asking for (its Infinite row model, grid-view.ts): its cells are empty.
 */
export function columnDefsFor(dataset: { metrics: readonly MetricDef[] }, hidden: readonly string[]): ColDef<GridRow>[] {
  const hide = new Set(hidden);
  const identity = IDENTITY.map(
    (c): ColDef<GridRow> => ({
      field: c.field,
      colId: c.field,
      headerName: c.label,
      width: c.width,
      ...(c.pinned ? { pinned: c.pinned } : {}),
      hide: c.field !== 'name' && hide.has(c.field),
      filter: 'agTextColumnFilter',
      valueFormatter: (p: ValueFormatterParams<GridRow>) => (!p.data ? '' : p.value == null ? '—' : String(p.value)),
    }),
  );
  // a currency column reads in its own currency, else the list's (shared/model/currency)
  const currency = datasetCurrency(dataset.metrics);
  const metrics = dataset.metrics.map((metric, index): ColDef<GridRow> => {
    const unit = settledUnit(metric.kind, metric.unit, currency);
    return {
      colId: metricColumnId(metric.key),
      headerName: metric.label,
      headerTooltip: `${metric.label} (${metric.kind}${metric.unit ? `, ${metric.unit}` : ''})`,
      hide: hide.has(metricColumnId(metric.key)),
      valueGetter: (p) => {
        const value = p.data ? p.data.columns[index]![p.data.index]! : Number.NaN;
        return Number.isNaN(value) ? null : value;
      },
      valueFormatter: (p) => (p.data ? formatMetricValue(metric.kind, p.value as number | null, unit) : ''),
      // a quick search finds what the cell shows ("$1,250,000", "yes"), not the stored number
      context: { searchText: (value) => formatMetricValue(metric.kind, value as number | null, unit), searchAlphabet: searchAlphabet(metric.kind, unit) } satisfies ColumnContext,
      filter: 'agNumberColumnFilter',
      type: 'rightAligned',
      width: metric.kind === 'currency' ? 140 : 120,
      cellClass: (p) => (p.data && p.value == null ? 'no-data' : undefined),
    };
  });
  return [...identity, ...metrics];
}

/** "300 partners · 12 shown" */
export function countsText(total: number, shown: number, format: (n: number) => string): string {
  return `${format(total)} partner${total === 1 ? '' : 's'} · ${format(shown)} shown`;
}
