/**
 * The tier engine (DESIGN D7): pure and deterministic — no clock, no randomness, no I/O.
 *
 *   const outcome = evaluate(scenario, dataset);   // every outcome, columnar
 *   explainPartner(outcome, i);                    // one partner's tier, reasons, next tier
 *   assignmentsOf(outcome);                        // every partner explained (CLI, export)
 */
export { evaluate, ladderInfosOf } from './evaluate';
export { explainPartner, assignmentsOf } from './explain';
export * from './types';
export {
  compareOutcomes,
  DELTA_KEYS,
  fitOf,
  kpisOf,
  MAX_COMPARED,
  MIN_COMPARED,
  movementFlows,
  partnerDiff,
  type ComparisonResult,
  type DeltaKey,
  type DiffRow,
  type FlowEnd,
  type MovementFlow,
  type ScenarioKpis,
  type TierCount,
} from './compare';
export { conflictName } from './describe';
export {
  designDiff,
  DESIGN_DIFF_KINDS,
  DESIGN_DIFF_TITLES,
  type DesignChange,
  type DesignDiff,
  type DesignDiffKind,
  type DesignDiffMetric,
  type DesignDiffSection,
  type OverrideEntry,
  type OverrideMove,
} from './design-diff';
export { computeDerived, evaluateFormula } from './formula-eval';
export { goalSeek, sweep, sweepValues, type GoalSeekResult, type SweepPoint } from './explore';
export {
  BUDGET_KINDS,
  BUDGET_WORDS,
  checkTargetRequest,
  designSteps,
  designToTarget,
  formatThreshold,
  leverOf,
  leversOf,
  leverValue,
  withLever,
  type BudgetKind,
  type Lever,
  type LeverKind,
  type TargetBudget,
  type TargetDesign,
  type TargetProgress,
  type TargetRequest,
  type TargetTier,
  type TierTarget,
} from './design-to-target';
export { findPointsMin } from './points-lever';
export { findThreshold, listThresholds, withThreshold, type ThresholdInfo, type ThresholdRef } from './thresholds';
export { thresholdSession, type ThresholdSession } from './threshold-session';
export {
  defaultReplayLists,
  idOverlap,
  idSpaceWarning,
  inDateOrder,
  metricsLacking,
  metricsRead,
  otherIdSpace,
  replay,
  type IdOverlap,
  type ReplayCycle,
} from './replay';
