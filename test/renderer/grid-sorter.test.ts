/**
 * GridSorter (renderer/src/features/partners/grid-sorter.ts): how the partners grid's rows are
 * put in order while columns are ranked in the background — rows keep the order shown, the
 * grid is asked for its rows again once the ranks are in, the scenario's columns are ranked
 * again on a new outcome (their old order held until then), and another list forgets every
 * rank.
 */
import type { ColDef } from 'ag-grid-community';
import { describe, expect, it, vi } from 'vitest';
import { partnerTable, type GridRow, type PartnerTable } from '../../renderer/src/features/partners/columns';
import { rankColumn, type ColumnRanks } from '../../renderer/src/features/partners/grid-sort';
import { GridSorter, sortKeysOf } from '../../renderer/src/features/partners/grid-sorter';
import { packTexts, unpackTexts } from '../../shared/model/packed-text';

function tableOf(names: string[], packed = false): PartnerTable {
  const none = names.map(() => null);
  const ids = names.map((_, i) => `p${i}`);
  return partnerTable(
    { id: ids, name: names, motion: names.map(() => 'reseller'), currentTier: none, region: none, segment: none, owner: none },
    [],
    packed ? { name: packTexts(names), id: packTexts(ids) } : undefined,
  );
}

/** rank.worker.ts's work, answered when `release` is called (or failed with `fail`). */
function fakeWorker() {
  const asked: { packed: Uint8Array; resolve: (r: ColumnRanks) => void; reject: (e: Error) => void }[] = [];
  const rankElsewhere = (packed: Uint8Array) => new Promise<ColumnRanks>((resolve, reject) => asked.push({ packed, resolve, reject }));
  const release = (k: number) => {
    const ranking = rankColumn(unpackTexts(asked[k]!.packed));
    let step = ranking.next();
    while (!step.done) step = ranking.next();
    asked[k]!.resolve(step.value);
  };
  return { asked, rankElsewhere, release, fail: (k: number) => asked[k]!.reject(new Error('the worker stopped')) };
}

