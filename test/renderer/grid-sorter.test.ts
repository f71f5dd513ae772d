/**
 * GridSorter (renderer/src/features/partners/grid-sorter.ts): what the partners grid's
 * postSortRows does while columns are ranked in the background — rows keep the order shown,
 * the grid is asked to sort again once the ranks are in, the scenario's columns are ranked
 * again on a new outcome (their old order held until then), and rows of another list are
 * never put in an order ranked on this one.
 */
import type { ColDef, IRowNode } from 'ag-grid-community';
import { describe, expect, it, vi } from 'vitest';
import type { GridRow } from '../../renderer/src/features/partners/columns';
import { GridSorter, sortKeysOf } from '../../renderer/src/features/partners/grid-sorter';

function rowsOf(names: string[]): GridRow[] {
  return names.map((name, index) => ({ id: `p${index}`, name, motion: 'reseller', currentTier: null, region: null, segment: null, owner: null, index, columns: [] }));
}

const nodesOf = (rows: readonly GridRow[]) => rows.map((data) => ({ data }) as IRowNode<GridRow>);
const namesOf = (nodes: readonly IRowNode<GridRow>[]) => nodes.map((n) => n.data!.name);

async function settled(ranked: ReturnType<typeof vi.fn>, times: number): Promise<void> {
  await vi.waitFor(() => expect(ranked).toHaveBeenCalledTimes(times));
}

describe('GridSorter', () => {
  const score = { current: [3, 1, 2, 1] };
  const defs: ColDef<GridRow>[] = [
    { field: 'name', colId: 'name' },
    { colId: 'sc:score', valueGetter: (p) => (p.data ? score.current[p.data.index]! : null) },
  ];

  it('ranks a column in the background, keeping the rows as shown, then sorts when asked again', async () => {
    const ranked = vi.fn();
    const busy: boolean[] = [];
    const sorter = new GridSorter(ranked, (b) => busy.push(b));
    const rows = rowsOf(['delta', 'alpha', 'charlie', 'bravo']);
    sorter.use(rows, defs);
    let nodes = nodesOf(rows);
    sorter.order(nodes, [{ colId: 'name', descending: false }]);
    expect(namesOf(nodes)).toEqual(['delta', 'alpha', 'charlie', 'bravo']);
    await settled(ranked, 1);
    expect(busy).toEqual([true, false]);
    nodes = nodesOf(rows);
    sorter.order(nodes, [{ colId: 'name', descending: false }]);
    expect(namesOf(nodes)).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    nodes = nodesOf(rows);
    sorter.order(nodes, [{ colId: 'name', descending: true }]);
    expect(namesOf(nodes)).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    // no sort: ag-grid's order stays
    nodes = nodesOf(rows);
    sorter.order(nodes, []);
    expect(namesOf(nodes)).toEqual(['delta', 'alpha', 'charlie', 'bravo']);
    expect(ranked).toHaveBeenCalledTimes(1);
  });

  it('holds a scenario column’s old order while the new outcome is ranked, then sorts by the new one', async () => {
    const ranked = vi.fn();
    const sorter = new GridSorter(ranked, () => {});
    const rows = rowsOf(['a', 'b', 'c', 'd']);
    sorter.use(rows, defs);
    const key = [{ colId: 'sc:score', descending: false }];
    sorter.order(nodesOf(rows), key);
    await settled(ranked, 1);
    let nodes = nodesOf(rows);
    sorter.order(nodes, key);
    expect(namesOf(nodes)).toEqual(['b', 'd', 'c', 'a']);
    // a new outcome: the old order holds until the new ranks are in
    score.current = [0, 5, 4, 9];
    sorter.forgetScenario();
    nodes = nodesOf(rows);
    sorter.order(nodes, key);
    expect(namesOf(nodes)).toEqual(['b', 'd', 'c', 'a']);
    await settled(ranked, 2);
    nodes = nodesOf(rows);
    sorter.order(nodes, key);
    expect(namesOf(nodes)).toEqual(['a', 'c', 'b', 'd']);
    score.current = [3, 1, 2, 1];
  });

  it('leaves rows of another list as they are, and forgets every rank when the rows change', async () => {
    const ranked = vi.fn();
    const sorter = new GridSorter(ranked, () => {});
    const rows = rowsOf(['b', 'a']);
    sorter.use(rows, defs);
    sorter.order(nodesOf(rows), [{ colId: 'name', descending: false }]);
    await settled(ranked, 1);
    const other = rowsOf(['y', 'x']);
    const nodes = nodesOf(other);
    sorter.order(nodes, [{ colId: 'name', descending: false }]);
    expect(namesOf(nodes)).toEqual(['y', 'x']);
    sorter.use(other, defs);
    sorter.order(nodes, [{ colId: 'name', descending: false }]);
    expect(namesOf(nodes)).toEqual(['y', 'x']);
    await settled(ranked, 2);
    sorter.order(nodes, [{ colId: 'name', descending: false }]);
    expect(namesOf(nodes)).toEqual(['x', 'y']);
  });

  it('ranks name and ID in the background when the rows come: a first sort on them puts the rows in order at once', async () => {
    const ranked = vi.fn();
    const busy: boolean[] = [];
    const sorter = new GridSorter(ranked, (b) => busy.push(b));
    const rows = rowsOf(['delta', 'alpha', 'charlie', 'bravo']);
    sorter.use(rows, [...defs, { field: 'id', colId: 'id' }]);
    // the background ranking asks for no sort and says nothing; once it is in (a few turns), a sort needs no second pass
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const nodes = nodesOf(rows);
    sorter.order(nodes, [{ colId: 'name', descending: true }]);
    expect(namesOf(nodes)).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    const byId = nodesOf(rows);
    sorter.order(byId, [{ colId: 'id', descending: true }]);
    expect(byId.map((n) => n.data!.id)).toEqual(['p3', 'p2', 'p1', 'p0']);
    expect(ranked).not.toHaveBeenCalled();
    expect(busy).toEqual([]);
  });

  it('a sort on a column ranked in the background waits for it, says so, and sorts when it is in', async () => {
    const ranked = vi.fn();
    const busy: boolean[] = [];
    const sorter = new GridSorter(ranked, (b) => busy.push(b));
    const rows = rowsOf(['b', 'c', 'a']);
    sorter.use(rows, defs);
    const nodes = nodesOf(rows);
    sorter.order(nodes, [{ colId: 'name', descending: false }]);
    expect(namesOf(nodes)).toEqual(['b', 'c', 'a']);
    await settled(ranked, 1);
    expect(busy).toEqual([true, false]);
  });

  it('reads the sorted columns from the grid’s column state, first sort first', () => {
    expect(
      sortKeysOf([
        { colId: 'a', sort: null },
        { colId: 'b', sort: 'desc', sortIndex: 1 },
        { colId: 'c', sort: 'asc', sortIndex: 0 },
      ]),
    ).toEqual([
      { colId: 'c', descending: false },
      { colId: 'b', descending: true },
    ]);
  });
});
