/** Scenarios side by side: which ones, on which dataset; the KPI table, what changed between the designs, the charts and the partner diff. */
import { useEffect, useMemo } from 'react';
import { MAX_COMPARED } from '../../../../shared/engine';
import { formatCount } from '../../../../shared/model/format';
import { datasetOfScenario } from '../../stores/scenario.slice';
import { comparisonKey, defaultSelection, planComparison } from '../../stores/compare.slice';
import { useStore } from '../../stores/store';
import { CompareDistributionChart } from './charts/CompareDistributionChart';
import { CoverageChart } from './charts/CoverageChart';
import { FlowChart } from './charts/FlowChart';
import { ResourcesChart } from './charts/ResourcesChart';
import { DesignDiffCard } from './DesignDiff';
import { DiffGrid } from './DiffGrid';
import { KpiTable } from './KpiTable';
import { FitWarnings } from './FitWarnings';

/** The picked scenarios, the dataset, and why they cannot be compared when they cannot. */
function Picker() {
  const workspace = useStore((s) => s.workspace);
  const ids = useStore((s) => s.comparedIds) ?? [];
  const chosen = useStore((s) => s.compareDatasetId);
  const toggle = useStore((s) => s.toggleCompared);
  const setDataset = useStore((s) => s.setCompareDataset);
  const datasets = workspace?.datasets ?? [];
  const scenarios = workspace?.scenarios ?? [];
  const plan = planComparison(datasets, scenarios, ids, chosen);
  return (
    <section className="cmp-card cmp-picker" aria-labelledby="picker-title">
      <h2 id="picker-title" className="cmp-sr">
        Scenarios to compare
      </h2>
      <fieldset className="cmp-choices">
        <legend>
          Compare <span className="muted">(2 to {MAX_COMPARED}, in the order picked)</span>
        </legend>
        {scenarios.map((s) => {
          const on = ids.includes(s.id);
          return (
            <label key={s.id} className={on ? 'cmp-choice on' : 'cmp-choice'}>
              <input type="checkbox" checked={on} disabled={!on && ids.length >= MAX_COMPARED} onChange={() => toggle(s.id)} />
              <span>{s.name}</span>
              {s.isBaseline && <span className="cmp-ref">baseline</span>}
              <span className="muted small">{datasetOfScenario(datasets, s.datasetId)?.label}</span>
            </label>
          );
        })}
      </fieldset>
      {datasets.length > 0 && (
        <label className="inline-field">
          <span>On the partner list</span>
          <select aria-label="Dataset to compare on" value={chosen ?? ''} onChange={(e) => setDataset(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">the scenarios’ own{plan.ok && chosen === null ? ` (${datasets.find((d) => d.id === plan.datasetId)?.label})` : ''}</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label} · {formatCount(d.partnerCount)} partners
              </option>
            ))}
          </select>
        </label>
      )}
      {!plan.ok && (
        <p className="cmp-why" role="status" data-testid="compare-why">
          {plan.message}
        </p>
      )}
    </section>
  );
}

export function SideBySide() {
  const workspace = useStore((s) => s.workspace);
  const ids = useStore((s) => s.comparedIds);
  const chosen = useStore((s) => s.compareDatasetId);
  const comparison = useStore((s) => s.comparison);
  const comparing = useStore((s) => s.comparing);
  const compareError = useStore((s) => s.compareError);
  const setComparedIds = useStore((s) => s.setComparedIds);
  const runCompare = useStore((s) => s.runCompare);

  useEffect(() => {
    if (ids === null && workspace) setComparedIds(defaultSelection(workspace.datasets, workspace.scenarios));
  }, [ids, workspace, setComparedIds]);

  const plan = useMemo(() => planComparison(workspace?.datasets ?? [], workspace?.scenarios ?? [], ids ?? [], chosen), [workspace, ids, chosen]);
  const key = comparisonKey(plan);
  const draft = useStore((s) => s.draft); // an edit of a compared scenario (undo …) compares again
  useEffect(() => {
    if (key !== null) void runCompare();
  }, [key, draft, runCompare]);

  const current = comparison !== null && comparison.key === key;
  const dataset = comparison ? workspace?.datasets.find((d) => d.id === comparison.datasetId) : undefined;
  return (
    <div className="cmp-side">
      <Picker />
      {compareError && (
        <p className="field-error" role="alert">
          {compareError}
        </p>
      )}
      {plan.ok && comparison && (
        <div className={current ? 'cmp-results' : 'cmp-results cmp-stale'} aria-busy={comparing}>
          <p className="muted small" data-testid="compare-status">
            On {dataset?.label ?? 'the dataset'} ({formatCount(comparison.partners)} partners) · {comparing || !current ? 'updating…' : `computed in ${Math.round(comparison.ms)} ms`}
          </p>
          {dataset && <FitWarnings ids={comparison.ids} scenarios={comparison.comparison.scenarios} list={dataset} />}
          {/* what changed between the designs beside the figures it explains, below them when the window is narrow */}
          <div className="cmp-kpi-row">
            <section className="cmp-card" aria-labelledby="kpi-title">
              <h2 id="kpi-title">Key figures</h2>
              <KpiTable comparison={comparison.comparison} scenarios={comparison.scenarios} />
            </section>
            <DesignDiffCard />
          </div>
          <div className="cmp-charts">
            <section className="cmp-card" aria-labelledby="dist-title">
              <h2 id="dist-title">Partners per tier</h2>
              <CompareDistributionChart comparison={comparison.comparison} scenarios={comparison.scenarios} />
            </section>
            <section className="cmp-card" aria-labelledby="res-title">
              <h2 id="res-title">Cost against capacity and budget</h2>
              <ResourcesChart comparison={comparison.comparison} scenarios={comparison.scenarios} />
            </section>
            <section className="cmp-card" aria-labelledby="cov-title">
              <h2 id="cov-title">Conflict-rule coverage</h2>
              <CoverageChart comparison={comparison.comparison} scenarios={comparison.scenarios} />
            </section>
          </div>
          <section className="cmp-card" aria-labelledby="flow-title">
            <h2 id="flow-title">Movement: from today’s tiers to the new ones</h2>
            <div className="cmp-flows">
              {comparison.scenarios.map((s, i) => (
                <FlowChart key={comparison.ids[i]} flows={s.flows} ladders={s.ladders} title={comparison.names[i]!} />
              ))}
            </div>
          </section>
          <DiffGrid />
        </div>
      )}
      {plan.ok && !comparison && !compareError && <p className="muted">Comparing…</p>}
    </div>
  );
}
