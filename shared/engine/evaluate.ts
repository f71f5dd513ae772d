/**
 * `evaluate(scenario, dataset)`: every outcome of DESIGN D7 for one scenario on one dataset.
 *
 * Why one long file (over the house limit of ~450 lines, allowed by the lint rule in
 * eslint.config.js): this is the engine's per-partner pass and the steps that share its
 * columns. The pass keeps a dozen typed arrays and counters as locals of one function so V8
 * keeps them in registers; the steps around it (policies, caps, progress, the aggregates)
 * read and write the same scratch columns in a fixed order that the decisions below depend
 * on. Each self-contained piece already lives beside it (plan.ts, progress.ts, assign.ts,
 * select.ts, explain.ts); what remains is the pipeline itself, best read top to bottom.
 *
 * Pipeline (columnar, no object per partner):
 * 1. metric columns, with derived metrics computed by `computeDerived` (metrics.ts);
 * 2. each tier decided for the partners of its ladder, one requirement at a time over
 *    lists of partners (compile.ts), into the tier's effective mask, and each partner's
 *    highest qualifying tier (plan.ts); then overrides and caps (assign.ts);
 * 3. one pass over the partners (current level, movement, next tier, counts, value);
 * 4. progress toward the next tier, one tier at a time over the partners whose next tier
 *    it is; the warning band (a state per requirement) and the rollout policies over the
 *    downgrades only;
 * 5. the aggregates; the top 5 % / 20 % by order statistics (select.ts), not a sort,
 *    once per value column.
 * Temporary columns come from reused pools (scratch.ts).
 *
 * Decisions (documented here, tested in test/shared/engine):
 * - Movement compares the new level with the current level from the tier mapping: current
 *   −1 and new ≥ 0 → newlyTiered; current ≥ 0 and new −1 → lostTier; higher → promoted;
 *   lower → demoted; same → unchanged; both −1 → untiered. A mapped level above the top of
 *   the partner's ladder counts as its top level (a two-tier ladder maps Platinum to 3 →
 *   "top").
 * - Next tier: one level up on the same ladder (entry for an untiered partner on a
 *   ladder); none at the top or without a ladder. Progress toward it: its requirement's
 *   progress, averaged with the eligibility gate's when it is above entry; NaN without a
 *   next tier. A partner kept out of a capped next tier has progress 1.
 * - Near miss counts partners with a next tier and progress ≥ 0.9 (within 10 %) / ≥ 0.8
 *   (within 20 %), 1 included (kept out by a cap). Comparisons allow 1e-9 of rounding.
 * - Policies (docs/ENGINE.md, "Rollout policies") apply to downgrades (demoted or
 *   lostTier) of partners on a ladder that are not overridden (an override is a deliberate
 *   placement), in this order:
 *   1. warning band: a partner whose current tier's requirement — and, above entry, the
 *      gate's, and on a strict ladder every lower tier's — is met or within the band, one
 *      of them only within (compile.ts `bandOver`, progress.ts `tierBandInto`), is warned and
 *      stays at its current level; a partner warned the cycle before (replay's
 *      `warnedBefore`) is not warned again;
 *   2. maxDemotionLevels K: rollout level = max(new, current − K) → rolloutLimited;
 *   3. caps: a capped tier keeps warned and limited partners only while it holds fewer
 *      than its cap (the partners the tiering put there, overrides included, first), in
 *      the cap's ranking order; a warning that does not fit is dropped (the partner is
 *      demoted, limited if the limit says so), a limited demotion that does not fit goes
 *      to the highest lower tier with room above its new tier, else takes effect in full;
 *   4. grandfatherQuarters Q > 0: every remaining downgrade is grandfathered: placed on its
 *      rollout level, it keeps its OLD tier's benefits for Q quarters; graceCost sums, per
 *      partner and component, max(0, old tier's cost − rollout tier's cost) × Q / 4.
 *   The rollout states partition the downgrades: warned + limited + grandfathered +
 *   demoted = movement.downgrades; a partner limited and then grandfathered is in state
 *   'grandfathered' with rolloutLimited 1; overridden partners and partners without a
 *   ladder are demoted.
 * - Distribution, value, resources and coverage are measured on the new `level` (the
 *   steady state of the design), not on the rollout level.
 * - Shares whose total is 0 are 0. Utilisation is null when the capacity / budget is not
 *   set and Infinity when it is 0 and something is spent.
 */
import { datasetCurrency } from '../model/currency';
import type { ColumnarDataset } from '../model/dataset';
import { ANY_MOTION, type Scenario, tierLabelKey } from '../model/scenario';
import { assign, inCapOrder } from './assign';
import { buildAlerts } from './alerts';
import { buildPlan, coveredConflictTypes, type Plan, type TierPlan } from './plan';
import { tierBandInto, tierProgressInto } from './progress';
import { floatStack, intStack, scratchInt32, scratchUint8 } from './scratch';
import { buildReview } from './review';
import { columnTopSums } from './select';
import { todayTiersOfCodes } from './metrics';
import {
  MOVEMENT_DEMOTED,
  MOVEMENT_LOST_TIER,
  MOVEMENT_NEWLY_TIERED,
  MOVEMENT_PROMOTED,
  MOVEMENT_UNCHANGED,
  MOVEMENT_UNTIERED,
  type Cost,
  type Coverage,
  type DistributionRow,
  type EvaluationError,
  type LadderInfo,
  type MovementCounts,
  type Outcome,
  type ResourceRow,
  type Resources,
  type TodayTierRow,
  type UncoveredPair,
  type ValueConcentration,
  type ValueTierRow,
} from './types';

/** Per outcome: the plan evaluate built, whose masks were pooled (not readable after it returned) */
const shapes = new WeakMap<Outcome, Plan>();
/** Per outcome: the plan with masks of its own, built again when first asked for */
const plans = new WeakMap<Outcome, Plan>();

