import { describe, expect, it } from 'vitest';
import { describeMatch, fillTierMapping, metalRank, suggestTierMapping, todayTiersOf, type TodayTier } from '../../../shared/model/tier-mapping';
import { tierLabelKey } from '../../../shared/model/scenario';
import { assignmentsOf, evaluate } from '../../../shared/engine';
import { exampleScenarios } from '../../../scenarios/examples';
import { dataset, ge, scenario } from '../engine/helpers';

const t = (label: string, count = 10, motions: string[] = []): TodayTier => ({
  label,
  spellings: [label],
  count,
  motions: motions.map((motion) => ({ motion, count })),
});

const ladder = (id: string, motion: string, names: string[]) => ({
  id,
  motion,
  name: id,
  tiers: names.map((name, i) => ({ id: `${id}_${i}`, name, color: '#888888', requirement: i === 0 ? null : ge('m', i * 10) })),
});

describe('todayTiersOf', () => {
  it('merges spellings that differ in case and spaces, counts per motion: metals in metal order, then the rest by size', () => {
    const tiers = todayTiersOf([
      { label: 'Gold', motion: 'reseller', count: 5 },
      { label: 'GOLD ', motion: 'services', count: 2 },
      { label: 'Registered', motion: 'reseller', count: 40 },
      { label: 'Silver', motion: 'reseller', count: 9 },
      { label: null, motion: 'reseller', count: 7 },
      { label: '  ', motion: 'reseller', count: 1 },
    ]);
    expect(tiers.map((x) => [x.label, x.count])).toEqual([
      ['Silver', 9],
      ['Gold', 7],
      ['Registered', 40],
    ]);
    const gold = tiers.find((x) => x.label === 'Gold')!;
    expect(gold.spellings).toEqual(['Gold', 'GOLD ']);
    expect(gold.motions).toEqual([
      { motion: 'reseller', count: 5 },
      { motion: 'services', count: 2 },
    ]);
  });

  it('keys ignore case and every space', () => {
    expect(tierLabelKey(' Gold  Partner ')).toBe(tierLabelKey('gold partner'));
    expect(metalRank('Gold Partner')).toBe(2);
    expect(metalRank('Silver/Gold')).toBe(-1);
    expect(metalRank('Golden')).toBe(-1);
  });

  it('reads a metal in the languages a list is read in (German, French, Spanish, Italian, Dutch, Portuguese)', () => {
    for (const [label, rank] of [
      ['Silber', 1],
      ['Partner Silber', 1],
      ['Argent', 1],
      ['Plata', 1],
      ['Zilver', 1],
      ['Bronce', 0],
      ['Brons', 0],
      ['Oro', 2],
      ['Goud', 2],
      ['Or', 2],
      ['Partenaire Or', 2],
      ['Platin', 3],
      ['Platine', 3],
      ['Platino', 3],
      ['Diamant', 4],
      ['Diamante', 4],
      ['ÉLITE Platine', 3],
    ] as const) {
      expect(metalRank(label), label).toBe(rank);
    }
    // the English "or" between two words is no metal
    expect(metalRank('Bronze or above')).toBe(0);
    expect(metalRank('Silver or Gold')).toBe(-1);
    expect(metalRank('Silber/Gold')).toBe(-1);
    expect(metalRank('Oros')).toBe(-1);
  });
});

