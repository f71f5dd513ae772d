/**
 * The requirement builder's points leaves (DESIGN D4): at least N points from a table of
 * rules — per unit of a metric, or fixed points when a condition holds, each with an optional
 * cap — and sub-minimums (of which at least M points from some of the rules). The leaf's
 * texts are components/field-text's, kept while invalid; an edit by a button or a select
 * keeps those of the other fields.
 */
import type { ReactNode } from 'react';
import { describeRequirement } from '../../../../../../shared/model/describe';
import type { Result } from '../../../../../../shared/model/result';
import type { PointsLeaf, PointsRule, Requirement } from '../../../../../../shared/model/scenario';
import type { MetricKind } from '../../../../../../shared/model/workspace';
import { useFieldText, type FieldText } from '../../../../components/field-text';
import {
  addPointsRule,
  addSubMinimum,
  changeRuleMetric,
  changeRuleMode,
  changeRuleOp,
  MAX_RULES,
  MAX_SUB_MINIMUMS,
  newPointsRule,
  removePointsRule,
  removeSubMinimum,
  replacePointsRule,
  replaceSubMinimum,
  type RequirementPath,
} from '../../../../lib/requirement-edit';
import { ruleOpNeedsValue, ruleOpsForKind } from '../../../../../../shared/model/operators';
import { formatThreshold, parseBounded, parseThreshold } from '../../../../lib/threshold-text';
import { affixes, currencyOf, Field, MetricSelect, NodeTools, OpSelect, Plus, RootLeafActions } from './controls';
import { keysOf, pathText, sameTree, type Ctx, type Place } from './tree';

/** A text field of the leaf: a valid text commits `apply(value)` at once; leaving the field shows the stored value's own text. */
function leafField<T>(texts: FieldText<PointsLeaf>, key: string, formatted: string, parse: (text: string) => Result<T>, apply: (value: T) => PointsLeaf, commit: (next: Requirement) => void) {
  return texts.bind(key, { formatted, parse, edit: apply, report: commit, tidyOnBlur: true });
}

function parseLabel(text: string, required: boolean): Result<string | undefined> {
  const t = text.trim();
  if (!t) return required ? { ok: false, error: 'A label is required' } : { ok: true, value: undefined };
  if (t.length > 120) return { ok: false, error: 'At most 120 characters' };
  return { ok: true, value: t };
}

/** A per-unit rule counts units of its metric; dates and flags count plain units. */
function perKind(kind: MetricKind): MetricKind {
  return kind === 'date' || kind === 'boolean' ? 'number' : kind;
}