/**
 * The compiled scenario behind an outcome (for explanations), masks included; undefined for
 * an outcome not made by `evaluate` in this realm. evaluate's own plan kept its masks in
 * reused memory, so the first call builds the plan again (the same scenario and dataset
 * objects, so the same plan) and keeps it with the outcome.
 */
export function planOf(outcome: Outcome): Plan | undefined {
  let plan = plans.get(outcome);
  if (plan) return plan;
  const shape = shapes.get(outcome);
  if (!shape) return undefined;
  plan = buildPlan(shape.scenario, shape.dataset, []);
  plans.set(outcome, plan);
  return plan;
}

/**
 * The plan behind an outcome without building anything: its ladders, tiers, costs, codes and
 * columns, but NOT its masks (gateMask, exitMask, baseLevel, each tier's eff), which may
 * since hold another evaluation's; for those, planOf.
 */
export function planShapeOf(outcome: Outcome): Plan | undefined {
  return plans.get(outcome) ?? shapes.get(outcome);
}

/** What a cycle replay tells an evaluation about the cycle before (replay.ts). */
export interface EvaluateOptions {
  /** per partner (dataset order), 1: warned in the cycle before, so not warned a second time */
  warnedBefore?: Uint8Array;
}

const warnedBeforeOf = new WeakMap<Outcome, Uint8Array>();

/** Whether the partner was warned the cycle before (evaluate's `warnedBefore`), for explanations. */
export function wasWarnedBefore(outcome: Outcome, p: number): boolean {
  return warnedBeforeOf.get(outcome)?.[p] === 1;
}

export function evaluate(scenario: Scenario, dataset: ColumnarDataset, options: EvaluateOptions = {}): Outcome {
  // evaluate is not re-entrant: the scratch stacks start empty every time (even if an
  // earlier evaluation ended in an exception and never released its columns)
  floatStack.release(0);
  intStack.release(0);
  const errors: EvaluationError[] = [];
  const plan = buildPlan(scenario, dataset, errors, undefined, 'pooled');
  const n = plan.n;
  const { ladderIndex, slots, ladders } = plan;

  const level = new Int8Array(n);
  const overridden = new Uint8Array(n);
  assign(plan, level, overridden);

  const S = slots.length;
  const offsets = Int32Array.from(ladders, (l) => (l.tiers[0] ? l.tiers[0].slot : 0));
  const ladderTop = Int32Array.from(ladders, (l) => l.tiers.length - 1);
  const { policies } = scenario;
  const band = policies.warningBandPct;

  // one pass over the partners: current level, movement, next tier, and per motion the
  // partners, value and no-data count by level; the per-tier counts are summed from those
  const currentLevel = new Int8Array(n);
  const movementCode = new Uint8Array(n);
  const nextLevel = new Int8Array(n);
  const progress = new Float64Array(n);
  const exitCandidate = new Uint8Array(n);
  const nextSlot = scratchInt32('nextSlot', n, false); // written for every partner
  const downList = scratchInt32('downList', n, false); // read up to its count
  const counters = new Float64Array(COUNTERS);
  const M = plan.codes.motions.length;
  const motionCounts = new Int32Array(M * LEVEL_WIDTH);
  const motionValue = new Float64Array(M * LEVEL_WIDTH);
  const motionNoData = new Int32Array(M * LEVEL_WIDTH);
  const valueColumn = plan.valueColumn;
  partnerPass(
    n,
    ladderIndex,
    level,
    overridden,
    plan.codes.motionCode,
    plan.codes.tierCode,
    currentLevelTable(plan.labelLevel, ladderTop),
    plan.labelLevel.length + 1,
    Int32Array.of(-1, ...ladderTop),
    Int32Array.of(0, ...offsets),
    valueColumn ?? NO_VALUES,
    valueColumn ? 1 : 0,
    plan.exitMask,
    currentLevel,
    movementCode,
    nextLevel,
    progress,
    exitCandidate,
    nextSlot,
    downList,
    counters,
    motionCounts,
    motionValue,
    motionNoData,
  );
  const slotCount = new Int32Array(S + 1); // last: untiered
  const slotValue = new Float64Array(S + 1);
  const slotNoData = new Int32Array(S + 1);
  const nextCount = new Int32Array(S);
  const motionTotals = new Int32Array(M);
  tierTotals(plan.motionLadder, offsets, ladderTop, S, motionCounts, motionValue, motionNoData, slotCount, slotValue, slotNoData, nextCount, motionTotals);

  const downCount = counters[C_DOWN]!;

  // progress toward the next tier, one tier at a time over the partners whose next tier it is
  const nextLists = bucket(nextSlot, n, nextCount, 'nextOrder');
  for (const tp of slots) {
    const list = nextLists[tp.slot]!;
    if (list.length === 0) continue;
    const mark = floatStack.mark();
    const compact = floatStack.take(list.length);
    tierProgressInto(plan, tp, list, list.length, compact);
    scatterProgress(compact, list, progress, counters);
    floatStack.release(mark);
  }

  // warning band: the band state of the CURRENT tier of would-be downgrades (on a ladder,
  // not overridden, not warned the cycle before), one tier at a time
  const warned = scratchUint8('warned', n); // within the band; after the caps are settled, warned
  if (band !== null) {
    const before = options.warnedBefore;
    const warnSlot = scratchInt32('warnSlot', downCount, false);
    const warnCount = new Int32Array(S);
    bandSlots(downList, downCount, ladderIndex, overridden, currentLevel, offsets, before ?? NO_FLAGS, before ? 1 : 0, warnSlot, warnCount);
    const warnLists = bucket(warnSlot, downCount, warnCount, 'warnOrder', downList);
    for (const tp of slots) {
      const list = warnLists[tp.slot]!;
      if (list.length === 0) continue;
      const mark = intStack.mark();
      const states = intStack.take(list.length);
      tierBandInto(plan, tp, list, list.length, band, states);
      markWithin(states, list, warned);
      intStack.release(mark);
    }
  }

  // the rollout policies, over the downgrades only: where each lands, then caps, then counts and grace cost
  const rolloutLevel = level.slice();
  const rolloutState = new Uint8Array(n);
  const rolloutLimited = new Uint8Array(n);
  const maxDown = policies.maxDemotionLevels ?? 1_000;
  // caps do not apply to a baseline ("as is")
  const capCount = Int32Array.from(slots, (t) => (t.tier.cap && !scenario.baseline ? t.tier.cap.count : -1));
  const holding = slotCount.slice(0, S); // who holds each tier once the policies are applied
  const pendingList = scratchInt32('pendingList', downCount, false); // read up to its count
  const pending = placePass(downList, downCount, ladderIndex, overridden, currentLevel, level, warned, offsets, capCount, maxDown, rolloutLevel, rolloutState, rolloutLimited, holding, pendingList);
  if (pending > 0) settleCaps(plan, pendingList, pending, level, currentLevel, warned, offsets, capCount, holding, maxDown, rolloutLevel, rolloutState, rolloutLimited);
  countPass(
    downList,
    downCount,
    ladderIndex,
    overridden,
    currentLevel,
    rolloutLevel,
    rolloutLimited,
    valueColumn ?? NO_VALUES,
    valueColumn ? 1 : 0,
    offsets,
    Float64Array.from(slots, (t) => t.hours),
    Float64Array.from(slots, (t) => t.mdf),
    Float64Array.from(slots, (t) => t.fixed),
    Float64Array.from(slots, (t) => t.marginPoints / 100),
    policies.grandfatherQuarters,
    rolloutState,
    counters,
  );

  const movement: MovementCounts = {
    promoted: counters[C_MOVEMENT + MOVEMENT_PROMOTED]!,
    demoted: counters[C_MOVEMENT + MOVEMENT_DEMOTED]!,
    unchanged: counters[C_MOVEMENT + MOVEMENT_UNCHANGED]!,
    newlyTiered: counters[C_MOVEMENT + MOVEMENT_NEWLY_TIERED]!,
    lostTier: counters[C_MOVEMENT + MOVEMENT_LOST_TIER]!,
    downgrades: downCount,
    exitCandidates: counters[C_EXIT]!,
    overridden: counters[C_OVERRIDDEN]!,
  };

  const ladderInfos = ladderInfosOf(scenario);

  const distribution = buildDistribution(plan, slotCount, motionCounts, motionTotals, LEVEL_WIDTH);
  const valueConcentration = buildValue(plan, slotCount, slotValue, slotNoData);
  const resources = buildResources(plan, slotCount, slotValue, valueConcentration.total);
  const coverage = buildCoverage(plan, slotCount);

  const outcome: Outcome = {
    partnerCount: n,
    ladders: ladderInfos,
    ladderIndex: ladderIndex.slice(), // the plan's copy is cached and shared
    level,
    currentLevel,
    movementCode,
    overridden,
    exitCandidate,
    nextLevel,
    progress,
    rolloutLevel,
    rolloutState,
    rolloutLimited,
    distribution,
    valueConcentration,
    resources,
    coverage,
    movement,
    rollout: {
      grandfathered: counters[C_GRANDFATHERED]!,
      warned: counters[C_WARNED]!,
      demoted: counters[C_DEMOTED]!,
      limited: counters[C_LIMITED]!,
      graceCost: { hours: counters[C_GRACE_HOURS]!, mdf: counters[C_GRACE_MDF]!, fixed: counters[C_GRACE_FIXED]!, margin: counters[C_GRACE_MARGIN]! },
    },
    nearMiss: { within10: counters[C_WITHIN10]!, within20: counters[C_WITHIN20]! },
    alerts: [],
    review: [],
    errors,
    todayTiers: todayTiersOfPlan(plan),
  };
  // a ladder's partners: every partner it tiers, untiered ones included
  const ladderPartners = ladders.map((l) => l.scope.length);
  outcome.alerts = buildAlerts(plan, outcome, slotCount, ladderPartners);
  outcome.review = buildReview(plan, slotCount, ladderPartners);
  shapes.set(outcome, plan);
  if (options.warnedBefore) warnedBeforeOf.set(outcome, options.warnedBefore);
  return outcome;
}

