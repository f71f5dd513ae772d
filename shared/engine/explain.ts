/**
 * One partner, explained: its tier, the attribution of its move (DESIGN D7.5: which
 * requirement it cleared or failed), its graduation path (D7.6: next tier, each unmet
 * requirement with value, target and progress) and its rollout state (D7.7).
 *
 * Built on demand from the columns `evaluate` computed — strings are made only here.
 * `explainPartner` needs the outcome object `evaluate` returned (not a JSON or
 * structured-clone copy of it): the compiled scenario is kept beside it.
 *
 * Reasons, in order:
 * - an override: "pinned to <tier> by an override: <reason>";
 * - no ladder for the partner's motion;
 * - a baseline scenario: "as is: keeps its current tier "<label>"" (or why it has none);
 * - a capped tier above the partner that it qualified for: "the cap of N on <tier> was
 *   full (ranked by <metric>: has <value>)";
 * - promoted / newly tiered / unchanged: the conditions of its tier it cleared ("cleared
 *   Sourced ARR ≥ $250,000 (has $310,000)"), with the eligibility gate when it newly
 *   applies (the partner was below level 1 before);
 * - demoted / lost its tier: for each tier from its current one down to just above its
 *   new one, the conditions it fails ("fails Active sellers ≥ 3 for Selling (has 2)";
 *   "no data for CSAT (Delivering needs CSAT ≥ 80%)"), the gate's once;
 * - untiered on a ladder: what it fails of the entry tier;
 * - an exit candidate: what it fails of the exit rule;
 * - the rollout policy applied (warned — with the requirements only within the band —,
 *   limited, grandfathered), or why a policy did not apply (a capped tier with no room
 *   left, a second warning).
 */
import type { Comparison } from '../model/scenario';
import { BAND_WITHIN, bandAt, belowOne, isGroup, metAt, pointsAt, progressAt, type CompiledNode, type CompareNode, type PointsNode } from './compile';
import { describeComparison, describePointsTotal, describeSubMinimum, formatPoints, formatValue } from './describe';
import { planOf, wasWarnedBefore } from './evaluate';
import type { Plan, TierPlan } from './plan';
import { tierBandAt } from './progress';
import {
  MOVEMENTS,
  MOVEMENT_DEMOTED,
  MOVEMENT_LOST_TIER,
  MOVEMENT_UNTIERED,
  ROLLOUT_GRANDFATHERED,
  ROLLOUT_STATES,
  ROLLOUT_WARNED,
  type Outcome,
  type PartnerExplanation,
  type UnmetRequirement,
} from './types';

interface LeafHit {
  leaf: CompareNode | PointsNode;
  /** set for the n-th sub-minimum of a points leaf; -1: the total / a comparison */
  sub: number;
  /** number of options when the leaf sits in an unmet `any` group (0: not) */
  options: number;
}

/** Leaves that make a met node met (every child of `all`, the met children of `any`). */
function metLeaves(node: CompiledNode, p: number, out: LeafHit[] = []): LeafHit[] {
  if (!metAt(node, p)) return out;
  if (isGroup(node)) node.children.forEach((c) => metLeaves(c, p, out));
  else out.push({ leaf: node, sub: -1, options: 0 });
  return out;
}

/** Leaves (and failing sub-minimums) that keep an unmet node unmet. */
function failedLeaves(node: CompiledNode, p: number, out: LeafHit[] = [], options = 0): LeafHit[] {
  if (metAt(node, p)) return out;
  if (isGroup(node)) {
    const many = node.type === 'any' && node.children.length > 1 ? node.children.length : options;
    node.children.forEach((c) => failedLeaves(c, p, out, many));
  } else if (node.type === 'compare') out.push({ leaf: node, sub: -1, options });
  else {
    const { total, subs } = pointsAt(node, p);
    if (!(total >= node.req.min)) out.push({ leaf: node, sub: -1, options });
    node.req.subMinimums.forEach((s, k) => {
      if (!(subs[k]! >= s.min)) out.push({ leaf: node, sub: k, options });
    });
  }
  return out;
}

/** A leaf's wording is the same for every partner: made once per compiled leaf (an export explains every partner). */
const labels = new WeakMap<CompareNode | PointsNode, Map<string, string>>();

