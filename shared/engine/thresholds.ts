/**
 * The thresholds of a scenario (DESIGN D8.3): each ≥, >, ≤ or < comparison with a value in a
 * tier's requirement, found by the tier's id and the comparison's id, listed, and moved in
 * a copy of the scenario. Sweeps, goal seek and drags move thresholds through these
 * (explore.ts, threshold-session.ts).
 */
import { err, ok, type Result } from '../model/result';
import type { Comparison, Requirement, Scenario } from '../model/scenario';

/** A threshold: the comparison `requirementId` inside the requirement of tier `tierId`. */
export interface ThresholdRef {
  tierId: string;
  requirementId: string;
}

export type ThresholdOp = '>=' | '>' | '<=' | '<';
const THRESHOLD_OPS = new Set<string>(['>=', '>', '<=', '<']);

export interface ThresholdInfo {
  ladderIndex: number;
  level: number;
  tierName: string;
  metric: string;
  op: ThresholdOp;
  value: number;
}

function findLeaf(r: Requirement | null, id: string): Comparison | null {
  if (!r) return null;
  if (r.type === 'compare') return r.id === id ? r : null;
  if (r.type === 'points') return null;
  for (const item of r.items) {
    const found = findLeaf(item, id);
    if (found) return found;
  }
  return null;
}

/** The threshold a reference names, or an explanation of why it is not one. */
export function findThreshold(scenario: Scenario, ref: ThresholdRef): Result<ThresholdInfo> {
  for (let l = 0; l < scenario.ladders.length; l += 1) {
    const ladder = scenario.ladders[l]!;
    const level = ladder.tiers.findIndex((t) => t.id === ref.tierId);
    if (level < 0) continue;
    const tier = ladder.tiers[level]!;
    const leaf = findLeaf(tier.requirement, ref.requirementId);
    if (!leaf) return err(`Tier "${tier.name}" has no comparison "${ref.requirementId}".`);
    if (!THRESHOLD_OPS.has(leaf.op) || leaf.value === undefined) {
      return err(`"${ref.requirementId}" in "${tier.name}" is not a threshold (≥, >, ≤ or <).`);
    }
    return ok({ ladderIndex: l, level, tierName: tier.name, metric: leaf.metric, op: leaf.op as ThresholdOp, value: leaf.value });
  }
  return err(`No tier has the id "${ref.tierId}".`);
}

function collectLeaves(r: Requirement | null, out: Comparison[]): void {
  if (!r || r.type === 'points') return;
  if (r.type === 'compare') {
    if (THRESHOLD_OPS.has(r.op) && r.value !== undefined) out.push(r);
    return;
  }
  for (const item of r.items) collectLeaves(item, out);
}

/** Every threshold of a scenario (each ≥, >, ≤ or < comparison of each tier), ladder by ladder, lowest tier first. */
export function listThresholds(scenario: Scenario): { ref: ThresholdRef; info: ThresholdInfo }[] {
  const out: { ref: ThresholdRef; info: ThresholdInfo }[] = [];
  scenario.ladders.forEach((ladder, ladderIndex) =>
    ladder.tiers.forEach((tier, level) => {
      const leaves: Comparison[] = [];
      collectLeaves(tier.requirement, leaves);
      for (const leaf of leaves) {
        out.push({
          ref: { tierId: tier.id, requirementId: leaf.id },
          info: { ladderIndex, level, tierName: tier.name, metric: leaf.metric, op: leaf.op as ThresholdOp, value: leaf.value! },
        });
      }
    }),
  );
  return out;
}

function replaceLeaf(r: Requirement | null, id: string, value: number): Requirement | null {
  if (!r) return r;
  if (r.type === 'compare') return r.id === id ? { ...r, value } : r;
  if (r.type === 'points') return r;
  return { ...r, items: r.items.map((i) => replaceLeaf(i, id, value)!) };
}

/** The scenario with one threshold set to `value` (everything else shared, nothing mutated). */
export function withThreshold(scenario: Scenario, ref: ThresholdRef, value: number): Scenario {
  return {
    ...scenario,
    ladders: scenario.ladders.map((ladder) => ({
      ...ladder,
      tiers: ladder.tiers.map((tier) => (tier.id === ref.tierId ? { ...tier, requirement: replaceLeaf(tier.requirement, ref.requirementId, value) } : tier)),
    })),
  };
}

/** How many comparisons of a requirement have this id (withThreshold moves every one of them). */
export function leavesWithId(r: Requirement | null, id: string): number {
  if (!r || r.type === 'points') return 0;
  if (r.type === 'compare') return r.id === id ? 1 : 0;
  let count = 0;
  for (const item of r.items) count += leavesWithId(item, id);
  return count;
}