/** The list's current-tier labels and where the tier mapping places each (unplaced: level null, placed false). */
function todayTiersOfPlan(plan: Plan): TodayTierRow[] {
  const mapping = new Map(plan.scenario.tierMapping.map((e) => [tierLabelKey(e.label), e] as const).reverse()); // the first entry of a label wins
  return todayTiersOfCodes(plan.codes).map((t) => {
    const entry = mapping.get(tierLabelKey(t.label));
    return { ...t, level: entry?.level ?? null, placed: entry !== undefined, match: entry?.match ?? null };
  });
}

// ---------------------------------------------------------------------------------------
// Hot loops: small functions over typed arrays only, so they stay optimised from one
// evaluation to the next (constants are literals, no module bindings, no objects).

/** Levels -1 … 11, per motion. */
const LEVEL_WIDTH = 13;
const COUNTERS = 19;
const C_EXIT = 0;
const C_OVERRIDDEN = 1;
const C_WARNED = 2;
const C_GRANDFATHERED = 3;
const C_DEMOTED = 4;
const C_LIMITED = 5;
const C_WITHIN10 = 6;
const C_WITHIN20 = 7;
const C_GRACE_HOURS = 8;
const C_GRACE_MDF = 9;
const C_GRACE_FIXED = 10;
const C_GRACE_MARGIN = 11;
const C_DOWN = 12;
/** 13 … 18: partners per movement code */
const C_MOVEMENT = 13;

