/**
 * The partner grid's columns: their definitions by dataset, and which the person chose to
 * see. Pure: the view memoises the result so ag-grid gets stable `columnDefs`.
 */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
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

/** The grid's rows over a dataset's columns: one object per partner, made in one go (at 1M partners every object made here is one more for the collector). */
export function gridRows(identity: IdentityColumns, columns: readonly Float64Array[]): GridRow[] {
  const n = identity.id.length;
  const rows = new Array<GridRow>(n);
  const { id, name, motion, currentTier, region, segment, owner } = identity;
  for (let index = 0; index < n; index++) {
    rows[index] = { id: id[index]!, name: name[index]!, motion: motion[index]!, currentTier: currentTier[index]!, region: region[index]!, segment: segment[index]!, owner: owner[index]!, index, columns };
  }
  return rows;
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
  { field: 'currentTier', label: 'Current tier', width: 120 },
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

/** The grid's column definitions; the hidden ones carry `hide: true`. */
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
      valueFormatter: (p: ValueFormatterParams<GridRow>) => (p.value == null ? '—' : String(p.value)),
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
      valueFormatter: (p) => formatMetricValue(metric.kind, p.value as number | null, unit),
      // a quick search finds what the cell shows ("$1,250,000", "yes"), not the stored number
      getQuickFilterText: (p) => formatMetricValue(metric.kind, p.value as number | null, unit),
      filter: 'agNumberColumnFilter',
      type: 'rightAligned',
      width: metric.kind === 'currency' ? 140 : 120,
      cellClass: (p) => (p.value == null ? 'no-data' : undefined),
    };
  });
  return [...identity, ...metrics];
}

/** "300 partners · 12 shown" */
export function countsText(total: number, shown: number, format: (n: number) => string): string {
  return `${format(total)} partner${total === 1 ? '' : 's'} · ${format(shown)} shown`;
}
