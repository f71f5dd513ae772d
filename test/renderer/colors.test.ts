/** Tier colours a reader can tell apart (issue 20): the distance, the palette by level, metal names, the rule of every chart of tiers. */
import { describe, expect, it } from 'vitest';
import { closeColorPairs, colorAfterRename, colorDistance, deltaE00, distinctColors, isAutomaticColor, LEVEL_PALETTE, levelColor, METAL_COLORS, metalColor, metalOf, newTierColor, TOO_CLOSE, tooClose, UNTIERED_COLOR } from '../../renderer/src/components/colors';
import { exampleScenarios } from '../../scenarios/examples';

const minDistance = (colors: readonly string[]) => {
  let min = Infinity;
  colors.forEach((a, i) => colors.slice(i + 1).forEach((b) => (min = Math.min(min, colorDistance(a, b)))));
  return min;
};

describe('the distance: CIEDE2000', () => {
  it('matches Sharma, Wu and Dalal’s test data', () => {
    const cases: [[number, number, number], [number, number, number], number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
      [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[50, 2.5, 0], [61, -5, 29], 22.8977],
      [[50, 2.5, 0], [56, -27, -3], 31.903],
      [[50, 2.5, 0], [58, 24, 15], 19.4535],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
      [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
    ];
    for (const [a, b, expected] of cases) {
      expect(deltaE00(a, b)).toBeCloseTo(expected, 4);
      expect(deltaE00(b, a)).toBeCloseTo(expected, 4);
    }
  });

  it('on hex colours: 0 for the same, 100 black to white; text that is no colour is only itself', () => {
    expect(colorDistance('#ABCDEF', '#abcdef')).toBe(0);
    expect(colorDistance('#fff', '#ffffff')).toBe(0);
    expect(colorDistance('#000000', '#ffffff')).toBeCloseTo(100, 3);
    expect(colorDistance('rgb(1, 2, 3)', 'RGB(1, 2, 3)')).toBe(0);
    expect(colorDistance('#fa0', '#ffaa00')).toBe(0);
    expect(colorDistance('red', '#ff0000')).toBe(0);
    expect(colorDistance('not a colour', 'NOT A COLOUR')).toBe(0);
    expect(colorDistance('not a colour', '#ff0000')).toBe(Infinity);
  });

  it('too close below ΔE00 10: near greys and near blues are, a metal ladder’s colours are not', () => {
    expect(TOO_CLOSE).toBe(10);
    const table: [string, string, boolean][] = [
      ['#94a3b8', '#a8b2bd', true], // slate and the examples' silver
      ['#a8b2bd', UNTIERED_COLOR, true], // the examples' silver and the untiered grey
      ['#94a3b8', UNTIERED_COLOR, true], // the examples' entry grey and the untiered grey
      ['#60a5fa', '#5b8def', true], // two mid blues
      ['#3b82f6', '#5b8def', true],
      ['#123456', '#123456', true],
      ['#b87333', '#e0b43c', false], // bronze and gold
      ['#e0b43c', '#5b8def', false],
      ['#60a5fa', '#34d399', false], // blue and green
      ['#64748b', UNTIERED_COLOR, false],
    ];
    for (const [a, b, close] of table) expect(tooClose(a, b), `${a} ${b}`).toBe(close);
  });
});

describe('the palette by level and the metals', () => {
  it('each level’s colour is distinct from the untiered grey and from the next levels’; the metals from each other and the grey', () => {
    const mains = LEVEL_PALETTE.map((f) => f[0]!);
    for (const c of [...mains, ...Object.values(METAL_COLORS).map((m) => m[0]!)]) expect(tooClose(c, UNTIERED_COLOR), c).toBe(false);
    // the first four levels (most ladders) pairwise, and every two neighbouring levels
    expect(minDistance(mains.slice(0, 4))).toBeGreaterThanOrEqual(TOO_CLOSE);
    mains.forEach((c, i) => i > 0 && expect(tooClose(c, mains[i - 1]!)).toBe(false));
    expect(minDistance(Object.values(METAL_COLORS).map((m) => m[0]!))).toBeGreaterThanOrEqual(TOO_CLOSE);
    for (const shades of Object.values(METAL_COLORS)) expect(minDistance(shades)).toBeGreaterThanOrEqual(TOO_CLOSE);
    expect(levelColor(0)).toBe(LEVEL_PALETTE[0]![0]);
    expect(levelColor(LEVEL_PALETTE.length + 1)).toBe(levelColor(1));
    expect(levelColor(-1)).toBe(levelColor(0));
  });

  it('a metal in a tier’s name, as a word', () => {
    expect(metalOf('Gold')).toBe('gold');
    expect(metalOf('gold partner')).toBe('gold');
    expect(metalOf('PLATINUM+')).toBe('platinum');
    expect(metalOf('Elite (Diamond)')).toBe('diamond');
    expect(metalOf('Bronze-level')).toBe('bronze');
    expect(metalOf('Golden')).toBeNull();
    expect(metalOf('Silverback')).toBeNull();
    expect(metalOf('Tier 3')).toBeNull();
    expect(metalColor('Silver')).toBe(METAL_COLORS.silver![0]);
    expect(metalColor('Premier')).toBeNull();
  });

  it('renaming to a metal brings its colour when the colour was the app’s; a chosen colour stays; a name without a metal changes nothing', () => {
    expect(colorAfterRename(levelColor(2), 'Gold')).toBe(METAL_COLORS.gold![0]);
    expect(colorAfterRename('#60a5fa', 'Silver')).toBe(METAL_COLORS.silver![0]); // the editor's earlier default for level 1
    expect(colorAfterRename('#5B8DEF', 'gold tier')).toBe(METAL_COLORS.gold![0]); // the examples' platinum
    expect(colorAfterRename(METAL_COLORS.gold![0]!, 'Platinum')).toBe(METAL_COLORS.platinum![0]);
    expect(colorAfterRename('#123456', 'Gold')).toBe('#123456');
    expect(colorAfterRename(levelColor(2), 'Elite')).toBe(levelColor(2));
    expect(isAutomaticColor('#123456')).toBe(false);
  });

  it('a new tier: its metal’s colour, else its level’s, else one distinct from the ladder’s', () => {
    expect(newTierColor(2, 'Tier 3', [])).toBe(levelColor(2));
    expect(newTierColor(2, 'Gold', [])).toBe(METAL_COLORS.gold![0]);
    expect(newTierColor(2, 'Gold', [METAL_COLORS.gold![0]!])).toBe(METAL_COLORS.gold![1]);
    const taken = [UNTIERED_COLOR, levelColor(0), levelColor(1), levelColor(2)];
    const color = newTierColor(2, 'Tier 3', taken);
    expect(LEVEL_PALETTE[2]).toContain(color);
    for (const t of taken) expect(tooClose(color, t)).toBe(false);
  });
});

describe('distinct colours within a chart', () => {
  it('keeps each own colour that is distinct; the others take their metal’s or level’s shades', () => {
    const colors = distinctColors(
      [
        { key: 'a', color: '#94a3b8', level: 0, name: 'Registered' }, // like the untiered grey
        { key: 'b', color: '#60a5fa', level: 1, name: 'Selling' },
        { key: 'c', color: '#60a5fa', level: 1, name: 'Delivering' }, // the same as b
        { key: 'd', color: '#a8b2bd', level: 1, name: 'Silver' }, // like the untiered grey
        { key: 'b', color: '#000000', level: 3, name: 'Again' }, // a key twice: its first colour
      ],
      [UNTIERED_COLOR],
    );
    expect([...colors.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(colors.get('b')).toBe('#60a5fa');
    expect(LEVEL_PALETTE[0]).toContain(colors.get('a'));
    expect(LEVEL_PALETTE[1]).toContain(colors.get('c'));
    expect(METAL_COLORS.silver).toContain(colors.get('d'));
    expect(minDistance([...colors.values(), UNTIERED_COLOR])).toBeGreaterThanOrEqual(TOO_CLOSE);
  });

  it('a later own colour is kept before an earlier tier’s fallback takes it', () => {
    const colors = distinctColors([
      { key: 'x', color: '#60a5fa', level: 1 },
      { key: 'y', color: '#60a5fa', level: 1 },
      { key: 'z', color: LEVEL_PALETTE[1]![0]!, level: 1 },
    ]);
    expect(colors.get('z')).toBe(LEVEL_PALETTE[1]![0]);
    expect(minDistance([...colors.values()])).toBeGreaterThanOrEqual(TOO_CLOSE);
  });

  it('every example scenario’s tiers, and all six by tier name, are distinct in one chart', () => {
    const scenarios = exampleScenarios();
    expect(scenarios).toHaveLength(6);
    const byName = new Map<string, { key: string; color: string; level: number; name: string }>();
    for (const s of scenarios) {
      const requests = s.ladders.flatMap((l) => l.tiers.map((t, level) => ({ key: `${l.id}/${t.id}`, color: t.color, level, name: t.name })));
      expect(minDistance([...distinctColors(requests, [UNTIERED_COLOR]).values(), UNTIERED_COLOR]), s.name).toBeGreaterThanOrEqual(TOO_CLOSE);
      for (const r of requests) if (!byName.has(r.name)) byName.set(r.name, { ...r, key: r.name });
    }
    expect(byName.size).toBeGreaterThan(20);
    expect(minDistance([...distinctColors([...byName.values()], [UNTIERED_COLOR]).values(), UNTIERED_COLOR])).toBeGreaterThanOrEqual(TOO_CLOSE);
  });

  it('more series than the palette can keep apart: each takes the farthest colour left, never fails', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ key: `t${i}`, color: '#888888', level: i % 5 }));
    const colors = distinctColors(many, [UNTIERED_COLOR]);
    expect(colors.size).toBe(60);
    for (const c of colors.values()) expect(c).toMatch(/^#[0-9a-f]{6}$/i);
  });
});

describe('tiers of a ladder that look alike', () => {
  it('lists every pair that shares a colour or is too close, lowest first', () => {
    expect(closeColorPairs([{ color: '#b87333' }, { color: '#a8b2bd' }, { color: '#e0b43c' }, { color: '#5b8def' }])).toEqual([]);
    expect(closeColorPairs([{ color: '#94a3b8' }, { color: '#60a5fa' }, { color: '#94A3B8' }, { color: '#5b8def' }])).toEqual([
      { a: 0, b: 2, same: true },
      { a: 1, b: 3, same: false },
    ]);
  });
});
