/**
 * Builders for engine tests: scenarios through the real zod schema (so defaults apply),
 * small hand-made datasets, and the DESIGN D12.1 example ladders on the generator's metric keys.
 */
import { ScenarioSchema, type Requirement, type Scenario, type ScenarioInput } from '../../../shared/model/scenario';
import type { ColumnarDataset, PartnerIdentity } from '../../../shared/model/dataset';
import type { MetricDef, MetricKind } from '../../../shared/model/workspace';
import { SAMPLE_METRICS } from '../../../scenarios/generator';

type Partial2<T> = { [K in keyof T]?: T[K] };

export function scenario(input: Partial2<ScenarioInput> & { ladders: ScenarioInput['ladders'] }): Scenario {
  const parsed = ScenarioSchema.safeParse({ format: 'tierscape-scenario', version: 1, name: 'Test', ...input });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return parsed.data;
}

export interface Row {
  id: string;
  name?: string;
  motion?: string;
  currentTier?: string | null;
  [metric: string]: number | null | string | undefined;
}

const IDENTITY = new Set(['id', 'name', 'motion', 'currentTier']);

/** A dataset from rows; metrics default to the generator's (by key), others are `number` unless typed in `kinds`. */
export function dataset(rows: Row[], kinds: Record<string, MetricKind | { label: string; kind: MetricKind; unit?: string | null }> = {}): ColumnarDataset {
  const keys: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!IDENTITY.has(k) && !keys.includes(k)) keys.push(k);
  for (const k of Object.keys(kinds)) if (!keys.includes(k)) keys.push(k);
  const metrics: MetricDef[] = keys.map((key) => {
    const given = kinds[key];
    if (typeof given === 'object') return { key, label: given.label, kind: given.kind, unit: given.unit ?? null };
    const known = SAMPLE_METRICS.find((m) => m.key === key);
    if (given) return { key, label: known?.label ?? key, kind: given, unit: known?.unit ?? null };
    return known ? { ...known } : { key, label: key, kind: 'number', unit: null };
  });
  const partners: PartnerIdentity[] = rows.map((r) => ({
    id: r.id,
    name: r.name ?? r.id,
    motion: r.motion ?? 'reseller',
    currentTier: r.currentTier ?? null,
    region: null,
    segment: null,
    owner: null,
  }));
  const values = keys.map((key) => Float64Array.from(rows, (r) => (typeof r[key] === 'number' ? (r[key] as number) : Number.NaN)));
  return { metrics, partners, values };
}

// ---------------------------------------------------------------------------------------
// Requirement shorthands

let seq = 0;
const nextId = (prefix: string) => `${prefix}${++seq}`;

export const ge = (metric: string, value: number, id = nextId('ge')): Requirement => ({ type: 'compare', id, metric, op: '>=', value });
export const gt = (metric: string, value: number, id = nextId('gt')): Requirement => ({ type: 'compare', id, metric, op: '>', value });
export const le = (metric: string, value: number, id = nextId('le')): Requirement => ({ type: 'compare', id, metric, op: '<=', value });
export const isTrue = (metric: string, id = nextId('t')): Requirement => ({ type: 'compare', id, metric, op: 'isTrue' });
export const all = (...items: Requirement[]): Requirement => ({ type: 'all', id: nextId('all'), items });
export const any = (...items: Requirement[]): Requirement => ({ type: 'any', id: nextId('any'), items });

export const COLORS = ['#8a8f98', '#2f80ed', '#9b51e0', '#f2994a', '#27ae60', '#eb5757'];

export function tier(id: string, requirement: Requirement | null, extra: Record<string, unknown> = {}) {
  return { id, name: id.charAt(0).toUpperCase() + id.slice(1), color: COLORS[seq++ % COLORS.length]!, requirement, ...extra };
}

// ---------------------------------------------------------------------------------------
// The DESIGN D12.1 example ladders (thresholds illustrative), on the generator's metric keys

