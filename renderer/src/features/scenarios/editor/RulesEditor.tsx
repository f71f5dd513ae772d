/**
 * The offsetting rules (DESIGN D5, the conflict map): each rule's name, description and the
 * conflict types it covers, switched on or off for this scenario, and a plain warning for
 * every conflict type the benefits use that no enabled rule covers.
 */
import { useId, useState, type FormEvent } from 'react';
import type { OffsettingRule, Scenario } from '../../../../../shared/model/scenario';
import { conflictTypeLabel, conflictTypesInUse, idFromName, type ScenarioEditorProps } from './BenefitsEditor';
import { FieldError, TextField, checkName, useNewName } from '../../../components/numeric-field';
import '../../../components/forms.css';

export const MAX_RULES = 100;
const MAX_COVERS = 20;

export interface UncoveredConflict {
  type: string;
  /** names of the benefits carrying it, in catalog order */
  benefits: string[];
}

/** The conflict types benefits carry that no enabled rule covers, in order of first use. */
export function uncoveredConflictTypes(scenario: Scenario): UncoveredConflict[] {
  const enabled = new Set(scenario.enabledRules);
  const covered = new Set(scenario.rules.filter((r) => enabled.has(r.id)).flatMap((r) => r.covers));
  const out = new Map<string, string[]>();
  for (const b of scenario.benefits) {
    if (b.conflictType === null || covered.has(b.conflictType)) continue;
    const list = out.get(b.conflictType) ?? [];
    list.push(b.name);
    out.set(b.conflictType, list);
  }
  return [...out].map(([type, benefits]) => ({ type, benefits }));
}

function updateRule(scenario: Scenario, id: string, patch: Partial<Omit<OffsettingRule, 'id'>>): Scenario {
  return { ...scenario, rules: scenario.rules.map((r) => (r.id === id ? { ...r, ...patch } : r)) };
}

export function setRuleEnabled(scenario: Scenario, id: string, on: boolean): Scenario {
  const has = scenario.enabledRules.includes(id);
  if (on === has) return scenario;
  return { ...scenario, enabledRules: on ? [...scenario.enabledRules, id] : scenario.enabledRules.filter((r) => r !== id) };
}

export function removeRule(scenario: Scenario, id: string): Scenario {
  return { ...scenario, rules: scenario.rules.filter((r) => r.id !== id), enabledRules: scenario.enabledRules.filter((r) => r !== id) };
}

