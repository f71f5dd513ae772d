/**
 * Partners per tier for each compared scenario: one horizontal stacked bar per scenario,
 * untiered last. Its stacks are
 * - the tiers by name across scenarios, lowest level first, when every scenario has the
 *   same ladders (the same tier names at the same levels), each tier one colour in every
 *   bar: its ladder's own where that is distinct, else one of the palette by level;
 * - the levels — Entry, Level 1 …, Top (each ladder's highest tier) — when the ladders
 *   differ, so the top tier of one scenario stands beside the top tier of another; each
 *   level its colour of the palette by level, the tooltip naming its tiers.
 * Either can be chosen where the ladders differ; the caption says which is shown.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration, type TooltipItem } from 'chart.js';
import { useId, useMemo, useState } from 'react';
import type { ComparedScenario, CompareAnswer } from '../../../engine/core';
import { formatCount } from '../../../../../shared/model/format';
import { distinctColors, levelColor, UNTIERED_COLOR } from '../../../components/colors';
import { stackedTooltipLabel } from '../../../components/outcome/DistributionChart';
import { bottomLegend, chartBox, dimmed, fontSizes, tickLines, useChart } from '../../../lib/chartKit';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Stacks by tier name, or by level (Entry, Level 1 …, Top). */
export type DistributionGrouping = 'tier' | 'level';

export interface DistributionSeries {
  /** the tier's name, the level ('entry', 'level:1' …, 'top'), or 'untiered' */
  key: string;
  label: string;
  /** partners per scenario */
  data: number[];
  /** per scenario: the series' colour, dimmed unless it is the highlighted scenario */
  backgroundColor: string[];
  /** the legend's swatch */
  color: string;
  /** by level: per scenario, the names of its tiers in this level */
  tiers?: string[][];
}

export interface CompareDistributionData {
  /** scenario names, one bar each */
  labels: string[];
  datasets: DistributionSeries[];
  grouping: DistributionGrouping;
}

type Scenarios = readonly Pick<ComparedScenario, 'ladders'>[];

/** Whether the scenarios' ladders differ: a tier name at another level, or missing, in some scenario. */
export function laddersDiffer(scenarios: Scenarios): boolean {
  const shape = (s: Scenarios[number]) => [...new Set(s.ladders.flatMap((l) => l.tiers.map((t, level) => `${level}\u0000${t.name}`)))].sort().join('\u0001');
  return new Set(scenarios.map(shape)).size > 1;
}

/** By tier name when the ladders are the same, by level when they differ. */
export function defaultGrouping(scenarios: Scenarios): DistributionGrouping {
  return laddersDiffer(scenarios) ? 'level' : 'tier';
}

/** The level group of a tier: 'entry' (level 0, a ladder's only tier included), 'top' (the highest of two or more), or 'level:N'. */
export function levelGroup(level: number, tierCount: number): string {
  if (level <= 0) return 'entry';
  if (level >= tierCount - 1) return 'top';
  return `level:${level}`;
}

const groupLabel = (key: string) => (key === 'entry' ? 'Entry' : key === 'top' ? 'Top' : `Level ${key.slice('level:'.length)}`);

export function compareDistributionData(
  comparison: Pick<CompareAnswer['comparison'], 'scenarios'>,
  scenarios: Scenarios,
  highlight?: number,
  grouping: DistributionGrouping = defaultGrouping(scenarios),
): CompareDistributionData {
  const labels = comparison.scenarios.map((s) => s.name);
  const n = labels.length;
  const untiered = new Array<number>(n).fill(0);
  const series = new Map<string, { rank: number; order: number; data: number[]; own: string; level: number; tiers: string[][] }>();
  comparison.scenarios.forEach((s, i) => {
    for (const row of s.perTier) {
      if (row.tier === null || row.ladderId === null || row.tierId === null) {
        untiered[i]! += row.count;
        continue;
      }
      const ladder = scenarios[i]?.ladders.find((l) => l.id === row.ladderId);
      const tierCount = ladder?.tiers.length ?? row.level + 2;
      const group = levelGroup(row.level, tierCount);
      const key = grouping === 'tier' ? row.tier : group;
      // by level: entry first, top last, the levels between in order
      const rank = grouping === 'tier' ? row.level : group === 'entry' ? 0 : group === 'top' ? Number.MAX_SAFE_INTEGER : row.level;
      let entry = series.get(key);
      if (!entry) {
        const own = ladder?.tiers.find((t) => t.id === row.tierId)?.color ?? UNTIERED_COLOR;
        entry = { rank, order: series.size, data: new Array<number>(n).fill(0), own, level: row.level, tiers: labels.map(() => []) };
        series.set(key, entry);
      }
      entry.rank = Math.min(entry.rank, rank);
      entry.data[i]! += row.count;
      if (!entry.tiers[i]!.includes(row.tier)) entry.tiers[i]!.push(row.tier);
    }
  });
  const ordered = [...series.entries()].sort(([, a], [, b]) => a.rank - b.rank || a.order - b.order);
  // tiers: their own colours where distinct (the first scenario's first); levels: the palette by level, the top after the others
  const colors = distinctColors(
    grouping === 'tier'
      ? [...series.entries()].map(([key, e]) => ({ key, color: e.own, level: e.level, name: key }))
      : ordered.map(([key], g) => ({ key, color: levelColor(g), level: g })),
    [UNTIERED_COLOR],
  );
  const datasets: DistributionSeries[] = ordered.map(([key, e]) => {
    const color = colors.get(key)!;
    return {
      key,
      label: grouping === 'tier' ? key : groupLabel(key),
      data: e.data,
      backgroundColor: labels.map((_, i) => dimmed(color, i, highlight)),
      color,
      ...(grouping === 'level' ? { tiers: e.tiers } : {}),
    };
  });
  datasets.push({
    key: 'untiered',
    label: 'Untiered',
    data: untiered,
    backgroundColor: labels.map((_, i) => dimmed(UNTIERED_COLOR, i, highlight)),
    color: UNTIERED_COLOR,
  });
  return { labels, datasets, grouping };
}

