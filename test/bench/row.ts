/** What a bench row's numbers are: milliseconds unless it says otherwise. */
export type BenchUnit = 'ms' | 'MB' | 'kB' | 'count' | '%' | '×';

/** A line of a bench table: a task's median, min and max over its samples, at one size. */
export interface BenchRow {
  task: string;
  partners: number;
  median: number;
  min: number;
  max: number;
  samples: number;
  /** absent: milliseconds */
  unit?: BenchUnit;
}

/** The row of `task` at `partners` over its samples: their median, min and max. */
export function rowOf(task: string, partners: number, samples: readonly number[], unit?: BenchUnit): BenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { task, partners, median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples: sorted.length, ...(unit && unit !== 'ms' ? { unit } : {}) };
}

/** A number as the tables print it in its unit: `1.23 s`, `45.6 ms`, `1.50 GB`, `312 MB`, `0.48×`, `65 %`. */
export function formatValue(value: number, unit: BenchUnit = 'ms'): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
    case 'MB':
      return value >= 1024 ? `${(value / 1024).toFixed(2)} GB` : `${Math.round(value)} MB`;
    case 'kB':
      return `${Math.round(value)} kB`;
    case 'count':
      return String(value);
    case '%':
      return `${Math.round(value)} %`;
    case '×':
      return `${value.toFixed(2)}×`;
  }
}
