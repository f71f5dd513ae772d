// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Chart } from 'chart.js';
import { createElement, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComparedScenario, CompareAnswer, SweepAnswer } from '../../renderer/src/engine/core';
import { colorDistance, levelColor, METAL_COLORS, TOO_CLOSE, tooClose, UNTIERED_COLOR } from '../../renderer/src/components/colors';
import { INK_COLOR, OVER_COLOR, WARNING_COLOR } from '../../renderer/src/lib/chartKit';
import {
  CompareDistributionChart,
  compareDistributionData,
  defaultGrouping,
  distributionCaption,
  laddersDiffer,
  levelGroup,
} from '../../renderer/src/features/compare/charts/CompareDistributionChart';
import { CoverageChart, coverageChartData } from '../../renderer/src/features/compare/charts/CoverageChart';
import { FlowChart, flowChartData } from '../../renderer/src/features/compare/charts/FlowChart';
import { ReplayCharts, replayChartData } from '../../renderer/src/features/compare/charts/ReplayCharts';
import { MARGIN_BUDGET_MARKER, MDF_BUDGET_MARKER, ResourcesChart, resourcesChartData, resourcesLegends } from '../../renderer/src/features/compare/charts/ResourcesChart';
import { SweepChart, sweepChartData } from '../../renderer/src/features/compare/charts/SweepChart';
import type { FlowEnd, MovementFlow, ScenarioKpis, TierCount, ReplayCycle, LadderInfo } from '../../shared/engine';

/** Every two of `colors` (and each against the untiered grey) can be told apart. */
function expectDistinct(colors: readonly string[]) {
  const all = [...colors, UNTIERED_COLOR];
  all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(colorDistance(a, b), `${a} and ${b}`).toBeGreaterThanOrEqual(TOO_CLOSE)));
}

// scenario A: its Silver is nearly the untiered grey
const ladderA: LadderInfo = {
  id: 'LA',
  motion: 'reseller',
  name: 'Resell',
  strict: false,
  tiers: [
    { id: 'a-bronze', name: 'Bronze', color: '#aa7744' },
    { id: 'a-silver', name: 'Silver', color: '#c0c0c0' },
    { id: 'a-gold', name: 'Gold', color: '#ffd700' },
  ],
};
// scenario B: another ladder, other colours (three near-blacks), a tier A has not
const ladderB: LadderInfo = {
  id: 'LB',
  motion: 'reseller',
  name: 'Resell v2',
  strict: false,
  tiers: [
    { id: 'b-silver', name: 'Silver', color: '#111111' },
    { id: 'b-gold', name: 'Gold', color: '#222222' },
    { id: 'b-platinum', name: 'Platinum', color: '#333333' },
  ],
};

const row = (ladder: LadderInfo | null, level: number, count: number): TierCount => {
  const tier = ladder?.tiers[level];
  return tier && ladder
    ? { ladderId: ladder.id, tierId: tier.id, tier: tier.name, level, count, share: 0 }
    : { ladderId: null, tierId: null, tier: null, level: -1, count, share: 0 };
};

function kpis(name: string, perTier: TierCount[], more: Partial<ScenarioKpis> = {}): CompareAnswer['comparison']['scenarios'][number] {
  const partners = perTier.reduce((s, r) => s + r.count, 0);
  return {
    name,
    baseline: false,
    partners,
    tiered: perTier.filter((r) => r.tier !== null).reduce((s, r) => s + r.count, 0),
    perTier,
    topTierShare: 0.1,
    topTierValueShare: 0.3,
    hours: 0,
    mdf: 0,
    fixed: 0,
    margin: 0,
    hoursUtilisation: null,
    mdfUtilisation: null,
    marginUtilisation: null,
    pairCoverage: 1,
    grantCoverage: 1,
    uncoveredPairs: 0,
    promoted: 0,
    demoted: 0,
    lostTier: 0,
    newlyTiered: 0,
    exitCandidates: 0,
    downgrades: 0,
    nearMiss10: 0,
    alerts: 0,
    reviewFindings: 0,
    currency: 'USD',
    missingMetrics: [],
    unplacedTiers: [],
    warned: 0,
    limited: 0,
    grandfathered: 0,
    demotedNow: 0,
    graceHours: 0,
    graceMoney: 0,
    delta: null,
    ...more,
  };
}

