import { useEffect, useMemo, useState } from 'react';
import { AllCommunityModule, themeQuartz, type ColDef, type ValueFormatterParams } from 'ag-grid-community';
import { AgGridProvider, AgGridReact } from 'ag-grid-react';
import { formatCount, formatMetricValue } from '../../../../shared/model/format';
import type { DatasetSummary, PartnerRow } from '../../../../shared/model/workspace';
import { getApi } from '../../api/client';
import { selectDataset, useStore } from '../../stores/store';

const modules = [AllCommunityModule];
const theme = themeQuartz.withParams({ fontSize: 13, headerFontWeight: 600, spacing: 6 });
const PAGE = 5000;

type GridRow = PartnerRow;

function columnsFor(dataset: DatasetSummary): ColDef<GridRow>[] {
  const text = (field: keyof GridRow, headerName: string, extra: Partial<ColDef<GridRow>> = {}): ColDef<GridRow> => ({
    field,
    headerName,
    filter: 'agTextColumnFilter',
    valueFormatter: (p: ValueFormatterParams<GridRow>) => (p.value == null ? '—' : String(p.value)),
    ...extra,
  });
  return [
    text('id', 'ID', { width: 110, pinned: 'left' }),
    text('name', 'Partner', { width: 220, pinned: 'left' }),
    text('motion', 'Motion', { width: 120 }),
    text('currentTier', 'Current tier', { width: 120 }),
    text('region', 'Region', { width: 130 }),
    text('segment', 'Segment', { width: 120 }),
    text('owner', 'Partner manager', { width: 170 }),
    ...dataset.metrics.map(
      (metric, index): ColDef<GridRow> => ({
        colId: `m:${metric.key}`,
        headerName: metric.label,
        headerTooltip: `${metric.label} (${metric.kind}${metric.unit ? `, ${metric.unit}` : ''})`,
        valueGetter: (p) => p.data?.values[index] ?? null,
        valueFormatter: (p) => formatMetricValue(metric.kind, p.value as number | null, metric.unit),
        filter: metric.kind === 'boolean' ? 'agNumberColumnFilter' : 'agNumberColumnFilter',
        type: 'rightAligned',
        width: metric.kind === 'currency' ? 140 : 120,
        cellClass: (p) => (p.value == null ? 'no-data' : undefined),
      }),
    ),
  ];
}

/** The partners of the selected dataset in a grid (loaded in pages over IPC). */
export function PartnersView() {
  const dataset = useStore(selectDataset);
  const [rows, setRows] = useState<GridRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<number | null>(null);

  useEffect(() => {
    if (!dataset) return;
    let cancelled = false;
    setRows(null);
    setError(null);
    (async () => {
      const loaded: GridRow[] = [];
      for (let offset = 0; offset < dataset.partnerCount; offset += PAGE) {
        const page = await getApi().call('partners:page', { datasetId: dataset.id, offset, limit: PAGE });
        if (cancelled) return;
        loaded.push(...page.rows);
        if (page.rows.length === 0) break;
      }
      if (!cancelled) setRows(loaded);
    })().catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [dataset]);

  const columnDefs = useMemo(() => (dataset ? columnsFor(dataset) : []), [dataset]);
  const defaultColDef = useMemo<ColDef<GridRow>>(() => ({ sortable: true, resizable: true, floatingFilter: false }), []);

  if (!dataset) {
    return (
      <section className="empty">
        <h1>No partner data yet</h1>
        <p className="muted">This workspace has no dataset. A dataset is one imported snapshot of your partner list.</p>
      </section>
    );
  }

  return (
    <section className="view partners" aria-labelledby="partners-title">
      <header className="view-header">
        <div>
          <h1 id="partners-title">Partners</h1>
          <p className="muted">
            {dataset.label}
            {dataset.asOf ? ` · as of ${dataset.asOf}` : ''}
            {dataset.sourceFile ? ` · from ${dataset.sourceFile}` : ''} · {dataset.metrics.length} metrics
          </p>
        </div>
        <ul className="chips" aria-label="Partners per motion">
          {dataset.motions.map((m) => (
            <li key={m.motion} className="chip">
              {m.motion} <strong>{formatCount(m.count)}</strong>
            </li>
          ))}
        </ul>
      </header>
      {error && (
        <div className="notice notice-error" role="alert">
          Could not load the partners: {error}
        </div>
      )}
      <div className="grid-host" data-testid="partners-grid">
        <AgGridProvider modules={modules}>
          <AgGridReact<GridRow>
            theme={theme}
            rowData={rows}
            columnDefs={columnDefs}
            defaultColDef={defaultColDef}
            getRowId={(p) => p.data.id}
            loading={rows === null && !error}
            onModelUpdated={(e) => setShown(e.api.getDisplayedRowCount())}
            animateRows={false}
          />
        </AgGridProvider>
      </div>
      <p className="grid-footer muted" data-testid="partners-count">
        {rows ? `${formatCount(shown ?? rows.length)} of ${formatCount(dataset.partnerCount)} partners shown` : 'Loading partners…'}
      </p>
    </section>
  );
}
