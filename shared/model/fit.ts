/**
 * Fitting a design to a partner list (docs/ENGINE.md, "Fitting a design to a list"): a
 * scenario reads metrics by key; on a list that lacks some of them, say which and where
 * they are read, suggest a column of the list for each (by name and kind), and rewrite the
 * scenario to read the chosen columns.
 */
import { parseFormula } from './formula';
import type { Requirement, Scenario } from './scenario';
import type { MetricDef, MetricKind } from './workspace';

/** Where a scenario reads a metric. */
export interface MetricUse {
  part: 'requirement' | 'cap' | 'gate' | 'exit' | 'value' | 'derived';
  /** a readable place: "Gold (Resellers)", "the cap of Gold (Resellers)", "the derived metric ARR growth" */
  where: string;
  ladderId?: string;
  tierId?: string;
  /** the derived metric whose formula reads it */
  derivedKey?: string;
}

export interface MissingMetric {
  key: string;
  /** a readable name for the key ("lifetime_arr" → "Lifetime ARR") */
  label: string;
  /** the kind the design seems to expect, from how it is used and named; null: no idea */
  kind: MetricKind | null;
  uses: MetricUse[];
}

function walk(r: Requirement | null, visit: (r: Requirement) => void): void {
  if (!r) return;
  visit(r);
  if (r.type === 'all' || r.type === 'any') r.items.forEach((i) => walk(i, visit));
}

/** Every metric the scenario reads, with where: requirements, caps, the gate, the exit rule, the value metric and derived formulas. */
export function metricUses(scenario: Scenario): Map<string, MetricUse[]> {
  const uses = new Map<string, MetricUse[]>();
  const note = (key: string, use: MetricUse) => {
    const list = uses.get(key) ?? [];
    if (!list.some((u) => u.where === use.where)) list.push(use);
    uses.set(key, list);
  };
  const visitor = (use: MetricUse) => (r: Requirement) => {
    if (r.type === 'compare') note(r.metric, use);
    if (r.type === 'points') r.rules.forEach((x) => note(x.metric, use));
  };
  for (const ladder of scenario.ladders) {
    for (const tier of ladder.tiers) {
      const where = `${tier.name} (${ladder.name})`;
      walk(tier.requirement, visitor({ part: 'requirement', where, ladderId: ladder.id, tierId: tier.id }));
      if (tier.cap) note(tier.cap.rankBy, { part: 'cap', where: `the cap of ${where}`, ladderId: ladder.id, tierId: tier.id });
    }
  }
  walk(scenario.eligibility, visitor({ part: 'gate', where: 'the eligibility gate' }));
  walk(scenario.exitRule, visitor({ part: 'exit', where: 'the exit rule' }));
  if (scenario.assumptions.valueMetric) note(scenario.assumptions.valueMetric, { part: 'value', where: 'the value metric' });
  const derivedKeys = new Set(scenario.derivedMetrics.map((d) => d.key));
  for (const d of scenario.derivedMetrics) {
    for (const ref of formulaKeys(d.formula)) {
      if (!derivedKeys.has(ref)) note(ref, { part: 'derived', where: `the derived metric ${d.label}`, derivedKey: d.key });
    }
  }
  return uses;
}

/** The metric keys a formula's text names (whether or not they exist). */
export function formulaKeys(formula: string): string[] {
  const parsed = parseFormula(formula, ANY_KEY);
  return parsed.ok ? parsed.value.refs : [];
}

/** A set that holds every key: the formula is parsed for its references only. */
const ANY_KEY: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

/**
 * The metrics the scenario reads that neither the list nor one of the scenario's derived
 * metrics provides, each with every place it is read — in the scenario's order.
 */
export function missingMetrics(scenario: Scenario, metrics: readonly Pick<MetricDef, 'key'>[]): MissingMetric[] {
  const have = new Set(metrics.map((m) => m.key));
  const derived = new Set(scenario.derivedMetrics.map((d) => d.key));
  const out: MissingMetric[] = [];
  for (const [key, uses] of metricUses(scenario)) {
    if (have.has(key) || derived.has(key)) continue;
    out.push({ key, label: humanKey(key), kind: expectedKind(scenario, key), uses });
  }
  return out;
}

const ACRONYMS = new Set(['arr', 'acv', 'tcv', 'mdf', 'csat', 'nps', 'api', 'ipp', 'icp', 'crm', 'py', 'cy', 'ltv', 'id', 'usd', 'eur', 'gbp']);

