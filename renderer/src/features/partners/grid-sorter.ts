/**
 * The partners grid's sort, done beside ag-grid (issue 23; the ranking is in grid-sort.ts).
 *
 * Every sortable column's comparator says "equal" (`keepOrder`), so ag-grid's own sort is
 * one pass over rows already in order; ag-grid then hands the rows to `postSortRows`, where
 * they are put in order by the columns' ranks. A column is ranked the first time it is
 * sorted on, in slices of the page's time (a few milliseconds each, the page paints between
 * them); until its ranks are in, the rows keep the order shown before, and the grid is asked
 * to sort again once they are. The header's arrows, multi-column sorts (Shift+click), the
 * filters and the row count stay ag-grid's.
 *
 * Ranks are kept per column until the rows change (another dataset) — the scenario's columns
 * until the outcome changes (`forgetScenario`). The columns a list is most often sorted on
 * (PRERANKED: name and ID) are ranked in the background as soon as its rows come, so a first
 * sort on them is one pass of ag-grid's instead of two (one keeping the order while ranking,
 * one putting the rows in order).
 */
import type { ColDef, IRowNode, ValueGetterParams } from 'ag-grid-community';
import type { GridRow } from './columns';
import { orderByRanks, rankColumn, type ColumnRanks, type SortKey } from './grid-sort';

/** The comparator of every sortable column: ag-grid's sort keeps the order; postSortRows puts the rows in order. */
export const keepOrder = (): number => 0;

/** How long one slice of ranking may hold the page. */
const SLICE_MS = 12;

/** The columns ranked as soon as a list's rows come, before anyone sorts on them. */
export const PRERANKED: readonly string[] = ['name', 'id'];

/**
 * Runs `task` in a later turn of the event loop: a message on a channel, as React's scheduler
 * does, since timers chained this deep are clamped to 4 ms and, in a page not in front, to
 * one a second.
 */
function nextTurn(task: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

/** The value ag-grid sorts a row on in this column: its value getter's, else its field's. */
function valueOf(def: ColDef<GridRow>, row: GridRow): unknown {
  const getter = def.valueGetter;
  if (typeof getter === 'function') return getter({ data: row } as ValueGetterParams<GridRow>);
  const field = def.field as keyof GridRow | undefined;
  return field ? row[field] : undefined;
}

/* The column's values row by row (yielding now and then), then their ranks. */
function* rankRows(def: ColDef<GridRow>, rows: readonly GridRow[]): Generator<void, ColumnRanks, void> {
  const values = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    values[i] = valueOf(def, rows[i]!);
    if ((i & 0xffff) === 0xffff) yield;
  }
  return yield* rankColumn(values);
}

/** The sorted columns of a grid's column state, first sort first. */
export function sortKeysOf(state: readonly { colId: string; sort?: 'asc' | 'desc' | null; sortIndex?: number | null }[]): SortKey[] {
  return state
    .filter((c) => c.sort === 'asc' || c.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ colId: c.colId, descending: c.sort === 'desc' }));
}

export class GridSorter {
  private rows: readonly GridRow[] = [];
  private defs = new Map<string, ColDef<GridRow>>();
  private readonly ranks = new Map<string, ColumnRanks>();
  /** the scenario's columns as ranked on the outcome before: they hold the order shown until the new ranks are in */
  private readonly stale = new Map<string, ColumnRanks>();
  /** the sort the rows were last put in (kept while another column is ranked) */
  private shown: readonly SortKey[] = [];
  /** the ranking under way; `resort`: the grid waits on it (a sort asked for), not only the background */
  private job: { colIds: string[]; cancelled: boolean; resort: boolean } | null = null;

  /**
   * `onRanked`: a column's ranks are in — sort again. `onBusy`: ranking started (true) or
   * ended (false), for a "Sorting…" note.
   */
  constructor(
    private readonly onRanked: () => void,
    private readonly onBusy: (busy: boolean) => void,
  ) {}

