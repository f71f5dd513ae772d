/**
 * One partner under the open scenario (DESIGN D7): its tier and why, the change against
 * its current tier, and its graduation path — each requirement of the next tier it has
 * not met yet, with its value, the target and the progress. An override pins it to a
 * tier of its ladder, with a written reason; overrides are scenario edits (undoable,
 * saved like any other).
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ICellRendererParams } from 'ag-grid-community';
import type { OutcomeSummary, PartnerExplanation } from '../../../../shared/engine';
import { tierLabelKey } from '../../../../shared/model/scenario';
import { formatMetricValue } from '../../../../shared/model/format';
import type { Scenario } from '../../../../shared/model/scenario';
import { getEngine } from '../../engine/client';
import type { Evaluation } from '../../engine/core';
import { Modal } from '../../components/Modal';
import { useStore } from '../../stores/store';
import type { GridRow } from './columns';
import { MOVEMENT_WORDS } from './scenario-columns';

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

const explained = new WeakMap<Evaluation, Map<number, Promise<PartnerExplanation | null>>>();

/** A partner of an evaluation, explained by the engine (once per evaluation and partner). */
export function explain(evaluation: Evaluation, index: number): Promise<PartnerExplanation | null> {
  let byIndex = explained.get(evaluation);
  if (!byIndex) {
    byIndex = new Map();
    explained.set(evaluation, byIndex);
  }
  let answer = byIndex.get(index);
  if (!answer) {
    answer = getEngine().explain(index);
    byIndex.set(index, answer);
  }
  return answer;
}

function useExplanation(evaluation: Evaluation | null, index: number | null): PartnerExplanation | null {
  const [value, setValue] = useState<{ key: unknown; explanation: PartnerExplanation | null } | null>(null);
  useEffect(() => {
    if (!evaluation || index === null) return;
    let cancelled = false;
    void explain(evaluation, index).then((explanation) => !cancelled && setValue({ key: evaluation, explanation }));
    return () => {
      cancelled = true;
    };
  }, [evaluation, index]);
  return value && value.key === evaluation ? value.explanation : null;
}

/** The grid's "Why" cell: the partner's reasons, asked of the engine when the row is drawn. */
export function ReasonsCell(props: ICellRendererParams<GridRow>) {
  const evaluation = useStore((s) => s.evaluation);
  const explanation = useExplanation(evaluation, props.data ? props.data.index : null);
  if (!props.data) return null;
  if (!explanation) return <span className="muted">…</span>;
  const text = explanation.reasons.join(' ');
  return <span title={text}>{text}</span>;
}

