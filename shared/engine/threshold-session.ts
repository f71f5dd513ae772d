/**
 * One threshold moved again and again — a drag, a sweep, goal seek (DESIGN D8.3) — without
 * running the engine again at every value.
 *
 * Moving one comparison's threshold changes one thing per partner: whether that comparison
 * holds for it. Everything else stays: the tier's other requirements, the gate, a strict
 * ladder's lower tiers, overrides, the other ladders. So a session runs the engine's
 * tiering twice, once with the comparison failing for everyone (threshold NaN) and once with
 * it holding wherever some threshold could make it hold (−∞ for ≥ and >, +∞ for ≤ and <),
 * and keeps the partners on the threshold's ladder whose level — or, on a capped ladder,
 * whose qualifying tiers — differ between the two runs: the only partners a threshold can
 * move. At a value, each of them takes what the run its comparison agrees with gave it;
 * the ladder's capped tiers are then filled again with assign's own code, and the counts
 * and costs summed with evaluateTiers' own code, each bin in partner order. A step
 * therefore gives evaluateTiers' outcome to the bit (test/shared/engine/threshold-session.test.ts
 * holds it to that on random scenarios and moves) for one pass over the threshold's ladder
 * instead of a whole evaluation.
 *
 * A threshold whose id repeats in its tier, and a baseline scenario (whose tiers do not
 * depend on thresholds), take the plain route: evaluateTiers at each value, or once.
 */
import type { ColumnarDataset } from '../model/dataset';
import type { Scenario } from '../model/scenario';
import { applyCaps, assign } from './assign';
import { addToBins, evaluateTiers, levelBins, resourcesOfBins, tierOutcomeOf, type LevelBins, type TierOutcome } from './evaluate';
import { findThreshold, leavesWithId, withThreshold, type ThresholdInfo, type ThresholdOp, type ThresholdRef } from './thresholds';
import { buildPlan, type LadderPlan, type Plan } from './plan';
import type { Resources } from './types';
import { floatStack, intStack } from './scratch';

export interface TiersAt {
  /** partners per level of the threshold's ladder, lowest first, then its untiered partners */
  counts: Int32Array;
  resources: Resources;
}

export interface ThresholdSession {
  /** The tier assignment and its cost with the threshold at `value`: evaluateTiers(withThreshold(…, value)). */
  at(value: number): TierOutcome;
  /** What a sweep point shows at `value`: partners per tier of the threshold's ladder, and the resources. */
  tiersAt(value: number): TiersAt;
  /** Partners in the threshold's tier with the threshold at `value`, and partners on its ladder. */
  countAt(value: number): { count: number; ladderPartners: number };
}

/** A session for one threshold of a scenario on a dataset (throws RangeError when `ref` names no threshold). */
export function thresholdSession(scenario: Scenario, dataset: ColumnarDataset, ref: ThresholdRef): ThresholdSession {
  const found = findThreshold(scenario, ref);
  if (!found.ok) throw new RangeError(found.error);
  const info = found.value;
  if (scenario.baseline) return constantSession(scenario, dataset, info);
  const tier = scenario.ladders[info.ladderIndex]!.tiers[info.level]!;
  if (leavesWithId(tier.requirement, ref.requirementId) !== 1) return plainSession(scenario, dataset, ref, info);
  return new BandSession(scenario, dataset, info, (s, value) => withThreshold(s, ref, value), null);
}

/**
 * A session for a comparison that is not a threshold of the scenario's own: `set` puts its
 * value in a copy of the scenario, and `values` holds each partner's side of it (a points
 * requirement's total against its minimum: points-lever.ts). The comparison must appear once
 * in its tier, and hold for no value where a partner's side is NaN.
 */
export function bandSession(scenario: Scenario, dataset: ColumnarDataset, info: ThresholdInfo, set: (scenario: Scenario, value: number) => Scenario, values: Float64Array): ThresholdSession {
  return new BandSession(scenario, dataset, info, set, values);
}

/* Partners per level of a ladder, then its untiered ones. */
function tiersOn(outcome: TierOutcome, ladderIndex: number, tierCount: number): TiersAt {
  const counts = new Int32Array(tierCount + 1);
  for (let p = 0; p < outcome.partnerCount; p++) {
    if (outcome.ladderIndex[p] !== ladderIndex) continue;
    const lv = outcome.level[p]!;
    counts[lv < 0 ? tierCount : lv]!++;
  }
  return { counts, resources: outcome.resources };
}

