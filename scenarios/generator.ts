/**
 * Seeded, deterministic generator of synthetic partner lists (DESIGN D12.2): the sample
 * workspace, test fixtures and the 10K / 100K / 1M-partner benchmark sets.
 *
 * Why one long file (over the house limit of ~450 lines, allowed by the lint rule in
 * eslint.config.js): it is data as much as code — each motion's metrics, their
 * distributions and correlations, and the history rules — and every number is drawn by
 * (partner, slot) from one table of slots. Splitting it by motion would scatter that slot
 * table, and a slot reused by two files changes every sample list, every fixture and every
 * benchmark silently; in one file the slots are checked at a glance.
 *
 * Shape of the data (facts from the public sources of DESIGN D15):
 * - three motions exchanging different value: resellers bring sourced ARR and need active
 *   sellers and vertical certifications; services partners are measured on consultants,
 *   completed implementations, CSAT and reference customers; technology partners on
 *   mutual customers and app-marketplace signals (installs, rating, reviews, API activity);
 * - a heavy-tailed value distribution: roughly 5 % of partners hold about 80 % of the
 *   sourced ARR (DESIGN D15: on a 200-partner platform, about ten carry 80 % of value);
 * - a metals `currentTier` that lags behind reality a little (last year counts, some
 *   politics), so a scenario has promotions and demotions to show;
 * - missing data is NaN ("no data"), never a silent 0.
 *
 * Randomness, and why two sources:
 * - `@faker-js/faker` (an isolated, seeded instance, never the global one) provides the
 *   company names, partner-manager names, and the region / segment choices.
 * - Every number comes from a counter-based hash generator, `unit(key, partner, slot)`
 *   (two rounds of the `lowbias32` integer mixer). faker's number API is ~45 ns a call and
 *   strictly sequential; the generator needs ~100 draws per partner (4 s at 1M partners on
 *   faker) and the hash is a few integer multiplies. Being addressed by (partner, slot)
 *   rather than by call order also means a partner's history does not depend on how many
 *   snapshot years are requested: `generatePartners(o)` equals the newest dataset of
 *   `generateSnapshots({ ...o, years })` for any `years`.
 *
 * Pure TypeScript: no Node imports, no clock, no Math.random.
 */
import { Faker, en, generateMersenne32Randomizer } from '@faker-js/faker';
import { dateToDays, daysToIsoDate, type ColumnarDataset, type PartnerIdentity } from '../shared/model/dataset';
import type { MetricDef } from '../shared/model/workspace';

// ---------------------------------------------------------------------------------------
// Public API

export interface GenerateOptions {
  /** same seed + count (+ asOf) → identical output, value for value */
  seed: number;
  /** number of partners, 1 … 2 000 000 */
  count: number;
  /** ISO date of the snapshot, default '2026-06-30' */
  asOf?: string;
}

export interface GeneratedDataset extends ColumnarDataset {
  /** e.g. 'FY2026', from the year of `asOf` */
  label: string;
  asOf: string;
}

export interface SnapshotOptions extends GenerateOptions {
  /** number of yearly snapshots, 1 … MAX_SNAPSHOT_YEARS (2–3 is the intended use) */
  years: number;
}

export const SAMPLE_SEED = 20260630;
export const SAMPLE_SIZE = 300;
export const DEFAULT_AS_OF = '2026-06-30';
export const MAX_PARTNERS = 2_000_000;
export const MAX_SNAPSHOT_YEARS = 5;

export const MOTIONS = ['reseller', 'services', 'technology'] as const;
export const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'] as const;
export const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'] as const;
/** The metals a legacy program uses for `currentTier` (null = untiered). */
export const METAL_TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'] as const;

function metric(key: string, label: string, kind: MetricDef['kind'], unit: string | null = null): MetricDef {
  return Object.freeze({ key, label, kind, unit });
}

