/**
 * Cycle replay (SPEC S7): one scenario run over the workspace's datasets in date order,
 * each partner carrying its tier, warnings and grace from one cycle to the next — so
 * tier inflation and churn show before rollout.
 */
import { useEffect } from 'react';
import { formatCount, formatMetricValue } from '../../../../shared/model/format';
import { useStore } from '../../stores/store';
import { ReplayCharts } from './charts/ReplayCharts';

/** The replay table's number columns, in order. */
const REPLAY_COLUMNS = ['Partners', 'Top-tier share', 'Promoted', 'Demoted', 'Warned', 'Grandfathered', 'Still in grace', 'Exit candidates'];

export function ReplayPanel() {
  const workspace = useStore((s) => s.workspace);
  const scenarioId = useStore((s) => s.replayScenarioId);
  const setScenario = useStore((s) => s.setReplayScenario);
  const replay = useStore((s) => s.replay);
  const replaying = useStore((s) => s.replaying);
  const replayError = useStore((s) => s.replayError);
  const runReplay = useStore((s) => s.runReplay);
  const active = useStore((s) => s.activeScenario);

  const scenarios = workspace?.scenarios ?? [];
  const datasets = workspace?.datasets ?? [];
  useEffect(() => {
    if (scenarioId !== null && scenarios.some((s) => s.id === scenarioId)) return;
    const first = (active && scenarios.find((s) => s.id === active.id)) ?? scenarios.find((s) => s.isBaseline) ?? scenarios[0];
    if (first) setScenario(first.id);
  }, [scenarioId, scenarios, active, setScenario]);

  const summary = scenarios.find((s) => s.id === scenarioId);
  const updatedAt = summary?.updatedAt;
  useEffect(() => {
    if (scenarioId !== null && datasets.length >= 2) void runReplay();
  }, [scenarioId, updatedAt, datasets, runReplay]);


  if (!workspace) return null;
  if (datasets.length < 2) {
    return (
      <div className="cmp-side">
        <p className="cmp-why" data-testid="replay-why">
          Cycle replay runs a scenario through several partner lists in date order (FY2024 → FY2025 → FY2026). This workspace has{' '}
          {datasets.length === 0 ? 'no partner list' : `one (${datasets[0]!.label})`}: import another year’s data to replay.
        </p>
      </div>
    );
  }
  if (scenarios.length === 0) return <p className="cmp-why">Create a scenario in Scenarios first.</p>;

  const shown = replay && replay.scenarioId === scenarioId ? replay : null;
  const cycles = shown?.cycles ?? null;
  return (
    <div className="cmp-side">
      <section className="cmp-card cmp-explore-head" aria-label="What to replay">
        <label className="inline-field">
          <span>Scenario</span>
          <select aria-label="Scenario to replay" value={scenarioId ?? ''} onChange={(e) => setScenario(Number(e.target.value))}>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          over {datasets.map((d) => d.label).join(' → ')} {replaying && '· replaying…'}
        </span>
      </section>
      {replayError && (
        <p className="field-error" role="alert">
          {replayError}
        </p>
      )}
      {cycles && (
        <>
          <section className="cmp-card" aria-labelledby="replay-title">
            <h2 id="replay-title">Cycle by cycle</h2>
            <ReplayCharts cycles={cycles} ladders={shown!.ladders} />
          </section>
          <section className="cmp-card" aria-labelledby="replay-table-title">
            <h2 id="replay-table-title">The numbers</h2>
            <table className="cmp-table" data-testid="replay-table">
              <thead>
                <tr>
                  <th scope="col">Cycle</th>
                  {REPLAY_COLUMNS.map((label) => (
                    <th key={label} scope="col" className="cmp-num">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {cycles.map((c) => (
                  <tr key={c.label}>
                    <th scope="row">
                      {c.label}
                      {c.asOf && <span className="muted small"> · {c.asOf}</span>}
                    </th>
                    <td className="cmp-num">{formatCount(c.partners)}</td>
                    <td className="cmp-num">{formatMetricValue('percent', c.topTierShare)}</td>
                    <td className="cmp-num">{formatCount(c.promoted)}</td>
                    <td className="cmp-num">{formatCount(c.demoted)}</td>
                    <td className="cmp-num">{formatCount(c.warned)}</td>
                    <td className="cmp-num">{formatCount(c.grandfathered)}</td>
                    <td className="cmp-num">{formatCount(c.inGrace)}</td>
                    <td className="cmp-num">{formatCount(c.exitCandidates)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
