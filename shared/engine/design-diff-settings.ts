/**
 * The design diff (design-diff.ts) of everything around the ladders: the benefit catalog
 * and its costs, offsetting rules and which are switched on, today's-tier mapping,
 * assumptions, policies, overrides, derived metrics and the baseline flag.
 */
import { formatCount } from '../model/format';
import { METRIC_KIND_INFO } from '../model/metric-kinds';
import { tierLabelKey, type Override } from '../model/scenario';
import type { DesignDiff, DiffContext, DiffSide, Emit, OverrideEntry, OverrideMove } from './design-diff';
import {
  benefitFields,
  categoryWords,
  conflictWords,
  costWords,
  demotionLimitWords,
  hoursOrUnset,
  levelWords,
  metricWords,
  moneyOrUnset,
  namesWords,
  pctWords,
  placementWords,
  quartersWords,
} from './design-diff-text';
import { conflictName } from './describe';

/**
 * The pairs of two lists matched by `id` (a repeated id is told apart by its occurrence):
 * those in both in b's order, then those only in b, then those only in a.
 */
export function matchBy<T>(a: readonly T[], b: readonly T[], id: (t: T) => string): { both: [T, T][]; onlyB: T[]; onlyA: T[] } {
  const keyed = (list: readonly T[]) => {
    const seen = new Map<string, number>();
    return list.map((t) => {
      const k = id(t);
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      return [n === 0 ? k : `${k}#${n}`, t] as const;
    });
  };
  const inA = new Map(keyed(a));
  const keysB = keyed(b);
  const inB = new Set(keysB.map(([k]) => k));
  return {
    both: keysB.filter(([k]) => inA.has(k)).map(([k, t]) => [inA.get(k)!, t]),
    onlyB: keysB.filter(([k]) => !inA.has(k)).map(([, t]) => t),
    onlyA: [...inA].filter(([k]) => !inB.has(k)).map(([, t]) => t),
  };
}

/** How many overrides the overrides section names one by one (the diff's `overrides` holds them all). */
export const OVERRIDES_LISTED = 20;

function costChanges(ctx: DiffContext, emit: Emit): void {
  const { both, onlyA, onlyB } = matchBy(ctx.a.scenario.benefits, ctx.b.scenario.benefits, (x) => x.id);
  const fields = benefitFields(ctx.currency);
  for (const [x, y] of both) {
    const key = `benefit:${y.id}`;
    if (x.name !== y.name) emit('costs', { key: `${key}:name`, subject: y.name, text: `Benefit ${x.name} renamed ${y.name}`, from: x.name, to: y.name });
    for (const f of fields) {
      if (x[f.field] === y[f.field]) continue;
      const from = f.words(x);
      const to = f.words(y);
      emit('costs', { key: `${key}:${f.field}`, subject: y.name, text: `${y.name}: ${f.label} ${from} → ${to}`, from, to });
    }
  }
  for (const y of onlyB) {
    const conflict = y.conflictType === null ? '' : `; conflict type ${conflictWords(y.conflictType)}`;
    emit('costs', { key: `benefit:${y.id}`, subject: y.name, text: `New benefit ${y.name} (${categoryWords(y.category)}; ${costWords(y, ctx.currency)} per partner per year${conflict})`, to: y.name });
  }
  for (const x of onlyA) emit('costs', { key: `benefit:${x.id}`, subject: x.name, text: `Benefit ${x.name} removed`, from: x.name });
}

function ruleChanges(ctx: DiffContext, emit: Emit): void {
  const { a, b } = ctx;
  const { both, onlyA, onlyB } = matchBy(a.scenario.rules, b.scenario.rules, (r) => r.id);
  const on = (side: DiffSide, id: string) => (side.scenario.enabledRules.includes(id) ? 'on' : 'off');
  const covers = (types: readonly string[]) => namesWords(types.map(conflictName));
  for (const [x, y] of both) {
    const key = `rule:${y.id}`;
    if (x.name !== y.name) emit('rules', { key: `${key}:name`, subject: y.name, text: `Offsetting rule ${x.name} renamed ${y.name}`, from: x.name, to: y.name });
    const was = covers([...new Set(x.covers)].sort());
    const now = covers([...new Set(y.covers)].sort());
    if (was !== now) emit('rules', { key: `${key}:covers`, subject: y.name, text: `${y.name}: now covers ${covers(y.covers)} (covered ${covers(x.covers)})`, from: was, to: now });
    const from = on(a, x.id);
    const to = on(b, y.id);
    if (from !== to) emit('rules', { key: `${key}:on`, subject: y.name, text: `${y.name}: offsetting rule switched ${to}`, from, to });
  }
  for (const y of onlyB) {
    emit('rules', { key: `rule:${y.id}`, subject: y.name, text: `New offsetting rule ${y.name}, covering ${covers(y.covers)}, switched ${on(b, y.id)}`, to: on(b, y.id) });
  }
  for (const x of onlyA) emit('rules', { key: `rule:${x.id}`, subject: x.name, text: `Offsetting rule ${x.name} removed (was switched ${on(a, x.id)})`, from: on(a, x.id) });
}