/** The movement code of (current level, new level), each -1 … 11: MOVEMENT_TABLE[(current + 1) * 13 + new + 1]. */
const MOVEMENT_TABLE = new Uint8Array(LEVEL_WIDTH * LEVEL_WIDTH);
for (let cur = -1; cur < LEVEL_WIDTH - 1; cur++) {
  for (let lv = -1; lv < LEVEL_WIDTH - 1; lv++) {
    const code = cur < 0 ? (lv < 0 ? MOVEMENT_UNTIERED : MOVEMENT_NEWLY_TIERED) : lv < 0 ? MOVEMENT_LOST_TIER : lv > cur ? MOVEMENT_PROMOTED : lv < cur ? MOVEMENT_DEMOTED : MOVEMENT_UNCHANGED;
    MOVEMENT_TABLE[(cur + 1) * LEVEL_WIDTH + lv + 1] = code;
  }
}

/** An empty value column: no value metric (every value reads as 0, none as no data). */
const NO_VALUES = new Float64Array(0);
/** No per-partner flags (no cycle before). */
const NO_FLAGS = new Uint8Array(0);

/** What a sweep point and goal seek need of an evaluation (see evaluateTiers). */
export interface TierOutcome {
  partnerCount: number;
  /** per partner: its ladder (-1 none) and level on it (-1 untiered), before rollout, as Outcome's */
  ladderIndex: Int8Array;
  level: Int8Array;
  resources: Resources;
}

/**
 * The tier assignment and its cost, without movement, next tiers, progress, warnings,
 * rollout, coverage or alerts: what is redrawn while a threshold is dragged, swept or
 * sought. The same arithmetic as evaluate's, in the same order, so its counts and
 * resources equal evaluate's to the bit (test/shared/engine/tiers.test.ts holds it to that).
 */
export function evaluateTiers(scenario: Scenario, dataset: ColumnarDataset): TierOutcome {
  floatStack.release(0);
  intStack.release(0);
  const plan = buildPlan(scenario, dataset, [], undefined, 'pooled');
  const level = new Int8Array(plan.n);
  assign(plan, level, new Uint8Array(plan.n));
  const bins = levelBins(plan);
  addToBins(plan, level, null, bins);
  return tierOutcomeOf(plan, level, bins);
}

/** Per motion × level (motion × 13 + level + 1): partners, the value metric's sum and no-data count. */
export interface LevelBins {
  counts: Int32Array;
  value: Float64Array;
  noData: Int32Array;
}

/** Empty bins for a plan's motions. */
export function levelBins(plan: Plan): LevelBins {
  const size = plan.codes.motions.length * LEVEL_WIDTH;
  return { counts: new Int32Array(size), value: new Float64Array(size), noData: new Int32Array(size) };
}

/**
 * Adds partners to their motion × level bins, in the order given: the listed ones, or every
 * partner when `list` is null. A bin's value is summed in partner order, as evaluate sums it,
 * so a caller that adds each motion's partners in ascending order gets evaluate's sums.
 */
export function addToBins(plan: Plan, level: Int8Array, list: Int32Array | null, bins: LevelBins): void {
  const motionCode = plan.codes.motionCode;
  const values = plan.valueColumn ?? NO_VALUES;
  const hasValue = plan.valueColumn ? 1 : 0;
  const { counts, value, noData } = bins;
  if (list) {
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const bin = motionCode[p]! * 13 + level[p]! + 1;
      counts[bin]!++;
      const v = hasValue === 1 ? values[p]! : Number.NaN;
      if (v === v) value[bin]! += v;
      else noData[bin]!++;
    }
    return;
  }
  for (let p = 0; p < plan.n; p++) {
    const bin = motionCode[p]! * 13 + level[p]! + 1;
    counts[bin]!++;
    const v = hasValue === 1 ? values[p]! : Number.NaN;
    if (v === v) value[bin]! += v;
    else noData[bin]!++;
  }
}

/** The TierOutcome of an assignment (`level`, handed out as it is) from its bins. */
export function tierOutcomeOf(plan: Plan, level: Int8Array, bins: LevelBins): TierOutcome {
  // the plan's ladder list is cached and shared: a copy
  return { partnerCount: plan.n, ladderIndex: plan.ladderIndex.slice(), level, resources: resourcesOfBins(plan, bins) };
}

/** Partners, cost and capacity per tier from an assignment's bins (evaluate's resources). */
export function resourcesOfBins(plan: Plan, bins: LevelBins): Resources {
  const S = plan.slots.length;
  const { ladders } = plan;
  const offsets = Int32Array.from(ladders, (l) => (l.tiers[0] ? l.tiers[0].slot : 0));
  const ladderTop = Int32Array.from(ladders, (l) => l.tiers.length - 1);
  const slotCount = new Int32Array(S + 1);
  const slotValue = new Float64Array(S + 1);
  const slotNoData = new Int32Array(S + 1);
  tierTotals(plan.motionLadder, offsets, ladderTop, S, bins.counts, bins.value, bins.noData, slotCount, slotValue, slotNoData, new Int32Array(S), new Int32Array(plan.codes.motions.length));
  return buildResources(plan, slotCount, slotValue, valueTotal(slotValue, S));
}

/*
 * Movement codes (MOVEMENTS): 0 untiered, 1 promoted, 2 demoted, 3 unchanged,
 * 4 newlyTiered, 5 lostTier. Downgrades (2, 5) are listed in `downList`. Per partner the
 * pass adds to one (current, new) pair count and to its motion × level bin (count, value,
 * no data); everything else is summed from those bins afterwards.
 */
