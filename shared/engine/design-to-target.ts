/**
 * Design to a target (DESIGN D8.6, SPEC S7): "which thresholds give the pyramid we want,
 * inside the budget?" — the inverse of evaluate, for one ladder at a time.
 *
 * The lead states partners per tier (a count or a share of the ladder's partners, lowest
 * tier first; a tier without a target keeps its thresholds), optionally a maximum for the
 * scenario's team hours, MDF and margin, and a step to round thresholds to. Each targeted
 * tier moves one threshold, its lever (by default the first ≥, >, ≤ or < comparison of its
 * requirement on a metric that is not yes/no, else its first points minimum:
 * points-lever.ts), and the tiers are solved top-down: a tier's
 * count depends on the tiers above it (a partner takes the highest tier it qualifies for),
 * not on those below, so solving the top first lets each lower tier's count hold. Each
 * tier is solved by goal seek (explore.ts): order statistics over the partners' own values,
 * exact for a single threshold and a search of the real engine's tiering for compound
 * requirements, gates, caps and overrides — and when a target cannot be met, goal seek's
 * explanation says why (ties, the tier's other requirements, its gate or cap).
 *
 * On a strict ladder a partner needs every lower tier's requirement too, so moving a lower
 * threshold can change an upper tier's count: the top-down pass is repeated (at most three
 * times) until no threshold moves.
 *
 * Budgets: when the fitted design spends more than a limit allows, the targets of every
 * tier above the ladder's lowest are scaled down together (the pyramid keeps its shape)
 * by a bisection on the scale, to the largest scale whose design stays within every
 * limit. When even no partner above the lowest tier would keep a limit (other ladders
 * spend it), the design is fitted to the targets as asked and the limit is reported missed.
 *
 * Deterministic: the same scenario, list and request give the same thresholds. Written as
 * a generator that yields after each tier it solves, so the engine worker can report
 * progress and stop between steps (`designToTarget` runs it to the end).
 */
import type { ColumnarDataset } from '../model/dataset';
import { datasetCurrency, settledUnit } from '../model/currency';
import { countOf, formatCount, formatMetricValue, formatMoney, formatShare } from '../model/format';
import { formatPoints } from './describe';
import type { Scenario } from '../model/scenario';
import { evaluateTiers, type TierOutcome } from './evaluate';
import { goalSeek } from './explore';
import { findPointsMin, pointsLeavesOf, pointsTotals, seekPointsMin, withPointsMin } from './points-lever';
import { thresholdSession } from './threshold-session';
import { findThreshold, listThresholds, withThreshold, type ThresholdOp, type ThresholdRef } from './thresholds';

/** A tier's target: a number of partners, or a share (0..1) of the ladder's partners. */
export type TierTarget = { count: number } | { share: number };

export type BudgetKind = 'hours' | 'mdf' | 'margin';
export const BUDGET_KINDS: readonly BudgetKind[] = ['hours', 'mdf', 'margin'];

export interface TargetRequest {
  /** the ladder's id */
  ladderId: string;
  /** per tier of the ladder, lowest first; null (or missing, past the end) keeps the tier's thresholds */
  targets: readonly (TierTarget | null)[];
  /** the comparison (or points requirement) each tier moves, by tier id, when not its first */
  levers?: Readonly<Record<string, string>>;
  /** the most the scenario may spend: team hours, MDF and margin (null: no limit) */
  limits?: Partial<Record<BudgetKind, number | null>>;
  /** round every moved threshold to a multiple of this (null: the partners' own values) */
  round?: number | null;
}

export interface TargetTier {
  tierId: string;
  tier: string;
  level: number;
  /** partners asked for (after a budget scale-down: see `asked`), null without a target */
  target: number | null;
  /** partners the request asked for, before any budget scale-down */
  asked: number | null;
  /** partners in the tier with the fitted thresholds, and with the scenario's own */
  achieved: number;
  before: number;
  /** the threshold moved, if any: a comparison's value, or a points requirement's minimum (metric null, op ≥) */
  threshold: { kind: LeverKind; requirementId: string; metric: string | null; op: ThresholdOp; from: number; to: number } | null;
  /** why the tier misses its target (null when met, or when it has none) */
  reason: string | null;
}