function mappingChanges(ctx: DiffContext, emit: Emit): void {
  // a label is placed by its first entry (the engine reads no other)
  const first = <T extends { label: string }>(list: readonly T[]) => list.filter((e, i) => list.findIndex((f) => tierLabelKey(f.label) === tierLabelKey(e.label)) === i);
  const { both, onlyA, onlyB } = matchBy(first(ctx.a.scenario.tierMapping), first(ctx.b.scenario.tierMapping), (e) => tierLabelKey(e.label));
  const subject = (label: string) => `Today’s ${label}`;
  const key = (label: string) => `mapping:${tierLabelKey(label)}`;
  for (const [x, y] of both) {
    if (x.level === y.level) continue;
    const from = placementWords(x.level);
    const to = placementWords(y.level);
    emit('mapping', { key: key(y.label), subject: subject(y.label), text: `${subject(y.label)}: ${from} → ${to}`, from, to });
  }
  for (const y of onlyB) {
    const text = y.level === null ? `${subject(y.label)}: now counted as having no tier` : `${subject(y.label)}: now placed on ${levelWords(y.level)}`;
    emit('mapping', { key: key(y.label), subject: subject(y.label), text, to: placementWords(y.level) });
  }
  for (const x of onlyA) {
    emit('mapping', { key: key(x.label), subject: subject(x.label), text: `${subject(x.label)}: no longer placed (was ${placementWords(x.level)})`, from: placementWords(x.level) });
  }
}

function settingChanges(ctx: DiffContext, emit: Emit): void {
  const { a, b, currency } = ctx;
  const pa = a.scenario.policies;
  const pb = b.scenario.policies;
  const aa = a.scenario.assumptions;
  const ab = b.scenario.assumptions;
  const setting = (kind: 'assumptions' | 'policies', field: string, subject: string, from: string, to: string) => {
    if (from !== to) emit(kind, { key: `${kind}:${field}`, subject, text: `${subject}: ${from} → ${to}`, from, to });
  };
  const valueFrom = metricWords(aa.valueMetric, a.lookup);
  const valueTo = metricWords(ab.valueMetric, b.lookup);
  // the same label on another metric is still a change
  if (aa.valueMetric !== ab.valueMetric || valueFrom !== valueTo) {
    const same = valueFrom === valueTo;
    setting('assumptions', 'valueMetric', 'Value metric', same ? `${valueFrom} (${aa.valueMetric})` : valueFrom, same ? `${valueTo} (${ab.valueMetric})` : valueTo);
  }
  setting('assumptions', 'capacityHours', 'Partner-manager hours available', hoursOrUnset(aa.capacityHours), hoursOrUnset(ab.capacityHours));
  setting('assumptions', 'mdfBudget', 'MDF budget', moneyOrUnset(aa.mdfBudget, currency), moneyOrUnset(ab.mdfBudget, currency));
  setting('assumptions', 'marginBudget', 'Margin budget', moneyOrUnset(aa.marginBudget, currency), moneyOrUnset(ab.marginBudget, currency));
  setting('policies', 'grandfatherQuarters', 'Grandfathering', quartersWords(pa.grandfatherQuarters), quartersWords(pb.grandfatherQuarters));
  setting('policies', 'maxDemotionLevels', 'Demotion limit', demotionLimitWords(pa.maxDemotionLevels), demotionLimitWords(pb.maxDemotionLevels));
  setting('policies', 'warningBandPct', 'Warning band', pctWords(pa.warningBandPct), pctWords(pb.warningBandPct));
  const alert = (pct: number | null) => (pct === null ? 'off' : `above ${pctWords(pct)}`);
  setting('policies', 'inflationAlertPct', 'Tier-inflation alert', alert(pa.inflationAlertPct), alert(pb.inflationAlertPct));
}

function derivedChanges(ctx: DiffContext, emit: Emit): void {
  const { both, onlyA, onlyB } = matchBy(ctx.a.scenario.derivedMetrics, ctx.b.scenario.derivedMetrics, (d) => d.key);
  const bare = (formula: string) => formula.replace(/\s+/g, '');
  for (const [x, y] of both) {
    const key = `derived:${y.key}`;
    if (x.label !== y.label) emit('derived', { key: `${key}:label`, subject: y.label, text: `Derived metric ${x.label} renamed ${y.label}`, from: x.label, to: y.label });
    if (bare(x.formula) !== bare(y.formula)) emit('derived', { key: `${key}:formula`, subject: y.label, text: `${y.label}: formula ${x.formula.trim()} → ${y.formula.trim()}`, from: x.formula.trim(), to: y.formula.trim() });
    if (x.kind !== y.kind) {
      const from = METRIC_KIND_INFO[x.kind].noun;
      const to = METRIC_KIND_INFO[y.kind].noun;
      emit('derived', { key: `${key}:kind`, subject: y.label, text: `${y.label}: now ${to} (was ${from})`, from, to });
    }
    if (x.unit !== y.unit) emit('derived', { key: `${key}:unit`, subject: y.label, text: `${y.label}: unit ${x.unit ?? 'none'} → ${y.unit ?? 'none'}`, from: x.unit ?? 'none', to: y.unit ?? 'none' });
  }
  for (const y of onlyB) emit('derived', { key: `derived:${y.key}`, subject: y.label, text: `New derived metric ${y.label} = ${y.formula.trim()}`, to: y.formula.trim() });
  for (const x of onlyA) emit('derived', { key: `derived:${x.key}`, subject: x.label, text: `Derived metric ${x.label} removed`, from: x.formula.trim() });
}

