/**
 * Goal seek (DESIGN D8.3): a tier's head count (or share of its ladder's partners) in, the
 * threshold that gives it out — the exact one and the round values near it, each with the
 * count it gives — and each applied as one edit of the scenario (Ctrl+Z takes it back).
 */
import { useState } from 'react';
import { findThreshold } from '../../../../../shared/engine';
import { countOf, formatCount, formatDelta, formatMetricValue } from '../../../../../shared/model/format';
import type { MetricKind } from '../../../../../shared/model/workspace';
import { useStore } from '../../../stores/store';

/** A goal that fits the ladder: about a tenth of its partners (13 on a 127-partner list), at least 1. */
function goalExample(ladderPartners: number | null): number {
  return ladderPartners === null || ladderPartners <= 0 ? 10 : Math.max(1, Math.round(ladderPartners / 10));
}

const partnersText = (n: number) => countOf(n, 'partner');

export function GoalSeek({ tierName, kind, unit, nowCount, ladderPartners }: { tierName: string; kind: MetricKind; unit: string | null; nowCount: number | null; ladderPartners: number | null }) {
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
