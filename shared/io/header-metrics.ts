/**
 * The metric key a header maps to (DESIGN D9.2): the canonical key of the sample
 * scenarios' metrics when the header is one of its synonyms ('ARR (USD)' → `sourced_arr`),
 * otherwise a slug of the header.
 */
import { normaliseFull, normaliseHeader } from './header-text';

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

export const MAX_KEY = 64;

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
 * slug of the header without its units and a leading "number of" ('Pipeline (EUR)' →
 * 'pipeline', '# of Certified Reps' → 'certified_reps', '2025 Deals' → 'm_2025_deals'). ''
 * only for an empty header.
 */
export function metricKeyFor(header: string): string {
  if (header.trim() === '') return '';
  const full = normaliseFull(header);
  const stripped = normaliseHeader(header);
  const known = METRIC_LOOKUP.get(full) ?? METRIC_LOOKUP.get(stripped) ?? METRIC_LOOKUP.get(uncounted(stripped));
  if (known !== undefined) return known;
  const key = slug(uncounted(stripped)) || slug(full);
  return key !== '' ? key : `metric_${shortHash(header.trim())}`;
}

/**
 * A normalised header without a leading "number of" ('# of Certified Reps' → 'certified
 * reps', 'No. of deals' → 'deals', 'Anzahl Partner' → 'partner'): the key names what is
 * counted. The header itself when nothing would be left.
 */
function uncounted(normalised: string): string {
  const rest = normalised.replace(/^(?:(?:number|num|no|nr|count|total number|anzahl(?: der)?|nombre(?: de| d)?|numero(?: de)?) (?:of )?|of )/, '');
  return rest === '' ? normalised : rest;
}
