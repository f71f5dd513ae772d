import { useEffect, useMemo, useState } from 'react';
import type { ScenarioRecordDto } from '../../../../shared/ipc/contract';
import { describeRequirement, metricLookup, type MetricLookup } from '../../../../shared/model/describe';
import { formatCount, formatMetricValue } from '../../../../shared/model/format';
import type { Scenario } from '../../../../shared/model/scenario';
import { getApi } from '../../api/client';
import { useStore } from '../../stores/store';

function Money({ value }: { value: number | null }) {
  return <>{value === null ? 'not set' : formatMetricValue('currency', value)}</>;
}

function ScenarioDetail({ scenario, lookup, datasetLabel }: { scenario: Scenario; lookup: MetricLookup; datasetLabel: string }) {
  const benefitName = new Map(scenario.benefits.map((b) => [b.id, b.name]));
  const enabled = new Set(scenario.enabledRules);
  const p = scenario.policies;
  return (
    <article className="scenario-detail" aria-label={`Scenario ${scenario.name}`}>
      <header>
        <h2>
          {scenario.name} {scenario.baseline && <span className="chip">baseline</span>}
        </h2>
        <p className="muted">
          Evaluated on {datasetLabel}. {scenario.description}
        </p>
      </header>
      {scenario.ladders.map((ladder) => (
        <section key={ladder.id} className="ladder">
          <h3>
            {ladder.name} <span className="muted small">— {ladder.motion === '*' ? 'every motion without its own ladder' : `motion: ${ladder.motion}`}{ladder.strict ? ' · strict: each tier also needs the ones below' : ''}</span>
          </h3>
          <ol className="tiers" reversed>
            {[...ladder.tiers].reverse().map((tier) => (
              <li key={tier.id}>
                <span className="swatch" style={{ background: tier.color }} aria-hidden="true" />
                <div>
                  <strong>{tier.name}</strong>
                  <span className="requirement">{tier.requirement ? describeRequirement(tier.requirement, lookup) : 'entry tier: no requirements'}</span>
                  {tier.cap && (
                    <span className="muted small">
                      at most {formatCount(tier.cap.count)} partners, the {tier.cap.direction === 'desc' ? 'highest' : 'lowest'} by {lookup(tier.cap.rankBy).label}
                    </span>
                  )}
                  {tier.benefits.length > 0 && <span className="muted small">Benefits: {tier.benefits.map((b) => benefitName.get(b) ?? b).join(', ')}</span>}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
      <dl className="facts">
        <dt>Eligibility gate (every tier above entry)</dt>
        <dd>{scenario.eligibility ? describeRequirement(scenario.eligibility, lookup) : 'none'}</dd>
        <dt>Stays in the program if</dt>
        <dd>{scenario.exitRule ? describeRequirement(scenario.exitRule, lookup) : 'no exit rule'}</dd>
        <dt>Offsetting rules on</dt>
        <dd>{scenario.rules.filter((r) => enabled.has(r.id)).map((r) => r.name).join('; ') || 'none'}</dd>
        <dt>Value metric · capacity · budgets</dt>
        <dd>
          {scenario.assumptions.valueMetric ? lookup(scenario.assumptions.valueMetric).label : 'not set'} ·{' '}
          {scenario.assumptions.capacityHours === null ? 'hours not set' : `${formatCount(scenario.assumptions.capacityHours)} partner-manager hours`} · MDF{' '}
          <Money value={scenario.assumptions.mdfBudget} /> · margin <Money value={scenario.assumptions.marginBudget} />
        </dd>
        <dt>Policies</dt>
        <dd>
          {[
            p.grandfatherQuarters ? `grandfathered for ${p.grandfatherQuarters} quarter${p.grandfatherQuarters === 1 ? '' : 's'}` : 'no grandfathering',
            p.maxDemotionLevels ? `at most ${p.maxDemotionLevels} level${p.maxDemotionLevels === 1 ? '' : 's'} down per cycle` : 'no demotion limit',
            p.warningBandPct !== null ? `warned within ${p.warningBandPct}% below a tier` : 'no warning band',
            p.inflationAlertPct !== null ? `alert above ${p.inflationAlertPct}% in a top tier` : 'no inflation alert',
          ].join(' · ')}
        </dd>
      </dl>
    </article>
  );
}

/** The scenarios stored in the workspace, and the selected one's design in plain sentences. */
export function ScenariosView() {
  const workspace = useStore((s) => s.workspace);
  const scenarios = useMemo(() => workspace?.scenarios ?? [], [workspace]);
  const [selected, setSelected] = useState<number | null>(null);
  const [record, setRecord] = useState<ScenarioRecordDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectedId = selected !== null && scenarios.some((s) => s.id === selected) ? selected : (scenarios[0]?.id ?? null);

  useEffect(() => {
    if (selectedId === null) return;
    let cancelled = false;
    setError(null);
    getApi()
      .call('scenario:get', { id: selectedId })
      .then((r) => !cancelled && setRecord(r))
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [selectedId]);

  const datasets = workspace?.datasets ?? [];
  const datasetOf = (id: number | null) => datasets.find((d) => d.id === id) ?? datasets.at(-1) ?? null;
  const shown = record && record.id === selectedId ? record : null;
  const dataset = shown ? datasetOf(shown.datasetId) : null;
  const lookup = useMemo(
    () => metricLookup([...(dataset?.metrics ?? []), ...(shown?.scenario.derivedMetrics ?? [])]),
    [dataset, shown],
  );

  return (
    <section className="view" aria-labelledby="scenarios-title">
      <header className="view-header">
        <h1 id="scenarios-title">Scenarios</h1>
      </header>
      {scenarios.length === 0 ? (
        <div className="empty">
          <h2>This workspace has no scenarios yet</h2>
          <p className="muted">
            A scenario is one tier design: a ladder of tiers per motion, the requirements to reach each tier, the benefits each tier
            earns, and the rules that keep those benefits in check. Each scenario is evaluated on one dataset.
          </p>
        </div>
      ) : (
        <div className="scenarios-layout">
          <ul className="scenario-list" aria-label="Scenarios">
            {scenarios.map((s) => (
              <li key={s.id}>
                <button type="button" className={s.id === selectedId ? 'active' : ''} aria-current={s.id === selectedId ? 'true' : undefined} onClick={() => setSelected(s.id)}>
                  <span>{s.name}</span>
                  <span className="muted small">
                    {s.isBaseline ? 'baseline · ' : ''}
                    {datasetOf(s.datasetId)?.label ?? 'no dataset'} · changed {s.updatedAt.slice(0, 10)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className="scenario-pane">
            {error && (
              <div className="notice notice-error" role="alert">
                {error}
              </div>
            )}
            {shown ? <ScenarioDetail scenario={shown.scenario} lookup={lookup} datasetLabel={dataset?.label ?? 'no dataset'} /> : !error && <p className="muted">Loading…</p>}
          </div>
        </div>
      )}
    </section>
  );
}
