/**
 * The live outcome panel (DESIGN D7): beside the scenario editor, every outcome of the
 * scenario being edited, re-rendered on each edit. While a new evaluation runs the last
 * outcome stays on screen with an "updating…" status.
 */
import { useMemo } from 'react';
import type { OutcomeSummary } from '../../../../../shared/engine';
import { metricLookup, type MetricLookup } from '../../../../../shared/model/describe';
import { formatCount, formatShare, plural } from '../../../../../shared/model/format';
import type { Scenario } from '../../../../../shared/model/scenario';
import { tierIndex, type SelectTier } from '../../../components/outcome/common';
import { CoverageSection } from './CoverageSection';
import { DistributionSection } from './DistributionSection';
import { ErrorsSection, FindingsSection } from './FindingsSection';
import { MovementSection } from './MovementSection';
import { ResourcesSection } from './ResourcesSection';
import { ValueSection } from './ValueSection';
import './outcome-panel.css';

export interface OutcomePanelProps {
  outcome: OutcomeSummary | null;
  scenario: Scenario;
  /** an evaluation is under way: the outcome shown is the last one */
  pending: boolean;
  error: string | null;
  onSelectTier?: (ladderId: string, tierId: string | null) => void;
  /**
   * Labels and kinds of the dataset's metrics (for the value metric); without it the
   * scenario's derived metrics are known and any other metric reads as a plain number.
   */
  lookup?: MetricLookup;
}

export function OutcomePanel({ outcome, scenario, pending, error, onSelectTier, lookup }: OutcomePanelProps) {
  const index = useMemo(() => tierIndex(outcome?.ladders ?? []), [outcome]);
  const metrics = useMemo(() => lookup ?? metricLookup(scenario.derivedMetrics), [lookup, scenario.derivedMetrics]);
  const select: SelectTier | undefined = onSelectTier;
  const untiered = outcome?.distribution.filter((r) => r.motion === '*' && r.tierId === null).reduce((s, r) => s + r.count, 0) ?? 0;
  const tiered = outcome ? outcome.partnerCount - untiered : 0;

  return (
    <aside className={`op-panel${pending ? ' op-pending' : ''}`} aria-label="Outcome" aria-busy={pending}>
      <header className="op-header">
        <h2 className="op-title">Outcome</h2>
        <span className="op-status" role="status" aria-live="polite" data-testid="outcome-status">
          {pending ? 'updating…' : ''}
        </span>
      </header>
      {error !== null && (
        <div className="op-error" role="alert">
          {error}
        </div>
      )}
      {outcome === null ? (
        <p className="op-empty">{pending ? 'Evaluating the scenario…' : 'No outcome yet: the scenario is evaluated on the current dataset as you edit it.'}</p>
      ) : (
        <div className="op-body">
          <p className="op-summary" data-testid="outcome-summary">
            <span className="op-num">{formatCount(outcome.partnerCount)}</span> {plural(outcome.partnerCount, 'partner')} ·{' '}
            <span className="op-num">{formatCount(tiered)}</span> tiered
            {outcome.partnerCount > 0 && ` (${formatShare(tiered / outcome.partnerCount)})`}
          </p>
          {outcome.errors.length > 0 && <ErrorsSection errors={outcome.errors} index={index} onSelectTier={select} />}
          <DistributionSection outcome={outcome} index={index} />
          <ResourcesSection resources={outcome.resources} assumptions={scenario.assumptions} partnerCount={outcome.partnerCount} index={index} />
          <CoverageSection coverage={outcome.coverage} index={index} onSelectTier={select} />
          <MovementSection movement={outcome.movement} rollout={outcome.rollout} nearMiss={outcome.nearMiss} currency={outcome.resources.currency} />
          <ValueSection value={outcome.valueConcentration} lookup={metrics} index={index} />
          <FindingsSection alerts={outcome.alerts} review={outcome.review} index={index} onSelectTier={select} />
        </div>
      )}
    </aside>
  );
}
