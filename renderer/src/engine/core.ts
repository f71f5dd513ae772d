/**
 * The engine where the renderer runs it (DESIGN D14.2, data flow step 2): the dataset decoded
 * once, every evaluation of the scenario being edited, explanations of one partner. Used
 * inside the Web Worker (engine.worker.ts) and, where no worker can run (tests), in the
 * page itself — the same code either way.
 */
import {
  evaluate,
  explainPartner,
  ladderInfosOf,
  summaryOf,
  type LadderInfo,
  type Outcome,
  type OutcomeSummary,
  type PartnerExplanation,
  compareOutcomes,
  MAX_COMPARED,
  MIN_COMPARED,
  movementFlows,
  partnerDiff,
  type ComparisonResult,
  type DiffRow,
  type MovementFlow,
  findThreshold,
  goalSeek,
  sweep,
  thresholdSession,
  withThreshold,
  type ThresholdSession,
  type GoalSeekResult,
  type SweepPoint,
  type ThresholdInfo,
  type ThresholdRef,
  idOverlap,
  replay,
  type IdOverlap,
  type ReplayCycle,
} from '../../../shared/engine';
import { designSteps, type TargetDesign, type TargetProgress, type TargetRequest } from '../../../shared/engine';
import { decodeDataset, type DatasetColumns } from '../../../shared/ipc/columns';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import { ScenarioSchema, type Assumptions, type Scenario } from '../../../shared/model/scenario';

/** The per-partner results the partners grid shows, aligned with the dataset's partners. */
export interface PartnerColumns {
  ladderIndex: Int8Array;
  level: Int8Array;
  currentLevel: Int8Array;
  movementCode: Uint8Array;
  nextLevel: Int8Array;
  progress: Float64Array;
  exitCandidate: Uint8Array;
  overridden: Uint8Array;
  rolloutState: Uint8Array;
}

export interface Evaluation {
  datasetId: number;
  summary: OutcomeSummary;
  partners: PartnerColumns;
  /** how long the engine took, in ms (shown to the person; measured outside the engine) */
  ms: number;
}

/** One scenario of a comparison, as the compare view draws it beyond its KPIs. */
export interface ComparedScenario {
  ladders: LadderInfo[];
  assumptions: Pick<Assumptions, 'capacityHours' | 'mdfBudget' | 'marginBudget'>;
  flows: MovementFlow[];
}

export interface CompareAnswer {
  datasetId: number;
  partners: number;
  comparison: ComparisonResult;
  /** aligned with comparison.scenarios */
  scenarios: ComparedScenario[];
  ms: number;
}

export interface DiffAnswer {
  count: number;
  rows: DiffRow[];
}

export interface SweepAnswer {
  info: ThresholdInfo;
  points: SweepPoint[];
  ms: number;
}

export interface ReplayAnswer {
  cycles: ReplayCycle[];
  ladders: LadderInfo[];
}

/** Two datasets the engine holds, by key: the list whose partner IDs are checked against the other's (cycle replay). */
export interface OverlapRef {
  list: string;
  other: string;
}

/** A dataset the engine holds, by the key the page names it with. */
export interface CycleRef {
  key: string;
  label: string;
  asOf: string | null;
}

/** The message of the error thrown when a request names a dataset the engine does not hold (the page loads it and asks again). */
export const NOT_LOADED = 'engine:not-loaded:';

/** How many partners the engine keeps across its datasets before it forgets the least recently used. */
export const KEEP_PARTNERS = 3_000_000;

export class EngineCore {
  /** by key, least recently used first */
  private datasets = new Map<string, { datasetId: number; data: ColumnarDataset }>();
  private last: Outcome | null = null;
  /** each dataset's partner IDs, once asked for (replay's ID-space check) */
  private ids = new WeakMap<ColumnarDataset, Set<string>>();
  /** the last threshold explored: a drag asks for one value at a time of the same threshold of the same draft */
  private explored: { data: ColumnarDataset; key: string; session: ThresholdSession } | null = null;

  /** Keeps a dataset; throws (a RangeError naming the problem) when its lists do not fit. */
  load(columns: DatasetColumns, key: string): { datasetId: number; partners: number } {
    const data = decodeDataset(columns);
    this.datasets.delete(key);
    this.datasets.set(key, { datasetId: columns.datasetId, data });
    this.explored = null;
    let total = 0;
    for (const d of this.datasets.values()) total += d.data.partners.length;
    for (const [k, d] of this.datasets) {
      if (total <= KEEP_PARTNERS || k === key) break;
      this.datasets.delete(k);
      total -= d.data.partners.length;
    }
    return { datasetId: columns.datasetId, partners: data.partners.length };
  }

  has(key: string): boolean {
    return this.datasets.has(key);
  }

  private dataset(key: string): { datasetId: number; data: ColumnarDataset } {
    const found = this.datasets.get(key);
    if (!found) throw new Error(NOT_LOADED + key);
    this.datasets.delete(key); // most recently used last
    this.datasets.set(key, found);
    return found;
  }

