/**
 * The scenario model (DESIGN D4–D6) and its versioned JSON file format
 * (`{ "format": "tierscape-scenario", "version": 1, … }`): ladders per motion with tiers
 * and requirement trees, caps, strict ladders, the eligibility gate and exit rule, the
 * mapping of current-tier labels, overrides, the benefit catalog with costs and conflict
 * types, offsetting rules, derived metrics, assumptions and policies.
 *
 * Everything is validated with zod at every boundary (IPC, files, the workspace), with
 * limits on sizes so a hostile file cannot exhaust memory.
 */
import { z } from 'zod';
import { COMPARISON_OPS, OPERATORS, opNeedsValue } from './operators';
import { err, ok, type Result } from './result';
import { MetricKeySchema, MetricKindSchema } from './workspace';

export const SCENARIO_FORMAT = 'tierscape-scenario';
export const SCENARIO_VERSION = 1;

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id is up to 64 letters, digits, _ . or -');
const Name = z.string().trim().min(1, 'a name is required').max(120);
const Text = z.string().max(2000);
const Finite = z.number().finite();
/** A metric a requirement or rule reads: a dataset metric or a derived one. */
const MetricRef = MetricKeySchema;

// ---------------------------------------------------------------------------------------
// Requirements: an expression tree of all / any groups, comparisons and points leaves

export const ComparisonOpSchema = z.enum(COMPARISON_OPS);

export const ComparisonSchema = z
  .object({
    type: z.literal('compare'),
    id: Id,
    metric: MetricRef,
    op: ComparisonOpSchema,
    /** the threshold (>=, >, <=, <, =, !=) or the lower bound (between): operators.ts, arity 1 and 2 */
    value: Finite.optional(),
    /** the upper bound (between, inclusive) */
    value2: Finite.optional(),
    /** the accepted values (in) */
    values: z.array(Finite).max(200).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const { arity } = OPERATORS[c.op];
    if (opNeedsValue(c.op) && c.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" needs a value` });
    if (arity === 2) {
      if (c.value2 === undefined) ctx.addIssue({ code: 'custom', path: ['value2'], message: `"${c.op}" needs an upper bound` });
      else if (c.value !== undefined && c.value2 < c.value) ctx.addIssue({ code: 'custom', path: ['value2'], message: 'the upper bound is below the lower bound' });
    }
    if (arity === 'list' && !(c.values && c.values.length)) ctx.addIssue({ code: 'custom', path: ['values'], message: `"${c.op}" needs at least one value` });
  });
export type Comparison = z.infer<typeof ComparisonSchema>;

/**
 * One way to earn points: `fixed` points when a condition on a metric holds (e.g. 100
 * points for a signed co-sell), or `perUnit` points for every `per` units of a metric
 * (e.g. 5 points per $100 sourced), optionally capped.
 */
export const PointsRuleSchema = z
  .object({
    id: Id,
    label: Name,
    metric: MetricRef,
    mode: z.enum(['fixed', 'perUnit']),
    points: Finite.min(0).max(1e9),
    /** perUnit: the size of one unit (default 1) */
    per: Finite.positive().optional(),
    /** fixed: the condition that earns the points (default: the metric is true / non-zero) */
    op: ComparisonOpSchema.optional(),
    value: Finite.optional(),
    /** at most this many points from this rule */
    cap: Finite.min(0).optional(),
  })
  .strict();
export type PointsRule = z.infer<typeof PointsRuleSchema>;

export const PointsLeafSchema = z
  .object({
    type: z.literal('points'),
    id: Id,
    rules: z.array(PointsRuleSchema).min(1).max(50),
    /** total points needed */
    min: Finite.min(0),
    /** "at least 300 of them sourced": a minimum over a subset of the rules */
    subMinimums: z.array(z.object({ rules: z.array(Id).min(1), min: Finite.min(0), label: z.string().max(120).optional() }).strict()).max(10).default([]),
  })
  .strict();
export type PointsLeaf = z.infer<typeof PointsLeafSchema>;

export type Requirement = Comparison | PointsLeaf | { type: 'all' | 'any'; id: string; items: Requirement[] };

const MAX_REQUIREMENT_DEPTH = 8;

export const RequirementSchema: z.ZodType<Requirement> = z.lazy(() =>
  // keyed on `type`, so a bad requirement is reported by its own field, not as "Invalid input"
  z.discriminatedUnion('type', [
    ComparisonSchema,
    PointsLeafSchema,
    z
      .object({ type: z.enum(['all', 'any']), id: Id, items: z.array(RequirementSchema).max(50) })
      .strict(),
  ]),
) as z.ZodType<Requirement>;

export function requirementDepth(r: Requirement): number {
  return r.type === 'all' || r.type === 'any' ? 1 + Math.max(0, ...r.items.map(requirementDepth)) : 1;
}

// ---------------------------------------------------------------------------------------
// Benefits, conflicts, offsetting rules (DESIGN D5)

export const BENEFIT_CATEGORIES = ['economics', 'enablement', 'go_to_market', 'support'] as const;
export const KNOWN_CONFLICT_TYPES = ['exclusivity', 'margin_uplift', 'direct_cosell', 'mdf_access', 'lead_routing', 'roadmap_input'] as const;
const ConflictType = z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'a conflict type is lower-case letters, digits and _');

