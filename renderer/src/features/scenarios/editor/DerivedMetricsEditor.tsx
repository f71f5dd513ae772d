/**
 * Derived metrics (DESIGN D3.1): formulas over other metrics of the same partner, typed by the
 * user. Each formula is checked as it is typed (parsed against the dataset's metrics and
 * the other derived metrics; circular references found by `orderDerived`), the problem and
 * where it is shown next to the field, and, when it is valid, its value for the first
 * partners of the preview. Only a valid formula reaches the scenario.
 */
import { useId, useState, type FormEvent } from 'react';
import { datasetCurrency, settledUnit } from '../../../../../shared/model/currency';
import { formatMetricValue } from '../../../../../shared/model/format';
import { computeDerived, orderDerived, parseFormula, type DerivedDef, type FormulaProblem } from '../../../../../shared/model/formula';
import { err, ok, type Result } from '../../../../../shared/model/result';
import { METRIC_KIND_INFO } from '../../../../../shared/model/metric-kinds';
import { metricsUsed, type DerivedMetric, type Scenario } from '../../../../../shared/model/scenario';
import { METRIC_KINDS, MetricKeySchema, type MetricDef, type MetricKind } from '../../../../../shared/model/workspace';
import { endTyping, typingInto, typingKindOf } from '../../../stores/scenario.slice';
import type { ScenarioEditorProps } from './BenefitsEditor';
import { CheckedInput, TextField, checkName, describedBy, useLocalText } from '../../../components/numeric-field';
import './forms.css';

export interface DerivedPreview {
  /** partner names, row by row */
  names: string[];
  /** values by metric key, aligned with `names`; NaN = no data */
  columns: ReadonlyMap<string, Float64Array>;
}

/** `metrics`: the dataset's own metrics only (not the derived ones): a derived key must not clash with them. */
export interface DerivedMetricsEditorProps extends ScenarioEditorProps {
  /** a few partners' values by dataset metric key; null: no preview */
  preview: DerivedPreview | null;
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

function placeholderKey(taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const k = n === 1 ? 'new_derived_metric' : `new_derived_metric_${n}`;
    if (!taken.has(k)) return k;
  }
}

/** What the preview shows: the first partners' values of the formula and of its direct inputs. */
interface Preview {
  rows: number;
  inputs: { key: string; label: string; kind: MetricKind; unit: string | null; values: Float64Array | null }[];
  values: Float64Array;
  /** the list's currency: a currency metric's without its own (shared/model/currency) */
  currency: string;
}
type PreviewResult = Result<Preview>;

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

function FormulaProblem({ id, text, check }: { id: string; text: string; check: Extract<FormulaCheck, { ok: false }> }) {
  const { position } = check.error;
  const message = position === null ? check.error.message : check.error.message.replace(` at ${position}`, '');
  return (
    <div id={id} className="sf-error sf-formula-error">
      <span>{message}</span>
      {position !== null && (
        <span className="sf-pointer">
          {' '}
          at character {position + 1}:{' '}
          <code>
            {text.slice(Math.max(0, position - 30), position)}
            <mark>{text.charAt(position) || ' '}</mark>
            {text.slice(position + 1, position + 30)}
          </code>
        </span>
      )}
    </div>
  );
}

