import { describe, expect, it } from 'vitest';
import { SAMPLE_METRICS } from '../../../scenarios/generator';
import { MetricKeySchema } from '../../../shared/model/workspace';
import { ColumnMappingSchema, type ColumnMapping, type PartnerField, type RawCell } from '../../../shared/io/types';
import { suggestMapping } from '../../../shared/io/headers';
import { FIELD_SYNONYMS, matchField } from '../../../shared/io/header-fields';
import { METRIC_SYNONYMS, metricKeyFor } from '../../../shared/io/header-metrics';
import { normaliseHeader } from '../../../shared/io/header-text';

describe('normaliseHeader', () => {
  it.each<[string, string]>([
    ['Partner Name', 'partner name'],
    ['  partner_name  ', 'partner name'],
    ['partner-name', 'partner name'],
    ['partner.name', 'partner name'],
    ['PARTNER   NAME', 'partner name'],
    ['partnerName', 'partner name'],
    ['PartnerID', 'partner id'],
    ['CSATScore', 'csat score'],
    ['ARR (USD)', 'arr'],
    ['ARR [USD]', 'arr'],
    ['CSAT %', 'csat'],
    ['# Active Sellers', 'active sellers'],
    ["Partner's Name", 'partners name'],
    ['Région', 'region'],
    ['Sourced ARR (prior year)', 'sourced arr'],
    ['', ''],
  ])('%j → %j', (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected);
  });
});

describe('matchField', () => {
  it.each<[string, PartnerField]>([
    ['Partner Name', 'name'],
    ['partner_name', 'name'],
    ['Company', 'name'],
    ['Account Name', 'name'],
    ['Name', 'name'],
    ['Partner', 'name'],
    ['Partner ID', 'id'],
    ['Account ID', 'id'],
    ['CRM ID', 'id'],
    ['ID', 'id'],
    ['partnerId', 'id'],
    ['Motion', 'motion'],
    ['Partner Type', 'motion'],
    ['Type', 'motion'],
    ['Program', 'motion'],
    ['Track', 'motion'],
    ['Tier', 'currentTier'],
    ['Current Tier', 'currentTier'],
    ['Level', 'currentTier'],
    ['Partner Level', 'currentTier'],
    ['Status', 'currentTier'],
    ['Region', 'region'],
    ['Geo', 'region'],
    ['Territory', 'region'],
    ['Theater', 'region'],
    ['Segment', 'segment'],
    ['Size', 'segment'],
    ['Market Segment', 'segment'],
    ['Owner', 'owner'],
    ['Partner Manager', 'owner'],
    ['PAM', 'owner'],
    ['Channel Manager', 'owner'],
    ['Account Manager', 'owner'],
    ['  REGION  ', 'region'],
    ['Tier (current)', 'currentTier'],
    // a lead's list in German, French or Spanish
    ['Partner-Nr.', 'id'],
    ['Partnernummer', 'id'],
    ['Partnername', 'name'],
    ['Firma', 'name'],
    ['Vertriebsweg', 'motion'],
    ['Partnertyp', 'motion'],
    ['Stufe', 'currentTier'],
    ['Partnerstufe FY26', 'currentTier'],
    ['Typ', 'motion'],
    ['Stufe heute', 'currentTier'],
    ['Aktuelle Stufe', 'currentTier'],
    ['Niveau actuel', 'currentTier'],
    ['Nivel actual', 'currentTier'],
    ['Tipo', 'motion'],
    ['Gebiet', 'region'],
    ['Partnermanager', 'owner'],
    ['Zuständig', 'owner'],
    ['N° partenaire', 'id'],
    ['Nom du partenaire', 'name'],
    ['Raison sociale', 'name'],
    ['Type de partenaire', 'motion'],
    ['Niveau', 'currentTier'],
    ['Région', 'region'],
    ['Responsable', 'owner'],
    ['ID de socio', 'id'],
    ['Nombre del socio', 'name'],
    ['Tipo de socio', 'motion'],
    ['Nivel', 'currentTier'],
    ['Región', 'region'],
    ['Segmento', 'segment'],
    ['Responsable de cuenta', 'owner'],
  ])('%j → %s', (header, field) => {
    expect(matchField(header)).toBe(field);
  });

  it.each([
    'ARR (USD)',
    'Partner Revenue',
    'Type of certification',
    'Partner Since',
    'Dedicated alliance manager',
    'Alliance manager',
    'Regional ARR',
    'Tier points',
    'Name of contact',
    '',
  ])('%j is no field', (header) => {
    expect(matchField(header)).toBeNull();
  });
});

