/**
 * The range a threshold is swept and dragged over (DESIGN D8.3): its limits and checks, the
 * default range around a threshold's value, the drag's step and grid, and the key that tells
 * whether the last sweep still holds. Pure helpers of the explore slice (explore.slice.ts).
 */
import { withThreshold, type ThresholdRef } from '../../../shared/engine';
import type { Scenario } from '../../../shared/model/scenario';

export const MIN_STEPS = 2;
export const MAX_STEPS = 101;

export interface SweepRange {
  from: number;
  to: number;
  steps: number;
}

/** Why a range cannot be swept, or null. */
export function checkRange(range: SweepRange): string | null {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to)) return 'Enter a number for both ends of the range.';
  if (range.from === range.to) return 'The range needs two different ends.';
  if (!Number.isInteger(range.steps) || range.steps < MIN_STEPS || range.steps > MAX_STEPS) return `Steps are a whole number from ${MIN_STEPS} to ${MAX_STEPS}.`;
  return null;
}

/** A range that takes in a threshold's value: from 0 to twice it (0 to 1 for a zero threshold). */
export function defaultRange(value: number): SweepRange {
  if (value === 0) return { from: 0, to: 1, steps: 21 };
  return { from: Math.min(0, 2 * value), to: Math.max(0, 2 * value), steps: 21 };
}

/** How many steps a drag across the range takes at most (each a value the worker may preview). */
export const DRAG_STEPS = 400;

/**
 * The step of the threshold drag: about a DRAG_STEPSth of the range, rounded to 1, 2 or 5
 * times a power of ten so that dragged values read as typed ones ($62,500, not $62,537.59).
 */
export function dragStep(range: Pick<SweepRange, 'from' | 'to'>): number {
  const raw = Math.abs(range.to - range.from) / DRAG_STEPS;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].find((m) => m * power >= raw)! * power;
  return nice;
}

/** A value on the drag's grid of steps, without binary fractions showing (0.30000000000000004). */
export function snapToStep(value: number, step: number): number {
  const snapped = Math.round(value / step) * step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(snapped.toFixed(Math.min(decimals, 20)));
}

/** The scenario with the swept threshold blanked: two drafts that differ only there share one sweep. */
export function sweepKey(scenario: Scenario, ref: ThresholdRef, datasetKey: string, range: SweepRange): string {
  return JSON.stringify([datasetKey, ref, range, withThreshold(scenario, ref, 0)]);
}
