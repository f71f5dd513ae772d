/**
 * Sensitivity and goal seek (DESIGN D8.3) on the scenario being edited: sweep one threshold
 * over a range and see partners per tier and total cost move; ask for a tier's head count
 * and get the threshold — the exact one and the round values near it, each with the count it
 * gives. Applying a value is one edit of the scenario (Ctrl+Z takes it back). This file is
 * the panel; its parts (the range inputs, the drag, the table, goal seek) are beside it.
 */
import { useEffect, useMemo } from 'react';
import { listThresholds, findThreshold, type ThresholdRef } from '../../../../../shared/engine';
import { datasetCurrency } from '../../../../../shared/model/currency';
import { describeComparison, metricLookup, type MetricLookup } from '../../../../../shared/model/describe';
import { formatCount, formatMetricValue, plural } from '../../../../../shared/model/format';
import { checkRange, MAX_STEPS, MIN_STEPS } from '../../../stores/sweep-range';
import { datasetOfScenario } from '../../../stores/scenario.slice';
import { useStore } from '../../../stores/store';
import { editorMetrics } from '../../../lib/editor-metrics';
import { SweepChart } from '../charts/SweepChart';
import { GoalSeek } from './GoalSeek';
import { ScenarioChooser } from './ScenarioChooser';
import { SweepTable } from './SweepTable';
import { ThresholdDrag } from './ThresholdDrag';
import { ValueInput } from './ValueInput';

const refKey = (ref: ThresholdRef) => `${ref.tierId}\u0000${ref.requirementId}`;