describe('suggestTierMapping', () => {
  it('matches names ignoring case and spaces', () => {
    const s = scenario({ ladders: [ladder('p', '*', ['Registered', 'Silver', 'Gold', 'Platinum'])] });
    const { entries, unplaced } = suggestTierMapping(s, [t('registered'), t('SILVER'), t(' Gold '), t('Platinum')]);
    expect(entries).toEqual([
      { label: 'registered', level: 0, match: 'name' },
      { label: 'SILVER', level: 1, match: 'name' },
      { label: ' Gold ', level: 2, match: 'name' },
      { label: 'Platinum', level: 3, match: 'name' },
    ]);
    expect(unplaced).toEqual([]);
  });

  it('places metals in metal order on a ladder without metal names, after a name match', () => {
    const s = scenario({ ladders: [ladder('r', '*', ['Registered', 'Selling', 'Specialist', 'Strategic'])] });
    const { entries, unplaced } = suggestTierMapping(s, [t('Registered'), t('Gold'), t('Silver'), t('Platinum')]);
    expect(entries).toEqual([
      { label: 'Registered', level: 0, match: 'name' },
      { label: 'Gold', level: 2, match: 'metal' },
      { label: 'Silver', level: 1, match: 'metal' },
      { label: 'Platinum', level: 3, match: 'metal' },
    ]);
    expect(unplaced).toEqual([]);
  });

  it('shifts metals down as a block when the highest would sit above the top', () => {
    const s = scenario({ ladders: [ladder('r', '*', ['A', 'B', 'C'])] });
    const { entries } = suggestTierMapping(s, [t('Gold'), t('Platinum'), t('Diamond')]);
    expect(entries.map((e) => [e.label, e.level])).toEqual([
      ['Gold', 0],
      ['Platinum', 1],
      ['Diamond', 2],
    ]);
  });

  it('leaves metals unplaced when the design has too few levels to keep them apart', () => {
    const s = scenario({ ladders: [ladder('two', '*', ['Partner', 'Preferred Partner'])] });
    const { entries, unplaced } = suggestTierMapping(s, [t('Silver'), t('Gold'), t('Platinum'), t('Preferred partner')]);
    expect(entries).toEqual([{ label: 'Preferred partner', level: 1, match: 'name' }]);
    expect(unplaced.map((u) => u.label)).toEqual(['Silver', 'Gold', 'Platinum']);
    expect(unplaced[0]!.why).toMatch(/more than the design's 2 levels/);
  });

  it('places the other metals at their distance from a metal placed by name, within the design’s levels', () => {
    // a blank ladder whose tiers were named after two of today's metals
    const s = scenario({ ladders: [ladder('p', '*', ['Registered', 'Silver', 'Gold'])] });
    const { entries, unplaced } = suggestTierMapping(s, [t('Bronze'), t('Silver'), t('Gold'), t('Platinum'), t('Diamond')]);
    expect(entries.map((e) => [e.label, e.level, e.match])).toEqual([
      ['Silver', 1, 'name'],
      ['Gold', 2, 'name'],
      ['Bronze', 0, 'metal'],
      ['Platinum', 2, 'metal'],
      ['Diamond', 2, 'metal'],
    ]);
    expect(unplaced).toEqual([]);
  });

  it('matches a metal word to the tier of the same metal ("Gold Partner" → Gold)', () => {
    const s = scenario({ ladders: [ladder('m', '*', ['Bronze', 'Silver', 'Gold', 'Platinum'])] });
    const { entries } = suggestTierMapping(s, [t('Gold Partner'), t('Silver partner')]);
    expect(entries).toEqual([
      { label: 'Gold Partner', level: 2, match: 'metal' },
      { label: 'Silver partner', level: 1, match: 'metal' },
    ]);
  });

  it('places a lead’s German, French or Spanish metal labels on the tiers of the same metal', () => {
    const s = scenario({ ladders: [ladder('m', '*', ['Bronze', 'Silver', 'Gold', 'Platinum'])] });
    const { entries, unplaced } = suggestTierMapping(s, [t('Bronze'), t('Silber'), t('Gold'), t('Argent'), t('Oro'), t('Platino')]);
    expect(entries).toEqual([
      { label: 'Bronze', level: 0, match: 'name' },
      { label: 'Gold', level: 2, match: 'name' },
      { label: 'Silber', level: 1, match: 'metal' },
      { label: 'Argent', level: 1, match: 'metal' },
      { label: 'Oro', level: 2, match: 'metal' },
      { label: 'Platino', level: 3, match: 'metal' },
    ]);
    expect(unplaced).toEqual([]);
  });

  it('leaves a name found on different levels of the ladders its partners are on unplaced', () => {
    const s = scenario({
      ladders: [ladder('res', 'reseller', ['Registered', 'Gold']), ladder('svc', 'services', ['Registered', 'Silver', 'Gold'])],
    });
    const { entries, unplaced } = suggestTierMapping(s, [t('Gold', 10, ['reseller', 'services']), t('Registered', 5, ['reseller', 'services'])]);
    expect(entries).toEqual([{ label: 'Registered', level: 0, match: 'name' }]);
    expect(unplaced).toHaveLength(1);
    expect(unplaced[0]!.why).toMatch(/level 1 on res and level 2 on svc/);
  });

  it('uses only the ladders that tier the label’s partners', () => {
    const s = scenario({
      ladders: [ladder('res', 'reseller', ['Registered', 'Gold']), ladder('svc', 'services', ['Registered', 'Silver', 'Gold'])],
    });
    const { entries } = suggestTierMapping(s, [t('Gold', 10, ['services'])]);
    expect(entries).toEqual([{ label: 'Gold', level: 2, match: 'name' }]);
  });

  it('leaves a label that is neither a tier name nor a metal unplaced, saying why', () => {
    const s = scenario({ ladders: [ladder('p', '*', ['Registered', 'Premier'])] });
    const { unplaced } = suggestTierMapping(s, [t('Elite', 3)]);
    expect(unplaced).toEqual([{ label: 'Elite', count: 3, why: 'No tier of the design is called "Elite".' }]);
  });
});

describe('fillTierMapping', () => {
  it('adds automatic entries only for labels without one, keeping hand-made entries', () => {
    const s = scenario({
      ladders: [ladder('p', '*', ['Registered', 'Silver', 'Gold'])],
      tierMapping: [{ label: 'gold', level: 1 }],
    });
    const fill = fillTierMapping(s, [t('Registered'), t('Silver'), t('GOLD'), t('Legacy')]);
    expect(fill.added).toEqual([
      { label: 'Registered', level: 0, match: 'name' },
      { label: 'Silver', level: 1, match: 'name' },
    ]);
    expect(fill.scenario.tierMapping).toEqual([{ label: 'gold', level: 1 }, ...fill.added]);
    expect(fill.unplaced.map((u) => u.label)).toEqual(['Legacy']);
  });

  it('places a metal in another language where the scenario already places that metal ("Silber" with "Silver")', () => {
    // a two-tier design whose mapping puts Bronze and Silver on the entry tier by hand
    const s = scenario({
      ladders: [ladder('p', '*', ['Registered', 'Partner'])],
      tierMapping: [
        { label: 'Bronze', level: 0 },
        { label: 'Silver', level: 0 },
        { label: 'Gold', level: 1 },
      ],
    });
    const fill = fillTierMapping(s, [t('Bronze'), t('Silber'), t('Gold'), t('Platine')]);
    expect(fill.added).toEqual([
      { label: 'Silber', level: 0, match: 'metal' },
      { label: 'Platine', level: 1, match: 'metal' },
    ]);
    expect(fill.unplaced).toEqual([]);
  });

  it('returns the same scenario when every label is placed', () => {
    const s = scenario({ ladders: [ladder('p', '*', ['Registered'])], tierMapping: [{ label: 'Registered', level: 0 }] });
    expect(fillTierMapping(s, [t('registered')]).scenario).toBe(s);
  });

  it('links today’s tiers for movement: an own list on the motion-fit example', () => {
    const motionFit = exampleScenarios().find((x) => x.name === 'Motion-fit ladders')!;
    // the example maps the sample's metals; this list calls its entry tier "Registered"
    const rows = [
      { id: 'a', motion: 'reseller', currentTier: 'Registered', sourced_arr: 10 },
      { id: 'b', motion: 'reseller', currentTier: 'Silver', sourced_arr: 10 },
      { id: 'c', motion: 'services', currentTier: 'registered ', certified_consultants: 0 },
    ];
    const data = dataset(rows);
    const before = evaluate({ ...motionFit, tierMapping: motionFit.tierMapping.filter((e) => tierLabelKey(e.label) !== 'registered') }, data);
    expect(before.alerts.some((a) => a.code === 'unmapped-current-tier')).toBe(true);
    const tiers = todayTiersOf(rows.map((r) => ({ label: r.currentTier, motion: r.motion, count: 1 })));
    const fill = fillTierMapping({ ...motionFit, tierMapping: motionFit.tierMapping.filter((e) => tierLabelKey(e.label) !== 'registered') }, tiers);
    expect(fill.added).toEqual([{ label: 'Registered', level: 0, match: 'name' }]);
    const after = evaluate(fill.scenario, data);
    expect(after.alerts.some((a) => a.code === 'unmapped-current-tier')).toBe(false);
    // "registered " and "Registered" are the same label: both partners have a current tier now
    expect([...after.currentLevel]).toEqual([0, 1, 0]);
  });
});

describe('a level above a ladder’s top', () => {
  it('reads as that ladder’s top tier: the worked example of docs/ENGINE.md, "Today’s tiers"', () => {
    const named = (id: string, names: string[]) => names.map((name, i) => ({ id: `${id}_${i}`, name, color: '#888888', requirement: i === 0 ? null : ge('m', i * 10) }));
    const design = scenario({
      ladders: [
        { id: 'resale', motion: 'reseller', name: 'Resale partners', tiers: named('resale', ['Registered', 'Selling', 'Specialist', 'Strategic']) },
        { id: 'other', motion: '*', name: 'Everyone else', tiers: named('other', ['Partner', 'Preferred Partner']) },
      ],
      tierMapping: [{ label: 'Platinum', level: 3 }],
    });
    const data = dataset([
      { id: 'r', motion: 'reseller', currentTier: 'Platinum', m: 35 },
      { id: 'kept', motion: 'services', currentTier: 'Platinum', m: 15 },
      { id: 'down', motion: 'services', currentTier: 'Platinum', m: 5 },
    ]);
    const outcome = evaluate(design, data);
    expect([...outcome.currentLevel]).toEqual([3, 1, 1]);
    expect(assignmentsOf(outcome).map((a) => [a.partnerId, a.tier, a.movement])).toEqual([
      ['r', 'Strategic', 'unchanged'],
      ['kept', 'Preferred Partner', 'unchanged'],
      ['down', 'Partner', 'demoted'],
    ]);
    // one level down, not three
    expect(outcome.currentLevel[2]! - outcome.level[2]!).toBe(1);
    // "as is": each partner stays where today's label reads on its own ladder
    const asIs = evaluate({ ...design, baseline: true }, data);
    expect(assignmentsOf(asIs).map((a) => a.tier)).toEqual(['Strategic', 'Preferred Partner', 'Preferred Partner']);
    expect(describeMatch({ label: 'Platinum', level: 3 }, design)).toBe('Platinum → Strategic / Preferred Partner (level 3, set by hand)');
  });
});
