/**
 * The open scenario's columns in the partner grid (DESIGN D7): its tier for each partner,
 * the change against the current tier, the next tier and the progress toward it, and
 * the quick filters (demoted, near miss, exit candidate, overridden). The per-partner
 * results live in typed arrays aligned with the dataset's partners (row `index`); the
 * columns read them through a holder, so a new evaluation refreshes cells without new
 * column definitions.
 */
import type { ColDef } from 'ag-grid-community';
import { MOVEMENT_DEMOTED, MOVEMENT_LOST_TIER, MOVEMENTS, type LadderInfo, type Movement } from '../../../../shared/engine';
import type { Evaluation } from '../../engine/core';
import type { GridRow } from './columns';

export const MOVEMENT_WORDS: Record<Movement, string> = {
  untiered: 'untiered',
  promoted: 'promoted',
  demoted: 'demoted',
  unchanged: 'unchanged',
  newlyTiered: 'newly tiered',
  lostTier: 'loses its tier',
};

export const SCENARIO_FILTERS = [
  { id: 'demoted', label: 'Demoted' },
  { id: 'nearMiss', label: 'Near miss' },
  { id: 'exit', label: 'Exit candidates' },
  { id: 'overridden', label: 'Overridden' },
] as const;
export type ScenarioFilter = (typeof SCENARIO_FILTERS)[number]['id'];

/** Near miss: a next tier within 20 % (the engine's band; 1 = kept out by a cap). */
export const NEAR_MISS_PROGRESS = 0.8 - 1e-9;

/** What the scenario columns read; `evaluation` is replaced on each new outcome. */
export interface ScenarioHolder {
  evaluation: Evaluation | null;
}

export function tierName(ladders: readonly LadderInfo[], ladderIndex: number, level: number): string | null {
  if (ladderIndex < 0 || level < 0) return null;
  return ladders[ladderIndex]?.tiers[level]?.name ?? null;
}

/** Whether partner `i` passes every active filter (all of them must hold). */
export function passesFilters(evaluation: Evaluation, i: number, filters: ReadonlySet<ScenarioFilter>): boolean {
  const p = evaluation.partners;
  for (const f of filters) {
    if (f === 'demoted' && p.movementCode[i] !== MOVEMENT_DEMOTED && p.movementCode[i] !== MOVEMENT_LOST_TIER) return false;
    if (f === 'nearMiss' && !(p.nextLevel[i]! >= 0 && p.progress[i]! >= NEAR_MISS_PROGRESS)) return false;
    if (f === 'exit' && p.exitCandidate[i] !== 1) return false;
    if (f === 'overridden' && p.overridden[i] !== 1) return false;
  }
  return true;
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** The scenario's columns, after the identity columns; `reasons` renders a partner's reasons on demand. */
export function scenarioColumnDefs(holder: ScenarioHolder, scenarioName: string, reasonsRenderer: ColDef<GridRow>['cellRenderer']): ColDef<GridRow>[] {
  const at = (row: GridRow | undefined) => (row && holder.evaluation ? row.index : -1);
  const header = (label: string) => `${label}`;
  const group = `Scenario: ${scenarioName}`;
  const cols: ColDef<GridRow>[] = [
    {
      colId: 'sc:tier',
      headerName: header('Tier'),
      headerTooltip: `${group} — the tier this design gives the partner`,
      width: 140,
      valueGetter: (p) => {
        const i = at(p.data);
        if (i < 0) return null;
        const e = holder.evaluation!;
        return tierName(e.summary.ladders, e.partners.ladderIndex[i]!, e.partners.level[i]!) ?? 'Untiered';
      },
      filter: 'agTextColumnFilter',
    },
    {
      colId: 'sc:change',
      headerName: header('Change'),
      headerTooltip: `${group} — against the current tier`,
      width: 130,
      valueGetter: (p) => {
        const i = at(p.data);
        return i < 0 ? null : MOVEMENT_WORDS[MOVEMENTS[holder.evaluation!.partners.movementCode[i]!]!];
      },
      cellClass: (p) => (p.value === 'demoted' || p.value === 'loses its tier' ? 'sc-down' : p.value === 'promoted' || p.value === 'newly tiered' ? 'sc-up' : undefined),
      filter: 'agTextColumnFilter',
    },
    {
      colId: 'sc:reasons',
      headerName: header('Why'),
      headerTooltip: `${group} — the requirement that decided it`,
      width: 320,
      sortable: false,
      cellRenderer: reasonsRenderer,
    },
    {
      colId: 'sc:next',
      headerName: header('Next tier'),
      width: 130,
      valueGetter: (p) => {
        const i = at(p.data);
        if (i < 0) return null;
        const e = holder.evaluation!;
        return tierName(e.summary.ladders, e.partners.ladderIndex[i]!, e.partners.nextLevel[i]!);
      },
      valueFormatter: (p) => (!p.data ? '' : p.value == null ? '—' : String(p.value)),
      filter: 'agTextColumnFilter',
    },
    {
      colId: 'sc:progress',
      headerName: header('Progress'),
      headerTooltip: `${group} — toward the next tier`,
      width: 110,
      type: 'rightAligned',
      valueGetter: (p) => {
        const i = at(p.data);
        if (i < 0) return null;
        const v = holder.evaluation!.partners.progress[i]!;
        return Number.isNaN(v) ? null : v;
      },
      valueFormatter: (p) => (!p.data ? '' : p.value == null ? '—' : percent.format(p.value as number)),
      filter: 'agNumberColumnFilter',
    },
  ];
  return cols;
}

/**
 * What the grid's toolbar says about the open scenario: whose tiers the scenario columns
 * show, or why they are not there — none is open, its outcome is not in yet or failed, or
 * it is evaluated on another dataset than the one shown (a scenario belongs to the dataset
 * it was designed on; switching the shown dataset does not move it).
 */
export type ScenarioNote =
  | { kind: 'none' }
  | { kind: 'shown'; scenario: string }
  | { kind: 'evaluating'; scenario: string }
  | { kind: 'failed'; scenario: string }
  | { kind: 'elsewhere'; scenario: string; datasetId: number; datasetLabel: string };

export function scenarioNote(open: {
  /** the open scenario's name, or null when none is open */
  scenario: string | null;
  /** the dataset it is evaluated on */
  scenarioDataset: { id: number; label: string } | null;
  /** the dataset the grid shows */
  shownDatasetId: number;
  /** whether its outcome on the shown dataset is in the grid */
  outcomeShown: boolean;
  failed: boolean;
}): ScenarioNote {
  const { scenario, scenarioDataset } = open;
  if (scenario === null || scenarioDataset === null) return { kind: 'none' };
  if (scenarioDataset.id !== open.shownDatasetId) return { kind: 'elsewhere', scenario, datasetId: scenarioDataset.id, datasetLabel: scenarioDataset.label };
  if (open.outcomeShown) return { kind: 'shown', scenario };
  return open.failed ? { kind: 'failed', scenario } : { kind: 'evaluating', scenario };
}
