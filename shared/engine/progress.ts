/**
 * How near partners are to a tier of the plan (plan.ts): their progress toward it (its
 * requirement, with the eligibility gate above entry) and the warning-band state of
 * holding it. Used by `evaluate` (next tier, warnings) and `explainPartner`.
 */
import { BAND_MET, bandOfAll, writeProgress, type CompiledNode } from './compile';
import type { Plan, TierPlan } from './plan';
import { floatStack, intStack } from './scratch';

/**
 * Progress toward a tier for the first `count` partners of `list`, into out[0..count): its
 * requirement's progress, averaged with the eligibility gate's above entry (as if
 * `all(requirement, gate)`); 1 for a tier without requirements. The gate's progress is
 * computed only for the partners that fail it (plan.gateMask 0); it is exactly 1 for the
 * others.
 */
export function tierProgressInto(plan: Plan, tp: TierPlan, list: Int32Array, count: number, out: Float64Array): void {
  if (tp.req) writeProgress(tp.req, list, count, out, false);
  else out.fill(1, 0, count);
  if (tp.level < 1 || !plan.gate) return;
  const mark = intStack.mark();
  const fmark = floatStack.mark();
  const at = intStack.take(count); // positions in `list` of the partners that fail the gate
  const sub = intStack.take(count); // those partners
  const failing = halveWherePassing(out, list, count, plan.gateMask, at, sub);
  const gate = floatStack.take(failing);
  writeProgress(plan.gate, sub, failing, gate, false);
  meanAt(out, at, gate, failing);
  floatStack.release(fmark);
  intStack.release(mark);
}

/*
 * out[i] = (out[i] + 1) / 2 where the partner list[i] passes the gate (mask 1), unchanged
 * where it fails; the failing ones' positions into `at`, their partners into `sub`;
 * returns how many fail. Branch-free: with m the mask, m × ((x + 1) / 2) + (1 − m) × x is
 * exactly one of the two (x is a finite progress value).
 */
function halveWherePassing(out: Float64Array, list: Int32Array, count: number, mask: Uint8Array, at: Int32Array, sub: Int32Array): number {
  let failing = 0;
  for (let i = 0; i < count; i++) {
    const p = list[i]!;
    const m = mask[p]!;
    const x = out[i]!;
    out[i] = m * ((x + 1) / 2) + (1 - m) * x;
    at[failing] = i;
    sub[failing] = p;
    failing += 1 - m;
  }
  return failing;
}

/* out[at[j]] = (out[at[j]] + gate[j]) / 2 for the partners that fail the gate. */
function meanAt(out: Float64Array, at: Int32Array, gate: Float64Array, failing: number): void {
  for (let j = 0; j < failing; j++) {
    const i = at[j]!;
    out[i] = (out[i]! + gate[j]!) / 2;
  }
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