/** The generated metric columns, in column order. */
export const SAMPLE_METRICS: readonly MetricDef[] = Object.freeze([
  metric('sourced_arr', 'Sourced ARR (current year)', 'currency', 'USD'),
  metric('sourced_arr_py', 'Sourced ARR (prior year)', 'currency', 'USD'),
  metric('lifetime_arr', 'Lifetime sourced ARR', 'currency', 'USD'),
  metric('active_sellers', 'Active sellers', 'count'),
  metric('certified_consultants', 'Certified consultants', 'count'),
  metric('vertical_certifications', 'Vertical certifications', 'count'),
  metric('implementations', 'Completed implementations', 'count'),
  metric('csat', 'Customer satisfaction (CSAT)', 'percent'),
  metric('reference_customers', 'Reference customers', 'count'),
  metric('published_methodology', 'Published methodology', 'boolean'),
  metric('mutual_customers', 'Mutual customers', 'count'),
  metric('app_installs', 'Active app installs', 'count'),
  metric('app_rating', 'App rating', 'rating'),
  metric('app_reviews', 'App reviews', 'count'),
  metric('api_active_days', 'API active days (last 365)', 'count', 'days'),
  metric('integrated_products', 'Integrated products (hubs)', 'count'),
  metric('dedicated_practice', 'Dedicated practice', 'boolean'),
  metric('co_built_solution', 'Co-built solution', 'boolean'),
  metric('alliance_manager', 'Dedicated alliance manager', 'boolean'),
  metric('signed_cosell', 'Signed co-sell agreement', 'boolean'),
  metric('ipp_fit', 'IPP fit score', 'number', 'pts'),
  metric('joined_on', 'Joined program on', 'date'),
]);

/** One synthetic partner list as of `asOf` (default 2026-06-30). */
export function generatePartners(options: GenerateOptions): GeneratedDataset {
  const [only] = simulate(options, 1);
  if (only === undefined) throw new Error('generator produced no dataset');
  return only;
}

/**
 * `years` yearly snapshots (oldest first, `asOf` one year apart, the newest on
 * `options.asOf`) of the same partners: same ids, names and motions in every year, values
 * that grow, churn (a few partners go quiet) and ramp up (recently joined partners have
 * little history). A partner that had not joined yet at an older snapshot is listed with
 * zero activity, no tier and no join date.
 */
export function generateSnapshots(options: SnapshotOptions): GeneratedDataset[] {
  const { years } = options;
  if (!Number.isInteger(years) || years < 1 || years > MAX_SNAPSHOT_YEARS) {
    throw new RangeError(`years must be an integer from 1 to ${MAX_SNAPSHOT_YEARS}, got ${String(years)}`);
  }
  return simulate(options, years);
}

// ---------------------------------------------------------------------------------------
// Counter-based random numbers

/** lowbias32 (Chris Wellons): a 32-bit integer mixer with very low bias. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** A uniform draw in (0, 1), fully determined by (key, partner index, slot). */
function unit(key: number, p: number, slot: number): number {
  const h = mix32(mix32(key ^ Math.imul(p, 0x9e3779b1)) ^ Math.imul(slot + 1, 0x85ebca6b));
  return (h + 0.5) / 4_294_967_296;
}

/** Inverse standard-normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
function normInv(u: number): number {
  if (u < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(u));
    return (
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
    );
  }
  if (u > 1 - 0.02425) return -normInv(1 - u);
  const q = u - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1)
  );
}

/** Standard-normal CDF (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function normCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) * Math.SQRT1_2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-0.5 * x * x);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** Poisson(lambda) by inversion of one uniform; a rounded normal above lambda = 30. */
function poisson(lambda: number, u: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normInv(u)));
  let k = 0;
  let term = Math.exp(-lambda);
  let cdf = term;
  while (u > cdf && k < 200) {
    k += 1;
    term *= lambda / k;
    cdf += term;
  }
  return k;
}

/** x^k for x >= 0 (0 for x <= 0); exp/log is markedly faster than Math.pow in V8. */
function powPos(x: number, k: number): number {
  return x > 0 ? Math.exp(k * Math.log(x)) : 0;
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** A 32-bit key from any finite number (integers up to 2^53 keep all their bits). */
function seedKey(seed: number, salt: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4_294_967_296) >>> 0;
  const frac = Math.round((seed - Math.floor(seed)) * 4_294_967_296) >>> 0;
  return mix32(mix32(mix32(lo ^ salt) ^ hi) ^ frac);
}

// ---------------------------------------------------------------------------------------
// Model parameters (tuned so the sample has the documented shape; see the tests)

const M_RESELLER = 0;
const M_SERVICES = 1;
const M_TECHNOLOGY = 2;

