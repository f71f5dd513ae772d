/**
 * The rows of the derived-metrics editor (DESIGN D3.1): one per derived metric (key, label,
 * kind, unit, formula, removal) and the form that adds one, each formula checked as it is
 * typed (derived-formula.ts), its problem and where it is shown next to the field, and its
 * preview table when it is valid. Only a valid formula reaches the scenario.
 */
import { useId, useState, type FormEvent } from 'react';
import { settledUnit } from '../../../../../shared/model/currency';
import { formatMetricValue } from '../../../../../shared/model/format';
import { ok } from '../../../../../shared/model/result';
import { METRIC_KIND_INFO } from '../../../../../shared/model/metric-kinds';
import type { DerivedMetric, Scenario } from '../../../../../shared/model/scenario';
import { METRIC_KINDS, type MetricDef, type MetricKind } from '../../../../../shared/model/workspace';
import { typedInput, useFieldText } from '../../../components/field-text';
import { CheckedInput, TextField, checkName, describedBy } from '../../../components/numeric-field';
import { checkDerivedKey, checkFormula, computePreview, MAX_DERIVED, placeholderKey, usesOfDerived, type DerivedPreview, type FormulaCheck, type PreviewResult } from './derived-formula';
import '../../../components/forms.css';

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
  // the value first, after the partner, and the inputs after it: a formula over wide or many
  // metrics scrolls inside its own box, never the editor sideways
  return (
    <div className="sf-preview-box">
      <table className="sf-table sf-preview" aria-label={`Preview of ${label}`}>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col" className="sf-num sf-result">
              {label}
            </th>
            {result.inputs.map((i) => (
              <th key={i.key} scope="col" className="sf-num">
                {i.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.slice(0, result.rows).map((name, r) => (
            <tr key={r}>
              <th scope="row">{name}</th>
              <td className="sf-num sf-result">{formatMetricValue(kind, result.values[r] ?? null, settledUnit(kind, unit, result.currency))}</td>
              {result.inputs.map((i) => (
                <td key={i.key} className="sf-num">
                  {formatMetricValue(i.kind, i.values?.[r] ?? null, i.unit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface RowProps {
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

export function DerivedRow({ def, index, scenario, onChange, metrics, baseKeys, preview, onRemoved }: RowProps) {
  const id = useId();
  const formulaId = `${id}-formula`;
  const formulaErrorId = `${formulaId}-error`;
  const kindId = `${id}-kind`;
  const [removeAttempted, setRemoveAttempted] = useState(false);
  const blockingUses = removeAttempted ? usesOfDerived(def.key, scenario, baseKeys) : [];
  const set = (patch: Partial<DerivedMetric>) => onChange(replaceDef(scenario, index, patch));
  // typing a formula is one undo step per visit, not one per keystroke (typedInput)
  const field = useFieldText(def.formula, { says: (_key, t, v) => t.trim() === v }).bind('formula', {
    formatted: def.formula,
    parse: (t) => {
      const checked = checkFormula(t, def.key, index, scenario.derivedMetrics, baseKeys);
      return checked.ok ? ok({ formula: t.trim(), refs: checked.value.refs }) : checked;
    },
    edit: ({ formula: trimmed }) => (trimmed === def.formula ? undefined : trimmed),
    report: (next) => set({ formula: next }),
  });
  const formula = field.text;
  const check = field.parsed;
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
          {...typedInput(formulaId, field)}
          className="sf-text sf-code sf-formula"
          rows={2}
          maxLength={2000}
          spellCheck={false}
          autoComplete="off"
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

export function NewDerivedMetric({ scenario, onChange, metrics, baseKeys, preview, onAdded }: Omit<RowProps, 'def' | 'index' | 'onRemoved'> & { onAdded: () => void }) {
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
