/** Who lands differently in two of the compared scenarios, and why (the partner diff of DESIGN D8.2), in ag-grid. */
import { useEffect, useMemo } from 'react';
import type { ColDef } from 'ag-grid-community';
import { AgGridProvider, AgGridReact } from 'ag-grid-react';
import type { DiffRow } from '../../../../shared/engine';
import { formatCount } from '../../../../shared/model/format';
import { gridModules, gridTheme } from '../../components/grid-theme';
import { DIFF_ROW_LIMIT } from '../../stores/compare.slice';
import { useStore } from '../../stores/store';

type Row = DiffRow & { change: 'up' | 'down' | 'same' };

function changeOf(r: DiffRow): Row['change'] {
  return r.levelB > r.levelA ? 'up' : r.levelB < r.levelA ? 'down' : 'same';
}

/** One of the compared scenarios, by id. */
function ScenarioSelect({ label, ids, names, value, onChange }: { label: string; ids: number[]; names: string[]; value: number; onChange(id: number): void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {ids.map((id, i) => (
        <option key={id} value={id}>
          {names[i]}
        </option>
      ))}
    </select>
  );
}

export function DiffGrid() {
  const comparison = useStore((s) => s.comparison);
  const pair = useStore((s) => s.diffPair);
  const diff = useStore((s) => s.diff);
  const diffing = useStore((s) => s.diffing);
  const diffError = useStore((s) => s.diffError);
  const setDiffPair = useStore((s) => s.setDiffPair);
  const runDiff = useStore((s) => s.runDiff);

  useEffect(() => {
    void runDiff();
  }, [comparison, pair, runDiff]);

  const nameOf = (id: number) => comparison?.names[comparison.ids.indexOf(id)] ?? '';
  const [a, b] = pair ?? [0, 0];
  const rows = useMemo<Row[]>(() => (diff ? diff.rows.map((r) => ({ ...r, change: changeOf(r) })) : []), [diff]);
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { headerName: 'Partner', field: 'name', flex: 2, minWidth: 180, filter: 'agTextColumnFilter' },
      { headerName: 'ID', field: 'partnerId', width: 120 },
      { headerName: 'Motion', field: 'motion', width: 120, filter: 'agTextColumnFilter' },
      { headerName: `In ${nameOf(a)}`, colId: 'a', valueGetter: (p) => p.data?.a ?? 'Untiered', width: 150, filter: 'agTextColumnFilter' },
      { headerName: `In ${nameOf(b)}`, colId: 'b', valueGetter: (p) => p.data?.b ?? 'Untiered', width: 150, filter: 'agTextColumnFilter' },
      {
        headerName: 'Change',
        field: 'change',
        width: 110,
        cellClass: (p) => (p.value === 'up' ? 'sc-up' : p.value === 'down' ? 'sc-down' : ''),
        valueFormatter: (p) => (p.value === 'up' ? '▲ up' : p.value === 'down' ? '▼ down' : '↔ same level'),
        filter: 'agTextColumnFilter',
      },
      {
        headerName: `Why, in ${nameOf(b)}`,
        colId: 'why',
        valueGetter: (p) => p.data?.reasons.join(' · ') ?? '',
        flex: 4,
        minWidth: 300,
        // `tooltip` with a callback: ag-grid 36.2 deprecates tooltipValueGetter (its dev validation says so)
        tooltip: (p) => p.data?.reasons.join('\n') ?? '',
      },
    ],
    // the headers follow the pair's names
    [a, b, comparison],
  );

  if (!comparison || !pair) return null;
  const ups = rows.filter((r) => r.change === 'up').length;
  const downs = rows.filter((r) => r.change === 'down').length;
  return (
    <section className="cmp-card cmp-diff" aria-labelledby="diff-title">
      <header className="cmp-card-head">
        <h2 id="diff-title">Who lands differently</h2>
        <div className="row">
          <label className="inline-field">
            <span>From</span>
            <ScenarioSelect label="Diff from scenario" ids={comparison.ids} names={comparison.names} value={a} onChange={(id) => setDiffPair([id, b])} />
          </label>
          <label className="inline-field">
            <span>to</span>
            <ScenarioSelect label="Diff to scenario" ids={comparison.ids} names={comparison.names} value={b} onChange={(id) => setDiffPair([a, id])} />
          </label>
        </div>
      </header>
      {a === b ? (
        <p className="muted">Pick two different scenarios to see who lands differently.</p>
      ) : diffError ? (
        <p className="field-error" role="alert">
          {diffError}
        </p>
      ) : (
        <>
          <p className="muted" data-testid="diff-count" aria-live="polite">
            {diff === null || diffing
              ? 'Finding the partners that move…'
              : diff.count === 0
                ? `Every partner lands on the same tier in ${nameOf(a)} and ${nameOf(b)}.`
                : `${formatCount(diff.count)} partners land on a different tier in ${nameOf(b)} than in ${nameOf(a)}: ${formatCount(ups)} higher, ${formatCount(downs)} lower, ${formatCount(rows.length - ups - downs)} on a tier of the same level${diff.count > rows.length ? ` (the first ${formatCount(DIFF_ROW_LIMIT)} are listed)` : ''}.`}
          </p>
          {diff && diff.count > 0 && (
            <div className="cmp-diff-grid">
              <AgGridProvider modules={gridModules}>
                <AgGridReact<Row> theme={gridTheme} rowData={rows} columnDefs={columns} getRowId={(p) => p.data.partnerId} tooltipShowDelay={400} enableCellTextSelection />
              </AgGridProvider>
            </div>
          )}
        </>
      )}
    </section>
  );
}
