/**
 * The bench's SQL baseline must assign exactly the engine's tiers, or the ratio it gives
 * means nothing: every example scenario it covers, and variants that exercise what it
 * translates (strict ladders, caps at two levels, ascending caps, every comparison), on
 * generated partners.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/engine';
import type { Scenario } from '../../shared/model/scenario';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { assignmentSql, loadPartnerTable, sqlLevels } from './sql-baseline';

const data = generatePartners({ seed: 5, count: 4000 });
const db = loadPartnerTable(data);

/** What the baseline translates: designed ladders without points leaves or overrides. */
const isCovered = (x: Scenario) => !x.baseline && !JSON.stringify(x.ladders).includes('"type":"points"') && x.overrides.length === 0;

function expectSameLevels(scenario: Scenario): void {
  const engine = evaluate(scenario, data).level;
  const sql = sqlLevels(db, assignmentSql(scenario, data), data.partners.length);
  const differing = [...engine.keys()].filter((p) => engine[p] !== sql[p]);
  expect(differing.slice(0, 5).map((p) => ({ partner: data.partners[p]!.id, engine: engine[p], sql: sql[p] }))).toEqual([]);
  // not a vacuous match: the scenario tiers partners on more than one level
  expect(new Set(engine).size).toBeGreaterThan(1);
}

describe('the SQL baseline of the bench', () => {
  const examples = exampleScenarios();
  const covered = examples.filter(isCovered);

  it('covers the designed examples without points, and refuses the others by name', () => {
    expect(covered.map((x) => x.name)).toContain('Motion-fit ladders');
    for (const x of examples.filter((e) => !covered.includes(e))) expect(() => assignmentSql(x, data)).toThrow(/SQL baseline/);
  });

  it.each(covered.map((x) => [x.name, x] as const))(
    '%s: the same tier for every partner as the engine',
    (_name, scenario) => expectSameLevels(scenario),
  );

  it('strict ladders, caps on two tiers of a ladder (desc and asc), and every comparison', () => {
    const motionFit = structuredClone(examples.find((x) => x.name === 'Motion-fit ladders')!);
    const reseller = motionFit.ladders.find((l) => l.motion === 'reseller')!;
    reseller.strict = true;
    reseller.tiers[3]!.cap = { count: 25, rankBy: 'sourced_arr', direction: 'desc' };
    reseller.tiers[2]!.cap = { count: 40, rankBy: 'active_sellers', direction: 'asc' };
    const services = motionFit.ladders.find((l) => l.motion === 'services')!;
    services.tiers[1]!.requirement = {
      type: 'any',
      id: 'ops',
      items: [
        { type: 'compare', id: 'a', metric: 'implementations', op: 'between', value: 3, value2: 6 },
        { type: 'compare', id: 'b', metric: 'certified_consultants', op: 'in', values: [4, 7] },
        { type: 'all', id: 'c', items: [{ type: 'compare', id: 'd', metric: 'csat', op: '!=', value: 0.5 }, { type: 'compare', id: 'e', metric: 'alliance_manager', op: 'isFalse' }] },
        { type: 'compare', id: 'f', metric: 'implementations', op: '<', value: 1 },
      ],
    };
    expectSameLevels(motionFit);
  });
});