  evaluate(key: string, input: Scenario, now: () => number): Evaluation {
    const { datasetId, data } = this.dataset(key);
    const scenario = ScenarioSchema.parse(input); // the boundary: what the editor sends must be a whole scenario
    const started = now();
    const outcome = evaluate(scenario, data);
    const ms = now() - started;
    this.last = outcome;
    return {
      datasetId,
      summary: summaryOf(outcome),
      ms,
      // copies: the originals stay with the outcome for explanations
      partners: {
        ladderIndex: outcome.ladderIndex.slice(),
        level: outcome.level.slice(),
        currentLevel: outcome.currentLevel.slice(),
        movementCode: outcome.movementCode.slice(),
        nextLevel: outcome.nextLevel.slice(),
        progress: outcome.progress.slice(),
        exitCandidate: outcome.exitCandidate.slice(),
        overridden: outcome.overridden.slice(),
        rolloutState: outcome.rolloutState.slice(),
      },
    };
  }

  /** One partner of the last evaluation, explained; null before any evaluation or for an index out of range. */
  explain(index: number): PartnerExplanation | null {
    if (!this.last || index < 0 || index >= this.last.partnerCount) return null;
    return explainPartner(this.last, index);
  }

  /** 2–6 scenarios on one dataset: the KPIs with deltas (as the CLI's compare), and what the charts need. */
  compare(key: string, entries: readonly { name: string; baseline: boolean; scenario: Scenario }[], now: () => number): CompareAnswer {
    if (entries.length < MIN_COMPARED || entries.length > MAX_COMPARED) throw new RangeError(`Compare takes ${MIN_COMPARED} to ${MAX_COMPARED} scenarios, not ${entries.length}.`);
    const { datasetId, data } = this.dataset(key);
    const started = now();
    const scenarios = entries.map((e) => ScenarioSchema.parse(e.scenario));
    const outcomes = scenarios.map((scenario, i) => ({ name: entries[i]!.name, baseline: entries[i]!.baseline, outcome: evaluate(scenario, data) }));
    const comparison = compareOutcomes(outcomes);
    return {
      datasetId,
      partners: data.partners.length,
      comparison,
      scenarios: outcomes.map((o, i) => {
        const { capacityHours, mdfBudget, marginBudget } = scenarios[i]!.assumptions;
        return { ladders: o.outcome.ladders, assumptions: { capacityHours, mdfBudget, marginBudget }, flows: movementFlows(o.outcome) };
      }),
      ms: now() - started,
    };
  }

  /** Partners whose tier differs between scenarios a and b, with why each lands where it does in b. */
  diff(key: string, a: Scenario, b: Scenario, limit: number): DiffAnswer {
    const { data } = this.dataset(key);
    return partnerDiff(evaluate(ScenarioSchema.parse(a), data), evaluate(ScenarioSchema.parse(b), data), data, limit);
  }

  /**
   * The session for a threshold of a scenario: the last one when only that threshold's value
   * changed since (each step of a drag), else a new one.
   */
  private sessionFor(scenario: Scenario, data: ColumnarDataset, ref: ThresholdRef): ThresholdSession {
    const key = JSON.stringify([ref.tierId, ref.requirementId, withThreshold(scenario, ref, 0)]);
    if (this.explored?.data === data && this.explored.key === key) return this.explored.session;
    this.explored = null; // let the old one go before the new one is built
    const session = thresholdSession(scenario, data, ref);
    this.explored = { data, key, session };
    return session;
  }

  sweep(key: string, input: Scenario, ref: ThresholdRef, values: readonly number[], now: () => number): SweepAnswer {
    const { data } = this.dataset(key);
    const scenario = ScenarioSchema.parse(input);
    const found = findThreshold(scenario, ref);
    if (!found.ok) throw new RangeError(found.error);
    const started = now();
    const points = sweep(scenario, data, ref, values, this.sessionFor(scenario, data, ref));
    return { info: found.value, points, ms: now() - started };
  }

  goalSeek(key: string, input: Scenario, ref: ThresholdRef, target: { count: number } | { share: number }): GoalSeekResult {
    const { data } = this.dataset(key);
    const scenario = ScenarioSchema.parse(input);
    return goalSeek(scenario, data, ref, target, this.sessionFor(scenario, data, ref));
  }

  /**
   * Design to a target, step by step: the caller runs the steps (the worker in slices, so a
   * Cancel can arrive between them) and takes the design from the last.
   */
  designSteps(key: string, input: Scenario, request: TargetRequest): Generator<TargetProgress, TargetDesign> {
    const { data } = this.dataset(key);
    return designSteps(ScenarioSchema.parse(input), data, request);
  }

  /** The scenario over several datasets, in the order given (oldest first), with its ladders (names, colours). */
  replay(input: Scenario, cycles: readonly CycleRef[]): ReplayAnswer {
    const scenario = ScenarioSchema.parse(input);
    const inputs = cycles.map((c) => ({ label: c.label, asOf: c.asOf, data: this.dataset(c.key).data }));
    return { cycles: replay(scenario, inputs), ladders: ladderInfosOf(scenario) };
  }

  /** How far each pair's partner IDs overlap, to flag a list in another ID space before it is replayed. */
  replayOverlaps(pairs: readonly OverlapRef[]): IdOverlap[] {
    const idsOf = (key: string) => {
      const { data } = this.dataset(key);
      let ids = this.ids.get(data);
      if (!ids) {
        ids = new Set(data.partners.map((p) => p.id));
        this.ids.set(data, ids);
      }
      return ids;
    };
    return pairs.map((pair) => idOverlap(idsOf(pair.list), idsOf(pair.other)));
  }
}

export function transferablesOf(partners: PartnerColumns): ArrayBuffer[] {
  return Object.values(partners).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
}