const comparison: CompareAnswer['comparison'] = {
  baseline: null,
  scenarios: [
    kpis('A', [row(ladderA, 0, 5), row(ladderA, 1, 3), row(ladderA, 2, 2), row(null, -1, 10)], {
      hours: 120,
      mdf: 50_000,
      fixed: 10_000,
      margin: 20_000,
      pairCoverage: 0.5,
      grantCoverage: 0.75,
    }),
    kpis('B', [row(ladderB, 0, 4), row(ladderB, 1, 4), row(ladderB, 2, 1), row(null, -1, 11)], {
      hours: 80,
      mdf: 30_000,
      fixed: 5_000,
      margin: 40_000,
      pairCoverage: 1,
      grantCoverage: 0.9,
    }),
  ],
};

const end = (ladder: LadderInfo | null, level: number): FlowEnd => {
  const tier = ladder?.tiers[level];
  return tier && ladder ? { ladderId: ladder.id, tierId: tier.id, tier: tier.name, level, today: null } : { ladderId: null, tierId: null, tier: null, level: -1, today: null };
};
const flow = (from: FlowEnd, to: FlowEnd, count: number): MovementFlow => ({ from, to, count });

const flowsA: MovementFlow[] = [
  flow(end(null, -1), end(null, -1), 6),
  flow(end(null, -1), end(ladderA, 0), 2),
  flow(end(ladderA, 0), end(ladderA, 0), 3),
  flow(end(ladderA, 0), end(ladderA, 1), 1),
  flow(end(ladderA, 2), end(ladderA, 1), 2),
  flow(end(ladderA, 2), end(ladderA, 2), 4),
  flow(end(ladderA, 2), end(ladderA, 2), 1), // the same pair again: summed
  flow(end(ladderA, 1), end(null, -1), 0), // nobody: left out
];

const compared: ComparedScenario[] = [
  { ladders: [ladderA], assumptions: { capacityHours: 100, mdfBudget: 40_000, marginBudget: null }, flows: flowsA },
  { ladders: [ladderB], assumptions: { capacityHours: null, mdfBudget: 40_000, marginBudget: 50_000 }, flows: [] },
];

const sweep: SweepAnswer = {
  info: { ladderIndex: 0, level: 2, tierName: 'Gold', metric: 'revenue', op: '>=', value: 250_000 },
  ms: 3,
  points: [100_000, 250_000, 400_000].map((value, i) => ({
    value,
    tiers: [
      { tierId: 'a-bronze', tier: 'Bronze', count: 4 + i },
      { tierId: 'a-silver', tier: 'Silver', count: 3 + i },
      { tierId: 'a-gold', tier: 'Gold', count: 6 - 2 * i },
      { tierId: null, tier: null, count: 7 },
    ],
    totals: { hours: 10, mdf: 1000 * (3 - i), fixed: 100, margin: 10 },
    cost: 1000 * (3 - i) + 110,
  })),
};

