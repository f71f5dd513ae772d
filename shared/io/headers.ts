/**
 * Matching the headers of an imported table to partner fields and metrics (DESIGN D9.2):
 * "Partner Name" / "partner_name" / "Company" → the name field, "ARR (USD)" → the
 * `sourced_arr` metric, anything else → a metric keyed by a slug of its header.
 */
import { columnLetter, type ColumnMapping, type PartnerField, type RawCell } from './types';
import { guessKind, isMissingValue, profileValues } from './values';

// ---------------------------------------------------------------------------------------
// Normalising

const BRACKETED = /\([^)]*\)|\[[^\]]*\]/g;
const CAMEL_LOWER_UPPER = /([a-z0-9])([A-Z])/g;
const CAMEL_ACRONYM_WORD = /([A-Z]+)([A-Z][a-z]{2,})/g;
const APOSTROPHES = /['’`]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** '#' after a word means "number" ('Partner #', 'Account #'); dropped as punctuation it would turn an id column into 'partner'. */
const NUMBER_SIGN = /(\p{L})\s*#/gu;

function normaliseText(text: string): string {
  return text
    .replace(NUMBER_SIGN, '$1 number')
    .replace(CAMEL_LOWER_UPPER, '$1 $2')
    .replace(CAMEL_ACRONYM_WORD, '$1 $2')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

/**
 * A header in matching form: lower case, trimmed, units in () or [] dropped, punctuation
 * ('_' '-' '.' '%' '#' …) as spaces, single spaces, accents dropped, camelCase split.
 * 'ARR (USD)' → 'arr', 'partner_name' → 'partner name', 'CSAT %' → 'csat'.
 */
export function normaliseHeader(header: string): string {
  return normaliseText(header.replace(BRACKETED, ' '));
}

/** The header with the text in brackets kept as words: 'Sourced ARR (prior year)' → 'sourced arr prior year'. */
function normaliseFull(header: string): string {
  return normaliseText(header);
}

// ---------------------------------------------------------------------------------------
// Partner fields

/** Normalised headers of each partner field (exact matches only: 'Partner Revenue' is no field). */
export const FIELD_SYNONYMS: Readonly<Record<PartnerField, readonly string[]>> = Object.freeze({
  id: [
    'id',
    'partner id',
    'account id',
    'crm id',
    'company id',
    'organization id',
    'organisation id',
    'partner number',
    'partner no',
    'partner code',
    'partner key',
    'account number',
    'account no',
    'salesforce id',
    'sfdc id',
    'hubspot id',
    'external id',
    'record id',
    'uid',
    'uuid',
  ],
  name: [
    'name',
    'partner name',
    'partner',
    'company',
    'company name',
    'account',
    'account name',
    'organization',
    'organisation',
    'organization name',
    'organisation name',
    'partner company',
    'partner account',
    'partner account name',
    'legal name',
    'business name',
  ],
  motion: [
    'motion',
    'partner motion',
    'partner type',
    'type',
    'program',
    'program type',
    'programme',
    'partner program',
    'track',
    'partner track',
    'partnership type',
    'business model',
    'route to market',
    'rtm',
    'sales motion',
    'go to market',
    'go to market motion',
    'gtm',
    'gtm motion',
  ],
  currentTier: [
    'tier',
    'current tier',
    'partner tier',
    'program tier',
    'tier level',
    'level',
    'partner level',
    'current level',
    'program level',
    'status',
    'partner status',
    'current status',
  ],
  region: [
    'region',
    'partner region',
    'sales region',
    'geo',
    'geo region',
    'geography',
    'territory',
    'sales territory',
    'theater',
    'theatre',
  ],
  segment: ['segment', 'partner segment', 'market segment', 'customer segment', 'size', 'partner size', 'company size'],
  owner: [
    'owner',
    'owner name',
    'partner owner',
    'account owner',
    'partner manager',
    'partner manager name',
    'partner account manager',
    'partner development manager',
    'partner success manager',
    'pam',
    'pdm',
    'psm',
    'cam',
    'channel manager',
    'channel account manager',
    'account manager',
    'relationship manager',
    'manager',
    'managed by',
  ],
});

const FIELD_LOOKUP: ReadonlyMap<string, PartnerField> = new Map(
  (Object.keys(FIELD_SYNONYMS) as PartnerField[]).flatMap((field) => FIELD_SYNONYMS[field].map((s) => [s, field] as const)),
);

/**
 * A fiscal or calendar year in a normalised header, as a whole word: 'fy25', 'fy 2025',
 * 'fy25 26', 'cy2025', '2025', '2024 25' ('2024/25', '2024-25'), '2024 2025', and the
 * words for the year in progress ('fy', 'cy', 'this year', 'current year'). Never a
 * bare one- or two-digit number ('Tier 2 revenue' keeps its 2), nor a prior year ('py',
 * 'last year'): 'Tier PY' is no current tier.
 */
const YEAR_TOKEN =
  /(?<![\p{L}\p{N}])(?:(?:fy|cy) ?(?:\d{4}|\d{2})(?: (?:\d{4}|\d{2}))?|(?:19|20)\d{2}(?: (?:(?:19|20)\d{2}|\d{2}))?|fy|cy|this year|current year)(?![\p{L}\p{N}])/gu;

/** The year a YEAR_TOKEN names, for ordering ('fy25' → 2025, '2024 25' → 2025; 'cy' → Infinity, 'fy' → 0). */
function tokenYear(token: string): number {
  const numbers = token.match(/\d+/g);
  if (numbers === null) return token === 'fy' ? 0 : Infinity;
  const last = Number(numbers[numbers.length - 1]);
  return last < 100 ? 2000 + last : last;
}

/** The latest year named in a normalised header, or null when it names none. */
function yearOf(normalised: string): number | null {
  let year: number | null = null;
  for (const token of normalised.match(YEAR_TOKEN) ?? []) year = Math.max(year ?? -Infinity, tokenYear(token));
  return year;
}

/**
 * The field a header names and the year it names it for (brackets included: 'Tier
 * (FY24)' → 2024), null when it names no year. A header names a field when it is a
 * synonym, or one once its year tokens are dropped ('Tier FY25', 'FY25 tier', 'Partner
 * tier 2024/25', '2025 Tier'); only whole year tokens are dropped, and only when a
 * synonym is left: 'Revenue FY25' and 'Tier 2 revenue' name no field.
 */
function matchFieldYear(header: string): { field: PartnerField; year: number | null } | null {
  const normalised = normaliseHeader(header);
  let field = FIELD_LOOKUP.get(normalised);
  if (field === undefined) {
    const stripped = normalised.replace(YEAR_TOKEN, ' ').replace(/ +/g, ' ').trim();
    if (stripped === normalised || stripped === '') return null;
    field = FIELD_LOOKUP.get(stripped);
    if (field === undefined) return null;
  }
  return { field, year: yearOf(normaliseFull(header)) };
}

/**
 * The partner field a header names ('Partner Name' → 'name', 'Geo' → 'region', 'Tier
 * FY25' → 'currentTier'), or null.
 */
export function matchField(header: string): PartnerField | null {
  return matchFieldYear(header)?.field ?? null;
}

/**
 * Which column gets each field: the first column naming it — unless that column names it
 * for a year and a later one names it for a later year ('Tier FY24', 'Tier FY25': the
 * FY25 column is today's tier).
 */
function fieldColumns(headers: readonly string[]): Map<number, PartnerField> {
  const chosen = new Map<PartnerField, { index: number; year: number | null }>();
  headers.forEach((rawHeader, index) => {
    const header = rawHeader ?? '';
    if (header.trim() === '') return;
    const match = matchFieldYear(header);
    if (match === null) return;
    const current = chosen.get(match.field);
    if (current === undefined || (current.year !== null && match.year !== null && match.year > current.year)) {
      chosen.set(match.field, { index, year: match.year });
    }
  });
  return new Map([...chosen].map(([field, { index }]) => [index, field]));
}

// ---------------------------------------------------------------------------------------
// Metrics

/**
 * Canonical metric keys (those of the sample scenarios) → normalised headers that mean
 * them. Labels of the sample metrics are included with the text in brackets kept
 * ('Sourced ARR (prior year)' → 'sourced arr prior year'): `metricKeyFor` tries that form first.
 */
export const METRIC_SYNONYMS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  sourced_arr: [
    'sourced arr',
    'arr',
    'annual recurring revenue',
    'partner sourced arr',
    'sourced revenue',
    'arr usd',
    'sourced arr current year',
    'sourced arr cy',
    'arr cy',
    'cy arr',
    'current year arr',
    'arr current year',
    'partner sourced revenue',
    'partner arr',
  ],
  sourced_arr_py: [
    'prior year arr',
    'sourced arr py',
    'arr py',
    'py arr',
    'last year arr',
    'arr last year',
    'ly arr',
    'arr ly',
    'previous year arr',
    'arr prior year',
    'sourced arr prior year',
    'sourced arr last year',
    'prior year sourced arr',
    'arr usd py',
  ],
  lifetime_arr: ['lifetime arr', 'lifetime sourced arr', 'total sourced arr', 'cumulative arr', 'all time arr', 'lifetime revenue'],
  active_sellers: [
    'active sellers',
    'sellers',
    'certified sellers',
    'active reps',
    'sales reps',
    'active sales reps',
    'number of sellers',
    'trained sellers',
  ],
  certified_consultants: [
    'certified consultants',
    'consultants',
    'certified practitioners',
    'certified professionals',
    'certified experts',
    'certified individuals',
    'certified staff',
    'number of certified consultants',
  ],
  vertical_certifications: [
    'vertical certifications',
    'vertical certs',
    'industry certifications',
    'vertical specializations',
    'vertical specialisations',
    'specializations',
    'specialisations',
  ],
  implementations: [
    'implementations',
    'completed implementations',
    'deployments',
    'completed deployments',
    'completed projects',
    'go lives',
    'number of implementations',
  ],
  csat: ['csat', 'customer satisfaction', 'csat score', 'customer satisfaction csat', 'customer satisfaction score', 'satisfaction'],
  reference_customers: ['reference customers', 'references', 'customer references', 'referenceable customers', 'reference accounts'],
  published_methodology: ['published methodology', 'methodology', 'methodology published', 'has methodology', 'documented methodology'],
  mutual_customers: ['mutual customers', 'shared customers', 'joint customers', 'common customers', 'customer overlap', 'overlapping customers'],
  app_installs: ['installs', 'app installs', 'active installs', 'active app installs', 'installations', 'active installations', 'installed base'],
  app_rating: ['rating', 'app rating', 'marketplace rating', 'average rating', 'avg rating', 'star rating', 'stars', 'app store rating'],
  app_reviews: ['reviews', 'app reviews', 'review count', 'number of reviews', 'marketplace reviews', 'reviews count'],
  api_active_days: [
    'api active days',
    'api active days last 365',
    'active api days',
    'api days',
    'api usage days',
    'days with api activity',
  ],
  integrated_products: [
    'integrated products',
    'integrated products hubs',
    'integrated hubs',
    'hubs integrated',
    'products integrated',
    'number of integrated products',
  ],
  dedicated_practice: ['dedicated practice', 'has dedicated practice', 'practice', 'dedicated team'],
  co_built_solution: ['co built solution', 'cobuilt solution', 'co built', 'co built solutions', 'joint solution', 'co developed solution'],
  alliance_manager: ['dedicated alliance manager', 'alliance manager', 'has alliance manager', 'alliance lead'],
  signed_cosell: [
    'signed co sell agreement',
    'signed cosell agreement',
    'co sell agreement',
    'cosell agreement',
    'signed co sell',
    'signed cosell',
    'co sell',
    'cosell',
    'co sell signed',
  ],
  ipp_fit: [
    'ipp fit',
    'ipp fit score',
    'ipp score',
    'icp fit',
    'icp fit score',
    'icp score',
    'ideal partner profile',
    'ideal partner profile fit',
    'fit score',
    'partner fit',
  ],
  joined_on: [
    'joined',
    'joined on',
    'join date',
    'joined date',
    'date joined',
    'joined program on',
    'joined program',
    'partner since',
    'member since',
    'start date',
    'onboarded',
    'onboarding date',
    'enrollment date',
    'enrolment date',
    'signup date',
    'sign up date',
  ],
});

