/**
 * Conflict-rule coverage per compared scenario: the share of conflict-prone (tier, benefit)
 * pairs covered and the share of conflict-prone grants covered, as grouped bars on 0–100 %.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration, type TooltipItem } from 'chart.js';
import { useMemo } from 'react';
import type { ComparedScenario, CompareAnswer } from '../../../engine/core';
import { formatShare } from '../../../../../shared/model/format';
import { bottomLegend, categoryTicks, chartBox, dimmed, fontSizes, useChart } from '../../../lib/chartKit';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const PAIR_COLOR = '#2563eb';
export const GRANT_COLOR = '#7c3aed';

export interface CoverageSeries {
  key: 'pairCoverage' | 'grantCoverage';
  label: string;
  /** shares, 0–1, per scenario */
  data: number[];
  backgroundColor: string[];
  color: string;
}

export interface CoverageChartData {
  labels: string[];
  datasets: CoverageSeries[];
}

export function coverageChartData(comparison: Pick<CompareAnswer['comparison'], 'scenarios'>, highlight?: number): CoverageChartData {
  const s = comparison.scenarios;
  const series = (key: CoverageSeries['key'], label: string, color: string): CoverageSeries => ({
    key,
    label,
    data: s.map((k) => k[key]),
    backgroundColor: s.map((_, i) => dimmed(color, i, highlight)),
    color,
  });
  return { labels: s.map((k) => k.name), datasets: [series('pairCoverage', 'Pair coverage', PAIR_COLOR), series('grantCoverage', 'Grant coverage', GRANT_COLOR)] };
}

const tooltipLabel = (item: TooltipItem<'bar'>) => `${item.dataset.label ?? ''}: ${formatShare(typeof item.raw === 'number' ? item.raw : 0)}`;

export interface CoverageChartProps {
  comparison: CompareAnswer['comparison'];
  /** accepted for the same shape as the other compare charts; coverage needs nothing from it */
  scenarios?: ComparedScenario[];
  large?: boolean;
  highlight?: number;
}

export function CoverageChart({ comparison, large = false, highlight }: CoverageChartProps) {
  const data = useMemo(() => coverageChartData(comparison, highlight), [comparison, highlight]);
  const config = useMemo((): ChartConfiguration<'bar', number[], string> => {
    const f = fontSizes(large);
    return {
      type: 'bar',
      data: { labels: data.labels, datasets: data.datasets.map(({ label, data: values, backgroundColor }) => ({ label, data: values, backgroundColor })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { ticks: categoryTicks(data.labels, f.ticks) },
          y: { min: 0, max: 1, ticks: { stepSize: 0.25, font: { size: f.ticks }, callback: (v) => formatShare(Number(v)) } },
        },
        plugins: {
          legend: bottomLegend(f, data.datasets.map((d) => d.color)),
          tooltip: { bodyFont: { size: f.tooltip }, titleFont: { size: f.tooltip }, callbacks: { label: tooltipLabel } },
        },
      },
    };
  }, [data, large]);
  const canvasRef = useChart(config);

  return (
    <div style={chartBox(large ? 480 : 240)}>
      <canvas ref={canvasRef} role="img" aria-label="Pair and grant coverage per scenario (the table has the numbers)" />
    </div>
  );
}