export function PointsEditor({ node: leaf, path, ctx, place }: { node: PointsLeaf; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  const texts = useFieldText<PointsLeaf>(leaf, { same: sameTree });
  const name = `points requirement${path.length ? ` ${pathText(path)}` : ''}`;
  const commit = (next: Requirement) => ctx.update(path, next);
  const replace = (next: PointsLeaf, keep: (key: string) => boolean = () => true) => {
    texts.edited(next, keep);
    commit(next);
  };
  const ruleKeys = keysOf(leaf.rules);
  const labelOf = new Map(leaf.rules.map((r) => [r.id, r.label]));

  const min = leafField(texts, 'min', formatThreshold('number', leaf.min), (t) => parseBounded('number', t, { min: 0 }), (v) => ({ ...leaf, min: v ?? 0 }), commit);

  const addRule = () => {
    const metric = ctx.pickMetric(new Set(leaf.rules.map((r) => r.metric)));
    if (metric) replace(addPointsRule(leaf, newPointsRule(metric, ctx.newIds()('rule'))));
  };

  return (
    <div className="rb-node rb-points" role="group" aria-label={name}>
      <div className="rb-row">
        <span>At least</span>
        <Field label={`Minimum points for ${name}`} field={min} inputRef={ctx.focusRef(leaf.id, 'first')} />
        <span>points from these rules</span>
        <NodeTools id={leaf.id} name={name} path={path} ctx={ctx} place={place} leaf />
      </div>
      <table className="rb-table">
        <caption className="rb-sr-only">Points rules of {name}</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Metric</th>
            <th scope="col">Mode</th>
            <th scope="col">Points</th>
            <th scope="col">Per / when</th>
            <th scope="col">Cap</th>
            <th scope="col">
              <span className="rb-sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {leaf.rules.map((rule, i) => (
            <RuleRow key={ruleKeys[i]} rule={rule} index={i} leaf={leaf} texts={texts} ctx={ctx} commit={commit} replace={replace} />
          ))}
        </tbody>
      </table>
      <div className="rb-actions">
        <button type="button" className="rb-small" aria-label={`Add rule to ${name}`} disabled={leaf.rules.length >= MAX_RULES || ctx.metrics.length === 0} onClick={addRule}>
          <Plus />
          Add rule
        </button>
        <button
          type="button"
          className="rb-small"
          aria-label={`Add sub-minimum to ${name}`}
          disabled={leaf.subMinimums.length >= MAX_SUB_MINIMUMS}
          onClick={() => replace(addSubMinimum(leaf))}
        >
          <Plus />
          Add sub-minimum
        </button>
      </div>
      {leaf.subMinimums.length > 0 && (
        <ul className="rb-subs">
          {leaf.subMinimums.map((sub, i) => {
            const n = i + 1;
            const subMin = leafField(
              texts,
              `sub:${i}:min`,
              formatThreshold('number', sub.min),
              (t) => parseBounded('number', t, { min: 0 }),
              (v) => replaceSubMinimum(leaf, i, { ...sub, min: v ?? 0 }),
              commit,
            );
            const subLabel = leafField(
              texts,
              `sub:${i}:label`,
              sub.label ?? '',
              (t) => parseLabel(t, false),
              (v) => {
                const { label: _old, ...rest } = sub;
                return replaceSubMinimum(leaf, i, v === undefined ? rest : { ...rest, label: v });
              },
              commit,
            );
            return (
              <li key={i} className="rb-row rb-sub">
                <span>Of which at least</span>
                <Field label={`Minimum points of sub-minimum ${n}`} field={subMin} />
                <span>points from</span>
                <span className="rb-checks">
                  {leaf.rules.map((rule, r) => {
                    const checked = sub.rules.includes(rule.id);
                    const last = checked && sub.rules.length === 1;
                    return (
                      <label key={ruleKeys[r]} className="rb-check" title={last ? 'A sub-minimum counts at least one rule' : undefined}>
                        <input
                          type="checkbox"
                          checked={checked}
                          disabled={last}
                          aria-label={`${rule.label} counts toward sub-minimum ${n}`}
                          onChange={(e) => {
                            const chosen = new Set(sub.rules);
                            if (e.target.checked) chosen.add(rule.id);
                            else chosen.delete(rule.id);
                            const rules = leaf.rules.map((x) => x.id).filter((id, k, all) => chosen.has(id) && all.indexOf(id) === k);
                            if (rules.length) replace(replaceSubMinimum(leaf, i, { ...sub, rules }));
                          }}
                        />
                        {labelOf.get(rule.id) ?? rule.id}
                      </label>
                    );
                  })}
                </span>
                <span className="rb-muted">called</span>
                <Field label={`Label of sub-minimum ${n}`} field={subLabel} className="rb-text" inputMode="text" placeholder="label (optional)" />
                <button
                  type="button"
                  className="rb-icon rb-remove"
                  aria-label={`Remove sub-minimum ${n}`}
                  title="Remove"
                  onClick={() => replace(removeSubMinimum(leaf, i), (k) => !k.startsWith('sub:'))}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="rb-describe">{describeRequirement(leaf, ctx.lookup)}</div>
      {place === null && <RootLeafActions ctx={ctx} />}
    </div>
  );
}

function RuleRow({
  rule,
  index,
  leaf,
  texts,
  ctx,
  commit,
  replace,
}: {
  rule: PointsRule;
  index: number;
  leaf: PointsLeaf;
  texts: FieldText<PointsLeaf>;
  ctx: Ctx;
  commit: (next: Requirement) => void;
  replace: (next: PointsLeaf, keep?: (key: string) => boolean) => void;
}) {
  const info = ctx.lookup(rule.metric);
  const kind = info.kind;
  const k = (field: string) => `rule:${rule.id}:${field}`;
  const mine = (key: string) => key.startsWith(`rule:${rule.id}:`);
  const set = (next: PointsRule) => replacePointsRule(leaf, next);
  const withField = (key: 'per' | 'value' | 'cap', v: number | undefined): PointsRule => {
    const copy: PointsRule = { ...rule };
    if (v === undefined) delete copy[key];
    else copy[key] = v;
    return copy;
  };
  const labelField = leafField(texts, k('label'), rule.label, (t) => parseLabel(t, true), (v) => set({ ...rule, label: v ?? rule.label }), commit);
  const points = leafField(texts, k('points'), formatThreshold('number', rule.points), (t) => parseBounded('number', t, { min: 0, max: 1e9 }), (v) => set({ ...rule, points: v ?? 0 }), commit);
  const cap = leafField(texts, k('cap'), formatThreshold('number', rule.cap), (t) => parseBounded('number', t, { min: 0, optional: true }), (v) => set(withField('cap', v)), commit);
  const who = rule.label;
  const { prefix, suffix, placeholder } = affixes(kind, info.unit);
  const money = currencyOf(info.unit);

  let when: ReactNode;
  if (rule.mode === 'perUnit') {
    const pk = perKind(kind);
    const per = leafField(texts, k('per'), formatThreshold(pk, rule.per), (t) => parseBounded(pk, t, { positive: true, optional: true }, money), (v) => set(withField('per', v)), commit);
    const a = affixes(pk, info.unit);
    when = (
      <span className="rb-row">
        <span className="rb-muted">per</span>
        <Field label={`Unit of ${info.label} for ${who}`} field={per} prefix={a.prefix} suffix={a.suffix} placeholder={formatThreshold(pk, 1)} />
      </span>
    );
  } else {
    const op = rule.op ?? 'isTrue';
    const value = ruleOpNeedsValue(op)
      ? leafField(texts, k('value'), formatThreshold(kind, rule.value), (t) => parseThreshold(kind, t, money), (v) => set({ ...rule, value: v }), commit)
      : null;
    when = (
      <span className="rb-row">
        <OpSelect label={`Condition of ${who}`} op={op} ops={ruleOpsForKind(kind)} kind={kind} onPick={(o) => replace(set(changeRuleOp(rule, o, kind)), (key) => !key.startsWith(k('value')))} />
        {value && <Field label={`Threshold of ${who}`} field={value} prefix={prefix} suffix={suffix} placeholder={placeholder} />}
      </span>
    );
  }

  return (
    <tr>
      <td>
        <Field label={`Label of rule ${index + 1}`} field={labelField} className="rb-text" inputMode="text" />
      </td>
      <td>
        <MetricSelect label={`Metric of ${who}`} value={rule.metric} ctx={ctx} onPick={(m) => replace(set(changeRuleMetric(rule, info, m)), (key) => !mine(key) || key === k('label'))} />
      </td>
      <td>
        <select
          aria-label={`Mode of ${who}`}
          value={rule.mode}
          onChange={(e) => replace(set(changeRuleMode(rule, e.target.value === 'fixed' ? 'fixed' : 'perUnit', kind)), (key) => !mine(key) || key === k('label'))}
        >
          <option value="perUnit">per unit</option>
          <option value="fixed">fixed</option>
        </select>
      </td>
      <td>
        <Field label={`Points of ${who}`} field={points} className="rb-num rb-narrow" />
      </td>
      <td>{when}</td>
      <td>
        <Field label={`Cap of ${who}`} field={cap} className="rb-num rb-narrow" placeholder="none" />
      </td>
      <td>
        <button
          type="button"
          className="rb-icon rb-remove"
          aria-label={`Remove rule ${who}`}
          title={leaf.rules.length <= 1 ? 'A points requirement needs one rule' : 'Remove'}
          disabled={leaf.rules.length <= 1}
          onClick={() => replace(removePointsRule(leaf, rule.id), (key) => !mine(key) && !key.startsWith('sub:'))}
        >
          ✕
        </button>
      </td>
    </tr>
  );
}
