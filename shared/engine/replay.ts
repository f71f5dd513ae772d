/**
 * Cycle replay (SPEC S7): one scenario, with its policies, run over the workspace's
 * datasets in date order (FY2024 → FY2025 → FY2026). Each cycle starts from where the
 * previous one left every partner:
 *
 * - the current tier is the tier the partner rolled out at last cycle (partners new to a
 *   cycle start from the current-tier label in their data);
 * - a partner warned last cycle (the warning band) is not warned twice: if it falls short
 *   again it is demoted;
 * - a grace period longer than a cycle (grandfathering for more than 4 quarters) carries
 *   over: the partner is counted as still in grace until it runs out.
 *
 * Cycles are a year apart (annual re-tiering), so a grace period of 4 quarters or less
 * ends before the next cycle.
 */
import type { ColumnarDataset } from '../model/dataset';
import type { Scenario } from '../model/scenario';
import { evaluate } from './evaluate';
import { MOVEMENT_DEMOTED, MOVEMENT_LOST_TIER, MOVEMENT_PROMOTED, ROLLOUT_GRANDFATHERED, ROLLOUT_WARNED } from './types';

export const QUARTERS_PER_CYCLE = 4;

export interface ReplayInput {
  label: string;
  asOf: string | null;
  data: ColumnarDataset;
}

export interface ReplayCycle {
  label: string;
  asOf: string | null;
  partners: number;
  /** partners per tier over every ladder, after policies, lowest tiers first; untiered last */
  tiers: { ladderId: string | null; tierId: string | null; tier: string | null; count: number }[];
  /** share of all partners in the top tier of their ladder, after policies */
  topTierShare: number;
  promoted: number;
  /** demotions that take effect this cycle (second warnings included), and partners losing their tier */
  demoted: number;
  /** warned for the first time, kept their tier */
  warned: number;
  /** grandfathered this cycle */
  grandfathered: number;
  /** still in a grace period from an earlier cycle */
  inGrace: number;
  exitCandidates: number;
}

/** The label a carried tier travels under (ids, so two ladders' tier names cannot collide). */
const carriedLabel = (tierId: string) => `tierscape:${tierId}`;

export function replay(scenario: Scenario, cycles: readonly ReplayInput[]): ReplayCycle[] {
  const tierById = new Map<string, { ladder: number; level: number }>();
  scenario.ladders.forEach((ladder, l) => ladder.tiers.forEach((tier, level) => tierById.set(tier.id, { ladder: l, level })));
  // the carried labels map onto their own levels, ahead of the data's labels
  const carriedMapping = [...tierById.entries()].map(([id, at]) => ({ label: carriedLabel(id), level: at.level }));
  const withCarried: Scenario = { ...scenario, tierMapping: [...carriedMapping, ...scenario.tierMapping] };

  let carried = new Map<string, string | null>(); // partner id → tier id it rolled out at (null: untiered)
  let warnedBefore = new Set<string>();
  let grace = new Map<string, number>(); // partner id → quarters of grace left
  const out: ReplayCycle[] = [];

  for (const [index, cycle] of cycles.entries()) {
    const data: ColumnarDataset =
      index === 0
        ? cycle.data
        : {
            ...cycle.data,
            partners: cycle.data.partners.map((p) => {
              if (!carried.has(p.id)) return p; // new this cycle: its own current tier
              const tier = carried.get(p.id)!;
              return { ...p, currentTier: tier === null ? null : carriedLabel(tier) };
            }),
          };
    const outcome = evaluate(index === 0 ? scenario : withCarried, data);
    const nextCarried = new Map<string, string | null>();
    const nextWarned = new Set<string>();
    const nextGrace = new Map<string, number>();
    const counts = new Map<string, number>(); // `${ladder}:${level}` (or 'untiered') → partners
    let promoted = 0;
    let demoted = 0;
    let warned = 0;
    let grandfathered = 0;
    let inGrace = 0;
    let exitCandidates = 0;
    let top = 0;

    for (let p = 0; p < outcome.partnerCount; p += 1) {
      const id = data.partners[p]!.id;
      const ladder = outcome.ladderIndex[p]!;
      let level = outcome.rolloutLevel[p]!;
      const state = outcome.rolloutState[p]!;
      const movement = outcome.movementCode[p]!;
      if (state === ROLLOUT_WARNED && warnedBefore.has(id)) {
        // warned last cycle and short again: the demotion takes effect now
        level = outcome.level[p]!;
        demoted += 1;
      } else if (state === ROLLOUT_WARNED) {
        warned += 1;
        nextWarned.add(id);
      } else if (movement === MOVEMENT_DEMOTED || movement === MOVEMENT_LOST_TIER) {
        demoted += 1;
      } else if (movement === MOVEMENT_PROMOTED) {
        promoted += 1;
      }
      if (state === ROLLOUT_GRANDFATHERED) {
        grandfathered += 1;
        const left = scenario.policies.grandfatherQuarters - QUARTERS_PER_CYCLE;
        if (left > 0) nextGrace.set(id, left);
      } else {
        const left = grace.get(id);
        if (left !== undefined && left > 0) {
          inGrace += 1;
          if (left - QUARTERS_PER_CYCLE > 0) nextGrace.set(id, left - QUARTERS_PER_CYCLE);
        }
      }
      if (outcome.exitCandidate[p] === 1) exitCandidates += 1;
      const tier = ladder >= 0 && level >= 0 ? scenario.ladders[ladder]!.tiers[level] : undefined;
      const key = tier ? `${ladder}:${level}` : 'untiered';
      counts.set(key, (counts.get(key) ?? 0) + 1);
      nextCarried.set(id, tier ? tier.id : null);
      if (tier && level === scenario.ladders[ladder]!.tiers.length - 1) top += 1;
    }

    const tiers: ReplayCycle['tiers'] = [];
    scenario.ladders.forEach((ladder, l) =>
      ladder.tiers.forEach((tier, level) => tiers.push({ ladderId: ladder.id, tierId: tier.id, tier: tier.name, count: counts.get(`${l}:${level}`) ?? 0 })),
    );
    tiers.push({ ladderId: null, tierId: null, tier: null, count: counts.get('untiered') ?? 0 });
    out.push({
      label: cycle.label,
      asOf: cycle.asOf,
      partners: outcome.partnerCount,
      tiers,
      topTierShare: outcome.partnerCount === 0 ? 0 : top / outcome.partnerCount,
      promoted,
      demoted,
      warned,
      grandfathered,
      inGrace,
      exitCandidates,
    });
    carried = nextCarried;
    warnedBefore = nextWarned;
    grace = nextGrace;
  }
  return out;
}