export const BENEFITS: ScenarioInput['benefits'] = [
  { id: 'portal', name: 'Portal access', category: 'enablement' },
  { id: 'deal_reg', name: 'Deal registration', category: 'go_to_market', hours: 2 },
  { id: 'assets', name: 'Marketing assets', category: 'go_to_market', hours: 4 },
  { id: 'margin5', name: '+5 margin points', category: 'economics', marginPoints: 5, conflictType: 'margin_uplift' },
  { id: 'mdf', name: 'MDF eligibility', category: 'go_to_market', mdf: 10_000, conflictType: 'mdf_access' },
  { id: 'pm_time', name: 'Dedicated partner-manager time', category: 'support', hours: 40 },
  { id: 'exec', name: 'Executive sponsor', category: 'support', hours: 60, fixed: 5_000, conflictType: 'direct_cosell' },
  { id: 'roadmap', name: 'Roadmap input', category: 'support', hours: 10, conflictType: 'roadmap_input' },
  { id: 'leads_small', name: 'Small customer leads', category: 'go_to_market', hours: 6, conflictType: 'lead_routing' },
  { id: 'named_leads', name: 'Named-account leads', category: 'go_to_market', hours: 20, conflictType: 'lead_routing' },
  { id: 'exclusivity', name: 'Exclusivity on named accounts', category: 'go_to_market', hours: 10, conflictType: 'exclusivity' },
  { id: 'listing', name: 'Marketplace listing', category: 'go_to_market', fixed: 500 },
  { id: 'comarketing', name: 'Co-marketing', category: 'go_to_market', hours: 8, mdf: 5_000, conflictType: 'mdf_access' },
  { id: 'joint_ae', name: 'Joint AE engagement', category: 'go_to_market', hours: 30, conflictType: 'direct_cosell' },
];

export const RULES: ScenarioInput['rules'] = [
  { id: 'exclusivity_90', name: 'Exclusivity time-boxed to 90 days', covers: ['exclusivity'] },
  { id: 'margin_by_deal', name: 'Margin tied to deal complexity', covers: ['margin_uplift'] },
  { id: 'jbp', name: 'Joint Business Plan for direct co-sell', covers: ['direct_cosell'] },
  { id: 'mdf_open', name: 'MDF criteria published, open to any tier', covers: ['mdf_access'] },
];

export const METAL_MAPPING = [
  { label: 'Bronze', level: 0 },
  { label: 'Silver', level: 1 },
  { label: 'Gold', level: 2 },
  { label: 'Platinum', level: 3 },
];

export function resellerLadder() {
  return {
    id: 'resellers',
    motion: 'reseller',
    name: 'Resellers',
    tiers: [
      { id: 'registered', name: 'Registered', color: '#8a8f98', requirement: null, benefits: ['portal', 'deal_reg'] },
      { id: 'selling', name: 'Selling', color: '#2f80ed', requirement: all(ge('sourced_arr', 50_000, 'r_arr50k'), ge('active_sellers', 3, 'r_sellers3')), benefits: ['portal', 'deal_reg', 'assets', 'margin5'] },
      { id: 'specialist', name: 'Specialist', color: '#9b51e0', requirement: all(ge('sourced_arr', 250_000, 'r_arr250k'), ge('vertical_certifications', 1, 'r_vert1')), benefits: ['portal', 'deal_reg', 'assets', 'margin5', 'mdf', 'pm_time'] },
      {
        id: 'strategic',
        name: 'Strategic',
        color: '#f2994a',
        requirement: all(ge('sourced_arr', 1_000_000, 'r_arr1m'), isTrue('dedicated_practice', 'r_practice'), isTrue('co_built_solution', 'r_cobuilt')),
        benefits: ['portal', 'deal_reg', 'assets', 'margin5', 'mdf', 'pm_time', 'exec', 'roadmap'],
      },
    ],
  };
}

export function servicesLadder() {
  return {
    id: 'services',
    motion: 'services',
    name: 'Services partners',
    tiers: [
      { id: 'trained', name: 'Trained', color: '#8a8f98', requirement: ge('certified_consultants', 2, 's_consultants2'), benefits: ['portal'] },
      { id: 'delivering', name: 'Delivering', color: '#2f80ed', requirement: all(ge('implementations', 3, 's_impl3'), ge('csat', 0.8, 's_csat80')), benefits: ['portal', 'leads_small'] },
      { id: 'certified_practice', name: 'Certified Practice', color: '#9b51e0', requirement: all(ge('implementations', 10, 's_impl10'), ge('vertical_certifications', 1, 's_vert1')), benefits: ['portal', 'named_leads', 'pm_time'] },
      {
        id: 'lead_implementer',
        name: 'Lead Implementer',
        color: '#f2994a',
        requirement: all(ge('implementations', 25, 's_impl25'), ge('reference_customers', 1, 's_ref1'), isTrue('published_methodology', 's_method')),
        benefits: ['portal', 'named_leads', 'pm_time', 'exclusivity', 'roadmap'],
      },
    ],
  };
}

