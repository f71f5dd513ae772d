/**
 * What changed between two designs (issue 24; DESIGN D8.7): every difference between two
 * scenarios that changes what the program is, each as a sentence a program lead reads as it
 * stands — "Gold: Lifetime sourced ARR ≥ $500,000 → ≥ $750,000", "Gold renamed Gold Plus",
 * "Warning band: off → 10%". Pure and deterministic: no clock, no I/O.
 *
 *   designDiff(a, b, metrics)   // a → b; metrics: the list's (labels, kinds, its currency)
 *
 * Ladders, tiers, benefits of the catalog, offsetting rules and derived metrics are matched by
 * id (key), today's-tier labels as the engine matches them (case and spaces ignored), overrides
 * by partner ID (the last of a partner's wins, as in the engine). Requirements are compared as
 * design-diff-requirements.ts says. Requirements read with each side's own derived metrics;
 * money reads in the list's currency.
 *
 * Every field of a Scenario is covered — ladders (name, motion, strict, tiers), tiers (name,
 * ladder and level, requirement, cap, benefits), eligibility and exitRule (as requirements),
 * tierMapping, overrides, benefits (the catalog and its costs), rules and enabledRules,
 * derivedMetrics, assumptions, policies, baseline — but these, which are not design:
 * format and version (the file's), name and description (the scenario's words), a ladder's
 * and tier's id (their identity, not a property), a tier's colour and description, an
 * offsetting rule's description, a tier-mapping entry's `match` (who placed it, not where)
 * and an override's written reason (shown in the lists, not compared).
 *
 * Each change has a `key` naming what changed (and which aspect), the same in
 * designDiff(b, a), where the change reads the other way round: `from` and `to` swap.
 */
import { datasetCurrency, withCurrencies } from '../model/currency';
import { describeRequirement, metricLookup, type MetricLookup } from '../model/describe';
import { countOf } from '../model/format';
import type { Ladder, Scenario, Tier } from '../model/scenario';
import type { MetricDef } from '../model/workspace';
import { requirementChanges, type RequirementOwner } from './design-diff-requirements';
import { matchBy, settingsSections } from './design-diff-settings';
import { capWords, levelWords, motionWords, namesWords } from './design-diff-text';

/** The parts of a design a change can be in, in the order a diff lists them. */
export const DESIGN_DIFF_KINDS = ['ladders', 'tiers', 'requirements', 'caps', 'benefits', 'costs', 'rules', 'mapping', 'assumptions', 'policies', 'overrides', 'derived', 'baseline'] as const;
export type DesignDiffKind = (typeof DESIGN_DIFF_KINDS)[number];

/** Each part's heading, as the Compare view and the workbook show it. */
export const DESIGN_DIFF_TITLES: Readonly<Record<DesignDiffKind, string>> = {
  ladders: 'Ladders',
  tiers: 'Tiers',
  requirements: 'Requirements',
  caps: 'Caps',
  benefits: 'Tier benefits',
  costs: 'Benefit costs',
  rules: 'Offsetting rules',
  mapping: 'Today’s tiers',
  assumptions: 'Assumptions',
  policies: 'Policies',
  overrides: 'Overrides',
  derived: 'Derived metrics',
  baseline: 'Baseline',
};

export interface DesignChange {
  /** what changed and which aspect of it ("tier:gold:name"), the same in the diff the other way round */
  key: string;
  /** what it is about, by its name in b (else in a): "Gold", "Resale partners", "MDF budget" */
  subject: string;
  /** the whole change, read as it stands: "Gold renamed Gold Plus" */
  text: string;
  /** how it read in a; absent for something new in b */
  from?: string;
  /** how it reads in b; absent for something b no longer has */
  to?: string;
}

export interface DesignDiffSection {
  kind: DesignDiffKind;
  title: string;
  /** never empty: a part without changes is left out */
  changes: DesignChange[];
}