export interface TargetBudget {
  kind: BudgetKind;
  limit: number;
  /** the scenario's total before and after the fit */
  before: number;
  achieved: number;
  held: boolean;
}

export interface TargetDesign {
  /** the scenario with the fitted thresholds (a copy; the input is not changed) */
  scenario: Scenario;
  ladderId: string;
  ladder: string;
  /** partners on the ladder (targets given as shares are shares of these) */
  ladderPartners: number;
  /** partners per tier, lowest first */
  tiers: TargetTier[];
  budgets: TargetBudget[];
  /** the factor the targets above the lowest tier were scaled by to keep the limits (1: as asked) */
  scale: number;
  /** the whole fit in sentences: budgets, rounding, strict-ladder passes */
  notes: string[];
  /** tiering runs the fit made (goal seek's counts and whole evaluations) */
  evaluations: number;
}

export interface TargetProgress {
  /** 0..1, and what is being solved */
  fraction: number;
  step: string;
}

/** Bisection steps on the budget scale: 1/256 of the targets is finer than a partner on most ladders. */
const SCALE_STEPS = 8;
const STRICT_PASSES = 3;

/** Runs the fit to the end. */
export function designToTarget(scenario: Scenario, dataset: ColumnarDataset, request: TargetRequest): TargetDesign {
  const steps = designSteps(scenario, dataset, request);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export type LeverKind = 'comparison' | 'points';

/** What a tier moves: a comparison's threshold, or a points requirement's minimum. */
export interface Lever extends ThresholdRef {
  kind: LeverKind;
}

/** Every lever of a tier: its comparisons on a number, then its points requirements. */
export function leversOf(scenario: Scenario, tierId: string): Lever[] {
  return [
    ...listThresholds(scenario)
      .filter((t) => t.ref.tierId === tierId)
      .map((t) => ({ kind: 'comparison' as const, ...t.ref })),
    ...pointsLeavesOf(scenario, tierId).map((leaf) => ({ kind: 'points' as const, tierId, requirementId: leaf.id })),
  ];
}

/** The tier's lever: the one chosen, else its first comparison on a metric that is not yes/no, else its first points minimum; null when it has none. */
export function leverOf(scenario: Scenario, metrics: readonly { key: string; kind: string }[], tierId: string, chosen?: string): Lever | null {
  const candidates = leversOf(scenario, tierId);
  if (chosen !== undefined) return candidates.find((l) => l.requirementId === chosen) ?? null;
  const kindOf = (key: string) => metrics.find((m) => m.key === key)?.kind ?? scenario.derivedMetrics.find((m) => m.key === key)?.kind;
  const onNumber = (l: Lever) => {
    if (l.kind === 'points') return true;
    const found = findThreshold(scenario, l);
    return found.ok && kindOf(found.value.metric) !== 'boolean';
  };
  return candidates.find((l) => l.kind === 'comparison' && onNumber(l)) ?? candidates.find((l) => l.kind === 'points') ?? null;
}

/** A lever's value in a scenario (the threshold, or the points minimum); null when the scenario has no such lever. */
export function leverValue(scenario: Scenario, lever: Lever): number | null {
  return leverInfo(scenario, lever)?.value ?? null;
}

/* A lever as the proposal shows it: its value, the metric it reads (null: a points minimum) and its operator. */
function leverInfo(scenario: Scenario, lever: Lever): { value: number; metric: string | null; op: ThresholdOp } | null {
  if (lever.kind === 'points') {
    const found = findPointsMin(scenario, lever);
    return found ? { value: found.min, metric: null, op: '>=' } : null;
  }
  const found = findThreshold(scenario, lever);
  return found.ok ? { value: found.value.value, metric: found.value.metric, op: found.value.op } : null;
}

/** The scenario with the lever set to `value` (nothing mutated). */
export function withLever(scenario: Scenario, lever: Lever, value: number): Scenario {
  return lever.kind === 'points' ? withPointsMin(scenario, lever, value) : withThreshold(scenario, lever, value);
}

/** Checks a request against the scenario: a message naming what is wrong, or null. */
export function checkTargetRequest(scenario: Scenario, request: TargetRequest): string | null {
  if (scenario.baseline) return `"${scenario.name}" is the baseline: its partners keep today's tiers whatever the thresholds, so no design moves them. Fit a redesign.`;
  const ladder = scenario.ladders.find((l) => l.id === request.ladderId);
  if (!ladder) return `The scenario has no ladder "${request.ladderId}".`;
  if (request.targets.length > ladder.tiers.length) {
    return `${ladder.name} has ${countOf(ladder.tiers.length, 'tier')}; ${request.targets.length} targets were given (lowest tier first).`;
  }
  if (!request.targets.some((t) => t !== null)) return 'Give a target for at least one tier.';
  let shares = 0;
  for (const [i, t] of request.targets.entries()) {
    if (t === null) continue;
    const tier = ladder.tiers[i]!.name;
    if ('count' in t) {
      if (!Number.isInteger(t.count) || t.count < 0) return `${tier}: a target count is a whole number of partners, 0 or more (not ${t.count}).`;
    } else {
      if (!Number.isFinite(t.share) || t.share < 0 || t.share > 1) return `${tier}: a target share is between 0% and 100% (not ${t.share * 100}%).`;
      shares += t.share;
    }
  }
  if (shares > 1 + 1e-9) return `The target shares add up to ${formatShare(shares)}, more than every partner on the ladder.`;
  for (const kind of BUDGET_KINDS) {
    const limit = request.limits?.[kind];
    if (limit !== undefined && limit !== null && (!Number.isFinite(limit) || limit < 0)) return `A maximum ${BUDGET_WORDS[kind]} is a number, 0 or more (not ${limit}).`;
  }
  if (request.round !== undefined && request.round !== null && (!Number.isFinite(request.round) || request.round <= 0)) {
    return `Thresholds are rounded to a positive step (not ${request.round}).`;
  }
  for (const [tierId, requirementId] of Object.entries(request.levers ?? {})) {
    const tier = ladder.tiers.find((t) => t.id === tierId);
    if (!tier) return scenario.ladders.some((l) => l.tiers.some((t) => t.id === tierId)) ? `The tier "${tierId}" is not on ${ladder.name}.` : `No tier has the id "${tierId}".`;
    if (!leversOf(scenario, tierId).some((l) => l.requirementId === requirementId)) {
      const found = findThreshold(scenario, { tierId, requirementId });
      return found.ok ? `"${requirementId}" in "${tier.name}" cannot be moved.` : found.error;
    }
  }
  return null;
}

/** Each limit in words, as the fit's sentences name it. */
export const BUDGET_WORDS: Readonly<Record<BudgetKind, string>> = { hours: 'team hours', mdf: 'MDF', margin: 'margin' };

/* One pass of solving: the scenario after it, and per level the goal seek's last word. */
interface Solved {
  scenario: Scenario;
  outcome: TierOutcome;
  /** per level: goal seek's explanation when its target was not met exactly, and the rounding's effect */
  seeks: ({ explanation: string | null; sought: number; rounded: { value: number; count: number } | null; metric: string | null } | null)[];
  passes: number;
}

/** The fit, step by step: yields progress after each tier solved; returns the result. */
export function* designSteps(scenario: Scenario, dataset: ColumnarDataset, request: TargetRequest): Generator<TargetProgress, TargetDesign> {
  const problem = checkTargetRequest(scenario, request);
  if (problem) throw new RangeError(problem);
  const li = scenario.ladders.findIndex((l) => l.id === request.ladderId);
  const ladder = scenario.ladders[li]!;
  const T = ladder.tiers.length;
  const round = request.round ?? null;
  const limits = BUDGET_KINDS.flatMap((kind) => {
    const limit = request.limits?.[kind];
    return limit === undefined || limit === null ? [] : [{ kind, limit }];
  });
  let evaluations = 1;
  const start = evaluateTiers(scenario, dataset);
  const beforeCounts = countsOn(start, li, T);
  const ladderPartners = beforeCounts.reduce((a, b) => a + b, 0);
  const asked = Array.from({ length: T }, (_, k) => {
    const t = request.targets[k] ?? null;
    return t === null ? null : 'count' in t ? t.count : Math.round(t.share * ladderPartners);
  });
  const levers = ladder.tiers.map((tier, k) => (asked[k] === null ? null : leverOf(scenario, dataset.metrics, tier.id, request.levers?.[tier.id])));
  const solvable = levers.filter((l) => l !== null).length;
  const strict = ladder.strict;
  // the work, for progress: one solve of every lever, again for each bisection step when limits bind
  const units = Math.max(1, solvable * (strict ? 2 : 1) * (limits.length ? SCALE_STEPS + 2 : 1));
  let done = 0;

  const targetsAt = (scale: number) => asked.map((a, k) => (a === null ? null : k === 0 ? a : Math.round(a * scale)));

  // a points requirement's totals do not change as minimums move: computed once per lever
  const totalsOf = new Map<string, ReturnType<typeof pointsTotals>>();
  /* One tier's lever set so the tier holds `target`: goal seek for a comparison, points-lever.ts for a points minimum. */
  function seek(current: Scenario, lever: Lever, target: number) {
    if (lever.kind === 'points') {
      const key = `${lever.tierId}\u0000${lever.requirementId}`;
      const totals = totalsOf.get(key) ?? totalsOf.set(key, pointsTotals(current, dataset, lever)).get(key)!;
      return seekPointsMin(current, dataset, lever, target, totals);
    }
    const session = thresholdSession(current, dataset, lever);
    const sought = goalSeek(current, dataset, lever, { count: target }, session);
    // the session's two tiering runs, and goal seek's counts
    return { value: sought.value, achieved: sought.achieved, explanation: sought.exact ? null : sought.explanation, evaluations: sought.evaluations + 2, countAt: (v: number) => session.countAt(v).count };
  }

  function* solve(scale: number): Generator<TargetProgress, Solved> {
    const targets = targetsAt(scale);
    let current = scenario;
    let seeks: Solved['seeks'] = [];
    let passes = 0;
    for (; passes < (strict ? STRICT_PASSES : 1); passes++) {
      const startOfPass = current;
      seeks = new Array<Solved['seeks'][number]>(T).fill(null);
      for (let k = T - 1; k >= 0; k--) {
        const [lever, target] = [levers[k], targets[k]];
        if (!lever || target === null || target === undefined) continue;
        const sought = seek(current, lever, target);
        evaluations += sought.evaluations;
        let value = sought.value;
        let rounded: { value: number; count: number } | null = null;
        if (round !== null) {
          const near = roundNear(sought.countAt, value, round, target);
          evaluations += near.evaluations;
          if (near.value !== value) {
            value = near.value;
            rounded = { value: near.value, count: near.count };
          }
        }
        current = withLever(current, lever, value);
        seeks[k] = { explanation: sought.explanation, sought: sought.achieved, rounded, metric: leverInfo(current, lever)?.metric ?? null };
        done += 1;
        yield { fraction: Math.min(0.99, done / units), step: `${ladder.tiers[k]!.name}${scale < 1 ? ` (targets at ${formatShare(scale)})` : ''}` };
      }
      if (!strict || sameThresholds(startOfPass, current, levers)) break;
    }
    evaluations += 1;
    return { scenario: current, outcome: evaluateTiers(current, dataset), seeks, passes: passes + 1 };
  }

  const over = (s: Solved) => limits.filter(({ kind, limit }) => s.outcome.resources.totals[kind] > limit);
  let best = yield* solve(1);
  let scale = 1;
  const notes: string[] = [];
  const currency = datasetCurrency(dataset.metrics);
  const budgetText = (kind: BudgetKind, v: number) => (kind === 'hours' ? `${formatCount(Math.round(v))} h` : formatMoney(v, currency));
  if (over(best).length > 0 && T > 1) {
    const none = yield* solve(0);
    if (over(none).length > 0) {
      for (const { kind, limit } of over(none)) {
        notes.push(
          `No design of ${ladder.name} keeps ${BUDGET_WORDS[kind]} within ${budgetText(kind, limit)}: with no partner above ${ladder.tiers[0]!.name} the scenario still spends ${budgetText(kind, none.outcome.resources.totals[kind])}. The thresholds fit the targets as asked.`,
        );
      }
    } else {
      // the largest scale that keeps every limit: `low` always keeps them, `high` never does
      let low = 0;
      let high = 1;
      let kept = none;
      for (let i = 0; i < SCALE_STEPS; i++) {
        const mid = (low + high) / 2;
        const tried = yield* solve(mid);
        if (over(tried).length === 0) {
          low = mid;
          kept = tried;
        } else high = mid;
      }
      const binding = over(best).map((l) => `${BUDGET_WORDS[l.kind]} within ${budgetText(l.kind, l.limit)}`);
      best = kept;
      scale = low;
      notes.push(`To keep ${binding.join(' and ')}, every target above ${ladder.tiers[0]!.name} is held to ${formatShare(scale)} of what was asked.`);
    }
  }
  if (strict && best.passes > 1) notes.push(`${ladder.name} is strict (a tier needs every lower tier's requirements too), so the tiers were solved ${best.passes} times over until no threshold moved.`);
  if (round !== null) notes.push(`Thresholds are rounded to multiples of ${formatCount(round)}, to the side nearer each target.`);

  const finalTargets = targetsAt(scale);
  const afterCounts = countsOn(best.outcome, li, T);
  const tiers: TargetTier[] = ladder.tiers.map((tier, k) => {
    const lever = levers[k] ?? null;
    const from = lever ? leverInfo(scenario, lever) : null;
    const to = lever ? leverValue(best.scenario, lever) : null;
    const target = finalTargets[k] ?? null;
    const achieved = afterCounts[k]!;
    return {
      tierId: tier.id,
      tier: tier.name,
      level: k,
      target,
      asked: asked[k] ?? null,
      achieved,
      before: beforeCounts[k]!,
      threshold: lever && from !== null && to !== null ? { kind: lever.kind, requirementId: lever.requirementId, metric: from.metric, op: from.op, from: from.value, to } : null,
      reason: target === null ? null : reasonFor(k, target, achieved, lever, best.seeks[k] ?? null, scale, asked[k]!),
    };
  });

  function reasonFor(k: number, target: number, achieved: number, lever: Lever | null, seek: Solved['seeks'][number], s: number, ask: number): string | null {
    const tier = ladder.tiers[k]!;
    const held = s < 1 && k > 0 && target !== ask ? `Held to ${formatCount(target)} (of ${formatCount(ask)} asked) by the budget. ` : '';
    if (achieved === target) return held ? held.trim() : null;
    if (!lever) {
      if (tier.requirement === null) return `${held}${tier.name} has no requirement to move: it holds every partner on the ladder who is not placed higher.`;
      return `${held}${tier.name} has no threshold to move (its requirement has no ≥, >, ≤ or < comparison on a number and no points minimum), so it keeps what its requirement gives.`;
    }
    const r = seek?.rounded ?? null;
    const at = r ? `Rounded to ${formatThreshold(dataset.metrics, scenario, seek!.metric, r.value)} (a multiple of ${formatCount(round!)})` : '';
    const rounding = !r ? null : r.count !== seek!.sought ? `${at}, the threshold gives ${formatCount(r.count)} instead of ${formatCount(seek!.sought)}.` : `${at}, it gives the same.`;
    if (seek?.explanation || rounding) return `${held}${[seek?.explanation, rounding].filter(Boolean).join(' ')}`;
    if (seek && seek.sought !== achieved) return `${held}The tiers below moved it: ${countOf(seek.sought, 'partner')} when it was solved, ${formatCount(achieved)} once the lower tiers' thresholds were set.`;
    return `${held}${countOf(achieved, 'partner')} instead of ${formatCount(target)}.`;
  }

  const budgets: TargetBudget[] = limits.map(({ kind, limit }) => ({
    kind,
    limit,
    before: start.resources.totals[kind],
    achieved: best.outcome.resources.totals[kind],
    held: best.outcome.resources.totals[kind] <= limit,
  }));
  yield { fraction: 1, step: 'done' };
  return { scenario: best.scenario, ladderId: ladder.id, ladder: ladder.name, ladderPartners, tiers, budgets, scale, notes, evaluations };
}

/** Partners per level of ladder `li`, lowest first (untiered partners left out). */
function countsOn(outcome: TierOutcome, li: number, tierCount: number): number[] {
  const counts = new Array<number>(tierCount).fill(0);
  for (let p = 0; p < outcome.partnerCount; p++) {
    if (outcome.ladderIndex[p] !== li) continue;
    const lv = outcome.level[p]!;
    if (lv >= 0) counts[lv]! += 1;
  }
  return counts;
}

function sameThresholds(a: Scenario, b: Scenario, levers: readonly (Lever | null)[]): boolean {
  for (const lever of levers) {
    if (!lever) continue;
    const x = leverValue(a, lever);
    const y = leverValue(b, lever);
    if (x === null || y === null || !Object.is(x, y)) return false;
  }
  return true;
}

/** `units` × `step` without binary noise (0.3, not 0.30000000000000004). */
function onGrid(units: number, step: number): number {
  const v = units * step;
  const clean = Number(v.toPrecision(12));
  return clean === 0 ? 0 : clean;
}

/**
 * The multiple of `step` next to `value` (below or above) whose count is nearer `target`;
 * on a tie the one nearer `value`, then the lower.
 */
export function roundNear(countAt: (value: number) => number, value: number, step: number, target: number): { value: number; count: number; evaluations: number } {
  const units = value / step;
  const down = onGrid(Math.floor(units + 1e-9), step);
  const up = onGrid(Math.ceil(units - 1e-9), step);
  const options = down === up ? [down] : [down, up];
  let best: { value: number; count: number } | null = null;
  for (const v of options) {
    const count = countAt(v);
    if (
      best === null ||
      Math.abs(count - target) < Math.abs(best.count - target) ||
      (Math.abs(count - target) === Math.abs(best.count - target) && Math.abs(v - value) < Math.abs(best.value - value))
    ) {
      best = { value: v, count };
    }
  }
  return { ...best!, evaluations: options.length };
}

/** A threshold as the fit shows it ("$250,000", "12 sellers", "250 points"): the metric's own formatting. */
export function formatThreshold(metrics: ColumnarDataset['metrics'], scenario: Scenario, metric: string | null, value: number): string {
  if (metric === null) return formatPoints(value);
  const m = metrics.find((x) => x.key === metric) ?? scenario.derivedMetrics.find((x) => x.key === metric);
  if (!m) return formatCount(value);
  return formatMetricValue(m.kind, value, settledUnit(m.kind, m.unit, datasetCurrency(metrics)));
}