/** Median current-year sourced ARR of a fully ramped reseller, USD. */
const ARR_MEDIAN = 40_000;
/** Log-scale spread of partner capacity: a lognormal with this sigma. */
const SIGMA = 2.7;
/** Above this capacity score the tail is compressed (slope TAIL_SLOPE), so million-partner sets stay plausible. */
const TAIL_KNEE = 2.3;
const TAIL_SLOPE = 0.45;
/** Sourced ARR relative to a reseller of the same capacity. */
const ARR_SCALE = [1, 0.3, 0.2] as const;
/** Share of partners with no sourced deal in a year, at average capacity (decreases with capacity). */
const NO_DEAL_BASE = [0.3, 0.55, 0.55] as const;
/** Yearly growth of activity: mean and spread of the log change. */
const GROWTH_MEAN = 0.11;
const GROWTH_SD = 0.3;
/** Chance per year (for the five newest years) that a partner goes quiet for good. */
const QUIET_RATE = 0.025;
const QUIET_FIRST_YEAR = -4;
/** Longest tenure in the program, in years. */
const MAX_TENURE_YEARS = 15;
/** Oldest year (relative to the newest snapshot) the model looks at. */
const OLDEST_YEAR = -(MAX_TENURE_YEARS + 1);
/** Oldest year with its own random draws: the prior year of the oldest possible snapshot. */
const DETAIL_FIRST_YEAR = -MAX_SNAPSHOT_YEARS;
/** Share of partners without any metal. */
const UNTIERED_SHARE = 0.05;
/** Cut-offs on the tier score (~standard-normal): Platinum, Gold, Silver; Bronze below. */
const TIER_CUTS = [1.6, 1.0, 0.25] as const;
/** Share of values randomly missing, per metric (csat handled separately). */
const MISSING_RATE = 0.015;
const CSAT_MISSING_NO_IMPLEMENTATIONS = 0.1;
const CSAT_MISSING_WITH_IMPLEMENTATIONS = 0.02;
/** faker company names are ~8 µs each; beyond this many partners, names repeat from the pool. */
const FAKER_NAME_LIMIT = 20_000;
const PARTNERS_PER_OWNER = 40;

// Column indexes (must match SAMPLE_METRICS).
const C = {
  sourced_arr: 0,
  sourced_arr_py: 1,
  lifetime_arr: 2,
  active_sellers: 3,
  certified_consultants: 4,
  vertical_certifications: 5,
  implementations: 6,
  csat: 7,
  reference_customers: 8,
  published_methodology: 9,
  mutual_customers: 10,
  app_installs: 11,
  app_rating: 12,
  app_reviews: 13,
  api_active_days: 14,
  integrated_products: 15,
  dedicated_practice: 16,
  co_built_solution: 17,
  alliance_manager: 18,
  signed_cosell: 19,
  ipp_fit: 20,
  joined_on: 21,
} as const;
const METRIC_COUNT = 22;
if (SAMPLE_METRICS.length !== METRIC_COUNT || SAMPLE_METRICS.some((m, i) => (C as Record<string, number>)[m.key] !== i)) {
  throw new Error('generator: column indexes out of step with SAMPLE_METRICS');
}

// Random slots. Persistent per-partner draws use 0…127; per-year draws use
// YEAR_BASE + (year - OLDEST_YEAR) * YEAR_STRIDE + k.
const S_TENURE = 1;
const S_UNTIERED = 2;
const S_POLITICS = 3;
const S_OWNER = 4;
const S_NAME = 5;
const S_HAS_APP = 6;
const S_QUIET_LEVEL = 7;
const S_PERSIST = 16; // + column index: persistent noise of that metric
const S_BOOL = 48; // + column index: persistent uniform behind a boolean
const S_PUNIF = 80; // + column index: persistent uniform behind a Poisson count
const YEAR_BASE = 128;
const YEAR_STRIDE = 32;
const Y_GROWTH = 0;
const Y_QUIET = 1;
const Y_NO_DEAL = 2;
const Y_CSAT_MISSING = 3;
const Y_NOISE = 4; // + column index (< 28)

function yearSlot(year: number, k: number): number {
  return YEAR_BASE + (year - OLDEST_YEAR) * YEAR_STRIDE + k;
}

// Small helpers of the hot loop. Plain functions rather than closures created per partner:
// they run millions of times at benchmark sizes.

/** The partner's persistent standard-normal noise for metric column c. */
function persist(key: number, p: number, c: number): number {
  return normInv(unit(key, p, S_PERSIST + c));
}

/** This year's standard-normal noise for metric column c. */
function yearNoise(key: number, p: number, year: number, c: number): number {
  return normInv(unit(key, p, yearSlot(year, Y_NOISE + c)));
}

/** A lognormal multiplier: persistent spread plus year-to-year spread. */
function noise(key: number, p: number, year: number, c: number, persistSd: number, yearSd: number): number {
  return Math.exp(persistSd * persist(key, p, c) + yearSd * yearNoise(key, p, year, c));
}

/** A boolean that turns on once `prob` passes the partner's persistent draw (so it stays on as the partner grows). */
function flag(key: number, p: number, c: number, prob: number): number {
  return unit(key, p, S_BOOL + c) < prob ? 1 : 0;
}