function PreviewTable({ result: preview, names, label, kind, unit }: { result: PreviewResult; names: readonly string[]; label: string; kind: MetricKind; unit: string | null }) {
  if (!preview.ok) return <p className="sf-help">No preview: {preview.error}</p>;
  const result = preview.value;
  return (
    <table className="sf-table sf-preview" aria-label={`Preview of ${label}`}>
      <thead>
        <tr>
          <th scope="col">Partner</th>
          {result.inputs.map((i) => (
            <th key={i.key} scope="col" className="sf-num">
              {i.label}
            </th>
          ))}
          <th scope="col" className="sf-num sf-result">
            {label}
          </th>
        </tr>
      </thead>
      <tbody>
        {names.slice(0, result.rows).map((name, r) => (
          <tr key={r}>
            <th scope="row">{name}</th>
            {result.inputs.map((i) => (
              <td key={i.key} className="sf-num">
                {formatMetricValue(i.kind, i.values?.[r] ?? null, i.unit)}
              </td>
            ))}
            <td className="sf-num sf-result">{formatMetricValue(kind, result.values[r] ?? null, settledUnit(kind, unit, result.currency))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface RowProps {
  def: DerivedMetric;
  index: number;
  scenario: Scenario;
  onChange: (next: Scenario) => void;
  metrics: readonly MetricDef[];
  baseKeys: ReadonlySet<string>;
  preview: DerivedPreview | null;
  onRemoved: (index: number) => void;
}

function replaceDef(scenario: Scenario, index: number, patch: Partial<DerivedMetric>): Scenario {
  return { ...scenario, derivedMetrics: scenario.derivedMetrics.map((d, i) => (i === index ? { ...d, ...patch } : d)) };
}

function DerivedRow({ def, index, scenario, onChange, metrics, baseKeys, preview, onRemoved }: RowProps) {
  const id = useId();
  const formulaId = `${id}-formula`;
  const formulaErrorId = `${formulaId}-error`;
  const kindId = `${id}-kind`;
  const [removeAttempted, setRemoveAttempted] = useState(false);
  const blockingUses = removeAttempted ? usesOfDerived(def.key, scenario, baseKeys) : [];
  const [formula, setFormula] = useLocalText(def.formula, (v) => v, (t, v) => t.trim() === v);
  const check = checkFormula(formula, def.key, index, scenario.derivedMetrics, baseKeys);
  const set = (patch: Partial<DerivedMetric>) => onChange(replaceDef(scenario, index, patch));
  const previewResult =
    check.ok && preview !== null
      ? computePreview(
          scenario.derivedMetrics.map((d, i) => (i === index ? { ...d, formula } : d)),
          def.key,
          check.value.refs,
          metrics,
          preview,
        )
      : null;

  const remove = () => {
    if (usesOfDerived(def.key, scenario, baseKeys).length > 0) {
      setRemoveAttempted(true);
      return;
    }
    onRemoved(index);
    onChange({ ...scenario, derivedMetrics: scenario.derivedMetrics.filter((_, i) => i !== index) });
  };

  return (
    <fieldset className="sf-derived">
      <legend>
        {def.label} <code className="sf-id">{def.key}</code>
      </legend>
      <div className="sf-derived-head">
        <div className="sf-stack">
          <label htmlFor={`${id}-key`}>Key</label>
          <TextField id={`${id}-key`} value={def.key} onValue={(v) => set({ key: v })} validate={(t) => checkDerivedKey(t, index, scenario, baseKeys)} maxLength={64} code />
        </div>
        <div className="sf-stack sf-grow">
          <label htmlFor={`${id}-label`}>Label</label>
          <TextField id={`${id}-label`} value={def.label} onValue={(v) => set({ label: v })} validate={checkName} maxLength={120} />
        </div>
        <div className="sf-stack">
          <label htmlFor={kindId}>Kind</label>
          <select id={kindId} value={def.kind} onChange={(e) => set({ kind: e.target.value as MetricKind })}>
            {METRIC_KINDS.map((k) => (
              <option key={k} value={k}>
                {METRIC_KIND_INFO[k].label}
              </option>
            ))}
          </select>
        </div>
        <div className="sf-stack sf-unit">
          <label htmlFor={`${id}-unit`}>Unit</label>
          <TextField
            id={`${id}-unit`}
            value={def.unit ?? ''}
            onValue={(v) => set({ unit: v === '' ? null : v })}
            validate={(t) => (t.length > 32 ? 'at most 32 characters' : null)}
            maxLength={32}
            placeholder="none"
          />
        </div>
        <button type="button" className="sf-remove" onClick={remove} aria-label={`Remove derived metric ${def.label}`}>
          Remove
        </button>
      </div>
      {blockingUses.length > 0 && (
        <p className="sf-error" role="alert">
          {def.label} is used by {blockingUses.join(', ')}; remove those uses first.
        </p>
      )}
      <div className="sf-stack">
        <label htmlFor={formulaId}>Formula</label>
        <textarea
          id={formulaId}
          className="sf-text sf-code sf-formula"
          rows={2}
          value={formula}
          maxLength={2000}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            const text = e.target.value;
            setFormula(text);
            const result = checkFormula(text, def.key, index, scenario.derivedMetrics, baseKeys);
            // typing a formula is one undo step per visit, not one per keystroke
            if (result.ok && text.trim() !== def.formula) typingInto(formulaId, typingKindOf(e), () => set({ formula: text.trim() }));
          }}
          onBlur={endTyping}
          aria-invalid={check.ok ? undefined : 'true'}
          aria-describedby={describedBy(undefined, formulaErrorId, check.ok ? null : check.error.message)}
        />
        {!check.ok && <FormulaProblem id={formulaErrorId} text={formula} check={check} />}
      </div>
      {previewResult !== null && preview !== null && <PreviewTable result={previewResult} names={preview.names} label={def.label} kind={def.kind} unit={def.unit} />}
      {check.ok && preview === null && <p className="sf-help">Load partner data to see a preview of this formula.</p>}
    </fieldset>
  );
}

function NewDerivedMetric({ scenario, onChange, metrics, baseKeys, preview, onAdded }: Omit<RowProps, 'def' | 'index' | 'onRemoved'> & { onAdded: () => void }) {
  const id = useId();
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [kind, setKind] = useState<MetricKind>('number');
  const [formula, setFormula] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const full = scenario.derivedMetrics.length >= MAX_DERIVED;

  const keyText = key.trim();
  const keyError = keyText === '' && !submitted ? null : checkDerivedKey(keyText, -1, scenario, baseKeys);
  const labelError = label.trim() === '' && !submitted ? null : checkName(label);
  const checkKey = keyError === null && keyText !== '' ? keyText : placeholderKey(new Set([...baseKeys, ...scenario.derivedMetrics.map((d) => d.key)]));
  const check = formula.trim() === '' && !submitted ? null : checkFormula(formula, checkKey, -1, scenario.derivedMetrics, baseKeys);
  const previewResult =
    check?.ok && preview !== null
      ? computePreview([...scenario.derivedMetrics, { key: checkKey, label: label.trim() || 'New metric', kind, unit: null, formula }], checkKey, check.value.refs, metrics, preview)
      : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const k = checkDerivedKey(keyText, -1, scenario, baseKeys);
    const l = checkName(label);
    const f = checkFormula(formula, keyText, -1, scenario.derivedMetrics, baseKeys);
    if (full || k !== null || l !== null || !f.ok) return;
    onAdded();
    onChange({ ...scenario, derivedMetrics: [...scenario.derivedMetrics, { key: keyText, label: label.trim(), kind, unit: null, formula: formula.trim() }] });
    setKey('');
    setLabel('');
    setFormula('');
    setKind('number');
    setSubmitted(false);
  };

  const ids = { key: `${id}-key`, label: `${id}-label`, kind: `${id}-kind`, formula: `${id}-formula` };
  return (
    <form className="sf-derived sf-derived-new" onSubmit={submit} aria-label="Add a derived metric">
      <p className="sf-subheading">New derived metric</p>
      <div className="sf-derived-head">
        <div className="sf-stack">
          <label htmlFor={ids.key}>New key</label>
          <CheckedInput id={ids.key} value={key} onText={setKey} error={keyError} placeholder="e.g. arr_growth" disabled={full} maxLength={64} code />
        </div>
        <div className="sf-stack sf-grow">
          <label htmlFor={ids.label}>New label</label>
          <CheckedInput id={ids.label} value={label} onText={setLabel} error={labelError} placeholder="e.g. Sourced ARR growth" disabled={full} maxLength={120} />
        </div>
        <div className="sf-stack">
          <label htmlFor={ids.kind}>New kind</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as MetricKind)} disabled={full}>
            {METRIC_KINDS.map((k) => (
              <option key={k} value={k}>
                {METRIC_KIND_INFO[k].label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="sf-stack">
        <label htmlFor={ids.formula}>New formula</label>
        <textarea
          id={ids.formula}
          className="sf-text sf-code sf-formula"
          rows={2}
          value={formula}
          maxLength={2000}
          spellCheck={false}
          autoComplete="off"
          placeholder="e.g. (sourced_arr - sourced_arr_py) / sourced_arr_py"
          onChange={(e) => setFormula(e.target.value)}
          aria-invalid={check !== null && !check.ok ? 'true' : undefined}
          aria-describedby={describedBy(undefined, `${ids.formula}-error`, check !== null && !check.ok ? check.error.message : null)}
          disabled={full}
        />
        {check !== null && !check.ok && <FormulaProblem id={`${ids.formula}-error`} text={formula} check={check} />}
      </div>
      {previewResult !== null && preview !== null && (
        <PreviewTable result={previewResult} names={preview.names} label={label.trim() || 'New metric'} kind={kind} unit={null} />
      )}
      <div className="sf-add">
        <button type="submit" disabled={full}>
          Add derived metric
        </button>
        <span className="sf-help">
          {full
            ? `At most ${MAX_DERIVED} derived metrics.`
            : 'Operators + − * / ^ and min, max, abs, round, if, coalesce, log, sqrt. Missing data or a division by zero gives “no data”.'}
        </span>
      </div>
    </form>
  );
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
