/**
 * The words of the design diff (design-diff.ts): how a level, a motion, a cap, a benefit's
 * cost, a policy or an assumption reads in a change's sentence. Numbers read as everywhere
 * else in the product (shared/model/format.ts): money in the list's currency, shares as
 * "10%", hours as "40 h".
 */
import { countOf, formatMetricValue, formatMoney, formatShare } from '../model/format';
import type { MetricLookup } from '../model/describe';
import { ANY_MOTION, type Benefit, type Tier } from '../model/scenario';
import { conflictName, list } from './describe';

/** "the entry level" (0), "level 2". */
export function levelWords(level: number): string {
  return level === 0 ? 'the entry level' : `level ${level}`;
}

/** A current-tier label's placement: a level, or no tier today (null). */
export function placementWords(level: number | null): string {
  return level === null ? 'no tier' : levelWords(level);
}

/** "the reseller motion", "every other motion" ('*'). */
export function motionWords(motion: string): string {
  return motion === ANY_MOTION ? 'every other motion' : `the ${motion} motion`;
}

/** "at most 10 partners, the highest by Sourced ARR"; a cap of one: "at most 1 partner, …". */
export function capWords(cap: NonNullable<Tier['cap']>, lookup: MetricLookup): string {
  return `at most ${countOf(cap.count, 'partner')}, the ${cap.direction === 'desc' ? 'highest' : 'lowest'} by ${lookup(cap.rankBy).label}`;
}

export function hoursWords(hours: number): string {
  return `${formatMetricValue('number', hours)} h`;
}

/** Grants of several benefits: "A, B and C" (every one named: the reader decides on them). */
export function namesWords(names: readonly string[]): string {
  return list([...names], names.length);
}

const CATEGORY_WORDS: Readonly<Record<Benefit['category'], string>> = {
  economics: 'economics',
  enablement: 'enablement',
  go_to_market: 'go-to-market',
  support: 'support',
};

export function categoryWords(category: Benefit['category']): string {
  return CATEGORY_WORDS[category];
}

export function conflictWords(type: string | null): string {
  return type === null ? 'none' : conflictName(type);
}

/** A benefit's cost per partner per year: "40 h, $2,000 MDF and 5 margin points"; "no cost". */
export function costWords(b: Benefit, currency: string): string {
  const parts: string[] = [];
  if (b.hours > 0) parts.push(hoursWords(b.hours));
  if (b.mdf > 0) parts.push(`${formatMoney(b.mdf, currency)} MDF`);
  if (b.fixed > 0) parts.push(`${formatMoney(b.fixed, currency)} fixed`);
  if (b.marginPoints > 0) parts.push(`${formatMetricValue('number', b.marginPoints)} margin points`);
  return parts.length === 0 ? 'no cost' : list(parts, parts.length);
}

/**
 * The cost fields of a benefit, each with how its value reads: the Benefits editor's
 * columns (hours, MDF, fixed, margin points per partner per year) and the conflict type.
 */
export function benefitFields(currency: string): { field: 'hours' | 'mdf' | 'fixed' | 'marginPoints' | 'conflictType' | 'category'; label: string; words(b: Benefit): string }[] {
  return [
    { field: 'category', label: 'category', words: (b) => categoryWords(b.category) },
    { field: 'hours', label: 'partner-manager hours per partner', words: (b) => hoursWords(b.hours) },
    { field: 'mdf', label: 'MDF per partner', words: (b) => formatMoney(b.mdf, currency) },
    { field: 'fixed', label: 'fixed cost per partner', words: (b) => formatMoney(b.fixed, currency) },
    { field: 'marginPoints', label: 'margin points', words: (b) => formatMetricValue('number', b.marginPoints) },
    { field: 'conflictType', label: 'conflict type', words: (b) => conflictWords(b.conflictType) },
  ];
}

/** A percentage the scenario stores as 0–100 (policies): "10%", as the Summary's percent cells read; null: `off`. */
export function pctWords(pct: number | null, off = 'off'): string {
  return pct === null ? off : formatShare(pct / 100);
}

export function moneyOrUnset(value: number | null, currency: string): string {
  return value === null ? 'not set' : formatMoney(value, currency);
}

export function hoursOrUnset(value: number | null): string {
  return value === null ? 'not set' : hoursWords(value);
}

export function quartersWords(q: number): string {
  return countOf(q, 'quarter');
}

export function demotionLimitWords(levels: number | null): string {
  return levels === null ? 'no limit' : `${countOf(levels, 'level')} per cycle`;
}

/** "Sourced ARR" → "Sourced ARR"; a key no metric has reads as itself. */
export function metricWords(key: string | null, lookup: MetricLookup): string {
  return key === null ? 'not set' : lookup(key).label;
}
