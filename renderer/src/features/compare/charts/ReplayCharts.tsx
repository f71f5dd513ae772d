/**
 * One scenario replayed over the cycles (oldest first): (a) partners per tier in each
 * cycle as stacked bars, lowest tier at the bottom, untiered on top; (b) partners promoted,
 * moved down (whatever the policies then did) and warned per cycle as bars, with the top-tier share as a line on a 0–100 %
 * axis on the right. Tiers take their ladder's colours where distinct in the chart (chartKit
 * `chartTierColors`); the top-tier line takes the top tier's colour unless it looks like one of the bars'.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type TooltipItem,
} from 'chart.js';
import { useMemo } from 'react';
import type { ReplayCycle, LadderInfo } from '../../../../../shared/engine';
import { formatCount, formatShare } from '../../../../../shared/model/format';
import { stackedTooltipLabel } from '../../../components/outcome/DistributionChart';
import { chartTierColors, tierColor, tooClose, UNTIERED_COLOR } from '../../../components/colors';
import { ambiguousTierNames, bottomLegend, chartBox, fontSizes, INK_COLOR, partnersAxis, useChart, WARNING_COLOR } from '../../../lib/chartKit';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export const PROMOTED_COLOR = '#16a34a';
export const DEMOTED_COLOR = '#dc2626';
export const WARNED_COLOR = WARNING_COLOR;

export interface ReplaySeries {
  /** `${ladderId}/${tierId}`, or 'untiered' */
  key: string;
  label: string;
  color: string;
  /** partners per cycle */
  data: number[];
}

export interface ReplayChartData {
  /** cycle labels */
  labels: string[];
  tiers: ReplaySeries[];
  topTierShare: number[];
  promoted: number[];
  demoted: number[];
  warned: number[];
  /** the top-tier line's colour: the first ladder's top tier's, or ink when that looks like a movement bar's */
  topColor: string;
}

export function replayChartData(cycles: readonly ReplayCycle[], ladders: readonly LadderInfo[]): ReplayChartData {
  const ambiguous = ambiguousTierNames(ladders);
  const colors = chartTierColors(ladders);
  const tiers = new Map<string, ReplaySeries>();
  cycles.forEach((cycle, c) => {
    for (const row of cycle.tiers) {
      const tiered = row.ladderId !== null && row.tierId !== null;
      const key = tiered ? `${row.ladderId}/${row.tierId}` : 'untiered';
      let series = tiers.get(key);
      if (!series) {
        const ladder = ladders.find((l) => l.id === row.ladderId);
        const name = row.tier ?? row.tierId ?? '';
        const label = !tiered ? 'Untiered' : ladder && ambiguous.has(name) ? `${name} · ${ladder.name}` : name;
        series = { key, label, color: tiered ? tierColor(colors, row.ladderId, row.tierId) : UNTIERED_COLOR, data: new Array<number>(cycles.length).fill(0) };
        tiers.set(key, series);
      }
      series.data[c]! += row.count;
    }
  });
  // the replay lists tiers lowest first and untiered last; keep untiered last whatever came first
  const ordered = [...tiers.values()].sort((a, b) => Number(a.key === 'untiered') - Number(b.key === 'untiered'));
  const top = ladders[0]?.tiers[ladders[0].tiers.length - 1];
  const topColor = top && ladders[0] ? tierColor(colors, ladders[0].id, top.id) : INK_COLOR;
  return {
    labels: cycles.map((c) => c.label),
    tiers: ordered,
    topTierShare: cycles.map((c) => c.topTierShare),
    promoted: cycles.map((c) => c.promoted),
    demoted: cycles.map((c) => c.downgrades),
    warned: cycles.map((c) => c.warned),
    topColor: [PROMOTED_COLOR, DEMOTED_COLOR, WARNED_COLOR].some((c) => tooClose(c, topColor)) ? INK_COLOR : topColor,
  };
}

export interface ReplayChartsProps {
  cycles: ReplayCycle[];
  ladders: LadderInfo[];
  large?: boolean;
}

export function ReplayCharts({ cycles, ladders, large = false }: ReplayChartsProps) {
  const data = useMemo(() => replayChartData(cycles, ladders), [cycles, ladders]);

  const tiersConfig = useMemo((): ChartConfiguration<'bar', number[], string> => {
    const f = fontSizes(large);
    return {
      type: 'bar',
      data: { labels: data.labels, datasets: data.tiers.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { font: { size: f.ticks } } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: f.ticks }, callback: (v) => formatCount(Number(v)) } },
        },
        plugins: {
          legend: bottomLegend(f),
          tooltip: { bodyFont: { size: f.tooltip }, titleFont: { size: f.tooltip }, callbacks: { label: stackedTooltipLabel } },
        },
      },
    };
  }, [data, large]);

  const movesConfig = useMemo((): ChartConfiguration<'bar' | 'line', number[], string> => {
    const f = fontSizes(large);
    const bar = (label: string, values: number[], color: string) => ({ type: 'bar' as const, label, data: values, backgroundColor: color, yAxisID: 'partners' });
    const label = (item: TooltipItem<'bar' | 'line'>) => {
      const v = typeof item.raw === 'number' ? item.raw : 0;
      return `${item.dataset.label ?? ''}: ${item.dataset.yAxisID === 'share' ? formatShare(v) : formatCount(v)}`;
    };
    return {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          {
            type: 'line',
            label: 'Top-tier share',
            data: data.topTierShare,
            yAxisID: 'share',
            borderColor: data.topColor,
            backgroundColor: data.topColor,
            borderWidth: large ? 4 : 2,
            pointRadius: large ? 6 : 3,
            order: -1, // drawn over the bars
          },
          bar('Promoted', data.promoted, PROMOTED_COLOR),
          bar('Moved down', data.demoted, DEMOTED_COLOR),
          bar('Warned', data.warned, WARNED_COLOR),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { font: { size: f.ticks } } },
          partners: partnersAxis(f),
          share: {
            type: 'linear',
            position: 'right',
            min: 0,
            // room above the highest share, so a creeping top tier shows as a slope, not a flat line at the bottom
            suggestedMax: Math.min(1, Math.max(0.1, ...data.topTierShare) * 1.5),
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'Top-tier share', font: { size: f.ticks } },
            ticks: { font: { size: f.ticks }, callback: (v) => formatShare(Number(v)) },
          },
        },
        plugins: {
          legend: bottomLegend(f),
          tooltip: { bodyFont: { size: f.tooltip }, titleFont: { size: f.tooltip }, callbacks: { label } },
        },
      },
    };
  }, [data, large]);

  const tiersRef = useChart(tiersConfig);
  const movesRef = useChart(movesConfig);

  const height = large ? 480 : 260;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: large ? 32 : 16 }}>
      <div style={{ ...chartBox(height), flex: '1 1 320px', minWidth: 0 }}>
        <canvas ref={tiersRef} role="img" aria-label="Partners per tier in each cycle (the table has the numbers)" />
      </div>
      <div style={{ ...chartBox(height), flex: '1 1 320px', minWidth: 0 }}>
        <canvas ref={movesRef} role="img" aria-label="Partners promoted, moved down and warned in each cycle, and the top-tier share (the table has the numbers)" />
      </div>
    </div>
  );
}
