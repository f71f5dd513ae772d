/**
 * Evaluating stored scenarios on stored datasets: the same engine the screens use, so the
 * CLI, the export and the app can never disagree.
 */
import { assignmentsOf, designDiff, evaluate, type Outcome, compareOutcomes, MAX_COMPARED, MIN_COMPARED, movementFlows, partnerDiff } from '../../shared/engine';
import { referenceIndex } from '../../shared/report/kpis';
import type { ColumnarDataset } from '../../shared/model/dataset';
import type { DatasetSummary } from '../../shared/model/workspace';
import type { ScenarioRecord } from './workspace/scenario.repo';
import { UserFacingError } from './workspace/errors';
import type { Workspace } from './workspace/workspace';

export interface Evaluated {
  record: ScenarioRecord;
  dataset: DatasetSummary;
  data: ColumnarDataset;
  outcome: Outcome;
}

export function findScenario(ws: Workspace, name: string): ScenarioRecord {
  const summary = ws.scenarios.findByName(name);
  if (!summary) {
    const names = ws.scenarios.list().map((s) => `"${s.name}"`);
    throw new UserFacingError('not_found', `No scenario is named "${name}"; this workspace has ${names.join(', ') || 'none'}.`);
  }
  return ws.scenarios.get(summary.id);
}

/** The dataset named by label, else the scenario's own, else the newest. */
export function datasetFor(ws: Workspace, record: ScenarioRecord | null, label?: string): DatasetSummary {
  const datasets = ws.datasets.list();
  if (label !== undefined) {
    const found = datasets.find((d) => d.label.toLowerCase() === label.trim().toLowerCase());
    if (!found) throw new UserFacingError('not_found', `No dataset is labelled "${label}"; the workspace has ${datasets.map((d) => `"${d.label}"`).join(', ') || 'none'}.`);
    return found;
  }
  const own = record?.datasetId ? datasets.find((d) => d.id === record.datasetId) : undefined;
  const chosen = own ?? datasets.at(-1);
  if (!chosen) throw new UserFacingError('not_found', 'The workspace has no dataset; import a partner list first.');
  return chosen;
}

export function evaluateStored(ws: Workspace, scenarioName: string, datasetLabel?: string): Evaluated {
  const record = findScenario(ws, scenarioName);
  const dataset = datasetFor(ws, record, datasetLabel);
  const data = ws.datasets.load(dataset.id);
  return { record, dataset, data, outcome: evaluate(record.scenario, data) };
}

/**
 * The evaluate JSON (documented in docs/ENGINE.md). Each assignment's `rollout` is its state
 * after the policies — normal, warned, limited or grandfathered, with `limited` when the
 * demotion limit raised it —, and `rollout`'s counts partition `movement.downgrades`:
 * warned + limited + grandfathered + demoted (docs/ENGINE.md, "Rollout policies").
 */
export function evaluationJson(e: Evaluated) {
  const o = e.outcome;
  return {
    scenario: e.record.scenario.name,
    baseline: e.record.scenario.baseline,
    dataset: { id: e.dataset.id, label: e.dataset.label, asOf: e.dataset.asOf, partners: e.dataset.partnerCount },
    assignments: assignmentsOf(o).map((a) => ({
      partnerId: a.partnerId,
      name: a.name,
      motion: a.motion,
      tier: a.tier,
      currentTier: a.currentTier,
      movement: a.movement,
      reasons: a.reasons,
      nextTier: a.nextTier,
      progress: a.progress,
      unmet: a.unmet,
      overrideReason: a.overrideReason,
      exitCandidate: a.exitCandidate,
      rollout: { tier: a.rollout.tier, state: a.rollout.state, limited: a.rollout.limited === true },
    })),
    distribution: o.distribution,
    valueConcentration: o.valueConcentration,
    resources: o.resources,
    coverage: o.coverage,
    movement: o.movement,
    rollout: o.rollout,
    nearMiss: o.nearMiss,
    alerts: o.alerts,
    review: o.review,
    errors: o.errors,
    todayTiers: o.todayTiers,
  };
}

/** The dataset the scenarios share (each one's own); refused, with `hint` on what to do, when they differ. */
export function sharedDataset(ws: Workspace, records: readonly ScenarioRecord[], hint: string): DatasetSummary {
  const own = records.map((r) => datasetFor(ws, r));
  if (new Set(own.map((d) => d.id)).size > 1) {
    throw new UserFacingError(
      'invalid_request',
      `These scenarios are evaluated on different datasets (${records.map((r, i) => `"${r.scenario.name}": ${own[i]!.label}`).join(', ')}); ${hint}.`,
    );
  }
  return own[0]!;
}

/**
 * Compares 2–6 stored scenarios on one dataset: the one named, else the scenarios' own
 * when they share it; scenarios of different datasets without a named one are refused.
 */
export function compareStored(ws: Workspace, names: readonly string[], datasetLabel?: string) {
  if (names.length < MIN_COMPARED || names.length > MAX_COMPARED) {
    throw new UserFacingError('invalid_request', `Compare takes ${MIN_COMPARED} to ${MAX_COMPARED} scenarios; ${names.length} were named.`);
  }
  const records = names.map((n) => findScenario(ws, n));
  if (new Set(records.map((r) => r.id)).size !== records.length) throw new UserFacingError('invalid_request', 'A scenario is named twice.');
  const dataset = datasetLabel !== undefined ? datasetFor(ws, null, datasetLabel) : sharedDataset(ws, records, 'name one with --dataset to compare them on it');
  const data = ws.datasets.load(dataset.id);
  const outcomes = records.map((r) => ({ name: r.scenario.name, baseline: r.scenario.baseline, outcome: evaluate(r.scenario, data) }));
  const comparison = compareOutcomes(outcomes);
  const diff = partnerDiff(outcomes[0]!.outcome, outcomes[1]!.outcome, data, 1000);
  const reference = referenceIndex(comparison);
  return {
    dataset: { id: dataset.id, label: dataset.label, asOf: dataset.asOf, partners: dataset.partnerCount },
    ...comparison,
    /** per scenario, who moves from today's tiers to the new ones (the Sankey's data) */
    flows: outcomes.map((o) => ({ scenario: o.name, flows: movementFlows(o.outcome) })),
    diff: { a: outcomes[0]!.name, b: outcomes[1]!.name, count: diff.count, rows: diff.rows },
    /** what changed between the designs: each other scenario against the one the deltas are against (the baseline, else the first), as Compare shows */
    designDiff: records.flatMap((r, i) => (i === reference ? [] : [designDiff(records[reference]!.scenario, r.scenario, data.metrics)])),
  };
}