export const BenefitSchema = z
  .object({
    id: Id,
    name: Name,
    category: z.enum(BENEFIT_CATEGORIES),
    /** partner-manager hours per partner per year */
    hours: Finite.min(0).default(0),
    /** MDF dollars per partner per year */
    mdf: Finite.min(0).default(0),
    /** other fixed dollars per partner per year */
    fixed: Finite.min(0).default(0),
    /** margin points: cost = points / 100 × the partner's value metric */
    marginPoints: Finite.min(0).max(100).default(0),
    conflictType: ConflictType.nullable().default(null),
  })
  .strict();
export type Benefit = z.infer<typeof BenefitSchema>;

export const OffsettingRuleSchema = z
  .object({ id: Id, name: Name, description: Text.default(''), covers: z.array(ConflictType).min(1).max(20) })
  .strict();
export type OffsettingRule = z.infer<typeof OffsettingRuleSchema>;

// ---------------------------------------------------------------------------------------
// Tiers and ladders (DESIGN D4)

export const TierSchema = z
  .object({
    id: Id,
    name: Name,
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb'),
    description: Text.default(''),
    /** null: no requirements (the entry tier) */
    requirement: RequirementSchema.nullable(),
    /** at most `count` partners, the best by `rankBy` (ties: see the engine) */
    cap: z.object({ count: z.number().int().min(0).max(10_000_000), rankBy: MetricRef, direction: z.enum(['desc', 'asc']).default('desc') }).strict().nullable().default(null),
    benefits: z.array(Id).max(100).default([]),
  })
  .strict();
export type Tier = z.infer<typeof TierSchema>;

export const ANY_MOTION = '*';

/** How motions are matched to ladders: trimmed, case-insensitive. */
export function motionKey(motion: string): string {
  return motion.trim().toLowerCase();
}

/** How current-tier labels are matched (the tier mapping, today's tiers): case and every space ignored. */
export function tierLabelKey(label: string): string {
  return label.toLowerCase().replace(/\s+/g, '');
}

export const LadderSchema = z
  .object({
    id: Id,
    /** the motion it tiers ('reseller' …), or '*' for every partner not on another ladder; one ladder per motion, case ignored */
    motion: z.string().trim().min(1).max(80),
    name: Name,
    /** a partner must also meet every lower tier */
    strict: z.boolean().default(false),
    /** lowest first */
    tiers: z.array(TierSchema).min(1).max(12),
  })
  .strict();
export type Ladder = z.infer<typeof LadderSchema>;

