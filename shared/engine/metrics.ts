/**
 * The metric columns a scenario reads: the dataset's own columns plus the scenario's
 * derived metrics (computed once per evaluation with `computeDerived`), each with the
 * label / kind / unit used to write reasons.
 */
import { datasetCurrency, settledUnit } from '../model/currency';
import type { ColumnarDataset } from '../model/dataset';
import { orderDerived } from '../model/formula';
import { computeDerived } from './formula-eval';
import { metricsUsed, type Scenario } from '../model/scenario';
import type { MetricKind } from '../model/workspace';
import type { EvaluationError } from './types';
import { todayTiersOf, type TodayTier } from '../model/tier-mapping';

export interface MetricInfo {
  key: string;
  label: string;
  kind: MetricKind;
  unit: string | null;
  /** null: neither the dataset nor a (working) derived metric provides it; every value is "no data" */
  column: Float64Array | null;
  derived: boolean;
}

export class MetricTable {
  private readonly infos = new Map<string, MetricInfo>();

  constructor(readonly n: number) {}

  set(info: MetricInfo): void {
    this.infos.set(info.key, info);
  }

  has(key: string): boolean {
    const info = this.infos.get(key);
    return info !== undefined && info.column !== null;
  }

  /** Never fails: a metric nobody provides reads as "no data" under its key. */
  get(key: string): MetricInfo {
    const info = this.infos.get(key);
    if (info) return info;
    const missing: MetricInfo = { key, label: key, kind: 'number', unit: null, column: null, derived: false };
    this.infos.set(key, missing);
    return missing;
  }
}

/**
 * Dataset columns, then derived metrics (only those the scenario reads, directly or through
 * another derived metric, are computed). A derived metric whose formula fails (does not
 * parse, uses an unknown metric, takes a dataset metric's key, is circular) is reported
 * once and reads as "no data"; the others are still computed: computeDerived is retried
 * without the failing definitions (those that depended on a failing one fail in turn, and
 * are reported with their own message).
 */
export function buildMetricTable(scenario: Scenario, dataset: ColumnarDataset, errors: EvaluationError[]): MetricTable {
  const n = dataset.partners.length;
  const table = new MetricTable(n);
  const base = new Map<string, Float64Array>();
  // a currency metric reads in its own currency, else the list's (shared/model/currency)
  const currency = datasetCurrency(dataset.metrics);
  dataset.metrics.forEach((m, i) => {
    const column = dataset.values[i];
    if (!column || column.length < n) return;
    base.set(m.key, column);
    table.set({ key: m.key, label: m.label, kind: m.kind, unit: settledUnit(m.kind, m.unit, currency), column, derived: false });
  });

  const derived = scenario.derivedMetrics;
  if (derived.length === 0) return table;
  const failed = new Map<string, string>();
  let defs = derived.map((d) => ({ key: d.key, formula: d.formula }));
  // when every formula is sound, compute only the derived metrics the scenario reads
  // (directly or through another derived metric); errors are always reported
  const ordered = orderDerived(defs, new Set(base.keys()));
  if (ordered.ok) {
    const refs = new Map(ordered.value.map((o) => [o.key, o.refs] as const));
    const needed = new Set<string>();
    const pending = [...metricsUsed(scenario)].filter((k) => refs.has(k));
    while (pending.length > 0) {
      const key = pending.pop()!;
      if (needed.has(key)) continue;
      needed.add(key);
      for (const r of refs.get(key) ?? []) if (refs.has(r)) pending.push(r);
    }
    defs = defs.filter((d) => needed.has(d.key));
  }
  for (let attempt = 0; attempt <= derived.length && defs.length > 0; attempt++) {
    const result = computeDerived(defs, base, n);
    if (result.ok) {
      for (const d of derived) {
        const column = result.value.get(d.key);
        if (column && !failed.has(d.key) && !base.has(d.key)) {
          table.set({ key: d.key, label: d.label, kind: d.kind, unit: settledUnit(d.kind, d.unit, currency), column, derived: true });
        }
      }
      break;
    }
    for (const e of result.error) if (!failed.has(e.key)) failed.set(e.key, e.error);
    defs = defs.filter((d) => !failed.has(d.key));
  }
  for (const d of derived) {
    const error = failed.get(d.key);
    if (error === undefined) continue;
    errors.push({
      code: 'derived-metric',
      metric: d.key,
      message: `The derived metric "${d.label}" (${d.key}) cannot be computed: ${error}. Requirements on it are not met.`,
    });
    // a derived metric that shadows a dataset metric keeps the dataset's column
    if (!base.has(d.key)) table.set({ key: d.key, label: d.label, kind: d.kind, unit: settledUnit(d.kind, d.unit, currency), column: null, derived: true });
  }
  return table;
}

