/**
 * The partners grid's sort, done beside ag-grid (issue 23; the ranking is in grid-sort.ts).
 *
 * The grid runs on ag-grid's Infinite row model: it asks grid-view.ts for the rows in view
 * with the sort its headers show, and grid-view.ts has them put in order here. A column is
 * ranked the first time it is sorted on, in slices of the page's time (a few milliseconds
 * each, the page paints between them); until its ranks are in, the rows keep the order shown
 * before, and the grid is asked for its rows again once they are. The header's arrows and
 * multi-column sorts (Shift+click) stay ag-grid's.
 *
 * Ranks are kept per column until the list changes (another dataset) — the scenario's columns
 * until the outcome changes (`forgetScenario`). The columns a list is most often sorted on
 * (PRERANKED: name and ID) are ranked in the background as soon as its partners come, so a
 * first sort on them puts the rows in order at once.
 */
import type { ColDef } from 'ag-grid-community';
import { cellValue, colIdOf, type GridRow, type PartnerTable } from './columns';
import { orderByRanks, rankColumn, type ColumnRanks, type SortKey } from './grid-sort';
import type { RankElsewhere } from './rank-client';

/** How long one slice of ranking (or of a search, grid-view.ts) may hold the page. */
export const SLICE_MS = 12;

/** The columns ranked as soon as a list's rows come, before anyone sorts on them. */
export const PRERANKED: readonly string[] = ['name', 'id'];

/**
 * Runs `task` in a later turn of the event loop: a message on a channel, as React's scheduler
 * does, since timers chained this deep are clamped to 4 ms and, in a page not in front, to
 * one a second.
 */