function countOn(outcome: TierOutcome, ladderIndex: number, level: number): { count: number; ladderPartners: number } {
  let count = 0;
  let ladderPartners = 0;
  for (let p = 0; p < outcome.partnerCount; p++) {
    if (outcome.ladderIndex[p] !== ladderIndex) continue;
    ladderPartners++;
    count += +(outcome.level[p] === level);
  }
  return { count, ladderPartners };
}

/* The plain route: a whole evaluateTiers at each value. */
function plainSession(scenario: Scenario, dataset: ColumnarDataset, ref: ThresholdRef, info: ThresholdInfo): ThresholdSession {
  const at = (value: number) => evaluateTiers(withThreshold(scenario, ref, value), dataset);
  const tierCount = scenario.ladders[info.ladderIndex]!.tiers.length;
  return { at, tiersAt: (value) => tiersOn(at(value), info.ladderIndex, tierCount), countAt: (value) => countOn(at(value), info.ladderIndex, info.level) };
}

/* A baseline places partners by their current tier: every value gives the same outcome. */
function constantSession(scenario: Scenario, dataset: ColumnarDataset, info: ThresholdInfo): ThresholdSession {
  const outcome = evaluateTiers(scenario, dataset);
  const counted = countOn(outcome, info.ladderIndex, info.level);
  const tiers = tiersOn(outcome, info.ladderIndex, scenario.ladders[info.ladderIndex]!.tiers.length);
  return {
    at: () => ({ ...outcome, ladderIndex: outcome.ladderIndex.slice(), level: outcome.level.slice(), resources: copyOf(outcome.resources) }),
    tiersAt: () => ({ counts: tiers.counts.slice(), resources: copyOf(tiers.resources) }),
    countAt: () => ({ ...counted }),
  };
}

function copyOf(r: Resources): Resources {
  return { ...r, tiers: r.tiers.map((t) => ({ ...t })), totals: { ...r.totals }, utilisation: { ...r.utilisation } };
}