const cycle = (label: string, counts: number[], more: Partial<ReplayCycle> = {}): ReplayCycle => ({
  label,
  asOf: null,
  partners: counts.reduce((s, c) => s + c, 0),
  tiers: [
    ...ladderA.tiers.map((t, i) => ({ ladderId: ladderA.id, tierId: t.id, tier: t.name, count: counts[i]! })),
    { ladderId: null, tierId: null, tier: null, count: counts[3]! },
  ],
  topTierShare: counts[2]! / counts.reduce((s, c) => s + c, 0),
  promoted: 0,
  downgrades: 0,
  demoted: 0,
  warned: 0,
  limited: 0,
  grandfathered: 0,
  inGrace: 0,
  graceCost: { hours: 0, mdf: 0, fixed: 0, margin: 0 },
  exitCandidates: 0,
  ...more,
});
const cycles: ReplayCycle[] = [cycle('FY2024', [5, 3, 2, 10], { promoted: 2 }), cycle('FY2025', [4, 4, 3, 9], { promoted: 1, downgrades: 5, demoted: 2, warned: 3 })];

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('compare distribution data', () => {
  it('by tier name: each scenario stacked by tier name, lowest level first, untiered last; one colour per tier, distinct in the chart', () => {
    const data = compareDistributionData(comparison, compared, undefined, 'tier');
    expect(data.grouping).toBe('tier');
    expect(data.labels).toEqual(['A', 'B']);
    expect(data.datasets.map((d) => d.label)).toEqual(['Bronze', 'Silver', 'Gold', 'Platinum', 'Untiered']);
    const by = (label: string) => data.datasets.find((d) => d.label === label)!;
    expect(by('Bronze').data).toEqual([5, 0]);
    expect(by('Silver').data).toEqual([3, 4]);
    expect(by('Gold').data).toEqual([2, 4]);
    expect(by('Platinum').data).toEqual([0, 1]);
    expect(by('Untiered').data).toEqual([10, 11]);
    // the first scenario's own colours where distinct; its Silver (#c0c0c0) is too close to the untiered grey: the metal's silver
    expect(tooClose('#c0c0c0', UNTIERED_COLOR)).toBe(true);
    expect(by('Bronze').color).toBe('#aa7744');
    expect(by('Silver').color).toBe(METAL_COLORS.silver![0]);
    expect(by('Gold').color).toBe('#ffd700');
    expect(by('Platinum').color).toBe('#333333'); // B's own, distinct from the others
    // every bar of a stack in the stack's colour: the legend explains every bar
    for (const d of data.datasets) expect(d.backgroundColor).toEqual([d.color, d.color]);
    expectDistinct(data.datasets.filter((d) => d.key !== 'untiered').map((d) => d.color));
    // every partner is in exactly one stack
    for (const [i, s] of comparison.scenarios.entries()) expect(data.datasets.reduce((sum, d) => sum + d.data[i]!, 0)).toBe(s.partners);
  });

  it('by level when the ladders differ: Entry, the levels between, Top (each ladder’s highest tier), untiered; the palette by level', () => {
    expect(laddersDiffer(compared)).toBe(true);
    expect(defaultGrouping(compared)).toBe('level');
    const data = compareDistributionData(comparison, compared);
    expect(data.grouping).toBe('level');
    expect(data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Entry', [5, 4]],
      ['Level 1', [3, 4]],
      ['Top', [2, 1]], // A's Gold beside B's Platinum
      ['Untiered', [10, 11]],
    ]);
    expect(data.datasets.map((d) => d.color)).toEqual([levelColor(0), levelColor(1), levelColor(2), UNTIERED_COLOR]);
    expectDistinct(data.datasets.slice(0, 3).map((d) => d.color));
    // the tooltip names each scenario's tiers of the level
    expect(data.datasets.map((d) => d.tiers)).toEqual([
      [['Bronze'], ['Silver']],
      [['Silver'], ['Gold']],
      [['Gold'], ['Platinum']],
      undefined,
    ]);
    for (const [i, s] of comparison.scenarios.entries()) expect(data.datasets.reduce((sum, d) => sum + d.data[i]!, 0)).toBe(s.partners);
  });

  it('levels: entry is level 0 (a ladder’s only tier too), top the highest of two or more, the others by number', () => {
    expect(levelGroup(0, 1)).toBe('entry');
    expect(levelGroup(0, 4)).toBe('entry');
    expect(levelGroup(1, 2)).toBe('top');
    expect(levelGroup(3, 4)).toBe('top');
    expect(levelGroup(1, 4)).toBe('level:1');
    expect(levelGroup(2, 4)).toBe('level:2');
  });

  it('the same ladders: by tier name, nothing to say; different ladders: the caption says which grouping and why', () => {
    const same = [{ ladders: [ladderA] }, { ladders: [{ ...ladderA, tiers: ladderA.tiers.map((t) => ({ ...t, color: '#000000' })) }] }];
    expect(laddersDiffer(same)).toBe(false); // colours alone do not make ladders differ
    expect(defaultGrouping(same)).toBe('tier');
    expect(laddersDiffer([{ ladders: [ladderA] }, { ladders: [{ ...ladderA, tiers: [...ladderA.tiers].reverse() }] }])).toBe(true);
    expect(distributionCaption('tier', false)).toBeNull();
    expect(distributionCaption('level', true)).toMatch(/^Grouped by level — Entry, Level 1 …, Top .* because the scenarios’ ladders differ/);
    expect(distributionCaption('tier', true)).toMatch(/^Stacked by tier name/);
  });

  it('dims the other scenarios’ bars when one is highlighted', () => {
    const data = compareDistributionData(comparison, compared, 1, 'tier');
    const gold = data.datasets.find((d) => d.label === 'Gold')!;
    expect(gold.backgroundColor[1]).toBe('#ffd700');
    expect(gold.backgroundColor[0]).toBe('rgba(255, 215, 0, 0.25)');
  });

  it('the chart says its grouping and offers the other where the ladders differ', () => {
    render(createElement(CompareDistributionChart, { comparison, scenarios: compared }));
    expect(screen.getByTestId('distribution-caption').textContent).toMatch(/^Grouped by level/);
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/per level/);
    fireEvent.click(screen.getByLabelText('by tier name'));
    expect(screen.getByTestId('distribution-caption').textContent).toMatch(/^Stacked by tier name/);
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/per tier/);
    cleanup();
    // the same ladders: no caption, no choice
    render(createElement(CompareDistributionChart, { comparison, scenarios: [compared[0]!, { ...compared[1]!, ladders: [ladderA] }] }));
    expect(screen.queryByTestId('distribution-caption')).toBeNull();
    expect(screen.queryByLabelText('by level')).toBeNull();
    cleanup();
    // presentation: the caption, no choice (the arrow keys step through the scenarios)
    render(createElement(CompareDistributionChart, { comparison, scenarios: compared, large: true }));
    expect(screen.getByTestId('distribution-caption')).toBeTruthy();
    expect(screen.queryByLabelText('by level')).toBeNull();
  });
});

