/**
 * Partner motions as found in imported data (DESIGN D3): the three the program knows
 * (reseller, services, technology) under their usual names, and any other label kept as
 * its own motion ("Distributor" stays 'distributor', it is not a reseller).
 */

export const KNOWN_MOTIONS = ['reseller', 'services', 'technology'] as const;
export type KnownMotion = (typeof KNOWN_MOTIONS)[number];

/** Synonyms in matching form: lower case, '-' '_' '.' '/' '&' as spaces, single spaces. */
const SYNONYMS: Readonly<Record<KnownMotion, readonly string[]>> = {
  reseller: [
    'reseller',
    'resellers',
    'reseller partner',
    'resale',
    'resell',
    'var',
    'vars',
    'value added reseller',
    'value added resellers',
    'value add reseller',
    'channel reseller',
    'solution reseller',
    // German, French, Spanish, Italian (a distributor stays a motion of its own, as above)
    'wiederverkäufer',
    'wiederverkaufer',
    'wiederverkaeufer',
    'händler',
    'haendler',
    'fachhändler',
    'vertriebspartner',
    'revendeur',
    'revendeurs',
    'revendedor',
    'revendedores',
    'rivenditore',
  ],
  services: [
    'services',
    'service',
    'services partner',
    'service partner',
    'service provider',
    'si',
    'sis',
    'gsi',
    'system integrator',
    'system integrators',
    'systems integrator',
    'systems integrators',
    'global system integrator',
    'global systems integrator',
    'consulting',
    'consulting partner',
    'consultancy',
    'consultant',
    'implementation partner',
    'implementation',
    'implementer',
    'msp',
    'msps',
    'managed service provider',
    'managed services provider',
    'managed services',
    'agency',
    'agency partner',
    'solutions partner',
    'dienstleister',
    'dienstleistung',
    'dienstleistungen',
    'beratung',
    'beratungspartner',
    'systemintegrator',
    'systemhaus',
    'integrator',
    'intégrateur',
    'integrateur',
    'conseil',
    'prestataire',
    'prestataire de services',
    'servicios',
    'integrador',
    'consultoría',
    'consultoria',
    'consultora',
  ],
  technology: [
    'technology',
    'technology partner',
    'tech',
    'tech partner',
    'isv',
    'isvs',
    'independent software vendor',
    'software vendor',
    'integration',
    'integrations',
    'integration partner',
    'app partner',
    'app developer',
    'apps',
    'marketplace',
    'marketplace partner',
    'technologie',
    'technologiepartner',
    'technologie partner',
    'softwarehersteller',
    'éditeur',
    'editeur',
    'éditeur de logiciels',
    'editeur de logiciels',
    'partenaire technologique',
    'tecnología',
    'tecnologia',
    'socio tecnológico',
    'socio tecnologico',
  ],
};

const LOOKUP: ReadonlyMap<string, KnownMotion> = new Map(
  KNOWN_MOTIONS.flatMap((motion) => SYNONYMS[motion].map((synonym) => [synonym, motion] as const)),
);

function collapse(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The motion of a label from the data: a known motion for its usual names (case and
 * spacing do not matter: 'VAR', 'System Integrator', 'ISV' …), otherwise the label itself,
 * trimmed, lower-cased, with single spaces, and `known: false`.
 */
export function normaliseMotion(raw: string): { motion: string; known: boolean } {
  const text = collapse(raw);
  const key = text.replace(/[-_./&]+/g, ' ').replace(/\s+/g, ' ').trim();
  const known = LOOKUP.get(key);
  return known === undefined ? { motion: text, known: false } : { motion: known, known: true };
}
