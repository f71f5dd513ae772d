/**
 * Exploring one threshold (DESIGN D8.3): a sweep over a range of values, and goal seek —
 * "put N partners (or P %) in this tier" → the threshold that does it.
 *
 * Both take each candidate's tiers from a threshold session (threshold-session.ts), which
 * gives the engine's tiering at any value of the threshold, so caps, gates, strict ladders
 * and overrides are all honoured. Goal seek searches the partners' own values of the metric
 * (order statistics): every threshold between two neighbouring values gives the same
 * result, so the search over those values is exact, and when ties make the exact count
 * impossible it reports the nearest achievable counts on either side. Besides that exact
 * value (a partner's own, "$1,991,360"), it offers the round values near it a program
 * would publish ("$1.99M", "$2.0M"), each with the count it gives.
 */
import type { ColumnarDataset } from '../model/dataset';
import { datasetCurrency, settledUnit } from '../model/currency';
import { countOf, formatMetricValue } from '../model/format';
import type { Scenario } from '../model/scenario';
import { buildMetricTable } from './metrics';
import { thresholdSession } from './threshold-session';
import { findThreshold, type ThresholdRef } from './thresholds';
import type { Cost } from './types';

export interface SweepPoint {
  value: number;
  /** partners per tier of the threshold's ladder, lowest tier first, then untiered */
  tiers: { tierId: string | null; tier: string | null; count: number }[];
  totals: Cost;
  /** MDF + fixed + margin dollars */
  cost: number;
}

/** The threshold at each of `values`: partners per tier of its ladder and the total cost. */
export function sweep(scenario: Scenario, dataset: ColumnarDataset, ref: ThresholdRef, values: readonly number[], session = thresholdSession(scenario, dataset, ref)): SweepPoint[] {
  const found = findThreshold(scenario, ref);
  if (!found.ok) throw new RangeError(found.error);
  const { ladderIndex } = found.value;
  const ladder = scenario.ladders[ladderIndex]!;
  return values.map((value) => {
    const { counts, resources } = session.tiersAt(value);
    const t = resources.totals;
    return {
      value,
      tiers: [
        ...ladder.tiers.map((tier, i) => ({ tierId: tier.id, tier: tier.name, count: counts[i]! })),
        { tierId: null, tier: null, count: counts[ladder.tiers.length]! },
      ],
      totals: t,
      cost: t.mdf + t.fixed + t.margin,
    };
  });
}

/** `steps` evenly spaced values from `from` to `to` (both included). */
export function sweepValues(from: number, to: number, steps: number): number[] {
  if (steps < 2) return [from];
  return Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / (steps - 1));
}

/** A round threshold near the one goal seek found, and what it gives. */
export interface RoundOffer {
  value: number;
  /** partners in the tier at that threshold (a full evaluation, like the search's) */
  count: number;
}

export interface GoalSeekResult {
  /** the threshold to use */
  value: number;
  /** partners in the tier at that threshold */
  achieved: number;
  target: number;
  exact: boolean;
  /** the nearest achievable counts around the target when it is not exact */
  below: { value: number; count: number } | null;
  above: { value: number; count: number } | null;
  /** round values near `value` (roundThresholds), ascending, each with its count; none for dates and yes/no metrics */
  offers: RoundOffer[];
  ladderPartners: number;
  evaluations: number;
  explanation: string;
}

/** The significant figures round offers keep. */
const OFFER_FIGURES = [2, 3] as const;

/** `units` × 10^`exponent` without binary noise (0.853, not 0.8530000000000001). */
function scaled(units: number, exponent: number): number {
  return exponent >= 0 ? units * 10 ** exponent : units / 10 ** -exponent;
}

/**
 * The round values around a threshold a program would publish: `value` rounded down and
 * up to 2 and to 3 significant figures — 1,991,360 → 1,900,000, 1,990,000 and 2,000,000 —
 * distinct, ascending, without `value` itself (nothing when it is already that round).
 */
