/**
 * Cycle replay (DESIGN D8.4): one scenario, with its policies, run over the partner lists the
 * user picks — by default those that share the metrics of the scenario's own list — in date
 * order (FY2024 → FY2025 → FY2026). Each cycle starts from where the previous one left
 * every partner:
 *
 * - the current tier is the tier the partner rolled out at last cycle (partners new to a
 *   cycle start from the current-tier label in their data);
 * - a partner warned last cycle (the warning band) is not warned twice: if it falls short
 *   again, its demotion goes through the other policies (the demotion limit, caps,
 *   grandfathering) like any other;
 * - a grace period runs for its quarters from the cycle it starts in: cycles are 4
 *   quarters apart, so one longer than 4 quarters carries into the next cycle, where the
 *   partner keeps the old tier's benefits for what is left of it. Each cycle charges the
 *   quarters of grace that fall in it: per partner, quarter and component, max(0, the grace
 *   tier's cost − the cost of the tier it rolls out at this cycle) ÷ 4 — the best grace
 *   tier when a partner demoted again while in grace holds two. A grace period ends early
 *   when the partner is back at (or above) its grace tier.
 *
 * Each cycle's counts are the evaluation's: promoted, and the rollout states that
 * partition the downgrades (warned + limited + grandfathered + demoted = downgrades).
 *
 * Which lists make up the cycles (docs/ENGINE.md, "Cycle replay"):
 *
 * - A list *shares the metrics* of the scenario's list when it has every metric the
 *   scenario reads from that list — in its requirements, points rules, caps, eligibility
 *   gate, exit rule and value metric, and the list metrics the formulas of the derived
 *   metrics it reads use — under the same key and of the same kind. Metrics the scenario
 *   does not read do not matter; a scenario that reads none shares every list.
 * - The default cycles are the lists that share them, in date order: as-of date (the
 *   import time for a list without one), then import order — the workspace's own order.
 * - A list whose partner IDs barely overlap the cycle before it (fewer shared than half of
 *   the smaller list) has a different ID space: its partners would start as new, from the
 *   current tiers in its data, and it is flagged before it is added.
 */
import type { ColumnarDataset } from '../model/dataset';
import { formatCount } from '../model/format';
import { parseFormula } from '../model/formula';
import { metricsUsed, type Scenario } from '../model/scenario';
import type { MetricDef } from '../model/workspace';
import { evaluate, planShapeOf } from './evaluate';
import type { Plan } from './plan';
import { ROLLOUT_GRANDFATHERED, ROLLOUT_WARNED, type Cost } from './types';

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
  /** downgrades this cycle (demoted or losing their tier against where they started it): warned + limited + grandfathered + demoted */
  downgrades: number;
  /** demotions that take effect this cycle in full (no policy softens them; second shortfalls after a warning included when no other policy applies) */
  demoted: number;
  /** warned (within the band, not warned the cycle before): kept their tier */
  warned: number;
  /** demotions cut short by the demotion limit, not grandfathered */
  limited: number;
  /** grandfathered this cycle */
  grandfathered: number;
  /** still in a grace period from an earlier cycle */
  inGrace: number;
  /** what the quarters of grace that fall in this cycle cost (grace periods carried from earlier cycles included) */
  graceCost: Cost;
  exitCandidates: number;
}

/** The label a carried tier travels under (ids, so two ladders' tier names cannot collide). */
const carriedLabel = (tierId: string) => `tierscape:${tierId}`;

/** A grace period: the tier whose benefits the partner keeps, and the quarters left of it at the start of a cycle. */
interface Grace {
  ladder: number;
  level: number;
  left: number;
}

