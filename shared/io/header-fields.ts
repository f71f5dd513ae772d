/**
 * Which partner field a header names (DESIGN D9.2): its synonyms ('Partner Name' /
 * 'Company' → name, 'Geo' → region), the same names with a year ('Tier FY25' → the current
 * tier), and which column gets each field when several name it.
 */
import { normaliseFull, normaliseHeader } from './header-text';
import type { PartnerField } from './types';

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
    // German, French, Spanish
    'partner nr',
    'partnernummer',
    'partner nummer',
    'partner id nr',
    'kundennummer',
    'n partenaire',
    'numero partenaire',
    'numero de partenaire',
    'id partenaire',
    'identifiant partenaire',
    'id de socio',
    'id socio',
    'numero de socio',
    'codigo de socio',
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
    'partnername',
    'firma',
    'firmenname',
    'unternehmen',
    'unternehmensname',
    'nom',
    'nom du partenaire',
    'nom partenaire',
    'raison sociale',
    'societe',
    'entreprise',
    'nombre',
    'nombre del socio',
    'nombre socio',
    'empresa',
    'razon social',
    'socio',
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
    'vertriebsweg',
    'partnertyp',
    'partner typ',
    'partnerart',
    'typ',
    'type de partenaire',
    'type partenaire',
    'tipo de socio',
    'tipo socio',
    'tipo',
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
    'stufe',
    'partnerstufe',
    'partner stufe',
    'partnerstatus',
    'partnerlevel',
    'aktuelle stufe',
    'stufe aktuell',
    'stufe heute',
    'heutige stufe',
    'aktueller status',
    'status aktuell',
    'niveau',
    'niveau actuel',
    'niveau partenaire',
    'niveau de partenariat',
    'statut',
    'statut actuel',
    'nivel',
    'nivel actual',
    'nivel de socio',
    'nivel socio',
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
    'gebiet',
    'vertriebsgebiet',
    'territoire',
    'zone',
    'territorio',
    'zona',
  ],
  segment: ['segment', 'partner segment', 'market segment', 'customer segment', 'size', 'partner size', 'company size', 'segmento', 'taille'],
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
    'partnermanager',
    'zustandig',
    'verantwortlich',
    'betreuer',
    'partnerbetreuer',
    'responsable',
    'responsable partenaire',
    'gestionnaire',
    'responsable de cuenta',
    'gerente de cuenta',
    'gestor',
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
export function fieldColumns(headers: readonly string[]): Map<number, PartnerField> {
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
