/**
 * Requirements as sentences a program lead can read aloud ("Sourced ARR ≥ $250,000 and
 * Active sellers ≥ 3"): for the scenario screens, partner explanations and the exported
 * ladder definitions, with each metric's label and its kind's formatting.
 */
import { formatMetricValue } from './format';
import { OPERATORS } from './operators';
import type { Comparison, PointsLeaf, PointsRule, Requirement } from './scenario';
import type { MetricDef, MetricKind } from './workspace';

export interface MetricInfo {
  label: string;
  kind: MetricKind;
  unit: string | null;
}

/** Labels and kinds by key; an unknown key reads as itself. */
export type MetricLookup = (key: string) => MetricInfo;

export function metricLookup(metrics: readonly Pick<MetricDef, 'key' | 'label' | 'kind' | 'unit'>[]): MetricLookup {
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  return (key) => byKey.get(key) ?? { label: key, kind: 'number', unit: null };
}

/** One comparison: "Sourced ARR ≥ $250,000", "Dedicated practice", "not Co-built solution". */
export function describeComparison(c: Comparison, lookup: MetricLookup): string {
  const m = lookup(c.metric);
  const v = (x: number | undefined) => (x === undefined ? '?' : formatMetricValue(m.kind, x, m.unit));
  const { symbol, arity } = OPERATORS[c.op];
  switch (arity) {
    case 0:
      return symbol ? `${symbol} ${m.label}` : m.label;
    case 2:
      return `${m.label} ${symbol} ${v(c.value)} and ${v(c.value2)}`;
    case 'list': {
      const values = c.values ?? [];
      return `${m.label} ${symbol} ${values.slice(0, 5).map((x) => v(x)).join(', ')}${values.length > 5 ? ' …' : ''}`;
    }
    case 1:
      return `${m.label} ${symbol} ${v(c.value)}`;
  }
}

function describeRule(rule: PointsRule, lookup: MetricLookup): string {
  const m = lookup(rule.metric);
  const cap = rule.cap !== undefined ? ` (at most ${formatMetricValue('count', rule.cap)})` : '';
  if (rule.mode === 'perUnit') {
    const per = rule.per ?? 1;
    return `${formatMetricValue('count', rule.points)} per ${per === 1 ? '' : `${formatMetricValue(m.kind, per, m.unit)} of `}${m.label}${cap}`;
  }
  // a rule has one `value`; "one of" reads it as the one accepted value, as the engine does
  const values = rule.value === undefined ? {} : rule.op && OPERATORS[rule.op].arity === 'list' ? { values: [rule.value] } : { value: rule.value };
  const condition = rule.op && rule.op !== 'isTrue' ? describeComparison({ type: 'compare', id: rule.id, metric: rule.metric, op: rule.op, ...values }, lookup) : m.label;
  return `${formatMetricValue('count', rule.points)} for ${condition}${cap}`;
}

export function describePoints(leaf: PointsLeaf, lookup: MetricLookup): string {
  const subs = leaf.subMinimums.map((s) => {
    const names = s.rules.map((id) => leaf.rules.find((r) => r.id === id)?.label ?? id);
    return `at least ${formatMetricValue('count', s.min)} of them ${s.label ?? `from ${names.join(' and ')}`}`;
  });
  const rules = leaf.rules.map((r) => describeRule(r, lookup)).join('; ');
  return `${formatMetricValue('count', leaf.min)} points${subs.length ? `, ${subs.join(', ')}` : ''} (${rules})`;
}

/** The whole tree; nested groups are parenthesised. */
export function describeRequirement(r: Requirement | null, lookup: MetricLookup, nested = false): string {
  if (r === null) return 'no requirements';
  if (r.type === 'compare') return describeComparison(r, lookup);
  if (r.type === 'points') return describePoints(r, lookup);
  if (r.items.length === 0) return r.type === 'all' ? 'no requirements' : 'nothing (an empty "any" group is never met)';
  const joined = r.items.map((i) => describeRequirement(i, lookup, true)).join(r.type === 'all' ? ' and ' : ' or ');
  return nested && r.items.length > 1 ? `(${joined})` : joined;
}
