// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MetricDef } from '../../shared/model/workspace';
import { setApi } from '../../renderer/src/api/client';
import { ColumnChooser } from '../../renderer/src/features/partners/ColumnChooser';
import { columnChoices, columnDefsFor, countsText, gridRow, partnerTable, visibleCount, type GridRow } from '../../renderer/src/features/partners/columns';
import { DeleteDatasetDialog, RenameDatasetDialog } from '../../renderer/src/features/partners/DatasetDialogs';
import { PartnersView } from '../../renderer/src/features/partners/PartnersView';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { ScenarioNoteLine } from '../../renderer/src/features/partners/ScenarioNote';
import { createAppStore, useStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, fail, installFakeApi, ok, workspace, type Answers } from './fake-api';

const metrics: MetricDef[] = [
  { key: 'sourced_arr', label: 'Sourced ARR', kind: 'currency', unit: 'USD' },
  { key: 'active_sellers', label: 'Active Sellers', kind: 'count', unit: null },
];
const fy25 = dataset(1, 'FY2025', 280, { metrics });
const fy26 = dataset(2, 'FY2026', 300, { metrics, sourceFile: 'partners.csv' });

async function boot(answers: Answers = {}, datasets = [fy25, fy26]) {
  const fake = installFakeApi({
    'app:info': () => ok(appInfo('web')),
    'workspace:current': () => ok(workspace('Sample', datasets)),
    'workspace:recent': () => ok([]),
    ...answers,
  });
  useStore.setState({ hiddenColumns: [], importPickerRequest: 0 });
  await useStore.getState().boot();
  return fake;
}

afterEach(() => {
  cleanup();
  setApi(null);
});