export function roundThresholds(value: number): number[] {
  if (!Number.isFinite(value) || value === 0) return [];
  const size = Math.abs(value);
  let magnitude = Math.floor(Math.log10(size));
  // log10 is not exact near powers of ten
  if (10 ** (magnitude + 1) <= size) magnitude += 1;
  else if (10 ** magnitude > size) magnitude -= 1;
  const out = new Set<number>();
  for (const figures of OFFER_FIGURES) {
    const exponent = magnitude - figures + 1;
    const raw = exponent >= 0 ? value / 10 ** exponent : value * 10 ** -exponent;
    // a value already on the grid stays there (1.99 × 100 is 198.99999999999997)
    const units = Math.abs(raw - Math.round(raw)) < 1e-9 * Math.max(1, Math.abs(raw)) ? Math.round(raw) : raw;
    for (const rounded of [scaled(Math.floor(units), exponent), scaled(Math.ceil(units), exponent)]) {
      if (rounded !== value) out.add(rounded === 0 ? 0 : rounded);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Goal seek's search over candidate thresholds 0..last whose counts fall along them (never
 * rise): `lo`, the first whose count is at most `wanted` (the last when none is); the most
 * and the least any candidate gives; and, for a target out of reach, the last candidate
 * still giving the most and the first giving the least (each run of equal counts is
 * contiguous). `count` is asked in this order, so a memo of it counts the evaluations.
 */
export function searchCounts(last: number, count: (i: number) => number, wanted: number) {
  let lo = 0;
  let hi = last;
  if (count(hi) > wanted) lo = hi;
  else {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (count(mid) <= wanted) hi = mid;
      else lo = mid + 1;
    }
  }
  const most = count(0);
  const least = count(last);
  const lastWithMost = (): number => {
    let a = 0;
    let b = last;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (count(mid) >= most) a = mid;
      else b = mid - 1;
    }
    return a;
  };
  const firstWithLeast = (): number => {
    let a = 0;
    let b = last;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (count(mid) <= least) b = mid;
      else a = mid + 1;
    }
    return a;
  };
  return { lo, most, least, lastWithMost, firstWithLeast };
}

/** The distinct values of a column, ascending, without NaN (−0 read as 0). */
export function distinctValues(column: Float64Array): Float64Array {
  const sorted = Float64Array.from(column).sort(); // numeric; NaN last
  let m = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (v !== v) break;
    if (m === 0 || v !== sorted[m - 1]) sorted[m++] = v === 0 ? 0 : v;
  }
  return sorted.subarray(0, m);
}

/**
 * The threshold that puts `target.count` partners (or `target.share` of the ladder's
 * partners) in the threshold's tier. Raising a ≥/> threshold never adds partners to its
 * tier (≤/< the other way round), so a binary search over the partners' distinct values
 * finds the exact threshold, or the two nearest results when ties make it impossible.
 */
