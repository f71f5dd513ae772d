import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate, type Outcome } from '../../../shared/engine';
import { movementFlows, type FlowEnd, type MovementFlow } from '../../../shared/engine/compare';
import { findThreshold, listThresholds, withThreshold, type ThresholdRef } from '../../../shared/engine/thresholds';
import type { Requirement, Scenario } from '../../../shared/model/scenario';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { all, any, dataset, ge, gt, isTrue, ladder, le, scenario } from './helpers';

const NONE = '-';

/** "ladder/tier" for a partner at `level` (NONE: no tier, or no ladder to name it by). */
function endName(o: Outcome, p: number, level: number): string {
  const l = o.ladderIndex[p]!;
  return l >= 0 && level >= 0 ? `${o.ladders[l]!.id}/${o.ladders[l]!.tiers[level]!.id}` : NONE;
}

/** The flows counted directly over the outcome's arrays and the partners' own labels, by "from [today] > to". */
function directFlows(o: Outcome, d: ColumnarDataset): Map<string, number> {
  const counts = new Map<string, number>();
  for (let p = 0; p < o.partnerCount; p += 1) {
    const label = d.partners[p]!.currentTier?.trim() ?? '';
    const key = `${endName(o, p, o.currentLevel[p]!)}[${label}] > ${endName(o, p, o.level[p]!)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const endKey = (e: FlowEnd) => (e.tierId === null ? NONE : `${e.ladderId}/${e.tierId}`);
const flowKey = (f: MovementFlow) => `${endKey(f.from)}[${f.from.today ?? ''}] > ${endKey(f.to)}`;

/** Each end names a real tier of the outcome's ladders, with its name and level, or is the "no tier" end. */
function expectWellNamed(o: Outcome, end: FlowEnd): void {
  if (end.today !== null) expect(o.todayTiers.map((t) => t.label)).toContain(end.today);
  if (end.tierId === null) {
    expect(end).toEqual({ ladderId: null, tierId: null, tier: null, level: -1, today: end.today });
    return;
  }
  const ladderOf = o.ladders.find((l) => l.id === end.ladderId);
  expect(ladderOf, `ladder ${String(end.ladderId)}`).toBeDefined();
  const tier = ladderOf!.tiers[end.level];
  expect(tier?.id).toBe(end.tierId);
  expect(tier?.name).toBe(end.tier);
}

/** Two ladders (resellers, services) whose every tier has a requirement, so partners of either can be untiered. */
function twoLadders(extra: Partial<Parameters<typeof scenario>[0]> = {}): Scenario {
  return scenario({
    ladders: [
      ladder(
        [
          { id: 'ra', name: 'Res A', requirement: ge('arr', 10, 'ra_arr') },
          { id: 'rb', name: 'Res B', requirement: ge('arr', 100, 'rb_arr') },
        ],
        { id: 'res', motion: 'reseller' },
      ),
      ladder(
        [
          { id: 'sc', name: 'Svc C', requirement: ge('arr', 10, 'sc_arr') },
          { id: 'sd', name: 'Svc D', requirement: ge('arr', 100, 'sd_arr') },
        ],
        { id: 'svc', motion: 'services' },
      ),
    ],
    tierMapping: [
      { label: 'Bronze', level: 0 },
      { label: 'Gold', level: 1 },
    ],
    ...extra,
  });
}

describe('movementFlows', () => {
  const data = generatePartners({ seed: 31, count: 700 });

  it.each(exampleScenarios().map((s) => [s.name, s] as const))('%s: flows match a direct count over the outcome, sum to the partners, never repeat a pair', (_name, s) => {
    const o = evaluate(s, data);
    const flows = movementFlows(o);
    expect(flows.reduce((sum, f) => sum + f.count, 0)).toBe(o.partnerCount);
    expect(flows.every((f) => f.count > 0)).toBe(true);
    const keys = flows.map(flowKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Map(flows.map((f) => [flowKey(f), f.count]))).toEqual(directFlows(o, data));
    for (const f of flows) {
      expectWellNamed(o, f.from);
      expectWellNamed(o, f.to);
      expect(f.to.today).toBeNull();
      // both ends of a named flow belong to one ladder
      if (f.from.ladderId !== null && f.to.ladderId !== null) expect(f.from.ladderId).toBe(f.to.ladderId);
    }
  });

  it('names each tier and today\'s label, merges "no tier → no tier" across ladders, and orders by ladder, from-level, label, to-level', () => {
    const d = dataset([
      { id: 'r1', motion: 'reseller', arr: 0 }, // none → none
      { id: 'r2', motion: 'reseller', arr: 0 }, // none → none
      { id: 's1', motion: 'services', arr: 0 }, // none → none (another ladder)
      { id: 's4', motion: 'services', arr: 0, currentTier: 'Weird' }, // an unmapped label: none → none, from its own label
      { id: 'r3', motion: 'reseller', arr: 50 }, // none → Res A
      { id: 'r4', motion: 'reseller', arr: 500, currentTier: 'Gold' }, // Res B → Res B
      { id: 'r5', motion: 'reseller', arr: 0, currentTier: 'Bronze' }, // Res A → none
      { id: 's2', motion: 'services', arr: 50, currentTier: 'GOLD ' }, // Svc D → Svc C (one label with "Gold")
      { id: 's3', motion: 'services', arr: 500, currentTier: 'Bronze' }, // Svc C → Svc D
    ]);
    const o = evaluate(twoLadders(), d);
    const none = (today: string | null = null): FlowEnd => ({ ladderId: null, tierId: null, tier: null, level: -1, today });
    const res = (level: number, today: string | null = null): FlowEnd => ({ ladderId: 'res', tierId: ['ra', 'rb'][level]!, tier: ['Res A', 'Res B'][level]!, level, today });
    const svc = (level: number, today: string | null = null): FlowEnd => ({ ladderId: 'svc', tierId: ['sc', 'sd'][level]!, tier: ['Svc C', 'Svc D'][level]!, level, today });
    expect(movementFlows(o)).toEqual([
      { from: none(), to: none(), count: 3 },
      { from: none('Weird'), to: none(), count: 1 },
      { from: none(), to: res(0), count: 1 },
      { from: res(0, 'Bronze'), to: none(), count: 1 },
      { from: res(1, 'Gold'), to: res(1), count: 1 },
      { from: svc(0, 'Bronze'), to: svc(1), count: 1 },
      { from: svc(1, 'Gold'), to: svc(0), count: 1 },
    ]);
  });

  it('a partner whose motion has no ladder flows from its own label to no tier', () => {
    const d = dataset([
      { id: 'r1', motion: 'reseller', arr: 0 }, // none → none
      { id: 's1', motion: 'services', arr: 0 }, // none → none
      { id: 't1', motion: 'technology', arr: 500 }, // no ladder, no current tier: none → none
      { id: 't2', motion: 'technology', arr: 500, currentTier: 'Gold' }, // no ladder; its label maps to level 1, but there is no ladder to name it: Gold (today) → none
      { id: 'r2', motion: 'reseller', arr: 500 }, // none → Res B
    ]);
    const o = evaluate(twoLadders(), d);
    expect(o.ladderIndex[3]).toBe(-1);
    const flows = movementFlows(o);
    expect(flows.reduce((sum, f) => sum + f.count, 0)).toBe(5);
    const keys = flows.map(flowKey);
    expect(keys).toEqual([...new Set(keys)]); // no (from, to) pair twice
    const none = { ladderId: null, tierId: null, tier: null, level: -1, today: null };
    expect(flows.filter((f) => f.from.tier === null && f.to.tier === null)).toEqual([
      { from: none, to: none, count: 3 },
      { from: { ...none, today: 'Gold' }, to: none, count: 1 },
    ]);
  });

  it('an empty outcome has no flows', () => {
    expect(movementFlows(evaluate(twoLadders(), dataset([])))).toEqual([]);
  });
});

describe('listThresholds', () => {
  const cmp = (id: string, metric: string, op: '<' | '=' | '!=' | 'between' | 'in' | 'isFalse', extra: Record<string, unknown> = {}): Requirement =>
    ({ type: 'compare', id, metric, op, ...extra }) as Requirement;
  const points: Requirement = {
    type: 'points',
    id: 'pts',
    min: 100,
    subMinimums: [],
    // a points rule may carry a comparison: it is not a threshold of the tier
    rules: [{ id: 'pr', label: 'Signed', metric: 'signed', mode: 'fixed', points: 100, op: '>=', value: 1 }],
  };

  const s = scenario({
    ladders: [
      ladder(
        [
          { id: 'entry', requirement: null },
          {
            id: 'mid',
            requirement: all(
              ge('arr', 10, 'mid_arr'),
              any(le('churn', 5, 'mid_churn'), all(gt('sellers', 2, 'mid_sellers'), cmp('mid_age', 'age', '<', { value: 3 }), isTrue('flag', 'mid_flag'))),
              cmp('mid_between', 'arr', 'between', { value: 1, value2: 5 }),
            ),
          },
          {
            id: 'top',
            requirement: any(points, cmp('top_eq', 'arr', '=', { value: 7 }), cmp('top_ne', 'arr', '!=', { value: 8 }), all(ge('arr', 1_000, 'top_arr'))),
          },
        ],
        { id: 'first', motion: 'reseller' },
      ),
      ladder(
        [
          { id: 'solo', requirement: gt('installs', 50, 'solo_installs') },
          { id: 'listed', requirement: cmp('listed_in', 'region', 'in', { values: [1, 2] }) },
          { id: 'pointy', requirement: points },
          { id: 'flagged', requirement: cmp('flagged_no', 'flag', 'isFalse') },
          { id: 'capped', requirement: cmp('capped_lt', 'age', '<', { value: 0 }) },
        ],
        { id: 'second', motion: 'services' },
      ),
    ],
  });

  it('finds every ≥, >, ≤, < comparison in nested all / any groups, ladder by ladder, lowest tier first, and nothing else', () => {
    const found = listThresholds(s);
    expect(found.map((t) => [t.ref.tierId, t.ref.requirementId])).toEqual([
      ['mid', 'mid_arr'],
      ['mid', 'mid_churn'],
      ['mid', 'mid_sellers'],
      ['mid', 'mid_age'],
      ['top', 'top_arr'],
      ['solo', 'solo_installs'],
      ['capped', 'capped_lt'],
    ]);
    expect(found[1]!.info).toEqual({ ladderIndex: 0, level: 1, tierName: 'Mid', metric: 'churn', op: '<=', value: 5 });
    expect(found[4]!.info).toEqual({ ladderIndex: 0, level: 2, tierName: 'Top', metric: 'arr', op: '>=', value: 1_000 });
    expect(found[5]!.info).toEqual({ ladderIndex: 1, level: 0, tierName: 'Solo', metric: 'installs', op: '>', value: 50 });
    expect(found[6]!.info).toEqual({ ladderIndex: 1, level: 4, tierName: 'Capped', metric: 'age', op: '<', value: 0 });
  });

  it('every reference it lists round-trips through findThreshold, and withThreshold changes that one only', () => {
    const found = listThresholds(s);
    for (const [i, t] of found.entries()) {
      expect(findThreshold(s, t.ref)).toEqual({ ok: true, value: t.info });
      const changed = listThresholds(withThreshold(s, t.ref, 4242));
      expect(changed.map((c) => c.info.value)).toEqual(found.map((f, j) => (j === i ? 4242 : f.info.value)));
    }
  });

  it('lists the thresholds of the shipped examples (none for points-only ladders)', () => {
    const byName = (name: string) => exampleScenarios().find((x) => x.name === name)!;
    const motionFit = listThresholds(byName('Motion-fit ladders'));
    expect(motionFit.map((t) => t.ref.requirementId)).toEqual([
      'selling_arr',
      'selling_sellers',
      'specialist_arr',
      'specialist_vertical',
      'strategic_arr',
      'trained_consultants',
      'delivering_impl',
      'delivering_csat',
      'practice_impl',
      'practice_vertical',
      'lead_impl',
      'lead_reference',
      'validated_mutual',
    ]);
    expect(motionFit.find((t) => t.ref.requirementId === 'delivering_csat')!.info).toEqual({
      ladderIndex: 1,
      level: 1,
      tierName: 'Delivering',
      metric: 'csat',
      op: '>=',
      value: 0.8,
    });
    expect(listThresholds(byName('Points-based (Xero-style)'))).toEqual([]);
    for (const ex of exampleScenarios()) {
      for (const t of listThresholds(ex)) expect(findThreshold(ex, t.ref as ThresholdRef)).toEqual({ ok: true, value: t.info });
    }
  });
});
