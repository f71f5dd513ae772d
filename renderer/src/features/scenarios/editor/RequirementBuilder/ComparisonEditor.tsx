/**
 * The requirement builder's comparisons (DESIGN D4): a metric, an operator and the values the
 * operator needs — none, one threshold, a range (refused while its lower bound is above its
 * upper one) or a list — typed as thresholds are (renderer/src/lib/threshold-text.ts); the
 * texts are the node's (components/field-text), kept while invalid.
 */
import { useId, type ReactNode } from 'react';
import { describeRequirement } from '../../../../../../shared/model/describe';
import { OPERATORS, opsForKind } from '../../../../../../shared/model/operators';
import type { Comparison, Requirement } from '../../../../../../shared/model/scenario';
import { useFieldText } from '../../../../components/field-text';
import { changeComparisonMetric, changeComparisonOp, type RequirementPath } from '../../../../lib/requirement-edit';
import { formatThreshold, formatValueList, parseThreshold, parseValueList } from '../../../../lib/threshold-text';
import { affixes, currencyOf, Field, MetricSelect, NodeTools, OpSelect, RootLeafActions } from './controls';
import { pathText, sameTree, type Ctx, type Place } from './tree';

export function ComparisonEditor({ node, path, ctx, place }: { node: Comparison; path: RequirementPath; ctx: Ctx; place: Place | null }) {
  const info = ctx.lookup(node.metric);
  const kind = info.kind;
  const texts = useFieldText<Comparison>(node, { same: sameTree });
  const rangeId = useId();
  const name = `condition on ${info.label}`;
  const commit = (next: Requirement) => ctx.update(path, next);
  const replace = (next: Comparison) => {
    texts.edited(next);
    commit(next);
  };
  const { prefix, suffix, placeholder } = affixes(kind, info.unit);
  const money = currencyOf(info.unit);
  const parse = (t: string) => parseThreshold(kind, t, money);

  let values: ReactNode = null;
  const arity = OPERATORS[node.op].arity;
  if (arity === 2) {
    // a bound is reported only with the other one, as a range whose lower bound is not above its upper one
    const lowField = texts.bind('value', {
      formatted: formatThreshold(kind, node.value),
      parse,
      edit: (l: number): Comparison | undefined => (high.ok && l <= high.value ? { ...node, value: l, value2: high.value } : undefined),
      report: commit,
    });
    const highField = texts.bind('value2', {
      formatted: formatThreshold(kind, node.value2),
      parse,
      edit: (h: number): Comparison | undefined => (low.ok && low.value <= h ? { ...node, value: low.value, value2: h } : undefined),
      report: commit,
    });
    const low = lowField.parsed;
    const high = highField.parsed;
    const rangeError = low.ok && high.ok && low.value > high.value ? 'The lower bound is above the upper bound' : null;
    const blur = () => {
      if (low.ok && high.ok && !rangeError) texts.edited(node);
    };
    values = (
      <>
        <Field
          label={`Lower bound for ${info.label}`}
          field={{ ...lowField, onBlur: blur }}
          prefix={prefix}
          suffix={suffix}
          placeholder={placeholder}
          invalid={rangeError !== null}
          describedBy={rangeError ? rangeId : undefined}
        />
        <span className="rb-muted">and</span>
        <Field
          label={`Upper bound for ${info.label}`}
          field={{ ...highField, onBlur: blur }}
          prefix={prefix}
          suffix={suffix}
          placeholder={placeholder}
          invalid={rangeError !== null}
          describedBy={rangeError ? rangeId : undefined}
        />
        {rangeError && (
          <span id={rangeId} role="alert" className="rb-error">
            {rangeError}
          </span>
        )}
      </>
    );
  } else if (arity === 'list') {
    const field = texts.bind('values', {
      formatted: formatValueList(kind, node.values),
      parse: (t) => parseValueList(kind, t, money),
      edit: (v) => ({ ...node, values: v }),
      report: commit,
      tidyOnBlur: true,
    });
    values = <Field label={`Values for ${info.label}`} field={field} className="rb-list" inputMode="text" placeholder={kind === 'date' ? '2025-01-01, 2025-07-01' : 'e.g. 1, 2, 5'} />;
  } else if (arity === 1) {
    const field = texts.bind('value', { formatted: formatThreshold(kind, node.value), parse, edit: (v) => ({ ...node, value: v }), report: commit, tidyOnBlur: true });
    values = <Field label={`Threshold for ${info.label}`} field={field} prefix={prefix} suffix={suffix} placeholder={placeholder} inputMode={kind === 'date' ? 'text' : 'decimal'} />;
  }

  return (
    <div className="rb-node rb-compare">
      <div className="rb-row">
        <MetricSelect
          label={`Metric for condition${path.length ? ` ${pathText(path)}` : ''}`}
          value={node.metric}
          ctx={ctx}
          selectRef={ctx.focusRef(node.id, 'first')}
          onPick={(m) => replace(changeComparisonMetric(node, kind, m))}
        />
        <OpSelect label={`Operator for ${info.label}`} op={node.op} ops={opsForKind(kind)} kind={kind} onPick={(op) => replace(changeComparisonOp(node, op, kind))} />
        {values}
        <NodeTools id={node.id} name={name} path={path} ctx={ctx} place={place} leaf />
      </div>
      <div className="rb-describe">{describeRequirement(node, ctx.lookup)}</div>
      {place === null && <RootLeafActions ctx={ctx} />}
    </div>
  );
}
