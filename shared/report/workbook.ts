/**
 * The leadership workbook (DESIGN D10.1) as data: every sheet's rows from the engine's outcomes
 * for the compared scenarios on one dataset — the same outcomes the compare view shows,
 * so the two cannot disagree. electron/services/export writes it as XLSX.
 *
 * Sheets, in order: Summary, Distribution, Resources, Conflict coverage, Movement, Design
 * review, Ladders, one Assignments sheet per scenario, and Report cards for one scenario.
 */
export { MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS, SHEET_TITLES, SHEETS, type OptionalSheet, type SheetInfo } from './options';
import {
  compareOutcomes,
  fitOf,
  kpisOf,
  movementFlows,
  type ComparisonResult,
  conflictName,
  explainPartner,
  type LadderInfo,
  type Outcome,
  type PartnerExplanation,
} from '../engine';
import { humanKey } from '../model/fit';
import { tierLabelKey } from '../model/tier-mapping';
import { currencyCode, currencyWord, datasetCurrency, withCurrencies } from '../model/currency';
import type { ColumnarDataset } from '../model/dataset';
import { describeRequirement, metricLookup, type MetricLookup } from '../model/describe';
import { formatCount, formatMetricValue } from '../model/format';
import { ANY_MOTION, type Requirement, type Scenario } from '../model/scenario';
import { kpiRows, referenceIndex, type KpiKind } from './kpis';
import { MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS, SHEETS, type OptionalSheet } from './options';
import { metricCell, sheetNames, type Cell, type CellFormat, type ColumnSpec, type SheetSpec, type WorkbookSpec } from './sheet';

/** Report cards show this many unmet requirements side by side; the rest are counted. */
export const REPORT_CARD_REQUIREMENTS = 6;

export interface ReportScenario {
  scenario: Scenario;
  /** evaluated on `data` by the engine (explanations need the very object evaluate returned) */
  outcome: Outcome;
}

export interface ReportInput {
  dataset: { label: string; asOf: string | null; partners: number };
  data: ColumnarDataset;
  /** 1 to 6, in the order they are shown */
  scenarios: ReportScenario[];
  /** the optional sheets to include (Summary always is) */
  sheets: readonly OptionalSheet[];
  /** index into `scenarios` of the scenario whose report cards to add; null: none */
  reportCards: number | null;
  /** ISO 8601 date-time of the export */
  exportedAt: string;
}

const KPI_FORMATS: Record<KpiKind, { value: CellFormat; delta: CellFormat }> = {
  count: { value: 'count', delta: 'deltaCount' },
  percent: { value: 'percent', delta: 'deltaPoints' },
  currency: { value: 'currency', delta: 'deltaCurrency' },
  hours: { value: 'hours', delta: 'deltaHours' },
};

const CHANGE_WORDS: Record<PartnerExplanation['movement'], string> = {
  untiered: 'untiered',
  promoted: 'promoted',
  demoted: 'demoted',
  unchanged: 'unchanged',
  newlyTiered: 'newly tiered',
  lostTier: 'lost tier',
};

/**
 * The change a partner sees once the ladder takes effect: the move the new ladder makes,
 * unless a rollout policy softens it (a warned partner keeps its tier, a limited demotion
 * goes fewer levels down, a grandfathered one keeps its old benefits for a while — limited
 * first or not). One word per rollout state, so the Change column counts the same
 * partition of the downgrades as the Summary (warned, limited, grandfathered, demoted now).
 */
export function changeWords(e: Pick<PartnerExplanation, 'movement' | 'rollout'>): string {
  switch (e.rollout.state) {
    case 'warned':
      return 'warned, not demoted';
    case 'grandfathered':
      if (e.rollout.limited === true) return 'demoted (limited), grandfathered';
      return e.movement === 'lostTier' ? 'lost tier, grandfathered' : 'demoted, grandfathered';
    case 'limited':
      return 'demoted (limited)';
    case 'normal':
      return CHANGE_WORDS[e.movement];
  }
}

function table(name: string, title: string[], columns: ColumnSpec[], rows: Cell[][], options: Partial<Pick<SheetSpec, 'freezeColumns' | 'landscape'>> = {}): SheetSpec {
  return { name, title, columns, rowCount: rows.length, row: (i) => rows[i]!, freezeColumns: options.freezeColumns ?? 1, landscape: options.landscape ?? true };
}

