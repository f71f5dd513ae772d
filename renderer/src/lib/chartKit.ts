/**
 * What the compare / explore charts share: the chart's life (created once, its data and
 * options replaced on every change without animation, destroyed on unmount), no chart
 * where the canvas has no 2D context (tests: the tables beside carry the numbers), font
 * sizes for presentation mode, tier colours (distinct within a chart) and dimming, legends.
 */
import { Chart, type ChartConfiguration, type ChartEvent, type ChartType, type DefaultDataPoint, type LegendElement, type LegendItem } from 'chart.js';
import { color } from 'chart.js/helpers';
import { useEffect, useRef, type CSSProperties, type RefObject } from 'react';
import { formatCount } from '../../../shared/model/format';
import type { LadderInfo } from '../../../shared/engine';
import { UNTIERED_COLOR } from '../components/colors';

/** A bar over capacity or budget. */
export const WARNING_COLOR = '#d97706';
/** A capacity or budget marker that is exceeded. */
export const OVER_COLOR = '#dc2626';
/** A capacity or budget marker that holds; the total-cost line. */
export const INK_COLOR = '#1f2937';
/** a value being dragged to (the app's accent) */
export const DRAG_COLOR = '#2457c5';
/** How strongly the scenarios other than the highlighted one show. */
export const DIM_ALPHA = 0.25;

export interface FontSizes {
  ticks: number;
  legend: number;
  tooltip: number;
  title: number;
}

/**
 * Small for the app; in presentation mode scaled to the room's screen like the slides' type
 * (compare.css): 20 px labels on a 1920×1080 projector, 13 px at 1280×720 or smaller, at
 * most 28 px. Read when a chart is configured (presentation mode draws its charts again
 * when the window's size changes).
 */
export function fontSizes(large = false): FontSizes {
  if (!large) return { ticks: 11, legend: 11, tooltip: 12, title: 13 };
  const room = typeof window === 'undefined' ? 20 : Math.min(window.innerWidth * 0.0105, window.innerHeight * 0.0186);
  const size = Math.round(Math.min(28, Math.max(13, room)));
  return { ticks: size, legend: size, tooltip: size, title: Math.round(size * 1.2) };
}

/**
 * A category label as the lines of an axis tick, each at most `width` characters where the
 * words allow (a longer word keeps its own line): Chart.js gives a horizontal bar chart's
 * labels only part of a narrow chart and cuts a long one at the canvas's edge ("As is: metals
 * on lifetime revenue" at 1024 px). At most `maxLines` lines; the last then ends in "…".
 */
export function tickLines(label: string, width = 22, maxLines = 3): string | string[] {
  if (label.length <= width) return label;
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
  return kept;
}

/**
 * The ticks of a category axis along the bottom (the scenarios of a vertical bar chart):
 * each label in lines of at most 16 characters (`tickLines`), none skipped. Chart.js turns a
 * crowded axis's labels, and a long name turned as one line ran off the canvas's left edge
 * ("…E fitted 70/20/8/2 with a warning band" at 1024 px); a block of short lines stays inside.
 */
export function categoryTicks(labels: readonly string[], size: number) {
  return { font: { size }, autoSkip: false, callback: (_value: unknown, index: number) => tickLines(labels[index] ?? '', 16) };
}

/** `value` with its opacity scaled down (any CSS colour Chart.js understands). */
export function withAlpha(value: string, alpha: number): string {
  const parsed = color(value);
  return parsed.valid ? parsed.alpha(alpha).rgbString() : value;
}

/** The colour of scenario `index`'s bar: dimmed when another scenario is highlighted. */
export function dimmed(value: string, index: number, highlight: number | undefined): string {
  return highlight === undefined || highlight === index ? value : withAlpha(value, DIM_ALPHA);
}

/** Tier names that occur in more than one ladder (their labels then name the ladder). */
export function ambiguousTierNames(ladders: readonly LadderInfo[]): Set<string> {
  const seen = new Map<string, number>();
  for (const l of ladders) for (const name of new Set(l.tiers.map((t) => t.name))) seen.set(name, (seen.get(name) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([name]) => name));
}

/** Legend entries in each dataset's own colour (per-bar colour arrays would give the legend an arbitrary one). */
export function legendLabels(colors: readonly string[]) {
  return (chart: Chart): LegendItem[] =>
    chart.data.datasets.map((d, i) => ({
      text: d.label ?? '',
      fillStyle: colors[i] ?? UNTIERED_COLOR,
      strokeStyle: colors[i] ?? UNTIERED_COLOR,
      lineWidth: 0,
      hidden: !chart.isDatasetVisible(i),
      datasetIndex: i,
    }));
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}

