/**
 * Cycle replay (DESIGN D8.4): one scenario run over the partner lists the user picks, in the
 * order shown — by default the lists that share the metrics the scenario reads from its own
 * list, in date order (docs/ENGINE.md) — each partner carrying its tier, warnings and grace
 * from one cycle to the next, so tier inflation and churn show before rollout. A list whose
 * partner IDs barely overlap the cycle before it is flagged before it is added.
 */
import { useEffect, useRef, useState } from 'react';
import { otherIdSpace, idSpaceWarning } from '../../../../shared/engine';
import { formatCount, formatMetricValue } from '../../../../shared/model/format';
import type { MetricDef } from '../../../../shared/model/workspace';
import { currentReplayPlan, overlapKey, type ReplayPlan, type ReplayRow } from '../../stores/replay-plan';
import { useStore } from '../../stores/store';
import { ReplayCharts } from './charts/ReplayCharts';

/** The replay table's number columns, in order. */
/** The downgrades of a cycle and how the policies split them (warned + limited + grandfathered + demoted = moved down). */
const REPLAY_COLUMNS = ['Partners', 'Top-tier share', 'Promoted', 'Moved down', 'Warned', 'Limited', 'Grandfathered', 'Demoted', 'Still in grace', 'Exit candidates'];

/** "A", "A and B", "A, B and C". */
function listOf(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "Sourced ARR, Active sellers and 12 more". */
function metricNames(metrics: readonly MetricDef[], shown = 2): string {
  const names = metrics.slice(0, shown).map((m) => m.label);
  return metrics.length > shown ? `${names.join(', ')} and ${metrics.length - shown} more` : listOf(names);
}

/** What makes the default, said in one or two sentences. */
function ruleSentence(plan: ReplayPlan, scenarioName: string): string {
  const ref = plan.reference?.label ?? 'its list';
  const count = plan.read.length;
  if (count === 0) return `${scenarioName} reads no metric of ${ref}, so every list shares its metrics.`;
  const sharing = plan.rows.filter((r) => r.missing.length === 0).length;
  const which = `the ${count === 1 ? 'one' : formatCount(count)} that ${scenarioName} reads`;
  const head = `${sharing === plan.rows.length ? `All ${sharing}` : formatCount(sharing)} list${sharing === 1 ? '' : 's'} share${sharing === 1 ? 's' : ''} ${ref}’s metrics (${which})`;
  const others = plan.rows.filter((r) => r.missing.length > 0).map((r) => r.list.label);
  if (plan.picked) return `${head}. The ticked lists are the cycles, top to bottom.`;
  if (others.length === 0) return `${head}: they are the cycles, in date order.`;
  const one = others.length === 1;
  return `${head}: they are the cycles, in date order. ${listOf(others)} ${one ? 'has' : 'have'} other metrics and ${one ? 'is' : 'are'} left out — tick ${one ? 'it' : 'one'} to add it.`;
}

function ListRow({ row, index, last, cycle, scenarioName, overlapText, onFocusMove }: {
  row: ReplayRow;
  index: number;
  last: boolean;
  /** 1-based cycle number when ticked */
  cycle: number | null;
  scenarioName: string;
  overlapText: string | null;
  onFocusMove(id: number, by: -1 | 1): void;
}) {
  const pick = useStore((s) => s.pickReplayList);
  const move = useStore((s) => s.moveReplayList);
  const { list } = row;
  const notesId = `replay-list-notes-${list.id}`;
  const hasNotes = row.missing.length > 0 || overlapText !== null;
  const go = (by: -1 | 1) => {
    move(list.id, by);
    onFocusMove(list.id, by);
  };
  return (
    <li className={row.chosen ? 'cmp-cycle on' : 'cmp-cycle'} data-testid={`replay-list-${list.id}`}>
      <label className="cmp-cycle-pick">
        <input type="checkbox" checked={row.chosen} onChange={(e) => pick(list.id, e.target.checked)} aria-describedby={hasNotes ? notesId : undefined} />
        <span className="cmp-cycle-no" aria-hidden="true">
          {cycle ?? '–'}
        </span>
        <span className="cmp-name">{list.label}</span>
        <span className="muted small">
          {list.asOf ? `, as of ${list.asOf}` : ', no as-of date'}, {formatCount(list.partnerCount)} partners
        </span>
      </label>
      <span className="cmp-cycle-moves">
        <button type="button" className="small" aria-label={`Move ${list.label} up`} title="Move up" data-move={`${list.id}:-1`} disabled={index === 0} onClick={() => go(-1)}>
          ↑
        </button>
        <button type="button" className="small" aria-label={`Move ${list.label} down`} title="Move down" data-move={`${list.id}:1`} disabled={last} onClick={() => go(1)}>
          ↓
        </button>
      </span>
      {hasNotes && (
        <span className="cmp-cycle-notes" id={notesId}>
          {row.missing.length > 0 && (
            <span className={row.chosen ? 'cmp-cycle-warn' : 'muted'} data-testid={`replay-metrics-${list.id}`}>
              Other metrics: lacks {metricNames(row.missing)} that {scenarioName} reads{row.chosen ? ' — requirements on them are not met here' : ''}.
            </span>
          )}
          {overlapText !== null && (
            <span className="cmp-cycle-warn" data-testid={`replay-ids-${list.id}`}>
              <span aria-hidden="true">⚠ </span>Other partner IDs: {overlapText}.
            </span>
          )}
        </span>
      )}
    </li>
  );
}

/** The lists replay may run over: tick them, order them, and see which would not fit. */
function ListPicker({ plan, scenarioName }: { plan: ReplayPlan; scenarioName: string }) {
  const workspace = useStore((s) => s.workspace);
  const overlaps = useStore((s) => s.replayOverlaps);
  const reset = useStore((s) => s.resetReplayLists);
  const listRef = useRef<HTMLOListElement>(null);
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: number; by: -1 | 1 } | null>(null);

  // a moved row keeps the focus on its button (or the other one, at the end of the list)
  useEffect(() => {
    if (!focusAfterMove || !listRef.current) return;
    const button = (by: number) => listRef.current!.querySelector<HTMLButtonElement>(`[data-move="${focusAfterMove.id}:${by}"]`);
    const same = button(focusAfterMove.by);
    (same && !same.disabled ? same : button(-focusAfterMove.by))?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove, plan]);

  let cycle = 0;
  return (
    <section className="cmp-card" aria-labelledby="replay-lists-title">
      <div className="cmp-card-head">
        <h2 id="replay-lists-title">Cycles</h2>
        {plan.picked && (
          <button type="button" className="small" onClick={reset}>
            Back to the default
          </button>
        )}
      </div>
      <p className="muted small cmp-cycle-rule" data-testid="replay-rule">
        {ruleSentence(plan, scenarioName)}
      </p>
      <ol className="cmp-cycles" ref={listRef} aria-label="Partner lists to replay over, in order" data-testid="replay-lists">
        {plan.rows.map((row, i) => {
          const overlap = row.neighbour ? overlaps[overlapKey(workspace, row.list.id, row.neighbour.id)] : undefined;
          const text = overlap && row.neighbour && otherIdSpace(overlap) ? idSpaceWarning(overlap, row.neighbour.label, row.neighbourFollows) : null;
          return (
            <ListRow
              key={row.list.id}
              row={row}
              index={i}
              last={i === plan.rows.length - 1}
              cycle={row.chosen ? ++cycle : null}
              scenarioName={scenarioName}
              overlapText={text}
              onFocusMove={(id, by) => setFocusAfterMove({ id, by })}
            />
          );
        })}
      </ol>
      {plan.chosen.length < 2 ? (
        <p className="cmp-why" role="status" data-testid="replay-why">
          {plan.chosen.length === 0 ? 'No list is ticked.' : `Only ${plan.chosen[0]!.label} is ticked.`} Tick at least two lists to replay: each cycle starts
          from where the one before left every partner.
        </p>
      ) : (
        <p className="small" data-testid="replay-order">
          Replays over {plan.chosen.map((d) => d.label).join(' → ')}.
        </p>
      )}
    </section>
  );
}

