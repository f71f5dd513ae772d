/**
 * The scenario compiled against one dataset: each partner's ladder, every requirement
 * compiled (compile.ts) and each tier decided for its ladder's partners (the tier's
 * effective mask), each partner's highest qualifying tier, each tier's cost per partner.
 * Shared by `evaluate` and `explainPartner`.
 *
 * Progress toward a tier and its warning band are in progress.ts; what is wrong with the
 * scenario on this dataset (missing metrics, invalid requirements) is reported by problems.ts.
 */
import type { ColumnarDataset } from '../model/dataset';
import { ladderForMotion, type Benefit, type Ladder, type Override, type Scenario, type Tier, tierLabelKey } from '../model/scenario';
import { compileRequirement, keepWhere, metListOver, metOver, type CompiledNode } from './compile';
import { identity, intStack, scratchUint8 } from './scratch';
import { buildMetricTable, partnerCodes, type MetricTable, type PartnerCodes } from './metrics';
import { reportInvalidRequirements, reportMissingMetrics } from './problems';
import type { EvaluationError } from './types';


export interface TierPlan {
  tier: Tier;
  ladderIndex: number;
  level: number;
  /** index among every tier of every ladder (ladder order, then level) */
  slot: number;
  /** the tier's own requirement; null: always met */
  req: CompiledNode | null;
  /**
   * 1 when a partner qualifies for the tier: its requirement, AND the eligibility gate when
   * level ≥ 1, AND (strict ladders) every lower tier's effective mask.
   */
  eff: Uint8Array;
  /** the tier's benefits, each once, in the tier's order (unknown ids left out and reported) */
  benefits: Benefit[];
  hours: number;
  mdf: number;
  fixed: number;
  marginPoints: number;
}

export interface LadderPlan {
  ladder: Ladder;
  index: number;
  tiers: TierPlan[];
  hasCaps: boolean;
  /** the partners this ladder tiers, ascending */
  scope: Int32Array;
}

export interface AppliedOverride {
  override: Override;
  level: number;
}

export interface Plan {
  scenario: Scenario;
  dataset: ColumnarDataset;
  n: number;
  metrics: MetricTable;
  codes: PartnerCodes;
  ladders: LadderPlan[];
  /** every tier, by slot */
  slots: TierPlan[];
  /** each partner's highest tier it qualifies for (-1: none), before overrides and caps */
  baseLevel: Int8Array;
  gate: CompiledNode | null;
  exit: CompiledNode | null;
  /** 1: meets the eligibility gate (all 1 without a gate); decided for partners on a ladder */
  gateMask: Uint8Array;
  /** 1: meets the exit rule (all 1 without one) */
  exitMask: Uint8Array;
  /** per distinct motion (codes.motions): the ladder index, -1 none */
  motionLadder: Int32Array;
  /** per distinct current-tier label (codes.tierLabels): the mapped level, -1 none / unmapped */
  labelLevel: Int32Array;
  /** labels found in the data that the tier mapping does not list */
  unmappedLabels: string[];
  ladderIndex: Int8Array;
  /** every partner on a ladder, ascending */
  onAnyLadder: Int32Array;
  /** partner index → the override applied to it */
  overrides: Map<number, AppliedOverride>;
  valueColumn: Float64Array | null;
}

/**
 * `only`: decide the tiers of this ladder alone (the gate for its partners only; the other
 * ladders' masks stay 0, their partners untiered, the exit rule undecided: all 1) — for a
 * threshold session's second run, which reads nothing else.
 *
 * `masks`: 'fresh' (the default) gives the plan masks of its own (gateMask, exitMask,
 * baseLevel, each tier's eff); 'pooled' puts them in one reused buffer (scratch.ts), for a
 * caller that reads them only until the next pooled plan is built (evaluate,
 * evaluateTiers): no allocation per tier and evaluation.
 */
