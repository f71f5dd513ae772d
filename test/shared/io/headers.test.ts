import { describe, expect, it } from 'vitest';
import { SAMPLE_METRICS } from '../../../scenarios/generator';
import { MetricKeySchema } from '../../../shared/model/workspace';
import { ColumnMappingSchema, type ColumnMapping, type PartnerField, type RawCell } from '../../../shared/io/types';
import { METRIC_SYNONYMS, matchField, metricKeyFor, normaliseHeader, suggestMapping } from '../../../shared/io/headers';

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

describe('a number sign after a word', () => {
  it('means "number": "Partner #" and "Account #" are ids, not names', () => {
    expect(normaliseHeader('Partner #')).toBe('partner number');
    expect(matchField('Partner #')).toBe('id');
    expect(matchField('Account #')).toBe('id');
    expect(matchField('Partner')).toBe('name');
  });
});
