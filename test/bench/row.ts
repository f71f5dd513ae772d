/** A line of a bench table: a task's median, min and max over its samples, at one size. */
export interface BenchRow {
  task: string;
  partners: number;
  median: number;
  min: number;
  max: number;
  samples: number;
}
