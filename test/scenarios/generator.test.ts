import { describe, it, expect, vi, afterEach } from 'vitest';
import {
  generatePartners,
  generateSnapshots,
  SAMPLE_METRICS,
  SAMPLE_SEED,
  SAMPLE_SIZE,
  MOTIONS,
  REGIONS,
  SEGMENTS,
  METAL_TIERS,
  type GeneratedDataset,
} from '../../scenarios/generator';
import { dateToDays } from '../../shared/model/dataset';
import { METRIC_KINDS, MetricDefSchema, type MetricKind } from '../../shared/model/workspace';

// Generated once and shared: the generator is pure, so tests only read these.
const sample = generatePartners({ seed: SAMPLE_SEED, count: SAMPLE_SIZE });
const tenK = generatePartners({ seed: 7, count: 10_000 });

function column(ds: GeneratedDataset, key: string): Float64Array {
  const index = ds.metrics.findIndex((m) => m.key === key);
  const col = ds.values[index];
  if (index < 0 || !col) throw new Error(`no metric ${key}`);
  return col;
}

function present(values: ArrayLike<number>): number[] {
  return Array.from(values).filter((v) => !Number.isNaN(v));
}

function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function nanShare(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) n++;
  return n / values.length;
}

/** Spearman rank correlation over pairs where both values are present. */
function spearman(xs: ArrayLike<number>, ys: ArrayLike<number>, keep: (i: number) => boolean): number {
  const pairs: [number, number][] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? Number.NaN;
    const y = ys[i] ?? Number.NaN;
    if (keep(i) && !Number.isNaN(x) && !Number.isNaN(y)) pairs.push([x, y]);
  }
  const rank = (vals: number[]): number[] => {
    const order = vals.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const ranks = new Array<number>(vals.length).fill(0);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
      for (let k = i; k <= j; k++) ranks[order[k]?.[1] ?? 0] = (i + j) / 2;
      i = j + 1;
    }
    return ranks;
  };
  const rx = rank(pairs.map((p) => p[0]));
  const ry = rank(pairs.map((p) => p[1]));
  const mean = (rx.length - 1) / 2;
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    const a = (rx[i] ?? 0) - mean;
    const b = (ry[i] ?? 0) - mean;
    num += a * b;
    dx += a * a;
    dy += b * b;
  }
  return num / Math.sqrt(dx * dy);
}

function tierMedians(ds: GeneratedDataset, key = 'sourced_arr'): Record<string, number> {
  const col = column(ds, key);
  const byTier: Record<string, number[]> = {};
  ds.partners.forEach((p, i) => {
    if (p.currentTier === null) return;
    (byTier[p.currentTier] ??= []).push(col[i] ?? Number.NaN);
  });
  return Object.fromEntries(Object.entries(byTier).map(([tier, values]) => [tier, median(values)]));
}

describe('generatePartners: determinism', () => {
  it('gives identical output for the same seed and count', () => {
    const again = generatePartners({ seed: SAMPLE_SEED, count: SAMPLE_SIZE });
    expect(again).toStrictEqual(sample);
    // byte for byte, NaN payloads included
    again.values.forEach((col, m) => {
      const original = sample.values[m];
      expect(original).toBeDefined();
      expect(new Uint8Array(col.buffer)).toEqual(new Uint8Array((original ?? col).buffer));
    });
  });

  it('differs for a different seed', () => {
    const other = generatePartners({ seed: SAMPLE_SEED + 1, count: SAMPLE_SIZE });
    expect(other).not.toStrictEqual(sample);
    expect(other.partners.map((p) => p.name)).not.toEqual(sample.partners.map((p) => p.name));
    expect(Array.from(column(other, 'sourced_arr'))).not.toEqual(Array.from(column(sample, 'sourced_arr')));
  });

  it('uses no Math.random and no clock', () => {
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    const now = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    expect(() => generateSnapshots({ seed: 3, count: 500, years: 2 })).not.toThrow();
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });
});

