/**
 * Design review (DESIGN D7.9): the ladders checked against the usual tier-design mistakes
 * (the public sources of DESIGN D15). Each finding names the ladder and tier and says how to fix it.
 *
 * The checks, and where they draw the line:
 * - metal-names: a tier named Bronze, Silver, Gold, Platinum, Diamond, Titanium, Copper,
 *   Iron, Steel, Palladium or Rhodium (a whole word, any case) — one finding per tier.
 * - single-revenue-axis: every metric the tiers' requirements read is a currency metric,
 *   while the data holds partners of two motions or more.
 * - identical-benefits: two ladders grant the same set of benefits at every level (same
 *   number of tiers, at least one benefit), or the only ladder is a '*' ladder that tiers
 *   partners of two motions or more with benefits.
 * - too-many-tiers: more than four tiers on a ladder.
 * - no-demotion-path: on a ladder of two tiers or more, every condition above entry (the
 *   tiers' requirements and the eligibility gate) can only stay met once met: a date
 *   (never changes), or a lifetime / cumulative metric (a key or label with the word
 *   lifetime, cumulative, ever, tenure, "all time" or "to date") compared with ≥, > or
 *   "is true", or earning points.
 * - top-tier-conflict-uncovered: a benefit of a ladder's top tier with a conflict type that
 *   no enabled offsetting rule covers — one finding per benefit.
 * - thresholds-too-close: adjacent tiers of a ladder both require the same metric (or a
 *   points minimum) at the top level of their requirement (directly or inside `all`
 *   groups), the upper threshold is a real step up (not the same value carried over) and
 *   less than 1.5× the lower one (for ≤ / <: the lower bound less than 1.5× below).
 *   Only currency, count and number metrics are compared: on a bounded scale (ratings,
 *   percentages), booleans and dates a ratio says nothing.
 * - top-tier-out-of-reach: fewer than 1 % of a ladder's partners reach its top tier
 *   (ladders of two tiers or more that tier somebody; a capped top tier is meant to be
 *   small and is not reported).
 * - top-tier-inflated: the top tier holds more than policies.inflationAlertPct of the
 *   ladder's partners, or more than 25 % when that policy is not set.
 */
import { formatCount, formatMetricValue, formatShare } from '../model/format';
import { OPERATORS } from '../model/operators';
import { ANY_MOTION, type Requirement } from '../model/scenario';
import { conflictName, list } from './describe';
import { coveredConflictTypes, type Plan } from './plan';
import type { ReviewFinding } from './types';

export const METAL_NAMES = ['bronze', 'silver', 'gold', 'platinum', 'diamond', 'titanium', 'copper', 'iron', 'steel', 'palladium', 'rhodium'] as const;
const METAL_RE = new RegExp(`\\b(${METAL_NAMES.join('|')})\\b`, 'i');
export const MAX_TIERS = 4;
export const MIN_THRESHOLD_STEP = 1.5;
export const OUT_OF_REACH_SHARE = 0.01;
export const DEFAULT_INFLATED_PCT = 25;

const MONOTONE_WORDS = new Set(['lifetime', 'cumulative', 'ever', 'tenure', 'alltime', 'todate', 'ltd']);
const MONOTONE_PAIRS = [
  ['all', 'time'],
  ['to', 'date'],
];

/** The fix suggested for an uncovered conflict type (the offsetting rules of DESIGN D5). */
export const CONFLICT_FIXES: Readonly<Record<string, string>> = {
  exclusivity: 'Enable a rule that limits account exclusivity to a fixed window (90 days) and releases accounts where no activity is logged.',
  margin_uplift: 'Enable a rule that sets extra margin by the deal (size, vertical, deployment), not by the tier alone.',
  direct_cosell: 'Enable a rule that requires a joint business plan — goals, named accounts, hand-off rules — with every partner that gets direct co-sell.',
  mdf_access: 'Enable a rule that publishes the MDF criteria and lets any partner that meets them apply, whatever its tier.',
  lead_routing: 'Enable a rule that routes leads by published criteria and takes back leads that are not worked in time.',
  roadmap_input: 'Enable a rule that runs roadmap input as a documented process open to the partners it affects.',
};