describe('resources data', () => {
  it('flags hours over capacity and dollars over budget; no limit, no flag', () => {
    const data = resourcesChartData(comparison, compared);
    expect(data.labels).toEqual(['A', 'B']);
    expect(data.hours.values).toEqual([120, 80]);
    expect(data.hours.capacity).toEqual([100, null]);
    expect(data.hours.over).toEqual([true, false]);
    expect(data.dollars.mdf).toEqual([50_000, 30_000]);
    expect(data.dollars.mdfOver).toEqual([true, false]);
    expect(data.dollars.marginBudget).toEqual([null, 50_000]);
    expect(data.dollars.marginOver).toEqual([false, false]);
    const tight = resourcesChartData(comparison, [compared[0]!, { ...compared[1]!, assumptions: { capacityHours: 79, mdfBudget: null, marginBudget: 39_999 } }]);
    expect(tight.hours.over).toEqual([true, true]);
    expect(tight.dollars.mdfOver).toEqual([true, false]);
    expect(tight.dollars.marginOver).toEqual([false, true]);
  });

  it('the legends explain every mark: segments, over capacity/budget when a bar is over, each marker drawn in its own colour and shape', () => {
    const { hours, dollars } = resourcesLegends(resourcesChartData(comparison, compared));
    expect(hours.map((e) => e.text)).toEqual(['Team hours', 'Over capacity', 'Capacity']);
    expect(dollars.map((e) => e.text)).toEqual(['MDF', 'Fixed', 'Margin', 'Over budget', 'MDF budget', 'Margin budget']);
    const entry = (text: string) => [...hours, ...dollars].find((e) => e.text === text)!;
    // over: the warning fill with the exceeded marker's red outline, no dataset of its own
    expect(entry('Over budget')).toEqual({ text: 'Over budget', color: WARNING_COLOR, outline: OVER_COLOR, shape: 'box' });
    expect(entry('Over capacity')).toMatchObject({ color: WARNING_COLOR, outline: OVER_COLOR });
    expect(entry('Over budget').datasetIndex).toBeUndefined();
    // the two budget markers differ in colour and in shape (solid / dashed); each toggles its dataset
    expect(entry('MDF budget')).toMatchObject({ shape: 'line', color: MDF_BUDGET_MARKER.color, datasetIndex: 3 });
    expect(entry('MDF budget').dash).toBeUndefined();
    expect(entry('Margin budget')).toMatchObject({ shape: 'line', color: MARGIN_BUDGET_MARKER.color, dash: [6, 4], datasetIndex: 4 });
    expect(tooClose(MDF_BUDGET_MARKER.color, MARGIN_BUDGET_MARKER.color)).toBe(false);
    // neither marker looks like the exceeded red
    for (const c of [MDF_BUDGET_MARKER.color, MARGIN_BUDGET_MARKER.color, INK_COLOR]) expect(tooClose(c, OVER_COLOR)).toBe(false);
    expect(resourcesLegends(resourcesChartData(comparison, compared), true).dollars.find((e) => e.text === 'Margin budget')!.dash).toEqual([12, 8]);
    // nothing over, no budget set: no entry for what is not drawn
    const none = resourcesLegends(resourcesChartData(comparison, compared.map((c) => ({ ...c, assumptions: { capacityHours: null, mdfBudget: null, marginBudget: null } }))));
    expect(none.hours.map((e) => e.text)).toEqual(['Team hours']);
    expect(none.dollars.map((e) => e.text)).toEqual(['MDF', 'Fixed', 'Margin']);
    const under = resourcesLegends(resourcesChartData(comparison, compared.map((c) => ({ ...c, assumptions: { capacityHours: 1e6, mdfBudget: 1e9, marginBudget: 1e9 } }))));
    expect(under.dollars.map((e) => e.text)).toEqual(['MDF', 'Fixed', 'Margin', 'MDF budget', 'Margin budget']);
  });
});

