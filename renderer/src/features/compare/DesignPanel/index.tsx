/**
 * Design to a target (DESIGN D8.6): pick a ladder of the scenario being edited, say how many
 * partners each tier should hold (a share of the ladder or a head count; a tier left blank
 * keeps its thresholds), optionally the most the scenario may spend and a step to round
 * thresholds to — and the engine worker proposes every threshold at once, with progress and
 * Cancel. The proposal (Proposal.tsx) shows target against achieved per tier and budget, and
 * why a target was out of reach; applying it is one edit of the scenario.
 */
import { useEffect, useMemo, useState } from 'react';
import { checkTargetRequest, findPointsMin, findThreshold, leverOf, leversOf, BUDGET_KINDS, type BudgetKind, type Lever, type TargetRequest, type TierTarget } from '../../../../../shared/engine';
import { datasetCurrency } from '../../../../../shared/model/currency';
import { describeComparison, metricLookup } from '../../../../../shared/model/describe';
import { formatCount, formatMoney, formatShare } from '../../../../../shared/model/format';
import { ProgressBar } from '../../../components/ProgressBar';
import { parseThreshold } from '../../../lib/threshold-text';
import { editorMetrics } from '../../../lib/editor-metrics';
import { datasetOfScenario } from '../../../stores/scenario.slice';
import { useStore } from '../../../stores/store';
import { ScenarioChooser } from '../ExplorePanel/ScenarioChooser';
import { Proposal } from './Proposal';

type Mode = 'share' | 'count';

interface Form {
  ladderId: string;
  mode: Mode;
  /** per tier id: the target as typed */
  targets: Record<string, string>;
  /** per tier id: the comparison it moves */
  levers: Record<string, string>;
  limits: Record<BudgetKind, string>;
  round: string;
}

const LIMIT_LABELS: Record<BudgetKind, string> = { hours: 'Team hours at most', mdf: 'MDF at most', margin: 'Margin at most' };

function emptyForm(ladderId: string): Form {
  return { ladderId, mode: 'share', targets: {}, levers: {}, limits: { hours: '', mdf: '', margin: '' }, round: '' };
}

/** The request the form states, or what is wrong with it (naming the field). */
function requestOf(form: Form, tierIds: readonly string[], tierNames: readonly string[], currency: string): { ok: true; value: TargetRequest } | { ok: false; error: string } {
  const targets: (TierTarget | null)[] = [];
  for (const [i, id] of tierIds.entries()) {
    const text = (form.targets[id] ?? '').trim();
    if (!text) {
      targets.push(null);
      continue;
    }
    if (form.mode === 'share') {
      const v = parseThreshold('percent', text.endsWith('%') ? text : `${text}%`);
      if (!v.ok || v.value < 0 || v.value > 1) return { ok: false, error: `${tierNames[i]}: a share is a percentage from 0 to 100 (not “${text}”).` };
      targets.push({ share: v.value });
    } else {
      const v = parseThreshold('count', text);
      if (!v.ok || v.value < 0) return { ok: false, error: `${tierNames[i]}: a target is a whole number of partners (not “${text}”).` };
      targets.push({ count: v.value });
    }
  }
  while (targets.length && targets[targets.length - 1] === null) targets.pop();
  const limits: Partial<Record<BudgetKind, number>> = {};
  for (const kind of BUDGET_KINDS) {
    const text = form.limits[kind].trim();
    if (!text) continue;
    const v = parseThreshold(kind === 'hours' ? 'number' : 'currency', text, currency);
    if (!v.ok || v.value < 0) return { ok: false, error: `${LIMIT_LABELS[kind]}: ${kind === 'hours' ? 'a number of hours' : 'an amount'}, 0 or more (not “${text}”).` };
    limits[kind] = v.value;
  }
  let round: number | null = null;
  if (form.round.trim()) {
    const v = parseThreshold('currency', form.round.trim(), currency);
    if (!v.ok || v.value <= 0) return { ok: false, error: `Round thresholds to: a positive step such as 10000, $10K or 5 (not “${form.round.trim()}”).` };
    round = v.value;
  }
  return { ok: true, value: { ladderId: form.ladderId, targets, levers: form.levers, limits, round } };
}