describe('matchField: a field named for a year', () => {
  it.each([
    'Tier FY25',
    'Tier 2025',
    'Tier (FY25)',
    'FY25 tier',
    'Current level',
    'Partner tier 2024/25',
    'Level FY2026',
    '2025 Tier',
    'Tier FY 2025',
    'Tier_FY25',
    'TierFY25',
    'Tier FY25/26',
    'Tier 2024-25',
    'Tier 2024/2025',
    'Tier CY2025',
    'Tier CY',
    'Tier (this year)',
    'Tier this year',
    'Current year tier',
  ])('%j is the current tier', (header) => {
    expect(matchField(header)).toBe('currentTier');
  });

  it.each<[string, PartnerField]>([
    ['Region FY25', 'region'],
    ['Partner type 2025', 'motion'],
    ['Channel manager FY26', 'owner'],
  ])('%j → %s', (header, field) => {
    expect(matchField(header)).toBe(field);
  });

  it.each([
    'Tier 2 revenue',
    'Level of effort (hours)',
    'Revenue FY25',
    'Bookings FY25 (EUR)',
    'Tier PY',
    'Tier last year',
    'Prior year tier',
    'Tier 25',
    'Tier points 2025',
    'FY25',
    '2025',
    'FY2025/26',
    'Deals 2025',
  ])('%j is no field', (header) => {
    expect(matchField(header)).toBeNull();
  });
});

describe('matchField: route to market', () => {
  it.each(['Route to market', 'RTM', 'Sales motion', 'Go-to-market motion', 'GTM motion', 'route_to_market'])('%j is the motion', (header) => {
    expect(matchField(header)).toBe('motion');
  });
});

describe('field synonyms', () => {
  it('are normalised, name one field each, hold no year and are no metric synonym', () => {
    const metricSynonyms = new Set(Object.values(METRIC_SYNONYMS).flat());
    const seen = new Map<string, PartnerField>();
    for (const [field, synonyms] of Object.entries(FIELD_SYNONYMS) as [PartnerField, readonly string[]][]) {
      for (const s of synonyms) {
        expect(seen.get(s), `${s} is a synonym of ${seen.get(s) ?? ''} and ${field}`).toBeUndefined();
        seen.set(s, field);
        expect(normaliseHeader(s), `synonym ${s} is normalised`).toBe(s);
        expect(metricSynonyms.has(s), `${s} is also a metric synonym`).toBe(false);
        expect(matchField(s)).toBe(field);
        expect(matchField(`${s} FY25`), `${s} FY25`).toBe(field);
      }
    }
  });
});

