/**
 * The problems of a scenario's shape against one dataset, reported as evaluation errors
 * while the plan is built (plan.ts): metrics it reads that nothing provides, and
 * requirements that lack a value or are empty.
 */
import { metricUses } from '../model/fit';
import type { Requirement, Scenario } from '../model/scenario';
import { comparisonIsValid, ruleIsValid } from './compile';
import type { MetricTable } from './metrics';
import type { EvaluationError } from './types';

// ---------------------------------------------------------------------------------------
// Errors about the scenario's shape against this dataset

function walk(r: Requirement | null, visit: (r: Requirement) => void): void {
  if (!r) return;
  visit(r);
  if (r.type === 'all' || r.type === 'any') r.items.forEach((i) => walk(i, visit));
}

/** Every metric the scenario reads that neither the dataset nor a derived metric provides, once, with where it is read (shared/model/fit). */
export function reportMissingMetrics(scenario: Scenario, metrics: MetricTable, errors: EvaluationError[]): void {
  const derivedKeys = new Set(scenario.derivedMetrics.map((d) => d.key));
  for (const [key, uses] of metricUses(scenario)) {
    if (metrics.has(key) || derivedKeys.has(key)) continue; // failing derived metrics are reported on their own
    const first = uses.find((u) => u.tierId) ?? uses[0]!;
    errors.push({
      code: 'missing-metric',
      metric: key,
      ...(first.ladderId ? { ladderId: first.ladderId } : {}),
      ...(first.tierId ? { tierId: first.tierId } : {}),
      message: `This dataset has no metric "${key}" (read by ${uses.map((u) => u.where).join(', ')}): requirements on it are not met and it counts as no data.`,
    });
  }
}

export function reportInvalidRequirements(scenario: Scenario, errors: EvaluationError[]): void {
  const check = (r: Requirement | null, where: string, ladderId?: string, tierId?: string) =>
    walk(r, (x) => {
      const bad =
        x.type === 'compare' && !comparisonIsValid(x)
          ? `the condition "${x.id}" on ${x.metric} lacks the value its operator needs; it is never met`
          : x.type === 'points'
            ? x.rules.filter((rule) => !ruleIsValid(rule)).map((rule) => `the points rule "${rule.label}" lacks the value its condition needs; it is never met`)[0]
            : (x.type === 'all' || x.type === 'any') && x.items.length === 0
              ? `the ${x.type === 'all' ? '"all of"' : '"any of"'} group "${x.id}" is empty; it is left out (it requires nothing)`
              : undefined;
      if (bad) errors.push({ code: 'invalid-requirement', ...(ladderId ? { ladderId } : {}), ...(tierId ? { tierId } : {}), message: `In ${where}, ${bad}.` });
    });
  for (const ladder of scenario.ladders) for (const tier of ladder.tiers) check(tier.requirement, `${tier.name} (${ladder.name})`, ladder.id, tier.id);
  check(scenario.eligibility, 'the eligibility gate');
  check(scenario.exitRule, 'the exit rule');
}