describe('partner grid columns', () => {
  it('lists identity fields then metrics; the partner name cannot be hidden', () => {
    const choices = columnChoices(fy26);
    expect(choices.map((c) => c.id)).toEqual(['id', 'name', 'motion', 'currentTier', 'region', 'segment', 'owner', 'm:sourced_arr', 'm:active_sellers']);
    expect(choices.filter((c) => c.locked).map((c) => c.id)).toEqual(['name']);
    expect(visibleCount(choices, ['region', 'm:sourced_arr', 'name'])).toBe(7);
  });

  it('hidden columns carry hide: true in the grid definitions', () => {
    const defs = columnDefsFor(fy26, ['region', 'm:active_sellers', 'name']);
    const hidden = defs.filter((d) => d.hide).map((d) => d.colId);
    expect(hidden).toEqual(['region', 'm:active_sellers']);
    expect(defs.map((d) => d.colId)).toContain('name');
  });

  it('a row is made from the lists and reads its metric values from the shared columns; NaN (no data) reads as empty', () => {
    const identity = {
      id: ['P1', 'P2'],
      name: ['Acme', 'Globex'],
      motion: ['reseller', 'services'],
      currentTier: ['Gold', null],
      region: [null, 'EMEA'],
      segment: ['SMB', 'SMB'],
      owner: ['Ann', null],
    };
    const columns = [Float64Array.of(1_250_000, Number.NaN), Float64Array.of(0, 12)];
    const table = partnerTable(identity, columns);
    expect(table.size).toBe(2);
    const rows = [gridRow(table, 0), gridRow(table, 1)];
    expect(rows.map(({ columns: c, ...rest }) => ({ ...rest, shared: c === columns }))).toEqual([
      { index: 0, id: 'P1', name: 'Acme', motion: 'reseller', currentTier: 'Gold', region: null, segment: 'SMB', owner: 'Ann', shared: true },
      { index: 1, id: 'P2', name: 'Globex', motion: 'services', currentTier: null, region: 'EMEA', segment: 'SMB', owner: null, shared: true },
    ]);
    const defs = columnDefsFor(fy26, []);
    const cell = (colId: string, row: GridRow) => {
      const def = defs.find((d) => d.colId === colId)!;
      const value = (def.valueGetter as (p: { data: GridRow }) => unknown)({ data: row });
      return { value, shown: (def.valueFormatter as (p: { value: unknown; data?: GridRow }) => string)({ value, data: row }) };
    };
    // a row the grid is still asking for (no data yet) shows empty cells, not "—" or "no data"
    for (const colId of ['name', 'm:sourced_arr']) expect((defs.find((d) => d.colId === colId)!.valueFormatter as (p: { value: unknown }) => string)({ value: null })).toBe('');
    expect(cell('m:sourced_arr', rows[0]!)).toEqual({ value: 1_250_000, shown: '$1,250,000' });
    expect(cell('m:sourced_arr', rows[1]!)).toEqual({ value: null, shown: 'no data' });
    expect(cell('m:active_sellers', rows[1]!)).toEqual({ value: 12, shown: '12' });
    expect(cell('m:active_sellers', rows[0]!)).toEqual({ value: 0, shown: '0' });
  });

  it('count the partners and those shown', () => {
    expect(countsText(100_000, 1_234, (n) => n.toLocaleString('en-US'))).toBe('100,000 partners · 1,234 shown');
    expect(countsText(1, 1, String)).toBe('1 partner · 1 shown');
  });

  it('the store keeps the hidden columns; Show all clears them', () => {
    const store = createAppStore();
    store.getState().setColumnVisible('region', false);
    store.getState().setColumnVisible('m:sourced_arr', false);
    store.getState().setColumnVisible('region', false);
    expect(store.getState().hiddenColumns).toEqual(['region', 'm:sourced_arr']);
    store.getState().setColumnVisible('region', true);
    expect(store.getState().hiddenColumns).toEqual(['m:sourced_arr']);
    store.getState().showAllColumns();
    expect(store.getState().hiddenColumns).toEqual([]);
  });

  it('the column chooser: a checkbox per column, the count on its button, Show all', async () => {
    await boot();
    render(<ColumnChooser dataset={fy26} />);
    fireEvent.click(screen.getByTestId('column-chooser-button'));
    const region = screen.getByRole('checkbox', { name: 'Region' }) as HTMLInputElement;
    expect(region.checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Partner' }) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(region);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sourced ARR' }));
    expect(useStore.getState().hiddenColumns).toEqual(['region', 'm:sourced_arr']);
    expect(screen.getByTestId('column-chooser-button').textContent).toBe('Columns 7/9');
    fireEvent.click(screen.getByRole('button', { name: 'Show all' }));
    expect(useStore.getState().hiddenColumns).toEqual([]);
    expect((screen.getByRole('checkbox', { name: 'Region' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('column-chooser')).toBeNull();
  });
});

describe('dataset actions', () => {
  it('rename: a label another dataset has is refused inline before asking; the service clash is shown too', async () => {
    const renamed = workspace('Sample', [fy25, { ...fy26, label: 'FY2026 final' }]);
    const fake = await boot({
      'dataset:rename': (p) =>
        (p as { label: string }).label === 'Taken' ? fail('conflict', 'Another dataset is already labelled "Taken".') : ok(renamed),
    });
    const onClose = vi.fn();
    render(<RenameDatasetDialog dataset={fy26} onClose={onClose} />);
    const input = screen.getByLabelText('Dataset label');
    const submit = screen.getByRole('button', { name: 'Rename' }) as HTMLButtonElement;

    fireEvent.change(input, { target: { value: 'FY2025' } });
    expect(screen.getByTestId('rename-error').textContent).toBe('Another dataset is already labelled "FY2025".');
    expect(submit.disabled).toBe(true);

    fireEvent.change(input, { target: { value: 'Taken' } });
    expect(submit.disabled).toBe(false);
    await act(async () => fireEvent.click(submit));
    expect(screen.getByTestId('rename-error').textContent).toBe('Another dataset is already labelled "Taken".');
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { value: ' FY2026 final ' } });
    await act(async () => fireEvent.click(submit));
    expect(fake.last('dataset:rename')).toEqual({ workspace: 'opening-Sample', id: 2, label: 'FY2026 final' });
    expect(onClose).toHaveBeenCalled();
    expect(useStore.getState().workspace?.datasets.map((d) => d.label)).toEqual(['FY2025', 'FY2026 final']);
  });

  it('delete: names the dataset and its partner count, then selects another dataset', async () => {
    const fake = await boot({ 'dataset:delete': () => ok(workspace('Sample', [fy25])) });
    expect(useStore.getState().selectedDatasetId).toBe(2);
    const onClose = vi.fn();
    render(<DeleteDatasetDialog dataset={fy26} onClose={onClose} />);
    expect(screen.getByRole('heading').textContent).toBe('Delete "FY2026"?');
    expect(screen.getByRole('dialog').textContent).toContain('The dataset FY2026 and its 300 partners with 2 metrics will be removed');
    expect(screen.getByRole('dialog').textContent).toContain('The file it came from, partners.csv, is not touched');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Delete dataset' })));
    expect(fake.last('dataset:delete')).toEqual({ workspace: 'opening-Sample', id: 2 });
    expect(onClose).toHaveBeenCalled();
    expect(useStore.getState().selectedDatasetId).toBe(1);
  });

  it('the sidebar counts the partners: in full, and in short from 100,000 on (the whole count in the tooltip)', async () => {
    for (const [count, shown, tip] of [
      [300, '300', '300 partners'],
      [99_999, '99,999', '99,999 partners'],
      [1_000_000, '1M', '1,000,000 partners'],
      [250_400, '250.4K', '250,400 partners'],
    ] as const) {
      await boot({}, [dataset(2, 'FY2026', count)]);
      const { unmount } = render(<Sidebar />);
      const badge = screen.getByTestId('nav-badge-partners');
      expect(badge.textContent).toBe(shown);
      expect(badge.getAttribute('title')).toBe(tip);
      unmount();
    }
  });

  it('deleting the last dataset leaves the empty state, which offers the import', async () => {
    await boot({ 'dataset:delete': () => ok(workspace('Sample', [])) }, [fy26]);
    expect(await useStore.getState().deleteDataset(2)).toBeNull();
    expect(useStore.getState().selectedDatasetId).toBeNull();
    render(<PartnersView />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('No partner data yet');
    fireEvent.click(screen.getByRole('button', { name: 'Import partner list…' }));
    await act(() => expect.poll(() => useStore.getState().importPickerRequest).toBe(1));
  });

  it('a failed delete keeps the dialog open with the reason', async () => {
    await boot({ 'dataset:delete': () => fail('not_found', 'That dataset no longer exists.') });
    const onClose = vi.fn();
    render(<DeleteDatasetDialog dataset={fy26} onClose={onClose} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Delete dataset' })));
    expect(screen.getByRole('alert').textContent).toBe('That dataset no longer exists.');
    expect(onClose).not.toHaveBeenCalled();
    expect(useStore.getState().selectedDatasetId).toBe(2);
  });
});

describe("the grid toolbar's note on the open scenario", () => {
  it('reads as a sentence; a scenario evaluated on another dataset offers to show that one', () => {
    const onShow = vi.fn();
    const text = (note: Parameters<typeof ScenarioNoteLine>[0]['note']) => {
      cleanup();
      render(<ScenarioNoteLine note={note} onShowDataset={onShow} />);
      return screen.getByTestId('partners-scenario').textContent;
    };
    expect(text({ kind: 'none' })).toBe('Open a scenario to see its tiers here.');
    expect(text({ kind: 'shown', scenario: 'Motion-fit ladders' })).toBe('Tiers from Motion-fit ladders');
    expect(text({ kind: 'evaluating', scenario: 'Motion-fit ladders' })).toBe('Evaluating Motion-fit ladders…');
    expect(text({ kind: 'failed', scenario: 'Motion-fit ladders' })).toBe('Motion-fit ladders could not be evaluated: see Scenarios.');
    expect(text({ kind: 'elsewhere', scenario: 'Motion-fit ladders', datasetId: 3, datasetLabel: 'FY2026' })).toBe(
      'Motion-fit ladders is evaluated on FY2026; its tiers show there. Show FY2026',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show FY2026' }));
    expect(onShow).toHaveBeenCalledWith(3);
  });
});