export function nextTurn(task: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

/* The column's values row by row (yielding now and then), then their ranks. */
function* rankRows(def: ColDef<GridRow>, table: PartnerTable): Generator<void, ColumnRanks, void> {
  const values = new Array<unknown>(table.size);
  for (let i = 0; i < table.size; i++) {
    values[i] = cellValue(def, table, i);
    if ((i & 0xffff) === 0xffff) yield;
  }
  return yield* rankColumn(values);
}

/** The sort keys of ag-grid's sort model (sorted columns, first sort first). */
export function sortKeysOf(model: readonly { colId: string; sort?: 'asc' | 'desc' | null }[]): SortKey[] {
  return model.filter((c) => c.sort === 'asc' || c.sort === 'desc').map((c) => ({ colId: c.colId, descending: c.sort === 'desc' }));
}

export class GridSorter {
  private table: PartnerTable | null = null;
  private defs = new Map<string, ColDef<GridRow>>();
  private readonly ranks = new Map<string, ColumnRanks>();
  /** the scenario's columns as ranked on the outcome before: they hold the order shown until the new ranks are in */
  private readonly stale = new Map<string, ColumnRanks>();
  /** the sort the rows were last put in (kept while another column is ranked) */
  private shown: readonly SortKey[] = [];
  /** the ranking under way; `resort`: the grid waits on it (a sort asked for), not only the background */
  private job: { colIds: string[]; cancelled: boolean; resort: boolean } | null = null;
  /** the columns being ranked off the page (rank.worker.ts); `resort`: a sort waits on it */
  private readonly elsewhere = new Map<string, { resort: boolean }>();
  /** the columns whose ranking off the page failed for this list: ranked on the page, not asked again */
  private readonly failedElsewhere = new Set<string>();
  /** what `onBusy` was last told */
  private busy = false;

  /**
   * `onRanked`: a column's ranks are in — sort again. `onBusy`: a sort waits for a ranking
   * (true) or no longer (false), for a "Sorting…" note. `rankElsewhere`: ranks a packed
   * identity field off the page (the PRERANKED ones, when the list has them packed).
   */
  constructor(
    private readonly onRanked: () => void,
    private readonly onBusy: (busy: boolean) => void,
    private readonly rankElsewhere: RankElsewhere | null = null,
  ) {}

  /** The list and the column definitions the grid has now; another list forgets every rank. */
  use(table: PartnerTable | null, defs: readonly ColDef<GridRow>[]): void {
    if (table !== this.table) {
      this.table = table;
      this.ranks.clear();
      this.stale.clear();
      this.shown = [];
      this.stop();
      this.elsewhere.clear();
      this.failedElsewhere.clear();
      this.updateBusy();
    }
    this.defs = new Map(defs.map((d) => [colIdOf(d), d]));
    this.prerank();
  }

  /* The PRERANKED columns not ranked yet, in the background: off the page when they are packed, else in slices (when nothing else is being ranked). */
  private prerank(): void {
    const table = this.table;
    if (!table || table.size === 0) return;
    const todo = PRERANKED.filter((c) => this.defs.has(c) && !this.ranks.has(c) && !this.elsewhere.has(c));
    for (const colId of todo) {
      const packed = table.packed?.[colId as keyof NonNullable<PartnerTable['packed']>];
      const ranking = packed && this.rankElsewhere && !this.failedElsewhere.has(colId) ? this.rankElsewhere(packed) : null;
      if (ranking) this.awaitElsewhere(table, colId, ranking);
    }
    if (this.job) return;
    const here = todo.filter((c) => !this.elsewhere.has(c));
    if (here.length > 0) this.rank(here, false);
  }

  /* A column's ranks from off the page: kept for this list; a failure ranks it here. */
  private awaitElsewhere(table: PartnerTable, colId: string, ranking: Promise<ColumnRanks>): void {
    const entry = { resort: false };
    this.elsewhere.set(colId, entry);
    const mine = () => this.table === table && this.elsewhere.get(colId) === entry;
    ranking.then(
      (ranks) => {
        if (!mine()) return;
        this.elsewhere.delete(colId);
        this.ranks.set(colId, ranks);
        this.updateBusy();
        if (entry.resort) this.onRanked();
      },
      () => {
        if (!mine()) return;
        this.elsewhere.delete(colId);
        this.failedElsewhere.add(colId);
        if (entry.resort) this.rank([colId], true);
        else this.prerank();
        this.updateBusy();
      },
    );
  }

  /* Tells onBusy whether a sort now waits for a ranking, when that changed. */
  private updateBusy(): void {
    const busy = (this.job?.resort ?? false) || [...this.elsewhere.values()].some((e) => e.resort);
    if (busy === this.busy) return;
    this.busy = busy;
    this.onBusy(busy);
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

  /**
   * The rows (partner indexes, in the list's order) in the order of `keys` (sorted columns,
   * first wins). A column not ranked yet is ranked in the background; until then the rows
   * keep the order shown before (a scenario column by its ranks on the outcome before).
   */
  sort(rows: Int32Array, keys: readonly SortKey[]): Int32Array {
    if (keys.length === 0) {
      this.shown = [];
      return rows;
    }
    const missing = keys.map((k) => k.colId).filter((c) => !this.ranks.has(c) && this.defs.has(c));
    if (missing.length === 0) {
      this.shown = keys;
      return this.apply(rows, keys);
    }
    const held = this.shown.every((k) => this.ranksOf(k.colId)) ? this.apply(rows, this.shown) : rows;
    for (const colId of missing) {
      const away = this.elsewhere.get(colId);
      if (away) away.resort = true;
    }
    const here = missing.filter((c) => !this.elsewhere.has(c));
    if (here.length > 0) this.rank(here, true);
    this.updateBusy();
    return held;
  }

  private ranksOf(colId: string): ColumnRanks | undefined {
    return this.ranks.get(colId) ?? this.stale.get(colId);
  }

  private apply(rows: Int32Array, keys: readonly SortKey[]): Int32Array {
    const known = keys.filter((k) => this.ranksOf(k.colId));
    if (known.length === 0) return rows;
    return orderByRanks(rows, known.map((k) => ({ ranks: this.ranksOf(k.colId)!, descending: k.descending })));
  }

  /* Ranks the columns in slices of the page's time, then (`resort`) asks for the sort again. */
  private rank(colIds: string[], resort: boolean): void {
    const running = this.job;
    if (running && colIds.every((c) => running.colIds.includes(c))) {
      // a sort now waits on a background ranking: it says so, and sorts when done
      running.resort ||= resort;
      this.updateBusy();
      return;
    }
    this.stop();
    const job = { colIds, cancelled: false, resort };
    this.job = job;
    this.updateBusy();
    const table = this.table;
    if (!table) return;
    const steps = colIds.map((colId) => ({ colId, ranking: rankRows(this.defs.get(colId)!, table) }));
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
      this.updateBusy();
      if (job.resort) this.onRanked();
      this.prerank();
    };
    nextTurn(slice);
  }

  private stop(): void {
    if (!this.job) return;
    this.job.cancelled = true;
    this.job = null;
    this.updateBusy();
  }

  /** Lets every ranking go (the grid is gone). */
  dispose(): void {
    this.stop();
    this.elsewhere.clear();
    this.ranks.clear();
    this.stale.clear();
    this.updateBusy();
  }
}
