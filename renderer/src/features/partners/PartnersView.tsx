import { useEffect, useMemo, useRef, useState } from 'react';
import { type ColDef, type GetRowIdParams } from 'ag-grid-community';
import { AgGridProvider, AgGridReact } from 'ag-grid-react';
import { formatCount } from '../../../../shared/model/format';
import type { DatasetSummary, MetricDef } from '../../../../shared/model/workspace';
import { gridModules, gridTheme } from '../../components/grid-theme';
import { packedIdentityOf } from '../../../../shared/ipc/columns';
import { datasetRef } from '../../stores/engine-data';
import { datasetOfScenario } from '../../stores/scenario.slice';
import { selectDataset, useStore } from '../../stores/store';
import { ColumnChooser } from './ColumnChooser';
import { columnDefsFor, countsText, partnerTable, type GridRow, type PartnerTable } from './columns';
import { BLOCK_SIZE, GridView } from './grid-view';
import { rankInWorker } from './rank-client';
import { DeleteDatasetDialog, RenameDatasetDialog } from './DatasetDialogs';
import { PartnerDrawer, ReasonsCell } from './PartnerDrawer';
import { ScenarioNoteLine } from './ScenarioNote';
import { passesFilters, SCENARIO_FILTERS, scenarioColumnDefs, scenarioNote, type ScenarioFilter, type ScenarioHolder } from './scenario-columns';
import { messageOf } from '../../lib/errors';

const SEARCH_DELAY_MS = 200;

const getRowId = (p: GetRowIdParams<GridRow>) => p.data.id;
/** Blocks of rows the grid keeps as it scrolls (the least recently used go): at most this many partners' rows exist at once. */
const MAX_BLOCKS = 50;
const defaultColDef: ColDef<GridRow> = { sortable: true, resizable: true, floatingFilter: false };

/** The button that starts File > Import. */
export function ImportButton({ primary = false }: { primary?: boolean }) {
  const startImport = useStore((s) => s.startImport);
  const busy = useStore((s) => s.importFlow?.phase === 'reading' || s.importFlow?.phase === 'committing');
  return (
    <button type="button" className={primary ? 'primary' : undefined} onClick={() => void startImport()} disabled={busy} title="Import a partner list (Ctrl+I)">
      Import partner list…
    </button>
  );
}

/** A dataset's partners as loaded: its lists and the metrics their columns hold, under the dataset's key. */
interface LoadedPartners {
  key: string;
  metrics: readonly MetricDef[];
  table: PartnerTable;
}

/**
 * A dataset's partners for the grid, from one `dataset:columns` call (identity fields as
 * lists, metrics as Float64 columns) that the engine shares: at 1M partners, pages of row
 * objects took 20 s to arrive and twice the memory.
 *
 * What was loaded is kept with the key of its dataset and only returned for that key: in
 * the render that switches datasets the previous dataset's rows are still in state (the
 * effect that clears them runs after it), and handing them to the grid with the new
 * dataset's metric columns read metrics those rows do not have (issue 17: a TypeError in
 * the metric value getter, from a list with 2 metrics to one with 4). A late answer for a
 * dataset no longer shown is dropped.
 */
function usePartnerRows(dataset: DatasetSummary | null) {
  const [loaded, setLoaded] = useState<LoadedPartners | null>(null);
  const [failed, setFailed] = useState<{ key: string; message: string } | null>(null);
  const workspace = useStore((s) => s.workspace);
  const id = dataset?.id;
  // a dataset deleted and another imported may reuse the id: the key tells them apart
  const ref = id === undefined ? null : datasetRef(workspace, id);
  const key = ref?.key ?? '';

  useEffect(() => {
    if (!ref) return;
    let cancelled = false;
    // the previous dataset's rows are let go while this one loads (at 1M partners, hundreds of MB)
    setLoaded(null);
    setFailed(null);
    ref
      .fetch()
      .then((columns) => {
        if (!cancelled) setLoaded({ key, metrics: columns.metrics, table: partnerTable(columns.identity, columns.values, packedIdentityOf(columns)) });
      })
      .catch((e: unknown) => {
        if (!cancelled) setFailed({ key, message: messageOf(e) });
      });
    return () => {
      cancelled = true;
    };
  }, [key]);

  return {
    key,
    loaded: loaded?.key === key ? loaded : null,
    error: failed?.key === key ? failed.message : null,
  };
}