const METRIC_LOOKUP: ReadonlyMap<string, string> = new Map(
  Object.entries(METRIC_SYNONYMS).flatMap(([key, synonyms]) => [
    [key.replace(/_/g, ' '), key] as const,
    ...synonyms.map((s) => [s, key] as const),
  ]),
);

const MAX_KEY = 64;

/** FNV-1a of a text in base 36: a stable key part for headers with no Latin letters or digits. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Latin letters that NFKD does not split into a base letter and a mark. */
const LATIN_EXTRA: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const RE_LATIN_EXTRA = /[ßæœøłđðþı]/g;

function slug(normalised: string): string {
  let s = normalised
    .replace(RE_LATIN_EXTRA, (c) => LATIN_EXTRA[c] ?? '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') return '';
  if (!/^[a-z]/.test(s)) s = `m_${s}`;
  return s.slice(0, MAX_KEY).replace(/_+$/, '');
}

/**
 * A metric key (`^[a-z][a-z0-9_]{0,63}$`) for a header: the canonical key when the header
 * is a known synonym ('ARR (USD)' → 'sourced_arr', 'Rating' → 'app_rating'), otherwise a
 * slug of the header without its units ('Pipeline (EUR)' → 'pipeline', '2025 Deals' →
 * 'm_2025_deals'). '' only for an empty header.
 */