export function buildPlan(scenario: Scenario, dataset: ColumnarDataset, errors: EvaluationError[], only?: number, masks: 'fresh' | 'pooled' = 'fresh'): Plan {
  const n = dataset.partners.length;
  const mask = maskSource(n, masks === 'pooled' ? 3 + scenario.ladders.reduce((s, l) => s + l.tiers.length, 0) : 0);
  const metrics = buildMetricTable(scenario, dataset, errors);
  reportMissingMetrics(scenario, metrics, errors);
  reportInvalidRequirements(scenario, errors);
  const codes = partnerCodes(dataset);

  // each partner's ladder, and each ladder's partners (its scope)
  const motionLadder = new Int32Array(codes.motions.length);
  codes.motions.forEach((m, i) => (motionLadder[i] = ladderForMotion(scenario.ladders, m)));
  const { ladderIndex, scopes, onAnyLadder } = ladderScopes(codes, motionLadder, scenario.ladders.length);
  const everyone = identity(n);

  const gate = scenario.eligibility ? compileRequirement(scenario.eligibility, metrics) : null;
  const exit = scenario.exitRule ? compileRequirement(scenario.exitRule, metrics) : null;
  // the gate is decided for every partner on a ladder, the exit rule for everyone
  const gateMask = mask();
  const gateScope = only === undefined ? onAnyLadder : scopes[only]!;
  if (gate) metOver(gate, gateScope, gateScope.length, gateMask);
  else gateMask.fill(1);
  const exitMask = mask();
  if (exit && only === undefined) metOver(exit, everyone, n, exitMask);
  else exitMask.fill(1);

  // each partner's highest qualifying tier (before overrides and caps)
  const baseLevel = asInt8(mask()).fill(-1);
  const benefitById = new Map(scenario.benefits.map((b) => [b.id, b] as const));
  const slots: TierPlan[] = [];
  const ladders: LadderPlan[] = scenario.ladders.map((ladder, li) => {
    const scope = only === undefined || only === li ? scopes[li]! : new Int32Array(0);
    const tiers: TierPlan[] = [];
    const mark = intStack.mark();
    // the partners each tier is decided for: entry — the whole ladder; above entry — those
    // that pass the gate (and on a strict ladder also qualified for the tier below)
    const gated = intStack.take(scope.length);
    const gatedCount = gate ? keepWhere(scope, scope.length, gateMask, null, gated) : (gated.set(scope), scope.length);
    let below: Int32Array = scope;
    let belowCount = scope.length;
    ladder.tiers.forEach((tier, level) => {
      const req = tier.requirement ? compileRequirement(tier.requirement, metrics) : null;
      let list: Int32Array;
      let count: number;
      if (level === 0) {
        list = scope;
        count = scope.length;
      } else if (ladder.strict) {
        list = intStack.take(belowCount);
        count = keepWhere(below, belowCount, tiers[level - 1]!.eff, gateMask, list);
      } else {
        list = gated;
        count = gatedCount;
      }
      const eff = mask();
      // the partners that qualify are raised to this level (tiers are visited lowest first);
      // loops are functions of their own, not loops here: a loop in this callback was
      // compiled on its own (on-stack replacement) and thrown away at its end on every evaluation
      if (req) {
        const qmark = intStack.mark();
        const qualified = intStack.take(count);
        setLevel(baseLevel, level, qualified, metListOver(req, list, count, eff, qualified));
        intStack.release(qmark);
      } else setBoth(list, count, eff, baseLevel, level);
      below = list;
      belowCount = count;
      const benefits: Benefit[] = [];
      const seen = new Set<string>();
      for (const id of tier.benefits) {
        if (seen.has(id)) continue;
        seen.add(id);
        const b = benefitById.get(id);
        if (b) benefits.push(b);
        else errors.push({ code: 'unknown-benefit', ladderId: ladder.id, tierId: tier.id, message: `${tier.name} lists the benefit "${id}", which is not in the catalog; it is left out.` });
      }
      const plan: TierPlan = {
        tier,
        ladderIndex: li,
        level,
        slot: slots.length,
        req,
        eff,
        benefits,
        hours: sum(benefits, (b) => b.hours),
        mdf: sum(benefits, (b) => b.mdf),
        fixed: sum(benefits, (b) => b.fixed),
        marginPoints: sum(benefits, (b) => b.marginPoints),
      };
      tiers.push(plan);
      slots.push(plan);
    });
    intStack.release(mark);
    return { ladder, index: li, scope, tiers, hasCaps: ladder.tiers.some((t) => t.cap !== null) };
  });

  // tier mapping: first entry of a label wins (labels compare ignoring case and spaces)
  const mapping = new Map<string, number>();
  for (const entry of scenario.tierMapping) {
    const key = tierLabelKey(entry.label);
    if (!mapping.has(key)) mapping.set(key, entry.level ?? -1);
  }
  const labelLevel = new Int32Array(codes.tierLabels.length);
  const unmappedLabels: string[] = [];
  codes.tierLabels.forEach((label, i) => {
    const level = mapping.get(tierLabelKey(label));
    if (level === undefined) unmappedLabels.push(label);
    labelLevel[i] = level ?? -1;
  });

  const overrides = applyOverrides(scenario, dataset, ladderIndex, errors);
  const valueKey = scenario.assumptions.valueMetric;
  const valueColumn = valueKey ? metrics.get(valueKey).column : null;
  return { scenario, dataset, n, metrics, codes, ladders, slots, baseLevel, gate, exit, gateMask, exitMask, motionLadder, labelLevel, unmappedLabels, ladderIndex, onAnyLadder, overrides, valueColumn };
}

/**
 * Zeroed masks of n bytes: each a new Uint8Array, or (pooled > 0) the next of `pooled`
 * slices of one reused buffer, zeroed here once.
 */
function maskSource(n: number, pooled: number): () => Uint8Array {
  if (pooled === 0) return () => new Uint8Array(n);
  const pool = scratchUint8('planMasks', n * pooled);
  let next = 0;
  return () => pool.subarray(next * n, ++next * n);
}

function asInt8(bytes: Uint8Array): Int8Array {
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/* level[p] = k for the first `count` partners of `list`. */
function setLevel(level: Int8Array, k: number, list: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) level[list[i]!] = k;
}