/** The ladder that tiers a motion: the one whose motion matches (trimmed, case-insensitive), else the '*' ladder; -1 for none. */
export function ladderForMotion(ladders: readonly Ladder[], motion: string): number {
  const key = motionKey(motion);
  const own = ladders.findIndex((l) => l.motion !== ANY_MOTION && motionKey(l.motion) === key);
  if (own >= 0) return own;
  return ladders.findIndex((l) => l.motion === ANY_MOTION);
}

// ---------------------------------------------------------------------------------------
// The scenario

export const DerivedMetricSchema = z
  .object({ key: MetricKeySchema, label: Name, kind: MetricKindSchema, unit: z.string().max(32).nullable().default(null), formula: z.string().min(1).max(2000) })
  .strict();
export type DerivedMetric = z.infer<typeof DerivedMetricSchema>;

/**
 * A current-tier label of the data ("Gold") placed on a level of the new ladders (0 = entry;
 * null: no tier today). `match` marks a placement Tierscape made (same name, metal order);
 * a placement made or changed by hand has none. One entry per label, case and spaces ignored.
 */
export const TierMappingEntrySchema = z
  .object({
    label: z.string().trim().min(1).max(120),
    level: z.number().int().min(0).max(11).nullable(),
    match: z.enum(['name', 'metal']).optional(),
  })
  .strict();
export type TierMappingEntry = z.infer<typeof TierMappingEntrySchema>;

export const OverrideSchema = z
  .object({ partnerId: z.string().min(1).max(200), tierId: Id, reason: z.string().trim().min(1, 'an override needs a written reason').max(1000) })
  .strict();
export type Override = z.infer<typeof OverrideSchema>;

export const AssumptionsSchema = z
  .object({
    /** the metric value concentration and margin cost are measured in (e.g. sourced_arr) */
    valueMetric: MetricRef.nullable().default(null),
    /** partner-manager hours available per year */
    capacityHours: Finite.min(0).nullable().default(null),
    mdfBudget: Finite.min(0).nullable().default(null),
    marginBudget: Finite.min(0).nullable().default(null),
  })
  .strict();
export type Assumptions = z.infer<typeof AssumptionsSchema>;

export const PoliciesSchema = z
  .object({
    /** quarters a demoted partner keeps its old tier's benefits (cost during grace = old tier's) */
    grandfatherQuarters: z.number().int().min(0).max(12).default(0),
    /** at most this many levels down per cycle (null: no limit) */
    maxDemotionLevels: z.number().int().min(1).max(11).nullable().default(null),
    /** within this % below its current tier's thresholds a partner is warned, not demoted (null: off) */
    warningBandPct: Finite.min(0).max(100).nullable().default(null),
    /** alert when the top tier holds more than this % of a ladder's partners (null: off) */
    inflationAlertPct: Finite.min(0).max(100).nullable().default(null),
  })
  .strict();
export type Policies = z.infer<typeof PoliciesSchema>;

const ScenarioObjectSchema = z
  .object({
    format: z.literal(SCENARIO_FORMAT),
    version: z.literal(SCENARIO_VERSION),
    name: Name,
    description: Text.default(''),
    /** "as is": built from the current-tier column; others show deltas against it */
    baseline: z.boolean().default(false),
    ladders: z.array(LadderSchema).min(1).max(20),
    /** a requirement every tier above entry also needs (the IPP / 4C check) */
    eligibility: RequirementSchema.nullable().default(null),
    /** partners who fail it are flagged exit candidates */
    exitRule: RequirementSchema.nullable().default(null),
    tierMapping: z.array(TierMappingEntrySchema).max(100).default([]),
    overrides: z.array(OverrideSchema).max(100_000).default([]),
    benefits: z.array(BenefitSchema).max(200).default([]),
    rules: z.array(OffsettingRuleSchema).max(100).default([]),
    /** the offsetting rules switched on in this scenario */
    enabledRules: z.array(Id).max(100).default([]),
    derivedMetrics: z.array(DerivedMetricSchema).max(50).default([]),
    assumptions: AssumptionsSchema.default({ valueMetric: null, capacityHours: null, mdfBudget: null, marginBudget: null }),
    policies: PoliciesSchema.default({ grandfatherQuarters: 0, maxDemotionLevels: null, warningBandPct: null, inflationAlertPct: null }),
  })
  .strict();

