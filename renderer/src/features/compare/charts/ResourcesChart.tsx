/**
 * What each compared scenario costs against what it may: (a) team hours per scenario with
 * its capacity as a marker, (b) money (the list's currency) stacked MDF / fixed / margin with the MDF budget
 * (against the MDF stack) and the margin budget (against the top of the stack, i.e. MDF +
 * fixed + the margin budget) as markers. A bar over its limit turns the warning colour and
 * its marker turns red. No limit set (null): no marker. Each marker has its own colour and
 * shape (capacity and the MDF budget solid, in ink; the margin budget dashed, in violet),
 * and the legend explains every mark: the segments, "over capacity/budget" when a bar is
 * over, and each marker that is drawn.
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
  type ChartDataset,
  type Plugin,
  type TooltipItem,
} from 'chart.js';
import { useMemo } from 'react';
import type { ComparedScenario, CompareAnswer } from '../../../engine/core';
import { currencyWord, DEFAULT_CURRENCY } from '../../../../../shared/model/currency';
import { formatCount, formatMoney } from '../../../../../shared/model/format';
import { categoryTicks, chartBox, dimmed, entriesLegend, fontSizes, INK_COLOR, OVER_COLOR, useChart, WARNING_COLOR, type FontSizes, type LegendEntry } from '../../../lib/chartKit';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export const HOURS_COLOR = '#3b82f6';
export const MDF_COLOR = '#2563eb';
export const FIXED_COLOR = '#64748b';
export const MARGIN_COLOR = '#0d9488';
/** The capacity marker: a solid ink line. */
export const CAPACITY_MARKER = { color: INK_COLOR, dash: null } as const;
/** The MDF budget marker: a solid ink line. */
export const MDF_BUDGET_MARKER = { color: INK_COLOR, dash: null } as const;
/** The margin budget marker: a dashed violet line (unlike the MDF budget's, in colour and in shape). */
export const MARGIN_BUDGET_MARKER = { color: '#6d28d9', dash: [6, 4] } as const;
type Marker = { color: string; dash: readonly number[] | null };

export interface ResourcesChartData {
  /** scenario names */
  labels: string[];
  hours: { values: number[]; capacity: (number | null)[]; over: boolean[] };
  dollars: {
    mdf: number[];
    fixed: number[];
    margin: number[];
    mdfBudget: (number | null)[];
    marginBudget: (number | null)[];
    mdfOver: boolean[];
    marginOver: boolean[];
  };
  /** the currency of the money (an ISO code): the list's */
  currency: string;
}

const over = (value: number, limit: number | null) => limit !== null && value > limit;

export function resourcesChartData(comparison: Pick<CompareAnswer['comparison'], 'scenarios'>, scenarios: readonly Pick<ComparedScenario, 'assumptions'>[]): ResourcesChartData {
  const s = comparison.scenarios;
  const limit = (i: number, key: 'capacityHours' | 'mdfBudget' | 'marginBudget') => scenarios[i]?.assumptions[key] ?? null;
  return {
    labels: s.map((k) => k.name),
    hours: {
      values: s.map((k) => k.hours),
      capacity: s.map((_, i) => limit(i, 'capacityHours')),
      over: s.map((k, i) => over(k.hours, limit(i, 'capacityHours'))),
    },
    dollars: {
      mdf: s.map((k) => k.mdf),
      fixed: s.map((k) => k.fixed),
      margin: s.map((k) => k.margin),
      mdfBudget: s.map((_, i) => limit(i, 'mdfBudget')),
      marginBudget: s.map((_, i) => limit(i, 'marginBudget')),
      mdfOver: s.map((k, i) => over(k.mdf, limit(i, 'mdfBudget'))),
      marginOver: s.map((k, i) => over(k.margin, limit(i, 'marginBudget'))),
    },
    currency: s[0]?.currency ?? DEFAULT_CURRENCY,
  };
}

type Mixed = 'bar' | 'line';
type Value = number | null;

