/**
 * Tier assignment (DESIGN D4.1), per partner, from the tiers' effective masks:
 * - a partner is tiered on the ladder of its motion, else on the '*' ladder, else it is
 *   untiered (level -1);
 * - it gets the highest tier it qualifies for (`TierPlan.eff`: the tier's requirement —
 *   none means always met —, the eligibility gate for every tier above entry, and on a
 *   strict ladder every lower tier too); if it qualifies for none (e.g. the entry tier has
 *   a requirement it fails), it is untiered;
 * - overrides pin a partner to their tier, whatever it qualifies for;
 * - caps: tiers are filled top-down. Among the partners that qualify for a capped tier and
 *   were not placed higher, the best `cap.count` by `cap.rankBy` get it (desc: the
 *   largest values; asc: the smallest). Ties at the boundary go to the partner id
 *   ascending (plain string order, by UTF-16 code units — not locale-aware), then to the
 *   earlier row. Partners with no data for `rankBy` never make a capped tier. The others
 *   fall to the highest LOWER tier they qualify for, where they compete again if that tier
 *   is capped too. Overrides are placed first and count toward the cap (a tier can hold
 *   more than its cap through overrides alone; then no one else gets in).
 * - a baseline scenario ("as is", DESIGN D6.3) places each partner on the level its
 *   current-tier label maps to (tierMapping; clamped to the top of its ladder; untiered
 *   without a mapped current tier) instead of by requirements, which then only drive the
 *   graduation path; overrides still apply, caps do not.
 */
import type { LadderPlan, Plan } from './plan';
import { floatStack, intStack } from './scratch';
import { selectLargest } from './select';

export function assign(plan: Plan, level: Int8Array, overridden: Uint8Array): void {
  const asIs = plan.scenario.baseline;
  if (asIs) asIsLevels(plan, level);
  else level.set(plan.baseLevel);
  for (const [p, applied] of plan.overrides) {
    level[p] = applied.level;
    overridden[p] = 1;
  }
  if (!asIs) for (const ladder of plan.ladders) if (ladder.hasCaps) applyCaps(plan, ladder, level, overridden);
}

/** Baseline: the mapped current level of every partner on a ladder. */
function asIsLevels(plan: Plan, level: Int8Array): void {
  level.fill(-1);
  const { tierCode } = plan.codes;
  for (const ladder of plan.ladders) {
    const top = ladder.tiers.length - 1;
    for (const p of ladder.scope) {
      const tc = tierCode[p]!;
      const cur = tc >= 0 ? plan.labelLevel[tc]! : -1;
      level[p] = cur > top ? top : cur;
    }
  }
}

/** Fills one ladder's capped tiers, top-down (assign's last step; also a threshold session's, for the ladder it re-decides). */
export function applyCaps(plan: Plan, ladder: LadderPlan, level: Int8Array, overridden: Uint8Array): void {
  const { ladderIndex } = plan;
  const li = ladder.index;
  const { scope } = ladder;
  for (let k = ladder.tiers.length - 1; k >= 0; k--) {
    const cap = ladder.tiers[k]!.tier.cap;
    if (!cap) continue;
    let pinned = 0;
    for (const [p, applied] of plan.overrides) if (applied.level === k && ladderIndex[p] === li) pinned++;
    const slots = Math.max(0, cap.count - pinned);
    const rank = plan.metrics.get(cap.rankBy).column;
    const desc = cap.direction !== 'asc';
    const mark = intStack.mark();
    const ranked = intStack.take(scope.length);
    const losers = intStack.take(scope.length);
    let count = 0;
    let lost = 0;
    for (let i = 0; i < scope.length; i++) {
      const p = scope[i]!;
      if (level[p] !== k || overridden[p] === 1) continue;
      const v = rank ? rank[p]! : Number.NaN;
      if (v !== v) losers[lost++] = p;
      else ranked[count++] = p;
    }
    if (count > slots) lost = loseBeyond(plan, ranked, count, slots, rank!, desc, losers, lost);
    for (let i = 0; i < lost; i++) {
      const p = losers[i]!;
      level[p] = fallback(ladder, k, p);
    }
    intStack.release(mark);
  }
}

/**
 * Adds to `losers` (from `lost` on) the ranked partners beyond the `slots` best —
 * everything strictly better than the boundary value stays, the boundary's ties by id /
 * row — and returns the new count of losers.
 */
function loseBeyond(plan: Plan, ranked: Int32Array, count: number, slots: number, rank: Float64Array, desc: boolean, losers: Int32Array, lost: number): number {
  if (slots <= 0) {
    for (let i = 0; i < count; i++) losers[lost++] = ranked[i]!;
    return lost;
  }
  // the boundary: the slots-th best value (larger is better once asc values are negated)
  const sign = desc ? 1 : -1;
  const mark = floatStack.mark();
  const values = floatStack.take(count);
  for (let i = 0; i < count; i++) values[i] = sign * rank[ranked[i]!]!;
  selectLargest(values, slots);
  let boundary = Number.POSITIVE_INFINITY;
  for (let i = 0; i < slots; i++) if (values[i]! < boundary) boundary = values[i]!;
  floatStack.release(mark);
  const ties: number[] = [];
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const p = ranked[i]!;
    const v = sign * rank[p]!;
    if (v > boundary) kept++;
    else if (v === boundary) ties.push(p);
    else losers[lost++] = p;
  }
  const ids = plan.dataset.partners;
  ties.sort((a, b) => {
    const ia = ids[a]!.id;
    const ib = ids[b]!.id;
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a - b;
  });
  for (let j = Math.max(0, slots - kept); j < ties.length; j++) losers[lost++] = ties[j]!;
  return lost;
}

/**
 * `candidates` in a capped tier's ranking order, best first: by `rankBy` (desc: largest
 * first; asc: smallest), ties by partner id (plain string order), then row. Partners with no
 * data for `rankBy` are left out: they never get a capped tier.
 */
export function inCapOrder(plan: Plan, cap: NonNullable<LadderPlan['tiers'][number]['tier']['cap']>, candidates: readonly number[]): number[] {
  const rank = plan.metrics.get(cap.rankBy).column;
  if (!rank) return [];
  const desc = cap.direction !== 'asc';
  const ids = plan.dataset.partners;
  return candidates
    .filter((p) => !Number.isNaN(rank[p]!))
    .sort((a, b) => {
      const va = rank[a]!;
      const vb = rank[b]!;
      if (va !== vb) return desc ? (vb > va ? 1 : -1) : va > vb ? 1 : -1;
      const ia = ids[a]!.id;
      const ib = ids[b]!.id;
      if (ia !== ib) return ia < ib ? -1 : 1;
      return a - b;
    });
}

/** The highest tier below k the partner qualifies for, -1 for none. */
export function fallback(ladder: LadderPlan, k: number, p: number): number {
  let j = k - 1;
  while (j >= 0 && ladder.tiers[j]!.eff[p] === 0) j--;
  return j;
}