function partnerPass(
  n: number,
  ladderIndex: Int8Array,
  level: Int8Array,
  overridden: Uint8Array,
  motionCode: Int32Array,
  tierCode: Int32Array,
  curTable: Int32Array,
  curWidth: number,
  topOf: Int32Array,
  offsetOf: Int32Array,
  valueColumn: Float64Array,
  hasValue: number,
  exitMask: Uint8Array,
  currentLevel: Int8Array,
  movementCode: Uint8Array,
  nextLevel: Int8Array,
  progress: Float64Array,
  exitCandidate: Uint8Array,
  nextSlot: Int32Array,
  downList: Int32Array,
  c: Float64Array,
  motionCounts: Int32Array,
  motionValue: Float64Array,
  motionNoData: Int32Array,
): void {
  const pairs = new Int32Array(169);
  const table = MOVEMENT_TABLE;
  let exits = 0;
  let pinned = 0;
  let down = 0;
  // every partner without a next tier keeps NaN; the others' progress is written later
  progress.fill(Number.NaN);
  for (let p = 0; p < n; p++) {
    const l1 = ladderIndex[p]! + 1;
    const lv = level[p]!;
    const cur = curTable[l1 * curWidth + tierCode[p]! + 1]!;
    currentLevel[p] = cur;
    const pair = (cur + 1) * 13 + lv + 1;
    const code = table[pair]!;
    pairs[pair]!++;
    movementCode[p] = code;
    downList[down] = p;
    down += +(code === 2) | +(code === 5);

    // branch-free: a next tier (one level up) below the ladder's top, else -1
    const has = +(lv < topOf[l1]!);
    nextLevel[p] = has * (lv + 2) - 1;
    nextSlot[p] = has * (offsetOf[l1]! + lv + 2) - 1;

    const bin = motionCode[p]! * 13 + lv + 1;
    motionCounts[bin]!++;
    const v = hasValue === 1 ? valueColumn[p]! : Number.NaN;
    if (v === v) motionValue[bin]! += v;
    else motionNoData[bin]!++;
    pinned += overridden[p]!;
    const x = 1 - exitMask[p]!;
    exitCandidate[p] = x;
    exits += x;
  }
  for (let i = 0; i < 169; i++) c[13 + table[i]!]! += pairs[i]!;
  c[0] = exits;
  c[1] = pinned;
  c[12] = down;
}

/**
 * The current level of (ladder, current-tier label), each shifted by one (-1: none):
 * table[(ladder + 1) × (labels + 1) + label + 1] — the label's mapped level, clamped to the
 * ladder's top (a partner on no ladder keeps the mapped level).
 */
function currentLevelTable(labelLevel: Int32Array, ladderTop: Int32Array): Int32Array {
  const width = labelLevel.length + 1;
  const table = new Int32Array((ladderTop.length + 1) * width);
  for (let l = -1; l < ladderTop.length; l++) {
    for (let tc = -1; tc < labelLevel.length; tc++) {
      let cur = tc >= 0 ? labelLevel[tc]! : -1;
      if (l >= 0 && cur > ladderTop[l]!) cur = ladderTop[l]!;
      table[(l + 1) * width + tc + 1] = cur;
    }
  }
  return table;
}

/**
 * Per tier (slot; S = untiered): partners, value and no-data count, summed over the
 * motions its ladder tiers; per next tier how many partners it is the next tier of; per
 * motion its partners.
 */
function tierTotals(
  motionLadder: Int32Array,
  offsets: Int32Array,
  ladderTop: Int32Array,
  S: number,
  motionCounts: Int32Array,
  motionValue: Float64Array,
  motionNoData: Int32Array,
  slotCount: Int32Array,
  slotValue: Float64Array,
  slotNoData: Int32Array,
  nextCount: Int32Array,
  motionTotals: Int32Array,
): void {
  for (let m = 0; m < motionLadder.length; m++) {
    const l = motionLadder[m]!;
    const top = l >= 0 ? ladderTop[l]! : -1;
    for (let lv = -1; lv < 12; lv++) {
      const bin = m * 13 + lv + 1;
      const count = motionCounts[bin]!;
      if (count === 0) continue;
      const slot = lv >= 0 ? offsets[l]! + lv : S;
      slotCount[slot]! += count;
      slotValue[slot]! += motionValue[bin]!;
      slotNoData[slot]! += motionNoData[bin]!;
      if (lv < top) nextCount[offsets[l]! + lv + 1]! += count;
      motionTotals[m]! += count;
    }
  }
}

/*
 * Per downgrade: the current tier's slot when the warning band looks at it (on a ladder,
 * not overridden, not warned the cycle before), else -1; and per slot how many.
 */
function bandSlots(
  downList: Int32Array,
  downCount: number,
  ladderIndex: Int8Array,
  overridden: Uint8Array,
  currentLevel: Int8Array,
  offsets: Int32Array,
  warnedBefore: Uint8Array,
  hasBefore: number,
  warnSlot: Int32Array,
  warnCount: Int32Array,
): void {
  for (let i = 0; i < downCount; i++) {
    const p = downList[i]!;
    const l = ladderIndex[p]!;
    let s = -1;
    if (l >= 0 && overridden[p] === 0 && (hasBefore === 0 || warnedBefore[p] === 0)) s = offsets[l]! + currentLevel[p]!;
    warnSlot[i] = s;
    if (s >= 0) warnCount[s]!++;
  }
}

/* into[list[i]] = 1 where the tier's band state is 1 (within: everything met or within, something only within). */
function markWithin(states: Int32Array, list: Int32Array, into: Uint8Array): void {
  for (let i = 0; i < list.length; i++) into[list[i]!] = +(states[i] === 1);
}

/*
 * Rollout states (ROLLOUT_STATES): 0 normal, 1 grandfathered, 2 warned, 3 limited; 8 and 9
 * mark, until settleCaps, a warning and a limited demotion that wait for room in a capped
 * tier (capCount ≥ 0), listed in `pendingList`. Places every downgrade on a ladder and not
 * overridden: within the band → its current level (warned); else at most maxDown levels
 * down (rolloutLimited). `holding` (partners per tier, from the tiering) follows whoever
 * moves, a waiting partner counted nowhere yet. Returns how many wait.
 */
