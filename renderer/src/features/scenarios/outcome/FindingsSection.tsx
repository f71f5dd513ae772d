/** DESIGN D7.8–D7.9: alerts and design review findings, each leading to the tier it names. */
import type { Alert, EvaluationError, ReviewFinding } from '../../../../../shared/engine';
import { GoTo, type SelectTier, type TierIndex } from '../../../components/outcome/common';

export function FindingsSection({ alerts, review, index, onSelectTier }: { alerts: readonly Alert[]; review: readonly ReviewFinding[]; index: TierIndex; onSelectTier?: SelectTier | undefined }) {
  const warnings = alerts.filter((a) => a.severity === 'warning').length;
  return (
    <section className="op-section" aria-label="Alerts and design review">
      <h3 className="op-h">
        Alerts <span className="op-muted">· {warnings} warning{warnings === 1 ? '' : 's'}, {alerts.length - warnings} info</span>
      </h3>
      {alerts.length === 0 ? (
        <p className="op-muted">No alerts.</p>
      ) : (
        <ul className="op-list" aria-label="Alerts">
          {alerts.map((a, i) => (
            <li key={i} className={`op-item op-${a.severity}`} data-testid="alert">
              <span className={`op-severity op-severity-${a.severity}`}>{a.severity}</span>
              <span className="op-message">{a.message}</span>
              <GoTo ladderId={a.ladderId} tierId={a.tierId} index={index} onSelectTier={onSelectTier} />
            </li>
          ))}
        </ul>
      )}
      <h4 className="op-h4">Design review</h4>
      {review.length === 0 ? (
        <p className="op-muted">No findings: the ladder avoids the known design mistakes.</p>
      ) : (
        <ul className="op-list" aria-label="Design review findings">
          {review.map((f, i) => (
            <li key={i} className="op-item" data-testid="review-finding">
              <span className="op-message">
                {f.message}
                <span className="op-fix">Fix: {f.fix}</span>
              </span>
              <GoTo ladderId={f.ladderId} tierId={f.tierId} index={index} onSelectTier={onSelectTier} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorsSection({ errors, index, onSelectTier }: { errors: readonly EvaluationError[]; index: TierIndex; onSelectTier?: SelectTier | undefined }) {
  return (
    <section className="op-section op-errors" aria-label="Evaluation errors">
      <h3 className="op-h">
        {errors.length === 1 ? 'A part of this scenario could not be evaluated' : `${errors.length} parts of this scenario could not be evaluated`}
      </h3>
      <ul className="op-list">
        {errors.map((e, i) => (
          <li key={i} className="op-item" data-testid="evaluation-error">
            <span className="op-message">{e.message}</span>
            <GoTo ladderId={e.ladderId} tierId={e.tierId} index={index} onSelectTier={onSelectTier} />
          </li>
        ))}
      </ul>
    </section>
  );
}