/** A limit drawn as a wide line over its bar, in its own colour and dash; red where the bar is over it. */
function marker(label: string, at: Value[], isOver: boolean[], stack: string, style: Marker, large: boolean): ChartDataset<Mixed, Value[]> & { markerDash?: number[] } {
  return {
    type: 'line',
    label,
    data: at,
    stack,
    order: -1, // drawn over the bars
    showLine: false,
    pointStyle: 'line',
    pointRadius: large ? 36 : 18,
    pointHoverRadius: large ? 36 : 18,
    pointBorderWidth: large ? 5 : 3,
    pointHoverBorderWidth: large ? 6 : 4,
    borderColor: isOver.map((o) => (o ? OVER_COLOR : style.color)),
    backgroundColor: isOver.map((o) => (o ? OVER_COLOR : style.color)),
    ...(style.dash ? { markerDash: style.dash.map((d) => (large ? 2 * d : d)) } : {}),
  };
}

/** Draws the points of a dataset with `markerDash` dashed (Chart.js strokes points with the context's dash). */
const markerDashes: Plugin<Mixed> = {
  id: 'tierscapeMarkerDashes',
  beforeDatasetDraw(chart, { index }) {
    const dash = (chart.data.datasets[index] as { markerDash?: number[] } | undefined)?.markerDash;
    if (dash) chart.ctx.setLineDash(dash);
  },
  afterDatasetDraw(chart, { index }) {
    if ((chart.data.datasets[index] as { markerDash?: number[] } | undefined)?.markerDash) chart.ctx.setLineDash([]);
  },
};

const lineEntry = (text: string, style: Marker, datasetIndex: number, large: boolean): LegendEntry => ({
  text,
  color: style.color,
  shape: 'line',
  datasetIndex,
  ...(style.dash ? { dash: style.dash.map((d) => (large ? 2 * d : d)) } : {}),
});

/**
 * The legends of the two charts: each segment, "Over capacity" / "Over budget" (the warning
 * fill with the exceeded marker's red outline) when some bar is over, and each marker that
 * some scenario has.
 */
export function resourcesLegends(data: ResourcesChartData, large = false): { hours: LegendEntry[]; dollars: LegendEntry[] } {
  const some = (values: readonly (number | null)[]) => values.some((v) => v !== null);
  const d = data.dollars;
  return {
    hours: [
      { text: 'Team hours', color: HOURS_COLOR, shape: 'box', datasetIndex: 0 },
      ...(data.hours.over.some(Boolean) ? [{ text: 'Over capacity', color: WARNING_COLOR, outline: OVER_COLOR, shape: 'box' as const }] : []),
      ...(some(data.hours.capacity) ? [lineEntry('Capacity', CAPACITY_MARKER, 1, large)] : []),
    ],
    dollars: [
      { text: 'MDF', color: MDF_COLOR, shape: 'box', datasetIndex: 0 },
      { text: 'Fixed', color: FIXED_COLOR, shape: 'box', datasetIndex: 1 },
      { text: 'Margin', color: MARGIN_COLOR, shape: 'box', datasetIndex: 2 },
      ...(d.mdfOver.some(Boolean) || d.marginOver.some(Boolean) ? [{ text: 'Over budget', color: WARNING_COLOR, outline: OVER_COLOR, shape: 'box' as const }] : []),
      ...(some(d.mdfBudget) ? [lineEntry('MDF budget', MDF_BUDGET_MARKER, 3, large)] : []),
      ...(some(d.marginBudget) ? [lineEntry('Margin budget', MARGIN_BUDGET_MARKER, 4, large)] : []),
    ],
  };
}

function options(
  f: FontSizes,
  labels: readonly string[],
  legend: LegendEntry[],
  large: boolean,
  format: (v: number) => string,
  label: (item: TooltipItem<Mixed>) => string,
): ChartConfiguration<Mixed, Value[], string>['options'] {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      x: { stacked: true, ticks: categoryTicks(labels, f.ticks) },
      y: { stacked: true, beginAtZero: true, ticks: { font: { size: f.ticks }, callback: (v) => format(Number(v)) } },
    },
    plugins: {
      legend: entriesLegend(f, legend, large),
      tooltip: { bodyFont: { size: f.tooltip }, titleFont: { size: f.tooltip }, callbacks: { label } },
    },
  };
}

const hoursText = (v: number) => `${formatCount(v)} h`;

export interface ResourcesChartProps {
  comparison: CompareAnswer['comparison'];
  scenarios: ComparedScenario[];
  large?: boolean;
  highlight?: number;
}