const col = (header: string, format: CellFormat = 'text'): ColumnSpec => ({ header, format });
/** a text column whose long entries wrap */
const wrapped = (header: string): ColumnSpec => ({ header, format: 'text', wrap: true });

/** The list's and the scenario's derived metrics, each currency metric in its currency (shared/model/currency). */
function metricsOf(input: ReportInput, scenario: Scenario): MetricLookup {
  return metricLookup(withCurrencies([...input.data.metrics, ...scenario.derivedMetrics], datasetCurrency(input.data.metrics)));
}

function ladderOf(outcome: Outcome, ladderId: string | null): LadderInfo | undefined {
  return ladderId === null ? undefined : outcome.ladders.find((l) => l.id === ladderId);
}

function motionWords(motion: string): string {
  return motion === ANY_MOTION ? 'every other motion' : motion;
}

/** A reason without the partner's own figures, so the same reason of many partners counts once. */
export function reasonKey(reason: string): string {
  if (reason.startsWith('warned, not demoted')) return 'warned, not demoted (warning band)';
  const pinned = /^(pinned to .+? by an override):/.exec(reason);
  if (pinned) return pinned[1]!;
  if (reason.startsWith('demotion limited to ')) return reason.replace(/: placed on .*$/, '');
  return reason.replace(/ \((?:[^()]*: )?has [^()]*\)$/, '');
}

function comparisonOf(scenarios: readonly ReportScenario[]): ComparisonResult {
  const entries = scenarios.map((s) => ({ name: s.scenario.name, baseline: s.scenario.baseline, outcome: s.outcome }));
  if (entries.length >= 2) return compareOutcomes(entries);
  const only = kpisOf(entries[0]!.name, entries[0]!.baseline, entries[0]!.outcome);
  return { baseline: only.baseline ? only.name : null, scenarios: [{ ...only, delta: null }] };
}

function datasetLine(input: ReportInput): string {
  const d = input.dataset;
  return `Dataset: ${d.label} · ${formatCount(d.partners)} partners${d.asOf ? ` · as of ${d.asOf}` : ''}`;
}

// ---------------------------------------------------------------------------------------
// Summary

