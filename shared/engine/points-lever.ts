/**
 * A points tier's threshold for design to a target (design-to-target.ts): the minimum total of
 * one of its points requirements ("at least 250 points"), found by id like a comparison.
 *
 * Raising the minimum never adds partners to the tier, so the search runs over the partners'
 * own point totals on the ladder (every minimum between two neighbouring totals gives the
 * same tiers) and is exact. Each candidate is counted by a threshold session over the
 * partners' totals (`total ≥ minimum` is one comparison per partner, as a threshold is), or,
 * where the requirement's id is used twice in its tier, by a whole tiering run. When ties or
 * the tier's other conditions make the count impossible, it says so, as goal seek does.
 */
import type { ColumnarDataset } from '../model/dataset';
import { countOf, formatCount } from '../model/format';
import type { PointsLeaf, Requirement, Scenario } from '../model/scenario';
import { compileRequirement, pointsAt, type PointsNode } from './compile';
import { distinctValues, searchCounts } from './explore';
import { evaluateTiers } from './evaluate';
import { buildPlan } from './plan';
import { bandSession } from './threshold-session';
import type { ThresholdRef } from './thresholds';

function findPoints(r: Requirement | null, id: string): PointsLeaf | null {
  if (!r || r.type === 'compare') return null;
  if (r.type === 'points') return r.id === id ? r : null;
  for (const item of r.items) {
    const found = findPoints(item, id);
    if (found) return found;
  }
  return null;
}

function pointsWithId(r: Requirement | null, id: string): number {
  if (!r || r.type === 'compare') return 0;
  if (r.type === 'points') return +(r.id === id);
  return r.items.reduce((n, item) => n + pointsWithId(item, id), 0);
}

function collectPoints(r: Requirement | null, out: PointsLeaf[]): void {
  if (!r || r.type === 'compare') return;
  if (r.type === 'points') out.push(r);
  else for (const item of r.items) collectPoints(item, out);
}

/** The points requirements of a tier, in the order its requirement lists them. */
export function pointsLeavesOf(scenario: Scenario, tierId: string): PointsLeaf[] {
  const out: PointsLeaf[] = [];
  for (const ladder of scenario.ladders) for (const tier of ladder.tiers) if (tier.id === tierId) collectPoints(tier.requirement, out);
  return out;
}

/** Where a points requirement is and its minimum, or null when the reference names none. */
export function findPointsMin(scenario: Scenario, ref: ThresholdRef): { ladderIndex: number; level: number; tierName: string; min: number } | null {
  for (const [ladderIndex, ladder] of scenario.ladders.entries()) {
    const level = ladder.tiers.findIndex((t) => t.id === ref.tierId);
    if (level < 0) continue;
    const leaf = findPoints(ladder.tiers[level]!.requirement, ref.requirementId);
    return leaf ? { ladderIndex, level, tierName: ladder.tiers[level]!.name, min: leaf.min } : null;
  }
  return null;
}

function replaceMin(r: Requirement | null, id: string, min: number): Requirement | null {
  if (!r || r.type === 'compare') return r;
  if (r.type === 'points') return r.id === id ? { ...r, min } : r;
  return { ...r, items: r.items.map((i) => replaceMin(i, id, min)!) };
}

/** The scenario with one points requirement's minimum set to `min` (nothing mutated). */
export function withPointsMin(scenario: Scenario, ref: ThresholdRef, min: number): Scenario {
  return {
    ...scenario,
    ladders: scenario.ladders.map((ladder) => ({
      ...ladder,
      tiers: ladder.tiers.map((tier) => (tier.id === ref.tierId ? { ...tier, requirement: replaceMin(tier.requirement, ref.requirementId, min) } : tier)),
    })),
  };
}

export interface PointsSeek {
  value: number;
  achieved: number;
  exact: boolean;
  /** why the count is not the target (null when it is) */
  explanation: string | null;
  evaluations: number;
  /** partners in the tier with the minimum at `min` (a tiering run each) */
  countAt(min: number): number;
}

/**
 * Every partner's total of a points requirement on its ladder (NaN off it), and the minimums
 * worth trying: the totals (0 or more), then one past the largest. Neither depends on the
 * minimum, so a search that moves only minimums computes them once (design-to-target.ts).
 */