/* A tier without requirements: eff[p] = 1 and level[p] = k for the first `count` partners of `list`. */
function setBoth(list: Int32Array, count: number, eff: Uint8Array, level: Int8Array, k: number): void {
  for (let i = 0; i < count; i++) {
    const p = list[i]!;
    eff[p] = 1;
    level[p] = k;
  }
}

interface Scopes {
  ladderIndex: Int8Array;
  scopes: Int32Array[];
  onAnyLadder: Int32Array;
}

const scopeCache = new WeakMap<PartnerCodes, Map<string, Scopes>>();

/**
 * Each partner's ladder and each ladder's partners. Cached per dataset and per
 * motion → ladder assignment (re-evaluating while a threshold is dragged reuses them);
 * the cached arrays are never handed out or written to.
 */
function ladderScopes(codes: PartnerCodes, motionLadder: Int32Array, ladderCount: number): Scopes {
  const key = `${ladderCount}:${motionLadder.join(',')}`;
  let byKey = scopeCache.get(codes);
  if (!byKey) {
    byKey = new Map();
    scopeCache.set(codes, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit;
  const n = codes.motionCode.length;
  const ladderIndex = new Int8Array(n);
  const sizes = new Int32Array(ladderCount);
  let laddered = 0;
  for (let p = 0; p < n; p++) {
    const l = motionLadder[codes.motionCode[p]!]!;
    ladderIndex[p] = l;
    if (l >= 0) {
      sizes[l]!++;
      laddered++;
    }
  }
  const scopes = Array.from(sizes, (size) => new Int32Array(size));
  const onAnyLadder = new Int32Array(laddered);
  const fill = new Int32Array(ladderCount);
  for (let p = 0, a = 0; p < n; p++) {
    const l = ladderIndex[p]!;
    if (l < 0) continue;
    scopes[l]![fill[l]!++] = p;
    onAnyLadder[a++] = p;
  }
  const entry = { ladderIndex, scopes, onAnyLadder };
  if (byKey.size >= 8) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, entry);
  return entry;
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  let s = 0;
  for (const item of items) s += f(item);
  return s;
}

// ---------------------------------------------------------------------------------------
// Overrides

const idIndexCache = new WeakMap<ColumnarDataset, { partners: unknown; n: number; index: Map<string, number> }>();

function partnerIdIndex(dataset: ColumnarDataset): Map<string, number> {
  const partners = dataset.partners;
  const hit = idIndexCache.get(dataset);
  if (hit && hit.partners === partners && hit.n === partners.length) return hit.index;
  const index = new Map<string, number>();
  partners.forEach((p, i) => {
    if (!index.has(p.id)) index.set(p.id, i);
  });
  idIndexCache.set(dataset, { partners, n: partners.length, index });
  return index;
}

/**
 * Overrides pin a partner to a tier of ITS ladder. An override naming an unknown partner,
 * or a tier that is not on the partner's ladder, is ignored and reported. When a partner
 * has several overrides the last valid one wins (the earlier ones are reported).
 */
function applyOverrides(scenario: Scenario, dataset: ColumnarDataset, ladderIndex: Int8Array, errors: EvaluationError[]): Map<number, AppliedOverride> {
  const applied = new Map<number, AppliedOverride>();
  if (scenario.overrides.length === 0) return applied;
  const ids = partnerIdIndex(dataset);
  for (const override of scenario.overrides) {
    const p = ids.get(override.partnerId);
    if (p === undefined) {
      errors.push({ code: 'override-unknown-partner', partnerId: override.partnerId, tierId: override.tierId, message: `An override names the partner "${override.partnerId}", which is not in this dataset; it is ignored.` });
      continue;
    }
    const partner = dataset.partners[p]!;
    const l = ladderIndex[p]!;
    const ladder = l >= 0 ? scenario.ladders[l] : undefined;
    const level = ladder ? ladder.tiers.findIndex((t) => t.id === override.tierId) : -1;
    if (!ladder || level < 0) {
      errors.push({
        code: 'override-tier-not-on-ladder',
        partnerId: override.partnerId,
        tierId: override.tierId,
        ...(ladder ? { ladderId: ladder.id } : {}),
        message: ladder
          ? `The override of ${partner.name} names the tier "${override.tierId}", which is not on the ${ladder.name} ladder that tiers ${partner.motion} partners; it is ignored.`
          : `The override of ${partner.name} is ignored: no ladder tiers its motion "${partner.motion}".`,
      });
      continue;
    }
    const earlier = applied.get(p);
    if (earlier) {
      errors.push({ code: 'override-duplicate', partnerId: override.partnerId, tierId: earlier.override.tierId, ladderId: ladder.id, message: `${partner.name} has more than one override; the last one (to ${ladder.tiers[level]!.name}) is used.` });
    }
    applied.set(p, { override, level });
  }
  return applied;
}

/** Conflict types covered by the scenario's ENABLED offsetting rules (enabled ids that name no rule are ignored). */
export function coveredConflictTypes(scenario: Scenario): Set<string> {
  const enabled = new Set(scenario.enabledRules);
  const covered = new Set<string>();
  for (const rule of scenario.rules) if (enabled.has(rule.id)) rule.covers.forEach((c) => covered.add(c));
  return covered;
}