describe('metricKeyFor', () => {
  it.each<[string, string]>([
    ['ARR (USD)', 'sourced_arr'],
    ['ARR', 'sourced_arr'],
    ['arr_usd', 'sourced_arr'],
    ['Annual Recurring Revenue', 'sourced_arr'],
    ['Prior Year ARR', 'sourced_arr_py'],
    ['ARR PY', 'sourced_arr_py'],
    ['Sourced ARR (prior year)', 'sourced_arr_py'],
    ['Sourced ARR (current year)', 'sourced_arr'],
    ['Certified Sellers', 'active_sellers'],
    ['# Sellers', 'active_sellers'],
    ['CSAT %', 'csat'],
    ['Customer Satisfaction', 'csat'],
    ['Installs', 'app_installs'],
    ['Rating', 'app_rating'],
    ['Marketplace Rating', 'app_rating'],
    ['ICP Fit', 'ipp_fit'],
    ['Ideal Partner Profile', 'ipp_fit'],
    ['Joined', 'joined_on'],
    ['Partner Since', 'joined_on'],
    ['Join Date', 'joined_on'],
    ['sourced_arr', 'sourced_arr'],
    ['Pipeline (EUR)', 'pipeline'],
    ['Partner Revenue', 'partner_revenue'],
    ['Win-rate %', 'win_rate'],
    ['2025 Deals', 'm_2025_deals'],
    ['Ärger Größe', 'arger_grosse'],
    ['Søknad', 'soknad'],
    ['  Open   Opportunities ', 'open_opportunities'],
    ['# of Certified Reps', 'certified_reps'],
    ['Number of active sellers', 'active_sellers'],
    ['# Mutual customers', 'mutual_customers'],
    ['Number of deals', 'deals'],
    ['No. of Opportunities', 'opportunities'],
    ['Count of Opps', 'opps'],
    ['Anzahl zertifizierter Berater', 'zertifizierter_berater'],
    ['Nombre de partenaires', 'partenaires'],
    ['Number', 'number'],
    ['Notes of meetings', 'notes_of_meetings'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (header, key) => {
    expect(metricKeyFor(header)).toBe(key);
  });

  it('maps every sample metric label and key to its key', () => {
    for (const m of SAMPLE_METRICS) {
      expect(metricKeyFor(m.label), m.label).toBe(m.key);
      expect(metricKeyFor(m.key), m.key).toBe(m.key);
    }
  });

  it('has synonyms for every sample metric, and no synonym for two keys', () => {
    expect(Object.keys(METRIC_SYNONYMS).sort()).toEqual(SAMPLE_METRICS.map((m) => m.key).sort());
    const seen = new Map<string, string>();
    for (const [key, synonyms] of Object.entries(METRIC_SYNONYMS)) {
      expect(synonyms.length, key).toBeGreaterThan(0);
      for (const s of synonyms) {
        expect(seen.get(s), `${s} is a synonym of ${seen.get(s) ?? ''} and ${key}`).toBeUndefined();
        seen.set(s, key);
        expect(normaliseHeader(s), `synonym ${s} is normalised`).toBe(s);
        expect(metricKeyFor(s)).toBe(key);
      }
    }
  });

  it.each(['%', '#', '()', '売上', '!!!', 'x'.repeat(300), '9', 'Über-Größe (€)', 'ARR (USD) 2025/26 — final!'])(
    'gives a valid key for %j',
    (header) => {
      const key = metricKeyFor(header);
      expect(MetricKeySchema.safeParse(key).success, key).toBe(true);
    },
  );

  it('gives different headers without Latin letters different keys', () => {
    expect(metricKeyFor('売上')).not.toBe(metricKeyFor('利益'));
    expect(metricKeyFor('売上')).toBe(metricKeyFor('売上'));
  });
});

function metric(m: ColumnMapping): { key: string; label: string; kind: string; unit: string | null } {
  if (m.target.type !== 'metric') throw new Error(`${m.header} is not a metric: ${m.target.type}`);
  const { key, label, kind, unit } = m.target;
  return { key, label, kind, unit };
}

describe('suggestMapping', () => {
  const headers = [
    'Partner ID',
    'Partner Name',
    'Company',
    'Partner Type',
    'Current Tier',
    'Region',
    'Segment',
    'Partner Manager',
    'ARR (USD)',
    'CSAT %',
    'Rating',
    'Joined on',
    'Co-sell signed',
    '',
    '',
    'Region',
    'Partner Revenue',
    'Partner Revenue',
    'Notes',
    'Empty metric',
  ];
  const columns: RawCell[][] = [
    ['P-1', 'P-2'],
    ['Acme', 'Globex'],
    ['Acme Inc', 'Globex Ltd'],
    ['Reseller', 'ISV'],
    ['Gold', null],
    ['EMEA', 'APAC'],
    ['SMB', 'Enterprise'],
    ['Ann', 'Bob'],
    ['$1,200', '$3,400'],
    ['85', '92'],
    ['4.5', '3.9'],
    ['2026-06-30', '2025-01-01'],
    ['yes', 'no'],
    [null, ''],
    ['1', '2'],
    ['North', 'South'],
    ['100', '200'],
    ['300', '400'],
    ['call back in May', 'great partner'],
    [null, null],
  ];
  const mapping = suggestMapping(headers, columns);

  it('gives one valid mapping per header, in order', () => {
    expect(mapping).toHaveLength(headers.length);
    mapping.forEach((m, i) => {
      expect(m.index).toBe(i);
      expect(m.header).toBe(headers[i]);
      expect(ColumnMappingSchema.safeParse(m).success).toBe(true);
    });
  });

  it('maps the first column matching each field, and each field once', () => {
    const fields = mapping.flatMap((m) => (m.target.type === 'field' ? [[m.index, m.target.field] as const] : []));
    expect(fields).toEqual([
      [0, 'id'],
      [1, 'name'],
      [3, 'motion'],
      [4, 'currentTier'],
      [5, 'region'],
      [6, 'segment'],
      [7, 'owner'],
    ]);
  });

  it('makes the other columns metrics with canonical keys, labels and guessed kinds', () => {
    expect(metric(mapping[8] as ColumnMapping)).toEqual({ key: 'sourced_arr', label: 'ARR (USD)', kind: 'currency', unit: 'USD' });
    expect(metric(mapping[9] as ColumnMapping)).toEqual({ key: 'csat', label: 'CSAT %', kind: 'percent', unit: null });
    expect(metric(mapping[10] as ColumnMapping)).toEqual({ key: 'app_rating', label: 'Rating', kind: 'rating', unit: null });
    expect(metric(mapping[11] as ColumnMapping)).toEqual({ key: 'joined_on', label: 'Joined on', kind: 'date', unit: null });
    expect(metric(mapping[12] as ColumnMapping)).toEqual({ key: 'signed_cosell', label: 'Co-sell signed', kind: 'boolean', unit: null });
  });

  it('ignores a column with neither header nor values, names one with values by its letter', () => {
    expect(mapping[13]?.target).toEqual({ type: 'ignore' });
    expect(metric(mapping[14] as ColumnMapping)).toEqual({ key: 'column_o', label: 'Column O', kind: 'count', unit: null });
  });

  it('deduplicates keys', () => {
    expect(metric(mapping[16] as ColumnMapping).key).toBe('partner_revenue');
    expect(metric(mapping[17] as ColumnMapping).key).toBe('partner_revenue_2');
  });

  it('ignores columns of words (a second name column, notes, a second region)', () => {
    expect(mapping[2]?.target).toEqual({ type: 'ignore' });
    expect(mapping[15]?.target).toEqual({ type: 'ignore' });
    expect(mapping[18]?.target).toEqual({ type: 'ignore' });
  });

  it('keeps a headed column without values as a metric', () => {
    expect(metric(mapping[19] as ColumnMapping)).toEqual({ key: 'empty_metric', label: 'Empty metric', kind: 'number', unit: null });
  });

  it('dedupes long keys within 64 characters', () => {
    const long = 'a'.repeat(80);
    const m = suggestMapping([long, long, long], [['1'], ['2'], ['3']]).map((x) => metric(x).key);
    expect(m).toEqual(['a'.repeat(64), `${'a'.repeat(62)}_2`, `${'a'.repeat(62)}_3`]);
    for (const key of m) expect(MetricKeySchema.safeParse(key).success).toBe(true);
  });

  it('a canonical key used twice gets a suffix', () => {
    const m = suggestMapping(['ARR', 'ARR (USD)', 'Partner Name'], [['1'], ['2'], ['x']]);
    expect(m.map((x) => (x.target.type === 'metric' ? x.target.key : x.target.type))).toEqual(['sourced_arr', 'sourced_arr_2', 'field']);
  });

  it('copes with fewer columns than headers', () => {
    const m = suggestMapping(['Partner Name', 'ARR', ''], [['Acme']]);
    expect(m.map((x) => x.target.type)).toEqual(['field', 'metric', 'ignore']);
  });
});

describe("suggestMapping: a lead's own export", () => {
  const headers = 'Partner ID;Partner;Route to market;Tier FY25;Region;Channel manager;Lifetime bookings (EUR);Bookings FY26 (EUR);Bookings FY25 (EUR);Certified engineers'.split(';');
  const columns: RawCell[][] = [
    ['P-1', 'P-2', 'P-3'],
    ['Acme', 'Globex', 'Initech'],
    ['Reseller', 'Services', 'Reseller'],
    ['Gold', 'Silver', 'Gold'],
    ['EMEA', 'APAC', 'EMEA'],
    ['Ann', 'Bob', 'Ann'],
    ['16.033,97 €', '2.100,50 €', '1.000,00 €'],
    ['1.200,00 €', '800,00 €', '(3.000,00) €'],
    ['(3.000,00) €', '5.000,00 €', '700,10 €'],
    ['4', '2', '1'],
  ];

  it('maps the fields, and the rest as metrics', () => {
    const mapping = suggestMapping(headers, columns);
    expect(mapping.map((m) => (m.target.type === 'field' ? m.target.field : m.target.type))).toEqual([
      'id',
      'name',
      'motion',
      'currentTier',
      'region',
      'owner',
      'metric',
      'metric',
      'metric',
      'metric',
    ]);
    expect(mapping.slice(6).map(metric)).toEqual([
      { key: 'lifetime_bookings', label: 'Lifetime bookings (EUR)', kind: 'currency', unit: 'EUR' },
      { key: 'bookings_fy26', label: 'Bookings FY26 (EUR)', kind: 'currency', unit: 'EUR' },
      { key: 'bookings_fy25', label: 'Bookings FY25 (EUR)', kind: 'currency', unit: 'EUR' },
      { key: 'certified_engineers', label: 'Certified engineers', kind: 'count', unit: null },
    ]);
  });

  it('gives the current tier to the latest year named, else to the first column', () => {
    const targets = (hs: string[]): string[] =>
      suggestMapping(
        hs,
        hs.map(() => ['Gold', 'Silver']),
      ).map((m) => (m.target.type === 'field' ? m.target.field : m.target.type));
    expect(targets(['Tier FY24', 'Tier FY25', 'Tier FY23'])).toEqual(['ignore', 'currentTier', 'ignore']);
    expect(targets(['Tier 2024/25', 'Tier 2025/26'])).toEqual(['ignore', 'currentTier']);
    expect(targets(['Tier FY24', 'Tier (this year)'])).toEqual(['ignore', 'currentTier']);
    expect(targets(['Tier (FY24)', 'Tier (FY25)'])).toEqual(['ignore', 'currentTier']);
    expect(targets(['Tier', 'Tier FY25'])).toEqual(['currentTier', 'ignore']);
    expect(targets(['Tier FY25', 'Status'])).toEqual(['currentTier', 'ignore']);
  });
});

describe('a number sign after a word', () => {
  it('means "number": "Partner #" and "Account #" are ids, not names', () => {
    expect(normaliseHeader('Partner #')).toBe('partner number');
    expect(matchField('Partner #')).toBe('id');
    expect(matchField('Account #')).toBe('id');
    expect(matchField('Partner')).toBe('name');
  });
});
