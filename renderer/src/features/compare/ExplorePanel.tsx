/**
 * Sensitivity and goal seek (DESIGN D8.3) on the scenario being edited: sweep one threshold
 * over a range and see partners per tier and total cost move; ask for a tier's head count
 * and get the threshold — the exact one and the round values near it, each with the count it
 * gives. Applying a value is one edit of the scenario (Ctrl+Z takes it back).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { listThresholds, findThreshold, type ThresholdRef } from '../../../../shared/engine';
import { currencyCode, currencySymbol, datasetCurrency, DEFAULT_CURRENCY } from '../../../../shared/model/currency';
import { describeComparison, metricLookup, type MetricLookup } from '../../../../shared/model/describe';
import { countOf, formatCount, formatDelta, formatMetricValue, formatMoney, plural } from '../../../../shared/model/format';
import type { MetricKind } from '../../../../shared/model/workspace';
import { checkRange, dragStep, MAX_STEPS, MIN_STEPS, snapToStep, type SweepRange } from '../../stores/explore.slice';
import { datasetOfScenario } from '../../stores/scenario.slice';
import { useStore } from '../../stores/store';
import { editorMetrics } from '../../lib/editor-metrics';
import { formatThreshold, parseThreshold } from '../../lib/requirement-edit';
import { useLocalText } from '../../components/numeric-field';
import { SweepChart } from './charts/SweepChart';

const refKey = (ref: ThresholdRef) => `${ref.tierId}\u0000${ref.requirementId}`;

/** A threshold value typed in the metric's terms (80 for 80 %, $50K, €1.5M in its `unit`'s currency …); reports only valid values. */
function ValueInput({ label, kind, unit, value, onValue }: { label: string; kind: MetricKind; unit: string | null; value: number; onValue: (v: number) => void }) {
  const currency = currencyCode(unit) ?? DEFAULT_CURRENCY;
  const [text, setText] = useLocalText(
    value,
    (v) => formatThreshold(kind, v),
    (t, v) => {
      const r = parseThreshold(kind, t, currency);
      return r.ok && r.value === v;
    },
  );
  const parsed = parseThreshold(kind, text, currency);
  const errorId = useId();
  return (
    <span className="cmp-field">
      <input
        aria-label={label}
        className={parsed.ok ? '' : 'invalid'}
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? undefined : errorId}
        value={text}
        inputMode="decimal"
        onChange={(e) => {
          setText(e.target.value);
          const r = parseThreshold(kind, e.target.value, currency);
          if (r.ok) onValue(r.value);
        }}
      />
      {kind === 'percent' && <span className="muted">%</span>}
      {kind === 'currency' && <span className="muted">{currencySymbol(currency)}</span>}
      {!parsed.ok && (
        <span id={errorId} className="field-error">
          {parsed.error}
        </span>
      )}
    </span>
  );
}

