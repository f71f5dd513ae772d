/**
 * Partners per tier for each compared scenario: one horizontal stacked bar per scenario,
 * its stacks the tiers (by name across scenarios, lowest level first), untiered last. Each
 * bar takes its tier colours from its own scenario's ladders.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import type { ComparedScenario, CompareAnswer } from '../../../engine/core';
import { formatCount } from '../../../../../shared/model/format';
import { UNTIERED_COLOR } from '../../scenarios/outcome/common';
import { stackedTooltipLabel } from '../../scenarios/outcome/DistributionChart';
import { bottomLegend, chartBox, dimmed, fontSizes, tierColor, useChart } from './chartKit';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface DistributionSeries {
  /** the tier's name, or 'untiered' */
  key: string;
  label: string;
  /** partners per scenario */
  data: number[];
  /** per scenario: its own tier colour, dimmed unless it is the highlighted scenario */
  backgroundColor: string[];
  /** the legend's swatch */
  color: string;
}

export interface CompareDistributionData {
  /** scenario names, one bar each */
  labels: string[];
  datasets: DistributionSeries[];
}

export function compareDistributionData(
  comparison: Pick<CompareAnswer['comparison'], 'scenarios'>,
  scenarios: readonly Pick<ComparedScenario, 'ladders'>[],
  highlight?: number,
): CompareDistributionData {
  const labels = comparison.scenarios.map((s) => s.name);
  const n = labels.length;
  const tiers = new Map<string, { level: number; order: number; data: number[]; colors: (string | null)[] }>();
  const untiered = new Array<number>(n).fill(0);
  comparison.scenarios.forEach((s, i) => {
    for (const row of s.perTier) {
      if (row.tier === null) {
        untiered[i]! += row.count;
        continue;
      }
      let entry = tiers.get(row.tier);
      if (!entry) {
        entry = { level: row.level, order: tiers.size, data: new Array<number>(n).fill(0), colors: new Array<string | null>(n).fill(null) };
        tiers.set(row.tier, entry);
      }
      entry.level = Math.min(entry.level, row.level);
      entry.data[i]! += row.count;
      entry.colors[i] ??= tierColor(scenarios[i]?.ladders ?? [], row.ladderId, row.tierId);
    }
  });
  const datasets: DistributionSeries[] = [...tiers.entries()]
    .sort(([, a], [, b]) => a.level - b.level || a.order - b.order)
    .map(([name, e]) => {
      const color = e.colors.find((c) => c !== null) ?? UNTIERED_COLOR;
      return { key: name, label: name, data: e.data, backgroundColor: e.colors.map((c, i) => dimmed(c ?? color, i, highlight)), color };
    });
  datasets.push({
    key: 'untiered',
    label: 'Untiered',
    data: untiered,
    backgroundColor: labels.map((_, i) => dimmed(UNTIERED_COLOR, i, highlight)),
    color: UNTIERED_COLOR,
  });
  return { labels, datasets };
}

export interface CompareDistributionChartProps {
  comparison: CompareAnswer['comparison'];
  scenarios: ComparedScenario[];
  large?: boolean;
  highlight?: number;
}

export function CompareDistributionChart({ comparison, scenarios, large = false, highlight }: CompareDistributionChartProps) {
  const data = useMemo(() => compareDistributionData(comparison, scenarios, highlight), [comparison, scenarios, highlight]);
  const config = useMemo((): ChartConfiguration<'bar', number[], string> => {
    const f = fontSizes(large);
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
          y: { stacked: true, ticks: { font: { size: f.ticks } } },
        },
        plugins: {
          legend: bottomLegend(f, data.datasets.map((d) => d.color)),
          tooltip: { bodyFont: { size: f.tooltip }, titleFont: { size: f.tooltip }, callbacks: { label: stackedTooltipLabel } },
        },
      },
    };
  }, [data, large]);
  const canvasRef = useChart(config);

  const scale = large ? 2 : 1;
  const height = scale * (56 + 30 * Math.max(1, data.labels.length) + 18 * Math.ceil(data.datasets.length / 4));
  return (
    <div style={chartBox(height)}>
      <canvas ref={canvasRef} role="img" aria-label="Partners per tier for each scenario (the table has the numbers)" />
    </div>
  );
}