/** The threshold that makes the comparison hold wherever any threshold could. */
function holdingEverywhere(op: ThresholdOp): number {
  return op === '>=' || op === '>' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/* out[i] = 1 where the comparison `values[i] op value` holds (NaN never does). */
function holdsInto(op: ThresholdOp, values: Float64Array, value: number, out: Uint8Array): void {
  const m = values.length;
  switch (op) {
    case '>=':
      for (let i = 0; i < m; i++) out[i] = +(values[i]! >= value);
      return;
    case '>':
      for (let i = 0; i < m; i++) out[i] = +(values[i]! > value);
      return;
    case '<=':
      for (let i = 0; i < m; i++) out[i] = +(values[i]! <= value);
      return;
    case '<':
      for (let i = 0; i < m; i++) out[i] = +(values[i]! < value);
      return;
  }
}

class BandSession implements ThresholdSession {
  /** the tiering with the comparison failing everywhere; its masks are patched while caps are filled */
  private readonly plan: Plan;
  private readonly ladder: LadderPlan;
  private readonly overridden: Uint8Array;
  /** every partner's level with the comparison failing, before the threshold's ladder's caps */
  private readonly start: Int8Array;
  /** the partners a threshold can move, ascending; their value of the threshold's metric, and their level with the comparison holding */
  private readonly movable: Int32Array;
  private readonly movableValue: Float64Array;
  private readonly movedLevel: Int8Array;
  /**
   * Capped ladders: the tiers whose mask differs between the runs for some movable partner,
   * the positions (in `movable`) of the partners whose masks differ, and per such tier the
   * failing run's mask (patched in place) with its values for those partners in each run.
   */
  private readonly patched: { eff: Uint8Array; holding: Uint8Array; failing: Uint8Array }[];
  private readonly patchAt: Int32Array;
  /** the bins of every partner off the threshold's ladder (the ladder's own are empty) */
  private readonly fixedBins: LevelBins;
  private readonly level: Int8Array;
  private readonly holds: Uint8Array;
  /**
   * For countAt: the threshold's tier's partners with the comparison failing (before caps),
   * and the movable partners whose comparison holding moves them into (+1) or out of (−1) that tier.
   */
  private readonly countBase: number;
  private readonly countValue: Float64Array;
  private readonly countDelta: Int8Array;
  private readonly countHolds: Uint8Array;
  /**
   * Capped ladders: the ladder as applyCaps sees it, its scope cut to the partners that can
   * stand on a capped tier or above at some value (caps only move partners down, so no one
   * else is ever read or written there), and their levels before the caps at the last value.
   */
  private readonly capLadder: LadderPlan;
  private readonly beforeCaps: Int8Array;

  /** `set`: the scenario with the comparison at a value; `values`: each partner's side of it (null: the metric's column) */
  constructor(
    scenario: Scenario,
    dataset: ColumnarDataset,
    private readonly info: ThresholdInfo,
    set: (scenario: Scenario, value: number) => Scenario,
    values: Float64Array | null,
  ) {
    floatStack.release(0);
    intStack.release(0);
    const holding = buildPlan(set(scenario, holdingEverywhere(info.op)), dataset, [], info.ladderIndex);
    const plan = buildPlan(set(scenario, Number.NaN), dataset, []);
    this.plan = plan;
    const ladder = plan.ladders[info.ladderIndex]!;
    this.ladder = ladder;
    const n = plan.n;
    const start = new Int8Array(n);
    const overridden = new Uint8Array(n);
    assign(plan, start, overridden);
    this.overridden = overridden;
    const { scope } = ladder;
    // on the threshold's ladder: the level before its caps (overridden partners keep theirs)
    for (let i = 0; i < scope.length; i++) {
      const p = scope[i]!;
      if (overridden[p] === 0) start[p] = plan.baseLevel[p]!;
    }
    this.start = start;

    const failTiers = ladder.tiers;
    const holdTiers = holding.ladders[info.ladderIndex]!.tiers;
    const T = failTiers.length;
    // the movable partners: level (or, with caps, some tier's mask) differs between the runs
    const movable = new Int32Array(scope.length);
    const masksDiffer = new Uint8Array(scope.length);
    let m = 0;
    let patchCount = 0;
    const failBase = plan.baseLevel;
    const holdBase = holding.baseLevel;
    for (let i = 0; i < scope.length; i++) {
      const p = scope[i]!;
      if (overridden[p] === 1) continue;
      let masks = 0;
      if (ladder.hasCaps) for (let k = 0; k < T && masks === 0; k++) masks = +(failTiers[k]!.eff[p] !== holdTiers[k]!.eff[p]);
      if (masks === 0 && failBase[p] === holdBase[p]) continue;
      masksDiffer[m] = masks;
      patchCount += masks;
      movable[m++] = p;
    }
    this.movable = movable.slice(0, m);
    const column = values ?? plan.metrics.get(info.metric).column;
    this.movableValue = new Float64Array(m);
    this.movedLevel = new Int8Array(m);
    const patchAt = new Int32Array(patchCount);
    for (let i = 0, j = 0; i < m; i++) {
      const p = movable[i]!;
      this.movableValue[i] = column ? column[p]! : Number.NaN;
      this.movedLevel[i] = holdBase[p]!;
      if (masksDiffer[i] === 1) patchAt[j++] = i;
    }
    this.patchAt = patchAt;
    this.patched = [];
    for (let k = 0; k < T; k++) {
      const eff = failTiers[k]!.eff;
      const held = holdTiers[k]!.eff;
      const holdingMask = new Uint8Array(patchCount);
      const failingMask = new Uint8Array(patchCount);
      let differs = 0;
      for (let j = 0; j < patchCount; j++) {
        const p = movable[patchAt[j]!]!;
        holdingMask[j] = held[p]!;
        failingMask[j] = eff[p]!;
        differs |= held[p]! ^ eff[p]!;
      }
      if (differs === 1) this.patched.push({ eff, holding: holdingMask, failing: failingMask });
    }

    // bins of the partners off this ladder, each bin in partner order as evaluateTiers adds them
    const off = new Int32Array(n - scope.length);
    for (let p = 0, j = 0, s = 0; p < n; p++) {
      if (s < scope.length && scope[s] === p) s++;
      else off[j++] = p;
    }
    this.fixedBins = levelBins(plan);
    addToBins(plan, start, off, this.fixedBins);
    this.level = new Int8Array(n);
    this.holds = new Uint8Array(m);

    const k = info.level;
    let countBase = 0;
    for (let i = 0; i < scope.length; i++) countBase += +(start[scope[i]!] === k);
    this.countBase = countBase;
    let changing = 0;
    for (let i = 0; i < m; i++) changing += +((this.movedLevel[i] === k) !== (start[this.movable[i]!] === k));
    this.countValue = new Float64Array(changing);
    this.countDelta = new Int8Array(changing);
    this.countHolds = new Uint8Array(changing);
    for (let i = 0, j = 0; i < m; i++) {
      const delta = +(this.movedLevel[i] === k) - +(start[this.movable[i]!] === k);
      if (delta === 0) continue;
      this.countValue[j] = this.movableValue[i]!;
      this.countDelta[j++] = delta;
    }

    this.capLadder = { ...ladder, scope: this.capScope(ladder, start, overridden) };
    this.beforeCaps = new Int8Array(this.capLadder.scope.length);
  }

  /* The ladder's partners (ascending, not overridden) whose level before caps can reach its lowest capped tier. */
  private capScope(ladder: LadderPlan, start: Int8Array, overridden: Uint8Array): Int32Array {
    if (!ladder.hasCaps) return new Int32Array(0);
    const lowest = ladder.tiers.findIndex((t) => t.tier.cap !== null);
    const { scope } = ladder;
    const { movable, movedLevel } = this;
    const out = new Int32Array(scope.length);
    let c = 0;
    for (let i = 0, j = 0; i < scope.length; i++) {
      const p = scope[i]!;
      while (j < movable.length && movable[j]! < p) j++;
      const moved = j < movable.length && movable[j] === p ? movedLevel[j]! : -1;
      if (overridden[p] === 0 && (start[p]! >= lowest || moved >= lowest)) out[c++] = p;
    }
    return out.slice(0, c);
  }

  /* this.level = every partner's level with the threshold at `value` (assign's result). */
  private place(value: number): Int8Array {
    const { level, movable, movedLevel, holds, ladder } = this;
    level.set(this.start);
    holdsInto(this.info.op, this.movableValue, value, holds);
    for (let i = 0; i < movable.length; i++) if (holds[i] === 1) level[movable[i]!] = movedLevel[i]!;
    if (ladder.hasCaps) {
      const { capLadder, beforeCaps } = this;
      const capped = capLadder.scope;
      for (let i = 0; i < capped.length; i++) beforeCaps[i] = level[capped[i]!]!;
      // the masks the caps' fallback reads, as they are at this value
      this.patch(true);
      try {
        applyCaps(this.plan, capLadder, level, this.overridden);
      } finally {
        this.patch(false);
      }
    }
    return level;
  }

  /* Sets the holding run's masks for the partners whose comparison holds, or puts the failing run's back. */
  private patch(holding: boolean): void {
    const { movable, holds, patchAt } = this;
    for (const t of this.patched) {
      const from = holding ? t.holding : t.failing;
      for (let j = 0; j < patchAt.length; j++) {
        const i = patchAt[j]!;
        if (holds[i] === 1) t.eff[movable[i]!] = from[j]!;
      }
    }
  }

  private binsAt(value: number): LevelBins {
    const level = this.place(value);
    const fixed = this.fixedBins;
    const bins: LevelBins = { counts: fixed.counts.slice(), value: fixed.value.slice(), noData: fixed.noData.slice() };
    addToBins(this.plan, level, this.ladder.scope, bins);
    return bins;
  }

  at(value: number): TierOutcome {
    const bins = this.binsAt(value);
    return tierOutcomeOf(this.plan, this.level.slice(), bins);
  }

  tiersAt(value: number): TiersAt {
    const bins = this.binsAt(value);
    const { plan } = this;
    const counts = new Int32Array(this.ladder.tiers.length + 1);
    const untiered = counts.length - 1;
    // the ladder's partners are its motions' bins
    for (let m = 0; m < plan.motionLadder.length; m++) {
      if (plan.motionLadder[m] !== this.info.ladderIndex) continue;
      counts[untiered]! += bins.counts[m * 13]!;
      for (let k = 0; k < untiered; k++) counts[k]! += bins.counts[m * 13 + k + 1]!;
    }
    return { counts, resources: resourcesOfBins(plan, bins) };
  }

  countAt(value: number): { count: number; ladderPartners: number } {
    // before caps a partner's level is the failing run's, or the holding run's where the comparison holds
    const { countValue, countDelta, countHolds } = this;
    holdsInto(this.info.op, countValue, value, countHolds);
    let count = this.countBase;
    for (let i = 0; i < countValue.length; i++) count += countHolds[i]! * countDelta[i]!;
    if (this.ladder.hasCaps) {
      // then the caps move some of the partners in capScope down
      const level = this.place(value);
      const k = this.info.level;
      const { beforeCaps } = this;
      const capped = this.capLadder.scope;
      for (let i = 0; i < capped.length; i++) count += +(level[capped[i]!] === k) - +(beforeCaps[i] === k);
    }
    return { count, ladderPartners: this.ladder.scope.length };
  }
}