export function ReplayPanel() {
  const workspace = useStore((s) => s.workspace);
  const scenarioId = useStore((s) => s.replayScenarioId);
  const setScenario = useStore((s) => s.setReplayScenario);
  const replay = useStore((s) => s.replay);
  const replaying = useStore((s) => s.replaying);
  const replayError = useStore((s) => s.replayError);
  const runReplay = useStore((s) => s.runReplay);
  const active = useStore((s) => s.activeScenario);
  const pick = useStore((s) => s.replayPick);
  const reads = useStore((s) => s.replayReads);

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
  }, [scenarioId, updatedAt, datasets, pick, runReplay]);

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

  const plan = currentReplayPlan({ workspace, replayScenarioId: scenarioId, replayReads: reads, replayPick: pick });
  const chosenIds = plan?.chosen.map((d) => d.id).join(',');
  const shown = replay && replay.scenarioId === scenarioId && plan && plan.chosen.length >= 2 ? replay : null;
  const current = shown !== null && shown.datasets.map((d) => d.id).join(',') === chosenIds;
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
        <span className="muted small">{replaying ? 'replaying…' : ''}</span>
      </section>
      {replayError && (
        <p className="field-error" role="alert">
          {replayError}
        </p>
      )}
      {plan ? <ListPicker plan={plan} scenarioName={summary?.name ?? 'The scenario'} /> : !replayError && <p className="muted">Reading the scenario…</p>}
      {cycles && (
        <div className={current ? 'cmp-results' : 'cmp-results cmp-stale'} aria-busy={replaying}>
          <section className="cmp-card" aria-labelledby="replay-title">
            <h2 id="replay-title">Cycle by cycle</h2>
            <p className="muted small" data-testid="replay-over">
              {summary?.name} over {shown!.datasets.map((d) => d.label).join(' → ')}
              {current ? '' : ' · updating…'}
            </p>
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
                {cycles.map((c, i) => (
                  <tr key={`${i}:${c.label}`}>
                    <th scope="row">
                      {c.label}
                      {c.asOf && <span className="muted small"> · {c.asOf}</span>}
                    </th>
                    <td className="cmp-num">{formatCount(c.partners)}</td>
                    <td className="cmp-num">{formatMetricValue('percent', c.topTierShare)}</td>
                    <td className="cmp-num">{formatCount(c.promoted)}</td>
                    <td className="cmp-num">{formatCount(c.downgrades)}</td>
                    <td className="cmp-num">{formatCount(c.warned)}</td>
                    <td className="cmp-num">{formatCount(c.limited)}</td>
                    <td className="cmp-num">{formatCount(c.grandfathered)}</td>
                    <td className="cmp-num">{formatCount(c.demoted)}</td>
                    <td className="cmp-num">{formatCount(c.inGrace)}</td>
                    <td className="cmp-num">{formatCount(c.exitCandidates)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </div>
  );
}
