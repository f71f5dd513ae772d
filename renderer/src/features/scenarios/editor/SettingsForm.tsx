/**
 * The scenario's assumptions (value metric, capacity and budgets) and rollout policies
 * (DESIGN D6). An empty optional field means "not set" (null); each field says in one line
 * what it does.
 */
import { useId, type ReactNode } from 'react';
import { currencySymbol, currencyWord } from '../../../../../shared/model/currency';
import type { Assumptions, Policies } from '../../../../../shared/model/scenario';
import { editorCurrency } from '../../../lib/editor-metrics';
import type { ScenarioEditorProps } from './BenefitsEditor';
import { NumericField } from '../../../components/numeric-field';
import '../../../components/forms.css';

function Row({ label, help, children }: { label: string; help: string; children: (ids: { id: string; helpId: string }) => ReactNode }) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="sf-setting">
      <label htmlFor={id}>{label}</label>
      <div className="sf-setting-field">{children({ id, helpId })}</div>
      <p id={helpId} className="sf-help">
        {help}
      </p>
    </div>
  );
}

/** Metric kinds a value metric can be measured in (not yes/no, not dates). */
const VALUE_KINDS = new Set(['currency', 'count', 'number', 'percent', 'rating']);

export function SettingsForm({ scenario, onChange, metrics }: ScenarioEditorProps) {
  const headingA = useId();
  const headingP = useId();
  const a = scenario.assumptions;
  const p = scenario.policies;
  const setA = (patch: Partial<Assumptions>) => onChange({ ...scenario, assumptions: { ...a, ...patch } });
  const setP = (patch: Partial<Policies>) => onChange({ ...scenario, policies: { ...p, ...patch } });
  // budgets are in the list's currency (shared/model/currency)
  const currency = editorCurrency(metrics, scenario);
  const symbol = currencySymbol(currency);
  const word = currencyWord(currency);

  const valueChoices = [
    ...metrics.filter((m) => VALUE_KINDS.has(m.kind)).map((m) => ({ key: m.key, label: m.label })),
    ...scenario.derivedMetrics
      .filter((d) => VALUE_KINDS.has(d.kind) && !metrics.some((m) => m.key === d.key))
      .map((d) => ({ key: d.key, label: `${d.label} (derived)` })),
  ];
  const missingValueMetric = a.valueMetric !== null && !valueChoices.some((c) => c.key === a.valueMetric);

  return (
    <div className="sf-editor sf-settings">
      <section aria-labelledby={headingA}>
        <h3 id={headingA} className="sf-heading">
          Assumptions
        </h3>
        <Row label="Value metric" help="What a partner is worth: value concentration and margin-point costs are measured in it.">
          {({ id, helpId }) => (
            <span className="sf-field">
              <select
                id={id}
                value={a.valueMetric ?? ''}
                onChange={(e) => setA({ valueMetric: e.target.value === '' ? null : e.target.value })}
                aria-describedby={missingValueMetric ? `${helpId} ${id}-missing` : helpId}
                aria-invalid={missingValueMetric ? 'true' : undefined}
              >
                <option value="">not set</option>
                {valueChoices.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
                {missingValueMetric && a.valueMetric !== null && <option value={a.valueMetric}>{a.valueMetric} (not in this dataset)</option>}
              </select>
              {missingValueMetric && (
                <span id={`${id}-missing`} className="sf-error">
                  this dataset has no metric “{a.valueMetric}”
                </span>
              )}
            </span>
          )}
        </Row>
        <Row label="Partner-manager capacity (hours / year)" help="Hours the partner team has in a year; the benefits' hours are compared with it. Empty: not set.">
          {({ id, helpId }) => (
            <NumericField id={id} describedBy={helpId} allowEmpty min={0} value={a.capacityHours} onValue={(v) => setA({ capacityHours: v })} suffix="h" />
          )}
        </Row>
        <Row label={`MDF budget (${symbol} / year)`} help={`Market development funds available; the benefits' MDF ${word} are compared with it. Empty: not set.`}>
          {({ id, helpId }) => <NumericField id={id} describedBy={helpId} allowEmpty min={0} value={a.mdfBudget} onValue={(v) => setA({ mdfBudget: v })} currency={currency} />}
        </Row>
        <Row label={`Margin budget (${symbol} / year)`} help={`${word.charAt(0).toUpperCase()}${word.slice(1)} of extra margin the program can give away through margin points. Empty: not set.`}>
          {({ id, helpId }) => (
            <NumericField id={id} describedBy={helpId} allowEmpty min={0} value={a.marginBudget} onValue={(v) => setA({ marginBudget: v })} currency={currency} />
          )}
        </Row>
      </section>
      <section aria-labelledby={headingP}>
        <h3 id={headingP} className="sf-heading">
          Policies
        </h3>
        <Row label="Grandfathering (quarters)" help="A demoted partner keeps its old tier's benefits (and their cost) this many quarters; 0 = demote at once.">
          {({ id, helpId }) => (
            <NumericField id={id} describedBy={helpId} integer min={0} max={12} value={p.grandfatherQuarters} onValue={(v) => setP({ grandfatherQuarters: v })} suffix="quarters" />
          )}
        </Row>
        <Row label="Max demotion per cycle (levels)" help="A partner drops at most this many levels in one review cycle. Empty: no limit.">
          {({ id, helpId }) => (
            <NumericField
              id={id}
              describedBy={helpId}
              allowEmpty
              integer
              min={1}
              max={11}
              value={p.maxDemotionLevels}
              onValue={(v) => setP({ maxDemotionLevels: v })}
              placeholder="no limit"
              suffix="levels"
            />
          )}
        </Row>
        <Row label="Demotion warning band (%)" help="A partner within this % below its current tier's requirements is warned (at risk), not demoted. Empty: off.">
          {({ id, helpId }) => (
            <NumericField
              id={id}
              describedBy={helpId}
              allowEmpty
              min={0}
              max={100}
              value={p.warningBandPct}
              onValue={(v) => setP({ warningBandPct: v })}
              placeholder="off"
              suffix="%"
            />
          )}
        </Row>
        <Row label="Top-tier inflation alert (%)" help="Alert when a ladder's top tier holds more than this % of its partners. Empty: off.">
          {({ id, helpId }) => (
            <NumericField
              id={id}
              describedBy={helpId}
              allowEmpty
              min={0}
              max={100}
              value={p.inflationAlertPct}
              onValue={(v) => setP({ inflationAlertPct: v })}
              placeholder="off"
              suffix="%"
            />
          )}
        </Row>
      </section>
    </div>
  );
}
