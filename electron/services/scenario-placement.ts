/**
 * A scenario put on a partner list (created, imported, duplicated or moved onto it): the
 * list's current-tier labels it does not place yet get the automatic matches (by name,
 * then metal order; shared/model/tier-mapping), and what was placed, what was not and
 * which metrics the list lacks are said — to the page as `placement`, to the CLI as lines.
 */
import type { ScenarioPlacement } from '../../shared/ipc/contract';
import { missingMetrics } from '../../shared/model/fit';
import type { Scenario } from '../../shared/model/scenario';
import { describeMatch, fillTierMapping, mappedEntry } from '../../shared/model/tier-mapping';
import type { DatasetSummary } from '../../shared/model/workspace';
import type { Workspace } from './workspace/workspace';
import type { ScenarioRecord } from './workspace/scenario.repo';

/** The list a scenario stored with `datasetId` is evaluated on: its own, else the newest (null: no list yet). */
export function listOf(ws: Workspace, datasetId: number | null): { id: number; label: string } | null {
  const datasets = ws.datasets.list();
  const found = (datasetId !== null ? datasets.find((d) => d.id === datasetId) : undefined) ?? datasets.at(-1);
  return found ? { id: found.id, label: found.label } : null;
}

/** The scenario with today's tiers of the list placed where it does not place them, and what was done. */
export function placeOnList(ws: Workspace, scenario: Scenario, datasetId: number | null): { scenario: Scenario; placement: ScenarioPlacement } {
  const list = listOf(ws, datasetId);
  if (!list) return { scenario, placement: { dataset: null, mapped: [], unplaced: [], missingMetrics: [] } };
  const fill = fillTierMapping(scenario, ws.datasets.todayTiers(list.id));
  const missing = missingMetrics(fill.scenario, ws.datasets.get(list.id).metrics).map((m) => m.key);
  return { scenario: fill.scenario, placement: { dataset: list.label, mapped: fill.added, unplaced: fill.unplaced, missingMetrics: missing } };
}

/** Stores a new scenario on a list, with today's tiers placed. */
export function createOnList(ws: Workspace, scenario: Scenario, datasetId: number | null): ScenarioRecord & { placement: ScenarioPlacement } {
  const placed = placeOnList(ws, scenario, datasetId);
  return { ...ws.scenarios.create(placed.scenario, datasetId), placement: placed.placement };
}

/** Lines for a person about a placement (the CLI prints them). */
export function placementLines(placement: ScenarioPlacement, scenario: Scenario): string[] {
  const lines: string[] = [];
  if (placement.dataset === null) return lines;
  if (placement.mapped.length > 0) {
    lines.push(`Today's tiers of ${placement.dataset} placed automatically: ${placement.mapped.map((e) => describeMatch(e, scenario)).join('; ')}.`);
  }
  for (const u of placement.unplaced) lines.push(`Not placed: ${u.why} ${u.count === 1 ? 'Its partner counts' : `Its ${u.count} partners count`} as having no tier today.`);
  if (placement.missingMetrics.length > 0) {
    lines.push(
      `${placement.dataset} has no metric ${placement.missingMetrics.map((k) => `"${k}"`).join(', ')}: requirements on ${placement.missingMetrics.length === 1 ? 'it' : 'them'} are not met. Bind ${placement.missingMetrics.length === 1 ? 'it' : 'them'} to a column of the list in the app (Scenarios › Fit to this list).`,
    );
  }
  return lines;
}

/**
 * What keeps a scenario's figures on a list from being the design's, one sentence each:
 * metrics the list lacks (requirements on them are never met) and today's tiers it does not
 * place. The CLI prints them on stderr before evaluate / compare / export (an error with --strict).
 */
export function fitProblems(ws: Workspace, scenario: Scenario, dataset: Pick<DatasetSummary, 'id' | 'label' | 'metrics'>): string[] {
  const lines: string[] = [];
  const missing = missingMetrics(scenario, dataset.metrics);
  if (missing.length > 0) {
    lines.push(
      `"${scenario.name}" reads ${missing.length === 1 ? 'a metric' : 'metrics'} ${dataset.label} does not have (${missing.map((m) => `${m.label} [${m.key}]`).join(', ')}): requirements on ${missing.length === 1 ? 'it are' : 'them are'} never met.`,
    );
  }
  const unplaced = ws.datasets.todayTiers(dataset.id).filter((t) => !t.spellings.some((label) => mappedEntry(scenario, label)));
  if (unplaced.length > 0) {
    lines.push(
      `"${scenario.name}" does not place today's ${unplaced.length === 1 ? 'tier' : 'tiers'} ${unplaced.map((t) => `"${t.label}"`).join(', ')} of ${dataset.label}: their partners count as having no tier today.`,
    );
  }
  return lines;
}
