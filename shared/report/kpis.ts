/**
 * The rows of the KPI comparison (DESIGN D8.1): what each scenario's figure is, how it reads,
 * and its delta against the reference scenario. Pure, so the compare view's table,
 * presentation mode and the exported workbook's Summary sheet read the same rows.
 */
import type { ComparisonResult, DeltaKey, ScenarioKpis, LadderInfo } from '../engine';
import { currencyWord, DEFAULT_CURRENCY } from '../model/currency';
import { formatDelta, formatMetricValue, formatMoney } from '../model/format';

/** What the rows need of each compared scenario besides its KPIs: its ladders (tier colours). */
export interface ComparedLadders {
  ladders: readonly LadderInfo[];
}
type ComparedScenario = ComparedLadders;

export type KpiKind = 'count' | 'percent' | 'currency' | 'hours';

export interface KpiCell {
  /** the figure (null: does not apply to this scenario) */
  value: number | null;
  text: string;
  /** e.g. "82% of capacity" */
  note: string | null;
  /** against the reference scenario; null for the reference itself or where it has no such figure */
  delta: number | null;
  deltaText: string | null;
  /** over capacity or budget, alerts … worth the eye */
  warn: boolean;
}

/**
 * Which way a figure is better for the program: 'higher' (coverage), 'lower' (cost, what is
 * left uncovered, downgrades to hold, alerts) or null — neither, a matter of design (partners
 * per tier, the top tier's share, promotions, near misses).
 */
export type Better = 'higher' | 'lower' | null;

/** A change that is good or bad for the program. */
export type Tone = 'good' | 'bad';

/** Whether a delta is good or bad for the program given its row's `better`; null when neutral or no change. */
export function deltaTone(better: Better, delta: number | null): Tone | null {
  if (better === null || delta === null || delta === 0 || !Number.isFinite(delta)) return null;
  return (delta > 0) === (better === 'higher') ? 'good' : 'bad';
}

export interface KpiRow {
  id: string;
  group: string;
  label: string;
  /** how the figures read (and, in the workbook, their number format) */
  kind: KpiKind;
  /** which way the figure is better for the program (colours the deltas) */
  better: Better;
  /** a tier's colour, for the per-tier rows */
  color?: string;
  help?: string;
  cells: KpiCell[];
}

type Scenario = ComparisonResult['scenarios'][number];

function show(kind: KpiKind, value: number | null, currency: string): string {
  if (value === null) return '—';
  if (kind === 'hours') return `${formatMetricValue('count', value)} h`;
  if (kind === 'currency') return formatMoney(value, currency);
  return formatMetricValue(kind, value);
}

function deltaText(kind: KpiKind, delta: number | null, currency: string): string | null {
  if (delta === null) return null;
  const text = formatDelta(kind === 'hours' ? 'count' : kind, delta, currency);
  return kind === 'hours' && text !== '±0' ? `${text} h` : text;
}

/** "82% of capacity", "over budget: 112%", or null when no capacity or budget is set. */
function usage(utilisation: number | null, of: string): string | null {
  if (utilisation === null) return null;
  if (!Number.isFinite(utilisation)) return `${of} is 0`;
  return `${formatMetricValue('percent', utilisation)} of ${of}`;
}

interface Spec {
  id: string;
  group: string;
  /** the label, in the list's currency for money ("Margin (discount) dollars") */
  label: string | ((currency: string) => string);
  kind: KpiKind;
  /** which way is better for the program; left out: neither */
  better?: 'higher' | 'lower';
  value: (k: ScenarioKpis, s: ComparedScenario) => number | null;
  deltaKey?: DeltaKey;
  note?: (k: ScenarioKpis, s: ComparedScenario) => string | null;
  warn?: (k: ScenarioKpis, s: ComparedScenario) => boolean;
  help?: string;
}

const over = (u: number | null) => u !== null && u > 1;

