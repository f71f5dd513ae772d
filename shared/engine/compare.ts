/**
 * Comparing 2–6 scenario outcomes on the same dataset (DESIGN D8.1): one KPI record per
 * scenario, deltas against the baseline, and a partner-level diff between two outcomes.
 */
import type { ColumnarDataset } from '../model/dataset';
import { explainPartner } from './explain';
import { planShapeOf } from './evaluate';
import { tierLabelKey } from '../model/scenario';
import type { DistributionRow, LadderInfo, Outcome } from './types';

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 6;

/** A distribution row over every motion. */
export type TierCount = Omit<DistributionRow, 'motion'>;

export interface ScenarioKpis {
  name: string;
  baseline: boolean;
  partners: number;
  tiered: number;
  /** partners per tier over every motion (untiered included, tier null) */
  perTier: TierCount[];
  /** share of all partners in the top tier of their ladder */
  topTierShare: number;
  /** share of value held by the partners in top tiers */
  topTierValueShare: number;
  hours: number;
  mdf: number;
  fixed: number;
  margin: number;
  hoursUtilisation: number | null;
  mdfUtilisation: number | null;
  marginUtilisation: number | null;
  /** covered / conflict-prone (tier, benefit) pairs; 1 when there are none */
  pairCoverage: number;
  /** covered / conflict-prone grants; 1 when there are none */
  grantCoverage: number;
  uncoveredPairs: number;
  promoted: number;
  demoted: number;
  lostTier: number;
  newlyTiered: number;
  exitCandidates: number;
  downgrades: number;
  /*
   * The rollout states, a partition of the downgrades (docs/ENGINE.md, "Rollout policies"):
   * warned + limited + grandfathered + demotedNow = downgrades; and the grace period's cost.
   */
  warned: number;
  limited: number;
  grandfathered: number;
  /** demotions that take effect now, in full */
  demotedNow: number;
  /** the grace period's cost: hours, and money (MDF + fixed + margin, in `currency`) */
  graceHours: number;
  graceMoney: number;
  nearMiss10: number;
  alerts: number;
  reviewFindings: number;
  /** the currency of mdf, fixed and margin (an ISO code): the list's */
  currency: string;
  /** metrics the scenario reads that the list lacks: requirements on them are never met (said before any figure) */
  missingMetrics: string[];
  /** the list's current-tier labels the scenario does not place: their partners count as having no tier today */
  unplacedTiers: string[];
}

/** The numeric KPIs that get a delta against the baseline. */
export const DELTA_KEYS = [
  'tiered',
  'topTierShare',
  'topTierValueShare',
  'hours',
  'mdf',
  'fixed',
  'margin',
  'pairCoverage',
  'grantCoverage',
  'uncoveredPairs',
  'promoted',
  'demoted',
  'lostTier',
  'newlyTiered',
  'exitCandidates',
  'downgrades',
  'warned',
  'limited',
  'grandfathered',
  'demotedNow',
  'graceHours',
  'graceMoney',
  'nearMiss10',
  'alerts',
  'reviewFindings',
] as const satisfies readonly (keyof ScenarioKpis)[];
export type DeltaKey = (typeof DELTA_KEYS)[number];

export interface ComparisonResult {
  scenarios: (ScenarioKpis & { delta: Partial<Record<DeltaKey, number>> | null })[];
  /** the name of the scenario the deltas are against, or null when none of them is a baseline */
  baseline: string | null;
}

const ratio = (covered: number, total: number) => (total === 0 ? 1 : covered / total);