function placePass(
  downList: Int32Array,
  downCount: number,
  ladderIndex: Int8Array,
  overridden: Uint8Array,
  currentLevel: Int8Array,
  level: Int8Array,
  within: Uint8Array,
  offsets: Int32Array,
  capCount: Int32Array,
  maxDown: number,
  rolloutLevel: Int8Array,
  rolloutState: Uint8Array,
  rolloutLimited: Uint8Array,
  holding: Int32Array,
  pendingList: Int32Array,
): number {
  let pending = 0;
  for (let i = 0; i < downCount; i++) {
    const p = downList[i]!;
    const l = ladderIndex[p]!;
    if (l < 0 || overridden[p] === 1) continue;
    const off = offsets[l]!;
    const cur = currentLevel[p]!;
    const lv = level[p]!;
    if (within[p] === 1) {
      if (lv >= 0) holding[off + lv]!--;
      if (capCount[off + cur]! < 0) {
        rolloutLevel[p] = cur;
        rolloutState[p] = 2;
        holding[off + cur]!++;
      } else {
        rolloutState[p] = 8;
        pendingList[pending++] = p;
      }
      continue;
    }
    const target = cur - maxDown;
    if (lv < target) {
      if (lv >= 0) holding[off + lv]!--;
      if (capCount[off + target]! < 0) {
        rolloutLevel[p] = target;
        rolloutLimited[p] = 1;
        holding[off + target]!++;
      } else {
        rolloutState[p] = 9;
        pendingList[pending++] = p;
      }
    }
  }
  return pending;
}

/**
 * The downgrades waiting for a capped tier (few; not a hot loop). A capped tier keeps
 * partners only while it holds fewer than its cap — counting whoever is there once the
 * policies are applied: the partners the tiering put there (overrides included) that stay —,
 * in the cap's ranking order. Each ladder is settled from its top tier down (a partner only
 * ever moves up from its new level, so a tier's holders are known when its turn comes); at
 * each tier:
 * 1. warnings: a within-band partner whose current tier has no room left is not warned; its
 *    demotion goes on to the demotion limit like any other;
 * 2. the demotion limit: a partner whose target tier has no room for it tries the next
 *    lower tier, as long as that is above its new tier; else its demotion takes effect in
 *    full (not limited).
 */
function settleCaps(
  plan: Plan,
  pendingList: Int32Array,
  pendingCount: number,
  level: Int8Array,
  currentLevel: Int8Array,
  within: Uint8Array,
  offsets: Int32Array,
  capCount: Int32Array,
  holding: Int32Array,
  maxDown: number,
  rolloutLevel: Int8Array,
  rolloutState: Uint8Array,
  rolloutLimited: Uint8Array,
): void {
  const { ladderIndex } = plan;
  const warnings = new Map<number, number[]>(); // slot → within-band partners waiting for room in it
  const wish = new Map<number, number>(); // partner → the level it is placed on if there is room
  for (let i = 0; i < pendingCount; i++) {
    const p = pendingList[i]!;
    if (rolloutState[p] === 8) {
      const s = offsets[ladderIndex[p]!]! + currentLevel[p]!;
      const list = warnings.get(s);
      if (list) list.push(p);
      else warnings.set(s, [p]);
    } else wish.set(p, currentLevel[p]! - maxDown);
    rolloutState[p] = 0;
  }
  const room = (s: number) => Math.max(0, capCount[s]! - holding[s]!);
  // a partner with no room above its new level: its demotion takes effect in full
  const inFull = (p: number, off: number) => {
    wish.delete(p);
    const lv = level[p]!;
    if (lv >= 0) holding[off + lv]!++;
  };
  for (const ladder of plan.ladders) {
    const off = offsets[ladder.index]!;
    for (let k = ladder.tiers.length - 1; k >= 0; k--) {
      const s = off + k;
      const cap = ladder.tiers[k]!.tier.cap;
      const waiting = warnings.get(s);
      if (waiting && cap) {
        const kept = new Set(inCapOrder(plan, cap, waiting).slice(0, room(s)));
        holding[s]! += kept.size;
        for (const p of waiting) {
          if (kept.has(p)) {
            rolloutLevel[p] = k;
            rolloutState[p] = 2;
            continue;
          }
          within[p] = 0;
          const target = k - maxDown;
          if (level[p]! < target) wish.set(p, target);
          else inFull(p, off);
        }
      }
      const wishing: number[] = [];
      for (const [p, w] of wish) if (w === k && ladderIndex[p] === ladder.index) wishing.push(p);
      if (wishing.length === 0) continue;
      const placed = new Set(cap && capCount[s]! >= 0 ? inCapOrder(plan, cap, wishing).slice(0, room(s)) : wishing);
      holding[s]! += placed.size;
      for (const p of wishing) {
        if (placed.has(p)) {
          rolloutLevel[p] = k;
          rolloutLimited[p] = 1;
          wish.delete(p);
        } else if (k - 1 > level[p]!) wish.set(p, k - 1);
        else inFull(p, off);
      }
    }
  }
}

/*
 * The counts of the rollout states — a partition of the downgrades: warned, limited,
 * grandfathered (limited or not: rolloutLimited says), demoted (the rest, overridden
 * partners and partners on no ladder included) — and the grace cost: per grandfathered
 * partner and per component, max(0, the old tier's cost − the cost of the tier it rolls
 * out at) × quarters / 4 (margin on its value; no data: no margin).
 */