/** An override only one side has: the partner, the tier it is pinned to (by name), why. */
export interface OverrideEntry {
  partnerId: string;
  tier: string;
  reason: string;
}

/** A partner pinned in both, to another tier: the tier in a, the tier in b, b's reason. */
export interface OverrideMove {
  partnerId: string;
  from: string;
  to: string;
  reason: string;
}

export interface DesignDiff {
  /** the scenarios' names: the changes are from a to b */
  a: string;
  b: string;
  /** no change at all (the two may still differ in name and description) */
  same: boolean;
  /** how many changes the sections hold */
  count: number;
  /** the parts that changed, in DESIGN_DIFF_KINDS order */
  sections: DesignDiffSection[];
  /** every override that differs (the overrides section lists the first few) */
  overrides: { a: number; b: number; added: OverrideEntry[]; removed: OverrideEntry[]; changed: OverrideMove[] };
}

/** What the diff needs of the list's metrics: their labels, kinds and units. */
export type DesignDiffMetric = Pick<MetricDef, 'key' | 'label' | 'kind' | 'unit'>;

/** A tier where a design has it. */
export interface PlacedTier {
  tier: Tier;
  ladder: Ladder;
  level: number;
  /** its name, with its ladder's when another ladder has a tier of that name */
  subject: string;
}

/** One side of the diff. */
export interface DiffSide {
  scenario: Scenario;
  lookup: MetricLookup;
  tiers: Map<string, PlacedTier>;
}

export interface DiffContext {
  a: DiffSide;
  b: DiffSide;
  /** the list's currency (an ISO code) */
  currency: string;
}

export type Emit = (kind: DesignDiffKind, change: DesignChange) => void;

function sideOf(scenario: Scenario, metrics: readonly DesignDiffMetric[], currency: string): DiffSide {
  const lookup = metricLookup(withCurrencies([...metrics, ...scenario.derivedMetrics], currency));
  const ladderCount = new Map<string, number>();
  scenario.ladders.forEach((l) => new Set(l.tiers.map((t) => t.name)).forEach((name) => ladderCount.set(name, (ladderCount.get(name) ?? 0) + 1)));
  const tiers = new Map<string, PlacedTier>();
  scenario.ladders.forEach((ladder) =>
    ladder.tiers.forEach((tier, level) => {
      const subject = (ladderCount.get(tier.name) ?? 0) > 1 ? `${tier.name} (${ladder.name})` : tier.name;
      tiers.set(tier.id, { tier, ladder, level, subject });
    }),
  );
  return { scenario, lookup, tiers };
}

/** "Resale partners, level 2" */
const position = (p: PlacedTier) => `${p.ladder.name}, ${levelWords(p.level)}`;

function ladderChanges(ctx: DiffContext, emit: Emit): void {
  const { both, onlyA, onlyB } = matchBy(ctx.a.scenario.ladders, ctx.b.scenario.ladders, (l) => l.id);
  for (const [la, lb] of both) {
    const key = `ladder:${lb.id}`;
    if (la.name !== lb.name) emit('ladders', { key: `${key}:name`, subject: lb.name, text: `Ladder ${la.name} renamed ${lb.name}`, from: la.name, to: lb.name });
    if (la.motion.trim().toLowerCase() !== lb.motion.trim().toLowerCase()) {
      emit('ladders', { key: `${key}:motion`, subject: lb.name, text: `${lb.name}: now tiers ${motionWords(lb.motion)} (was ${motionWords(la.motion)})`, from: la.motion, to: lb.motion });
    }
    if (la.strict !== lb.strict) {
      const text = lb.strict ? `${lb.name}: now strict (a partner must also meet every lower tier)` : `${lb.name}: no longer strict (a partner need not meet the lower tiers)`;
      emit('ladders', { key: `${key}:strict`, subject: lb.name, text, from: la.strict ? 'strict' : 'not strict', to: lb.strict ? 'strict' : 'not strict' });
    }
  }
  for (const l of onlyB) {
    emit('ladders', { key: `ladder:${l.id}`, subject: l.name, text: `New ladder ${l.name} for ${motionWords(l.motion)}: ${namesWords(l.tiers.map((t) => t.name))}`, to: l.name });
  }
  for (const l of onlyA) emit('ladders', { key: `ladder:${l.id}`, subject: l.name, text: `Ladder ${l.name} (${motionWords(l.motion)}) removed`, from: l.name });
}