/** Every partner of the table, in the list's order. */
const all = (table: PartnerTable) => Int32Array.from({ length: table.size }, (_, i) => i);
const namesOf = (table: PartnerTable, rows: Int32Array) => Array.from(rows, (i) => table.identity.name[i]!);

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
    const table = tableOf(['delta', 'alpha', 'charlie', 'bravo']);
    sorter.use(table, defs);
    const byName = [{ colId: 'name', descending: false }];
    expect(namesOf(table, sorter.sort(all(table), byName))).toEqual(['delta', 'alpha', 'charlie', 'bravo']);
    await settled(ranked, 1);
    expect(busy).toEqual([true, false]);
    expect(namesOf(table, sorter.sort(all(table), byName))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect(namesOf(table, sorter.sort(all(table), [{ colId: 'name', descending: true }]))).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    // a filtered list: only its rows, in order
    expect(namesOf(table, sorter.sort(Int32Array.of(0, 2), byName))).toEqual(['charlie', 'delta']);
    // no sort: the list's order
    expect(namesOf(table, sorter.sort(all(table), []))).toEqual(['delta', 'alpha', 'charlie', 'bravo']);
    expect(ranked).toHaveBeenCalledTimes(1);
  });

  it('holds a scenario column’s old order while the new outcome is ranked, then sorts by the new one', async () => {
    const ranked = vi.fn();
    const sorter = new GridSorter(ranked, () => {});
    const table = tableOf(['a', 'b', 'c', 'd']);
    sorter.use(table, defs);
    const key = [{ colId: 'sc:score', descending: false }];
    sorter.sort(all(table), key);
    await settled(ranked, 1);
    expect(namesOf(table, sorter.sort(all(table), key))).toEqual(['b', 'd', 'c', 'a']);
    // a new outcome: the old order holds until the new ranks are in
    score.current = [0, 5, 4, 9];
    sorter.forgetScenario();
    expect(namesOf(table, sorter.sort(all(table), key))).toEqual(['b', 'd', 'c', 'a']);
    await settled(ranked, 2);
    expect(namesOf(table, sorter.sort(all(table), key))).toEqual(['a', 'c', 'b', 'd']);
    score.current = [3, 1, 2, 1];
  });

  it('forgets every rank when the list changes', async () => {
    const ranked = vi.fn();
    const sorter = new GridSorter(ranked, () => {});
    const byName = [{ colId: 'name', descending: false }];
    const table = tableOf(['b', 'a']);
    sorter.use(table, defs);
    sorter.sort(all(table), byName);
    await settled(ranked, 1);
    const other = tableOf(['y', 'x', 'z']);
    sorter.use(other, defs);
    expect(namesOf(other, sorter.sort(all(other), byName))).toEqual(['y', 'x', 'z']);
    await settled(ranked, 2);
    expect(namesOf(other, sorter.sort(all(other), byName))).toEqual(['x', 'y', 'z']);
  });

  it('ranks name and ID in the background when the list comes: a first sort on them puts the rows in order at once', async () => {
    const ranked = vi.fn();
    const busy: boolean[] = [];
    const sorter = new GridSorter(ranked, (b) => busy.push(b));
    const table = tableOf(['delta', 'alpha', 'charlie', 'bravo']);
    sorter.use(table, [...defs, { field: 'id', colId: 'id' }]);
    // the background ranking asks for no sort and says nothing; once it is in (a few turns), a sort needs no second pass
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(namesOf(table, sorter.sort(all(table), [{ colId: 'name', descending: true }]))).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    expect(Array.from(sorter.sort(all(table), [{ colId: 'id', descending: true }]))).toEqual([3, 2, 1, 0]);
    expect(ranked).not.toHaveBeenCalled();
    expect(busy).toEqual([]);
  });

  it('a sort on a column ranked in the background waits for it, says so, and sorts when it is in', async () => {
    const ranked = vi.fn();
    const busy: boolean[] = [];
    const sorter = new GridSorter(ranked, (b) => busy.push(b));
    const table = tableOf(['b', 'c', 'a']);
    sorter.use(table, defs);
    expect(namesOf(table, sorter.sort(all(table), [{ colId: 'name', descending: false }]))).toEqual(['b', 'c', 'a']);
    await settled(ranked, 1);
    expect(busy).toEqual([true, false]);
  });

  it('ranks packed name and ID lists off the page: a sort waits for them, says so, and sorts when they come', async () => {
    const ranked = vi.fn();
    const busy: boolean[] = [];
    const worker = fakeWorker();
    const sorter = new GridSorter(ranked, (b) => busy.push(b), worker.rankElsewhere);
    const table = tableOf(['delta', 'alpha', 'charlie', 'bravo'], true);
    sorter.use(table, [...defs, { field: 'id', colId: 'id' }]);
    expect(worker.asked.length).toBe(2);
    const byName = [{ colId: 'name', descending: false }];
    expect(namesOf(table, sorter.sort(all(table), byName))).toEqual(['delta', 'alpha', 'charlie', 'bravo']);
    expect(busy).toEqual([true]);
    worker.release(0);
    await settled(ranked, 1);
    expect(busy).toEqual([true, false]);
    expect(namesOf(table, sorter.sort(all(table), byName))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    // the ID's ranks came without a sort waiting: no second pass asked for
    worker.release(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ranked).toHaveBeenCalledTimes(1);
    expect(Array.from(sorter.sort(all(table), [{ colId: 'id', descending: true }]))).toEqual([3, 2, 1, 0]);
  });

  it('a ranking that fails off the page is done on the page; one for a list no longer shown is dropped', async () => {
    const ranked = vi.fn();
    const worker = fakeWorker();
    const sorter = new GridSorter(ranked, () => {}, worker.rankElsewhere);
    const table = tableOf(['b', 'c', 'a'], true);
    sorter.use(table, defs);
    const byName = [{ colId: 'name', descending: false }];
    sorter.sort(all(table), byName);
    worker.fail(0);
    await settled(ranked, 1);
    expect(namesOf(table, sorter.sort(all(table), byName))).toEqual(['a', 'b', 'c']);

    const other = tableOf(['z', 'y'], true);
    sorter.use(other, defs);
    sorter.use(table, defs);
    // the answer for the list let go (asked[1]) lands on nothing; the list's own (asked[2]) counts
    worker.release(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(namesOf(table, sorter.sort(all(table), byName))).toEqual(['b', 'c', 'a']);
    worker.release(2);
    await settled(ranked, 2);
    expect(namesOf(table, sorter.sort(all(table), byName))).toEqual(['a', 'b', 'c']);
  });

  it('a column whose ranking off the page failed is ranked on the page, not asked of the worker again', async () => {
    const worker = fakeWorker();
    const sorter = new GridSorter(() => {}, () => {}, worker.rankElsewhere);
    const table = tableOf(['b', 'c', 'a'], true);
    sorter.use(table, [...defs, { field: 'id', colId: 'id' }]);
    expect(worker.asked.length).toBe(2);
    worker.fail(0);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    sorter.use(table, defs);
    // asked once for the name and once for the ID (a worker that cannot run would otherwise be asked forever)
    expect(worker.asked.length).toBe(2);
    expect(namesOf(table, sorter.sort(all(table), [{ colId: 'name', descending: false }]))).toEqual(['a', 'b', 'c']);
  });

  it('reads the sorted columns from the grid’s sort model, first sort first', () => {
    expect(
      sortKeysOf([
        { colId: 'c', sort: 'asc' },
        { colId: 'a', sort: null },
        { colId: 'b', sort: 'desc' },
      ]),
    ).toEqual([
      { colId: 'c', descending: false },
      { colId: 'b', descending: true },
    ]);
  });
});