export function conflictFix(type: string): string {
  return CONFLICT_FIXES[type] ?? `Add an offsetting rule that covers "${type}" and enable it in this scenario.`;
}

interface Leaf {
  metric: string;
  op: string;
  /** points rules: whether it is a perUnit rule */
  points: boolean;
}

function leaves(r: Requirement | null, out: Leaf[] = []): Leaf[] {
  if (!r) return out;
  if (r.type === 'compare') out.push({ metric: r.metric, op: r.op, points: false });
  else if (r.type === 'points') r.rules.forEach((x) => out.push({ metric: x.metric, op: x.mode === 'perUnit' ? '>=' : (x.op ?? 'isTrue'), points: true }));
  else r.items.forEach((i) => leaves(i, out));
  return out;
}

export function buildReview(plan: Plan, slotCount: Int32Array, ladderPartners: number[]): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  const { scenario, metrics } = plan;
  const labelOf = (key: string) => metrics.get(key).label;

  // metal names
  for (const ladder of scenario.ladders) {
    for (const tier of ladder.tiers) {
      const metal = METAL_RE.exec(tier.name);
      if (!metal) continue;
      findings.push({
        code: 'metal-names',
        ladderId: ladder.id,
        tierId: tier.id,
        message: `${tier.name} (${ladder.name}) is named after a metal: the name says nothing about what its partners do.`,
        fix: `Rename ${tier.name} after the behaviour or capability it stands for (for example Selling, Specialist, Strategic; Trained, Delivering, Certified Practice).`,
      });
    }
  }

  // a single revenue axis for every motion
  const motionCount = plan.codes.motions.length;
  const tierMetrics = new Set<string>();
  for (const ladder of scenario.ladders) for (const tier of ladder.tiers) leaves(tier.requirement).forEach((l) => tierMetrics.add(l.metric));
  if (motionCount >= 2 && tierMetrics.size > 0 && [...tierMetrics].every((k) => metrics.get(k).kind === 'currency')) {
    findings.push({
      code: 'single-revenue-axis',
      ...(scenario.ladders.length === 1 ? { ladderId: scenario.ladders[0]!.id } : {}),
      message: `Every tier is decided by revenue alone (${list([...tierMetrics].map(labelOf))}), although the data holds ${motionCount} motions (${list(plan.codes.motions.slice())}).`,
      fix: 'Tier each motion on the value it actually brings: resellers on current sourced ARR and active sellers, services partners on implementations and CSAT, technology partners on mutual customers.',
    });
  }

  // benefits identical across motions
  const benefitKey = (ids: readonly string[]) => [...new Set(ids)].sort().join('\u0000');
  const ladders = scenario.ladders;
  const reported = new Set<number>();
  for (let b = 1; b < ladders.length; b++) {
    const B = ladders[b]!;
    if (!B.tiers.some((t) => t.benefits.length > 0)) continue;
    for (let a = 0; a < b && !reported.has(b); a++) {
      const A = ladders[a]!;
      if (A.tiers.length !== B.tiers.length) continue;
      if (!A.tiers.every((t, k) => benefitKey(t.benefits) === benefitKey(B.tiers[k]!.benefits))) continue;
      reported.add(b);
      findings.push({
        code: 'identical-benefits',
        ladderId: B.id,
        message: `${B.name} grants exactly the same benefits, level by level, as ${A.name}: ${motionName(B.motion)} and ${motionName(A.motion)} partners get the same tiers.`,
        fix: `Give each motion the benefits it can use: margin and deal registration for resellers, leads and co-sell for services partners, listings and joint roadmap for technology partners.`,
      });
    }
  }
  if (ladders.length === 1 && ladders[0]!.motion === ANY_MOTION && motionCount >= 2 && ladders[0]!.tiers.some((t) => t.benefits.length > 0)) {
    const only = ladders[0]!;
    findings.push({
      code: 'identical-benefits',
      ladderId: only.id,
      message: `${only.name} is the only ladder: ${list(plan.codes.motions.slice())} partners all get the same benefits at each level.`,
      fix: 'Build a ladder per motion with the benefits that motion can use: margin and deal registration for resellers, leads and co-sell for services partners, listings and joint roadmap for technology partners.',
    });
  }

  for (const lp of plan.ladders) {
    const ladder = lp.ladder;
    const tiers = ladder.tiers;
    const top = tiers[tiers.length - 1]!;
    const topSlot = lp.tiers[lp.tiers.length - 1]!.slot;

    // more than four tiers
    if (tiers.length > MAX_TIERS) {
      findings.push({
        code: 'too-many-tiers',
        ladderId: ladder.id,
        tierId: tiers[MAX_TIERS]!.id,
        message: `${ladder.name} has ${tiers.length} tiers; beyond four, partners lose track of where they stand and adjacent tiers blur.`,
        fix: `Merge tiers until ${ladder.name} has three or four, each with a clear difference in what partners do and get.`,
      });
    }

    // no demotion path
    if (tiers.length >= 2) {
      const above: Leaf[] = [];
      for (let k = 1; k < tiers.length; k++) leaves(tiers[k]!.requirement, above);
      leaves(scenario.eligibility, above);
      if (above.length > 0 && above.every((l) => cannotFall(plan, l))) {
        const labels = [...new Set(above.map((l) => labelOf(l.metric)))];
        findings.push({
          code: 'no-demotion-path',
          ladderId: ladder.id,
          tierId: tiers[1]!.id,
          message: `Every requirement above ${tiers[0]!.name} in ${ladder.name} reads only lifetime or cumulative figures (${list(labels)}): once a partner is in, it can never move down.`,
          fix: `Require current-year activity (this year's sourced ARR, implementations, active sellers …) for ${tiers[1]!.name} and every tier above, so a partner that goes quiet drops a tier.`,
        });
      }
    }

    // top-tier benefits without offsetting rules
    const covered = coveredConflictTypes(scenario);
    const seen = new Set<string>();
    for (const benefit of lp.tiers[lp.tiers.length - 1]!.benefits) {
      if (!benefit.conflictType || covered.has(benefit.conflictType) || seen.has(benefit.id)) continue;
      seen.add(benefit.id);
      findings.push({
        code: 'top-tier-conflict-uncovered',
        ladderId: ladder.id,
        tierId: top.id,
        message: `${benefit.name}, a benefit of ${top.name} (${ladder.name}), creates a conflict over ${conflictName(benefit.conflictType)} and no enabled offsetting rule covers it.`,
        fix: conflictFix(benefit.conflictType),
      });
    }

    // adjacent thresholds too close
    for (let k = 0; k + 1 < tiers.length; k++) {
      const lower = thresholds(tiers[k]!.requirement);
      const upper = thresholds(tiers[k + 1]!.requirement);
      for (const [key, hi] of upper) {
        const lo = lower.get(key);
        if (!lo || lo.dir !== hi.dir) continue;
        if (key !== POINTS_KEY && !RATIO_KINDS.has(metrics.get(key).kind)) continue;
        const [small, big] = hi.dir === 'up' ? [lo.value, hi.value] : [hi.value, lo.value];
        if (!(small > 0) || !(big > small) || big >= MIN_THRESHOLD_STEP * small) continue;
        const fmt = (v: number) => (key === POINTS_KEY ? `${formatCount(v)} points` : formatMetricValue(metrics.get(key).kind, v, metrics.get(key).unit));
        const what = key === POINTS_KEY ? 'points' : labelOf(key);
        const suggestion = hi.dir === 'up' ? `${fmt(lo.value * MIN_THRESHOLD_STEP)} or more` : `${fmt(lo.value / MIN_THRESHOLD_STEP)} or less`;
        findings.push({
          code: 'thresholds-too-close',
          ladderId: ladder.id,
          tierId: tiers[k + 1]!.id,
          message: `${tiers[k + 1]!.name} asks for ${what} ${hi.op} ${fmt(hi.value)}, only ${(big / small).toFixed(2)}× the ${fmt(lo.value)} of ${tiers[k]!.name} (${ladder.name}): the step is too small to change behaviour.`,
          fix: `Set ${tiers[k + 1]!.name}'s ${what} threshold at least 1.5× apart from ${tiers[k]!.name}'s (${suggestion}), or merge the two tiers.`,
        });
      }
    }

    // top tier out of reach or inflated
    const total = ladderPartners[lp.index]!;
    if (tiers.length >= 2 && total > 0) {
      const count = slotCount[topSlot]!;
      const share = count / total;
      const inflatedPct = scenario.policies.inflationAlertPct ?? DEFAULT_INFLATED_PCT;
      if (share < OUT_OF_REACH_SHARE && !top.cap) {
        findings.push({
          code: 'top-tier-out-of-reach',
          ladderId: ladder.id,
          tierId: top.id,
          message: `Only ${formatCount(count)} of the ${formatCount(total)} partners on ${ladder.name} (${formatShare(share)}) reach ${top.name}: a tier almost nobody can reach motivates nobody.`,
          fix: `Lower ${top.name}'s thresholds (check them against what your best partners actually produce) until a small but real group qualifies, or cap it deliberately.`,
        });
      } else if (share > inflatedPct / 100) {
        findings.push({
          code: 'top-tier-inflated',
          ladderId: ladder.id,
          tierId: top.id,
          message: `${top.name} holds ${formatShare(share)} of the partners on ${ladder.name} (more than ${formatShare(inflatedPct / 100)}): a top tier that many reach no longer sets anyone apart.`,
          fix: `Raise ${top.name}'s thresholds or cap it, and base it on current-year activity so it has to be re-earned each year.`,
        });
      }
    }
  }
  return findings;
}

