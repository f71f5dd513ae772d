/** The bench's generated dataset (a module of its own: the engine's child loads nothing else of the bench's). */
import { generatePartners } from '../../scenarios/generator';
import type { ColumnarDataset } from '../../shared/model/dataset';

/** The bench's dataset: generated from this seed at each size. */
export const BENCH_SEED = 11;

/** The bench's dataset of `count` partners (what run.ts generates). */
export function benchDataset(count: number): ColumnarDataset {
  return generatePartners({ seed: BENCH_SEED, count });
}