const tierOwner = (key: string, subject: string): RequirementOwner => ({
  key,
  subject,
  added: (to) => `now requires ${to} (had no requirements)`,
  removed: (from) => `no requirements any more (was ${from})`,
  changed: (from, to) => `now requires ${to} (was ${from})`,
});

function tierChanges(ctx: DiffContext, emit: Emit): void {
  const { both, onlyA, onlyB } = matchBy([...ctx.a.tiers.values()], [...ctx.b.tiers.values()], (p) => p.tier.id);
  const benefitName = (side: DiffSide, id: string) => side.scenario.benefits.find((x) => x.id === id)?.name ?? id;
  for (const [pa, pb] of both) {
    const key = `tier:${pb.tier.id}`;
    const s = pb.subject;
    if (pa.tier.name !== pb.tier.name) emit('tiers', { key: `${key}:name`, subject: s, text: `${pa.tier.name} renamed ${pb.tier.name}`, from: pa.tier.name, to: pb.tier.name });
    if (pa.ladder.id !== pb.ladder.id || pa.level !== pb.level) {
      const text =
        pa.ladder.id === pb.ladder.id
          ? `${s}: moved from ${levelWords(pa.level)} to ${levelWords(pb.level)} of ${pb.ladder.name}`
          : `${s}: moved from ${pa.ladder.name} (${levelWords(pa.level)}) to ${pb.ladder.name} (${levelWords(pb.level)})`;
      emit('tiers', { key: `${key}:position`, subject: s, text, from: position(pa), to: position(pb) });
    }
    for (const c of requirementChanges(tierOwner(key, s), pa.tier.requirement, pb.tier.requirement, ctx.a.lookup, ctx.b.lookup)) emit('requirements', c);
    capChange(ctx, pa.tier, pb.tier, key, s, emit);
    const granted = pb.tier.benefits.filter((id) => !pa.tier.benefits.includes(id));
    const withdrawn = pa.tier.benefits.filter((id) => !pb.tier.benefits.includes(id));
    for (const id of granted) {
      const name = benefitName(ctx.b, id);
      emit('benefits', { key: `${key}:grants:${id}`, subject: s, text: `${s}: now grants ${name}`, to: name });
    }
    for (const id of withdrawn) {
      const name = benefitName(ctx.a, id);
      emit('benefits', { key: `${key}:grants:${id}`, subject: s, text: `${s}: no longer grants ${name}`, from: name });
    }
  }
  for (const p of onlyB) {
    const req = p.tier.requirement ? `requires ${describeRequirement(p.tier.requirement, ctx.b.lookup)}` : 'no requirements';
    const cap = p.tier.cap ? `; ${capWords(p.tier.cap, ctx.b.lookup)}` : '';
    emit('tiers', { key: `tier:${p.tier.id}`, subject: p.subject, text: `New tier ${p.subject} in ${p.ladder.name} at ${levelWords(p.level)}: ${req}${cap}`, to: position(p) });
    if (p.tier.benefits.length > 0) {
      const names = namesWords(p.tier.benefits.map((id) => benefitName(ctx.b, id)));
      emit('benefits', { key: `tier:${p.tier.id}:grants`, subject: p.subject, text: `New tier ${p.subject} grants ${names}`, to: names });
    }
  }
  for (const p of onlyA) {
    emit('tiers', { key: `tier:${p.tier.id}`, subject: p.subject, text: `Tier ${p.subject} removed from ${p.ladder.name} (was ${levelWords(p.level)})`, from: position(p) });
    if (p.tier.benefits.length > 0) {
      const names = namesWords(p.tier.benefits.map((id) => benefitName(ctx.a, id)));
      emit('benefits', { key: `tier:${p.tier.id}:grants`, subject: p.subject, text: `Removed tier ${p.subject} granted ${names}`, from: names });
    }
  }
}

