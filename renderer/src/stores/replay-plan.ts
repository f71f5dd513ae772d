/**
 * The plan of a cycle replay (DESIGN D8.4): which partner lists are replayed and in what
 * order — the lists the user picked, else those that share the metrics the scenario reads
 * from its own list, in date order (docs/ENGINE.md) — and the ticked list each one's partner
 * IDs are checked against. Pure helpers of the explore slice (explore.slice.ts) and the
 * replay panel.
 */
import { inDateOrder, metricsLacking } from '../../../shared/engine';
import type { DatasetSummary, MetricDef } from '../../../shared/model/workspace';
import { datasetRef } from './engine-data';
import type { ExploreSlice } from './explore.slice';

/** The lists the user picked for a replay: every list in the order shown, and those ticked. */
export interface ReplayPick {
  scenarioId: number;
  order: number[];
  chosen: number[];
}

/** The metrics a scenario reads from its own list (what the default cycles must have). */
export interface ReplayReads {
  scenarioId: number;
  /** the scenario's list */
  datasetId: number | null;
  metrics: MetricDef[];
}

/** One partner list of the replay panel. */
export interface ReplayRow {
  list: DatasetSummary;
  chosen: boolean;
  /** the metrics the scenario reads that this list lacks (or has of another kind); none: it shares them */
  missing: MetricDef[];
  /**
   * The ticked list its partner IDs are checked against: the one before it, else (a list
   * not ticked, above every ticked one) the first after it (`neighbourFollows`).
   */
  neighbour: DatasetSummary | null;
  neighbourFollows: boolean;
}

export interface ReplayPlan {
  /** the scenario's list */
  reference: DatasetSummary | null;
  /** the metrics the scenario reads from it */
  read: MetricDef[];
  rows: ReplayRow[];
  /** the cycles, in order */
  chosen: DatasetSummary[];
  /** the user changed the default */
  picked: boolean;
}

/**
 * The replay's lists: the pick when it is this scenario's, else the default — every list in
 * date order, ticked when it has the metrics the scenario reads from its own list. Lists
 * imported after the pick was made come last, not ticked.
 */
export function planReplay(datasets: readonly DatasetSummary[], reads: ReplayReads, pick: ReplayPick | null): ReplayPlan {
  const reference = datasets.find((d) => d.id === reads.datasetId) ?? null;
  const ordered = inDateOrder(datasets);
  const own = pick !== null && pick.scenarioId === reads.scenarioId ? pick : null;
  let lists = ordered;
  let isChosen = (d: DatasetSummary) => metricsLacking(d, reads.metrics).length === 0;
  if (own) {
    const byId = new Map(datasets.map((d) => [d.id, d] as const));
    const kept = own.order.map((id) => byId.get(id)).filter((d): d is DatasetSummary => d !== undefined);
    lists = [...kept, ...ordered.filter((d) => !own.order.includes(d.id))];
    const chosen = new Set(own.chosen);
    isChosen = (d) => chosen.has(d.id);
  }
  const rows: ReplayRow[] = lists.map((list) => ({ list, chosen: isChosen(list), missing: metricsLacking(list, reads.metrics), neighbour: null, neighbourFollows: false }));
  let before: DatasetSummary | null = null;
  for (const row of rows) {
    row.neighbour = before;
    if (row.chosen) before = row.list;
  }
  const first = rows.find((r) => r.chosen)?.list ?? null;
  for (const row of rows) {
    if (row.neighbour !== null || row.chosen || first === null) continue;
    row.neighbour = first;
    row.neighbourFollows = true;
  }
  return { reference, read: reads.metrics, rows, chosen: rows.filter((r) => r.chosen).map((r) => r.list), picked: own !== null };
}

/** The plan of the replay scenario, once its metrics are read. */
export function currentReplayPlan(s: Pick<ExploreSlice, 'replayScenarioId' | 'replayReads' | 'replayPick'> & { workspace: { datasets: readonly DatasetSummary[] } | null }): ReplayPlan | null {
  const reads = s.replayReads;
  if (!s.workspace || reads === null || reads.scenarioId !== s.replayScenarioId) return null;
  return planReplay(s.workspace.datasets, reads, s.replayPick);
}

/** Where a row's ID-space check is kept: the two lists' dataset keys. */
export function overlapKey(workspace: { path: string; datasets: readonly DatasetSummary[] } | null, listId: number, otherId: number): string {
  return `${datasetRef(workspace, listId).key}→${datasetRef(workspace, otherId).key}`;
}
