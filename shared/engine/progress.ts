/**
 * How near partners are to a tier of the plan (plan.ts): their progress toward it (its
 * requirement, with the eligibility gate above entry) and the warning-band state of
 * holding it. Used by `evaluate` (next tier, warnings) and `explainPartner`.
 */
import { BAND_MET, bandOfAll, divideBy, writeProgress, type CompiledNode } from './compile';
import type { Plan, TierPlan } from './plan';
import { floatStack, intStack } from './scratch';

/**
 * Progress toward a tier for the first `count` partners of `list`, into out[0..count): its
 * requirement's progress, averaged with the eligibility gate's above entry (as if
 * `all(requirement, gate)`); 1 for a tier without requirements.
 */
export function tierProgressInto(plan: Plan, tp: TierPlan, list: Int32Array, count: number, out: Float64Array, gateProgress: Float64Array | null = null): void {
  if (tp.req) writeProgress(tp.req, list, count, out, false);
  else out.fill(1, 0, count);
  if (tp.level >= 1 && plan.gate) {
    if (gateProgress) meanWithGate(out, list, count, plan.gateMask, gateProgress);
    else {
      writeProgress(plan.gate, list, count, out, true);
      divideBy(out, 2, count);
    }
  }
}

/*
 * out[i] = (out[i] + the gate's progress for p = list[i]) / 2: 1 where the gate is met
 * (mask 1), else gateProgress[p] — branch-free, exact as gateProgress holds finite values.
 */
function meanWithGate(out: Float64Array, list: Int32Array, count: number, mask: Uint8Array, gateProgress: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const p = list[i]!;
    const m = mask[p]!;
    out[i] = (out[i]! + (m + (1 - m) * gateProgress[p]!)) / 2;
  }
}

/**
 * The eligibility gate's progress, by partner index, for every partner on a ladder that
 * fails it and whose next tier is above entry (nextLevel ≥ 1). Entries of other partners
 * are left as they were (finite: `into` only ever holds progress); tierProgressInto reads 1
 * for the partners that pass the gate (plan.gateMask).
 */
export function gateProgressOf(plan: Plan, nextLevel: Int8Array, into: Float64Array): void {
  if (!plan.gate) return;
  const all = plan.onAnyLadder;
  const mark = intStack.mark();
  const list = intStack.take(all.length);
  const count = failingGate(all, plan.gateMask, nextLevel, list);
  const fmark = floatStack.mark();
  const compact = floatStack.take(count);
  writeProgress(plan.gate, list, count, compact, false);
  scatter(compact, list, count, into);
  floatStack.release(fmark);
  intStack.release(mark);
}

/*
 * into[list[i]] = values[i]. Its own function, not a loop in gateProgressOf: a loop in a
 * function called once per evaluation is compiled on its own (on-stack replacement) and that
 * code was thrown away at the loop's end on every evaluation (docs/PERFORMANCE.md, "Issue 23").
 */
function scatter(values: Float64Array, list: Int32Array, count: number, into: Float64Array): void {
  for (let i = 0; i < count; i++) into[list[i]!] = values[i]!;
}

/* The listed partners that fail the gate (mask 0) with nextLevel ≥ 1, into `list`; returns how many. */
function failingGate(all: Int32Array, mask: Uint8Array, nextLevel: Int8Array, list: Int32Array): number {
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const p = all[i]!;
    list[count] = p;
    count += (1 - mask[p]!) & +(nextLevel[p]! >= 1);
  }
  return count;
}

/**
 * The warning-band state (compile.ts: BAND_MET, BAND_WITHIN, BAND_OUT) of holding tier `tp`
 * for the first `count` partners of `list`, into out[0..count): the least state of its own
 * requirement (none: met), the eligibility gate's above entry and, on a strict ladder,
 * every lower tier's requirement. A partner is within the band of its tier when this is
 * BAND_WITHIN: everything met or within, something only within.
 */
export function tierBandInto(plan: Plan, tp: TierPlan, list: Int32Array, count: number, band: number, out: Int32Array): void {
  const parts: CompiledNode[] = [];
  if (tp.req) parts.push(tp.req);
  if (tp.level >= 1 && plan.gate) parts.push(plan.gate);
  const ladder = plan.ladders[tp.ladderIndex]!;
  if (ladder.ladder.strict) for (let k = 0; k < tp.level; k++) if (ladder.tiers[k]!.req) parts.push(ladder.tiers[k]!.req!);
  if (parts.length === 0) out.fill(BAND_MET, 0, count);
  else bandOfAll(parts, list, count, band, out);
}

export function tierBandAt(plan: Plan, tp: TierPlan, p: number, band: number): number {
  const mark = intStack.mark();
  const out = intStack.take(1);
  tierBandInto(plan, tp, Int32Array.of(p), 1, band, out);
  const state = out[0]!;
  intStack.release(mark);
  return state;
}
