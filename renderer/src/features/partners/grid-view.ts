/**
 * The partners the grid shows, in the order it shows them (issue 23).
 *
 * The grid runs on ag-grid's Infinite row model: it holds row nodes only for the blocks in
 * view and asks this view's datasource for each block, with the sort its headers show and
 * its column filters. Here the list is filtered (column filters, the quick search, the
 * scenario's filters) and sorted (grid-sorter.ts) once per change, as an Int32Array of
 * partner indexes, and a block is a slice of it made into row objects. At 1M partners the
 * client-side row model held an object and a row node per partner — most of the seconds a
 * big list took to open — and passed over all of them after every sort.
 *
 * The filters read as ag-grid's did (grid-filter.ts); the order is the one its sort gave
 * (grid-sort.ts). The count shown comes from here (`onCount`).
 */
import type { ColDef, GridApi, IDatasource, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import { cellValue, colIdOf, gridRow, type ColumnContext, type GridRow, type PartnerTable } from './columns';
import { columnFilterTest, quickFilterParts, quickFilterPasses, type CellTest, type ColumnFilterModel } from './grid-filter';
import { iota } from './grid-sort';
import { GridSorter, nextTurn, SLICE_MS, sortKeysOf } from './grid-sorter';
import type { RankElsewhere } from './rank-client';

/** A filter of partner indexes the grid does not know of (the scenario's filters); null: none. */
export type RowFilter = ((index: number) => boolean) | null;

/** Partners in a block of the grid: ag-grid's default. */
export const BLOCK_SIZE = 100;

/** A list from this many partners on is searched in slices of the page's time (at 1M, a search reads for about 2 s). */
export const SEARCH_IN_SLICES_FROM = 20_000;

/** What the view tells the page, and how it ranks off the page. */
export interface GridViewOptions {
  /** how many partners the filters leave */
  onCount: (count: number) => void;
  /** a sort waits for a column's ranks (true) or no longer (false) */
  onSorting: (busy: boolean) => void;
  /** a quick search is read in slices (true) or done (false) */
  onSearching?: (busy: boolean) => void;
  /** ranks the packed name and ID lists off the page (rank-client.ts) */
  rankElsewhere?: RankElsewhere | null;
  /** lists from this many partners on are searched in slices (SEARCH_IN_SLICES_FROM) */
  searchInSlicesFrom?: number;
}

export class GridView {
  private table: PartnerTable | null = null;
  private defs: readonly ColDef<GridRow>[] = [];
  private readonly sorter: GridSorter;
  private quick: string[] | null = null;
  private external: RowFilter = null;
  /** bumped whenever what the filters read changes (the outcome, the scenario's filters, the quick search, the columns) */
  private version = 0;
  /** bumped whenever what the quick search reads changes (the list, the columns, the outcome, the words) */
  private quickVersion = 0;
  /** the quick search's verdict per partner (1: passes), made for `quickVersion` */
  private quickMask: { version: number; mask: Uint8Array } | null = null;
  /** the search being read in slices */
  private searching: { version: number; cancelled: boolean } | null = null;
  /** the grid's requests waiting for that search, answered in order once it is done */
  private readonly waiting: IGetRowsParams[] = [];
  private readonly onCount: (count: number) => void;
  private readonly onSearching: (busy: boolean) => void;
  private readonly searchInSlicesFrom: number;
  private filtered: { key: string; rows: Int32Array } | null = null;
  private shown: { key: string; rows: Int32Array } | null = null;
  private api: GridApi<GridRow> | null = null;

  /** The grid asks it for rows; it answers from the list given to `use`. */
  readonly datasource: IDatasource = { getRows: (params) => this.getRows(params) };

  constructor(options: GridViewOptions) {
    this.onCount = options.onCount;
    this.onSearching = options.onSearching ?? (() => {});
    this.searchInSlicesFrom = options.searchInSlicesFrom ?? SEARCH_IN_SLICES_FROM;
    this.sorter = new GridSorter(() => this.refresh(), options.onSorting, options.rankElsewhere ?? null);
  }

  /** The grid this view serves (asked for its rows again when they change). */
  attach(api: GridApi<GridRow> | null): void {
    this.api = api;
  }

  /** The list and the column definitions the grid has now. */
  use(table: PartnerTable | null, defs: readonly ColDef<GridRow>[]): void {
    if (table !== this.table || defs !== this.defs) {
      this.table = table;
      this.defs = defs;
      this.forget(true);
    }
    this.sorter.use(table, defs);
  }

  /** The scenario's outcome changed: its columns are sorted and filtered on the new one. */
  forgetScenario(): void {
    this.sorter.forgetScenario();
    this.forget(true);
  }

  /** The quick search (ag-grid's quickFilterText). */
  setQuickFilter(text: string): void {
    const parts = quickFilterParts(text);
    if (parts?.join(' ') === this.quick?.join(' ')) return;
    this.quick = parts;
    this.forget(true);
  }

  /** The filter of partner indexes beside the grid's own. */
  setRowFilter(filter: RowFilter): void {
    if (filter === this.external) return;
    this.external = filter;
    this.forget();
  }

  /** Asks the grid for the rows in view again (after any of the setters above). */
  refresh(): void {
    this.shown = null;
    const api = this.api;
    if (api && !api.isDestroyed()) api.refreshInfiniteCache();
  }

  /** Lets every ranking and search go (the view is gone). */
  dispose(): void {
    this.sorter.dispose();
    this.stopSearching();
  }

  /** The partners in the order shown, for the grid's sort and filter models. */
  rowsFor(sortModel: readonly SortModelItem[], filterModel: Record<string, ColumnFilterModel | null | undefined>): Int32Array {
    const table = this.table;
    if (!table) return new Int32Array(0);
    const filterKey = `${this.version}\u0000${JSON.stringify(filterModel)}`;
    if (this.filtered?.key !== filterKey) {
      this.filtered = { key: filterKey, rows: this.filter(table, filterModel) };
      this.shown = null;
    }
    const keys = sortKeysOf(sortModel);
    const sortKey = JSON.stringify(keys);
    if (this.shown?.key !== sortKey) this.shown = { key: sortKey, rows: this.sorter.sort(this.filtered.rows, keys) };
    return this.shown.rows;
  }

  /* Drops the lists made; `quick`: what the quick search reads changed too. */
  private forget(quick = false): void {
    this.version++;
    if (quick) this.quickVersion++;
    this.filtered = null;
    this.shown = null;
  }

  private getRows(params: IGetRowsParams): void {
    const table = this.table;
    // a search over a big list is read in slices first; the grid's requests wait for it
    if (table && this.quick && table.size >= this.searchInSlicesFrom && this.quickMask?.version !== this.quickVersion) {
      this.waiting.push(params);
      this.search(table, this.quick);
      return;
    }
    // what waited on a search given up (the words cleared) is answered now, before this
    if (this.searching && this.searching.version !== this.quickVersion) this.stopSearching();
    for (const waited of this.waiting.splice(0)) this.answer(waited);
    this.answer(params);
  }

  private answer(params: IGetRowsParams): void {
    const table = this.table;
    const rows = this.rowsFor(params.sortModel, params.filterModel as Record<string, ColumnFilterModel>);
    const block: GridRow[] = [];
    if (table) for (let j = params.startRow; j < Math.min(params.endRow, rows.length); j++) block.push(gridRow(table, rows[j]!));
    params.successCallback(block, rows.length);
    this.onCount(rows.length);
  }

  /* Reads the quick search over the list in slices of the page's time, then answers the requests that waited. */
  private search(table: PartnerTable, parts: readonly string[]): void {
    const version = this.quickVersion;
    if (this.searching?.version === version) return;
    this.stopSearching();
    const job = { version, cancelled: false };
    this.searching = job;
    this.onSearching(true);
    const passes = this.quickSearch(parts, table);
    const mask = new Uint8Array(table.size);
    let i = 0;
    const slice = () => {
      if (job.cancelled) return;
      const until = performance.now() + SLICE_MS;
      while (i < table.size) {
        mask[i] = passes(i) ? 1 : 0;
        i++;
        if ((i & 0xff) === 0 && performance.now() >= until) break;
      }
      if (i < table.size) {
        nextTurn(slice);
        return;
      }
      this.searching = null;
      this.quickMask = { version, mask };
      this.onSearching(false);
      for (const waited of this.waiting.splice(0)) this.getRows(waited);
    };
    nextTurn(slice);
  }

  private stopSearching(): void {
    if (!this.searching) return;
    this.searching.cancelled = true;
    this.searching = null;
    this.onSearching(false);
  }

  /* The partners that pass every filter, in the list's order. */
  private filter(table: PartnerTable, filterModel: Record<string, ColumnFilterModel | null | undefined>): Int32Array {
    const byId = new Map(this.defs.map((d) => [colIdOf(d), d]));
    const tests: { def: ColDef<GridRow>; test: CellTest }[] = [];
    for (const [colId, model] of Object.entries(filterModel)) {
      const def = byId.get(colId);
      const test = columnFilterTest(model);
      if (def && test) tests.push({ def, test });
    }
    const external = this.external;
    const quick = this.quick ? this.quickPasses(this.quick, table) : null;
    if (tests.length === 0 && !external && !quick) return iota(table.size);
    const out = new Int32Array(table.size);
    let m = 0;
    for (let i = 0; i < table.size; i++) {
      if (external && !external(i)) continue;
      if (!tests.every(({ def, test }) => test(cellValue(def, table, i)))) continue;
      if (quick && !quick(i)) continue;
      out[m++] = i;
    }
    return out.slice(0, m);
  }

  /* The quick search's verdict per partner: from the search read in slices, when it was for what the search reads now. */
  private quickPasses(parts: readonly string[], table: PartnerTable): (i: number) => boolean {
    const made = this.quickMask;
    if (made?.version === this.quickVersion) {
      const mask = made.mask;
      return (i) => mask[i] === 1;
    }
    return this.quickSearch(parts, table);
  }

  /*
   * ag-grid's quick filter: every word in the text of one of a partner's columns, hidden ones
   * too (what a metric cell shows, not its number). A column is only read for the words its
   * text can hold (ColumnContext.searchAlphabet).
   */
  private quickSearch(parts: readonly string[], table: PartnerTable): (i: number) => boolean {
    const defs = this.defs;
    const contexts = defs.map((d) => d.context as ColumnContext | undefined);
    const canHold = parts.map((part) =>
      contexts.map((c) => {
        const alphabet = c?.searchAlphabet;
        if (alphabet === undefined) return true;
        for (const ch of part) if (!alphabet.includes(ch)) return false;
        return true;
      }),
    );
    return (i) => {
      const texts = new Array<string | null | undefined>(defs.length);
      // the partner's row, made once for the columns with a value getter
      let row: GridRow | undefined;
      return quickFilterPasses(parts, defs.length, (k) => {
        let text = texts[k];
        if (text === undefined) {
          const def = defs[k]!;
          if (def.valueGetter) row ??= gridRow(table, i);
          let value = cellValue(def, table, i, row);
          const searchText = contexts[k]?.searchText;
          if (searchText) value = searchText(value);
          text = value == null || value === '' ? null : String(value).toUpperCase();
          texts[k] = text;
        }
        return text;
      }, (p, k) => canHold[p]![k]!);
    };
  }
}