export function technologyLadder() {
  return {
    id: 'technology',
    motion: 'technology',
    name: 'Technology partners',
    tiers: [
      { id: 'listed', name: 'Listed', color: '#8a8f98', requirement: null, benefits: ['listing'] },
      { id: 'validated', name: 'Validated', color: '#2f80ed', requirement: ge('mutual_customers', 10, 't_mutual10'), benefits: ['listing', 'comarketing'] },
      {
        id: 'co_sell',
        name: 'Co-Sell',
        color: '#9b51e0',
        requirement: all(ge('mutual_customers', 10, 't_mutual10b'), isTrue('alliance_manager', 't_alliance'), isTrue('signed_cosell', 't_cosell')),
        benefits: ['listing', 'comarketing', 'joint_ae'],
      },
      { id: 'joint_solution', name: 'Joint-Solution', color: '#f2994a', requirement: all(isTrue('co_built_solution', 't_cobuilt'), isTrue('signed_cosell', 't_cosell2')), benefits: ['listing', 'comarketing', 'joint_ae', 'roadmap', 'exec'] },
    ],
  };
}

/** Motion-fit ladders (DESIGN D12.1) with the IPP gate, an exit rule, benefits, rules, mapping, assumptions and policies. */
export function motionFitInput(): Partial2<ScenarioInput> & { ladders: ScenarioInput['ladders'] } {
  return {
    name: 'Motion-fit ladders',
    ladders: [resellerLadder(), servicesLadder(), technologyLadder()],
    eligibility: all(ge('ipp_fit', 60, 'g_ipp60'), ge('active_sellers', 1, 'g_sellers1')),
    exitRule: ge('ipp_fit', 30, 'x_ipp30'),
    tierMapping: METAL_MAPPING,
    benefits: BENEFITS,
    rules: RULES,
    enabledRules: ['exclusivity_90', 'margin_by_deal', 'jbp'],
    assumptions: { valueMetric: 'sourced_arr', capacityHours: 200_000, mdfBudget: 5_000_000, marginBudget: 2_000_000 },
    policies: { grandfatherQuarters: 2, maxDemotionLevels: 1, warningBandPct: 10, inflationAlertPct: 20 },
  };
}

export function motionFitScenario(): Scenario {
  return scenario(motionFitInput());
}

/** Metals on lifetime ARR alone (the anti-pattern of DESIGN D12.1), one ladder for everyone. */
export function metalsScenario(): Scenario {
  return scenario({
    name: 'Metals, revenue only',
    ladders: [
      {
        id: 'metals',
        motion: '*',
        name: 'Partner program',
        tiers: [
          { id: 'bronze', name: 'Bronze', color: '#cd7f32', requirement: null, benefits: ['portal'] },
          { id: 'silver', name: 'Silver', color: '#c0c0c0', requirement: ge('lifetime_arr', 100_000, 'm_100k'), benefits: ['portal', 'deal_reg'] },
          { id: 'gold', name: 'Gold', color: '#ffd700', requirement: ge('lifetime_arr', 1_000_000, 'm_1m'), benefits: ['portal', 'deal_reg', 'margin5', 'mdf'] },
          { id: 'platinum', name: 'Platinum', color: '#e5e4e2', requirement: ge('lifetime_arr', 5_000_000, 'm_5m'), benefits: ['portal', 'deal_reg', 'margin5', 'mdf', 'exec', 'exclusivity'] },
        ],
      },
    ],
    tierMapping: METAL_MAPPING,
    benefits: BENEFITS,
    rules: RULES,
    assumptions: { valueMetric: 'sourced_arr', capacityHours: null, mdfBudget: null, marginBudget: null },
  });
}

/** Two-tier starter (DESIGN D12.1): Partner / Preferred Partner. */
export function starterScenario(): Scenario {
  return scenario({
    name: 'Two-tier starter',
    ladders: [
      {
        id: 'starter',
        motion: '*',
        name: 'Partner program',
        tiers: [
          { id: 'partner', name: 'Partner', color: '#8a8f98', requirement: null, benefits: ['portal', 'deal_reg'] },
          { id: 'preferred', name: 'Preferred Partner', color: '#2f80ed', requirement: all(ge('sourced_arr', 100_000, 'p_arr'), ge('active_sellers', 2, 'p_sellers')), benefits: ['portal', 'deal_reg', 'assets', 'pm_time'] },
        ],
      },
    ],
    tierMapping: [
      { label: 'Bronze', level: 0 },
      { label: 'Silver', level: 0 },
      { label: 'Gold', level: 1 },
      { label: 'Platinum', level: 1 },
    ],
    benefits: BENEFITS,
    assumptions: { valueMetric: 'sourced_arr', capacityHours: null, mdfBudget: null, marginBudget: null },
  });
}