function ScenarioChooser() {
  const scenarios = useStore((s) => s.workspace?.scenarios ?? []);
  const active = useStore((s) => s.activeScenario);
  const open = useStore((s) => s.openScenario);
  return (
    <label className="inline-field">
      <span>Scenario</span>
      <select aria-label="Scenario to explore" value={active?.id ?? ''} onChange={(e) => void open(Number(e.target.value))}>
        {active === null && <option value="">Choose a scenario…</option>}
        {scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.isBaseline ? ' (baseline)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

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

/**
 * A slider over the sweep's range: dragging it previews each value in the engine worker
 * (partners per tier of the ladder and total cost, against the value it started from), and
 * letting go sets the threshold there, one edit Ctrl+Z takes back. Escape drops the drag.
 */
function ThresholdDrag({
  thresholdRef,
  range,
  kind,
  unit,
  currency,
  current,
}: {
  thresholdRef: ThresholdRef;
  range: SweepRange;
  kind: MetricKind;
  unit: string | null;
  /** the total cost's (the list's) */
  currency: string;
  current: number;
}) {
  const drag = useStore((s) => s.drag);
  const dragThreshold = useStore((s) => s.dragThreshold);
  const endDrag = useStore((s) => s.endDrag);
  const input = useRef<HTMLInputElement>(null);
  const outputId = useId();
  const low = Math.min(range.from, range.to);
  const high = Math.max(range.from, range.to);
  const step = dragStep(range);
  const mine = drag && drag.ref === thresholdRef ? drag : null;
  // the slider sits at the range's end for a threshold outside it (goal seek may put it there); the label says the truth
  const shown = mine ? mine.value : current;
  const value = Math.min(high, Math.max(low, shown));
  const outside = !mine && (current < low || current > high);

  // the browser's change event fires where a pointer lets go (and on each key step): keep the value there
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const keep = () => endDrag(true);
    element.addEventListener('change', keep);
    return () => element.removeEventListener('change', keep);
  }, [endDrag]);
  // a drag left behind (another threshold, another tab) is dropped
  useEffect(() => () => endDrag(false), [thresholdRef, endDrag]);

  const text = (v: number) => formatMetricValue(kind, v, unit);
  return (
    <div className="cmp-drag">
      <label className="inline-field cmp-drag-field">
        <span>Drag the threshold</span>
        <input
          ref={input}
          type="range"
          aria-label="Drag the threshold"
          aria-describedby={outputId}
          aria-valuetext={outside ? `${text(shown)}, outside the range` : text(value)}
          min={low}
          max={high}
          step={step}
          value={value}
          onChange={(e) => dragThreshold(thresholdRef, snapToStep(Number(e.target.value), step))}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && mine) {
              e.preventDefault();
              endDrag(false);
            }
          }}
        />
        <strong className="cmp-drag-value" data-testid="drag-value">
          {text(shown)}
        </strong>
        {outside && <span className="muted small">outside the range</span>}
      </label>
      <output id={outputId} className="cmp-drag-out" data-testid="drag-outcome" aria-live="polite">
        {mine?.error ? (
          <span className="field-error">{mine.error}</span>
        ) : mine?.point && mine.base ? (
          <>
            At <strong>{text(mine.point.value)}</strong> (now {text(mine.from)}):{' '}
            {mine.point.tiers.map((t, i) => {
              const delta = t.count - (mine.base!.tiers[i]?.count ?? 0);
              return (
                <span key={t.tierId ?? 'untiered'} className="cmp-drag-tier" data-tier={t.tierId ?? 'untiered'}>
                  {t.tier ?? 'Untiered'} <strong>{formatCount(t.count)}</strong>
                  {delta !== 0 && <span className={delta > 0 ? 'cmp-up' : 'cmp-down'}> ({formatDelta('count', delta)})</span>}
                </span>
              );
            })}
            <span className="cmp-drag-tier">
              total cost <strong>{formatMoney(mine.point.cost, currency)}</strong>
              {mine.point.cost !== mine.base.cost && <span> ({formatDelta('currency', mine.point.cost - mine.base.cost, currency)})</span>}
            </span>
            {mine.ms !== null && (
              <span className="muted small cmp-drag-tier" data-testid="drag-ms" data-ms={mine.ms}>
                {Math.round(mine.ms)} ms in the engine
              </span>
            )}
          </>
        ) : mine ? (
          <span className="muted">Computing {text(mine.value)}…</span>
        ) : (
          <span className="muted">Drag to see partners per tier and cost at any value; it is set where you let go (Esc cancels).</span>
        )}
      </output>
    </div>
  );
}

