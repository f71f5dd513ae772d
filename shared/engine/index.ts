/**
 * The tier engine (SPEC S6): pure and deterministic — no clock, no randomness, no I/O.
 *
 *   const outcome = evaluate(scenario, dataset);   // every outcome, columnar
 *   explainPartner(outcome, i);                    // one partner's tier, reasons, next tier
 *   assignmentsOf(outcome);                        // every partner explained (CLI, export)
 */
export { evaluate, ladderInfosOf } from './evaluate';
export { explainPartner, assignmentsOf } from './explain';
export * from './types';
