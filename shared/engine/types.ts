/**
 * What the engine returns for one scenario evaluated on one dataset (DESIGN D7).
 *
 * Two halves:
 * - per-partner typed arrays aligned with `dataset.partners` (index p is partner p), so
 *   evaluating 100K partners allocates no object per partner;
 * - aggregates (distribution, value concentration, resources, coverage, movement, rollout,
 *   near miss, alerts, design review, errors): plain JSON-friendly objects.
 *
 * Per-partner explanations (strings) are built on demand by `explainPartner`.
 */

import type { MetricKind } from '../model/workspace';
import type { TodayTier } from '../model/tier-mapping';

// ---------------------------------------------------------------------------------------
// Codes stored in the per-partner arrays

/** How a partner moves against its current tier (via the tier mapping). `movementCode[p]` is the index. */
export const MOVEMENTS = ['untiered', 'promoted', 'demoted', 'unchanged', 'newlyTiered', 'lostTier'] as const;
export type Movement = (typeof MOVEMENTS)[number];
export const MOVEMENT_UNTIERED = 0;
export const MOVEMENT_PROMOTED = 1;
export const MOVEMENT_DEMOTED = 2;
export const MOVEMENT_UNCHANGED = 3;
export const MOVEMENT_NEWLY_TIERED = 4;
export const MOVEMENT_LOST_TIER = 5;

/** A partner's state after the rollout policies. `rolloutState[p]` is the index. */
export const ROLLOUT_STATES = ['normal', 'grandfathered', 'warned', 'limited'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];
export const ROLLOUT_NORMAL = 0;
export const ROLLOUT_GRANDFATHERED = 1;
export const ROLLOUT_WARNED = 2;
export const ROLLOUT_LIMITED = 3;

// ---------------------------------------------------------------------------------------
// Aggregates

export interface LadderInfo {
  id: string;
  motion: string;
  name: string;
  strict: boolean;
  /** lowest first; the index is the level */
  tiers: { id: string; name: string; color: string }[];
}

/** One row of the distribution. `tierId`/`tier` null (and level -1): untiered partners. */
export interface DistributionRow {
  /** a motion found in the data, or '*' for all partners */
  motion: string;
  ladderId: string | null;
  tierId: string | null;
  tier: string | null;
  level: number;
  count: number;
  /** count / partners of that motion (of all partners for '*'); 0 when there are none */
  share: number;
}

export interface ValueTierRow {
  ladderId: string | null;
  tierId: string | null;
  tier: string | null;
  level: number;
  partners: number;
  /** partners of this row with no data for the value metric (counted as 0 value) */
  noData: number;
  value: number;
  /** value / total value; 0 when the total is 0 */
  share: number;
}

export interface ValueConcentration {
  /** assumptions.valueMetric (null: not set, every value is 0) */
  metric: string | null;
  total: number;
  /** partners with no data for the value metric */
  noData: number;
  /** one row per tier of every ladder, then one untiered row */
  tiers: ValueTierRow[];
  /** partners in the top 5 % / 20 % (ceil of 5 % / 20 % of all partners) */
  top5Count: number;
  top20Count: number;
  /** share of the total value they hold; 0 when the total is 0 */
  top5Share: number;
  top20Share: number;
}

export interface Cost {
  hours: number;
  mdf: number;
  fixed: number;
  margin: number;
}

export interface ResourceRow extends Cost {
  /** null: the untiered row (no benefits, present only when some partners are untiered) */
  ladderId: string | null;
  tierId: string | null;
  tier: string | null;
  level: number;
  partners: number;
  value: number;
  /** dollars: mdf + fixed + margin */
  cost: number;
  /** shares of all partners / all dollars / all value / all hours; 0 when that total is 0 */
  partnerShare: number;
  costShare: number;
  valueShare: number;
  hoursShare: number;
}