export function DesignPanel() {
  const workspace = useStore((s) => s.workspace);
  const draft = useStore((s) => s.draft);
  const active = useStore((s) => s.activeScenario);
  const evaluation = useStore((s) => s.evaluation);
  const openScenario = useStore((s) => s.openScenario);
  const designing = useStore((s) => s.designing);
  const designError = useStore((s) => s.designError);
  const runDesign = useStore((s) => s.runDesign);
  const cancelDesign = useStore((s) => s.cancelDesign);
  const [form, setForm] = useState<Form | null>(null);

  // work on the scenario being edited; with none open, the first that is not the baseline
  useEffect(() => {
    if (active || !workspace?.scenarios.length) return;
    const first = workspace.scenarios.find((s) => !s.isBaseline) ?? workspace.scenarios[0]!;
    void openScenario(first.id);
  }, [active, workspace, openScenario]);

  const dataset = datasetOfScenario(workspace?.datasets ?? [], active?.datasetId ?? null);
  const currency = datasetCurrency(dataset?.metrics ?? []);
  const lookup = useMemo(() => metricLookup(editorMetrics(dataset?.metrics ?? [], draft)), [dataset, draft]);
  const ladder = draft ? (draft.ladders.find((l) => l.id === form?.ladderId) ?? draft.ladders[0] ?? null) : null;
  // a form for another ladder (or a scenario without it) starts empty
  useEffect(() => {
    if (ladder && form?.ladderId !== ladder.id) setForm(emptyForm(ladder.id));
  }, [ladder, form]);

  if (!workspace) return null;
  if (workspace.datasets.length === 0) return <p className="cmp-why">Import a partner list first: a design is fitted to real partners.</p>;
  if (!draft || !active || !ladder || !form || form.ladderId !== ladder.id) {
    return (
      <div className="cmp-side">
        <ScenarioChooser />
        <p className="muted">{workspace.scenarios.length ? 'Opening the scenario…' : 'Create a scenario in Scenarios first; its ladders are what you design here.'}</p>
      </div>
    );
  }

  const tiers = ladder.tiers;
  const now = (tierId: string) => evaluation?.summary.distribution.find((d) => d.motion === '*' && d.ladderId === ladder.id && d.tierId === tierId)?.count ?? null;
  const ladderPartners = evaluation ? evaluation.summary.distribution.filter((d) => d.motion !== '*' && d.ladderId === ladder.id).reduce((sum, d) => sum + d.count, 0) : null;
  /* "Sourced ARR ≥ $250,000", or "Points: at least 250 points" */
  const leverLabel = (l: Lever) => {
    if (l.kind === 'points') return `Points: at least ${formatCount(findPointsMin(draft, l)?.min ?? 0)} points`;
    const found = findThreshold(draft, l);
    return found.ok ? describeComparison({ type: 'compare', id: l.requirementId, metric: found.value.metric, op: found.value.op, value: found.value.value }, lookup) : l.requirementId;
  };
  const request = requestOf(
    form,
    tiers.map((t) => t.id),
    tiers.map((t) => t.name),
    currency,
  );
  const problem = !request.ok ? request.error : checkTargetRequest(draft, request.value);
  const update = (change: Partial<Form>) => setForm({ ...form, ...change });
  const totals = evaluation?.summary.resources.totals;
  const budgets = draft.assumptions;
  const budgetHint: Record<BudgetKind, string> = {
    hours: `now ${formatCount(Math.round(totals?.hours ?? 0))} h${budgets.capacityHours !== null ? `; capacity ${formatCount(budgets.capacityHours)} h` : ''}`,
    mdf: `now ${formatMoney(totals?.mdf ?? 0, currency)}${budgets.mdfBudget !== null ? `; budget ${formatMoney(budgets.mdfBudget, currency)}` : ''}`,
    margin: `now ${formatMoney(totals?.margin ?? 0, currency)}${budgets.marginBudget !== null ? `; budget ${formatMoney(budgets.marginBudget, currency)}` : ''}`,
  };

  return (
    <div className="cmp-side">
      <section className="cmp-card cmp-explore-head" aria-label="What to design">
        <ScenarioChooser />
        <label className="inline-field">
          <span>Ladder</span>
          <select aria-label="Ladder to design" value={ladder.id} onChange={(e) => setForm(emptyForm(e.target.value))}>
            {draft.ladders.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.motion === '*' ? 'every motion' : l.motion})
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          on {dataset?.label}
          {ladderPartners !== null ? `: ${formatCount(ladderPartners)} partners on this ladder` : ''}
        </span>
        {draft.baseline && (
          <p className="cmp-why" role="note">
            “{draft.name}” is the baseline: its partners keep today’s tiers whatever the thresholds, so no design moves them. Design a redesign instead.
          </p>
        )}
      </section>

      <section className="cmp-card" aria-labelledby="design-targets-title">
        <div className="cmp-card-head">
          <h2 id="design-targets-title">Targets</h2>
          <div role="radiogroup" aria-label="Targets as" className="row">
            {(['share', 'count'] as const).map((m) => (
              <label key={m} className="inline-field">
                <input type="radio" name="design-mode" checked={form.mode === m} onChange={() => update({ mode: m, targets: {} })} />
                <span>{m === 'share' ? '% of the ladder’s partners' : 'partners'}</span>
              </label>
            ))}
          </div>
        </div>
        <table className="cmp-table cmp-design-targets" data-testid="design-targets">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col" className="cmp-num">
                Now
              </th>
              <th scope="col">Target</th>
              <th scope="col">Moves</th>
            </tr>
          </thead>
          <tbody>
            {[...tiers].reverse().map((tier) => {
              const count = now(tier.id);
              const own = leversOf(draft, tier.id);
              const lever = leverOf(draft, dataset?.metrics ?? [], tier.id, form.levers[tier.id]);
              return (
                <tr key={tier.id}>
                  <th scope="row">
                    <span className="op-swatch" style={{ background: tier.color }} aria-hidden="true" /> {tier.name}
                  </th>
                  <td className="cmp-num">
                    {count === null ? '—' : formatCount(count)}
                    {count !== null && ladderPartners ? <span className="muted small"> ({formatShare(count / ladderPartners)})</span> : null}
                  </td>
                  <td>
                    <input
                      className="cmp-design-input"
                      aria-label={`Target for ${tier.name}`}
                      placeholder={form.mode === 'share' ? 'e.g. 15' : 'e.g. 120'}
                      value={form.targets[tier.id] ?? ''}
                      onChange={(e) => update({ targets: { ...form.targets, [tier.id]: e.target.value } })}
                      data-testid={`design-target-${tier.id}`}
                    />
                    {form.mode === 'share' ? ' %' : ''}
                  </td>
                  <td>
                    {own.length === 0 ? (
                      <span className="muted small">{tier.requirement === null ? 'no requirement: holds the rest' : 'no threshold to move'}</span>
                    ) : (
                      <select
                        aria-label={`Threshold ${tier.name} moves`}
                        value={lever?.requirementId ?? own[0]!.requirementId}
                        onChange={(e) => update({ levers: { ...form.levers, [tier.id]: e.target.value } })}
                      >
                        {own.map((l) => (
                          <option key={l.requirementId} value={l.requirementId}>
                            {leverLabel(l)}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="row cmp-design-limits">
          {BUDGET_KINDS.map((kind) => (
            <label key={kind} className="inline-field">
              <span>{LIMIT_LABELS[kind]}</span>
              <input
                className="cmp-design-input"
                aria-label={LIMIT_LABELS[kind]}
                placeholder="no limit"
                value={form.limits[kind]}
                onChange={(e) => update({ limits: { ...form.limits, [kind]: e.target.value } })}
                data-testid={`design-limit-${kind}`}
              />
              <span className="muted small">{budgetHint[kind]}</span>
            </label>
          ))}
          <label className="inline-field">
            <span>Round thresholds to</span>
            <input
              className="cmp-design-input"
              aria-label="Round thresholds to"
              placeholder="e.g. 10K"
              value={form.round}
              onChange={(e) => update({ round: e.target.value })}
              data-testid="design-round"
            />
          </label>
        </div>
        {problem && form.mode && Object.values(form.targets).some((t) => t.trim()) && (
          <p className="field-error" role="alert" data-testid="design-problem">
            {problem}
          </p>
        )}
        {designing ? (
          <ProgressBar stage={`Solving ${designing.step}`} fraction={designing.fraction} label="Designing to the targets" onCancel={cancelDesign} testId="design-progress" />
        ) : (
          <div className="row">
            <button type="button" className="primary" disabled={problem !== null || !request.ok} onClick={() => request.ok && void runDesign(request.value)} data-testid="design-run">
              Propose thresholds
            </button>
            <span className="muted small">Tiers are solved from the top down; a blank target keeps the tier’s thresholds.</span>
          </div>
        )}
        {designError && (
          <p className={designError.startsWith('Stopped') ? 'muted' : 'field-error'} role="alert" data-testid="design-error">
            {designError}
          </p>
        )}
      </section>

      <Proposal currency={currency} />
    </div>
  );
}