/** What the rollout policies do to this partner now (DESIGN D6.2). */
export function rolloutText(e: Pick<PartnerExplanation, 'rollout'>): string {
  const tier = e.rollout.tier ?? 'no tier';
  switch (e.rollout.state) {
    case 'warned':
      return `warned, not demoted: stays on ${tier} this cycle`;
    case 'limited':
      return `demotion limited: goes to ${tier} this cycle`;
    case 'grandfathered':
      return `${e.rollout.limited ? 'demotion limited, then grandfathered' : 'grandfathered'}: placed on ${tier}, keeps its previous tier's benefits for the grace period`;
    case 'normal':
      return '';
  }
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function OverrideForm({ scenario, explanation, onDone }: { scenario: Scenario; explanation: PartnerExplanation; onDone: () => void }) {
  const editScenario = useStore((s) => s.editScenario);
  const ladder = scenario.ladders.find((l) => l.id === explanation.ladderId);
  const [tierId, setTierId] = useState(explanation.tierId ?? ladder?.tiers[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const problem = reason.trim() === '' ? 'An override needs a written reason.' : null;
  if (!ladder) return <p className="muted small">No ladder tiers this partner&apos;s motion, so it cannot be pinned to a tier.</p>;
  return (
    <Modal
      title={`Override ${explanation.name}`}
      onClose={onDone}
      onSubmit={() => {
        if (problem) return;
        const overrides = [...scenario.overrides.filter((o) => o.partnerId !== explanation.partnerId), { partnerId: explanation.partnerId, tierId, reason: reason.trim() }];
        editScenario({ ...scenario, overrides });
        onDone();
      }}
    >
      <label className="field">
        <span>Tier on {ladder.name}</span>
        <select value={tierId} onChange={(e) => setTierId(e.target.value)}>
          {ladder.tiers.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Reason (kept with the scenario)</span>
        <textarea id={reasonId} rows={3} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} aria-invalid={problem ? 'true' : undefined} />
      </label>
      {problem && reason !== '' && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="row end">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={problem !== null}>
          Pin to tier
        </button>
      </div>
    </Modal>
  );
}

/** The partner's tier today and where the scenario's Today's tiers place it: "Silver (level 1: Selling)", "Legacy Elite (not placed)". */
export function todayText(
  e: Pick<PartnerExplanation, 'currentTier' | 'currentLevel' | 'ladderId'>,
  summary: Pick<OutcomeSummary, 'ladders' | 'todayTiers'> | null,
): string {
  if (!e.currentTier) return 'none';
  const row = summary?.todayTiers.find((t) => tierLabelKey(t.label) === tierLabelKey(e.currentTier!));
  if (row && !row.placed) return `${e.currentTier} (not placed on this design: counts as no tier today)`;
  if (e.currentLevel < 0) return `${e.currentTier} (no tier today on this design)`;
  const tier = summary?.ladders.find((l) => l.id === e.ladderId)?.tiers[e.currentLevel]?.name;
  return tier ? `${e.currentTier} (placed on ${tier})` : e.currentTier;
}

/**
 * Escape closes the drawer wherever the focus is — a click on a row leaves it in the grid —
 * but Escape in a dialog (the override form) or one of the grid's popups (a column filter, a
 * menu) closes that instead.
 */
function useEscapeToClose(onClose: () => void): void {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest('[role="dialog"], .ag-popup')) return;
      close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

export function PartnerDrawer({ index, onClose }: { index: number; onClose: () => void }) {
  const evaluation = useStore((s) => s.evaluation);
  const scenario = useStore((s) => s.draft);
  const editScenario = useStore((s) => s.editScenario);
  const explanation = useExplanation(evaluation, index);
  const [overriding, setOverriding] = useState(false);
  const override = scenario && explanation ? scenario.overrides.find((o) => o.partnerId === explanation.partnerId) : undefined;
  useEscapeToClose(onClose);

  return (
    <aside className="partner-drawer" aria-label={explanation ? `Partner ${explanation.name}` : 'Partner'}>
      <header className="row">
        <h2>{explanation?.name ?? '…'}</h2>
        <button type="button" className="drawer-close" onClick={onClose} aria-label="Close partner details">
          ✕
        </button>
      </header>
      {!explanation || !scenario ? (
        <p className="muted">Working out this partner&apos;s tier…</p>
      ) : (
        <>
          <p className="muted small">
            {explanation.partnerId} · {explanation.motion} · under “{scenario.name}”
          </p>
          <dl className="drawer-facts">
            <Fact label="Tier">{explanation.tier ?? 'Untiered'}</Fact>
            <Fact label="Tier today">{todayText(explanation, evaluation?.summary ?? null)}</Fact>
            <Fact label="Change">{MOVEMENT_WORDS[explanation.movement]}</Fact>
            {explanation.rollout.state !== 'normal' && <Fact label="Rollout">{rolloutText(explanation)}</Fact>}
            {explanation.exitCandidate && <Fact label="Exit">fails the exit rule: an exit candidate</Fact>}
            {explanation.overrideReason && <Fact label="Override">{explanation.overrideReason}</Fact>}
          </dl>
          <h3>Why</h3>
          <ul className="drawer-reasons">
            {explanation.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <h3>Graduation path</h3>
          {explanation.nextTier === null ? (
            <p className="muted">{explanation.ladderId ? 'At the top of its ladder.' : 'No ladder tiers this motion.'}</p>
          ) : (
            <>
              <p>
                Next: <strong>{explanation.nextTier}</strong>
                {explanation.progress !== null && ` · ${percent.format(explanation.progress)} of the way`}
              </p>
              <table className="drawer-path" aria-label={`What ${explanation.name} still needs for ${explanation.nextTier}`}>
                <thead>
                  <tr>
                    <th scope="col">Requirement</th>
                    <th scope="col">Now</th>
                    <th scope="col">Progress</th>
                  </tr>
                </thead>
                <tbody>
                  {explanation.unmet.map((u) => (
                    <tr key={u.requirementId}>
                      <td>{u.label}</td>
                      <td>{u.unit === 'points' ? `${formatMetricValue('count', u.value)} points` : formatMetricValue(u.kind, u.value, u.unit)}</td>
                      <td>
                        <meter min={0} max={1} value={u.progress} aria-label={`Progress on ${u.label}`} /> {percent.format(u.progress)}
                      </td>
                    </tr>
                  ))}
                  {explanation.unmet.length === 0 && (
                    <tr>
                      <td colSpan={3} className="muted">
                        Every requirement is met: a cap keeps it out.
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </>
          )}
          <div className="row">
            <button type="button" onClick={() => setOverriding(true)} disabled={!explanation.ladderId}>
              {override ? 'Change override…' : 'Override tier…'}
            </button>
            {override && (
              <button type="button" onClick={() => editScenario({ ...scenario, overrides: scenario.overrides.filter((o) => o.partnerId !== explanation.partnerId) })}>
                Remove override
              </button>
            )}
          </div>
          {overriding && <OverrideForm scenario={scenario} explanation={explanation} onDone={() => setOverriding(false)} />}
        </>
      )}
    </aside>
  );
}
