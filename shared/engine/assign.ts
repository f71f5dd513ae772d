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

function applyCaps(plan: Plan, ladder: LadderPlan, level: Int8Array, overridden: Uint8Array): void {
  const { ladderIndex, dataset } = plan;
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
    const ranked: number[] = [];
    const losers: number[] = [];
    for (const p of scope) {
      if (level[p] !== k || overridden[p]) continue;
      const v = rank ? rank[p]! : Number.NaN;
      if (Number.isNaN(v)) losers.push(p);
      else ranked.push(p);
    }
    if (ranked.length > slots) {
      // order: better rank value first, then id ascending, then row
      const better = (a: number, b: number) => {
        const va = rank![a]!;
        const vb = rank![b]!;
        if (va !== vb) return desc ? vb - va : va - vb;
        const ia = dataset.partners[a]!.id;
        const ib = dataset.partners[b]!.id;
        if (ia !== ib) return ia < ib ? -1 : 1;
        return a - b;
      };
      const keep = selectBest(ranked, slots, rank!, desc, better);
      for (const p of ranked) if (!keep.has(p)) losers.push(p);
    }
    for (const p of losers) level[p] = fallback(ladder, k, p);
  }
}

/** The `slots` best partners of `ranked`: everything strictly better than the boundary value, then the boundary ties by id / row. */
function selectBest(ranked: number[], slots: number, rank: Float64Array, desc: boolean, better: (a: number, b: number) => number): Set<number> {
  const keep = new Set<number>();
  if (slots <= 0) return keep;
  const values = new Float64Array(ranked.length);
  ranked.forEach((p, i) => (values[i] = rank[p]!));
  values.sort();
  const boundary = desc ? values[values.length - slots]! : values[slots - 1]!;
  const ties: number[] = [];
  for (const p of ranked) {
    const v = rank[p]!;
    if (desc ? v > boundary : v < boundary) keep.add(p);
    else if (v === boundary) ties.push(p);
  }
  ties.sort(better);
  for (let i = 0; keep.size < slots && i < ties.length; i++) keep.add(ties[i]!);
  return keep;
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