function summarySheet(input: ReportInput, names: string[]): SheetSpec {
  const comparison = comparisonOf(input.scenarios);
  const reference = referenceIndex(comparison);
  const many = input.scenarios.length > 1;
  const refName = names[reference]!;
  const against = comparison.baseline !== null ? 'baseline' : refName;
  const columns: ColumnSpec[] = [col('Group'), col('Measure')];
  names.forEach((name, i) => {
    columns.push(wrapped(name));
    if (many && i !== reference) columns.push(col(`± vs ${against}`));
  });
  const rows: Cell[][] = [];
  const push = (group: string, label: string, values: (Cell | null)[], deltas: (number | null)[] | null, deltaFormat: CellFormat) => {
    const row: Cell[] = [group, label];
    values.forEach((v, i) => {
      row.push(v);
      if (many && i !== reference) row.push(deltas?.[i] === null || deltas?.[i] === undefined ? null : { value: deltas[i]!, format: deltaFormat });
    });
    rows.push(row);
  };
  const usage = (pick: (k: ComparisonResult['scenarios'][number]) => number | null, label: string) => {
    const values = comparison.scenarios.map(pick);
    const base = values[reference] ?? null;
    push(
      'Resources',
      label,
      values.map((v) => (v === null ? null : Number.isFinite(v) ? { value: v, format: 'percent' } : 'over (the budget is 0)')),
      values.map((v, i) => (i === reference || v === null || base === null || !Number.isFinite(v) || !Number.isFinite(base) ? null : (v - base) * 100)),
      'deltaPoints',
    );
  };
  for (const r of kpiRows(comparison, input.scenarios.map((s) => ({ ladders: s.outcome.ladders })))) {
    const f = KPI_FORMATS[r.kind];
    const scale = r.kind === 'percent' ? 100 : 1;
    push(
      r.group,
      r.label,
      r.cells.map((c) => (c.value === null ? null : { value: c.value, format: f.value })),
      r.cells.map((c) => (c.delta === null ? null : c.delta * scale)),
      f.delta,
    );
    // how much of each capacity or budget is used, after the money rows
    if (r.id === 'margin') {
      usage((k) => k.hoursUtilisation, 'Hours used of capacity');
      usage((k) => k.mdfUtilisation, 'MDF used of budget');
      usage((k) => k.marginUtilisation, 'Margin used of budget');
    }
  }

  // the assumptions, side by side
  const scenarios = input.scenarios.map((s) => s.scenario);
  const lookup = (s: Scenario) => metricsOf(input, s);
  const assumption = (label: string, cell: (s: Scenario) => Cell) => push('Assumptions', label, scenarios.map(cell), null, 'text');
  const amount = (v: number | null, format: CellFormat): Cell => (v === null ? 'not set' : { value: v, format });
  assumption('Marked as baseline', (s) => (s.baseline ? 'yes' : 'no'));
  assumption('Value metric', (s) => (s.assumptions.valueMetric ? lookup(s)(s.assumptions.valueMetric).label : 'not set'));
  assumption('Partner-manager hours available', (s) => amount(s.assumptions.capacityHours, 'hours'));
  assumption('MDF budget', (s) => amount(s.assumptions.mdfBudget, 'currency'));
  assumption('Margin budget', (s) => amount(s.assumptions.marginBudget, 'currency'));
  assumption('Ladders', (s) => s.ladders.map((l) => `${l.name} (${motionWords(l.motion)})`).join('; '));
  assumption('Offsetting rules switched on', (s) => s.rules.filter((r) => s.enabledRules.includes(r.id)).map((r) => r.name).join('; ') || 'none');
  assumption('Grandfathering (quarters)', (s) => ({ value: s.policies.grandfatherQuarters, format: 'count' }));
  assumption('Demotion limit (levels per cycle)', (s) => amount(s.policies.maxDemotionLevels, 'count'));
  assumption('Warning band', (s) => amount(s.policies.warningBandPct === null ? null : s.policies.warningBandPct / 100, 'percent'));
  assumption('Tier-inflation alert above', (s) => amount(s.policies.inflationAlertPct === null ? null : s.policies.inflationAlertPct / 100, 'percent'));
  assumption('Overrides', (s) => ({ value: s.overrides.length, format: 'count' }));

  const title = [
    many ? `Scenario comparison: ${names.join(' · ')}` : `Scenario: ${names[0]}`,
    datasetLine(input),
    `Exported ${input.exportedAt.slice(0, 10)} by Tierscape${
      many
        ? comparison.baseline !== null
          ? ` · changes are against the baseline, ${comparison.baseline}`
          : ` · none is marked baseline, so changes are against ${refName}`
        : ''
    }`,
    ...fitLines(input, names),
  ];
  return table('Summary', title, columns, rows, { freezeColumns: 2 });
}

/**
 * At the top of the Summary, per scenario: metrics the list lacks (requirements on them are
 * never met) and today's tiers it does not place — before any figure, as the Compare view says it.
 */
export function fitLines(input: Pick<ReportInput, 'dataset' | 'scenarios'>, names: readonly string[]): string[] {
  const lines: string[] = [];
  input.scenarios.forEach(({ outcome }, i) => {
    const fit = fitOf(outcome);
    const quoted = (items: readonly string[]) => items.map((x) => `"${x}"`).join(', ');
    if (fit.missingMetrics.length > 0) {
      lines.push(
        `Warning: ${names[i]} reads ${fit.missingMetrics.length === 1 ? 'a metric' : 'metrics'} ${input.dataset.label} does not have (${quoted(fit.missingMetrics.map(humanKey))}): requirements on ${fit.missingMetrics.length === 1 ? 'it are' : 'them are'} never met, so its figures are not the design's.`,
      );
    }
    if (fit.unplacedTiers.length > 0) {
      lines.push(
        `Warning: ${names[i]} does not place today's ${fit.unplacedTiers.length === 1 ? 'tier' : 'tiers'} ${quoted(fit.unplacedTiers)}: their partners count as having no tier today (newly tiered, never promoted or demoted).`,
      );
    }
  });
  return lines;
}

// ---------------------------------------------------------------------------------------
// Distribution, resources, coverage, movement, review, ladders