describe('coverage data', () => {
  it('pairs and grants per scenario as shares', () => {
    const data = coverageChartData(comparison);
    expect(data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Pair coverage', [0.5, 1]],
      ['Grant coverage', [0.75, 0.9]],
    ]);
  });
});

describe('flow chart data', () => {
  it('sums flows between the same nodes, labels both ends and keeps tier colours', () => {
    const data = flowChartData(flowsA, [ladderA]);
    expect(data.flows).toHaveLength(6);
    expect(data.flows.reduce((s, f) => s + f.flow, 0)).toBe(19);
    const goldStays = data.flows.find((f) => data.labels[f.from] === 'Gold (today)' && data.labels[f.to] === 'Gold');
    expect(goldStays?.flow).toBe(5);
    expect(Object.values(data.labels).sort()).toEqual(['Bronze', 'Bronze (today)', 'Gold', 'Gold (today)', 'No current tier', 'Silver', 'Untiered'].sort());
    const key = (label: string) => Object.keys(data.labels).find((k) => data.labels[k] === label)!;
    expect(data.colors[key('Gold (today)')]).toBe('#ffd700');
    expect(data.colors[key('Gold')]).toBe('#ffd700');
    // too close to the untiered grey: the metal's silver
    expect(data.colors[key('Silver')]).toBe(METAL_COLORS.silver![0]);
    expect(data.colors[key('No current tier')]).toBe(UNTIERED_COLOR);
    expect(data.colors[key('Untiered')]).toBe(UNTIERED_COLOR);
    // current tiers on the left, new tiers on the right
    expect(data.column[key('Gold (today)')]).toBe(0);
    expect(data.column[key('No current tier')]).toBe(0);
    expect(data.column[key('Gold')]).toBe(1);
    expect(data.column[key('Untiered')]).toBe(1);
    // top tier first, no tier last, in both columns
    const order = (column: number) =>
      Object.keys(data.column)
        .filter((k) => data.column[k] === column)
        .sort((a, b) => data.priority[a]! - data.priority[b]!)
        .map((k) => data.labels[k]);
    expect(order(0)).toEqual(['Gold (today)', 'Bronze (today)', 'No current tier']);
    expect(order(1)).toEqual(['Gold', 'Silver', 'Bronze', 'Untiered']);
  });

  it('names the ladder when two ladders share a tier name', () => {
    const other: LadderInfo = { ...ladderB, id: 'LC', name: 'Refer', motion: 'referral' };
    const data = flowChartData([flow(end(ladderA, 2), end(ladderA, 2), 1), flow(end(other, 1), end(other, 1), 1)], [ladderA, other]);
    expect(Object.values(data.labels).sort()).toEqual(['Gold · Refer', 'Gold · Refer (today)', 'Gold · Resell', 'Gold · Resell (today)']);
    const key = (label: string) => Object.keys(data.labels).find((k) => data.labels[k] === label)!;
    expect(data.colors[key('Gold · Resell (today)')]).toBe('#ffd700');
    // Refer's Gold (#222222) is too close to its Silver (#111111): a shade of gold distinct from Resell's
    expect(tooClose('#222222', '#111111')).toBe(true);
    expect(METAL_COLORS.gold).toContain(data.colors[key('Gold · Refer')]);
    expectDistinct(Object.keys(data.labels).filter((k) => !k.endsWith(':none')).map((k) => data.colors[k]!).filter((c, i, all) => all.indexOf(c) === i));
  });
});