function put(cols: Float64Array[], c: number, p: number, v: number): void {
  const col = cols[c];
  if (col) col[p] = v;
}

// ---------------------------------------------------------------------------------------
// Dates

interface IsoParts {
  y: number;
  m: number;
  d: number;
}

function parseIsoDate(iso: string): IsoParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const days = dateToDays(iso);
  if (!match || Number.isNaN(days) || daysToIsoDate(days) !== iso) {
    throw new RangeError(`asOf must be an ISO date (YYYY-MM-DD), got '${iso}'`);
  }
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The same calendar day `delta` years later (29 Feb becomes 28 Feb in common years). */
function shiftYears(parts: IsoParts, delta: number): string {
  const y = parts.y + delta;
  const d = parts.m === 2 && parts.d === 29 && !isLeap(y) ? 28 : parts.d;
  return `${String(y).padStart(4, '0')}-${String(parts.m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------
// Identities (faker)

const ROMAN = ['II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/**
 * An isolated faker instance, seeded. The randomizer is handed over already seeded: a bare
 * `new Faker()` would first seed its own randomizer from Math.random (then overwritten by
 * `faker.seed`, but the generator promises not to touch Math.random at all).
 */
function makeFaker(seed: number): Faker {
  return new Faker({ locale: [en], randomizer: generateMersenne32Randomizer(seedKey(seed, 0x0fa4e7)) });
}

/** Company names: faker for the first FAKER_NAME_LIMIT partners (unique), then repeats. */
function companyNames(faker: Faker, count: number, key: number): string[] {
  const distinct = Math.min(count, FAKER_NAME_LIMIT);
  const names: string[] = new Array<string>(count);
  const used = new Set<string>();
  for (let p = 0; p < distinct; p++) {
    let name = faker.company.name();
    for (let attempt = 0; attempt < 2 && used.has(name); attempt++) name = faker.company.name();
    if (used.has(name)) {
      const base = name;
      for (let k = 0; used.has(name); k++) name = `${base} ${k < ROMAN.length ? ROMAN[k] : String(k + 2)}`;
    }
    used.add(name);
    names[p] = name;
  }
  for (let p = distinct; p < count; p++) {
    names[p] = names[Math.floor(unit(key, p, S_NAME) * distinct)] ?? '';
  }
  return names;
}

/** Distinct partner-manager names, about one per PARTNERS_PER_OWNER partners, at least 3. */
function ownerNames(faker: Faker, count: number): string[] {
  const n = Math.max(3, Math.round(count / PARTNERS_PER_OWNER));
  const owners: string[] = [];
  const used = new Set<string>();
  while (owners.length < n) {
    let name = faker.person.fullName();
    for (let attempt = 0; attempt < 3 && used.has(name); attempt++) name = faker.person.fullName();
    if (used.has(name)) name = `${faker.person.firstName()} ${faker.string.alpha({ length: 1, casing: 'upper' })}. ${faker.person.lastName()}`;
    if (used.has(name)) continue;
    used.add(name);
    owners.push(name);
  }
  return owners;
}

const REGION_WEIGHTS = [
  { weight: 40, value: REGIONS[0] },
  { weight: 30, value: REGIONS[1] },
  { weight: 20, value: REGIONS[2] },
  { weight: 10, value: REGIONS[3] },
];
/** Bigger partners are more often Enterprise-focused. */
const SEGMENT_WEIGHTS_BY_SIZE = [
  [
    { weight: 62, value: SEGMENTS[0] },
    { weight: 33, value: SEGMENTS[1] },
    { weight: 5, value: SEGMENTS[2] },
  ],
  [
    { weight: 25, value: SEGMENTS[0] },
    { weight: 52, value: SEGMENTS[1] },
    { weight: 23, value: SEGMENTS[2] },
  ],
  [
    { weight: 5, value: SEGMENTS[0] },
    { weight: 30, value: SEGMENTS[1] },
    { weight: 65, value: SEGMENTS[2] },
  ],
];

// ---------------------------------------------------------------------------------------
// The simulation

/** 0 … count-1 in a seeded random order (Fisher–Yates). */
function shuffledRanks(count: number, key: number): Int32Array {
  const ranks = new Int32Array(count);
  for (let i = 0; i < count; i++) ranks[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(unit(key, i, 0) * (i + 1));
    const t = ranks[i] ?? 0;
    ranks[i] = ranks[j] ?? 0;
    ranks[j] = t;
  }
  return ranks;
}

function simulate(options: GenerateOptions, years: number): GeneratedDataset[] {
  const { seed, count } = options;
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTNERS) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_PARTNERS}, got ${String(count)}`);
  }
  const asOfParts = parseIsoDate(asOf);

  const key = seedKey(seed, 0x5eed);
  const missKey = seedKey(seed, 0x0a11);
  const permKey = seedKey(seed, 0x9e4f);
  const motionKey = seedKey(seed, 0x3071);

  // Year ends: yearEnd[i] is the last day of model year (OLDEST_YEAR - 1 + i), i.e. the
  // snapshot date that many years before the newest one.
  const yearEnd = new Float64Array(-OLDEST_YEAR + 2);
  const yearIso: string[] = [];
  for (let i = 0; i < yearEnd.length; i++) {
    const iso = shiftYears(asOfParts, OLDEST_YEAR - 1 + i);
    yearIso.push(iso);
    yearEnd[i] = dateToDays(iso);
  }
  const endOf = (year: number): number => yearEnd[year - OLDEST_YEAR + 1] ?? Number.NaN;
  const newest = endOf(0);

  // Capacity: stratified quantiles (one per 1/count slice, randomly permuted) so that even
  // a 300-partner sample follows the lognormal tail closely instead of hinging on a few
  // lucky draws. Jitter stays inside the slice, away from its edges.
  const perm = shuffledRanks(count, permKey);
  const capacity = new Float64Array(count); // standard-normal capacity score z
  for (let p = 0; p < count; p++) {
    const u = ((perm[p] ?? 0) + 0.15 + 0.7 * unit(permKey, p, 1)) / count;
    const z = normInv(u);
    capacity[p] = z > TAIL_KNEE ? TAIL_KNEE + (z - TAIL_KNEE) * TAIL_SLOPE : z;
  }

  // Motions in exact 50 / 30 / 20 proportions (again stratified, independent of capacity).
  const motionRanks = shuffledRanks(count, motionKey);

  // Identities from faker (one isolated, seeded instance; fixed call order).
  const faker = makeFaker(seed);
  const names = companyNames(faker, count, key);
  const owners = ownerNames(faker, count);
  const regions: string[] = new Array<string>(count);
  const segments: string[] = new Array<string>(count);
  for (let p = 0; p < count; p++) {
    regions[p] = faker.helpers.weightedArrayElement(REGION_WEIGHTS);
    const z = capacity[p] ?? 0;
    const size = z > 1.1 ? 2 : z > -0.1 ? 1 : 0;
    segments[p] = faker.helpers.weightedArrayElement(SEGMENT_WEIGHTS_BY_SIZE[size] ?? []);
  }
  const idWidth = Math.max(6, String(count).length);

  // Snapshot years, oldest first: -(years-1) … 0.
  const snapshotYears: number[] = [];
  for (let t = -(years - 1); t <= 0; t++) snapshotYears.push(t);
  const columns: Float64Array[][] = snapshotYears.map(() => {
    const cols: Float64Array[] = [];
    for (let m = 0; m < METRIC_COUNT; m++) cols.push(new Float64Array(count));
    return cols;
  });
  const partnerLists: PartnerIdentity[][] = snapshotYears.map(() => new Array<PartnerIdentity>(count));

  // Per-partner scratch for the detailed years, indexed by (year - DETAIL_FIRST_YEAR).
  const span = 1 - DETAIL_FIRST_YEAR;
  const arr = new Float64Array(span); // sourced ARR of that year
  const act = new Float64Array(span); // effective relative activity (ramp, quiet included)
  const impl = new Float64Array(span); // implementations completed that year (fractional)

  for (let p = 0; p < count; p++) {
    const z = capacity[p] ?? 0;
    const mu = ((motionRanks[p] ?? 0) + 0.5) / count;
    const motion = mu < 0.5 ? M_RESELLER : mu < 0.8 ? M_SERVICES : M_TECHNOLOGY;
    const scale = ARR_SCALE[motion] ?? 1;
    const noDealBase = NO_DEAL_BASE[motion] ?? 0.3;

    // Tenure: recruitment at a steady pace over the program's life (about 1 in 15 partners
    // joined in any given year), bigger partners more often among the early ones.
    const tenureQuantile = normCdf(0.45 * z + 0.893 * normInv(unit(key, p, S_TENURE)));
    const tenureYears = 0.02 + (MAX_TENURE_YEARS - 0.02) * tenureQuantile;
    const joinDay = newest - Math.round(tenureYears * 365.2425);

    // Quiet: the first year (QUIET_FIRST_YEAR … 0) in which the partner goes quiet, if any.
    let quietFrom = 1;
    for (let year = QUIET_FIRST_YEAR; year <= 0; year++) {
      if (unit(key, p, yearSlot(year, Y_QUIET)) < QUIET_RATE) {
        quietFrom = year;
        break;
      }
    }
    const ql = unit(key, p, S_QUIET_LEVEL);
    const quietLevel = ql < 0.35 ? 0 : 0.004 + 0.04 * ql;

    // Walk back from the newest year: activity drifts by yearly growth. The years a
    // snapshot can show (sourced_arr, sourced_arr_py) get their own draws; older years only
    // feed lifetime ARR and cumulative implementations, at their expected values.
    let logA = SIGMA * z;
    const implRate = motion === M_SERVICES ? 3 : motion === M_RESELLER ? 0.45 : 0.04;
    const implPersist = Math.exp(0.35 * persist(key, p, C.implementations));
    const noDealShare = noDealBase * logistic(-1.4 * (z + 0.4));
    let histArr = 0;
    let histImpl = 0;
    for (let year = 0; year >= OLDEST_YEAR; year--) {
      const detailed = year >= DETAIL_FIRST_YEAR;
      if (year < 0) logA -= detailed ? GROWTH_MEAN + GROWTH_SD * normInv(unit(key, p, yearSlot(year + 1, Y_GROWTH))) : GROWTH_MEAN;
      const yearLength = endOf(year) - endOf(year - 1);
      const activeShare = clamp((endOf(year) - joinDay) / yearLength, 0, 1);
      const d = year - DETAIL_FIRST_YEAR;
      if (activeShare <= 0) {
        // Not a partner yet in this year, nor in any earlier one.
        if (detailed) {
          arr.fill(0, 0, d + 1);
          act.fill(0, 0, d + 1);
          impl.fill(0, 0, d + 1);
        }
        break;
      }
      if (!detailed) {
        const a = Math.exp(logA) * activeShare;
        histArr += Math.round(ARR_MEDIAN * scale * a * (1 - noDealShare));
        histImpl += implRate * Math.exp(0.55 * logA) * activeShare * implPersist;
        continue;
      }
      const quiet = year >= quietFrom ? quietLevel : 1;
      const a = Math.exp(logA) * activeShare * quiet;
      act[d] = a;
      const noDeal = unit(key, p, yearSlot(year, Y_NO_DEAL)) < noDealShare;
      // The newest year keeps the stratified tail intact; older years carry a little noise.
      const wiggle = year === 0 ? 1 : Math.exp(0.1 * yearNoise(key, p, year, C.sourced_arr));
      arr[d] = noDeal ? 0 : Math.round(ARR_MEDIAN * scale * a * wiggle);
      impl[d] = implRate * powPos(a, 0.55) * implPersist * Math.exp(0.2 * yearNoise(key, p, year, C.implementations));
    }

    const untiered = unit(key, p, S_UNTIERED) < UNTIERED_SHARE;
    const politics = 0.3 * normInv(unit(key, p, S_POLITICS));
    const hasApp = motion === M_TECHNOLOGY && unit(key, p, S_HAS_APP) < 0.88;
    const ownerIndex = Math.floor(unit(key, p, S_OWNER) * owners.length);
    const id = `P${String(p + 1).padStart(idWidth, '0')}`;
    const ippBase = 50 + 13 * z + 11 * persist(key, p, C.ipp_fit) + (motion === M_SERVICES ? 3 : motion === M_TECHNOLOGY ? -2 : 0);

    for (let s = 0; s < snapshotYears.length; s++) {
      const t = snapshotYears[s] ?? 0;
      const cols = columns[s] ?? [];
      const i = t - DETAIL_FIRST_YEAR;
      const joined = joinDay <= endOf(t);
      const a = act[i] ?? 0; // this year's activity
      const aPrev = i > 0 ? (act[i - 1] ?? 0) : 0;
      // Capability builds up over the first two years and does not vanish when a partner
      // goes quiet (certifications, practices stay for a while).
      const tenureAt = (endOf(t) - joinDay) / 365.2425;
      const ramp = joined ? clamp(0.3 + 0.35 * tenureAt, 0.3, 1) : 0;
      const capability = joined ? Math.exp(SIGMA * z - (GROWTH_MEAN * -t)) * ramp : 0;
      const zEff = a > 0 ? Math.log(a) / SIGMA : -4;
      const zCap = capability > 0 ? Math.log(capability) / SIGMA : -4;
      const quietNow = t >= quietFrom;

      // ARR: this year, prior year, lifetime.
      let lifetime = histArr;
      for (let d = 0; d <= i; d++) lifetime += arr[d] ?? 0;
      put(cols, C.sourced_arr, p, arr[i] ?? 0);
      put(cols, C.sourced_arr_py, p, i > 0 ? (arr[i - 1] ?? 0) : 0);
      put(cols, C.lifetime_arr, p, lifetime);

      let implementations = histImpl;
      for (let d = 0; d <= i; d++) implementations += impl[d] ?? 0;
      implementations = Math.round(implementations);

      let sellers = 0;
      let consultants = 0;
      let verticals = 0;
      let references = 0;
      let methodology = 0;
      let mutual = 0;
      let installs = 0;
      let rating = Number.NaN;
      let reviews = 0;
      let apiDays = 0;
      let products = 0;
      let practice = 0;
      let coBuilt = 0;
      let alliance = 0;
      let cosell = 0;
      let csatLevel = 0.8 + 0.03 * zCap + 0.06 * persist(key, p, C.csat) + 0.025 * yearNoise(key, p, t, C.csat);

      if (joined) {
        if (motion === M_RESELLER) {
          sellers = Math.round(1.1 * powPos(a, 0.45) * noise(key, p, t, C.active_sellers, 0.3, 0.15));
          if ((arr[i] ?? 0) > 0 && sellers === 0) sellers = 1;
          consultants = Math.round(0.35 * powPos(capability, 0.35) * noise(key, p, t, C.certified_consultants, 0.4, 0.1));
          verticals = poisson(0.3 * powPos(capability, 0.4), unit(key, p, S_PUNIF + C.vertical_certifications));
          references = poisson(0.12 * implementations, unit(key, p, yearSlot(t, Y_NOISE + C.reference_customers)));
          methodology = flag(key, p, C.published_methodology, 0.03);
          mutual = unit(key, p, S_BOOL + C.mutual_customers) < 0.1 ? poisson(1.5, unit(key, p, yearSlot(t, Y_NOISE + C.mutual_customers))) : 0;
          practice = flag(key, p, C.dedicated_practice, logistic(2 * (zCap - 1.2)));
          coBuilt = flag(key, p, C.co_built_solution, logistic(2 * (zCap - 1.7)));
          alliance = flag(key, p, C.alliance_manager, 0.02);
          cosell = flag(key, p, C.signed_cosell, 0.6 * logistic(2 * (zEff - 1.0)));
        } else if (motion === M_SERVICES) {
          csatLevel += 0.02;
          sellers = Math.round(0.4 * powPos(a, 0.3) * noise(key, p, t, C.active_sellers, 0.4, 0.15));
          consultants = Math.round(2.2 * powPos(capability, 0.35) * noise(key, p, t, C.certified_consultants, 0.3, 0.1));
          verticals = poisson(0.35 * powPos(capability, 0.35), unit(key, p, S_PUNIF + C.vertical_certifications));
          references = poisson(0.06 * implementations, unit(key, p, yearSlot(t, Y_NOISE + C.reference_customers)));
          methodology = flag(key, p, C.published_methodology, logistic(1.8 * (zCap - 1.3)));
          practice = flag(key, p, C.dedicated_practice, logistic(1.5 * (zCap - 0.8)));
          coBuilt = flag(key, p, C.co_built_solution, logistic(2 * (zCap - 2.0)));
          alliance = flag(key, p, C.alliance_manager, 0.03);
          cosell = flag(key, p, C.signed_cosell, logistic(2 * (zEff - 1.4)));
        } else {
          consultants = Math.round(0.3 * powPos(capability, 0.2) * noise(key, p, t, C.certified_consultants, 0.4, 0.1));
          verticals = poisson(0.05, unit(key, p, S_PUNIF + C.vertical_certifications));
          mutual = Math.round(10 * powPos(a, 0.6) * noise(key, p, t, C.mutual_customers, 0.35, 0.12));
          references = poisson(0.03 * mutual, unit(key, p, yearSlot(t, Y_NOISE + C.reference_customers)));
          methodology = flag(key, p, C.published_methodology, 0.02);
          if (hasApp) {
            installs = Math.round(60 * powPos(a, 0.7) * noise(key, p, t, C.app_installs, 0.4, 0.12));
            rating = Math.round(10 * clamp(3.95 + 0.22 * zCap + 0.35 * persist(key, p, C.app_rating) + 0.08 * yearNoise(key, p, t, C.app_rating), 1, 5)) / 10;
            reviews = Math.round(0.09 * powPos(installs, 0.9) * noise(key, p, t, C.app_reviews, 0.35, 0.1));
            apiDays = Math.round(365 * logistic(1.2 + 0.9 * zEff + 0.8 * persist(key, p, C.api_active_days) + 0.3 * yearNoise(key, p, t, C.api_active_days)));
            products = 1 + poisson(0.15 + 0.45 * Math.max(0, zCap), unit(key, p, S_PUNIF + C.integrated_products));
          }
          alliance = flag(key, p, C.alliance_manager, logistic(1.8 * (zCap - 0.9)));
          cosell = flag(key, p, C.signed_cosell, logistic(1.8 * (zEff - 0.7)));
          coBuilt = flag(key, p, C.co_built_solution, logistic(2 * (zCap - 1.7)));
        }
      }

      put(cols, C.active_sellers, p, sellers);
      put(cols, C.certified_consultants, p, consultants);
      put(cols, C.vertical_certifications, p, verticals);
      put(cols, C.implementations, p, implementations);
      // CSAT: surveyed for most partners; missing more often where nothing was implemented.
      const csatMissing =
        !joined ||
        unit(key, p, yearSlot(t, Y_CSAT_MISSING)) < (implementations === 0 ? CSAT_MISSING_NO_IMPLEMENTATIONS : CSAT_MISSING_WITH_IMPLEMENTATIONS);
      put(cols, C.csat, p, csatMissing ? Number.NaN : Math.round(100 * clamp(csatLevel - (quietNow ? 0.05 : 0), 0.35, 1)) / 100);
      put(cols, C.reference_customers, p, references);
      put(cols, C.published_methodology, p, methodology);
      put(cols, C.mutual_customers, p, mutual);
      put(cols, C.app_installs, p, installs);
      put(cols, C.app_rating, p, rating);
      put(cols, C.app_reviews, p, reviews);
      put(cols, C.api_active_days, p, apiDays);
      put(cols, C.integrated_products, p, products);
      put(cols, C.dedicated_practice, p, practice);
      put(cols, C.co_built_solution, p, coBuilt);
      put(cols, C.alliance_manager, p, alliance);
      put(cols, C.signed_cosell, p, cosell);
      put(cols, C.ipp_fit, p, Math.round(clamp(ippBase - (quietNow ? 10 : 0) + 3 * yearNoise(key, p, t, C.ipp_fit), 0, 100)));
      put(cols, C.joined_on, p, joined ? joinDay : Number.NaN);

      // The metal held today: decided at last year's re-tier on revenue-like value, with
      // some politics and grandfathering, so it trails this year's values a little.
      let currentTier: string | null = null;
      if (joined && !untiered) {
        const zPrev = aPrev > 0 ? Math.log(aPrev) / SIGMA : -4;
        const score = 0.6 * zEff + 0.4 * zPrev + politics;
        currentTier = score >= TIER_CUTS[0] ? 'Platinum' : score >= TIER_CUTS[1] ? 'Gold' : score >= TIER_CUTS[2] ? 'Silver' : 'Bronze';
      }
      const list = partnerLists[s];
      if (list) {
        list[p] = {
          id,
          name: names[p] ?? id,
          motion: MOTIONS[motion] ?? 'reseller',
          currentTier,
          region: regions[p] ?? null,
          segment: segments[p] ?? null,
          owner: owners[ownerIndex] ?? null,
        };
      }
    }
  }

  // Random gaps: each metric loses ~MISSING_RATE of its values (csat has its own rule).
  // Gaps are placed by geometric skips, so this costs ~MISSING_RATE draws per value.
  const logKeep = Math.log(1 - MISSING_RATE);
  for (let s = 0; s < snapshotYears.length; s++) {
    const t = snapshotYears[s] ?? 0;
    const cols = columns[s] ?? [];
    for (let c = 0; c < METRIC_COUNT; c++) {
      if (c === C.csat) continue;
      const col = cols[c];
      if (!col) continue;
      const slot = yearSlot(t, c);
      let step = 0;
      for (let p = Math.floor(Math.log(unit(missKey, step, slot)) / logKeep); p < count; p += 1 + Math.floor(Math.log(unit(missKey, step, slot)) / logKeep)) {
        col[p] = Number.NaN;
        step += 1;
      }
    }
  }

  return snapshotYears.map((t, s) => {
    const iso = yearIso[t - OLDEST_YEAR + 1] ?? asOf;
    return {
      label: `FY${iso.slice(0, 4)}`,
      asOf: iso,
      metrics: SAMPLE_METRICS.map((m) => ({ ...m })),
      partners: partnerLists[s] ?? [],
      values: columns[s] ?? [],
    };
  });
}
