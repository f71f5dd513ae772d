/** What the commands share: the CLI's output, usage errors, argument parsing, and the fit warnings. */
import type { DatasetSummary } from '../../shared/model/workspace';
import { formatMetricValue } from '../../shared/model/format';
import { fitProblems } from '../services/scenario-placement';
import type { ScenarioRecord } from '../services/workspace/scenario.repo';
import { UserFacingError } from '../services/workspace/errors';
import type { Workspace } from '../services/workspace/workspace';

export class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Runs node's argument parser, turning its complaints into usage errors (exit code 2). */
export function parse<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

/** A share as it reads ("12.5%"); "—" where there is none. */
export const pct = (x: number | null) => (x === null ? '—' : formatMetricValue('percent', x));

/**
 * Says on stderr what keeps each scenario's figures on the dataset from being its design's
 * (metrics the dataset lacks, today's tiers it does not place); with --strict that is an
 * error, before anything is evaluated or written.
 */
export function warnFit(ws: Workspace, records: readonly ScenarioRecord[], dataset: DatasetSummary, io: CliIo, strict: boolean): void {
  // a scenario an older version stored with duplicates is read as the engine always read it: said, never an error
  for (const r of records) for (const line of r.repaired ?? []) io.err(`tierscape: warning: "${r.scenario.name}": ${line}`);
  const problems = records.flatMap((r) => fitProblems(ws, r.scenario, dataset));
  for (const p of problems) io.err(`tierscape: ${strict ? '' : 'warning: '}${p}`);
  if (strict && problems.length > 0) throw new UserFacingError('invalid_request', `the scenario${records.length > 1 ? 's do' : ' does'} not fit ${dataset.label} (--strict); fit ${records.length > 1 ? 'them' : 'it'} to the dataset in the app, or leave out --strict.`);
}
