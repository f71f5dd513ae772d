import type { Scenario } from '../../../../shared/model/scenario';
import type { MetricDef } from '../../../../shared/model/workspace';

/** The dataset metrics plus the scenario's derived metrics, as the editors offer them. */
export function editorMetrics(datasetMetrics: readonly MetricDef[], scenario: Scenario | null): MetricDef[] {
  const own = new Set(datasetMetrics.map((m) => m.key));
  const derived = (scenario?.derivedMetrics ?? []).filter((d) => !own.has(d.key)).map((d) => ({ key: d.key, label: d.label, kind: d.kind, unit: d.unit }));
  return [...datasetMetrics, ...derived];
}