function SweepTable({
  tierId,
  sweep,
  kind,
  unit,
  currency,
  current,
  onApply,
  onUndo,
}: {
  /** the tier whose threshold is swept */
  tierId: string;
  sweep: NonNullable<ReturnType<typeof useStore.getState>['sweep']>;
  kind: MetricKind;
  unit: string | null;
  /** the cost's (the list's) */
  currency: string;
  current: number;
  onApply: (value: number) => void;
  onUndo: () => void;
}) {
  const tiers = sweep.points[0]?.tiers ?? [];
  return (
    <details className="cmp-sweep-table">
      <summary>The numbers behind the chart</summary>
      <div className="row">
        <button type="button" onClick={onUndo}>
          Undo
        </button>
      </div>
      <table className="cmp-table" data-testid="sweep-table" data-threshold-tier={tierId}>
        <thead>
          <tr>
            <th scope="col">Threshold</th>
            {tiers.map((t) => (
              <th key={t.tierId ?? 'untiered'} scope="col" className="cmp-num">
                {t.tier ?? 'Untiered'}
              </th>
            ))}
            <th scope="col" className="cmp-num">
              Cost
            </th>
            <th scope="col">
              <span className="cmp-sr">Apply</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sweep.points.map((p, i) => (
            <tr key={i} className={p.value === current ? 'cmp-current' : undefined} data-testid={`sweep-row-${i}`} data-value={p.value}>
              <th scope="row">{formatMetricValue(kind, p.value, unit)}</th>
              {p.tiers.map((t) => (
                <td key={t.tierId ?? 'untiered'} className="cmp-num" data-tier={t.tierId ?? 'untiered'}>
                  {formatCount(t.count)}
                </td>
              ))}
              <td className="cmp-num">{formatMoney(p.cost, currency)}</td>
              <td>
                <button type="button" className="link" onClick={() => onApply(p.value)} disabled={p.value === current}>
                  Apply<span className="cmp-sr"> {formatMetricValue(kind, p.value, unit)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A goal that fits the ladder: about a tenth of its partners (13 on a 127-partner list), at least 1. */
function goalExample(ladderPartners: number | null): number {
  return ladderPartners === null || ladderPartners <= 0 ? 10 : Math.max(1, Math.round(ladderPartners / 10));
}

const partnersText = (n: number) => countOf(n, 'partner');

function GoalSeek({ tierName, kind, unit, nowCount, ladderPartners }: { tierName: string; kind: MetricKind; unit: string | null; nowCount: number | null; ladderPartners: number | null }) {
  const sweepRef = useStore((s) => s.sweepRef);
  const goal = useStore((s) => s.goal);
  const seeking = useStore((s) => s.seeking);
  const goalError = useStore((s) => s.goalError);
  const run = useStore((s) => s.runGoalSeek);
  const clearGoal = useStore((s) => s.clearGoal);
  const apply = useStore((s) => s.applyThreshold);
  const draft = useStore((s) => s.draft);
  const [mode, setMode] = useState<'count' | 'share'>('count');
  const [text, setText] = useState('');
  const number = Number(text.trim().replace(/,/g, '').replace(/%$/, ''));
  const valid = text.trim() !== '' && Number.isFinite(number) && number >= 0 && (mode === 'count' ? Number.isInteger(number) : number <= 100);
  const example = mode === 'count' ? formatCount(goalExample(ladderPartners)) : '10';
  const applied = goal && sweepRef && draft ? findThreshold(draft, goal.ref) : null;
  // the threshold the draft has now, when it is one this answer offered
  const appliedValue = applied?.ok === true && goal && (applied.value.value === goal.value || goal.offers.some((o) => o.value === applied.value.value)) ? applied.value.value : null;
  const shown = (v: number) => formatMetricValue(kind, v, unit);
  // a new target (or one that does not read) makes the last answer stale: it goes
  const changeTarget = (next: string) => {
    setText(next);
    clearGoal();
  };
  return (
    <section className="cmp-card" aria-labelledby="goal-title">
      <h2 id="goal-title">Goal seek</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && sweepRef) void run(sweepRef, mode === 'count' ? { count: number } : { share: number / 100 });
        }}
      >
        <span>Put</span>
        <input aria-label="Goal" className={`cmp-goal${text && !valid ? ' invalid' : ''}`} value={text} onChange={(e) => changeTarget(e.target.value)} inputMode="decimal" placeholder={example} />
        <select
          aria-label="Goal unit"
          value={mode}
          onChange={(e) => {
            setMode(e.target.value as 'count' | 'share');
            clearGoal();
          }}
        >
          <option value="count">partners</option>
          <option value="share">% of the ladder’s partners</option>
        </select>
        <span>in {tierName}</span>
        <button type="submit" className="primary" disabled={!valid || seeking}>
          {seeking ? 'Seeking…' : 'Find the threshold'}
        </button>
      </form>
      {text && !valid && (
        <p className="field-error" data-testid="goal-invalid">
          {mode === 'count'
            ? `Type a whole number of partners, e.g. ${example}${ladderPartners !== null ? ` (the ladder has ${formatCount(ladderPartners)})` : ''}.`
            : `Type a percentage from 0 to 100, e.g. ${example}.`}
        </p>
      )}
      {goalError && (
        <p className="field-error" role="alert">
          {goalError}
        </p>
      )}
      {goal && (
        <div className={goal.exact ? 'cmp-goal-result' : 'cmp-goal-result cmp-near'} data-testid="goal-result" data-value={goal.value} data-achieved={goal.achieved}>
          <p>{goal.explanation}</p>
          <p className="muted small">
            {goal.evaluations} evaluations over {partnersText(goal.ladderPartners)} on this ladder.
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => apply(goal.ref, goal.value)} disabled={appliedValue === goal.value} data-testid="goal-apply">
              {appliedValue === goal.value ? 'Applied' : `Apply ${shown(goal.value)}`}
            </button>
            <span className="muted small">the exact threshold: {partnersText(goal.achieved)}</span>
          </div>
          {goal.offers.length > 0 && (
            <table className="cmp-table cmp-goal-offers" data-testid="goal-offers">
              <caption style={{ textAlign: 'left' }}>Or a round value, as a program would publish it:</caption>
              <thead>
                <tr>
                  <th scope="col">Threshold</th>
                  <th scope="col" className="cmp-num" title={`Partners in ${tierName} at this threshold`}>
                    Partners
                  </th>
                  <th scope="col" className="cmp-num" title="Partners more (+) or fewer (−) than the target">
                    vs target
                  </th>
                  <th scope="col">
                    <span className="cmp-sr">Apply</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {goal.offers.map((offer) => {
                  const off = offer.count - goal.target;
                  const on = appliedValue === offer.value;
                  return (
                    <tr key={offer.value} className={on ? 'cmp-current' : undefined} data-testid="goal-offer" data-value={offer.value} data-count={offer.count}>
                      <th scope="row">{shown(offer.value)}</th>
                      <td className="cmp-num">{formatCount(offer.count)}</td>
                      <td className="cmp-num">{formatDelta('count', off)}</td>
                      <td>
                        <button type="button" className="link" onClick={() => apply(goal.ref, offer.value)} disabled={on}>
                          {on ? 'Applied' : 'Apply'}
                          <span className="cmp-sr"> {shown(offer.value)}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {appliedValue !== null && nowCount !== null && (
            <p data-testid="goal-applied">
              {tierName} now holds {partnersText(nowCount)} at {shown(appliedValue)}. Ctrl+Z takes it back.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