function capChange(ctx: DiffContext, ta: Tier, tb: Tier, key: string, s: string, emit: Emit): void {
  const ca = ta.cap;
  const cb = tb.cap;
  if (ca === null && cb === null) return;
  if (ca && cb && ca.count === cb.count && ca.rankBy === cb.rankBy && ca.direction === cb.direction) return;
  const from = ca ? capWords(ca, ctx.a.lookup) : 'no cap';
  const to = cb ? capWords(cb, ctx.b.lookup) : 'no cap';
  let text: string;
  if (!ca) text = `${s}: now ${to}`;
  else if (!cb) text = `${s}: no cap any more (was ${from})`;
  else if (ca.rankBy === cb.rankBy && ca.direction === cb.direction) text = `${s}: cap ${countOf(ca.count, 'partner')} → ${countOf(cb.count, 'partner')}`;
  else text = `${s}: cap now ${to} (was ${from})`;
  emit('caps', { key: `${key}:cap`, subject: s, text, from, to });
}

function gateChanges(ctx: DiffContext, emit: Emit): void {
  const { a, b } = ctx;
  const eligibility: RequirementOwner = {
    key: 'eligibility',
    subject: 'Eligibility gate',
    added: (to) => `every tier above entry now also requires ${to} (there was no gate)`,
    removed: (from) => `none any more (was ${from})`,
    changed: (from, to) => `now requires ${to} (was ${from})`,
  };
  const exit: RequirementOwner = {
    key: 'exit',
    subject: 'Exit rule',
    added: (to) => `partners who fail ${to} are now flagged exit candidates (there was no exit rule)`,
    removed: (from) => `none any more (was ${from})`,
    changed: (from, to) => `partners who fail ${to} are flagged exit candidates (was ${from})`,
  };
  for (const c of requirementChanges(eligibility, a.scenario.eligibility, b.scenario.eligibility, a.lookup, b.lookup)) emit('requirements', c);
  for (const c of requirementChanges(exit, a.scenario.exitRule, b.scenario.exitRule, a.lookup, b.lookup)) emit('requirements', c);
}

/** What changed from design `a` to design `b`, on a list with these metrics. */
export function designDiff(a: Scenario, b: Scenario, metrics: readonly DesignDiffMetric[]): DesignDiff {
  const currency = datasetCurrency(metrics);
  const ctx: DiffContext = { a: sideOf(a, metrics, currency), b: sideOf(b, metrics, currency), currency };
  const byKind = new Map<DesignDiffKind, DesignChange[]>();
  const keys = new Map<string, number>();
  const emit: Emit = (kind, change) => {
    // a key repeated (ids a file repeats) stays unique
    const n = keys.get(change.key) ?? 0;
    keys.set(change.key, n + 1);
    const unique = n === 0 ? change : { ...change, key: `${change.key}#${n}` };
    const list = byKind.get(kind);
    if (list) list.push(unique);
    else byKind.set(kind, [unique]);
  };
  ladderChanges(ctx, emit);
  tierChanges(ctx, emit);
  gateChanges(ctx, emit);
  const overrides = settingsSections(ctx, emit);
  const sections = DESIGN_DIFF_KINDS.filter((k) => byKind.has(k)).map((kind) => ({ kind, title: DESIGN_DIFF_TITLES[kind], changes: byKind.get(kind)! }));
  const count = sections.reduce((sum, s) => sum + s.changes.length, 0);
  return { a: a.name, b: b.name, same: count === 0, count, sections, overrides };
}