/** App-marketplace tiers (DESIGN D12.1, HubSpot-style), for technology partners. */
export function marketplaceScenario(): Scenario {
  return scenario({
    name: 'App marketplace',
    ladders: [
      {
        id: 'apps',
        motion: 'technology',
        name: 'App partners',
        strict: true,
        tiers: [
          {
            id: 'certified',
            name: 'Certified',
            color: '#8a8f98',
            requirement: all(ge('app_installs', 25, 'a_inst25'), ge('app_rating', 4.0, 'a_rate40'), ge('app_reviews', 15, 'a_rev15'), ge('api_active_days', 90, 'a_api90')),
          },
          { id: 'premier', name: 'Premier', color: '#2f80ed', requirement: all(ge('app_installs', 500, 'a_inst500'), ge('app_rating', 4.5, 'a_rate45'), ge('app_reviews', 50, 'a_rev50'), ge('sourced_arr', 50_000, 'a_arr50k')) },
          { id: 'elite', name: 'Elite', color: '#9b51e0', requirement: all(ge('app_installs', 2_000, 'a_inst2k'), ge('app_rating', 4.7, 'a_rate47'), ge('integrated_products', 2, 'a_hubs2'), ge('sourced_arr', 250_000, 'a_arr250k')) },
        ],
      },
    ],
  });
}

/** Points-based (DESIGN D12.1, Xero-style): points for sourced ARR, certifications and customers. */
export function pointsScenario(): Scenario {
  const points = (id: string, min: number, sourcedMin: number): Requirement => ({
    type: 'points',
    id,
    min,
    rules: [
      { id: 'arr', label: 'Sourced ARR', metric: 'sourced_arr', mode: 'perUnit', per: 1_000, points: 1 },
      { id: 'certs', label: 'Certified consultants', metric: 'certified_consultants', mode: 'perUnit', points: 50, cap: 500 },
      { id: 'refs', label: 'Reference customers', metric: 'reference_customers', mode: 'perUnit', points: 25 },
      { id: 'method', label: 'Published methodology', metric: 'published_methodology', mode: 'fixed', points: 100 },
    ],
    subMinimums: [{ rules: ['arr'], min: sourcedMin, label: 'sourced ARR' }],
  });
  return scenario({
    name: 'Points-based',
    ladders: [
      {
        id: 'points',
        motion: '*',
        name: 'Partner program',
        tiers: [
          { id: 'bronze_pts', name: 'Member', color: '#8a8f98', requirement: null },
          { id: 'silver_pts', name: 'Growing', color: '#2f80ed', requirement: points('pts300', 300, 100) },
          { id: 'gold_pts', name: 'Leading', color: '#9b51e0', requirement: points('pts1000', 1_000, 300) },
        ],
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------
// Small scenarios and readers for table tests

export interface TierSpec {
  id: string;
  requirement: Requirement | null;
  cap?: { count: number; rankBy: string; direction?: 'asc' | 'desc' };
  benefits?: string[];
  name?: string;
}

/** One '*' ladder (or `motion`) with the given tiers, lowest first. */
export function ladder(tiers: TierSpec[], options: { id?: string; motion?: string; strict?: boolean; name?: string } = {}) {
  return {
    id: options.id ?? 'main',
    motion: options.motion ?? '*',
    name: options.name ?? 'Main ladder',
    strict: options.strict ?? false,
    tiers: tiers.map((t, i) => ({
      id: t.id,
      name: t.name ?? t.id.charAt(0).toUpperCase() + t.id.slice(1),
      color: COLORS[i % COLORS.length]!,
      requirement: t.requirement,
      cap: t.cap ? { direction: 'desc' as const, ...t.cap } : null,
      benefits: t.benefits ?? [],
    })),
  };
}

/** Each partner's tier id (null: untiered). */
export function tierIds(outcome: { level: Int8Array; ladderIndex: Int8Array; ladders: { tiers: { id: string }[] }[] }): (string | null)[] {
  return Array.from(outcome.level, (lv, p) => {
    const l = outcome.ladderIndex[p]!;
    return l >= 0 && lv >= 0 ? outcome.ladders[l]!.tiers[lv]!.id : null;
  });
}