describe('sweep data', () => {
  it('one series per tier of the ladder, untiered, and the total cost', () => {
    const series = sweepChartData(sweep.points, ladderA);
    expect(series.map((s) => [s.label, s.color, s.axis, s.dashed])).toEqual([
      ['Bronze', '#aa7744', 'partners', false],
      ['Silver', METAL_COLORS.silver![0], 'partners', false],
      ['Gold', '#ffd700', 'partners', false],
      ['Untiered', UNTIERED_COLOR, 'partners', true],
      ['Total cost', INK_COLOR, 'cost', true],
    ]);
    expect(series[2]!.data).toEqual([
      { x: 100_000, y: 6 },
      { x: 250_000, y: 4 },
      { x: 400_000, y: 2 },
    ]);
    expect(series[4]!.data.map((p) => p.y)).toEqual([3110, 2110, 1110]);
  });
});

describe('replay data', () => {
  it('partners per tier per cycle in tier colours, and the movement series', () => {
    const data = replayChartData(cycles, [ladderA]);
    expect(data.labels).toEqual(['FY2024', 'FY2025']);
    expect(data.tiers.map((t) => [t.label, t.color, t.data])).toEqual([
      ['Bronze', '#aa7744', [5, 4]],
      ['Silver', METAL_COLORS.silver![0], [3, 4]],
      ['Gold', '#ffd700', [2, 3]],
      ['Untiered', UNTIERED_COLOR, [10, 9]],
    ]);
    expect(data.promoted).toEqual([2, 1]);
    expect(data.demoted).toEqual([0, 5]); // what moved down, whatever the policies then did
    expect(data.warned).toEqual([0, 3]);
    expect(data.topTierShare).toEqual([0.1, 0.15]);
    expect(data.topColor).toBe('#ffd700');
    // a top tier that looks like the promoted bars' green: the line in ink
    const green = { ...ladderA, tiers: [...ladderA.tiers.slice(0, 2), { ...ladderA.tiers[2]!, color: '#15a34a' }] };
    expect(replayChartData(cycles, [green]).topColor).toBe(INK_COLOR);
  });
});

