/** A line of a bench table: a task's median, min and max over its samples, at one size. */
export interface BenchRow {
  task: string;
  partners: number;
  median: number;
  min: number;
  max: number;
  samples: number;
}

/** The row of `task` at `partners` over its samples: their median, min and max. */
export function rowOf(task: string, partners: number, samples: readonly number[]): BenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { task, partners, median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples: sorted.length };
}