export function goalSeek(
  scenario: Scenario,
  dataset: ColumnarDataset,
  ref: ThresholdRef,
  target: { count: number } | { share: number },
  session = thresholdSession(scenario, dataset, ref),
): GoalSeekResult {
  const found = findThreshold(scenario, ref);
  if (!found.ok) throw new RangeError(found.error);
  const info = found.value;
  // the metric as the engine reads it: a list's column, or a derived metric's computed one (only then is the table built)
  const listed = dataset.metrics.findIndex((m) => m.key === info.metric);
  const read =
    listed >= 0 && dataset.values[listed] ? { ...dataset.metrics[listed]!, column: dataset.values[listed]! } : buildMetricTable(scenario, dataset, []).get(info.metric);
  const metric = read.column ? read : null;
  let evaluations = 0;
  const countAt = (value: number) => {
    evaluations += 1;
    return session.countAt(value);
  };
  const base = countAt(info.value);
  const wanted = 'count' in target ? Math.round(target.count) : Math.round(target.share * base.ladderPartners);

  // candidate thresholds: the distinct values partners have, plus one past either end
  const column = read.column ?? new Float64Array(0);
  const distinct = distinctValues(column);
  const lowEnd = (distinct[0] ?? 0) - 1;
  const highEnd = (distinct[distinct.length - 1] ?? 0) + 1;
  const raising = info.op === '>=' || info.op === '>';
  // ascending thresholds give non-increasing counts for ≥/>, non-decreasing for ≤/<; order so counts fall
  const candidates = new Float64Array(distinct.length + 2);
  candidates.set(distinct, 1);
  if (raising) {
    candidates[0] = lowEnd;
    candidates[candidates.length - 1] = highEnd;
  } else {
    candidates.reverse();
    candidates[0] = highEnd;
    candidates[candidates.length - 1] = lowEnd;
  }

  const memo = new Map<number, number>();
  const count = (i: number) => {
    if (!memo.has(i)) memo.set(i, countAt(candidates[i]!).count);
    return memo.get(i)!;
  };
  const { lo, most, least, lastWithMost, firstWithLeast } = searchCounts(candidates.length - 1, count, wanted);
  let atOrBelow = { value: candidates[lo]!, count: count(lo) };
  const aboveIndex = lo - 1;
  const above = aboveIndex >= 0 ? { value: candidates[aboveIndex]!, count: count(aboveIndex) } : null;
  let chosen = atOrBelow;
  if (atOrBelow.count !== wanted && above && Math.abs(above.count - wanted) < Math.abs(atOrBelow.count - wanted)) chosen = above;
  const exact = chosen.count === wanted;
  const outOfReach = !exact && (wanted > most || wanted < least);
  if (outOfReach) {
    // even the most (or least) generous threshold misses: the least change that gets closest is a partner's own value
    const i = wanted > most ? lastWithMost() : firstWithLeast();
    chosen = { value: candidates[i]!, count: count(i) };
    atOrBelow = chosen;
  }
  const tierName = info.tierName;
  // round values a program would publish, each evaluated as the search's candidates are (dates and yes/no have none)
  const roundable = metric !== null && metric.kind !== 'date' && metric.kind !== 'boolean';
  const offers: RoundOffer[] = roundable ? roundThresholds(chosen.value).map((value) => ({ value, count: countAt(value).count })) : [];
  const shown = (v: number) => (metric ? formatMetricValue(metric.kind, v, settledUnit(metric.kind, metric.unit, datasetCurrency(dataset.metrics))) : String(v));
  const label = metric?.label ?? info.metric;
  const partners = (n: number) => countOf(n, 'partner');
  const explanation = exact
    ? `${partners(wanted)} ${wanted === 1 ? 'lands' : 'land'} in ${tierName} at a threshold of ${shown(chosen.value)}.`
    : wanted > most
      ? `No ${label} threshold puts ${partners(wanted)} in ${tierName}: at most ${most} ${most === 1 ? 'qualifies' : 'qualify'} however low it goes, because the tier's other requirements, its gate or its cap hold the rest back. ${most} ${most === 1 ? 'lands' : 'land'} there from a threshold of ${shown(chosen.value)}.`
      : wanted < least
        ? `No ${label} threshold puts as few as ${partners(wanted)} in ${tierName}: ${least} ${least === 1 ? 'stays' : 'stay'} however high it goes (overrides, or partners placed there by the ladder's rules). ${least} ${least === 1 ? 'lands' : 'land'} there from a threshold of ${shown(chosen.value)}.`
        : `No threshold puts exactly ${partners(wanted)} in ${tierName}: partners share values of ${label}, so the count jumps from ${above ? `${above.count} (at ${shown(above.value)})` : '—'} to ${atOrBelow.count} (at ${shown(atOrBelow.value)}). The nearest is ${chosen.count}, at ${shown(chosen.value)}.`;
  return {
    value: chosen.value,
    achieved: chosen.count,
    target: wanted,
    exact,
    below: exact || outOfReach ? null : atOrBelow,
    above: exact || outOfReach ? null : above,
    offers,
    ladderPartners: base.ladderPartners,
    evaluations,
    explanation,
  };
}