export interface Resources {
  tiers: ResourceRow[];
  totals: Cost;
  /** totals / capacity or budget; null when that capacity or budget is not set; Infinity when it is 0 and used */
  utilisation: { hours: number | null; mdf: number | null; margin: number | null };
  /** the currency of the money here (an ISO code): the list's, see shared/model/currency */
  currency: string;
}

export interface UncoveredPair {
  ladderId: string;
  tierId: string;
  tier: string;
  benefitId: string;
  benefit: string;
  conflictType: string;
  /** partners holding the tier (grants of this pair) */
  partners: number;
}

export interface Coverage {
  /** (tier, benefit) pairs whose benefit has a conflict type */
  pairs: { covered: number; total: number };
  /** one partner receiving one conflict-prone benefit */
  grants: { covered: number; total: number };
  uncovered: UncoveredPair[];
}

export interface MovementCounts {
  promoted: number;
  demoted: number;
  unchanged: number;
  newlyTiered: number;
  lostTier: number;
  /** demoted + lostTier: the downgrade conversations owed */
  downgrades: number;
  exitCandidates: number;
  overridden: number;
}

/**
 * What the rollout policies do to the downgrades (docs/ENGINE.md, "Rollout policies"): the
 * four counts are a partition of them — warned + limited + grandfathered + demoted =
 * movement.downgrades.
 */
export interface RolloutCounts {
  /** placed on their rollout level, keeping their old tier's benefits for the grace period (limited ones included) */
  grandfathered: number;
  /** within the warning band of their current tier (every requirement met or within, one only within) and room in it: kept there, warned */
  warned: number;
  /** demotions that take effect now, in full: no policy softens them (overridden partners and partners on no ladder included) */
  demoted: number;
  /** demotions cut short by maxDemotionLevels and not grandfathered */
  limited: number;
  /** the grace period's cost: per grandfathered partner and component, max(0, old tier's cost − rollout tier's cost) × quarters ÷ 4 */
  graceCost: Cost;
}

export interface NearMiss {
  /** partners with a next tier whose progress toward it is ≥ 0.9 */
  within10: number;
  /** … ≥ 0.8 (includes within10) */
  within20: number;
}

export type AlertCode =
  | 'tier-inflation'
  | 'over-capacity'
  | 'over-mdf-budget'
  | 'over-margin-budget'
  | 'uncovered-conflict'
  | 'empty-tier'
  | 'empty-ladder'
  | 'tier-holds-everyone'
  | 'unmapped-current-tier';

export interface Alert {
  code: AlertCode;
  severity: 'warning' | 'info';
  message: string;
  ladderId?: string;
  tierId?: string;
}

export type ReviewCode =
  | 'metal-names'
  | 'single-revenue-axis'
  | 'identical-benefits'
  | 'too-many-tiers'
  | 'no-demotion-path'
  | 'top-tier-conflict-uncovered'
  | 'thresholds-too-close'
  | 'top-tier-out-of-reach'
  | 'top-tier-inflated';

export interface ReviewFinding {
  code: ReviewCode;
  message: string;
  fix: string;
  ladderId?: string;
  tierId?: string;
}

export type EvaluationErrorCode =
  | 'missing-metric'
  | 'derived-metric'
  | 'override-unknown-partner'
  | 'override-tier-not-on-ladder'
  | 'override-duplicate'
  | 'unknown-benefit'
  | 'invalid-requirement';

export interface EvaluationError {
  code: EvaluationErrorCode;
  message: string;
  metric?: string;
  partnerId?: string;
  ladderId?: string;
  tierId?: string;
}

// ---------------------------------------------------------------------------------------
// The outcome

export interface Outcome {
  partnerCount: number;
  ladders: LadderInfo[];