function distributionSheet(input: ReportInput, names: string[], name: string): SheetSpec {
  const rows: Cell[][] = [];
  input.scenarios.forEach(({ outcome }, i) => {
    for (const d of outcome.distribution) {
      rows.push([
        names[i]!,
        d.motion === '*' ? 'All partners' : d.motion,
        ladderOf(outcome, d.ladderId)?.name ?? null,
        d.tier ?? 'Untiered',
        d.level >= 0 ? { value: d.level + 1, format: 'count' } : null,
        { value: d.count, format: 'count' },
        { value: d.share, format: 'percent' },
      ]);
    }
  });
  return table(
    name,
    ['Tier distribution', datasetLine(input), 'Partners per tier, by motion and for all partners; the share is of the motion\u2019s partners. Level 1 is the entry tier.'],
    [col('Scenario'), col('Motion'), col('Ladder'), col('Tier'), col('Level', 'count'), col('Partners', 'count'), col('Share', 'percent')],
    rows,
  );
}

function resourcesSheet(input: ReportInput, names: string[], name: string): SheetSpec {
  const rows: Cell[][] = [];
  const money = (v: number): Cell => ({ value: v, format: 'currency' });
  const word = currencyWord(datasetCurrency(input.data.metrics));
  const words = `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  const share = (v: number): Cell => ({ value: v, format: 'percent' });
  const used = (v: number | null): Cell => (v === null ? null : Number.isFinite(v) ? share(v) : 'over (0 set)');
  input.scenarios.forEach(({ scenario, outcome }, i) => {
    const r = outcome.resources;
    // the value metric's own currency, when it is money
    const valueMetric = scenario.assumptions.valueMetric === null ? null : metricsOf(input, scenario)(scenario.assumptions.valueMetric);
    const worth = (v: number): Cell => (valueMetric?.kind === 'currency' ? metricCell('currency', v, valueMetric.unit) : money(v));
    for (const t of r.tiers) {
      rows.push([
        names[i]!,
        ladderOf(outcome, t.ladderId)?.name ?? null,
        t.tier ?? 'Untiered',
        { value: t.partners, format: 'count' },
        share(t.partnerShare),
        { value: t.hours, format: 'hours' },
        money(t.mdf),
        money(t.fixed),
        money(t.margin),
        money(t.cost),
        share(t.costShare),
        worth(t.value),
        share(t.valueShare),
      ]);
    }
    const totals = r.totals;
    const partners = r.tiers.reduce((sum, t) => sum + t.partners, 0);
    const value = r.tiers.reduce((sum, t) => sum + t.value, 0);
    rows.push([names[i]!, null, 'Total', { value: partners, format: 'count' }, null, { value: totals.hours, format: 'hours' }, money(totals.mdf), money(totals.fixed), money(totals.margin), money(totals.mdf + totals.fixed + totals.margin), null, worth(value), null]);
    const a = scenario.assumptions;
    rows.push([
      names[i]!,
      null,
      'Capacity and budgets',
      null,
      null,
      a.capacityHours === null ? 'not set' : { value: a.capacityHours, format: 'hours' },
      a.mdfBudget === null ? 'not set' : money(a.mdfBudget),
      null,
      a.marginBudget === null ? 'not set' : money(a.marginBudget),
      null,
      null,
      null,
      null,
    ]);
    rows.push([names[i]!, null, 'Used of capacity or budget', null, null, used(r.utilisation.hours), used(r.utilisation.mdf), null, used(r.utilisation.margin), null, null, null, null]);
  });
  return table(
    name,
    ['Resources against capacity and budget', datasetLine(input), `Per tier for one year: partner-manager hours, MDF, fixed benefit cost and margin ${word}; then each scenario\u2019s totals, its capacity and budgets, and how much of them is used.`],
    [
      col('Scenario'),
      col('Ladder'),
      col('Tier'),
      col('Partners', 'count'),
      col('Share of partners', 'percent'),
      col('Hours', 'hours'),
      col('MDF', 'currency'),
      col('Fixed cost', 'currency'),
      col(`Margin ${word}`, 'currency'),
      col(words, 'currency'),
      col(`Share of ${word}`, 'percent'),
      col('Value', 'currency'),
      col('Share of value', 'percent'),
    ],
    rows,
  );
}

function coverageSheet(input: ReportInput, names: string[], name: string): SheetSpec {
  const rows: Cell[][] = [];
  const lines: string[] = [];
  input.scenarios.forEach(({ outcome }, i) => {
    const c = outcome.coverage;
    const pct = (a: number, b: number) => formatMetricValue('percent', b === 0 ? 1 : a / b);
    lines.push(
      `${names[i]}: ${formatCount(c.pairs.covered)} of ${formatCount(c.pairs.total)} conflict-prone tier × benefit pairs covered (${pct(c.pairs.covered, c.pairs.total)}); ${formatCount(c.grants.covered)} of ${formatCount(c.grants.total)} grants (${pct(c.grants.covered, c.grants.total)}).`,
    );
    if (c.uncovered.length === 0) {
      rows.push([names[i]!, null, null, null, null, null, c.pairs.total === 0 ? 'no benefit with a conflict type' : 'every conflict-prone pair is covered']);
    }
    for (const u of c.uncovered) {
      rows.push([names[i]!, ladderOf(outcome, u.ladderId)?.name ?? null, u.tier, u.benefit, conflictName(u.conflictType), { value: u.partners, format: 'count' }, 'uncovered: no offsetting rule switched on']);
    }
  });
  return table(
    name,
    ['Conflict-rule coverage', datasetLine(input), ...lines, 'Every uncovered pair follows: a tier granting a conflict-prone benefit with no offsetting rule for its conflict.'],
    [col('Scenario'), col('Ladder'), col('Tier'), col('Benefit'), col('Conflict type'), col('Partners receiving it', 'count'), wrapped('Status')],
    rows,
  );
}

function changeOf(from: number, to: number): string {
  if (from < 0 && to < 0) return 'no tier either way';
  if (from < 0) return 'newly tiered';
  if (to < 0) return 'loses tier';
  return to > from ? 'promoted' : to < from ? 'demoted' : 'unchanged';
}

function movementSheet(input: ReportInput, names: string[], name: string): SheetSpec {
  const rows: Cell[][] = [];
  const lines: string[] = [];
  input.scenarios.forEach(({ outcome }, i) => {
    const m = outcome.movement;
    lines.push(
      `${names[i]}: ${formatCount(m.promoted)} promoted, ${formatCount(m.demoted)} demoted, ${formatCount(m.lostTier)} lose their tier, ${formatCount(m.newlyTiered)} newly tiered, ${formatCount(m.unchanged)} unchanged; ${formatCount(m.exitCandidates)} exit candidates.`,
    );
    // attribution: the reasons of every partner whose tier changes, counted per flow
    const reasons = new Map<string, Map<string, number>>();
    const todayByKey = new Map(outcome.todayTiers.map((t) => [tierLabelKey(t.label), t.label] as const));
    for (let p = 0; p < outcome.partnerCount; p += 1) {
      const own = outcome.ladderIndex[p]!;
      if (own < 0) continue;
      const from = outcome.currentLevel[p]!;
      const to = outcome.level[p]!;
      if (from === to) continue;
      const label = input.data.partners[p]!.currentTier;
      const key = `${own}:${from}:${to}:${label ? (todayByKey.get(tierLabelKey(label)) ?? '') : ''}`;
      let counts = reasons.get(key);
      if (!counts) reasons.set(key, (counts = new Map()));
      for (const r of new Set(explainPartner(outcome, p).reasons.map(reasonKey))) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    for (const f of movementFlows(outcome)) {
      const ladderIndex = f.from.ladderId ?? f.to.ladderId;
      const li = ladderIndex === null ? -1 : outcome.ladders.findIndex((l) => l.id === ladderIndex);
      const top = [...(reasons.get(`${li}:${f.from.level}:${f.to.level}:${f.from.today ?? ''}`) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const reason = (k: number): Cell[] => (top[k] ? [top[k][0], { value: top[k][1], format: 'count' }] : [null, null]);
      rows.push([
        names[i]!,
        li >= 0 ? outcome.ladders[li]!.name : null,
        f.from.today !== null ? `${f.from.today}${f.from.tier !== null ? ` (placed on ${f.from.tier})` : ''}` : (f.from.tier ?? 'No tier'),
        f.to.tier ?? 'No tier',
        changeOf(f.from.level, f.to.level),
        { value: f.count, format: 'count' },
        ...reason(0),
        ...reason(1),
      ]);
    }
  });
  return table(
    name,
    ['Movement: who moves up or down, and why', datasetLine(input), ...lines, 'Each row is one flow from a partner\u2019s tier today (the list\u2019s own label, and the level the scenario\u2019s Today\u2019s tiers place it on) to its new tier. For flows that change tier, the two most common reasons and how many of the flow\u2019s partners each applies to.'],
    [
      col('Scenario'),
      col('Ladder'),
      col('From (tier today)'),
      col('To (new tier)'),
      col('Change'),
      col('Partners', 'count'),
      wrapped('Main reason'),
      col('Partners with it', 'count'),
      wrapped('Second reason'),
      col('Partners with it', 'count'),
    ],
    rows,
  );
}

function reviewSheet(input: ReportInput, names: string[], name: string): SheetSpec {
  const rows: Cell[][] = [];
  input.scenarios.forEach(({ outcome }, i) => {
    const where = (ladderId?: string, tierId?: string): Cell[] => {
      const ladder = ladderOf(outcome, ladderId ?? null);
      return [ladder?.name ?? null, tierId ? (ladder?.tiers.find((t) => t.id === tierId)?.name ?? null) : null];
    };
    const before = rows.length;
    for (const f of outcome.review) rows.push([names[i]!, 'Design review', ...where(f.ladderId, f.tierId), f.message, f.fix]);
    for (const a of outcome.alerts) rows.push([names[i]!, a.severity === 'warning' ? 'Alert' : 'Note', ...where(a.ladderId, a.tierId), a.message, null]);
    for (const e of outcome.errors) rows.push([names[i]!, 'Evaluation problem', ...where(e.ladderId, e.tierId), e.message, null]);
    if (rows.length === before) rows.push([names[i]!, 'Design review', null, null, 'no findings, alerts or problems', null]);
  });
  return table(
    name,
    ['Design review', datasetLine(input), 'What the built-in design review, the alerts and the evaluation found in each scenario, with what to do about it.'],
    [col('Scenario'), col('Kind'), col('Ladder'), col('Tier'), wrapped('Finding'), wrapped('What to do')],
    rows,
  );
}

function capText(cap: Scenario['ladders'][number]['tiers'][number]['cap'], lookup: MetricLookup): string | null {
  if (!cap) return null;
  return `at most ${formatCount(cap.count)} partners, ranked by ${lookup(cap.rankBy).label} (${cap.direction === 'desc' ? 'highest' : 'lowest'} first)`;
}

function laddersSheet(input: ReportInput, names: string[], name: string): SheetSpec {
  const rows: Cell[][] = [];
  input.scenarios.forEach(({ scenario }, i) => {
    const lookup = metricsOf(input, scenario);
    const sentence = (r: Requirement | null) => describeRequirement(r, lookup);
    const benefitName = new Map(scenario.benefits.map((b) => [b.id, b.name]));
    for (const ladder of scenario.ladders) {
      ladder.tiers.forEach((tier, level) => {
        const requirement = sentence(tier.requirement);
        rows.push([
          names[i]!,
          ladder.name,
          motionWords(ladder.motion),
          { value: level + 1, format: 'count' },
          tier.name,
          ladder.strict && level > 0 ? `${requirement}; and every lower tier\u2019s requirements` : requirement,
          capText(tier.cap, lookup),
          tier.benefits.map((b) => benefitName.get(b) ?? b).join('; ') || null,
          tier.description || null,
        ]);
      });
    }
    if (scenario.eligibility) rows.push([names[i]!, 'Every ladder', null, null, 'Eligibility gate (every tier above entry)', sentence(scenario.eligibility), null, null, null]);
    if (scenario.exitRule) rows.push([names[i]!, 'Every ladder', null, null, 'Exit rule (fail it: exit candidate)', sentence(scenario.exitRule), null, null, null]);
  });
  return table(
    name,
    [
      'Ladder definitions',
      'Each tier\u2019s requirements as a sentence; level 1 is the entry tier.',
      ...input.scenarios.filter((s) => s.scenario.description).map((s) => `${names[input.scenarios.indexOf(s)]}: ${s.scenario.description}`),
    ],
    [col('Scenario'), col('Ladder'), col('Motion'), col('Level', 'count'), col('Tier'), wrapped('Requirements'), wrapped('Partner cap'), wrapped('Benefits'), wrapped('Description')],
    rows,
  );
}

// ---------------------------------------------------------------------------------------
// Per partner: assignments and report cards

function assignmentsSheet(input: ReportInput, s: ReportScenario, label: string, name: string): SheetSpec {
  const { outcome } = s;
  return {
    name,
    title: [`Assignments: ${label}`, datasetLine(input), 'Every partner: its current and new tier, why, and how far it is from the next tier.'],
    columns: [
      col('Partner ID'),
      col('Partner'),
      col('Motion'),
      col('Current tier'),
      col('New tier'),
      col('Change'),
      col('Tier after rollout'),
      col('Reason'),
      col('Next tier'),
      col('Progress to next tier', 'progress'),
      col('Override reason'),
      col('Exit candidate'),
    ],
    rowCount: outcome.partnerCount,
    row: (p) => {
      const e = explainPartner(outcome, p);
      return [
        e.partnerId,
        e.name,
        e.motion,
        e.currentTier,
        e.tier ?? 'Untiered',
        changeWords(e),
        e.rollout.tier ?? 'Untiered',
        e.reasons.join('; '),
        e.nextTier,
        e.progress,
        e.overrideReason,
        e.exitCandidate ? 'yes' : null,
      ];
    },
    freezeColumns: 2,
    landscape: true,
  };
}

/** The most unmet requirements a partner of this scenario can have toward one tier (gate included). */
function mostUnmet(scenario: Scenario): number {
  const leaves = (r: Requirement | null): number => {
    if (r === null) return 0;
    if (r.type === 'compare') return 1;
    if (r.type === 'points') return 1 + r.subMinimums.length;
    return r.items.reduce((sum, item) => sum + leaves(item), 0);
  };
  const gate = leaves(scenario.eligibility);
  let most = 0;
  for (const ladder of scenario.ladders) ladder.tiers.forEach((t, level) => (most = Math.max(most, leaves(t.requirement) + (level >= 1 ? gate : 0))));
  return most;
}

function reportCardsSheet(input: ReportInput, s: ReportScenario, label: string, name: string): SheetSpec {
  const { outcome, scenario } = s;
  const slots = Math.max(1, Math.min(REPORT_CARD_REQUIREMENTS, mostUnmet(scenario)));
  const columns = [
    col('Partner ID'),
    col('Partner'),
    col('Partner manager'),
    col('Region'),
    col('Motion'),
    col('Current tier'),
    col('New tier'),
    col('Next tier'),
    col('Progress to next tier', 'progress'),
  ];
  for (let k = 1; k <= slots; k += 1) columns.push(col(`Requirement ${k}`), col(`Has ${k}`, 'number'), col(`Needs ${k}`, 'number'), col(`Progress ${k}`, 'progress'));
  columns.push(col('More to do'));
  const partners = input.data.partners;
  return {
    name,
    title: [
      `Report cards: ${label}`,
      datasetLine(input),
      'One row per partner: its tier under this scenario, its next tier, and each requirement it has yet to meet, with its value, the target and its progress. Printed, a row continues across pages, each repeating the partner and the headers.',
    ],
    columns,
    rowCount: outcome.partnerCount,
    row: (p) => {
      const e = explainPartner(outcome, p);
      const partner = partners[p]!;
      const row: Cell[] = [e.partnerId, e.name, partner.owner, partner.region, e.motion, e.currentTier, e.tier ?? 'Untiered', e.nextTier ?? (e.tier !== null ? 'at the top tier' : null), e.progress];
      for (let k = 0; k < slots; k += 1) {
        const u = e.unmet[k];
        if (!u) row.push(null, null, null, null);
        else row.push(u.label, u.value === null ? 'no data' : metricCell(u.kind, u.value, u.unit), u.target === null ? null : metricCell(u.kind, u.target, u.unit), u.progress);
      }
      const more = e.unmet.length - slots;
      row.push(more > 0 ? `and ${more} more requirement${more === 1 ? '' : 's'}` : null);
      return row;
    },
    freezeColumns: 2,
    // too wide for one page at a size anyone reads: landscape, pages across, the partner on each
    landscape: true,
    pagesAcross: 'readable',
    printTitleColumns: 2,
  };
}

// ---------------------------------------------------------------------------------------

/**
 * The builder of each optional sheet (options.ts SHEETS holds its title, tab and whether it
 * is one per scenario): the input, the scenarios' distinct names, the sheet's tab name and,
 * for a per-scenario sheet, the scenario's index.
 */
type SheetBuilder = (input: ReportInput, names: string[], name: string, scenario: number) => SheetSpec;

const SHEET_BUILDERS: Readonly<Record<OptionalSheet, SheetBuilder>> = {
  distribution: (input, names, name) => distributionSheet(input, names, name),
  resources: (input, names, name) => resourcesSheet(input, names, name),
  coverage: (input, names, name) => coverageSheet(input, names, name),
  movement: (input, names, name) => movementSheet(input, names, name),
  review: (input, names, name) => reviewSheet(input, names, name),
  ladders: (input, names, name) => laddersSheet(input, names, name),
  assignments: (input, names, name, i) => assignmentsSheet(input, input.scenarios[i]!, names[i]!, name),
};

export function buildWorkbook(input: ReportInput): WorkbookSpec {
  const n = input.scenarios.length;
  if (n < 1 || n > MAX_REPORT_SCENARIOS) throw new RangeError(`a workbook compares 1 to ${MAX_REPORT_SCENARIOS} scenarios, not ${n}`);
  if (input.reportCards !== null && (input.reportCards < 0 || input.reportCards >= n)) throw new RangeError('report cards name a scenario that is not exported');
  for (const s of input.scenarios) {
    if (s.outcome.partnerCount !== input.data.partners.length) throw new RangeError(`"${s.scenario.name}" was evaluated on another dataset`);
  }
  const labels = input.scenarios.map((s) => s.scenario.name);
  const want = new Set(input.sheets);
  // the scenarios as column headers and in the Scenario columns: their names, made distinct
  const names = labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l} (${i + 1})`));

  type Plan = { sheet: string; make: (name: string) => SheetSpec };
  const plans: Plan[] = [{ sheet: 'Summary', make: () => summarySheet(input, names) }];
  for (const key of OPTIONAL_SHEETS) {
    if (!want.has(key)) continue;
    const { name: tab, perScenario } = SHEETS[key];
    const build = SHEET_BUILDERS[key];
    if (perScenario) input.scenarios.forEach((_, i) => plans.push({ sheet: `${tab} – ${names[i]}`, make: (name) => build(input, names, name, i) }));
    else plans.push({ sheet: tab, make: (name) => build(input, names, name, 0) });
  }
  if (input.reportCards !== null) {
    const i = input.reportCards;
    plans.push({ sheet: `Report cards – ${names[i]}`, make: (name) => reportCardsSheet(input, input.scenarios[i]!, names[i]!, name) });
  }
  const sheetNamesInOrder = sheetNames(plans.map((p) => p.sheet));
  const d = input.dataset;
  const currency = datasetCurrency(input.data.metrics);
  // every currency a cell may name: the list's, then each currency metric's (report cards, value)
  const currencies = [currency];
  for (const m of [...input.data.metrics, ...input.scenarios.flatMap((s) => s.scenario.derivedMetrics)]) {
    const code = m.kind === 'currency' ? currencyCode(m.unit) : null;
    if (code !== null && !currencies.includes(code)) currencies.push(code);
  }
  return {
    title: `Tierscape: ${n > 1 ? names.join(' vs ') : names[0]} on ${d.label}`,
    subject: n > 1 ? 'Partner tier scenario comparison' : 'Partner tier scenario',
    created: input.exportedAt,
    properties: {
      Dataset: d.label,
      Partners: String(d.partners),
      ...(d.asOf ? { 'As of': d.asOf } : {}),
      Scenarios: names.join('; '),
      Exported: input.exportedAt,
    },
    currency,
    currencies,
    sheets: plans.map((p, k) => p.make(sheetNamesInOrder[k]!)),
  };
}
