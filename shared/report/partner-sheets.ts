/**
 * The workbook's sheets with one row per partner: the Assignments sheet (one per
 * scenario: each partner's current and new tier, why, and its progress to the next) and
 * the Report cards of one scenario (each partner's unmet requirements toward its next
 * tier).
 */
import { explainPartner, type PartnerExplanation } from '../engine';
import type { Requirement, Scenario } from '../model/scenario';
import { col, datasetLine, type ReportInput, type ReportScenario } from './common';
import { metricCell, type Cell, type ColumnSpec, type SheetSpec } from './sheet';

/** Report cards show this many unmet requirements side by side; the rest are counted. */
export const REPORT_CARD_REQUIREMENTS = 6;

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

// ---------------------------------------------------------------------------------------
// Per partner: assignments and report cards

/** Row p is partner p in both sheets: the writer recalls these texts by row (sheet.ts `perPartner`). */
const PARTNER_ID: ColumnSpec = { ...col('Partner ID'), perPartner: 'id' };
const PARTNER_NAME: ColumnSpec = { ...col('Partner'), perPartner: 'name' };

export function assignmentsSheet(input: ReportInput, s: ReportScenario, label: string, name: string): SheetSpec {
  const { outcome } = s;
  return {
    name,
    title: [`Assignments: ${label}`, datasetLine(input), 'Every partner: its current and new tier, why, and how far it is from the next tier.'],
    columns: [
      PARTNER_ID,
      PARTNER_NAME,
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
      // the tier and why: no graduation path (the report cards have it)
      const e = explainPartner(outcome, p, { graduation: false });
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

export function reportCardsSheet(input: ReportInput, s: ReportScenario, label: string, name: string): SheetSpec {
  const { outcome, scenario } = s;
  const slots = Math.max(1, Math.min(REPORT_CARD_REQUIREMENTS, mostUnmet(scenario)));
  const columns = [
    PARTNER_ID,
    PARTNER_NAME,
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