export const ScenarioSchema = ScenarioObjectSchema.superRefine((s, ctx) => checkReferences(s as Scenario, ctx));
export type Scenario = z.infer<typeof ScenarioObjectSchema>;
export type ScenarioInput = z.input<typeof ScenarioObjectSchema>;

function walk(r: Requirement | null, visit: (r: Requirement) => void): void {
  if (!r) return;
  visit(r);
  if (r.type === 'all' || r.type === 'any') r.items.forEach((i) => walk(i, visit));
}

/**
 * Everything a scenario refers to exists, and once: ids, benefits, rules, tiers of overrides;
 * one ladder per motion (compared as `motionKey` does) and one tier-mapping entry per
 * current-tier label (compared as `tierLabelKey` does: case and spaces ignored).
 */
function checkReferences(scenario: Scenario, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const benefitIds = new Set<string>();
  scenario.benefits.forEach((b, i) => {
    if (benefitIds.has(b.id)) issue(['benefits', i, 'id'], `the benefit id "${b.id}" is used twice`);
    benefitIds.add(b.id);
  });
  const ruleIds = new Set<string>();
  scenario.rules.forEach((r, i) => {
    if (ruleIds.has(r.id)) issue(['rules', i, 'id'], `the rule id "${r.id}" is used twice`);
    ruleIds.add(r.id);
  });
  scenario.enabledRules.forEach((id, i) => {
    if (!ruleIds.has(id)) issue(['enabledRules', i], `no offsetting rule has the id "${id}"`);
  });
  // a motion is tiered by the first ladder that matches it (ladderForMotion): a second one would tier no one
  const ladderOfMotion = new Map<string, Ladder>();
  const tierIds = new Set<string>();
  scenario.ladders.forEach((ladder, l) => {
    const first = ladderOfMotion.get(motionKey(ladder.motion));
    if (first) issue(['ladders', l, 'motion'], sameMotion(ladder, first));
    else ladderOfMotion.set(motionKey(ladder.motion), ladder);
    ladder.tiers.forEach((tier, t) => {
      if (tierIds.has(tier.id)) issue(['ladders', l, 'tiers', t, 'id'], `the tier id "${tier.id}" is used twice`);
      tierIds.add(tier.id);
      tier.benefits.forEach((b, k) => {
        if (!benefitIds.has(b)) issue(['ladders', l, 'tiers', t, 'benefits', k], `no benefit has the id "${b}"`);
      });
      if (tier.requirement && requirementDepth(tier.requirement) > MAX_REQUIREMENT_DEPTH) {
        issue(['ladders', l, 'tiers', t, 'requirement'], `requirements nest at most ${MAX_REQUIREMENT_DEPTH} deep`);
      }
      walk(tier.requirement, (r) => {
        if (r.type !== 'points') return;
        const ids = new Set(r.rules.map((x) => x.id));
        r.subMinimums.forEach((m, k) =>
          m.rules.forEach((id) => {
            if (!ids.has(id)) issue(['ladders', l, 'tiers', t, 'requirement', 'subMinimums', k], `no points rule "${id}" in this leaf`);
          }),
        );
      });
    });
  });
  scenario.overrides.forEach((o, i) => {
    if (!tierIds.has(o.tierId)) issue(['overrides', i, 'tierId'], `no tier has the id "${o.tierId}"`);
  });
  // a label is placed by its first entry (the engine reads no other): a second one would never apply
  const entryOfLabel = new Map<string, number>();
  scenario.tierMapping.forEach((entry, i) => {
    const first = entryOfLabel.get(tierLabelKey(entry.label));
    if (first !== undefined) issue(['tierMapping', i, 'label'], sameLabel(entry, scenario.tierMapping[first]!, first));
    else entryOfLabel.set(tierLabelKey(entry.label), i);
  });
  const derived = new Set<string>();
  scenario.derivedMetrics.forEach((d, i) => {
    if (derived.has(d.key)) issue(['derivedMetrics', i, 'key'], `the derived metric "${d.key}" is defined twice`);
    derived.add(d.key);
  });
}

