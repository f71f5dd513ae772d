import { datasetCurrency, withCurrencies } from '../../../shared/model/currency';
import type { Scenario } from '../../../shared/model/scenario';
import type { MetricDef } from '../../../shared/model/workspace';

/**
 * The dataset metrics plus the scenario's derived metrics, as the editors offer them; each
 * currency metric's unit is its currency (its own, else the list's: shared/model/currency).
 */
export function editorMetrics(datasetMetrics: readonly MetricDef[], scenario: Scenario | null): MetricDef[] {
  const own = new Set(datasetMetrics.map((m) => m.key));
  const derived = (scenario?.derivedMetrics ?? []).filter((d) => !own.has(d.key)).map((d) => ({ key: d.key, label: d.label, kind: d.kind, unit: d.unit }));
  return withCurrencies([...datasetMetrics, ...derived], datasetCurrency(datasetMetrics));
}

/** The list's currency among the editors' metrics (the scenario's derived metrics do not count). */
export function editorCurrency(metrics: readonly MetricDef[], scenario: Scenario): string {
  const derived = new Set(scenario.derivedMetrics.map((d) => d.key));
  return datasetCurrency(metrics.filter((m) => !derived.has(m.key)));
}