export function ExplorePanel() {
  const workspace = useStore((s) => s.workspace);
  const draft = useStore((s) => s.draft);
  const active = useStore((s) => s.activeScenario);
  const evaluation = useStore((s) => s.evaluation);
  const sweepRef = useStore((s) => s.sweepRef);
  const range = useStore((s) => s.sweepRange);
  const sweep = useStore((s) => s.sweep);
  const sweeping = useStore((s) => s.sweeping);
  const sweepError = useStore((s) => s.sweepError);
  const setSweepRef = useStore((s) => s.setSweepRef);
  const setSweepRange = useStore((s) => s.setSweepRange);
  const runSweep = useStore((s) => s.runSweep);
  const apply = useStore((s) => s.applyThreshold);
  const undo = useStore((s) => s.undoEdit);
  const openScenario = useStore((s) => s.openScenario);
  const drag = useStore((s) => s.drag);

  // explore the scenario being edited; with none open, the baseline (or the first)
  useEffect(() => {
    if (active || !workspace?.scenarios.length) return;
    const first = workspace.scenarios.find((s) => s.isBaseline) ?? workspace.scenarios[0]!;
    void openScenario(first.id);
  }, [active, workspace, openScenario]);

  const dataset = datasetOfScenario(workspace?.datasets ?? [], active?.datasetId ?? null);
  const lookup: MetricLookup = useMemo(() => metricLookup(editorMetrics(dataset?.metrics ?? [], draft)), [dataset, draft]);
  // total cost is in the list's currency (shared/model/currency)
  const currency = datasetCurrency(dataset?.metrics ?? []);
  const thresholds = useMemo(() => (draft ? listThresholds(draft) : []), [draft]);

  // a threshold that left the scenario (deleted tier, undo) is let go; the first is picked by default
  useEffect(() => {
    if (!draft) return;
    if (sweepRef && findThreshold(draft, sweepRef).ok) return;
    setSweepRef(thresholds[0]?.ref ?? null);
  }, [draft, sweepRef, thresholds, setSweepRef]);

  // every change of the range or of the rest of the scenario re-sweeps (the engine worker does the work)
  useEffect(() => {
    if (!range || checkRange(range) !== null) return;
    const timer = setTimeout(() => void runSweep(), 250);
    return () => clearTimeout(timer);
  }, [draft, sweepRef, range, runSweep]);

  if (!workspace) return null;
  if (workspace.datasets.length === 0) return <p className="cmp-why">Import a partner list first: a threshold is explored on real partners.</p>;
  if (!draft || !active) {
    return (
      <div className="cmp-side">
        <ScenarioChooser />
        <p className="muted">{workspace.scenarios.length ? 'Opening the scenario…' : 'Create a scenario in Scenarios first; its thresholds are what you explore here.'}</p>
      </div>
    );
  }

  const found = sweepRef ? findThreshold(draft, sweepRef) : null;
  const info = found?.ok ? found.value : null;
  const metric = info ? lookup(info.metric) : null;
  const ladder = info ? draft.ladders[info.ladderIndex] : undefined;
  const tierNow = info && evaluation ? evaluation.summary.distribution.find((d) => d.motion === '*' && d.tierId === sweepRef?.tierId && d.ladderId === ladder?.id) : undefined;
  const ladderInfo = evaluation?.summary.ladders.find((l) => l.id === ladder?.id) ?? null;
  // the partners of the motions the threshold's ladder tiers (untiered ones included), for goal seek's example target
  const ladderPartners = evaluation && ladder ? evaluation.summary.distribution.filter((d) => d.motion !== '*' && d.ladderId === ladder.id).reduce((sum, d) => sum + d.count, 0) : null;
  const rangeError = range ? checkRange(range) : null;

  return (
    <div className="cmp-side">
      <section className="cmp-card cmp-explore-head" aria-label="What to explore">
        <ScenarioChooser />
        <span className="muted small">on {dataset?.label}</span>
        {thresholds.length === 0 ? (
          <p className="cmp-why">
            “{draft.name}” has no threshold to explore: no tier has a requirement like “Sourced ARR ≥ $250,000”. Add one in Scenarios › Ladders.
          </p>
        ) : (
          <label className="inline-field">
            <span>Threshold</span>
            <select
              aria-label="Threshold"
              value={sweepRef ? refKey(sweepRef) : ''}
              onChange={(e) => setSweepRef(thresholds.find((t) => refKey(t.ref) === e.target.value)?.ref ?? null)}
            >
              {thresholds.map((t) => (
                <option key={refKey(t.ref)} value={refKey(t.ref)}>
                  {t.info.tierName}: {describeComparison({ type: 'compare', id: t.ref.requirementId, metric: t.info.metric, op: t.info.op, value: t.info.value }, lookup)}
                </option>
              ))}
            </select>
          </label>
        )}
        {info && tierNow && (
          <p className="cmp-now" data-testid="explore-now">
            Now: {info.tierName} holds <strong data-testid="explore-now-count">{formatCount(tierNow.count)}</strong> {plural(tierNow.count, 'partner')} at{' '}
            <strong data-testid="explore-now-value">{formatMetricValue(metric!.kind, info.value, metric!.unit)}</strong>.
          </p>
        )}
        {/* a baseline keeps today's tiers (DESIGN D6.3): its sweep is flat, and says why */}
        {draft.baseline && thresholds.length > 0 && (
          <p className="cmp-why" role="note" data-testid="explore-baseline">
            “{draft.name}” is the baseline: its partners keep the tiers they have today, so moving one of its thresholds moves no
            partner and the lines below stay flat. Explore a redesign, or unmark the baseline in Scenarios.
          </p>
        )}
      </section>

      {info && metric && range && ladder && (
        <div className="cmp-explore">
          <section className="cmp-card" aria-labelledby="sweep-title">
            <h2 id="sweep-title">Sensitivity</h2>
            <div className="row cmp-range">
              <label className="inline-field">
                <span>From</span>
                <ValueInput label="Sweep from" kind={metric.kind} unit={metric.unit} value={range.from} onValue={(from) => setSweepRange({ ...range, from })} />
              </label>
              <label className="inline-field">
                <span>to</span>
                <ValueInput label="Sweep to" kind={metric.kind} unit={metric.unit} value={range.to} onValue={(to) => setSweepRange({ ...range, to })} />
              </label>
              <label className="inline-field">
                <span>in</span>
                <input
                  aria-label="Steps"
                  type="number"
                  min={MIN_STEPS}
                  max={MAX_STEPS}
                  value={range.steps}
                  onChange={(e) => setSweepRange({ ...range, steps: Number(e.target.value) })}
                  className="cmp-steps"
                />
                <span>steps</span>
              </label>
              {sweeping && <span className="muted small">sweeping…</span>}
              {sweep && !sweeping && <span className="muted small">{sweep.points.length} evaluations in {Math.round(sweep.ms)} ms</span>}
            </div>
            {!rangeError && <ThresholdDrag thresholdRef={sweepRef!} range={range} kind={metric.kind} unit={metric.unit} currency={currency} current={info.value} />}
            {rangeError && <p className="field-error">{rangeError}</p>}
            {sweepError && (
              <p className="field-error" role="alert">
                {sweepError}
              </p>
            )}
            {sweep && ladderInfo && (
              <>
                <SweepChart
                  sweep={sweep}
                  ladder={ladderInfo}
                  metricKind={metric.kind}
                  metricUnit={metric.unit}
                  currency={currency}
                  current={info.value}
                  dragged={drag && drag.ref === sweepRef ? drag.value : null}
                  onPick={(v) => apply(sweepRef!, v)}
                />
                <p className="muted small">Click a point (or a row’s Apply) to set the threshold there; Ctrl+Z or Undo takes it back.</p>
                <SweepTable
                  tierId={sweepRef!.tierId}
                  sweep={sweep}
                  kind={metric.kind}
                  unit={metric.unit}
                  currency={currency}
                  current={info.value}
                  onApply={(v) => apply(sweepRef!, v)}
                  onUndo={undo}
                />
              </>
            )}
          </section>
          <GoalSeek key={refKey(sweepRef!)} tierName={info.tierName} kind={metric.kind} unit={metric.unit} nowCount={tierNow?.count ?? null} ladderPartners={ladderPartners} />
        </div>
      )}
    </div>
  );
}
