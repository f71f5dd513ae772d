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
import { cellValue, gridRow, type ColumnContext, type GridRow, type PartnerTable } from './columns';
import { columnFilterTest, quickFilterParts, quickFilterPasses, type CellTest, type ColumnFilterModel } from './grid-filter';
import { iota } from './grid-sort';
import { GridSorter, sortKeysOf } from './grid-sorter';
import type { RankElsewhere } from './rank-client';

/** A filter of partner indexes the grid does not know of (the scenario's filters); null: none. */
export type RowFilter = ((index: number) => boolean) | null;

/** Partners in a block of the grid: ag-grid's default. */
export const BLOCK_SIZE = 100;

export class GridView {
  private table: PartnerTable | null = null;
  private defs: readonly ColDef<GridRow>[] = [];
  private readonly sorter: GridSorter;
  private quick: string[] | null = null;
  private external: RowFilter = null;
  /** bumped whenever what the filters read changes (the outcome, the scenario's filters, the quick search, the columns) */
  private version = 0;
  private filtered: { key: string; rows: Int32Array } | null = null;
  private shown: { key: string; rows: Int32Array } | null = null;
  private api: GridApi<GridRow> | null = null;

  /** The grid asks it for rows; it answers from the list given to `use`. */
  readonly datasource: IDatasource = { getRows: (params) => this.getRows(params) };

  /**
   * `onCount`: how many partners the filters leave. `onBusy`: a sort waits for a column's
   * ranks (true) or no longer (false). `rankElsewhere`: ranks the packed name and ID lists
   * off the page (rank-client.ts).
   */
  constructor(
    private readonly onCount: (count: number) => void,
    onBusy: (busy: boolean) => void,
    rankElsewhere: RankElsewhere | null = null,
  ) {
    this.sorter = new GridSorter(() => this.refresh(), onBusy, rankElsewhere);
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
      this.forget();
    }
    this.sorter.use(table, defs);
  }

  /** The scenario's outcome changed: its columns are sorted and filtered on the new one. */
  forgetScenario(): void {
    this.sorter.forgetScenario();
    this.forget();
  }

  /** The quick search (ag-grid's quickFilterText). */
  setQuickFilter(text: string): void {
    const parts = quickFilterParts(text);
    if (parts?.join(' ') === this.quick?.join(' ')) return;
    this.quick = parts;
    this.forget();
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

  /** Lets every ranking go (the view is gone). */
  dispose(): void {
    this.sorter.dispose();
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

  private forget(): void {
    this.version++;
    this.filtered = null;
    this.shown = null;
  }

  private getRows(params: IGetRowsParams): void {
    const table = this.table;
    const rows = this.rowsFor(params.sortModel, params.filterModel as Record<string, ColumnFilterModel>);
    const block: GridRow[] = [];
    if (table) for (let j = params.startRow; j < Math.min(params.endRow, rows.length); j++) block.push(gridRow(table, rows[j]!));
    params.successCallback(block, rows.length);
    this.onCount(rows.length);
  }

  /* The partners that pass every filter, in the list's order. */
  private filter(table: PartnerTable, filterModel: Record<string, ColumnFilterModel | null | undefined>): Int32Array {
    const byId = new Map(this.defs.map((d) => [d.colId ?? String(d.field), d]));
    const tests: { def: ColDef<GridRow>; test: CellTest }[] = [];
    for (const [colId, model] of Object.entries(filterModel)) {
      const def = byId.get(colId);
      const test = columnFilterTest(model);
      if (def && test) tests.push({ def, test });
    }
    const external = this.external;
    const quick = this.quick ? this.quickSearch(this.quick, table) : null;
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
      return quickFilterPasses(parts, defs.length, (k) => {
        let text = texts[k];
        if (text === undefined) {
          let value = cellValue(defs[k]!, table, i);
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