export function ResourcesChart({ comparison, scenarios, large = false, highlight }: ResourcesChartProps) {
  const data = useMemo(() => resourcesChartData(comparison, scenarios), [comparison, scenarios]);
  const legends = useMemo(() => resourcesLegends(data, large), [data, large]);

  const hoursConfig = useMemo((): ChartConfiguration<Mixed, Value[], string> => {
    const { values, capacity, over: isOver } = data.hours;
    const label = (item: TooltipItem<Mixed>) => {
      const i = item.dataIndex;
      if (item.datasetIndex === 1) return `Capacity: ${hoursText(capacity[i] ?? 0)}`;
      return `Team hours: ${hoursText(values[i] ?? 0)}${isOver[i] ? ' — over capacity' : ''}`;
    };
    return {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { type: 'bar', label: 'Team hours', data: values, stack: 'hours', backgroundColor: values.map((_, i) => dimmed(isOver[i] ? WARNING_COLOR : HOURS_COLOR, i, highlight)) },
          marker('Capacity', capacity, isOver, 'capacity', CAPACITY_MARKER, large),
        ],
      },
      options: options(fontSizes(large), data.labels, legends.hours, large, hoursText, label),
      plugins: [markerDashes],
    };
  }, [data, legends, large, highlight]);

  const dollarsConfig = useMemo((): ChartConfiguration<Mixed, Value[], string> => {
    const d = data.dollars;
    const money = (n: number) => formatMoney(n, data.currency);
    const segment = (label: string, values: number[], color: string, isOver: boolean[] | null): ChartDataset<Mixed, Value[]> => ({
      type: 'bar',
      label,
      data: values,
      stack: 'cost',
      backgroundColor: values.map((_, i) => dimmed(isOver?.[i] ? WARNING_COLOR : color, i, highlight)),
    });
    // the margin budget sits on top of MDF and fixed, where the top of the stack may reach
    const marginAt = d.marginBudget.map((b, i) => (b === null ? null : (d.mdf[i] ?? 0) + (d.fixed[i] ?? 0) + b));
    const label = (item: TooltipItem<Mixed>) => {
      const i = item.dataIndex;
      switch (item.datasetIndex) {
        case 0:
          return `MDF: ${money(d.mdf[i] ?? 0)}${d.mdfOver[i] ? ' — over budget' : ''}`;
        case 1:
          return `Fixed: ${money(d.fixed[i] ?? 0)}`;
        case 2:
          return `Margin: ${money(d.margin[i] ?? 0)}${d.marginOver[i] ? ' — over budget' : ''}`;
        case 3:
          return `MDF budget: ${money(d.mdfBudget[i] ?? 0)}`;
        default:
          return `Margin budget: ${money(d.marginBudget[i] ?? 0)}`;
      }
    };
    return {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          segment('MDF', d.mdf, MDF_COLOR, d.mdfOver),
          segment('Fixed', d.fixed, FIXED_COLOR, null),
          segment('Margin', d.margin, MARGIN_COLOR, d.marginOver),
          marker('MDF budget', d.mdfBudget, d.mdfOver, 'mdfBudget', MDF_BUDGET_MARKER, large),
          marker('Margin budget', marginAt, d.marginOver, 'marginBudget', MARGIN_BUDGET_MARKER, large),
        ],
      },
      options: options(fontSizes(large), data.labels, legends.dollars, large, money, label),
      plugins: [markerDashes],
    };
  }, [data, legends, large, highlight]);

  const hoursRef = useChart(hoursConfig);
  const dollarsRef = useChart(dollarsConfig);

  const height = large ? 520 : 260;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: large ? 32 : 16 }}>
      <div style={{ ...chartBox(height), flex: '1 1 280px', minWidth: 0 }}>
        <canvas ref={hoursRef} role="img" aria-label="Team hours per scenario against its capacity (the table has the numbers)" />
      </div>
      <div style={{ ...chartBox(height), flex: '1 1 280px', minWidth: 0 }}>
        <canvas ref={dollarsRef} role="img" aria-label={`MDF, fixed and margin ${currencyWord(data.currency)} per scenario against the MDF and margin budgets (the table has the numbers)`} />
      </div>
    </div>
  );
}