export function replay(scenario: Scenario, cycles: readonly ReplayInput[]): ReplayCycle[] {
  const tierById = new Map<string, { ladder: number; level: number }>();
  scenario.ladders.forEach((ladder, l) => ladder.tiers.forEach((tier, level) => tierById.set(tier.id, { ladder: l, level })));
  // the carried labels map onto their own levels, ahead of the data's labels
  const carriedMapping = [...tierById.entries()].map(([id, at]) => ({ label: carriedLabel(id), level: at.level }));
  const withCarried: Scenario = { ...scenario, tierMapping: [...carriedMapping, ...scenario.tierMapping] };
  const quarters = scenario.policies.grandfatherQuarters;

  let carried = new Map<string, string | null>(); // partner id → tier id it rolled out at (null: untiered)
  let warnedBefore = new Set<string>();
  let graces = new Map<string, Grace[]>(); // partner id → grace periods running into the next cycle
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
    const before = warnedBefore.size > 0 ? Uint8Array.from(data.partners, (p) => +warnedBefore.has(p.id)) : undefined;
    const outcome = evaluate(index === 0 ? scenario : withCarried, data, before ? { warnedBefore: before } : {});
    const plan = planShapeOf(outcome)!; // ladders, tiers, costs, the value column
    const nextCarried = new Map<string, string | null>();
    const nextWarned = new Set<string>();
    const nextGraces = new Map<string, Grace[]>();
    const counts = new Map<string, number>(); // `${ladder}:${level}` (or 'untiered') → partners
    const graceCost: Cost = { hours: 0, mdf: 0, fixed: 0, margin: 0 };
    let inGrace = 0;
    let top = 0;

    for (let p = 0; p < outcome.partnerCount; p += 1) {
      const id = data.partners[p]!.id;
      const ladder = outcome.ladderIndex[p]!;
      const level = outcome.rolloutLevel[p]!;
      const state = outcome.rolloutState[p]!;
      if (state === ROLLOUT_WARNED) nextWarned.add(id);
      // grace periods: those carried in (ended by being back at the grace tier), and one starting now
      const running = (graces.get(id) ?? []).filter((g) => !(g.ladder === ladder && level >= g.level));
      if (running.length > 0) inGrace += 1;
      if (state === ROLLOUT_GRANDFATHERED && quarters > 0) running.push({ ladder, level: outcome.currentLevel[p]!, left: quarters });
      if (running.length > 0) {
        chargeGrace(plan, running, ladder, level, p, graceCost);
        const left = running.map((g) => ({ ...g, left: g.left - QUARTERS_PER_CYCLE })).filter((g) => g.left > 0);
        if (left.length > 0) nextGraces.set(id, left);
      }
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
    const { rollout, movement } = outcome;
    out.push({
      label: cycle.label,
      asOf: cycle.asOf,
      partners: outcome.partnerCount,
      tiers,
      topTierShare: outcome.partnerCount === 0 ? 0 : top / outcome.partnerCount,
      promoted: movement.promoted,
      downgrades: movement.downgrades,
      demoted: rollout.demoted,
      warned: rollout.warned,
      limited: rollout.limited,
      grandfathered: rollout.grandfathered,
      inGrace,
      graceCost,
      exitCandidates: movement.exitCandidates,
    });
    carried = nextCarried;
    warnedBefore = nextWarned;
    graces = nextGraces;
  }
  return out;
}

/**
 * Adds to `cost` what a partner's running grace periods cost in this cycle: for each of its
 * 4 quarters that some grace period covers, per component, the most that grace tiers cost
 * above the tier it rolls out at (ladder `l`, `level`; -1: none) — a quarter's share, ÷ 4.
 */
function chargeGrace(plan: Plan, running: readonly Grace[], l: number, level: number, p: number, cost: Cost): void {
  const now = l >= 0 && level >= 0 ? plan.ladders[l]!.tiers[level] : undefined;
  const v = plan.valueColumn ? plan.valueColumn[p]! : 0;
  const value = Number.isNaN(v) ? 0 : v;
  for (let q = 0; q < QUARTERS_PER_CYCLE; q += 1) {
    let hours = 0;
    let mdf = 0;
    let fixed = 0;
    let margin = 0;
    for (const g of running) {
      if (g.left <= q) continue;
      const old = plan.ladders[g.ladder]?.tiers[g.level];
      if (!old) continue;
      hours = Math.max(hours, old.hours - (now?.hours ?? 0));
      mdf = Math.max(mdf, old.mdf - (now?.mdf ?? 0));
      fixed = Math.max(fixed, old.fixed - (now?.fixed ?? 0));
      margin = Math.max(margin, ((old.marginPoints - (now?.marginPoints ?? 0)) / 100) * value);
    }
    cost.hours += hours / QUARTERS_PER_CYCLE;
    cost.mdf += mdf / QUARTERS_PER_CYCLE;
    cost.fixed += fixed / QUARTERS_PER_CYCLE;
    cost.margin += margin / QUARTERS_PER_CYCLE;
  }
}

// ---------------------------------------------------------------------------------------
// Which lists to replay over

/** A partner list as replay chooses among them (a DatasetSummary has these fields). */
export interface ReplayList {
  id: number;
  label: string;
  asOf: string | null;
  importedAt: string;
  partnerCount: number;
  metrics: readonly MetricDef[];
}