/** Why a second ladder of a motion is refused, naming the ladder that tiers it. */
function sameMotion(ladder: Ladder, first: Ladder): string {
  if (ladder.motion === ANY_MOTION) return `the ladder "${first.name}" already tiers every motion without a ladder of its own ("*"), so this one would tier no one`;
  const spelled = first.motion === ladder.motion ? '' : `as "${first.motion}"; `;
  return `"${ladder.motion}" is already tiered by the ladder "${first.name}" (${spelled}motions are matched ignoring case), so this one would tier no one`;
}

/** Why a second entry of a current-tier label is refused, naming the entry that places it. */
function sameLabel(entry: TierMappingEntry, first: TierMappingEntry, at: number): string {
  const where = first.level === null ? 'no tier' : `level ${first.level}`;
  return `"${entry.label}" is already placed by tierMapping.${at} ("${first.label}", ${where}; labels are matched ignoring case and spaces), so this entry would never apply`;
}

/** Every metric key a scenario reads (requirements, caps, points rules, value metric); derived formulas excluded. */
export function metricsUsed(scenario: Scenario): Set<string> {
  const used = new Set<string>();
  const visit = (r: Requirement) => {
    if (r.type === 'compare') used.add(r.metric);
    if (r.type === 'points') r.rules.forEach((x) => used.add(x.metric));
  };
  for (const ladder of scenario.ladders) {
    for (const tier of ladder.tiers) {
      walk(tier.requirement, visit);
      if (tier.cap) used.add(tier.cap.rankBy);
    }
  }
  walk(scenario.eligibility, visit);
  walk(scenario.exitRule, visit);
  if (scenario.assumptions.valueMetric) used.add(scenario.assumptions.valueMetric);
  return used;
}

/** A scenario file's size limit, in characters (the page checks the file's bytes first). */
export const MAX_SCENARIO_FILE_CHARS = 5 * 1024 * 1024;

/** No scenario nests anywhere near this deep (requirements stop at 8 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * A refusal when `value` nests deeper than MAX_JSON_DEPTH, found without recursion: the
 * schema's own recursive checks would overflow the stack on a hostile file nested
 * thousands of levels deep, and that must be a clear refusal, not a crash.
 */
export function nestingProblem(value: unknown, max = MAX_JSON_DEPTH): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return `The scenario nests more than ${max} levels deep, which no Tierscape scenario does.`;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * A scenario as it arrives at a boundary (an IPC request): refused at once when it nests
 * deeper than any scenario does (so the schema never walks a hostile tree), else checked by
 * the whole schema. The boundary validates once; what passed is trusted from there on.
 */
export const ScenarioInputSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const tooDeep = nestingProblem(value);
    if (tooDeep) ctx.addIssue({ code: 'custom', message: tooDeep, abort: true });
  })
  .pipe(ScenarioSchema);

/**
 * Reads a scenario file's JSON. A wrong format or a version from a newer Tierscape gets a
 * clear refusal before the schema's own messages.
 */
export function parseScenarioFile(json: unknown): Result<Scenario, string[]> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return err(['A scenario file holds one JSON object.']);
  const tooDeep = nestingProblem(json);
  if (tooDeep) return err([tooDeep]);
  const head = json as { format?: unknown; version?: unknown };
  if (head.format !== SCENARIO_FORMAT) return err([`This is not a Tierscape scenario file (its "format" is ${JSON.stringify(head.format ?? null)}, expected "${SCENARIO_FORMAT}").`]);
  if (typeof head.version === 'number' && head.version > SCENARIO_VERSION) {
    return err([`This scenario was saved by a newer version of Tierscape (file version ${head.version}; this version reads version ${SCENARIO_VERSION}). Update Tierscape to open it.`]);
  }
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) {
    return err(parsed.error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`));
  }
  return ok(parsed.data);
}