function RuleRow({ rule, types, scenario, onChange }: { rule: OffsettingRule; types: readonly string[]; scenario: Scenario; onChange: (next: Scenario) => void }) {
  const [coverError, setCoverError] = useState<string | null>(null);
  const legendId = useId();
  const errorId = `${legendId}-error`;
  const enabled = scenario.enabledRules.includes(rule.id);
  const name = rule.name;

  const toggleCover = (type: string, on: boolean) => {
    const covers = on ? [...rule.covers, type] : rule.covers.filter((t) => t !== type);
    if (covers.length === 0) {
      setCoverError('a rule covers at least one conflict type');
      return;
    }
    if (covers.length > MAX_COVERS) {
      setCoverError(`a rule covers at most ${MAX_COVERS} conflict types`);
      return;
    }
    setCoverError(null);
    onChange(updateRule(scenario, rule.id, { covers }));
  };

  return (
    <tr className={enabled ? undefined : 'sf-off'}>
      <td className="sf-check">
        <input type="checkbox" checked={enabled} onChange={(e) => onChange(setRuleEnabled(scenario, rule.id, e.target.checked))} aria-label={`Use ${name} in this scenario`} />
      </td>
      <th scope="row" className="sf-name-cell">
        <TextField value={rule.name} onValue={(v) => onChange(updateRule(scenario, rule.id, { name: v }))} validate={checkName} label={`Name of rule ${rule.id}`} maxLength={120} />
        <span className="sf-id">{rule.id}</span>
      </th>
      <td>
        <TextField
          value={rule.description}
          onValue={(v) => onChange(updateRule(scenario, rule.id, { description: v }))}
          validate={(t) => (t.length > 2000 ? 'at most 2,000 characters' : null)}
          label={`Description of ${name}`}
          maxLength={2000}
          multiline
        />
      </td>
      <td>
        <fieldset className="sf-covers" aria-describedby={coverError !== null ? errorId : undefined}>
          <legend id={legendId} className="sf-visually-hidden">
            Conflict types covered by {name}
          </legend>
          {types.map((t) => (
            <label key={t} className="sf-check-label">
              <input type="checkbox" checked={rule.covers.includes(t)} onChange={(e) => toggleCover(t, e.target.checked)} />
              {conflictTypeLabel(t)}
            </label>
          ))}
          <FieldError id={errorId} error={coverError} />
        </fieldset>
      </td>
      <td className="sf-actions">
        <button type="button" className="sf-remove" onClick={() => onChange(removeRule(scenario, rule.id))} aria-label={`Remove rule ${name}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}

function AddRuleForm({ scenario, types, onChange }: { scenario: Scenario; types: readonly string[]; onChange: (next: Scenario) => void }) {
  const uncovered = uncoveredConflictTypes(scenario);
  const [cover, setCover] = useState<string>(uncovered[0]?.type ?? types[0] ?? 'exclusivity');
  const coverId = useId();
  const full = scenario.rules.length >= MAX_RULES;
  const newName = useNewName('New rule', 'name, e.g. Lead routing by territory', full);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.take();
    if (name === null) return;
    const id = idFromName(name, scenario.rules.map((r) => r.id), 'rule');
    const rule: OffsettingRule = { id, name, description: '', covers: [cover] };
    onChange({ ...scenario, rules: [...scenario.rules, rule], enabledRules: [...scenario.enabledRules, id] });
  };

  return (
    <form className="sf-add" onSubmit={submit} aria-label="Add an offsetting rule">
      {newName.field}
      <label htmlFor={coverId}>Covers</label>
      <select id={coverId} value={cover} onChange={(e) => setCover(e.target.value)} disabled={full}>
        {types.map((t) => (
          <option key={t} value={t}>
            {conflictTypeLabel(t)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={full}>
        Add rule
      </button>
      <span className="sf-help">{full ? `At most ${MAX_RULES} rules.` : 'A new rule is switched on in this scenario.'}</span>
    </form>
  );
}

/** The offsetting-rule catalog, on/off per scenario, with the uncovered-conflict warning. */
export function RulesEditor({ scenario, onChange }: ScenarioEditorProps) {
  const headingId = useId();
  const types = conflictTypesInUse(scenario);
  const uncovered = uncoveredConflictTypes(scenario);
  const enabledCount = scenario.rules.filter((r) => scenario.enabledRules.includes(r.id)).length;
  return (
    <section className="sf-editor sf-rules" aria-labelledby={headingId}>
      <h3 id={headingId} className="sf-heading">
        Offsetting rules
      </h3>
      <p className="sf-help">
        A benefit with a conflict type is covered when an enabled rule covers that type. {enabledCount} of {scenario.rules.length} rule
        {scenario.rules.length === 1 ? '' : 's'} on in this scenario.
      </p>
      {uncovered.length > 0 ? (
        <p className="sf-warning" role="status" data-testid="uncovered-conflicts">
          No enabled rule covers:{' '}
          {uncovered.map((u, i) => (
            <span key={u.type}>
              {i > 0 ? '; ' : ''}
              <strong>{conflictTypeLabel(u.type)}</strong> ({u.benefits.join(', ')})
            </span>
          ))}
          .
        </p>
      ) : (
        <p className="sf-ok" role="status" data-testid="uncovered-conflicts">
          Every conflict type the benefits carry has an enabled rule.
        </p>
      )}
      {scenario.rules.length > 0 && (
        <div className="sf-scroll">
          <table className="sf-table sf-rules-table">
            <thead>
              <tr>
                <th scope="col">On</th>
                <th scope="col">Rule</th>
                <th scope="col">Description</th>
                <th scope="col">Covers</th>
                <th scope="col">
                  <span className="sf-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {scenario.rules.map((r) => (
                <RuleRow key={r.id} rule={r} types={types} scenario={scenario} onChange={onChange} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddRuleForm scenario={scenario} types={types} onChange={onChange} />
    </section>
  );
}