describe('generatePartners: shape', () => {
  it('labels the dataset from its as-of date', () => {
    expect(sample.asOf).toBe('2026-06-30');
    expect(sample.label).toBe('FY2026');
    const other = generatePartners({ seed: 1, count: 20, asOf: '2025-12-31' });
    expect(other.asOf).toBe('2025-12-31');
    expect(other.label).toBe('FY2025');
  });

  it('has unique ids and, at sample size, unique names', () => {
    const ids = sample.partners.map((p) => p.id);
    expect(new Set(ids).size).toBe(SAMPLE_SIZE);
    expect(ids[0]).toBe('P000001');
    for (const id of ids) expect(id).toMatch(/^P\d{6}$/);
    expect(new Set(sample.partners.map((p) => p.name)).size).toBe(SAMPLE_SIZE);
    expect(new Set(tenK.partners.map((p) => p.name)).size).toBe(10_000);
    expect(new Set(tenK.partners.map((p) => p.id)).size).toBe(10_000);
  });

  it('has one value per partner in every column, columns matching SAMPLE_METRICS', () => {
    for (const ds of [sample, tenK]) {
      expect(ds.metrics).toEqual(SAMPLE_METRICS);
      expect(ds.values).toHaveLength(SAMPLE_METRICS.length);
      for (const col of ds.values) {
        expect(col).toBeInstanceOf(Float64Array);
        expect(col).toHaveLength(ds.partners.length);
      }
    }
  });

  it('defines valid, lower_snake_case metrics with the expected kinds', () => {
    const expected: Record<string, MetricKind> = {
      sourced_arr: 'currency',
      sourced_arr_py: 'currency',
      lifetime_arr: 'currency',
      active_sellers: 'count',
      certified_consultants: 'count',
      vertical_certifications: 'count',
      implementations: 'count',
      csat: 'percent',
      reference_customers: 'count',
      published_methodology: 'boolean',
      mutual_customers: 'count',
      app_installs: 'count',
      app_rating: 'rating',
      app_reviews: 'count',
      api_active_days: 'count',
      dedicated_practice: 'boolean',
      co_built_solution: 'boolean',
      alliance_manager: 'boolean',
      signed_cosell: 'boolean',
      ipp_fit: 'number',
      joined_on: 'date',
    };
    const keys = SAMPLE_METRICS.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of SAMPLE_METRICS) {
      expect(MetricDefSchema.safeParse(m).success).toBe(true);
      expect(m.key).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(METRIC_KINDS).toContain(m.kind);
    }
    for (const [key, kind] of Object.entries(expected)) {
      expect(SAMPLE_METRICS.find((m) => m.key === key)?.kind, key).toBe(kind);
    }
    for (const m of SAMPLE_METRICS.filter((d) => d.kind === 'currency')) expect(m.unit).toBe('USD');
  });

  it('fills identity fields from the documented vocabularies', () => {
    const odd = tenK.partners.filter(
      (p) =>
        !(MOTIONS as readonly string[]).includes(p.motion) ||
        !(REGIONS as readonly (string | null)[]).includes(p.region) ||
        !(SEGMENTS as readonly (string | null)[]).includes(p.segment) ||
        (p.currentTier !== null && !(METAL_TIERS as readonly string[]).includes(p.currentTier)) ||
        typeof p.owner !== 'string' ||
        p.owner.length === 0 ||
        p.name.length === 0,
    );
    expect(odd).toEqual([]);
    // bigger partners lean to Enterprise
    const arr = column(tenK, 'sourced_arr');
    const medianBySegment = Object.fromEntries(
      SEGMENTS.map((segment) => [segment, median(tenK.partners.flatMap((p, i) => (p.segment === segment ? [arr[i] ?? Number.NaN] : [])))]),
    );
    expect(medianBySegment.Enterprise).toBeGreaterThan(medianBySegment['Mid-Market'] ?? Number.POSITIVE_INFINITY);
    expect(medianBySegment['Mid-Market']).toBeGreaterThan(medianBySegment.SMB ?? Number.POSITIVE_INFINITY);
  });

  it('has about one partner manager per 40 partners, at least 3', () => {
    expect(new Set(tenK.partners.map((p) => p.owner)).size).toBe(250);
    expect(new Set(sample.partners.map((p) => p.owner)).size).toBeGreaterThanOrEqual(6);
    const tiny = generatePartners({ seed: 9, count: 12 });
    expect(new Set(tiny.partners.map((p) => p.owner)).size).toBeGreaterThanOrEqual(2);
    expect(tiny.partners).toHaveLength(12);
  });

  it('splits motions about 50 / 30 / 20', () => {
    const n = tenK.partners.length;
    const share = (motion: string): number => tenK.partners.filter((p) => p.motion === motion).length / n;
    expect(share('reseller')).toBeCloseTo(0.5, 1);
    expect(Math.abs(share('reseller') - 0.5)).toBeLessThan(0.025);
    expect(Math.abs(share('services') - 0.3)).toBeLessThan(0.025);
    expect(Math.abs(share('technology') - 0.2)).toBeLessThan(0.025);
  });

  it('rejects invalid options', () => {
    expect(() => generatePartners({ seed: 1, count: 0 })).toThrow(RangeError);
    expect(() => generatePartners({ seed: 1, count: 2_000_001 })).toThrow(RangeError);
    expect(() => generatePartners({ seed: 1, count: 1.5 })).toThrow(RangeError);
    expect(() => generatePartners({ seed: Number.NaN, count: 10 })).toThrow(RangeError);
    expect(() => generatePartners({ seed: 1, count: 10, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => generatePartners({ seed: 1, count: 10, asOf: '30/06/2026' })).toThrow(RangeError);
    expect(() => generateSnapshots({ seed: 1, count: 10, years: 0 })).toThrow(RangeError);
  });
});

describe('generatePartners: value distribution', () => {
  it('concentrates value: the top 5 % of partners hold 70–90 % of sourced ARR', () => {
    const arr = present(column(sample, 'sourced_arr')).sort((a, b) => b - a);
    const total = arr.reduce((s, v) => s + v, 0);
    const top = arr.slice(0, Math.round(SAMPLE_SIZE * 0.05)).reduce((s, v) => s + v, 0);
    expect(top / total).toBeGreaterThanOrEqual(0.7);
    expect(top / total).toBeLessThanOrEqual(0.9);
  });

  it('keeps the same heavy tail at 10K', () => {
    const arr = present(column(tenK, 'sourced_arr')).sort((a, b) => b - a);
    const total = arr.reduce((s, v) => s + v, 0);
    const top = arr.slice(0, 500).reduce((s, v) => s + v, 0);
    expect(top / total).toBeGreaterThan(0.65);
    expect(top / total).toBeLessThan(0.92);
  });

  it('correlates current tiers with value: median ARR Platinum > Gold > Silver > Bronze', () => {
    for (const ds of [sample, tenK]) {
      const m = tierMedians(ds);
      expect(m.Platinum).toBeGreaterThan(m.Gold ?? Number.POSITIVE_INFINITY);
      expect(m.Gold).toBeGreaterThan(m.Silver ?? Number.POSITIVE_INFINITY);
      expect(m.Silver).toBeGreaterThan(m.Bronze ?? Number.POSITIVE_INFINITY);
    }
  });

  it('leaves about 5 % of partners untiered and keeps Platinum rare', () => {
    const n = tenK.partners.length;
    const untiered = tenK.partners.filter((p) => p.currentTier === null).length / n;
    const platinum = tenK.partners.filter((p) => p.currentTier === 'Platinum').length / n;
    expect(untiered).toBeGreaterThan(0.03);
    expect(untiered).toBeLessThan(0.08);
    expect(platinum).toBeGreaterThan(0.02);
    expect(platinum).toBeLessThan(0.1);
  });

  it('grows capability metrics with ARR for resellers and services', () => {
    const arr = column(tenK, 'sourced_arr');
    const isMotion = (motion: string) => (i: number) => tenK.partners[i]?.motion === motion;
    expect(spearman(arr, column(tenK, 'active_sellers'), isMotion('reseller'))).toBeGreaterThan(0.5);
    expect(spearman(arr, column(tenK, 'vertical_certifications'), isMotion('reseller'))).toBeGreaterThan(0.2);
    expect(spearman(arr, column(tenK, 'implementations'), isMotion('services'))).toBeGreaterThan(0.4);
    expect(spearman(arr, column(tenK, 'certified_consultants'), isMotion('services'))).toBeGreaterThan(0.4);
    expect(spearman(arr, column(tenK, 'mutual_customers'), isMotion('technology'))).toBeGreaterThan(0.5);
    expect(spearman(column(tenK, 'app_installs'), column(tenK, 'app_reviews'), isMotion('technology'))).toBeGreaterThan(0.6);
  });

  it('fills each motion’s own metrics and leaves the others mostly empty', () => {
    const byMotion = (motion: string, key: string): number[] => {
      const col = column(tenK, key);
      return present(tenK.partners.flatMap((p, i) => (p.motion === motion ? [col[i] ?? Number.NaN] : [])));
    };
    const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
    const nonZero = (xs: number[]): number => xs.filter((v) => v !== 0).length / xs.length;
    // technology: mutual customers and marketplace signals
    expect(nonZero(byMotion('technology', 'mutual_customers'))).toBeGreaterThan(0.7);
    expect(nonZero(byMotion('technology', 'app_installs'))).toBeGreaterThan(0.7);
    expect(nonZero(byMotion('technology', 'api_active_days'))).toBeGreaterThan(0.7);
    expect(byMotion('technology', 'app_rating').length).toBeGreaterThan(0.7 * tenK.partners.filter((p) => p.motion === 'technology').length);
    expect(nonZero(byMotion('reseller', 'app_installs'))).toBe(0);
    expect(byMotion('reseller', 'app_rating')).toHaveLength(0);
    expect(nonZero(byMotion('reseller', 'mutual_customers'))).toBeLessThan(0.2);
    // services: consultants, implementations, references
    expect(median(byMotion('services', 'implementations'))).toBeGreaterThan(median(byMotion('reseller', 'implementations')));
    expect(mean(byMotion('services', 'certified_consultants'))).toBeGreaterThan(2 * mean(byMotion('reseller', 'certified_consultants')));
    expect(nonZero(byMotion('services', 'reference_customers'))).toBeGreaterThan(nonZero(byMotion('reseller', 'reference_customers')));
    expect(nonZero(byMotion('technology', 'implementations'))).toBeLessThan(0.5);
    // resellers: sellers
    expect(mean(byMotion('reseller', 'active_sellers'))).toBeGreaterThan(2 * mean(byMotion('services', 'active_sellers')));
    expect(nonZero(byMotion('technology', 'active_sellers'))).toBe(0);
  });
});

describe('generatePartners: value domains and missing data', () => {
  it('has NaN ("no data") in every dataset, but rarely', () => {
    for (const ds of [sample, tenK]) {
      let missing = 0;
      for (const col of ds.values) missing += nanShare(col) * col.length;
      const share = missing / (ds.values.length * ds.partners.length);
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.08);
    }
    for (const m of SAMPLE_METRICS) {
      const share = nanShare(column(tenK, m.key));
      if (m.key === 'app_rating') continue; // no app, no rating
      expect(share, m.key).toBeGreaterThan(0);
      expect(share, m.key).toBeLessThan(m.key === 'csat' ? 0.12 : 0.04);
    }
  });

  it('misses CSAT more often for partners without implementations', () => {
    const csat = column(tenK, 'csat');
    const impl = column(tenK, 'implementations');
    const none: number[] = [];
    const some: number[] = [];
    for (let i = 0; i < csat.length; i++) (impl[i] === 0 ? none : some).push(csat[i] ?? Number.NaN);
    expect(nanShare(none)).toBeGreaterThan(0.06);
    expect(nanShare(none)).toBeLessThan(0.15);
    expect(nanShare(none)).toBeGreaterThan(2 * nanShare(some));
  });

  it('keeps every value in its kind’s domain', () => {
    const asOfDays = dateToDays(tenK.asOf);
    const valid: Record<MetricKind, (v: number) => boolean> = {
      boolean: (v) => v === 0 || v === 1,
      count: (v) => Number.isInteger(v) && v >= 0,
      currency: (v) => Number.isInteger(v) && v >= 0,
      percent: (v) => v >= 0 && v <= 1,
      rating: (v) => v >= 1 && v <= 5,
      date: (v) => Number.isInteger(v) && v <= asOfDays && v > asOfDays - 366 * 16,
      number: (v) => v >= 0 && v <= 100,
    };
    for (const ds of [sample, tenK]) {
      for (const m of SAMPLE_METRICS) {
        const bad = present(column(ds, m.key)).filter((v) => !valid[m.kind](v));
        expect(bad, m.key).toEqual([]);
      }
    }
    expect(present(column(tenK, 'api_active_days')).every((v) => v <= 366)).toBe(true);
    expect(present(column(tenK, 'ipp_fit')).every((v) => Number.isInteger(v))).toBe(true);
  });

  it('keeps lifetime ARR at least this year plus last year', () => {
    const cy = column(tenK, 'sourced_arr');
    const py = column(tenK, 'sourced_arr_py');
    const life = column(tenK, 'lifetime_arr');
    for (let i = 0; i < life.length; i++) {
      const [c, p, l] = [cy[i] ?? Number.NaN, py[i] ?? Number.NaN, life[i] ?? Number.NaN];
      if (Number.isNaN(c) || Number.isNaN(p) || Number.isNaN(l)) continue;
      expect(l).toBeGreaterThanOrEqual(c + p);
    }
  });
});