export function kpisOf(name: string, baseline: boolean, outcome: Outcome): ScenarioKpis {
  const n = outcome.partnerCount;
  let tiered = 0;
  let top = 0;
  for (let p = 0; p < n; p += 1) {
    const level = outcome.level[p]!;
    if (level < 0) continue;
    tiered += 1;
    const ladder = outcome.ladders[outcome.ladderIndex[p]!];
    if (ladder && level === ladder.tiers.length - 1) top += 1;
  }
  const topLevels = new Set(outcome.ladders.map((l) => `${l.id}:${l.tiers.length - 1}`));
  const topTierValueShare = outcome.valueConcentration.tiers
    .filter((t) => t.ladderId !== null && topLevels.has(`${t.ladderId}:${t.level}`))
    .reduce((sum, t) => sum + t.share, 0);
  const { totals, utilisation } = outcome.resources;
  const m = outcome.movement;
  return {
    name,
    baseline,
    partners: n,
    tiered,
    perTier: outcome.distribution
      .filter((d) => d.motion === '*')
      .map((d) => ({ ladderId: d.ladderId, tierId: d.tierId, tier: d.tier, level: d.level, count: d.count, share: d.share })),
    topTierShare: n === 0 ? 0 : top / n,
    topTierValueShare,
    hours: totals.hours,
    mdf: totals.mdf,
    fixed: totals.fixed,
    margin: totals.margin,
    hoursUtilisation: utilisation.hours,
    mdfUtilisation: utilisation.mdf,
    marginUtilisation: utilisation.margin,
    pairCoverage: ratio(outcome.coverage.pairs.covered, outcome.coverage.pairs.total),
    grantCoverage: ratio(outcome.coverage.grants.covered, outcome.coverage.grants.total),
    uncoveredPairs: outcome.coverage.uncovered.length,
    promoted: m.promoted,
    demoted: m.demoted,
    lostTier: m.lostTier,
    newlyTiered: m.newlyTiered,
    exitCandidates: m.exitCandidates,
    downgrades: m.downgrades,
    warned: outcome.rollout.warned,
    limited: outcome.rollout.limited,
    grandfathered: outcome.rollout.grandfathered,
    demotedNow: outcome.rollout.demoted,
    graceHours: outcome.rollout.graceCost.hours,
    graceMoney: outcome.rollout.graceCost.mdf + outcome.rollout.graceCost.fixed + outcome.rollout.graceCost.margin,
    nearMiss10: outcome.nearMiss.within10,
    alerts: outcome.alerts.length,
    reviewFindings: outcome.review.length,
    currency: outcome.resources.currency,
    ...fitOf(outcome),
  };
}

/** What stands between a scenario and the list it was evaluated on: metrics the list lacks, labels of today's tiers it does not place. */
export function fitOf(outcome: Pick<Outcome, 'errors' | 'todayTiers'>): { missingMetrics: string[]; unplacedTiers: string[] } {
  return {
    missingMetrics: [...new Set(outcome.errors.filter((e) => e.code === 'missing-metric' && e.metric).map((e) => e.metric!))],
    unplacedTiers: outcome.todayTiers.filter((t) => !t.placed).map((t) => t.label),
  };
}

/**
 * KPIs of 2–6 outcomes of the same dataset, with deltas against the baseline (the first
 * entry marked baseline; none when no entry is). The caller makes sure they share a dataset.
 */
export function compareOutcomes(entries: readonly { name: string; baseline: boolean; outcome: Outcome }[]): ComparisonResult {
  if (entries.length < MIN_COMPARED || entries.length > MAX_COMPARED) {
    throw new RangeError(`compare takes ${MIN_COMPARED} to ${MAX_COMPARED} scenarios, not ${entries.length}`);
  }
  const kpis = entries.map((e) => kpisOf(e.name, e.baseline, e.outcome));
  const base = kpis.find((k) => k.baseline) ?? null;
  return {
    baseline: base?.name ?? null,
    scenarios: kpis.map((k) => ({
      ...k,
      delta: base === null || k === base ? null : Object.fromEntries(DELTA_KEYS.map((key) => [key, (k[key] ?? 0) - (base[key] ?? 0)])),
    })),
  };
}

export interface DiffRow {
  partnerId: string;
  name: string;
  motion: string;
  /** tier names in outcome a and b (null: untiered) */
  a: string | null;
  b: string | null;
  /** the levels on their ladders (-1: untiered): b above a is a move up */
  levelA: number;
  levelB: number;
  /** why the partner lands where it does in b */
  reasons: string[];
}