/** "lifetime_arr" → "Lifetime ARR", "sourced_arr_py" → "Sourced ARR PY". */
export function humanKey(key: string): string {
  const words = key.split('_').filter(Boolean);
  return words.map((w, i) => (ACRONYMS.has(w) ? w.toUpperCase() : i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
}

// ---------------------------------------------------------------------------------------
// Kinds and names

const KIND_WORDS: readonly [MetricKind, readonly string[]][] = [
  ['currency', ['arr', 'acv', 'tcv', 'revenue', 'revenues', 'bookings', 'booking', 'sales', 'turnover', 'income', 'mdf', 'budget', 'spend', 'pipeline', 'usd', 'eur', 'gbp', 'value', 'ltv', 'margin', 'amount', 'dollars', 'euros']],
  ['percent', ['pct', 'percent', 'percentage', 'rate', 'ratio', 'share', 'csat', 'satisfaction', 'growth', 'attainment', 'retention', 'churn', 'utilisation', 'utilization']],
  ['rating', ['rating', 'stars']],
  ['date', ['date', 'joined', 'since', 'on']],
  [
    'count',
    ['count', 'number', 'customers', 'clients', 'accounts', 'logos', 'sellers', 'reps', 'consultants', 'engineers', 'practitioners', 'certifications', 'certs', 'implementations', 'deployments', 'projects', 'installs', 'installations', 'reviews', 'references', 'days', 'products', 'hubs', 'deals', 'opportunities', 'leads', 'employees', 'staff', 'people'],
  ],
  ['boolean', ['has', 'is', 'signed', 'dedicated', 'published', 'built', 'agreement', 'flag', 'active']],
];

/** The kind a key or header suggests by its words; null when nothing does. */
export function kindFromName(name: string): MetricKind | null {
  const words = new Set(nameWords(name));
  for (const [kind, list] of KIND_WORDS) if (list.some((w) => words.has(w))) return kind;
  return null;
}

/** The kind a scenario expects of a metric: yes/no when it tests it so, money for the value metric, else by its name. */
export function expectedKind(scenario: Scenario, key: string): MetricKind | null {
  let booleanUse = false;
  let valueUse = false;
  const visit = (r: Requirement) => {
    if (r.type === 'compare' && r.metric === key && (r.op === 'isTrue' || r.op === 'isFalse')) booleanUse = true;
  };
  for (const ladder of scenario.ladders) for (const tier of ladder.tiers) walk(tier.requirement, visit);
  walk(scenario.eligibility, visit);
  walk(scenario.exitRule, visit);
  if (scenario.assumptions.valueMetric === key) valueUse = true;
  if (booleanUse) return 'boolean';
  const byName = kindFromName(key);
  if (byName) return byName;
  return valueUse ? 'currency' : null;
}

/** Words that mean the same thing in partner data, each group by a representative. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['arr', 'revenue', 'revenues', 'bookings', 'booking', 'sales', 'turnover', 'acv', 'income'],
  ['lifetime', 'total', 'cumulative', 'alltime', 'ltv', 'overall'],
  ['sourced', 'generated', 'originated'],
  ['customers', 'customer', 'clients', 'client', 'accounts', 'logos'],
  ['mutual', 'shared', 'joint', 'common', 'overlapping', 'overlap'],
  ['sellers', 'seller', 'reps', 'rep', 'salespeople', 'ae', 'aes'],
  ['consultants', 'consultant', 'engineers', 'engineer', 'practitioners', 'experts', 'professionals', 'staff'],
  ['certifications', 'certification', 'certs', 'cert', 'specializations', 'specialisations', 'accreditations'],
  ['certified', 'accredited', 'trained'],
  ['implementations', 'implementation', 'deployments', 'deployment', 'projects', 'golives'],
  ['csat', 'satisfaction', 'nps'],
  ['installs', 'install', 'installations', 'installed'],
  ['rating', 'stars', 'score'],
  ['reviews', 'review'],
  ['references', 'reference', 'referenceable'],
  ['cy', 'current', 'this', 'fy'],
  ['py', 'prior', 'previous', 'last', 'ly'],
  ['cosell', 'co', 'sell'],
  ['ipp', 'icp', 'fit', 'profile'],
  ['joined', 'since', 'start', 'onboarded', 'enrolled'],
];

const STOP_WORDS = new Set(['of', 'the', 'and', 'a', 'an', 'in', 'per', 'for', 'number', 'no', 'count', 'usd', 'eur', 'gbp', 'chf']);

const SYNONYM_OF = new Map<string, string>(SYNONYMS.flatMap((group) => group.map((w) => [w, group[0]!] as const)));

function nameWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Words of a key or label for matching: synonyms folded, years and stop words dropped. */
function matchWords(text: string): Set<string> {
  return new Set(
    nameWords(text)
      .filter((w) => !STOP_WORDS.has(w) && !/^(fy)?\d+$/.test(w))
      .map((w) => SYNONYM_OF.get(w) ?? w),
  );
}

/** How compatible a column of `kind` is with a metric expected to be `expected`: 1 same, 0.5 close, 0 unlike. */
function kindFit(expected: MetricKind | null, kind: MetricKind): number {
  if (expected === null || expected === kind) return 1;
  const numeric = new Set<MetricKind>(['currency', 'count', 'number', 'percent', 'rating']);
  if (numeric.has(expected) && numeric.has(kind)) return expected === 'currency' || kind === 'currency' ? 0.3 : 0.6;
  return 0;
}

export interface BindingCandidate {
  key: string;
  label: string;
  kind: MetricKind;
  /** 0..1, higher is a better match */
  score: number;
}

/**
 * The list's columns that could stand for a missing metric, best first: word overlap of
 * key and label (synonyms folded: "ARR" ~ "bookings", "lifetime" ~ "total"), weighted by
 * how well the kinds agree. Columns of an unlike kind (yes/no for money) are left out.
 */
export function bindingCandidates(missing: Pick<MissingMetric, 'key' | 'kind'>, metrics: readonly MetricDef[]): BindingCandidate[] {
  const want = matchWords(missing.key);
  const out: BindingCandidate[] = [];
  for (const m of metrics) {
    const fit = kindFit(missing.kind, m.kind);
    if (fit === 0) continue;
    const have = new Set([...matchWords(m.key), ...matchWords(m.label)]);
    let shared = 0;
    for (const w of want) if (have.has(w)) shared++;
    const overlap = want.size === 0 ? 0 : shared / want.size;
    out.push({ key: m.key, label: m.label, kind: m.kind, score: Math.round(overlap * fit * 1000) / 1000 });
  }
  return out.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
}

/** A suggestion is made only from this score up (half the words, kinds agreeing). */
export const SUGGEST_FROM = 0.5;

/**
 * One suggested column per missing metric where a good one exists: best scores first, and
 * a column suggested for one metric is not suggested for another. Columns the scenario
 * already reads under their own key are not suggested.
 */
export function suggestBindings(scenario: Scenario, missing: readonly MissingMetric[], metrics: readonly MetricDef[]): Map<string, string> {
  const used = new Set(metricUses(scenario).keys());
  const options = missing.flatMap((m) =>
    bindingCandidates(m, metrics)
      .filter((c) => c.score >= SUGGEST_FROM && !used.has(c.key))
      .map((c) => ({ missing: m.key, column: c.key, score: c.score })),
  );
  options.sort((a, b) => b.score - a.score);
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const o of options) {
    if (out.has(o.missing) || taken.has(o.column)) continue;
    out.set(o.missing, o.column);
    taken.add(o.column);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Binding

function renameIn(r: Requirement | null, rename: (key: string) => string): Requirement | null {
  if (!r) return r;
  switch (r.type) {
    case 'compare':
      return { ...r, metric: rename(r.metric) };
    case 'points':
      return { ...r, rules: r.rules.map((x) => ({ ...x, metric: rename(x.metric) })) };
    case 'all':
    case 'any':
      return { ...r, items: r.items.map((i) => renameIn(i, rename)!) };
  }
}

/** The formula text with every reference to `from` written as `to`, spacing and the rest kept. */
export function renameInFormula(formula: string, from: string, to: string): string {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return formula.replace(new RegExp(`(?<![A-Za-z0-9_.$])${escaped}(?![A-Za-z0-9_$]|\\s*\\()`, 'g'), to);
}

/**
 * The scenario reading the list's column `bindings.get(key)` wherever it read `key`:
 * requirements, points rules, caps, the gate, the exit rule, the value metric and derived
 * formulas. Keys not in `bindings` are left as they are.
 */
export function bindMetrics(scenario: Scenario, bindings: ReadonlyMap<string, string>): Scenario {
  if (bindings.size === 0) return scenario;
  const rename = (key: string) => bindings.get(key) ?? key;
  const derivedKeys = new Set(scenario.derivedMetrics.map((d) => d.key));
  return {
    ...scenario,
    ladders: scenario.ladders.map((l) => ({
      ...l,
      tiers: l.tiers.map((t) => ({ ...t, requirement: renameIn(t.requirement, rename), cap: t.cap ? { ...t.cap, rankBy: rename(t.cap.rankBy) } : null })),
    })),
    eligibility: renameIn(scenario.eligibility, rename),
    exitRule: renameIn(scenario.exitRule, rename),
    assumptions: { ...scenario.assumptions, valueMetric: scenario.assumptions.valueMetric ? rename(scenario.assumptions.valueMetric) : null },
    derivedMetrics: scenario.derivedMetrics.map((d) => {
      let formula = d.formula;
      for (const [from, to] of bindings) if (!derivedKeys.has(from)) formula = renameInFormula(formula, from, to);
      return formula === d.formula ? d : { ...d, formula };
    }),
  };
}

/** "Lifetime ARR → Lifetime bookings (EUR)", for notes about a binding. */
export function describeBinding(missing: Pick<MissingMetric, 'label'>, column: Pick<MetricDef, 'label'>): string {
  return `${missing.label} → ${column.label}`;
}