const elements = (onPick?: (v: number) => void, large = false): [string, ReactElement][] => [
  ['distribution', createElement(CompareDistributionChart, { comparison, scenarios: compared, large, highlight: 0 })],
  ['resources', createElement(ResourcesChart, { comparison, scenarios: compared, large, highlight: 1 })],
  ['coverage', createElement(CoverageChart, { comparison, scenarios: compared, large })],
  ['flow', createElement(FlowChart, { flows: flowsA, ladders: [ladderA], title: 'Scenario A', large })],
  ['flow (empty)', createElement(FlowChart, { flows: [], ladders: [ladderB], title: 'Scenario B', large })],
  [
    'sweep',
    createElement(SweepChart, { sweep, ladder: ladderA, metricKind: 'currency', metricUnit: null, current: 250_000, large, ...(onPick ? { onPick } : {}) }),
  ],
  ['replay', createElement(ReplayCharts, { cycles, ladders: [ladderA], large })],
];

describe('chart components without a canvas context', () => {
  it.each(elements())('%s renders its labelled canvas and no chart', (_name, element) => {
    const { container, unmount } = render(element);
    const canvases = container.querySelectorAll('canvas');
    expect(canvases.length).toBeGreaterThan(0);
    for (const canvas of canvases) {
      expect(canvas.getAttribute('role')).toBe('img');
      expect(canvas.getAttribute('aria-label')).toBeTruthy();
      expect(Chart.getChart(canvas)).toBeUndefined();
    }
    unmount();
  });

  it('the flow chart shows its title', () => {
    render(createElement(FlowChart, { flows: flowsA, ladders: [ladderA], title: 'Scenario A' }));
    expect(screen.getByText('Scenario A')).toBeTruthy();
  });
});