export function metricKeyFor(header: string): string {
  if (header.trim() === '') return '';
  const full = normaliseFull(header);
  const stripped = normaliseHeader(header);
  const known = METRIC_LOOKUP.get(full) ?? METRIC_LOOKUP.get(stripped);
  if (known !== undefined) return known;
  const key = slug(stripped) || slug(full);
  return key !== '' ? key : `metric_${shortHash(header.trim())}`;
}

// ---------------------------------------------------------------------------------------
// A first mapping for a table

const MAX_LABEL = 200;
const MAX_UNIT = 32;

/**
 * `base`, else `base_2`, `base_3` … — the first not used yet. `next` remembers where each
 * base's search stopped (keys only ever get used, never freed), so a file with thousands
 * of columns of the same header stays linear instead of trying every suffix again.
 */
function uniqueKey(base: string, used: Set<string>, next: Map<string, number>): string {
  let key = base;
  for (let n = next.get(base) ?? 2; used.has(key); n++) {
    const suffix = `_${n}`;
    key = `${base.slice(0, MAX_KEY - suffix.length).replace(/_+$/, '')}${suffix}`;
    next.set(base, n + 1);
  }
  used.add(key);
  return key;
}

/**
 * One mapping per header, in order. The first column matching a partner field gets it (a
 * field is never used twice; of 'Tier FY24' and 'Tier FY25' the latest year's); every other column becomes a metric keyed by
 * `metricKeyFor(header)` (made unique with '_2', '_3' …), labelled with the trimmed
 * header, its kind and unit guessed from the values. A column with neither header nor
 * values is ignored; one without a header but with values becomes 'column_<letter>'.
 * A column whose values are mostly words (notes, e-mail addresses, websites) is ignored:
 * it holds no metric, and mapping it as one would make every row fail to import.
 */