function hitLabel(hit: LeafHit): string {
  const { leaf } = hit;
  let known = labels.get(leaf);
  if (!known) labels.set(leaf, (known = new Map()));
  const key = `${hit.sub}:${hit.options}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const text = leaf.type === 'compare' ? describeComparison(leaf.req, leaf.metric) : hit.sub < 0 ? describePointsTotal(leaf.req) : describeSubMinimum(leaf.req, hit.sub);
  const label = hit.options > 0 ? `${text} (one of ${hit.options} options)` : text;
  known.set(key, label);
  return label;
}

function hitValue(hit: LeafHit, p: number): number {
  const { leaf } = hit;
  if (leaf.type === 'compare') return leaf.metric.column ? leaf.metric.column[p]! : Number.NaN;
  const { total, subs } = pointsAt(leaf, p);
  return hit.sub < 0 ? total : subs[hit.sub]!;
}

function hitHas(hit: LeafHit, p: number): string {
  const v = hitValue(hit, p);
  return hit.leaf.type === 'compare' ? formatValue(hit.leaf.metric, v) : formatPoints(v);
}

function clearedReason(hit: LeafHit, p: number, context: string): string {
  return `cleared ${hitLabel(hit)}${context} (has ${hitHas(hit, p)})`;
}

function failedReason(hit: LeafHit, p: number, where: string): string {
  const v = hitValue(hit, p);
  if (hit.leaf.type === 'compare' && Number.isNaN(v)) return `no data for ${hit.leaf.metric.label} (${where} needs ${hitLabel(hit)})`;
  return `fails ${hitLabel(hit)} for ${where} (has ${hitHas(hit, p)})`;
}

function target(c: Comparison, v: number): number | null {
  switch (c.op) {
    case 'in':
      return null;
    case 'isTrue':
      return 1;
    case 'isFalse':
      return 0;
    case 'between':
      return !Number.isNaN(v) && c.value2 !== undefined && v > c.value2 ? c.value2 : (c.value ?? null);
    default:
      return c.value ?? null;
  }
}

function unmetEntry(hit: LeafHit, p: number, suffix: string): UnmetRequirement {
  const { leaf } = hit;
  const v = hitValue(hit, p);
  const label = `${hitLabel(hit)}${suffix}`;
  if (leaf.type === 'compare') {
    return {
      requirementId: leaf.id,
      label,
      value: Number.isNaN(v) ? null : v,
      target: target(leaf.req, v),
      kind: leaf.metric.kind,
      unit: leaf.metric.unit,
      progress: progressAt(leaf, p),
    };
  }
  const min = hit.sub < 0 ? leaf.req.min : leaf.req.subMinimums[hit.sub]!.min;
  return { requirementId: hit.sub < 0 ? leaf.id : `${leaf.id}#${hit.sub}`, label, value: v, target: min, kind: 'count', unit: 'points', progress: min > 0 ? belowOne(v / min) : 1 };
}

/** The leaves (comparisons, points leaves) that are only within the warning band, under a node that is. */
function withinLeaves(node: CompiledNode, p: number, band: number, out: LeafHit[] = []): LeafHit[] {
  if (bandAt(node, p, band) !== BAND_WITHIN) return out;
  if (isGroup(node)) node.children.forEach((c) => withinLeaves(c, p, band, out));
  else out.push({ leaf: node, sub: -1, options: 0 });
  return out;
}

/** What keeps a warned partner only within the band of its tier: its requirement's, the gate's (above entry), every lower tier's (strict). */
function bandShortfalls(plan: Plan, tp: TierPlan, p: number, band: number): string[] {
  const hits: LeafHit[] = [];
  if (tp.req) withinLeaves(tp.req, p, band, hits);
  if (tp.level >= 1 && plan.gate) withinLeaves(plan.gate, p, band, hits);
  const ladder = plan.ladders[tp.ladderIndex]!;
  if (ladder.ladder.strict) for (let k = 0; k < tp.level; k++) if (ladder.tiers[k]!.req) withinLeaves(ladder.tiers[k]!.req!, p, band, hits);
  return [...new Set(hits.map((h) => `${hitLabel(h)}: has ${hitHas(h, p)}`))];
}