export function pointsTotals(scenario: Scenario, dataset: ColumnarDataset, ref: ThresholdRef): { totals: Float64Array; candidates: number[] } {
  const found = findPointsMin(scenario, ref);
  if (!found) throw new RangeError(`Tier "${ref.tierId}" has no points requirement "${ref.requirementId}".`);
  const plan = buildPlan(scenario, dataset, [], found.ladderIndex);
  const node = compileRequirement(findPoints(scenario.ladders[found.ladderIndex]!.tiers[found.level]!.requirement, ref.requirementId)!, plan.metrics) as PointsNode;
  const scope = plan.ladders[found.ladderIndex]!.scope;
  const totals = new Float64Array(dataset.partners.length).fill(Number.NaN);
  for (let i = 0; i < scope.length; i++) totals[scope[i]!] = pointsAt(node, scope[i]!).total;
  const distinct = distinctValues(totals).filter((v) => v >= 0);
  return { totals, candidates: [...(distinct[0] === 0 ? [] : [0]), ...distinct, (distinct[distinct.length - 1] ?? 0) + 1] };
}

/** The points minimum that puts `wanted` partners in the requirement's tier, or the nearest count with why. */
export function seekPointsMin(scenario: Scenario, dataset: ColumnarDataset, ref: ThresholdRef, wanted: number, prepared = pointsTotals(scenario, dataset, ref)): PointsSeek {
  const found = findPointsMin(scenario, ref);
  if (!found) throw new RangeError(`Tier "${ref.tierId}" has no points requirement "${ref.requirementId}".`);
  const { ladderIndex, level, tierName } = found;
  const requirement = scenario.ladders[ladderIndex]!.tiers[level]!.requirement;
  const { totals, candidates } = prepared;
  const set = (s: Scenario, min: number) => withPointsMin(s, ref, min);
  const session =
    pointsWithId(requirement, ref.requirementId) === 1 ? bandSession(scenario, dataset, { ladderIndex, level, tierName, metric: ref.requirementId, op: '>=', value: found.min }, set, totals) : null;
  let evaluations = 0;
  const countAt = (min: number) => {
    evaluations += 1;
    if (session) return session.countAt(min).count;
    const o = evaluateTiers(set(scenario, min), dataset);
    let count = 0;
    for (let p = 0; p < o.partnerCount; p++) count += +(o.ladderIndex[p] === ladderIndex && o.level[p] === level);
    return count;
  };


  const memo = new Map<number, number>();
  const count = (i: number) => {
    if (!memo.has(i)) memo.set(i, countAt(candidates[i]!));
    return memo.get(i)!;
  };
  const last = candidates.length - 1;
  const { lo, most, least, lastWithMost, firstWithLeast } = searchCounts(last, count, wanted);
  const points = (v: number) => `${formatCount(v)} points`;
  const partners = (n: number) => countOf(n, 'partner');
  if (wanted > most) {
    // the least change that gets closest: the highest minimum that still gives the most
    const a = lastWithMost();
    const explanation = `No points minimum puts ${partners(wanted)} in ${tierName}: at most ${formatCount(most)} ${most === 1 ? 'qualifies' : 'qualify'} however low it goes, because the tier's other requirements, its gate or its cap hold the rest back. ${formatCount(most)} ${most === 1 ? 'lands' : 'land'} there from ${points(candidates[a]!)}.`;
    return { value: candidates[a]!, achieved: most, exact: false, explanation, evaluations, countAt };
  }
  if (wanted < least) {
    const explanation = `No points minimum puts as few as ${partners(wanted)} in ${tierName}: ${formatCount(least)} ${least === 1 ? 'stays' : 'stay'} however high it goes (overrides, or partners placed there by the ladder's rules).`;
    const b = firstWithLeast();
    return { value: candidates[b]!, achieved: least, exact: false, explanation, evaluations, countAt };
  }
  const at = { value: candidates[lo]!, count: count(lo) };
  if (at.count === wanted) return { value: at.value, achieved: at.count, exact: true, explanation: null, evaluations, countAt };
  const before = lo > 0 ? { value: candidates[lo - 1]!, count: count(lo - 1) } : null;
  const chosen = before && Math.abs(before.count - wanted) < Math.abs(at.count - wanted) ? before : at;
  const explanation = `No points minimum puts exactly ${partners(wanted)} in ${tierName}: partners share point totals, so the count jumps from ${before ? `${formatCount(before.count)} (at ${points(before.value)})` : '—'} to ${formatCount(at.count)} (at ${points(at.value)}). The nearest is ${formatCount(chosen.count)}, at ${points(chosen.value)}.`;
  return { value: chosen.value, achieved: chosen.count, exact: false, explanation, evaluations, countAt };
}
