/**
 * Requirements as readable text, with the metric's label and formatting
 * ("Sourced ARR ≥ $250,000", "at least 1,000 points", "Dedicated practice").
 */
import { formatCount, formatMetricValue } from '../model/format';
import type { Comparison, PointsLeaf } from '../model/scenario';
import { describeComparison as describeWith } from '../model/describe';
import type { MetricInfo } from './metrics';

export function formatValue(metric: MetricInfo, v: number | undefined): string {
  return formatMetricValue(metric.kind, v ?? null, metric.unit);
}

/** One comparison, worded as everywhere else in the app (shared/model/describe). */
export function describeComparison(c: Comparison, metric: MetricInfo): string {
  return describeWith(c, () => metric);
}

export function describePointsTotal(leaf: PointsLeaf): string {
  return `at least ${formatCount(leaf.min)} points`;
}

export function describeSubMinimum(leaf: PointsLeaf, k: number): string {
  const sub = leaf.subMinimums[k]!;
  const from = sub.label?.trim() || leaf.rules.filter((r) => sub.rules.includes(r.id)).map((r) => r.label).join(' + ');
  return `at least ${formatCount(sub.min)} points from ${from}`;
}

export function formatPoints(v: number): string {
  return `${formatCount(v)} points`;
}

/** "a, b and c" (at most `max` items, then "n more"). */
export function list(items: string[], max = 6): string {
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : items;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

const CONFLICT_NAMES: Readonly<Record<string, string>> = {
  exclusivity: 'exclusivity',
  margin_uplift: 'margin uplift',
  direct_cosell: 'direct co-sell',
  mdf_access: 'MDF access',
  lead_routing: 'lead routing',
  roadmap_input: 'roadmap input',
};

/** A conflict type as words ("MDF access"). */
export function conflictName(type: string): string {
  return CONFLICT_NAMES[type] ?? type.replace(/_/g, ' ');
}