function EmptyPartners() {
  return (
    <section className="empty" aria-labelledby="partners-empty-title">
      <h1 id="partners-empty-title">No partner data yet</h1>
      <p className="muted">
        This workspace has no dataset. A dataset is one imported snapshot of your partner list: a CSV or spreadsheet export with a row per
        partner.
      </p>
      <div className="row">
        <ImportButton primary />
        <span className="muted small">or drop a file anywhere on this window</span>
      </div>
    </section>
  );
}

/** The partners of the selected dataset in a grid. */
export function PartnersView() {
  const dataset = useStore(selectDataset);
  const hidden = useStore((s) => s.hiddenColumns);
  const { key, loaded, error } = usePartnerRows(dataset);
  const table = loaded?.table ?? null;
  // the count shown and the partner opened belong to the dataset they were taken on
  const [shown, setShown] = useState<{ key: string; count: number } | null>(null);
  const [search, setSearch] = useState('');
  const [quickFilter, setQuickFilter] = useState('');
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQuickFilter(search), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  // the open scenario's columns, when it is evaluated on this dataset
  const evaluation = useStore((s) => s.evaluation);
  const evaluationFailed = useStore((s) => s.evaluationError !== null);
  const activeScenario = useStore((s) => s.activeScenario);
  const scenarioName = useStore((s) => (s.activeScenario ? (s.draft?.name ?? null) : null));
  const datasets = useStore((s) => s.workspace?.datasets);
  const selectDatasetId = useStore((s) => s.selectDataset);
  const current = evaluation && dataset && evaluation.datasetId === dataset.id && evaluation.partners.level.length === dataset.partnerCount ? evaluation : null;
  const [sorting, setSorting] = useState(false);
  const [searching, setSearching] = useState(false);
  const keyNow = useRef(key);
  keyNow.current = key;
  // the rows the grid shows, filtered and sorted beside it (grid-view.ts); it says how many pass the filters
  const view = useMemo(
    () =>
      new GridView({
        onCount: (count) => setShown((prev) => (prev?.key === keyNow.current && prev.count === count ? prev : { key: keyNow.current, count })),
        onSorting: setSorting,
        onSearching: setSearching,
        rankElsewhere: rankInWorker,
      }),
    [],
  );
  useEffect(() => () => view.dispose(), [view]);
  const holder = useRef<ScenarioHolder>({ evaluation: null }).current;
  // the scenario's columns read the outcome through the holder; the view sorts and filters on it anew
  if (holder.evaluation !== current) view.forgetScenario();
  holder.evaluation = current;
  const [filters, setFilters] = useState<ReadonlySet<ScenarioFilter>>(new Set());
  const [drawer, setDrawer] = useState<{ key: string; index: number } | null>(null);
  const withScenario = current !== null && scenarioName !== null;

  // the metric columns of the rows the grid holds (while they load, of the dataset they will come from)
  const metrics = loaded?.metrics ?? dataset?.metrics ?? null;
  const metricsKey = metrics ? JSON.stringify(metrics) : '';
  const hiddenKey = hidden.join('\u0000');
  const columnDefs = useMemo(() => {
    if (!metrics) return [];
    const base = columnDefsFor({ metrics }, hidden);
    // after the pinned id and name: the scenario's columns, then the rest
    return withScenario ? [...base.slice(0, 2), ...scenarioColumnDefs(holder, scenarioName, ReasonsCell), ...base.slice(2)] : base;
  }, [metricsKey, hiddenKey, withScenario, scenarioName]);
  view.use(table, columnDefs);
  // other columns (the scenario's came or went): the rows in view are asked for again
  useEffect(() => view.refresh(), [view, columnDefs]);

  const activeFilters = current ? filters : new Set<ScenarioFilter>();
  // a new outcome or other filters: the rows are filtered again, and the cells in view read the new arrays
  useEffect(() => {
    view.setRowFilter(current && filters.size > 0 ? (i: number) => passesFilters(current, i, filters) : null);
    view.refresh();
  }, [view, current, filters]);
  useEffect(() => {
    view.setQuickFilter(quickFilter);
    view.refresh();
  }, [view, quickFilter]);
  const toggleFilter = (f: ScenarioFilter) =>
    setFilters((prev) => {
      const next = new Set(prev);
      if (next.has(f)) next.delete(f);
      else next.add(f);
      return next;
    });

  if (!dataset) return <EmptyPartners />;

  const total = dataset.partnerCount;
  const visible = table ? (shown?.key === key ? shown.count : table.size) : 0;
  const openPartner = withScenario && drawer?.key === key ? drawer.index : null;
  const note = scenarioNote({
    scenario: scenarioName,
    scenarioDataset: activeScenario && datasets ? datasetOfScenario(datasets, activeScenario.datasetId) : null,
    shownDatasetId: dataset.id,
    outcomeShown: withScenario,
    failed: evaluationFailed,
  });

  return (
    <section className="view partners" aria-labelledby="partners-title">
      <header className="view-header">
        <div className="view-title">
          <h1 id="partners-title">Partners</h1>
          <p className="muted">
            <strong className="dataset-name">{dataset.label}</strong>
            {dataset.asOf ? ` · as of ${dataset.asOf}` : ''}
            {dataset.sourceFile ? ` · from ${dataset.sourceFile}` : ''} · {dataset.metrics.length} metrics
          </p>
        </div>
        <div className="view-actions" role="toolbar" aria-label="Dataset">
          <button type="button" onClick={() => setDialog('rename')}>
            Rename…
          </button>
          <button type="button" onClick={() => setDialog('delete')}>
            Delete…
          </button>
          <ImportButton />
        </div>
      </header>
      <div className="grid-toolbar">
        <input
          type="search"
          className="grid-search"
          placeholder="Search partners…"
          aria-label="Search partners"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <ColumnChooser dataset={dataset} />
        <span className="muted small" data-testid="partners-shown">
          {table && !searching ? countsText(total, visible, formatCount) : table ? `${formatCount(total)} partners` : error ? `${formatCount(total)} partners, not loaded` : `Loading ${formatCount(total)} partners…`}
        </span>
        {table && (sorting || searching) && (
          <span className="muted small" role="status">
            {searching ? 'Searching…' : 'Sorting…'}
          </span>
        )}
        {/* the scenario named with its filters: they wrap to the next line together */}
        <span className="row">
          <ScenarioNoteLine note={note} onShowDataset={selectDatasetId} />
          {withScenario && (
            <span className="scenario-filters" role="group" aria-label={`Filters of the scenario ${scenarioName}`}>
              {SCENARIO_FILTERS.map((f) => (
                <button key={f.id} type="button" aria-pressed={activeFilters.has(f.id)} onClick={() => toggleFilter(f.id)}>
                  {f.label}
                </button>
              ))}
            </span>
          )}
        </span>
        <span className="spacer" />
        <ul className="chips" aria-label="Partners per motion">
          {dataset.motions.map((m) => (
            <li key={m.motion} className="chip">
              {m.motion} <strong>{formatCount(m.count)}</strong>
            </li>
          ))}
        </ul>
      </div>
      {error && (
        <div className="notice notice-error" role="alert">
          Could not load the partners: {error}
        </div>
      )}
      <div className="grid-host" data-testid="partners-grid">
        <AgGridProvider modules={gridModules}>
          {/* a grid per dataset: another dataset's rows, columns or column state never meet this one's */}
          <AgGridReact<GridRow>
            key={key}
            theme={gridTheme}
            rowModelType="infinite"
            datasource={table ? view.datasource : undefined}
            cacheBlockSize={BLOCK_SIZE}
            maxBlocksInCache={MAX_BLOCKS}
            columnDefs={columnDefs}
            defaultColDef={defaultColDef}
            getRowId={getRowId}
            loading={table === null && !error}
            onGridReady={(e) => view.attach(e.api)}
            onRowClicked={(e) => withScenario && e.data && setDrawer({ key, index: e.data.index })}
            animateRows={false}
          />
        </AgGridProvider>
        {openPartner !== null && <PartnerDrawer index={openPartner} onClose={() => setDrawer(null)} />}
      </div>
      {dialog === 'rename' && <RenameDatasetDialog dataset={dataset} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteDatasetDialog dataset={dataset} onClose={() => setDialog(null)} />}
    </section>
  );
}