function countPass(
  downList: Int32Array,
  downCount: number,
  ladderIndex: Int8Array,
  overridden: Uint8Array,
  currentLevel: Int8Array,
  rolloutLevel: Int8Array,
  rolloutLimited: Uint8Array,
  valueColumn: Float64Array,
  hasValue: number,
  offsets: Int32Array,
  slotHours: Float64Array,
  slotMdf: Float64Array,
  slotFixed: Float64Array,
  slotMargin: Float64Array,
  quarters: number,
  rolloutState: Uint8Array,
  c: Float64Array,
): void {
  let warnedCount = 0;
  let grandfathered = 0;
  let demoted = 0;
  let limited = 0;
  let graceHours = 0;
  let graceMdf = 0;
  let graceFixed = 0;
  let graceMargin = 0;
  for (let i = 0; i < downCount; i++) {
    const p = downList[i]!;
    const l = ladderIndex[p]!;
    if (l < 0 || overridden[p] === 1) {
      demoted++;
      continue;
    }
    if (rolloutState[p] === 2) {
      warnedCount++;
      continue;
    }
    if (quarters > 0) {
      rolloutState[p] = 1;
      grandfathered++;
      const old = offsets[l]! + currentLevel[p]!;
      const rl = rolloutLevel[p]!;
      const now = rl >= 0 ? offsets[l]! + rl : -1;
      const h = slotHours[old]! - (now >= 0 ? slotHours[now]! : 0);
      const m = slotMdf[old]! - (now >= 0 ? slotMdf[now]! : 0);
      const f = slotFixed[old]! - (now >= 0 ? slotFixed[now]! : 0);
      const v = hasValue === 1 ? valueColumn[p]! : 0;
      const g = (slotMargin[old]! - (now >= 0 ? slotMargin[now]! : 0)) * v;
      if (h > 0) graceHours += h;
      if (m > 0) graceMdf += m;
      if (f > 0) graceFixed += f;
      if (g > 0) graceMargin += g; // no data (NaN): no margin
    } else if (rolloutLimited[p] === 1) {
      rolloutState[p] = 3;
      limited++;
    } else {
      rolloutState[p] = 0;
      demoted++;
    }
  }
  const share = quarters / 4;
  c[2] = warnedCount;
  c[3] = grandfathered;
  c[4] = demoted;
  c[5] = limited;
  c[8] = graceHours * share;
  c[9] = graceMdf * share;
  c[10] = graceFixed * share;
  c[11] = graceMargin * share;
}

/* Progress of the listed partners into `progress`, counting near misses (≥ 0.8 / ≥ 0.9, 1e-9 slack). */
function scatterProgress(compact: Float64Array, list: Int32Array, progress: Float64Array, c: Float64Array): void {
  let within10 = 0;
  let within20 = 0;
  for (let i = 0; i < list.length; i++) {
    const pr = compact[i]!;
    progress[list[i]!] = pr;
    within20 += +(pr >= 0.8 - 1e-9);
    within10 += +(pr >= 0.9 - 1e-9);
  }
  c[6]! += within10;
  c[7]! += within20;
}

/**
 * Items grouped by their key in 0..counts.length-1 (counting sort; key -1: left out),
 * each group a view on one Int32Array, in their original order. The items are 0..size-1,
 * or ids[0..size-1] when `ids` is given; keys[i] is item i's key.
 */
function bucket(keys: Int32Array, size: number, counts: Int32Array, name: string, ids?: Int32Array): Int32Array[] {
  const buckets = counts.length;
  const starts = new Int32Array(buckets + 1);
  for (let k = 0; k < buckets; k++) starts[k + 1] = starts[k]! + counts[k]!;
  const order = scratchInt32(name, starts[buckets]!, false);
  const fill = starts.slice(0, buckets);
  for (let i = 0; i < size; i++) {
    const k = keys[i]!;
    if (k >= 0) order[fill[k]!++] = ids ? ids[i]! : i;
  }
  const lists: Int32Array[] = [];
  for (let k = 0; k < buckets; k++) lists.push(order.subarray(starts[k]!, starts[k + 1]!));
  return lists;
}

// ---------------------------------------------------------------------------------------
// Aggregates

/**
 * Rows per motion (the motions ladders name, in ladder order, then the other motions of
 * the data in plain string order), each with the tiers of the ladder that tiers it and an
 * untiered row; then rows with motion '*' over all partners: every tier of every ladder
 * and one untiered row.
 */
function buildDistribution(plan: Plan, slotCount: Int32Array, motionCounts: Int32Array, motionTotals: Int32Array, W: number): DistributionRow[] {
  const { motions } = plan.codes;
  const order = motions.map((_, i) => i);
  const ladderRank = (i: number) => {
    const l = plan.motionLadder[i]!;
    const ladder = l >= 0 ? plan.scenario.ladders[l] : undefined;
    return ladder && ladder.motion !== ANY_MOTION ? l : Number.POSITIVE_INFINITY;
  };
  order.sort((a, b) => {
    const ra = ladderRank(a);
    const rb = ladderRank(b);
    if (ra !== rb) return ra < rb ? -1 : 1;
    const ma = motions[a]!;
    const mb = motions[b]!;
    return ma < mb ? -1 : ma > mb ? 1 : 0;
  });
  const rows: DistributionRow[] = [];
  for (const i of order) {
    const motion = motions[i]!;
    const total = motionTotals[i]!;
    const l = plan.motionLadder[i]!;
    const ladder = l >= 0 ? plan.ladders[l] : undefined;
    if (ladder) {
      for (const tp of ladder.tiers) {
        const count = motionCounts[i * W + tp.level + 1]!;
        rows.push({ motion, ladderId: ladder.ladder.id, tierId: tp.tier.id, tier: tp.tier.name, level: tp.level, count, share: total > 0 ? count / total : 0 });
      }
    }
    const untiered = motionCounts[i * W]!;
    rows.push({ motion, ladderId: ladder ? ladder.ladder.id : null, tierId: null, tier: null, level: -1, count: untiered, share: total > 0 ? untiered / total : 0 });
  }
  const n = plan.n;
  for (const tp of plan.slots) {
    const count = slotCount[tp.slot]!;
    rows.push({ motion: ANY_MOTION, ladderId: plan.scenario.ladders[tp.ladderIndex]!.id, tierId: tp.tier.id, tier: tp.tier.name, level: tp.level, count, share: n > 0 ? count / n : 0 });
  }
  const untiered = slotCount[plan.slots.length]!;
  rows.push({ motion: ANY_MOTION, ladderId: null, tierId: null, tier: null, level: -1, count: untiered, share: n > 0 ? untiered / n : 0 });
  return rows;
}

