/**
 * Alerts (DESIGN D7.8): what a program lead should look at before rolling a scenario out.
 * - tier-inflation (warning): a ladder's top tier holds more than policies.inflationAlertPct
 *   of the ladder's partners (untiered partners of the ladder included); off when not set.
 * - over-capacity / over-mdf-budget / over-margin-budget (warning): utilisation above 100 %.
 * - uncovered-conflict (warning): one per (tier, benefit) pair whose conflict type no
 *   enabled offsetting rule covers.
 * - empty-tier (info): a tier nobody holds, on a ladder that tiers somebody;
 *   empty-ladder (info): a ladder that tiers nobody in this dataset.
 * - tier-holds-everyone (warning): one tier holds every partner of its ladder.
 * - unmapped-current-tier (info): current-tier labels of the data that the tier mapping
 *   does not list (those partners count as having no current tier).
 */
import { formatCount, formatMoney, formatShare } from '../model/format';
import { conflictName, list } from './describe';
import type { Plan } from './plan';
import type { Alert, Outcome } from './types';

export function buildAlerts(plan: Plan, outcome: Outcome, slotCount: Int32Array, ladderPartners: number[]): Alert[] {
  const alerts: Alert[] = [];
  const { policies } = plan.scenario;

  for (const lp of plan.ladders) {
    const ladder = lp.ladder;
    const total = ladderPartners[lp.index]!;
    const top = lp.tiers[lp.tiers.length - 1]!;
    if (total === 0) {
      alerts.push({ code: 'empty-ladder', severity: 'info', ladderId: ladder.id, message: `The ${ladder.name} ladder tiers no partner of this dataset.` });
      continue;
    }
    const topShare = slotCount[top.slot]! / total;
    if (policies.inflationAlertPct !== null && lp.tiers.length > 1 && topShare > policies.inflationAlertPct / 100) {
      alerts.push({
        code: 'tier-inflation',
        severity: 'warning',
        ladderId: ladder.id,
        tierId: top.tier.id,
        message: `${top.tier.name}, the top tier of ${ladder.name}, holds ${formatShare(topShare)} of its partners (alert above ${formatShare(policies.inflationAlertPct / 100)}).`,
      });
    }
    for (const tp of lp.tiers) {
      const count = slotCount[tp.slot]!;
      if (count === 0) {
        alerts.push({ code: 'empty-tier', severity: 'info', ladderId: ladder.id, tierId: tp.tier.id, message: `No partner lands in ${tp.tier.name} (${ladder.name}).` });
      } else if (count === total) {
        alerts.push({
          code: 'tier-holds-everyone',
          severity: 'warning',
          ladderId: ladder.id,
          tierId: tp.tier.id,
          message: `${tp.tier.name} holds every partner of ${ladder.name} (${formatCount(count)}): the ladder does not tell them apart.`,
        });
      }
    }
  }

  const { totals, utilisation, currency } = outcome.resources;
  const money = (v: number) => formatMoney(v, currency);
  const { capacityHours, mdfBudget, marginBudget } = plan.scenario.assumptions;
  if (utilisation.hours !== null && utilisation.hours > 1) {
    alerts.push({
      code: 'over-capacity',
      severity: 'warning',
      message: `The tiers need ${formatCount(totals.hours)} partner-manager hours a year; ${formatCount(capacityHours ?? 0)} are available (${usage(utilisation.hours)}).`,
    });
  }
  if (utilisation.mdf !== null && utilisation.mdf > 1) {
    alerts.push({
      code: 'over-mdf-budget',
      severity: 'warning',
      message: `The tiers grant ${money(totals.mdf)} of MDF; the budget is ${money(mdfBudget ?? 0)} (${usage(utilisation.mdf)}).`,
    });
  }
  if (utilisation.margin !== null && utilisation.margin > 1) {
    alerts.push({
      code: 'over-margin-budget',
      severity: 'warning',
      message: `Margin benefits cost ${money(totals.margin)}; the budget is ${money(marginBudget ?? 0)} (${usage(utilisation.margin)}).`,
    });
  }

  for (const u of outcome.coverage.uncovered) {
    alerts.push({
      code: 'uncovered-conflict',
      severity: 'warning',
      ladderId: u.ladderId,
      tierId: u.tierId,
      message: `${u.benefit} in ${u.tier} creates a conflict over ${conflictName(u.conflictType)} that no enabled offsetting rule covers (${formatCount(u.partners)} partners).`,
    });
  }

  if (plan.unmappedLabels.length > 0) {
    const labels = plan.unmappedLabels.map((l) => `"${l}"`);
    alerts.push({
      code: 'unmapped-current-tier',
      severity: 'info',
      message: `The tier mapping does not place the current tier${labels.length > 1 ? 's' : ''} ${list(labels)}; those partners count as having no current tier.`,
    });
  }
  return alerts;
}

function usage(u: number): string {
  return Number.isFinite(u) ? `${formatShare(u)} used` : 'none available';
}