/** Overrides by partner ID, in ID order: the last of a partner's applies (the engine's rule). */
function overridesOf(side: DiffSide): Map<string, Override> {
  const byPartner = new Map<string, Override>();
  for (const o of side.scenario.overrides) byPartner.set(o.partnerId, o);
  return byPartner;
}

const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

function overrideChanges(ctx: DiffContext, emit: Emit): DesignDiff['overrides'] {
  const { a, b } = ctx;
  const inA = overridesOf(a);
  const inB = overridesOf(b);
  const tierOf = (side: DiffSide, id: string) => side.tiers.get(id)?.subject ?? id;
  const added: OverrideEntry[] = [];
  const removed: OverrideEntry[] = [];
  const changed: OverrideMove[] = [];
  const partners = [...new Set([...inA.keys(), ...inB.keys()])].sort(byId);
  const lines: { partnerId: string; text: string; from?: string; to?: string }[] = [];
  for (const partnerId of partners) {
    const x = inA.get(partnerId);
    const y = inB.get(partnerId);
    if (x && y) {
      if (x.tierId === y.tierId) continue;
      const move = { partnerId, from: tierOf(a, x.tierId), to: tierOf(b, y.tierId), reason: y.reason };
      changed.push(move);
      lines.push({ partnerId, text: `Partner ${partnerId}: pinned to ${move.to} instead of ${move.from}`, from: move.from, to: move.to });
    } else if (y) {
      const entry = { partnerId, tier: tierOf(b, y.tierId), reason: y.reason };
      added.push(entry);
      lines.push({ partnerId, text: `Partner ${partnerId}: pinned to ${entry.tier} (${y.reason})`, to: entry.tier });
    } else if (x) {
      const entry = { partnerId, tier: tierOf(a, x.tierId), reason: x.reason };
      removed.push(entry);
      lines.push({ partnerId, text: `Partner ${partnerId}: no longer pinned to ${entry.tier}`, from: entry.tier });
    }
  }
  if (lines.length > 0) {
    const parts = [
      added.length ? `${formatCount(added.length)} added` : '',
      removed.length ? `${formatCount(removed.length)} removed` : '',
      changed.length ? `${formatCount(changed.length)} pinned to another tier` : '',
    ].filter((p) => p !== '');
    const listed = lines.length > OVERRIDES_LISTED ? `; the first ${OVERRIDES_LISTED} by partner ID follow` : '';
    const from = formatCount(inA.size);
    const to = formatCount(inB.size);
    emit('overrides', { key: 'overrides', subject: 'Overrides', text: `Overrides: ${namesWords(parts)} (${from} → ${to} in all${listed})`, from, to });
    for (const { partnerId, ...line } of lines.slice(0, OVERRIDES_LISTED)) emit('overrides', { key: `override:${partnerId}`, subject: `Partner ${partnerId}`, ...line });
  }
  return { a: inA.size, b: inB.size, added, removed, changed };
}

function baselineChange(ctx: DiffContext, emit: Emit): void {
  const { a, b } = ctx;
  if (a.scenario.baseline === b.scenario.baseline) return;
  const [marked, other] = b.scenario.baseline ? [b, a] : [a, b];
  const words = (yes: boolean) => (yes ? 'the baseline' : 'not the baseline');
  emit('baseline', {
    key: 'baseline',
    subject: 'Baseline',
    text: `${marked.scenario.name} is marked as the baseline; ${other.scenario.name} is not`,
    from: words(a.scenario.baseline),
    to: words(b.scenario.baseline),
  });
}

/** Every change besides the ladders', tiers' and requirements'; returns the overrides that differ. */
export function settingsSections(ctx: DiffContext, emit: Emit): DesignDiff['overrides'] {
  costChanges(ctx, emit);
  ruleChanges(ctx, emit);
  mappingChanges(ctx, emit);
  settingChanges(ctx, emit);
  const overrides = overrideChanges(ctx, emit);
  derivedChanges(ctx, emit);
  baselineChange(ctx, emit);
  return overrides;
}
