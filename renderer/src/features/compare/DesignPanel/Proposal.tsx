/**
 * The proposal of design to a target: per tier the target against what the proposed
 * thresholds achieve (and today), the threshold moved, and why a target was out of reach;
 * per limit the scenario's spend; the fit's notes. Applying it sets every moved threshold in
 * one edit of the scenario (Ctrl+Z takes it back).
 */
import { useState } from 'react';
import { leverValue, type Lever } from '../../../../../shared/engine';
import { formatThreshold as formatValue, type BudgetKind } from '../../../../../shared/engine';
import { formatCount, formatDelta, formatMoney, formatShare } from '../../../../../shared/model/format';
import { datasetOfScenario } from '../../../stores/scenario.slice';
import { useStore } from '../../../stores/store';

const BUDGET_NAMES: Record<BudgetKind, string> = { hours: 'Team hours', mdf: 'MDF', margin: 'Margin' };

export function Proposal({ currency }: { currency: string }) {
  const design = useStore((s) => s.design);
  const draft = useStore((s) => s.draft);
  const active = useStore((s) => s.activeScenario);
  const workspace = useStore((s) => s.workspace);
  const apply = useStore((s) => s.applyDesign);
  const undo = useStore((s) => s.undoEdit);
  const saveAs = useStore((s) => s.saveDesignAs);
  const saved = useStore((s) => s.designSaved);
  const compareBoth = useStore((s) => s.setComparedIds);
  const setTab = useStore((s) => s.setCompareTab);
  const [saving, setSaving] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  if (!design || !draft || active?.id !== design.scenarioId || design.ladderId !== design.request.ladderId) return null;
  const dataset = datasetOfScenario(workspace?.datasets ?? [], active.datasetId);
  const shown = (metric: string | null, v: number) => formatValue(dataset?.metrics ?? [], draft, metric, v);
  const moved = design.tiers.filter((t) => t.threshold && t.threshold.to !== t.threshold.from);
  const leverOf = (t: (typeof moved)[number]): Lever => ({ kind: t.threshold!.kind, tierId: t.tierId, requirementId: t.threshold!.requirementId });
  const applied = moved.length > 0 && moved.every((t) => leverValue(draft, leverOf(t)) === t.threshold!.to);
  const changedSince = !applied && draft !== design.draft;
  const share = (n: number) => (design.ladderPartners > 0 ? ` (${formatShare(n / design.ladderPartners)})` : '');
  const budgetValue = (kind: BudgetKind, v: number) => (kind === 'hours' ? `${formatCount(Math.round(v))} h` : formatMoney(v, currency));

  return (
    <section className="cmp-card" aria-labelledby="design-proposal-title" data-testid="design-proposal">
      <div className="cmp-card-head">
        <h2 id="design-proposal-title">
          Proposal for {design.ladder} in “{draft.name}”
        </h2>
        <div className="row">
          {applied ? (
            <>
              <span data-testid="design-applied">Applied. Ctrl+Z takes it back.</span>
              <button type="button" onClick={undo} data-testid="design-undo">
                Undo
              </button>
            </>
          ) : (
            <button type="button" className="primary" onClick={apply} disabled={moved.length === 0} data-testid="design-apply">
              {moved.length === 0 ? 'Nothing to apply' : `Apply ${moved.length === 1 ? 'this threshold' : `these ${moved.length} thresholds`}`}
            </button>
          )}
          <button
            type="button"
            disabled={moved.length === 0 || saving.busy || saved?.from === design}
            title="Keep this scenario as it is and store the proposal as a new scenario on the same list, to compare the two"
            onClick={() => {
              setSaving({ busy: true, error: null });
              void saveAs().then((error) => setSaving({ busy: false, error }));
            }}
            data-testid="design-save-as"
          >
            {saved?.from === design ? 'Saved as a new scenario' : 'Save as a new scenario'}
          </button>
        </div>
      </div>
      {saving.error && (
        <p className="field-error" role="alert">
          {saving.error}
        </p>
      )}
      {saved?.from === design && (
        <p className="cmp-why" role="status" data-testid="design-saved">
          Saved as “{saved.name}”, on the same list; “{draft.name}” is as it was.{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              compareBoth([design.scenarioId, saved.id]);
              setTab('side');
            }}
          >
            Compare the two side by side
          </button>
        </p>
      )}
      {changedSince && (
        <p className="cmp-why" role="note">
          The scenario changed after this proposal was made; applying it sets only the thresholds below. Propose again to fit the changes.
        </p>
      )}
      <table className="cmp-table cmp-design-result" data-testid="design-result">
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col" className="cmp-num">
              Target
            </th>
            <th scope="col" className="cmp-num">
              Achieved
            </th>
            <th scope="col" className="cmp-num">
              Today
            </th>
            <th scope="col">Threshold</th>
            <th scope="col">Why not the target</th>
          </tr>
        </thead>
        <tbody>
          {[...design.tiers].reverse().map((t) => {
            const missed = t.target !== null && t.achieved !== t.target;
            return (
              <tr key={t.tierId} data-testid="design-tier" data-tier={t.tierId} data-target={t.target ?? ''} data-achieved={t.achieved} data-to={t.threshold?.to ?? ''} className={missed ? 'cmp-near' : undefined}>
                <th scope="row">{t.tier}</th>
                <td className="cmp-num">
                  {t.target === null ? <span className="muted">kept</span> : formatCount(t.target)}
                  {t.asked !== null && t.asked !== t.target && <span className="muted small"> of {formatCount(t.asked)}</span>}
                </td>
                <td className="cmp-num">
                  {formatCount(t.achieved)}
                  <span className="muted small">{share(t.achieved)}</span>
                  {missed && <span className="small"> {formatDelta('count', t.achieved - t.target!)}</span>}
                </td>
                <td className="cmp-num">{formatCount(t.before)}</td>
                <td>
                  {t.threshold ? (
                    t.threshold.to === t.threshold.from ? (
                      <span className="muted">{shown(t.threshold.metric, t.threshold.to)} (unchanged)</span>
                    ) : (
                      <>
                        {shown(t.threshold.metric, t.threshold.from)} → <strong>{shown(t.threshold.metric, t.threshold.to)}</strong>
                      </>
                    )
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="small">{t.reason ?? (t.target === null ? 'No target: its thresholds stay.' : '')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {design.budgets.length > 0 && (
        <table className="cmp-table cmp-design-budgets" data-testid="design-budgets">
          <caption style={{ textAlign: 'left' }}>The scenario’s spend against the limits</caption>
          <thead>
            <tr>
              <th scope="col">Limit</th>
              <th scope="col" className="cmp-num">
                At most
              </th>
              <th scope="col" className="cmp-num">
                Today
              </th>
              <th scope="col" className="cmp-num">
                Proposed
              </th>
              <th scope="col">Kept</th>
            </tr>
          </thead>
          <tbody>
            {design.budgets.map((b) => (
              <tr key={b.kind} data-testid="design-budget" data-kind={b.kind} data-achieved={b.achieved} data-held={b.held}>
                <th scope="row">{BUDGET_NAMES[b.kind]}</th>
                <td className="cmp-num">{budgetValue(b.kind, b.limit)}</td>
                <td className="cmp-num">{budgetValue(b.kind, b.before)}</td>
                <td className="cmp-num">{budgetValue(b.kind, b.achieved)}</td>
                <td>{b.held ? 'yes' : <strong>no</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {design.notes.length > 0 && (
        <ul className="small cmp-design-notes">
          {design.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <p className="muted small">
        {formatCount(design.evaluations)} tiering runs over {formatCount(design.ladderPartners)} partners on this ladder.
      </p>
    </section>
  );
}
