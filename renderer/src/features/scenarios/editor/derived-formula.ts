/**
 * The checks and the preview of the derived-metrics editor (DESIGN D3.1), apart from its
 * rows (DerivedMetricRows.tsx): a formula parsed against the dataset's metrics and the
 * other derived metrics (circular references found by `orderDerived`), where a derived
 * metric is used, the problem with its key, and a formula's values for the first partners
 * of the preview.
 */
import { datasetCurrency, settledUnit } from '../../../../../shared/model/currency';
import { orderDerived, parseFormula, type DerivedDef, type FormulaProblem } from '../../../../../shared/model/formula';
import { computeDerived } from '../../../../../shared/engine';
import { err, ok, type Result } from '../../../../../shared/model/result';
import { metricsUsed, type DerivedMetric, type Scenario } from '../../../../../shared/model/scenario';
import { MetricKeySchema, type MetricDef, type MetricKind } from '../../../../../shared/model/workspace';

export interface DerivedPreview {
  /** partner names, row by row */
  names: string[];
  /** values by metric key, aligned with `names`; NaN = no data */
  columns: ReadonlyMap<string, Float64Array>;
}


export const MAX_DERIVED = 50;
/** Partners shown in a formula's preview. */
export const PREVIEW_ROWS = 8;
/** Input metrics shown beside the result in a preview. */
const PREVIEW_INPUTS = 4;

export type FormulaCheck = Result<{ refs: string[] }, FormulaProblem>;

/**
 * Checks the formula of the derived metric `key` (at `index` of `defs`, or a new one when
 * index is -1): it parses against the dataset's metrics and every derived key, and adding it
 * makes no circular reference.
 */
export function checkFormula(text: string, key: string, index: number, defs: readonly DerivedDef[], baseKeys: ReadonlySet<string>): FormulaCheck {
  const candidate = withFormula(defs, index, key, text);
  const known = new Set<string>([...baseKeys, ...candidate.map((d) => d.key)]);
  const parsed = parseFormula(text, known);
  if (!parsed.ok) return parsed;
  const ordered = orderDerived(candidate, baseKeys);
  if (!ordered.ok) {
    const own = ordered.error.find((e) => e.key === key);
    if (own) return err({ message: own.error, position: null });
  }
  return ok({ refs: parsed.value.refs });
}

function withFormula(defs: readonly DerivedDef[], index: number, key: string, formula: string): DerivedDef[] {
  const list = defs.map((d) => ({ key: d.key, formula: d.formula }));
  if (index < 0) list.push({ key, formula });
  else list[index] = { key, formula };
  return list;
}

/** Where a derived metric is used: other formulas, requirements, caps, the value metric. */
export function usesOfDerived(key: string, scenario: Scenario, baseKeys: ReadonlySet<string>): string[] {
  const uses: string[] = [];
  const known = new Set<string>([...baseKeys, ...scenario.derivedMetrics.map((d) => d.key)]);
  for (const d of scenario.derivedMetrics) {
    if (d.key === key) continue;
    const parsed = parseFormula(d.formula, known);
    if (parsed.ok ? parsed.value.refs.includes(key) : new RegExp(`\\b${key}\\b`).test(d.formula)) uses.push(`the formula of ${d.label}`);
  }
  if (metricsUsed({ ...scenario, assumptions: { ...scenario.assumptions, valueMetric: null } }).has(key)) uses.push('requirements or caps');
  if (scenario.assumptions.valueMetric === key) uses.push('the value metric');
  return uses;
}

/** The problem with a derived metric's key, or null. `index` -1: a new metric. */
export function checkDerivedKey(text: string, index: number, scenario: Scenario, baseKeys: ReadonlySet<string>): string | null {
  if (text === '') return 'a key is required';
  if (!MetricKeySchema.safeParse(text).success) return 'lower-case letters, digits and _, starting with a letter (at most 64)';
  if (baseKeys.has(text)) return `"${text}" is already a metric of the dataset`;
  if (scenario.derivedMetrics.some((d, i) => i !== index && d.key === text)) return `another derived metric has the key "${text}"`;
  const current = index >= 0 ? scenario.derivedMetrics[index] : undefined;
  if (current && current.key !== text) {
    const uses = usesOfDerived(current.key, scenario, baseKeys);
    if (uses.length > 0) return `"${current.key}" is used by ${uses.join(', ')}; it keeps its key`;
  }
  return null;
}

/** A key no metric has yet, for checking a new formula before its key is typed. */
export function placeholderKey(taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const k = n === 1 ? 'new_derived_metric' : `new_derived_metric_${n}`;
    if (!taken.has(k)) return k;
  }
}

/** What the preview shows: the first partners' values of the formula and of its direct inputs. */
export interface Preview {
  rows: number;
  inputs: { key: string; label: string; kind: MetricKind; unit: string | null; values: Float64Array | null }[];
  values: Float64Array;
  /** the list's currency: a currency metric's without its own (shared/model/currency) */
  currency: string;
}
export type PreviewResult = Result<Preview>;

/** The formula's values (and its direct inputs') for the first partners of the preview. */
export function computePreview(
  defs: readonly DerivedMetric[],
  key: string,
  refs: readonly string[],
  metrics: readonly MetricDef[],
  preview: DerivedPreview,
): PreviewResult {
  const rows = Math.min(preview.names.length, PREVIEW_ROWS);
  const base = new Map<string, Float64Array>();
  for (const m of metrics) base.set(m.key, preview.columns.get(m.key) ?? new Float64Array(rows).fill(Number.NaN));
  const baseKeys = new Set(base.keys());
  // only the derived metrics this one needs, so that a broken unrelated formula does not hide the preview
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const known = new Set<string>([...baseKeys, ...byKey.keys()]);
  const needed = new Set<string>();
  const visit = (k: string) => {
    if (needed.has(k)) return;
    const def = byKey.get(k);
    if (!def) return;
    needed.add(k);
    const parsed = parseFormula(def.formula, known);
    if (parsed.ok) parsed.value.refs.forEach(visit);
  };
  visit(key);
  const subset = defs.filter((d) => needed.has(d.key));
  const computed = computeDerived(subset, base, rows);
  if (!computed.ok) {
    const first = computed.error.find((e) => e.key !== key) ?? computed.error[0];
    return err(first ? `${first.key}: ${first.error}` : 'the formula cannot be computed');
  }
  const values = computed.value.get(key);
  if (!values) return err('the formula cannot be computed');
  const currency = datasetCurrency(metrics);
  const inputs = refs.slice(0, PREVIEW_INPUTS).map((ref) => {
    const metric = metrics.find((m) => m.key === ref);
    const derived = byKey.get(ref);
    const kind = metric?.kind ?? derived?.kind ?? 'number';
    return {
      key: ref,
      label: metric?.label ?? derived?.label ?? ref,
      kind,
      unit: settledUnit(kind, metric?.unit ?? derived?.unit ?? null, currency),
      values: computed.value.get(ref) ?? null,
    };
  });
  return ok({ rows, inputs, values, currency });
}

