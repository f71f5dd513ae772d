/**
 * Fit a design to a list: the metrics the scenario reads that the list lacks, where each
 * is read, and for each a column of the list to read instead (suggested by name and kind,
 * shared/model/fit) or "leave unmet" (requirements on it are then never met). Binding
 * rewrites the design to read the chosen columns — the caller makes it an edit of the draft
 * (one undo step) or an edited copy.
 */
import { useMemo, useState } from 'react';
import { bindingCandidates, missingMetrics, suggestBindings, type MissingMetric } from '../../../shared/model/fit';
import type { Scenario } from '../../../shared/model/scenario';
import { METRIC_KIND_INFO } from '../../../shared/model/metric-kinds';
import type { DatasetSummary } from '../../../shared/model/workspace';
import { Modal } from './Modal';

const UNMET = '';

export interface FitDialogProps {
  scenario: Scenario;
  dataset: Pick<DatasetSummary, 'label' | 'metrics'>;
  /** what binding does, for the button: "Bind" (edits the draft) or "Make a fitted copy" */
  action: string;
  /** a sentence under the title, e.g. that the copy replaces the scenario in the comparison */
  note?: string;
  /** called with the chosen columns (missing key → list key); an empty map means "leave them all unmet" */
  onApply(bindings: Map<string, string>): Promise<string | null> | void;
  onClose(): void;
}

function usesText(m: MissingMetric): string {
  const where = m.uses.map((u) => u.where);
  return where.length > 4 ? `${where.slice(0, 4).join(', ')} and ${where.length - 4} more` : where.join(', ');
}

export function FitDialog({ scenario, dataset, action, note, onApply, onClose }: FitDialogProps) {
  const missing = useMemo(() => missingMetrics(scenario, dataset.metrics), [scenario, dataset.metrics]);
  const suggested = useMemo(() => suggestBindings(scenario, missing, dataset.metrics), [scenario, missing, dataset.metrics]);
  const [chosen, setChosen] = useState<Map<string, string>>(() => new Map(suggested));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bound = [...chosen.values()].filter((v) => v !== UNMET).length;
  const twice = [...chosen.values()].filter((v, i, all) => v !== UNMET && all.indexOf(v) !== i);

  const apply = async (bindings: Map<string, string>) => {
    setBusy(true);
    const why = await onApply(bindings);
    setBusy(false);
    if (why) setError(why);
    else onClose();
  };

  return (
    <Modal title={`Fit “${scenario.name}” to ${dataset.label}`} onClose={onClose} onSubmit={() => void apply(new Map([...chosen].filter(([, v]) => v !== UNMET)))} busy={busy} className="fit-dialog" testId="fit-dialog">
      {missing.length === 0 ? (
        <p>Every metric this design reads is in {dataset.label}.</p>
      ) : (
        <>
          <p>
            This design reads {missing.length === 1 ? 'a metric' : `${missing.length} metrics`} that {dataset.label} does not have. Until{' '}
            {missing.length === 1 ? 'it is' : 'they are'} bound to a column of the list, requirements on {missing.length === 1 ? 'it' : 'them'} are never met and{' '}
            {missing.length === 1 ? 'it counts' : 'they count'} as no data.
          </p>
          {note && <p className="muted small">{note}</p>}
          <div className="fit-rows">
            {missing.map((m) => {
              const candidates = bindingCandidates(m, dataset.metrics);
              const id = `fit-${m.key}`;
              const value = chosen.get(m.key) ?? UNMET;
              return (
                <div className="fit-row" key={m.key} data-testid={`fit-row-${m.key}`}>
                  <div className="fit-what">
                    <label htmlFor={id}>
                      <strong>{m.label}</strong> <code className="muted small">{m.key}</code>
                    </label>
                    <span className="muted small">
                      {m.kind ? `${METRIC_KIND_INFO[m.kind].noun} · ` : ''}read by {usesText(m)}
                    </span>
                  </div>
                  <select id={id} value={value} onChange={(e) => setChosen(new Map(chosen).set(m.key, e.target.value))}>
                    <option value={UNMET}>Leave unmet (no data)</option>
                    {candidates.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.label}
                        {suggested.get(m.key) === c.key ? ' — suggested' : ''}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>
          {twice.length > 0 && (
            <p className="field-error" role="alert">
              One column stands for two metrics: {[...new Set(twice)].map((k) => dataset.metrics.find((x) => x.key === k)?.label ?? k).join(', ')}. That is allowed, but check it is
              what you mean.
            </p>
          )}
        </>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" onClick={() => (missing.length ? void apply(new Map()) : onClose())} disabled={busy}>
          {missing.length ? 'Leave all unmet' : 'Close'}
        </button>
        {missing.length > 0 && (
          <button type="submit" className="primary" disabled={busy || bound === 0}>
            {action}
            {bound > 0 ? ` (${bound} of ${missing.length})` : ''}
          </button>
        )}
      </div>
    </Modal>
  );
}