  // per partner, aligned with dataset.partners
  /** index into `ladders`; -1: no ladder tiers the partner's motion */
  ladderIndex: Int8Array;
  /** tier index on its ladder; -1: untiered */
  level: Int8Array;
  /** the current tier's level via the tier mapping; -1: no current tier or an unmapped label */
  currentLevel: Int8Array;
  /** index into MOVEMENTS */
  movementCode: Uint8Array;
  /** 1: pinned by an override */
  overridden: Uint8Array;
  /** 1: fails the exit rule */
  exitCandidate: Uint8Array;
  /** level + 1 on the same ladder; -1 at the top or without a ladder */
  nextLevel: Int8Array;
  /** progress toward the next tier, 0..1; NaN when there is no next tier */
  progress: Float64Array;
  /** the level the partner is placed on when the ladder takes effect, after the policies */
  rolloutLevel: Int8Array;
  /** index into ROLLOUT_STATES */
  rolloutState: Uint8Array;
  /** 1: the demotion limit raised the rollout level (state 'limited', or 'grandfathered' after it) */
  rolloutLimited: Uint8Array;

  distribution: DistributionRow[];
  valueConcentration: ValueConcentration;
  resources: Resources;
  coverage: Coverage;
  movement: MovementCounts;
  rollout: RolloutCounts;
  nearMiss: NearMiss;
  alerts: Alert[];
  review: ReviewFinding[];
  errors: EvaluationError[];
  /** the list's current-tier labels (spellings merged), with the level the tier mapping places each on */
  todayTiers: TodayTierRow[];
}

/** A current-tier label of the list and where the scenario's tier mapping places it. */
export interface TodayTierRow extends TodayTier {
  /** the mapped level; null: mapped to "no tier", or not placed */
  level: number | null;
  /** false: the tier mapping does not list the label (its partners count as having no current tier) */
  placed: boolean;
  /** how the placement was made: automatically by name or metal order, null by hand or not placed */
  match: 'name' | 'metal' | null;
}

// ---------------------------------------------------------------------------------------
// One partner, explained (on demand)

export interface UnmetRequirement {
  /** the requirement leaf's id; `<leaf id>#<n>` for the n-th sub-minimum of a points leaf */
  requirementId: string;
  /** e.g. "Sourced ARR ≥ $250,000", "at least 1,000 points", "IPP fit score ≥ 60 (eligibility)" */
  label: string;
  /** null: no data */
  value: number | null;
  target: number | null;
  /** how value and target read: the metric's kind and unit ('count' and 'points' for points) */
  kind: MetricKind;
  unit: string | null;
  /** 0..1 */
  progress: number;
}

export interface PartnerExplanation {
  index: number;
  partnerId: string;
  name: string;
  motion: string;
  ladderId: string | null;
  level: number;
  tier: string | null;
  tierId: string | null;
  /** the label as in the data */
  currentTier: string | null;
  currentLevel: number;
  movement: Movement;
  /** the attribution: which requirement the partner cleared or failed, overrides, caps, policies */
  reasons: string[];
  nextTier: string | null;
  progress: number | null;
  unmet: UnmetRequirement[];
  overrideReason: string | null;
  exitCandidate: boolean;
  /**
   * The tier after the policies; limited: the demotion limit raised it (in state 'limited',
   * or 'grandfathered' after it) — always set by explainPartner (optional only so
   * explanations written by hand without it still type-check).
   */
  rollout: { tier: string | null; state: RolloutState; limited: boolean };
}

// ---------------------------------------------------------------------------------------
// The outcome without its per-partner arrays: what the outcome panel shows

export type OutcomeSummary = Pick<
  Outcome,
  'partnerCount' | 'ladders' | 'distribution' | 'valueConcentration' | 'resources' | 'coverage' | 'movement' | 'rollout' | 'nearMiss' | 'alerts' | 'review' | 'errors' | 'todayTiers'
>;

export function summaryOf(outcome: Outcome): OutcomeSummary {
  const { partnerCount, ladders, distribution, valueConcentration, resources, coverage, movement, rollout, nearMiss, alerts, review, errors, todayTiers } = outcome;
  return { partnerCount, ladders, distribution, valueConcentration, resources, coverage, movement, rollout, nearMiss, alerts, review, errors, todayTiers };
}