  /** The rows (by index) and the column definitions the grid has now; other rows forget every rank. */
  use(rows: readonly GridRow[], defs: readonly ColDef<GridRow>[]): void {
    if (rows !== this.rows) {
      this.rows = rows;
      this.ranks.clear();
      this.stale.clear();
      this.shown = [];
      this.stop();
    }
    this.defs = new Map(defs.map((d) => [d.colId ?? String(d.field), d]));
    this.prerank();
  }

  /* The PRERANKED columns not ranked yet, in the background (when nothing else is being ranked). */
  private prerank(): void {
    if (this.job || this.rows.length === 0) return;
    const colIds = PRERANKED.filter((c) => this.defs.has(c) && !this.ranks.has(c));
    if (colIds.length > 0) this.rank(colIds, false);
  }

  /** The scenario's outcome changed: its columns are ranked again when next sorted on. */
  forgetScenario(): void {
    for (const [colId, ranks] of [...this.ranks]) {
      if (!colId.startsWith('sc:')) continue;
      this.stale.set(colId, ranks);
      this.ranks.delete(colId);
    }
    if (this.job?.colIds.some((c) => c.startsWith('sc:'))) this.stop();
  }

  /** ag-grid's postSortRows: the rows in the order of `keys` (sorted columns, first wins). */
  order(nodes: IRowNode<GridRow>[], keys: readonly SortKey[]): void {
    // rows of another list than the one ranked (a render not yet through): left as they are
    const first = nodes[0]?.data;
    if (first && this.rows[first.index] !== first) return;
    if (keys.length === 0) {
      this.shown = [];
      return;
    }
    const missing = keys.map((k) => k.colId).filter((c) => !this.ranks.has(c) && this.defs.has(c));
    if (missing.length === 0) {
      this.apply(nodes, keys);
      this.shown = keys;
      return;
    }
    // until the new column is ranked, the rows stay as they were shown (a scenario column by its ranks on the outcome before)
    if (this.shown.every((k) => this.ranksOf(k.colId))) this.apply(nodes, this.shown);
    this.rank(missing, true);
  }

  private ranksOf(colId: string): ColumnRanks | undefined {
    return this.ranks.get(colId) ?? this.stale.get(colId);
  }

  private apply(nodes: IRowNode<GridRow>[], keys: readonly SortKey[]): void {
    const known = keys.filter((k) => this.ranksOf(k.colId));
    if (known.length === 0) return;
    orderByRanks(nodes, (node) => node.data?.index ?? 0, known.map((k) => ({ ranks: this.ranksOf(k.colId)!, descending: k.descending })));
  }

  /* Ranks the columns in slices of the page's time, then (`resort`) asks for the sort again. */
  private rank(colIds: string[], resort: boolean): void {
    const running = this.job;
    if (running && colIds.every((c) => running.colIds.includes(c))) {
      // a sort now waits on a background ranking: it says so, and sorts when done
      if (resort && !running.resort) {
        running.resort = true;
        this.onBusy(true);
      }
      return;
    }
    this.stop();
    const job = { colIds, cancelled: false, resort };
    this.job = job;
    if (resort) this.onBusy(true);
    const rows = this.rows;
    const steps = colIds.map((colId) => ({ colId, ranking: rankRows(this.defs.get(colId)!, rows) }));
    const slice = () => {
      if (job.cancelled) return;
      const until = performance.now() + SLICE_MS;
      while (steps.length > 0 && performance.now() < until) {
        const next = steps[0]!.ranking.next();
        if (next.done) {
          this.ranks.set(steps[0]!.colId, next.value);
          this.stale.delete(steps[0]!.colId);
          steps.shift();
        }
      }
      if (steps.length > 0) {
        nextTurn(slice);
        return;
      }
      this.job = null;
      if (job.resort) {
        this.onBusy(false);
        this.onRanked();
      }
      this.prerank();
    };
    nextTurn(slice);
  }

  private stop(): void {
    if (!this.job) return;
    this.job.cancelled = true;
    if (this.job.resort) this.onBusy(false);
    this.job = null;
  }

  /** Lets every ranking go (the grid is gone). */
  dispose(): void {
    this.stop();
    this.ranks.clear();
    this.stale.clear();
  }
}