/** The lists in date order: as-of date (the import time for a list without one), then import order (id). */
export function inDateOrder<T extends Pick<ReplayList, 'id' | 'asOf' | 'importedAt'>>(lists: readonly T[]): T[] {
  const date = (l: T) => l.asOf ?? l.importedAt;
  return [...lists].sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : a.id - b.id));
}

/**
 * The metrics of a list (the scenario's own) that the scenario reads: in its requirements,
 * points rules, caps, gate, exit rule and value metric, and through the formulas of the
 * derived metrics it reads (a formula that does not parse on the list reads nothing). In
 * the list's order.
 */
export function metricsRead(scenario: Scenario, metrics: readonly MetricDef[]): MetricDef[] {
  const listed = new Set(metrics.map((m) => m.key));
  // a derived metric under a list metric's key is refused by the engine: the list's column is read
  const derived = new Map(scenario.derivedMetrics.filter((d) => !listed.has(d.key)).map((d) => [d.key, d.formula] as const));
  const known = new Set([...listed, ...derived.keys()]);
  const read = new Set<string>();
  const seen = new Set<string>();
  const pending = [...metricsUsed(scenario)];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    if (listed.has(key)) read.add(key);
    const formula = derived.get(key);
    if (formula === undefined) continue;
    const parsed = parseFormula(formula, known);
    if (parsed.ok) pending.push(...parsed.value.refs);
  }
  return metrics.filter((m) => read.has(m.key));
}

/** The metrics of `read` that `list` lacks, or has of another kind; none: the list shares them. */
export function metricsLacking(list: Pick<ReplayList, 'metrics'>, read: readonly MetricDef[]): MetricDef[] {
  const kinds = new Map(list.metrics.map((m) => [m.key, m.kind] as const));
  return read.filter((m) => kinds.get(m.key) !== m.kind);
}

export interface ReplayDefault<T> {
  /** the lists that share the metrics read, in date order: the default cycles */
  chosen: T[];
  /** the others, in date order, each with the metrics it lacks */
  leftOut: { list: T; missing: MetricDef[] }[];
}

/** The default cycles: the lists that have every metric in `read` (metricsRead of the scenario's list), in date order. */
export function defaultReplayLists<T extends ReplayList>(lists: readonly T[], read: readonly MetricDef[]): ReplayDefault<T> {
  const out: ReplayDefault<T> = { chosen: [], leftOut: [] };
  for (const list of inDateOrder(lists)) {
    const missing = metricsLacking(list, read);
    if (missing.length === 0) out.chosen.push(list);
    else out.leftOut.push({ list, missing });
  }
  return out;
}

/** How far a list's partner IDs are those of another list (each counted once). */
export interface IdOverlap {
  /** IDs in both lists */
  shared: number;
  /** the list's distinct IDs */
  ids: number;
  /** the other list's distinct IDs */
  otherIds: number;
}

export function idOverlap(ids: Iterable<string>, otherIds: Iterable<string>): IdOverlap {
  const other = otherIds instanceof Set ? (otherIds as Set<string>) : new Set(otherIds);
  const own = ids instanceof Set ? (ids as Set<string>) : new Set(ids);
  let shared = 0;
  for (const id of own) if (other.has(id)) shared += 1;
  return { shared, ids: own.size, otherIds: other.size };
}

/** Another ID space: fewer IDs shared than half of the smaller list (two lists with IDs). */
export function otherIdSpace(overlap: IdOverlap): boolean {
  const smaller = Math.min(overlap.ids, overlap.otherIds);
  return smaller > 0 && overlap.shared * 2 < smaller;
}

/**
 * The warning for a list in another ID space than `other`, the cycle before it ("shares 0
 * of 57 partner IDs with FY2026: its partners would all start as new"); with `otherFollows`,
 * `other` is the cycle after it, whose partners would start as new.
 */
export function idSpaceWarning(overlap: IdOverlap, other: string, otherFollows = false): string {
  const head = `shares ${formatCount(overlap.shared)} of ${formatCount(overlap.ids)} partner IDs with ${other}`;
  if (otherFollows) {
    const fresh = overlap.otherIds - overlap.shared;
    return `${head}, the cycle after it: ${fresh === overlap.otherIds ? `${other}’s partners would all start as new` : `${formatCount(fresh)} of ${other}’s partners would start as new`}`;
  }
  const fresh = overlap.ids - overlap.shared;
  return `${head}: ${fresh === overlap.ids ? 'its partners would all start as new' : `${formatCount(fresh)} of its partners would start as new`}`;
}