function motionName(motion: string): string {
  return motion === ANY_MOTION ? 'all other' : motion;
}

function cannotFall(plan: Plan, leaf: Leaf): boolean {
  const info = plan.metrics.get(leaf.metric);
  if (info.kind === 'date') return true;
  if (!isCumulative(`${info.key} ${info.label}`)) return false;
  return leaf.points || leaf.op === '>=' || leaf.op === '>' || leaf.op === 'isTrue';
}

/** Whether a metric's key or label marks it as lifetime / cumulative (only ever grows). */
export function isCumulative(text: string): boolean {
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.some((w) => MONOTONE_WORDS.has(w))) return true;
  for (let i = 0; i + 1 < words.length; i++) if (MONOTONE_PAIRS.some(([a, b]) => words[i] === a && words[i + 1] === b)) return true;
  return false;
}

const POINTS_KEY = '\u0000points';
/** Kinds where "1.5× apart" means something (not ratings or percentages on a fixed scale, booleans or dates). */
const RATIO_KINDS: ReadonlySet<string> = new Set(['currency', 'count', 'number']);

interface Threshold {
  value: number;
  dir: 'up' | 'down';
  op: string;
}

/** The thresholds a requirement imposes unconditionally (the root, or inside `all` groups): metric → the strictest. */
function thresholds(r: Requirement | null, out = new Map<string, Threshold>()): Map<string, Threshold> {
  if (!r) return out;
  if (r.type === 'all') r.items.forEach((i) => thresholds(i, out));
  else if (r.type === 'points') merge(out, POINTS_KEY, { value: r.min, dir: 'up', op: OPERATORS['>='].symbol });
  else if (r.type === 'compare' && r.value !== undefined) {
    if (r.op === '>=' || r.op === '>') merge(out, r.metric, { value: r.value, dir: 'up', op: OPERATORS[r.op].symbol });
    if (r.op === '<=' || r.op === '<') merge(out, r.metric, { value: r.value, dir: 'down', op: OPERATORS[r.op].symbol });
  }
  return out;
}

function merge(out: Map<string, Threshold>, key: string, t: Threshold): void {
  const prev = out.get(key);
  if (!prev) out.set(key, t);
  else if (prev.dir === t.dir && (t.dir === 'up' ? t.value > prev.value : t.value < prev.value)) out.set(key, t);
}