/**
 * The chart drawn on the returned canvas ref: created once, then its data and options
 * replaced (`update('none')`) whenever `config` changes; destroyed on unmount. No chart
 * when the canvas has no 2D context. Memoise `config`.
 */
export function useChart<TType extends ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown>(
  config: ChartConfiguration<TType, TData, TLabel>,
): RefObject<HTMLCanvasElement | null> {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<TType, TData, TLabel> | null>(null);

  useEffect(() => {
    const existing = chartRef.current;
    if (existing) {
      existing.data.labels = config.data.labels;
      existing.data.datasets = config.data.datasets;
      if (config.options) existing.options = config.options;
      existing.update('none');
      return;
    }
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = context2d(canvas);
    if (!ctx) return;
    chartRef.current = new Chart<TType, TData, TLabel>(ctx, config);
  }, [config]);

  useEffect(
    () => () => {
      chartRef.current?.destroy();
      chartRef.current = null;
    },
    [],
  );

  return canvasRef;
}

/** The box a responsive chart fills: it sets the height, the chart takes the width. */
export function chartBox(height: number): CSSProperties {
  return { position: 'relative', width: '100%', height };
}

/** The legend every compare chart uses: at the bottom, swatches sized with the type; `colors` fixes swatches of per-bar colour arrays. */
export function bottomLegend(f: FontSizes, colors?: readonly string[]) {
  return {
    position: 'bottom' as const,
    labels: { boxWidth: f.legend, boxHeight: f.legend, padding: 6, font: { size: f.legend }, ...(colors ? { generateLabels: legendLabels(colors) } : {}) },
  };
}

/**
 * A legend entry: a dataset (`datasetIndex`; clicking it hides the dataset) or a mark that
 * is no dataset of its own (e.g. "over budget", drawn by recolouring bars). A box swatch
 * (filled, optionally outlined) or a line swatch (a marker; dashed when `dash` is set).
 */
export interface LegendEntry {
  text: string;
  color: string;
  shape: 'box' | 'line';
  datasetIndex?: number;
  /** the box's outline colour */
  outline?: string;
  /** a line's dash pattern */
  dash?: number[];
}

/** The legend at the bottom (like `bottomLegend`) showing exactly `entries`: boxes and lines, each swatch twice the type's size wide. */
export function entriesLegend(f: FontSizes, entries: readonly LegendEntry[], large = false) {
  const width = large ? 4 : 2;
  return {
    position: 'bottom' as const,
    // only the datasets' entries hide and show their dataset; the marks that are no dataset do nothing
    onClick(this: LegendElement<ChartType>, event: ChartEvent, item: LegendItem, legend: LegendElement<ChartType>) {
      if (item.datasetIndex === undefined) return;
      Chart.defaults.plugins.legend.onClick.call(this, event, item, legend);
    },
    labels: {
      usePointStyle: true,
      pointStyleWidth: f.legend * 2,
      boxWidth: f.legend,
      boxHeight: f.legend,
      padding: 8,
      font: { size: f.legend },
      generateLabels: (chart: Chart): LegendItem[] =>
        entries.map((e) => ({
          text: e.text,
          fillStyle: e.shape === 'box' ? e.color : 'transparent',
          strokeStyle: e.shape === 'box' ? (e.outline ?? e.color) : e.color,
          lineWidth: e.shape === 'line' ? width : e.outline ? width : 0,
          lineDash: e.dash ?? [],
          pointStyle: e.shape === 'line' ? 'line' : 'rect',
          hidden: e.datasetIndex !== undefined && !chart.isDatasetVisible(e.datasetIndex),
          ...(e.datasetIndex !== undefined ? { datasetIndex: e.datasetIndex } : {}),
        })),
    },
  };
}

/** A left-hand "Partners" axis of whole numbers (the sweep and the replay charts). */
export function partnersAxis(f: FontSizes) {
  return {
    type: 'linear' as const,
    position: 'left' as const,
    beginAtZero: true,
    title: { display: true, text: 'Partners', font: { size: f.ticks } },
    ticks: { precision: 0, font: { size: f.ticks }, callback: (v: string | number) => formatCount(Number(v)) },
  };
}
