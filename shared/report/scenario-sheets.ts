/**
 * The workbook's optional sheets that set the compared scenarios side by side, one group
 * of rows per scenario: tier distribution, resources against capacity and budget,
 * conflict-rule coverage, movement (who moves and why), the design review and the ladder
 * definitions. Each is listed in SHEETS (options.ts) and built through workbook.ts's
 * SHEET_BUILDERS.
 */
import { conflictName, explainPartner, movementFlows } from '../engine';
import { tierLabelKey } from '../model/scenario';
import { currencyWord, datasetCurrency } from '../model/currency';
import { describeRequirement, type MetricLookup } from '../model/describe';
import { formatCount, formatMetricValue } from '../model/format';
import type { Requirement, Scenario } from '../model/scenario';
import { col, datasetLine, ladderOf, metricsOf, motionWords, table, wrapped, type ReportInput } from './common';
import { metricCell, type Cell, type SheetSpec } from './sheet';

// ---------------------------------------------------------------------------------------
// Distribution, resources, coverage, movement, review, ladders

export function distributionSheet(input: ReportInput, names: string[], name: string): SheetSpec {
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

export function resourcesSheet(input: ReportInput, names: string[], name: string): SheetSpec {
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

export function coverageSheet(input: ReportInput, names: string[], name: string): SheetSpec {
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

/** A reason without the partner's own figures, so the same reason of many partners counts once. */
export function reasonKey(reason: string): string {
  if (reason.startsWith('warned, not demoted')) return 'warned, not demoted (warning band)';
  const pinned = /^(pinned to .+? by an override):/.exec(reason);
  if (pinned) return pinned[1]!;
  if (reason.startsWith('demotion limited to ')) return reason.replace(/: placed on .*$/, '');
  return reason.replace(/ \((?:[^()]*: )?has [^()]*\)$/, '');
}

function changeOf(from: number, to: number): string {
  if (from < 0 && to < 0) return 'no tier either way';
  if (from < 0) return 'newly tiered';
  if (to < 0) return 'loses tier';
  return to > from ? 'promoted' : to < from ? 'demoted' : 'unchanged';
}

export function movementSheet(input: ReportInput, names: string[], name: string): SheetSpec {
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
      for (const r of new Set(explainPartner(outcome, p, { graduation: false }).reasons.map(reasonKey))) counts.set(r, (counts.get(r) ?? 0) + 1);
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

export function reviewSheet(input: ReportInput, names: string[], name: string): SheetSpec {
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

export function laddersSheet(input: ReportInput, names: string[], name: string): SheetSpec {
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
