/**
 * Partners per tier for each motion: one horizontal stacked bar per motion that has a
 * ladder, its stacks the ladder's tiers lowest first, then the untiered partners. Each tier
 * in its ladder's colour unless that looks like another tier's of the chart or the untiered
 * grey; then in one of the palette by level (chartKit `chartTierColors`).
 *
 * Drawn with the compare charts' `useChart`: created once, its data replaced on every new
 * outcome (no animation: it redraws on each edit). Where the canvas has no 2D context
 * (tests) there is no chart; the table beside it carries the same numbers.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration, type TooltipItem } from 'chart.js';
import { useMemo } from 'react';
import type { OutcomeSummary } from '../../../../shared/engine';
import { formatCount, formatShare } from '../../../../shared/model/format';
import { useChart } from '../../lib/chartKit';
import { chartTierColors, tierColor, UNTIERED_COLOR } from '../colors';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartDataset {
  /** `${ladderId}/${tierId}`, or 'untiered' */
  key: string;
  label: string;
  data: number[];
  backgroundColor: string;
}

export interface DistributionChartData {
  /** the motions, one bar each */
  labels: string[];
  datasets: ChartDataset[];
}

/** The per-motion distribution rows as chart data: every ladder's tiers (lowest first), then untiered. */
export function distributionChartData(outcome: Pick<OutcomeSummary, 'distribution' | 'ladders'>): DistributionChartData {
  const motions: string[] = [];
  const laddered = new Set<string>();
  const counts = new Map<string, number>();
  for (const row of outcome.distribution) {
    if (row.motion === '*') continue;
    if (!motions.includes(row.motion)) motions.push(row.motion);
    if (row.ladderId !== null) laddered.add(row.motion);
    counts.set(`${row.motion}\u0000${row.tierId ?? ''}`, row.count);
  }
  const labels = motions.filter((m) => laddered.has(m));
  const series = (tierId: string | null) => labels.map((m) => counts.get(`${m}\u0000${tierId ?? ''}`) ?? 0);
  const datasets: ChartDataset[] = [];
  const colors = chartTierColors(outcome.ladders);
  for (const ladder of outcome.ladders) {
    for (const tier of ladder.tiers) {
      datasets.push({ key: `${ladder.id}/${tier.id}`, label: tier.name, data: series(tier.id), backgroundColor: tierColor(colors, ladder.id, tier.id) });
    }
  }
  datasets.push({ key: 'untiered', label: 'Untiered', data: series(null), backgroundColor: UNTIERED_COLOR });
  return { labels, datasets };
}

/** "Gold: 1,234 (12.3%)": a stack's count and its share of its bar (every stacked chart of partners per tier). */
export function stackedTooltipLabel(item: TooltipItem<'bar'>): string {
  const value = typeof item.raw === 'number' ? item.raw : 0;
  const total = item.chart.data.datasets.reduce((sum, d) => {
    const v = d.data[item.dataIndex];
    return sum + (typeof v === 'number' ? v : 0);
  }, 0);
  return `${item.dataset.label ?? ''}: ${formatCount(value)}${total > 0 ? ` (${formatShare(value / total)})` : ''}`;
}

export function DistributionChart({ outcome }: { outcome: Pick<OutcomeSummary, 'distribution' | 'ladders'> }) {
  const data = useMemo(() => distributionChartData(outcome), [outcome]);
  const config = useMemo(
    (): ChartConfiguration<'bar', number[], string> => ({
      type: 'bar',
      data: { labels: data.labels, datasets: data.datasets.map(({ label, data: values, backgroundColor }) => ({ label, data: values, backgroundColor })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: 'y',
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 11 } } },
          y: { stacked: true, ticks: { font: { size: 11 } } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 10, padding: 6, font: { size: 11 } } },
          tooltip: { callbacks: { label: stackedTooltipLabel } },
        },
      },
    }),
    [data],
  );
  const canvasRef = useChart(config);

  // room for the bars and a legend of about four entries a line
  const height = 56 + 30 * Math.max(1, data.labels.length) + 18 * Math.ceil(data.datasets.length / 4);
  return (
    <div className="op-chart" style={{ height }}>
      <canvas ref={canvasRef} role="img" aria-label="Partners per tier for each motion (the table below has the numbers)" />
    </div>
  );
}
