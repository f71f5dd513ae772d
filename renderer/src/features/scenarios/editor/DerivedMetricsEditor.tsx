/**
 * Derived metrics (DESIGN D3.1): formulas over other metrics of the same partner, typed by the
 * user. Each formula is checked as it is typed (parsed against the dataset's metrics and
 * the other derived metrics; circular references found by `orderDerived`), the problem and
 * where it is shown next to the field, and, when it is valid, its value for the first
 * partners of the preview. Only a valid formula reaches the scenario.
 *
 * This file is the section; derived-formula.ts holds the checks and the preview, and
 * DerivedMetricRows.tsx the rows and the form that adds one.
 */
import { useId, useState } from 'react';
import type { ScenarioEditorProps } from './BenefitsEditor';
import type { DerivedPreview } from './derived-formula';
import { DerivedRow, NewDerivedMetric } from './DerivedMetricRows';
import '../../../components/forms.css';

/** `metrics`: the dataset's own metrics only (not the derived ones): a derived key must not clash with them. */
export interface DerivedMetricsEditorProps extends ScenarioEditorProps {
  /** a few partners' values by dataset metric key; null: no preview */
  preview: DerivedPreview | null;
}

/** Which stable React key each row has, so a row keeps its state (and focus) when its metric key is renamed. */
function useRowKeys(count: number) {
  const [state, setState] = useState(() => ({ keys: Array.from({ length: count }, (_, i) => i), next: count }));
  let keys = state.keys;
  if (keys.length !== count) {
    const fresh = { keys: Array.from({ length: count }, (_, i) => state.next + i), next: state.next + count };
    setState(fresh);
    keys = fresh.keys;
  }
  return {
    keys,
    removeAt: (index: number) => setState((s) => ({ keys: s.keys.filter((_, i) => i !== index), next: s.next })),
    append: () => setState((s) => ({ keys: [...s.keys, s.next], next: s.next + 1 })),
  };
}

/** The scenario's derived metrics with live formula checking and a preview. */
export function DerivedMetricsEditor({ scenario, onChange, metrics, preview }: DerivedMetricsEditorProps) {
  const headingId = useId();
  const baseKeys = new Set(metrics.map((m) => m.key));
  const rows = useRowKeys(scenario.derivedMetrics.length);
  return (
    <section className="sf-editor sf-derived-editor" aria-labelledby={headingId}>
      <h3 id={headingId} className="sf-heading">
        Derived metrics
      </h3>
      <p className="sf-help">A formula over other metrics of the same partner, usable in requirements like any metric.</p>
      {metrics.length === 0 ? (
        <p className="sf-help">No dataset is open: formulas cannot be checked against its metrics.</p>
      ) : (
        <details className="sf-known">
          <summary>Metrics a formula can use ({metrics.length + scenario.derivedMetrics.length})</summary>
          <ul>
            {metrics.map((m) => (
              <li key={m.key}>
                <code>{m.key}</code> <span>{m.label}</span>
              </li>
            ))}
            {scenario.derivedMetrics.map((d, i) => (
              <li key={`derived-${i}`}>
                <code>{d.key}</code> <span>{d.label} (derived)</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {scenario.derivedMetrics.map((def, i) => (
        <DerivedRow
          key={rows.keys[i] ?? `k${i}`}
          def={def}
          index={i}
          scenario={scenario}
          onChange={onChange}
          metrics={metrics}
          baseKeys={baseKeys}
          preview={preview}
          onRemoved={rows.removeAt}
        />
      ))}
      <NewDerivedMetric scenario={scenario} onChange={onChange} metrics={metrics} baseKeys={baseKeys} preview={preview} onAdded={rows.append} />
    </section>
  );
}