function capFull(tp: TierPlan): string {
  return tp.tier.cap ? `the cap of ${tp.tier.cap.count} on ${tp.tier.name} is full` : `${tp.tier.name} has no room`;
}

function tierName(plan: Plan, l: number, level: number): string | null {
  if (l < 0 || level < 0) return null;
  return plan.ladders[l]!.tiers[level]?.tier.name ?? null;
}

function capReason(plan: Plan, tp: TierPlan, p: number): string {
  const cap = tp.tier.cap!;
  const metric = plan.metrics.get(cap.rankBy);
  const v = metric.column ? metric.column[p]! : Number.NaN;
  if (Number.isNaN(v)) return `no data for ${metric.label}, which ranks the cap on ${tp.tier.name}`;
  return `the cap of ${cap.count} on ${tp.tier.name} was full (ranked by ${metric.label}: has ${formatValue(metric, v)})`;
}

/**
 * One partner explained. `graduation: false` leaves `unmet` empty — the requirements of the
 * next tier not met yet, each with its value, target and progress — for callers that show
 * only the tier and why (the workbook's Assignments and Movement sheets, a comparison's
 * movers): at 100K partners of the motion-fit example that is about 40 % of the time.
 */
export function explainPartner(outcome: Outcome, index: number, options: { graduation?: boolean } = {}): PartnerExplanation {
  const plan = planOf(outcome);
  if (!plan) throw new Error('explainPartner needs the outcome object returned by evaluate() (a copy has lost its compiled scenario)');
  if (!Number.isInteger(index) || index < 0 || index >= plan.n) throw new RangeError(`no partner at index ${index} (there are ${plan.n})`);
  const p = index;
  const partner = plan.dataset.partners[p]!;
  const l = outcome.ladderIndex[p]!;
  const lv = outcome.level[p]!;
  const cur = outcome.currentLevel[p]!;
  const code = outcome.movementCode[p]!;
  const ladder = l >= 0 ? plan.ladders[l]! : null;
  const applied = plan.overrides.get(p);
  const gate = plan.gate;
  const reasons: string[] = [];
  const push = (r: string) => {
    if (!reasons.includes(r)) reasons.push(r);
  };

  const asIs = plan.scenario.baseline;
  if (applied && ladder) push(`pinned to ${ladder.tiers[applied.level]!.tier.name} by an override: ${applied.override.reason}`);
  if (!ladder) {
    push(`no ladder tiers the "${partner.motion}" motion`);
  } else if (asIs) {
    // the baseline places partners by their current tier, not by requirements
    if (!applied) {
      const label = partner.currentTier ?? null;
      if (label === null || label.trim() === '') push('as is: no current tier');
      else if (cur < 0) push(`as is: the current tier "${label}" is not placed by the tier mapping`);
      else push(`as is: keeps its current tier "${label}"`);
    }
  } else {
    // capped tiers above the partner that it qualified for
    if (!applied) {
      for (let k = ladder.tiers.length - 1; k > lv; k--) {
        const tp = ladder.tiers[k]!;
        if (tp.tier.cap && tp.eff[p]) push(capReason(plan, tp, p));
      }
    }
    if (!applied && lv >= 0 && code !== MOVEMENT_DEMOTED) {
      const tp = ladder.tiers[lv]!;
      if (tp.req) metLeaves(tp.req, p).forEach((h) => push(clearedReason(h, p, '')));
      else push(`${tp.tier.name} has no requirements`);
      if (lv >= 1 && cur < 1 && gate) metLeaves(gate, p).forEach((h) => push(clearedReason(h, p, ' for the eligibility gate')));
    }
    if (code === MOVEMENT_DEMOTED || code === MOVEMENT_LOST_TIER || (code === MOVEMENT_UNTIERED && lv < 0)) {
      const from = code === MOVEMENT_UNTIERED ? 0 : Math.min(cur, ladder.tiers.length - 1);
      for (let k = from; k > lv; k--) {
        const tp = ladder.tiers[k]!;
        if (tp.eff[p]) continue; // qualified: kept out by a cap or an override, said above
        if (tp.req) failedLeaves(tp.req, p).forEach((h) => push(failedReason(h, p, tp.tier.name)));
        if (k >= 1 && gate) failedLeaves(gate, p).forEach((h) => push(failedReason(h, p, 'the eligibility gate')));
      }
    }
  }
  const exitCandidate = outcome.exitCandidate[p] === 1;
  if (exitCandidate && plan.exit) failedLeaves(plan.exit, p).forEach((h) => push(failedReason(h, p, 'the exit rule')));

  // rollout
  const state = outcome.rolloutState[p]!;
  const rl = outcome.rolloutLevel[p]!;
  const limited = outcome.rolloutLimited[p] === 1;
  const policies = plan.scenario.policies;
  const band = policies.warningBandPct;
  const curName = tierName(plan, l, cur);
  const curTier = ladder && cur >= 0 ? ladder.tiers[cur]! : null;
  const downgrade = code === MOVEMENT_DEMOTED || code === MOVEMENT_LOST_TIER;
  const byPolicy = downgrade && ladder !== null && curTier !== null && !applied;
  if (state === ROLLOUT_WARNED && curTier && band !== null) {
    push(`warned, not demoted: within the ${band}% warning band of ${curName}'s requirements (${bandShortfalls(plan, curTier, p, band).join(', and ')}); stays at ${curName} for now`);
  } else if (byPolicy && band !== null && tierBandAt(plan, curTier!, p, band) === BAND_WITHIN) {
    // within the band but not warned: warned the cycle before (replay), else its tier's cap had no room
    push(
      wasWarnedBefore(outcome, p)
        ? `within the warning band of ${curName}'s requirements again after a warning last cycle: not warned a second time`
        : `within the warning band of ${curName}'s requirements, but ${capFull(curTier!)}: not warned`,
    );
  }
  const k = policies.maxDemotionLevels;
  const target = k === null ? -1 : cur - k;
  const targetTier = ladder && target >= 0 ? ladder.tiers[target] : undefined;
  if (limited && ladder) {
    const squeezed = rl < target && targetTier?.tier.cap ? ` (${capFull(targetTier)})` : '';
    push(`demotion limited to ${k ?? 0} level${k === 1 ? '' : 's'} per cycle: placed on ${tierName(plan, l, rl)}${squeezed}`);
  } else if (byPolicy && state !== ROLLOUT_WARNED && targetTier?.tier.cap && lv < target) {
    push(`demotion limit: ${capFull(targetTier)} and no lower tier above ${tierName(plan, l, lv) ?? 'untiered'} has room, so the demotion takes effect in full`);
  }
  if (state === ROLLOUT_GRANDFATHERED) {
    const q = policies.grandfatherQuarters;
    push(`grandfathered: keeps ${curName}'s benefits for ${q} quarter${q === 1 ? '' : 's'}`);
  }

  // graduation path
  const next = outcome.nextLevel[p]!;
  const unmet: UnmetRequirement[] = [];
  if (ladder && next >= 0 && options.graduation !== false) {
    const tp = ladder.tiers[next]!;
    if (tp.req) failedLeaves(tp.req, p).forEach((h) => unmet.push(unmetEntry(h, p, '')));
    if (next >= 1 && gate) failedLeaves(gate, p).forEach((h) => unmet.push(unmetEntry(h, p, ' (eligibility)')));
  }
  const pr = outcome.progress[p]!;

  return {
    index: p,
    partnerId: partner.id,
    name: partner.name,
    motion: partner.motion,
    ladderId: ladder ? ladder.ladder.id : null,
    level: lv,
    tier: tierName(plan, l, lv),
    tierId: ladder && lv >= 0 ? ladder.tiers[lv]!.tier.id : null,
    currentTier: partner.currentTier ?? null,
    currentLevel: cur,
    movement: MOVEMENTS[code] ?? 'untiered',
    reasons,
    nextTier: tierName(plan, l, next),
    progress: Number.isNaN(pr) ? null : pr,
    unmet,
    overrideReason: applied ? applied.override.reason : null,
    exitCandidate,
    rollout: { tier: tierName(plan, l, rl), state: ROLLOUT_STATES[state] ?? 'normal', limited },
  };
}

/** Every partner, explained (for the CLI and the export). */
export function assignmentsOf(outcome: Outcome): PartnerExplanation[] {
  const out: PartnerExplanation[] = [];
  for (let p = 0; p < outcome.partnerCount; p++) out.push(explainPartner(outcome, p));
  return out;
}
