/**
 * GridView (renderer/src/features/partners/grid-view.ts): the datasource of the partners
 * grid's Infinite row model. It answers each block from the list filtered and sorted once,
 * says how many partners pass the filters, asks the grid for its rows again once a sort's
 * ranks are in, and filters anew on a new outcome.
 */
import type { ColDef, GridApi, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import { describe, expect, it, vi } from 'vitest';
import { partnerTable, type GridRow } from '../../renderer/src/features/partners/columns';
import { GridView } from '../../renderer/src/features/partners/grid-view';

const names = ['delta', 'alpha', 'charlie', 'bravo', 'echo'];
const none = names.map(() => null);
const table = partnerTable({ id: names.map((_, i) => `p${i}`), name: names, motion: names.map(() => 'reseller'), currentTier: none, region: none, segment: none, owner: none }, []);
const outcome = { tier: ['Gold', 'Silver', 'Gold', 'Bronze', 'Silver'] };
const defs: ColDef<GridRow>[] = [
  { field: 'id', colId: 'id' },
  { field: 'name', colId: 'name' },
  { colId: 'sc:tier', valueGetter: (p) => (p.data ? outcome.tier[p.data.index]! : null) },
];

/** Asks the view for a block as ag-grid does; resolves to the rows' names and the row count it gave. */
function block(view: GridView, startRow: number, endRow: number, sortModel: SortModelItem[] = [], filterModel: Record<string, unknown> = {}): { names: string[]; count: number } {
  let answer = { names: [] as string[], count: -1 };
  view.datasource.getRows({
    startRow,
    endRow,
    sortModel,
    filterModel,
    successCallback: (rows: GridRow[], count?: number) => (answer = { names: rows.map((r) => r.name), count: count ?? -1 }),
    failCallback: () => {
      throw new Error('failed');
    },
    context: undefined,
  } as unknown as IGetRowsParams);
  return answer;
}

function fakeGrid() {
  const refreshInfiniteCache = vi.fn();
  return { api: { isDestroyed: () => false, refreshInfiniteCache } as unknown as GridApi<GridRow>, refreshInfiniteCache };
}

describe('GridView', () => {
  it('answers a block from the list, with the count of partners the filters leave', () => {
    const counts: number[] = [];
    const view = new GridView({ onCount: (n) => counts.push(n), onSorting: () => {} });
    view.use(table, defs);
    expect(block(view, 0, 2)).toEqual({ names: ['delta', 'alpha'], count: 5 });
    expect(block(view, 2, 100)).toEqual({ names: ['charlie', 'bravo', 'echo'], count: 5 });
    expect(block(view, 0, 100, [], { 'sc:tier': { filterType: 'text', type: 'equals', filter: 'gold' } })).toEqual({ names: ['delta', 'charlie'], count: 2 });
    expect(counts).toEqual([5, 5, 2]);
    view.dispose();
  });

  it('a sort waits for its column’s ranks in the list’s order, then asks the grid for its rows again', async () => {
    const busy: boolean[] = [];
    const view = new GridView({ onCount: () => {}, onSorting: (b) => busy.push(b) });
    const grid = fakeGrid();
    view.attach(grid.api);
    view.use(table, defs);
    const byTier: SortModelItem[] = [{ colId: 'sc:tier', sort: 'asc' }];
    expect(block(view, 0, 100, byTier).names).toEqual(names);
    await vi.waitFor(() => expect(grid.refreshInfiniteCache).toHaveBeenCalled());
    expect(busy).toEqual([true, false]);
    expect(block(view, 0, 100, byTier).names).toEqual(['bravo', 'delta', 'charlie', 'alpha', 'echo']);
    expect(block(view, 0, 3, [{ colId: 'sc:tier', sort: 'desc' }, { colId: 'name', sort: 'asc' }]).names).toEqual(['alpha', 'echo', 'charlie']);
    view.dispose();
  });

  it('a new outcome and the scenario’s filters: filtered and sorted anew; the quick search reads every column', async () => {
    const view = new GridView({ onCount: () => {}, onSorting: () => {} });
    const grid = fakeGrid();
    view.attach(grid.api);
    view.use(table, defs);
    const byTier: SortModelItem[] = [{ colId: 'sc:tier', sort: 'asc' }];
    block(view, 0, 100, byTier);
    await vi.waitFor(() => expect(grid.refreshInfiniteCache).toHaveBeenCalledTimes(1));
    // the grid asks again
    expect(block(view, 0, 100, byTier).names).toEqual(['bravo', 'delta', 'charlie', 'alpha', 'echo']);
    outcome.tier = ['Bronze', 'Gold', 'Gold', 'Silver', 'Bronze'];
    view.forgetScenario();
    view.setRowFilter((i) => i !== 0);
    view.refresh();
    // the old ranks hold the order until the new ones are in
    expect(block(view, 0, 100, byTier).names).toEqual(['bravo', 'charlie', 'alpha', 'echo']);
    await vi.waitFor(() => expect(grid.refreshInfiniteCache).toHaveBeenCalledTimes(3));
    expect(block(view, 0, 100, byTier).names).toEqual(['echo', 'alpha', 'charlie', 'bravo']);
    view.setQuickFilter('gold a');
    expect(block(view, 0, 100, byTier)).toEqual({ names: ['alpha', 'charlie'], count: 2 });
    view.setQuickFilter('');
    view.setRowFilter(null);
    expect(block(view, 0, 100).count).toBe(5);
    view.dispose();
  });

  it('reads a quick search over a big list in slices: the grid’s requests wait for it, a newer search replaces it, clearing the words answers at once', async () => {
    const searching: boolean[] = [];
    const view = new GridView({ onCount: () => {}, onSorting: () => {}, onSearching: (b) => searching.push(b), searchInSlicesFrom: 0 });
    view.use(table, defs);
    const answers: string[][] = [];
    const ask = () =>
      view.datasource.getRows({
        startRow: 0,
        endRow: 100,
        sortModel: [],
        filterModel: {},
        successCallback: (rows: GridRow[]) => answers.push(rows.map((r) => r.name)),
        failCallback: () => {},
        context: undefined,
      } as unknown as IGetRowsParams);
    view.setQuickFilter('alpha');
    ask();
    expect(answers).toEqual([]);
    expect(searching).toEqual([true]);
    // another word before the first is read: that one is dropped, both requests answered by the newer search
    view.setQuickFilter('ch');
    ask();
    await vi.waitFor(() => expect(answers.length).toBe(2));
    expect(answers).toEqual([['charlie', 'echo'], ['charlie', 'echo']]);
    expect(searching.at(-1)).toBe(false);
    // the same search again: no reading, answered at once
    ask();
    expect(answers.length).toBe(3);
    // a search under way, then the words cleared: every request is answered with the whole list now
    view.setQuickFilter('bravo');
    ask();
    view.setQuickFilter('');
    ask();
    expect(answers.slice(3)).toEqual([names, names]);
    expect(searching.at(-1)).toBe(false);
    view.dispose();
  });
});