// ---------------------------------------------------------------------------------------
// Partner label codes, cached per dataset

export interface PartnerCodes {
  /** distinct motions in first-seen order; motionCode[p] indexes it */
  motions: string[];
  motionCode: Int32Array;
  /** distinct current-tier labels (raw); tierCode[p] indexes it, -1: no current tier */
  tierLabels: string[];
  tierCode: Int32Array;
}

const codeCache = new WeakMap<ColumnarDataset, { partners: unknown; n: number; codes: PartnerCodes }>();

/**
 * Motions and current-tier labels as small integer codes, so per-evaluation work is a
 * typed-array lookup instead of a string lookup per partner. Cached per dataset object:
 * datasets are treated as immutable (a changed partner list is a new dataset object; the
 * cache is also refreshed when `partners` is replaced or changes length).
 */
export function partnerCodes(dataset: ColumnarDataset): PartnerCodes {
  const partners = dataset.partners;
  const n = partners.length;
  const hit = codeCache.get(dataset);
  if (hit && hit.partners === partners && hit.n === n) return hit.codes;
  const motions: string[] = [];
  const motionIndex = new Map<string, number>();
  const tierLabels: string[] = [];
  const tierIndex = new Map<string, number>();
  const motionCode = new Int32Array(n);
  const tierCode = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const partner = partners[p]!;
    let m = motionIndex.get(partner.motion);
    if (m === undefined) {
      m = motions.length;
      motions.push(partner.motion);
      motionIndex.set(partner.motion, m);
    }
    motionCode[p] = m;
    const label = partner.currentTier;
    if (label === null || label === undefined || label.trim() === '') {
      tierCode[p] = -1;
    } else {
      let t = tierIndex.get(label);
      if (t === undefined) {
        t = tierLabels.length;
        tierLabels.push(label);
        tierIndex.set(label, t);
      }
      tierCode[p] = t;
    }
  }
  const codes = { motions, motionCode, tierLabels, tierCode };
  codeCache.set(dataset, { partners, n, codes });
  return codes;
}


const todayCache = new WeakMap<PartnerCodes, TodayTier[]>();

/** The list's current-tier labels with partners per motion (spellings merged), cached per dataset's codes. */
export function todayTiersOfCodes(codes: PartnerCodes): TodayTier[] {
  const hit = todayCache.get(codes);
  if (hit) return hit;
  const L = codes.tierLabels.length;
  const M = codes.motions.length;
  const counts = new Int32Array(L * M);
  const { tierCode, motionCode } = codes;
  for (let p = 0; p < tierCode.length; p++) {
    const t = tierCode[p]!;
    if (t >= 0) counts[t * M + motionCode[p]!]!++;
  }
  const rows: { label: string; motion: string; count: number }[] = [];
  for (let t = 0; t < L; t++) for (let m = 0; m < M; m++) if (counts[t * M + m]! > 0) rows.push({ label: codes.tierLabels[t]!, motion: codes.motions[m]!, count: counts[t * M + m]! });
  const tiers = todayTiersOf(rows);
  todayCache.set(codes, tiers);
  return tiers;
}