const SPECS: Spec[] = [
  { id: 'topTierShare', group: 'Tiers', label: 'Top-tier share of partners', kind: 'percent', value: (k) => k.topTierShare, deltaKey: 'topTierShare' },
  {
    id: 'topTierValueShare',
    group: 'Tiers',
    label: 'Top-tier share of value',
    kind: 'percent',
    value: (k) => k.topTierValueShare,
    deltaKey: 'topTierValueShare',
    help: 'The share of the value metric held by partners in the top tier of their ladder.',
  },
  {
    id: 'hours',
    better: 'lower',
    group: 'Resources',
    label: 'Team hours',
    kind: 'hours',
    value: (k) => k.hours,
    deltaKey: 'hours',
    note: (k) => usage(k.hoursUtilisation, 'capacity'),
    warn: (k) => over(k.hoursUtilisation),
  },
  { id: 'mdf', group: 'Resources', label: 'MDF', kind: 'currency', better: 'lower', value: (k) => k.mdf, deltaKey: 'mdf', note: (k) => usage(k.mdfUtilisation, 'MDF budget'), warn: (k) => over(k.mdfUtilisation) },
  { id: 'fixed', group: 'Resources', label: 'Fixed benefit cost', kind: 'currency', better: 'lower', value: (k) => k.fixed, deltaKey: 'fixed' },
  {
    id: 'margin',
    better: 'lower',
    group: 'Resources',
    label: (currency) => `Margin (discount) ${currencyWord(currency)}`,
    kind: 'currency',
    value: (k) => k.margin,
    deltaKey: 'margin',
    note: (k) => usage(k.marginUtilisation, 'margin budget'),
    warn: (k) => over(k.marginUtilisation),
  },
  { id: 'pairCoverage', group: 'Conflict coverage', label: 'Conflict-prone benefits covered', kind: 'percent', better: 'higher', value: (k) => k.pairCoverage, deltaKey: 'pairCoverage', help: 'Tier × benefit pairs whose conflict has an offsetting rule.' },
  { id: 'grantCoverage', group: 'Conflict coverage', label: 'Grants covered', kind: 'percent', better: 'higher', value: (k) => k.grantCoverage, deltaKey: 'grantCoverage', help: 'Each partner receiving a conflict-prone benefit is one grant.' },
  { id: 'uncoveredPairs', group: 'Conflict coverage', label: 'Uncovered pairs', kind: 'count', better: 'lower', value: (k) => k.uncoveredPairs, deltaKey: 'uncoveredPairs', warn: (k) => k.uncoveredPairs > 0 },
  { id: 'promoted', group: 'Movement', label: 'Promoted', kind: 'count', value: (k) => k.promoted, deltaKey: 'promoted' },
  { id: 'demoted', group: 'Movement', label: 'Demoted', kind: 'count', better: 'lower', value: (k) => k.demoted, deltaKey: 'demoted' },
  { id: 'lostTier', group: 'Movement', label: 'Lose their tier', kind: 'count', better: 'lower', value: (k) => k.lostTier, deltaKey: 'lostTier' },
  { id: 'newlyTiered', group: 'Movement', label: 'Newly tiered', kind: 'count', value: (k) => k.newlyTiered, deltaKey: 'newlyTiered' },
  {
    id: 'downgrades',
    better: 'lower',
    group: 'Movement',
    label: 'Downgrade conversations',
    kind: 'count',
    value: (k) => k.downgrades,
    deltaKey: 'downgrades',
    help: 'Demoted plus losing their tier; the rollout policies split them into warned, limited, grandfathered and demoted now.',
  },
  { id: 'exitCandidates', group: 'Movement', label: 'Exit candidates', kind: 'count', value: (k) => k.exitCandidates, deltaKey: 'exitCandidates' },
  { id: 'nearMiss10', group: 'Movement', label: 'Within 10% of the next tier', kind: 'count', value: (k) => k.nearMiss10, deltaKey: 'nearMiss10' },
  {
    id: 'warned',
    group: 'Rollout after policies',
    label: 'Warned, not demoted',
    kind: 'count',
    value: (k) => k.warned ?? null,
    deltaKey: 'warned',
    help: 'Within the warning band of every requirement of their current tier (one only within, none failed outright), and room in it: they keep it this cycle.',
  },
  { id: 'limited', group: 'Rollout after policies', label: 'Demotion limited', kind: 'count', value: (k) => k.limited ?? null, deltaKey: 'limited', help: 'Placed fewer levels down by the demotion limit (and not grandfathered).' },
  {
    id: 'grandfathered',
    group: 'Rollout after policies',
    label: 'Grandfathered',
    kind: 'count',
    value: (k) => k.grandfathered ?? null,
    deltaKey: 'grandfathered',
    help: 'Placed on their new tier, keeping their old tier’s benefits for the grace period (limited ones included).',
  },
  {
    id: 'demotedNow',
    better: 'lower',
    group: 'Rollout after policies',
    label: 'Demoted now',
    kind: 'count',
    value: (k) => k.demotedNow ?? null,
    deltaKey: 'demotedNow',
    help: 'Demotions no policy softens. Warned + limited + grandfathered + demoted now = the downgrade conversations.',
  },
  { id: 'graceHours', group: 'Rollout after policies', label: 'Grace period: team hours', kind: 'hours', better: 'lower', value: (k) => k.graceHours ?? null, deltaKey: 'graceHours', help: 'What the old tiers’ benefits cost above the new ones, for the grace period.' },
  { id: 'graceMoney', group: 'Rollout after policies', label: 'Grace period: MDF, fixed and margin', kind: 'currency', better: 'lower', value: (k) => k.graceMoney ?? null, deltaKey: 'graceMoney', help: 'What the old tiers’ benefits cost above the new ones, for the grace period.' },
  { id: 'alerts', group: 'Health', label: 'Alerts', kind: 'count', better: 'lower', value: (k) => k.alerts, deltaKey: 'alerts', warn: (k) => k.alerts > 0 },
  { id: 'reviewFindings', group: 'Health', label: 'Design review findings', kind: 'count', better: 'lower', value: (k) => k.reviewFindings, deltaKey: 'reviewFindings', warn: (k) => k.reviewFindings > 0 },
];