describe('generatePartners: scale', () => {
  it('builds a 100K-partner set with unique ids (names may repeat)', () => {
    const big = generatePartners({ seed: 11, count: 100_000 });
    expect(big.partners).toHaveLength(100_000);
    expect(new Set(big.partners.map((p) => p.id)).size).toBe(100_000);
    for (const col of big.values) expect(col).toHaveLength(100_000);
    expect(big.partners[99_999]?.id).toBe('P100000');
  });
});

describe('generateSnapshots', () => {
  const snaps = generateSnapshots({ seed: SAMPLE_SEED, count: SAMPLE_SIZE, years: 3 });

  it('returns the requested years, oldest first, one year apart', () => {
    expect(snaps.map((s) => s.asOf)).toEqual(['2024-06-30', '2025-06-30', '2026-06-30']);
    expect(snaps.map((s) => s.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    for (let y = 1; y < snaps.length; y++) {
      const gap = dateToDays(snaps[y]?.asOf ?? '') - dateToDays(snaps[y - 1]?.asOf ?? '');
      expect([365, 366]).toContain(gap);
    }
    const two = generateSnapshots({ seed: 5, count: 50, years: 2, asOf: '2024-02-29' });
    expect(two.map((s) => s.asOf)).toEqual(['2023-02-28', '2024-02-29']);
  });

  it('lists the same partners (ids, names, motions) every year', () => {
    const identity = (ds: GeneratedDataset) => ds.partners.map((p) => [p.id, p.name, p.motion, p.region, p.segment, p.owner]);
    for (const s of snaps) {
      expect(identity(s)).toEqual(identity(sample));
      for (const col of s.values) expect(col).toHaveLength(SAMPLE_SIZE);
    }
  });

  it('ends on the same dataset generatePartners gives', () => {
    expect(snaps[2]).toStrictEqual(sample);
    const two = generateSnapshots({ seed: SAMPLE_SEED, count: SAMPLE_SIZE, years: 2 });
    expect(two[0]).toStrictEqual(snaps[1]);
  });

  it('chains the years: last year’s ARR is this year’s prior-year ARR, lifetime only grows', () => {
    for (let y = 1; y < snaps.length; y++) {
      const prev = snaps[y - 1];
      const cur = snaps[y];
      if (!prev || !cur) throw new Error('missing snapshot');
      const py = column(cur, 'sourced_arr_py');
      const lastCy = column(prev, 'sourced_arr');
      const life = column(cur, 'lifetime_arr');
      const lastLife = column(prev, 'lifetime_arr');
      const impl = column(cur, 'implementations');
      const lastImpl = column(prev, 'implementations');
      let compared = 0;
      for (let i = 0; i < SAMPLE_SIZE; i++) {
        if (!Number.isNaN(py[i] ?? Number.NaN) && !Number.isNaN(lastCy[i] ?? Number.NaN)) {
          expect(py[i]).toBe(lastCy[i]);
          compared++;
        }
        if (!Number.isNaN(life[i] ?? Number.NaN) && !Number.isNaN(lastLife[i] ?? Number.NaN)) expect(life[i]).toBeGreaterThanOrEqual(lastLife[i] ?? 0);
        if (!Number.isNaN(impl[i] ?? Number.NaN) && !Number.isNaN(lastImpl[i] ?? Number.NaN)) expect(impl[i]).toBeGreaterThanOrEqual(lastImpl[i] ?? 0);
      }
      expect(compared).toBeGreaterThan(0.9 * SAMPLE_SIZE);
    }
  });

  it('grows overall, with a few partners going quiet and a few joining', () => {
    const total = (ds: GeneratedDataset) => present(column(ds, 'sourced_arr')).reduce((s, v) => s + v, 0);
    const [oldest, middle, newest] = snaps;
    if (!oldest || !middle || !newest) throw new Error('missing snapshot');
    expect(total(newest)).toBeGreaterThan(total(oldest));

    const before = column(oldest, 'sourced_arr');
    const after = column(newest, 'sourced_arr');
    let quiet = 0;
    for (let i = 0; i < SAMPLE_SIZE; i++) {
      const b = before[i] ?? Number.NaN;
      const a = after[i] ?? Number.NaN;
      if (b > 20_000 && a < 0.05 * b) quiet++;
    }
    expect(quiet).toBeGreaterThan(0);
    expect(quiet).toBeLessThan(0.15 * SAMPLE_SIZE);

    // Partners that joined after the oldest snapshot: listed there with no join date, no
    // tier and zero activity; in the newest snapshot with a join date and little history.
    const joinedOld = column(oldest, 'joined_on');
    const joinedNew = column(newest, 'joined_on');
    const oldestDay = dateToDays(oldest.asOf);
    const newcomers: number[] = [];
    for (let i = 0; i < SAMPLE_SIZE; i++) {
      const j = joinedNew[i] ?? Number.NaN;
      if (!Number.isNaN(j) && j > oldestDay) newcomers.push(i);
    }
    expect(newcomers.length).toBeGreaterThan(0);
    expect(newcomers.length).toBeLessThan(0.25 * SAMPLE_SIZE);
    for (const i of newcomers) {
      expect(joinedOld[i]).toBeNaN();
      expect(oldest.partners[i]?.currentTier).toBeNull();
      const arr = column(oldest, 'sourced_arr')[i] ?? Number.NaN;
      if (!Number.isNaN(arr)) expect(arr).toBe(0);
      const life = column(newest, 'lifetime_arr')[i] ?? Number.NaN;
      const cy = column(newest, 'sourced_arr')[i] ?? Number.NaN;
      const py = column(newest, 'sourced_arr_py')[i] ?? Number.NaN;
      if (![life, cy, py].some(Number.isNaN)) expect(life).toBe(cy + py);
    }
  });

  it('keeps each year’s tiers consistent with that year’s values', () => {
    for (const s of snaps) {
      const m = tierMedians(s);
      expect(m.Platinum).toBeGreaterThan(m.Gold ?? Number.POSITIVE_INFINITY);
      expect(m.Gold).toBeGreaterThan(m.Silver ?? Number.POSITIVE_INFINITY);
      expect(m.Silver).toBeGreaterThan(m.Bronze ?? Number.POSITIVE_INFINITY);
    }
    // tiers move between years, mostly by at most one step
    const rank = (tier: string | null): number => (tier === null ? -1 : METAL_TIERS.indexOf(tier as (typeof METAL_TIERS)[number]));
    let moved = 0;
    let jumped = 0;
    const [, middle, newest] = snaps;
    for (let i = 0; i < SAMPLE_SIZE; i++) {
      const a = rank(middle?.partners[i]?.currentTier ?? null);
      const b = rank(newest?.partners[i]?.currentTier ?? null);
      if (a < 0 || b < 0) continue;
      if (a !== b) moved++;
      if (Math.abs(a - b) > 1) jumped++;
    }
    expect(moved).toBeGreaterThan(0);
    expect(jumped).toBeLessThanOrEqual(moved / 2);
  });
});