/** Top 5 % / 20 % = the ceil(5 % / 20 % × partners) partners with the most value (no data = 0). */
/* The value metric's total over every tier and the untiered (slots 0..S). */
function valueTotal(slotValue: Float64Array, S: number): number {
  let total = 0;
  for (let s = 0; s <= S; s++) total += slotValue[s]!;
  return total;
}

function buildValue(plan: Plan, slotCount: Int32Array, slotValue: Float64Array, slotNoData: Int32Array): ValueConcentration {
  const S = plan.slots.length;
  const total = valueTotal(slotValue, S);
  let noData = 0;
  for (let s = 0; s <= S; s++) noData += slotNoData[s]!;
  const row = (tp: TierPlan | null, s: number): ValueTierRow => ({
    ladderId: tp ? plan.scenario.ladders[tp.ladderIndex]!.id : null,
    tierId: tp ? tp.tier.id : null,
    tier: tp ? tp.tier.name : null,
    level: tp ? tp.level : -1,
    partners: slotCount[s]!,
    noData: slotNoData[s]!,
    value: slotValue[s]!,
    share: total > 0 ? slotValue[s]! / total : 0,
  });
  const tiers = plan.slots.map((tp) => row(tp, tp.slot));
  tiers.push(row(null, S));

  const n = plan.n;
  const top5Count = Math.min(n, Math.ceil(n * 0.05));
  const top20Count = Math.min(n, Math.ceil(n * 0.2));
  let top5 = 0;
  let top20 = 0;
  if (total > 0 && n > 0 && plan.valueColumn) {
    [top5, top20] = columnTopSums(plan.valueColumn, n, top5Count, top20Count);
  }
  return {
    metric: plan.scenario.assumptions.valueMetric,
    total,
    noData,
    tiers,
    top5Count,
    top20Count,
    top5Share: total > 0 ? top5 / total : 0,
    top20Share: total > 0 ? top20 / total : 0,
  };
}

function buildResources(plan: Plan, slotCount: Int32Array, slotValue: Float64Array, totalValue: number): Resources {
  const S = plan.slots.length;
  const rows: ResourceRow[] = [];
  const totals: Cost = { hours: 0, mdf: 0, fixed: 0, margin: 0 };
  for (const tp of plan.slots) {
    const partners = slotCount[tp.slot]!;
    const value = slotValue[tp.slot]!;
    const row: ResourceRow = {
      ladderId: plan.scenario.ladders[tp.ladderIndex]!.id,
      tierId: tp.tier.id,
      tier: tp.tier.name,
      level: tp.level,
      partners,
      value,
      hours: partners * tp.hours,
      mdf: partners * tp.mdf,
      fixed: partners * tp.fixed,
      margin: (tp.marginPoints / 100) * value,
      cost: 0,
      partnerShare: 0,
      costShare: 0,
      valueShare: 0,
      hoursShare: 0,
    };
    row.cost = row.mdf + row.fixed + row.margin;
    totals.hours += row.hours;
    totals.mdf += row.mdf;
    totals.fixed += row.fixed;
    totals.margin += row.margin;
    rows.push(row);
  }
  const untiered = slotCount[S]!;
  if (untiered > 0) {
    rows.push({ ladderId: null, tierId: null, tier: null, level: -1, partners: untiered, value: slotValue[S]!, hours: 0, mdf: 0, fixed: 0, margin: 0, cost: 0, partnerShare: 0, costShare: 0, valueShare: 0, hoursShare: 0 });
  }
  const dollars = totals.mdf + totals.fixed + totals.margin;
  const n = plan.n;
  for (const row of rows) {
    row.partnerShare = n > 0 ? row.partners / n : 0;
    row.costShare = dollars > 0 ? row.cost / dollars : 0;
    row.valueShare = totalValue > 0 ? row.value / totalValue : 0;
    row.hoursShare = totals.hours > 0 ? row.hours / totals.hours : 0;
  }
  const { capacityHours, mdfBudget, marginBudget } = plan.scenario.assumptions;
  return {
    tiers: rows,
    totals,
    utilisation: { hours: ratio(totals.hours, capacityHours), mdf: ratio(totals.mdf, mdfBudget), margin: ratio(totals.margin, marginBudget) },
    currency: datasetCurrency(plan.dataset.metrics),
  };
}

function ratio(used: number, available: number | null): number | null {
  if (available === null) return null;
  if (available === 0) return used > 0 ? Number.POSITIVE_INFINITY : 0;
  return used / available;
}

/** Conflict-rule coverage (DESIGN D5), over the benefits each tier grants (each benefit once per tier). */
function buildCoverage(plan: Plan, slotCount: Int32Array): Coverage {
  const covered = coveredConflictTypes(plan.scenario);
  const pairs = { covered: 0, total: 0 };
  const grants = { covered: 0, total: 0 };
  const uncovered: UncoveredPair[] = [];
  for (const tp of plan.slots) {
    const partners = slotCount[tp.slot]!;
    for (const b of tp.benefits) {
      if (!b.conflictType) continue;
      pairs.total++;
      grants.total += partners;
      if (covered.has(b.conflictType)) {
        pairs.covered++;
        grants.covered += partners;
      } else {
        uncovered.push({ ladderId: plan.scenario.ladders[tp.ladderIndex]!.id, tierId: tp.tier.id, tier: tp.tier.name, benefitId: b.id, benefit: b.name, conflictType: b.conflictType, partners });
      }
    }
  }
  return { pairs, grants, uncovered };
}


/** The ladders of a scenario as outcomes name them: ids, names, tiers and their colours. */
export function ladderInfosOf(scenario: Scenario): LadderInfo[] {
  return scenario.ladders.map((l) => ({
    id: l.id,
    motion: l.motion,
    name: l.name,
    strict: l.strict,
    tiers: l.tiers.map((t) => ({ id: t.id, name: t.name, color: t.color })),
  }));
}