function cell(kind: KpiKind, value: number | null, delta: number | null, note: string | null = null, warn = false, currency: string = DEFAULT_CURRENCY): KpiCell {
  return { value, text: show(kind, value, currency), note, delta, deltaText: deltaText(kind, delta, currency), warn };
}

/** The per-tier rows: one per tier name across the scenarios (lowest tiers first, untiered last). */
function tierRows(scenarios: readonly Scenario[], extras: readonly ComparedScenario[], reference: number): KpiRow[] {
  const order: { name: string; level: number; color: string }[] = [];
  scenarios.forEach((k, i) => {
    for (const t of k.perTier) {
      if (t.tier === null || order.some((o) => o.name === t.tier)) continue;
      const color = extras[i]?.ladders.find((l) => l.id === t.ladderId)?.tiers.find((x) => x.id === t.tierId)?.color ?? '#94a3b8';
      order.push({ name: t.tier, level: t.level, color });
    }
  });
  order.sort((a, b) => a.level - b.level);
  const countOf = (k: Scenario, name: string | null): number | null => {
    const rows = k.perTier.filter((t) => t.tier === name);
    return rows.length === 0 ? null : rows.reduce((sum, t) => sum + t.count, 0);
  };
  const row = (id: string, label: string, name: string | null, color?: string): KpiRow => {
    const base = countOf(scenarios[reference]!, name);
    return {
      id,
      group: 'Tiers',
      label,
      kind: 'count',
      better: null,
      ...(color ? { color } : {}),
      cells: scenarios.map((k, i) => {
        const value = countOf(k, name);
        const share = value === null || k.partners === 0 ? null : `${formatMetricValue('percent', value / k.partners)} of partners`;
        return cell('count', value, i === reference || value === null || base === null ? null : value - base, share);
      }),
    };
  };
  return [...order.map((o) => row(`tier:${o.name}`, o.name, o.name, o.color)), row('tier:untiered', 'Untiered', null, '#b8c0cc')];
}

/** Every row of the table, the reference scenario's cells without deltas. */
export function kpiRows(comparison: ComparisonResult, extras: readonly ComparedScenario[]): KpiRow[] {
  const scenarios = comparison.scenarios;
  const reference = referenceIndex(comparison);
  // the compared scenarios share a list, so its currency
  const currency = scenarios[reference]?.currency ?? DEFAULT_CURRENCY;
  const tiered: KpiRow = {
    id: 'tiered',
    group: 'Tiers',
    label: 'Partners in a tier',
    kind: 'count',
    better: null,
    cells: scenarios.map((k, i) => cell('count', k.tiered, i === reference ? null : (k.delta?.tiered ?? k.tiered - scenarios[reference]!.tiered), `of ${formatMetricValue('count', k.partners)}`)),
  };
  const rest = SPECS.map(
    (spec): KpiRow => ({
      id: spec.id,
      group: spec.group,
      label: typeof spec.label === 'string' ? spec.label : spec.label(currency),
      kind: spec.kind,
      better: spec.better ?? null,
      ...(spec.help ? { help: spec.help } : {}),
      cells: scenarios.map((k, i) => {
        const s = extras[i]!;
        const value = spec.value(k, s);
        const base = spec.value(scenarios[reference]!, extras[reference]!);
        const delta = i === reference || value === null || base === null ? null : spec.deltaKey && k.delta ? k.delta[spec.deltaKey]! : value - base;
        return cell(spec.kind, value, delta, spec.note?.(k, s) ?? null, spec.warn?.(k, s) ?? false, k.currency);
      }),
    }),
  );
  return [tiered, ...tierRows(scenarios, extras, reference), ...rest];
}

/** The index of the scenario the deltas are against. */
export function referenceIndex(comparison: ComparisonResult): number {
  return Math.max(0, comparison.scenarios.findIndex((k) => k.name === comparison.baseline));
}