export function suggestMapping(headers: readonly string[], columns: readonly (readonly RawCell[])[]): ColumnMapping[] {
  const fields = fieldColumns(headers);
  const usedKeys = new Set<string>();
  const nextSuffix = new Map<string, number>();
  const mappings: ColumnMapping[] = [];
  headers.forEach((rawHeader, index) => {
    const header = rawHeader ?? '';
    const values = columns[index] ?? [];
    const field = fields.get(index);
    if (field !== undefined) {
      mappings.push({ index, header, target: { type: 'field', field } });
      return;
    }
    const hasValues = values.some((v) => !isMissingValue(v));
    if (header.trim() === '' && !hasValues) {
      mappings.push({ index, header, target: { type: 'ignore' } });
      return;
    }
    const profile = profileValues(values);
    if (profile.total > 0 && profile.words * 2 > profile.total) {
      mappings.push({ index, header, target: { type: 'ignore' } });
      return;
    }
    const letter = columnLetter(index);
    const base = metricKeyFor(header) || `column_${letter.toLowerCase()}`;
    const label = (header.trim() || `Column ${letter}`).slice(0, MAX_LABEL);
    const { kind, unit } = guessKind(header, values);
    mappings.push({
      index,
      header,
      target: {
        type: 'metric',
        key: uniqueKey(base, usedKeys, nextSuffix),
        label,
        kind,
        unit: unit === null ? null : unit.slice(0, MAX_UNIT),
      },
    });
  });
  return mappings;
}