/** What the chart's caption says about its stacks (null: stacks by tier name of the same ladders, nothing to say). */
export function distributionCaption(grouping: DistributionGrouping, differ: boolean): string | null {
  if (grouping === 'level') return 'Grouped by level — Entry, Level 1 …, Top (each ladder’s highest tier) — because the scenarios’ ladders differ; a bar’s tooltip names its tiers.';
  return differ ? 'Stacked by tier name: the scenarios’ ladders differ, so a name may sit at different levels in different scenarios.' : null;
}

export interface CompareDistributionChartProps {
  comparison: CompareAnswer['comparison'];
  scenarios: ComparedScenario[];
  large?: boolean;
  highlight?: number;
}

export function CompareDistributionChart({ comparison, scenarios, large = false, highlight }: CompareDistributionChartProps) {
  const differ = useMemo(() => laddersDiffer(scenarios), [scenarios]);
  // null: the default for these ladders
  const [chosen, setChosen] = useState<DistributionGrouping | null>(null);
  const grouping = differ ? (chosen ?? 'level') : 'tier';
  const data = useMemo(() => compareDistributionData(comparison, scenarios, highlight, grouping), [comparison, scenarios, highlight, grouping]);
  const config = useMemo((): ChartConfiguration<'bar', number[], string> => {
    const f = fontSizes(large);
    // by level, the tooltip names the scenario's tiers of the level
    const afterLabel = (item: TooltipItem<'bar'>) => data.datasets[item.datasetIndex]?.tiers?.[item.dataIndex]?.join(', ') ?? '';
    return {
      type: 'bar',
      data: { labels: data.labels, datasets: data.datasets.map(({ label, data: values, backgroundColor }) => ({ label, data: values, backgroundColor })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: 'y',
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: f.ticks }, callback: (v) => formatCount(Number(v)) } },
          // scenario names in lines: a long one is not cut at the canvas's edge
          // every scenario named (Chart.js would skip a label that does not fit its row)
          y: { stacked: true, ticks: { font: { size: f.ticks }, autoSkip: false, callback: (_value, index) => tickLines(data.labels[index] ?? '') } },
        },
        plugins: {
          legend: bottomLegend(f, data.datasets.map((d) => d.color)),
          tooltip: { bodyFont: { size: f.tooltip }, titleFont: { size: f.tooltip }, callbacks: { label: stackedTooltipLabel, afterLabel } },
        },
      },
    };
  }, [data, large]);
  const canvasRef = useChart(config);
  const name = useId();

  const scale = large ? 2 : 1;
  // a row as tall as its name's lines need (30 px for one or two)
  const lines = Math.max(1, ...data.labels.map((l) => [tickLines(l)].flat().length));
  const row = Math.max(30, 8 + 14 * lines);
  const height = scale * (56 + row * Math.max(1, data.labels.length) + 18 * Math.ceil(data.datasets.length / 4));
  const caption = distributionCaption(grouping, differ);
  return (
    <div className="cmp-dist" style={{ display: 'flex', flexDirection: 'column', gap: large ? 8 : 4, minWidth: 0 }}>
      {caption && (
        <p className={large ? 'cmp-chart-caption cmp-large-caption' : 'cmp-chart-caption'} data-testid="distribution-caption">
          {caption}
        </p>
      )}
      {differ && !large && (
        <fieldset className="cmp-grouping">
          <legend className="cmp-sr">Stack the bars by</legend>
          {(['level', 'tier'] as const).map((g) => (
            <label key={g}>
              <input type="radio" name={name} value={g} checked={grouping === g} onChange={() => setChosen(g)} /> {g === 'level' ? 'by level' : 'by tier name'}
            </label>
          ))}
        </fieldset>
      )}
      <div style={{ ...chartBox(height), flex: '1 1 auto', minHeight: 0 }}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`Partners per ${grouping === 'level' ? 'level (entry to top)' : 'tier'} for each scenario (the table has the numbers)`}
        />
      </div>
    </div>
  );
}