/** Enough of a 2D context for Chart.js to lay out and draw: every method a no-op, the texts drawn kept. */
const drawn: string[] = [];
function stubContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = {
    canvas,
    fillText: (text: unknown) => drawn.push(String(text)),
    measureText: (text: string) => ({ width: text.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }),
    createLinearGradient: () => ({ addColorStop: () => undefined }),
    getLineDash: () => [],
    isPointInPath: () => false,
  };
  return new Proxy(state, {
    // unknown names are methods (no-ops), except what would make the context look like a list or a promise
    get: (target, key) => (key in target ? target[key] : typeof key === 'symbol' || ['length', '0', 'then'].includes(key) ? undefined : () => undefined),
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

describe('chart components with a (stub) canvas context', () => {
  function withContext() {
    drawn.length = 0;
    const contexts = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
      let ctx = contexts.get(this);
      if (!ctx) contexts.set(this, (ctx = stubContext(this)));
      return ctx as unknown as ReturnType<HTMLCanvasElement['getContext']>;
    } as HTMLCanvasElement['getContext']);
    // the chart's container: 800×300
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ x: 0, y: 0, left: 0, top: 0, right: 800, bottom: 300, width: 800, height: 300, toJSON: () => ({}) });
  }

  it.each(elements())('%s: Chart.js builds, updates (presentation size) and destroys the chart', (_name, element) => {
    withContext();
    const { container, rerender, unmount } = render(element);
    const canvases = [...container.querySelectorAll('canvas')];
    const charts = canvases.map((c) => Chart.getChart(c));
    expect(charts.every((c) => c !== undefined)).toBe(true);
    // laid out at the container's size (so drawn, not skipped)
    for (const c of charts) expect(c!.width).toBeGreaterThan(0);
    const updates = charts.map((c) => vi.spyOn(c!, 'update'));
    const large = elements(undefined, true).find(([name]) => name === _name)![1];
    rerender(large);
    // the same charts, updated in place
    expect(canvases.map((c) => Chart.getChart(c))).toEqual(charts);
    for (const u of updates) expect(u).toHaveBeenCalledWith('none');
    const destroys = charts.map((c) => vi.spyOn(c!, 'destroy'));
    unmount();
    for (const d of destroys) expect(d).toHaveBeenCalled();
  });

  it('draws the node labels of the flow chart and the marker of the sweep chart', () => {
    withContext();
    render(createElement(FlowChart, { flows: flowsA, ladders: [ladderA], title: 'Scenario A' }));
    expect(drawn).toEqual(expect.arrayContaining(['Gold (today)', 'No current tier', 'Gold', 'Untiered']));
    // the plugin's layout: current tiers in column 0, new tiers in column 1, top tier at the top (y grows downwards)
    const chart = Chart.getChart(document.querySelector('canvas')!)!;
    const nodes = (chart.getDatasetMeta(0).controller as unknown as { _nodes: Map<string, { x: number; y: number }> })._nodes;
    const labels = flowChartData(flowsA, [ladderA]).labels;
    const column = (x: number) =>
      [...nodes.entries()]
        .filter(([, n]) => n.x === x)
        .sort(([, a], [, b]) => a.y - b.y)
        .map(([k]) => labels[k]);
    expect(column(0)).toEqual(['Gold (today)', 'Bronze (today)', 'No current tier']);
    expect(column(1)).toEqual(['Gold', 'Silver', 'Bronze', 'Untiered']);
    cleanup();
    drawn.length = 0;
    render(createElement(SweepChart, { sweep, ladder: ladderA, metricKind: 'currency', metricUnit: null, current: 250_000 }));
    expect(drawn).toEqual(expect.arrayContaining(['now: $250,000', '$250,000']));
  });

  it('the resources legends show the over-budget fill and each marker as a line, and clicking the over entry hides nothing', () => {
    withContext();
    const { container } = render(createElement(ResourcesChart, { comparison, scenarios: compared }));
    const [hours, dollars] = [...container.querySelectorAll('canvas')].map((c) => Chart.getChart(c)!);
    expect(hours!.legend!.legendItems!.map((i) => i.text)).toEqual(['Team hours', 'Over capacity', 'Capacity']);
    const items = dollars!.legend!.legendItems!;
    expect(items.map((i) => [i.text, i.pointStyle, i.datasetIndex])).toEqual([
      ['MDF', 'rect', 0],
      ['Fixed', 'rect', 1],
      ['Margin', 'rect', 2],
      ['Over budget', 'rect', undefined],
      ['MDF budget', 'line', 3],
      ['Margin budget', 'line', 4],
    ]);
    expect(items[3]).toMatchObject({ fillStyle: WARNING_COLOR, strokeStyle: OVER_COLOR });
    expect(items[5]!.lineDash).toEqual([6, 4]);
    const onClick = dollars!.options.plugins!.legend!.onClick!;
    const legend = dollars!.legend!;
    onClick.call(legend, { type: 'click', native: null, x: 0, y: 0 }, items[3]!, legend);
    expect([0, 1, 2, 3, 4].every((i) => dollars!.isDatasetVisible(i))).toBe(true);
    onClick.call(legend, { type: 'click', native: null, x: 0, y: 0 }, items[4]!, legend);
    expect(dollars!.isDatasetVisible(3)).toBe(false);
  });

  it('the sweep chart picks the swept value nearest a click', () => {
    withContext();
    const onPick = vi.fn();
    const { container } = render(createElement(SweepChart, { sweep, ladder: ladderA, metricKind: 'currency', metricUnit: null, current: 250_000, onPick }));
    const canvas = container.querySelector('canvas')!;
    expect(canvas.style.cursor).toBe('pointer');
    const chart = Chart.getChart(canvas)!;
    const at = vi.spyOn(chart, 'getElementsAtEventForMode').mockReturnValue([{ index: 2, datasetIndex: 0, element: chart.getDatasetMeta(0).data[2]! }]);
    const native = new MouseEvent('click');
    const onClick = chart.options.onClick as (e: unknown, els: unknown[], c: Chart) => void;
    onClick({ type: 'click', native, x: 10, y: 10 }, [], chart);
    expect(at).toHaveBeenCalledWith(native, 'index', { intersect: false }, true);
    expect(onPick).toHaveBeenCalledWith(400_000);
    // the current value is marked
    const annotations = (chart.options.plugins as { annotation: { annotations: Record<string, { value: number; label: { content: string } }> } }).annotation.annotations;
    expect(annotations.now?.value).toBe(250_000);
    expect(annotations.now?.label.content).toBe('now: $250,000');
  });
});
