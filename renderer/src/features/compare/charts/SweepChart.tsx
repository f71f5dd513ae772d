/**
 * One threshold swept over a range of values: partners per tier of its ladder (left axis,
 * one line per tier in the tier's colour — its ladder's, unless it looks like another line's
 * (chartKit `chartTierColors`) —, untiered grey dashed) and the total cost (right
 * axis, dark dashed) at each value, with the current value marked. Clicking the chart picks
 * the nearest swept value.
 */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type TooltipItem } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { useEffect, useMemo, useRef } from 'react';
import type { SweepAnswer } from '../../../engine/core';
import type { LadderInfo } from '../../../../../shared/engine';
import { formatCount, formatMetricValue, formatMoney } from '../../../../../shared/model/format';
import type { MetricKind } from '../../../../../shared/model/workspace';
import { bottomLegend, chartBox, DRAG_COLOR, fontSizes, INK_COLOR, partnersAxis, useChart } from '../../../lib/chartKit';
import { chartTierColors, tierColor, UNTIERED_COLOR } from '../../../components/colors';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip, annotationPlugin);

/** A point of a series: x the swept value. */
export interface XY {
  x: number;
  y: number;
}

export interface SweepSeries {
  /** the tier's id, 'untiered' or 'cost' */
  key: string;
  label: string;
  color: string;
  dashed: boolean;
  axis: 'partners' | 'cost';
  data: XY[];
}

/** One series per tier of the ladder (lowest first), untiered, then the total cost; x the swept value. */
export function sweepChartData(points: SweepAnswer['points'], ladder: LadderInfo): SweepSeries[] {
  const count = (p: SweepAnswer['points'][number], tierId: string | null) => p.tiers.find((t) => t.tierId === tierId)?.count ?? 0;
  const colors = chartTierColors([ladder], [UNTIERED_COLOR, INK_COLOR]);
  const series: SweepSeries[] = ladder.tiers.map((tier) => ({
    key: tier.id,
    label: tier.name,
    color: tierColor(colors, ladder.id, tier.id),
    dashed: false,
    axis: 'partners',
    data: points.map((p) => ({ x: p.value, y: count(p, tier.id) })),
  }));
  series.push({ key: 'untiered', label: 'Untiered', color: UNTIERED_COLOR, dashed: true, axis: 'partners', data: points.map((p) => ({ x: p.value, y: count(p, null) })) });
  series.push({ key: 'cost', label: 'Total cost', color: INK_COLOR, dashed: true, axis: 'cost', data: points.map((p) => ({ x: p.value, y: p.cost })) });
  return series;
}

export interface SweepChartProps {
  sweep: SweepAnswer;
  ladder: LadderInfo;
  metricKind: MetricKind;
  metricUnit: string | null;
  /** the currency of the total cost (an ISO code): the list's; US dollars when not given */
  currency?: string;
  /** the threshold's value now */
  current: number;
  /** a value being dragged to, marked with its own line */
  dragged?: number | null;
  /** called with the swept value nearest a click */
  onPick?: (value: number) => void;
  large?: boolean;
}

export function SweepChart({ sweep, ladder, metricKind, metricUnit, currency, current, dragged = null, onPick, large = false }: SweepChartProps) {
  const series = useMemo(() => sweepChartData(sweep.points, ladder), [sweep.points, ladder]);
  // the latest onPick without rebuilding the chart when only the callback's identity changes
  const pickRef = useRef(onPick);
  useEffect(() => {
    pickRef.current = onPick;
  }, [onPick]);

  const config = useMemo((): ChartConfiguration<'line', XY[]> => {
    const f = fontSizes(large);
    const points = sweep.points;
    const valueText = (v: number) => formatMetricValue(metricKind, v, metricUnit);
    const cost = (v: number) => formatMoney(v, currency);
    const label = (item: TooltipItem<'line'>) => {
      const y = (item.raw as XY).y;
      return `${item.dataset.label ?? ''}: ${item.dataset.yAxisID === 'cost' ? cost(y) : formatCount(y)}`;
    };
    return {
      type: 'line',
      data: {
        datasets: series.map((s) => ({
          label: s.label,
          data: s.data,
          yAxisID: s.axis,
          borderColor: s.color,
          backgroundColor: s.color,
          borderDash: s.dashed ? [6, 4] : [],
          borderWidth: large ? 4 : 2,
          pointRadius: large ? 4 : 2,
          pointHoverRadius: large ? 7 : 4,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        onClick: (event, _elements, chart) => {
          const pick = pickRef.current;
          if (!pick || !event.native) return;
          const i = chart.getElementsAtEventForMode(event.native, 'index', { intersect: false }, true)[0]?.index;
          const point = i === undefined ? undefined : points[i];
          if (point) pick(point.value);
        },
        scales: {
          x: { type: 'linear', ticks: { font: { size: f.ticks }, callback: (v) => valueText(Number(v)) } },
          partners: partnersAxis(f),
          cost: {
            type: 'linear',
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'Total cost', font: { size: f.ticks } },
            ticks: { font: { size: f.ticks }, callback: (v) => cost(Number(v)) },
          },
        },
        plugins: {
          legend: bottomLegend(f),
          tooltip: {
            bodyFont: { size: f.tooltip },
            titleFont: { size: f.tooltip },
            callbacks: { title: (items) => (items[0] ? valueText((items[0].raw as XY).x) : ''), label },
          },
          annotation: {
            annotations: {
              now: {
                type: 'line',
                scaleID: 'x',
                value: current,
                borderColor: INK_COLOR,
                borderWidth: large ? 3 : 1.5,
                borderDash: [4, 4],
                label: {
                  display: true,
                  content: `now: ${valueText(current)}`,
                  position: 'start',
                  font: { size: f.ticks },
                  backgroundColor: 'rgba(31, 41, 55, 0.85)',
                  color: '#ffffff',
                },
              },
              ...(dragged === null || dragged === current
                ? {}
                : {
                    dragged: {
                      type: 'line' as const,
                      scaleID: 'x',
                      value: dragged,
                      borderColor: DRAG_COLOR,
                      borderWidth: large ? 3 : 2,
                      label: {
                        display: true,
                        content: valueText(dragged),
                        position: 'end' as const,
                        font: { size: f.ticks },
                        backgroundColor: DRAG_COLOR,
                        color: '#ffffff',
                      },
                    },
                  }),
            },
          },
        },
      },
    };
  }, [series, sweep.points, metricKind, metricUnit, currency, current, dragged, large]);
  const canvasRef = useChart(config);

  return (
    <div style={chartBox(large ? 600 : 320)}>
      <canvas
        ref={canvasRef}
        role="img"
        style={onPick ? { cursor: 'pointer' } : undefined}
        aria-label={`Partners per tier of ${ladder.name} and total cost as the ${sweep.info.tierName} threshold on ${sweep.info.metric} varies (the table has the numbers)`}
      />
    </div>
  );
}