/** Partners whose tier differs between two outcomes of the same dataset (by tier name), in dataset order. */
export function partnerDiff(a: Outcome, b: Outcome, dataset: ColumnarDataset, limit = Number.POSITIVE_INFINITY): { count: number; rows: DiffRow[] } {
  if (a.partnerCount !== b.partnerCount || a.partnerCount !== dataset.partners.length) {
    throw new RangeError('partnerDiff compares two outcomes of the same dataset');
  }
  const tierName = (o: Outcome, p: number): string | null => {
    const level = o.level[p]!;
    return level < 0 ? null : (o.ladders[o.ladderIndex[p]!]?.tiers[level]?.name ?? null);
  };
  let count = 0;
  const rows: DiffRow[] = [];
  for (let p = 0; p < a.partnerCount; p += 1) {
    const ta = tierName(a, p);
    const tb = tierName(b, p);
    if (ta === tb) continue;
    count += 1;
    if (rows.length < limit) {
      const partner = dataset.partners[p]!;
      rows.push({ partnerId: partner.id, name: partner.name, motion: partner.motion, a: ta, b: tb, levelA: a.level[p]!, levelB: b.level[p]!, reasons: explainPartner(b, p, { graduation: false }).reasons });
    }
  }
  return { count, rows };
}

/** One end of a movement flow: a tier of a ladder, or none (no current tier / untiered). */
export interface FlowEnd {
  ladderId: string | null;
  tierId: string | null;
  /** null: no tier */
  tier: string | null;
  level: number;
  /** a "from" end: the list's own current-tier label ("Gold", spellings merged); null for a "to" end and for partners without one */
  today: string | null;
}

export interface MovementFlow {
  from: FlowEnd;
  to: FlowEnd;
  count: number;
}

/**
 * Partners from today's tier — the list's own label, placed on a level by the tier mapping —
 * to their new tier, one flow per (ladder, today's label, new tier) with at least one
 * partner: the data of a movement Sankey. Ordered by ladder, then from-level, then today's
 * label (in the order of `outcome.todayTiers`), then to-level; "no tier" sorts below the
 * lowest tier.
 */
export function movementFlows(outcome: Outcome): MovementFlow[] {
  const ladders = outcome.ladders;
  const width = 129; // levels -1..127 (Int8)
  // each partner's today's label, as an index into outcome.todayTiers (-1: none)
  const today = todayIndexOf(outcome);
  const T = outcome.todayTiers.length + 1;
  const counts = new Map<number, number>();
  for (let p = 0; p < outcome.partnerCount; p += 1) {
    const own = outcome.ladderIndex[p]!;
    // without a ladder for its motion a partner has no tier on either side, whatever its data's label
    const from = own < 0 ? -1 : outcome.currentLevel[p]!;
    const to = own < 0 ? -1 : outcome.level[p]!;
    const t = today ? today[p]! : -1;
    // "no tier → no tier" is one flow whichever ladder (or none) the partner's motion has
    const ladder = from < 0 && to < 0 ? -1 : own;
    const key = (((ladder + 1) * width + (from + 1)) * T + (t + 1)) * width + (to + 1);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const end = (ladder: LadderInfo | undefined, level: number, label: string | null): FlowEnd => {
    const tier = level >= 0 ? ladder?.tiers[level] : undefined;
    return tier && ladder ? { ladderId: ladder.id, tierId: tier.id, tier: tier.name, level, today: label } : { ladderId: null, tierId: null, tier: null, level: -1, today: label };
  };
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, count]) => {
      const to = (key % width) - 1;
      let rest = Math.floor(key / width);
      const t = (rest % T) - 1;
      rest = Math.floor(rest / T);
      const from = (rest % width) - 1;
      const ladder = ladders[Math.floor(rest / width) - 1];
      return { from: end(ladder, from, t >= 0 ? outcome.todayTiers[t]!.label : null), to: end(ladder, to, null), count };
    });
}

/** Each partner's today's label as an index into `outcome.todayTiers` (-1: none); null when the outcome's plan is not at hand. */
function todayIndexOf(outcome: Outcome): Int32Array | null {
  const plan = planShapeOf(outcome);
  if (!plan) return null;
  const { tierCode, tierLabels } = plan.codes;
  const byKey = new Map(outcome.todayTiers.map((t, i) => [tierLabelKey(t.label), i] as const));
  const merged = Int32Array.from(tierLabels, (l) => byKey.get(tierLabelKey(l)) ?? -1);
  const out = new Int32Array(outcome.partnerCount);
  for (let p = 0; p < out.length; p++) {
    const c = tierCode[p]!;
    out[p] = c >= 0 ? merged[c]! : -1;
  }
  return out;
}
