/**
 * The page's handle on the engine: a Web Worker in the app, the same EngineCore in the
 * page where workers cannot run (tests). Answers come back as promises.
 *
 * Requests name their datasets by key; when the engine does not hold one (first use, or
 * forgotten to make room), the client fetches its columns, loads them and asks again.
 */
import type { PartnerExplanation, GoalSeekResult, ThresholdRef, IdOverlap } from '../../../shared/engine';
import type { TargetDesign, TargetProgress, TargetRequest } from '../../../shared/engine';
import { wireColumns, type DecodedColumns } from '../../../shared/ipc/columns';
import type { Scenario } from '../../../shared/model/scenario';
import { EngineCore, NOT_LOADED, type CompareAnswer, type CycleRef, type DiffAnswer, type Evaluation, type ReplayAnswer, type SweepAnswer } from './core';
import { CANCELLED, SLICE_MS, type ComparedEntry, type EngineAnswer, type EngineRequest, type EngineValues } from './protocol';

/** A dataset by its key (workspace, id and import time: ids repeat across workspaces), and how to fetch its columns. */
export interface DatasetRef {
  key: string;
  fetch(): Promise<DecodedColumns>;
}

/** A long request's progress, and the signal that cancels it (it then rejects with CANCELLED). */
export interface LongRun {
  onProgress?: (progress: TargetProgress) => void;
  signal?: AbortSignal;
}

export interface EngineClient {
  evaluate(data: DatasetRef, scenario: Scenario): Promise<Evaluation>;
  /** a partner of the last evaluation */
  explain(index: number): Promise<PartnerExplanation | null>;
  compare(data: DatasetRef, entries: ComparedEntry[]): Promise<CompareAnswer>;
  diff(data: DatasetRef, a: Scenario, b: Scenario, limit: number): Promise<DiffAnswer>;
  sweep(data: DatasetRef, scenario: Scenario, ref: ThresholdRef, values: number[]): Promise<SweepAnswer>;
  goalSeek(data: DatasetRef, scenario: Scenario, ref: ThresholdRef, target: { count: number } | { share: number }): Promise<GoalSeekResult>;
  /** thresholds for every tier of a ladder at once, to the request's targets (design to a target) */
  design(data: DatasetRef, scenario: Scenario, request: TargetRequest, run?: LongRun): Promise<TargetDesign>;
  /** the scenario over the datasets in the order given */
  replay(scenario: Scenario, cycles: (DatasetRef & Omit<CycleRef, 'key'>)[]): Promise<ReplayAnswer>;
  /** how far each list's partner IDs overlap the other's (replay flags a list in another ID space) */
  replayOverlaps(pairs: { list: DatasetRef; other: DatasetRef }[]): Promise<IdOverlap[]>;
}

/** A request without its id (the transport numbers them). */
type Payload = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'id'> : never) : never;
/** Sends one request; answers its value or throws its error. */
type Transport = (payload: Payload, run?: LongRun) => Promise<unknown>;

function clientOver(send: Transport): EngineClient {
  const loading = new Map<string, Promise<unknown>>();

  function load(ref: DatasetRef): Promise<unknown> {
    let pending = loading.get(ref.key);
    if (!pending) {
      pending = ref
        .fetch()
        // packed identity lists: a copy of bytes to the worker, not of a string per partner and field
        .then((columns) => send({ type: 'load', key: ref.key, columns: wireColumns(columns) }))
        .finally(() => loading.delete(ref.key));
      loading.set(ref.key, pending);
    }
    return pending;
  }

  async function ask<T extends keyof EngineValues>(payload: Payload & { type: T }, refs: readonly DatasetRef[], run?: LongRun): Promise<EngineValues[T]> {
    // each dataset may need loading once (and once more if another request pushed it out meanwhile)
    for (let attempt = 0; ; attempt += 1) {
      try {
        return (await send(payload, run)) as EngineValues[T];
      } catch (error) {
        const message = error instanceof Error ? error.message : '';
        const ref = message.startsWith(NOT_LOADED) ? refs.find((r) => r.key === message.slice(NOT_LOADED.length)) : undefined;
        if (!ref || attempt > 2 * refs.length) throw error;
        await load(ref);
      }
    }
  }

  return {
    evaluate: (data, scenario) => ask({ type: 'evaluate', key: data.key, scenario }, [data]),
    explain: (index) => ask({ type: 'explain', index }, []),
    compare: (data, entries) => ask({ type: 'compare', key: data.key, entries }, [data]),
    diff: (data, a, b, limit) => ask({ type: 'diff', key: data.key, a, b, limit }, [data]),
    sweep: (data, scenario, ref, values) => ask({ type: 'sweep', key: data.key, scenario, ref, values }, [data]),
    goalSeek: (data, scenario, ref, target) => ask({ type: 'goalSeek', key: data.key, scenario, ref, target }, [data]),
    design: (data, scenario, request, run) => ask({ type: 'design', key: data.key, scenario, request }, [data], run),
    replay: (scenario, cycles) => ask({ type: 'replay', scenario, cycles: cycles.map(({ key, label, asOf }) => ({ key, label, asOf })) }, cycles),
    replayOverlaps: (pairs) =>
      ask(
        { type: 'replayOverlaps', pairs: pairs.map((p) => ({ list: p.list.key, other: p.other.key })) },
        pairs.flatMap((p) => [p.list, p.other]),
      ),
  };
}

export function inPageEngine(now: () => number = () => performance.now()): EngineClient {
  const core = new EngineCore();
  return clientOver(async (p, run) => {
    switch (p.type) {
      case 'load':
        return core.load(p.columns, p.key);
      case 'evaluate':
        return core.evaluate(p.key, p.scenario, now);
      case 'explain':
        return core.explain(p.index);
      case 'compare':
        return core.compare(p.key, p.entries, now);
      case 'diff':
        return core.diff(p.key, p.a, p.b, p.limit);
      case 'sweep':
        return core.sweep(p.key, p.scenario, p.ref, p.values, now);
      case 'goalSeek':
        return core.goalSeek(p.key, p.scenario, p.ref, p.target);
      case 'design':
        return runSteps(core.designSteps(p.key, p.scenario, p.request), run);
      case 'cancel':
        return null;
      case 'replay':
        return core.replay(p.scenario, p.cycles);
      case 'replayOverlaps':
        return core.replayOverlaps(p.pairs);
    }
  });
}

/** The page's side of a long request run in the page: SLICE_MS of steps at a time, as the worker runs them. */
async function runSteps<T>(steps: Generator<TargetProgress, T>, run?: LongRun): Promise<T> {
  for (;;) {
    if (run?.signal?.aborted) throw new Error(CANCELLED);
    const started = performance.now();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      if (performance.now() - started >= SLICE_MS) {
        run?.onProgress?.(next.value);
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

type Settled = Extract<EngineAnswer, { ok: boolean }>;

export function workerEngine(worker: Worker): EngineClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (answer: Settled) => void; run: LongRun | undefined }>();
  worker.onmessage = (event: MessageEvent<EngineAnswer>) => {
    const data = event.data;
    const waiting = pending.get(data.id);
    if ('progress' in data) {
      waiting?.run?.onProgress?.(data.progress);
      return;
    }
    pending.delete(data.id);
    waiting?.resolve(data);
  };
  worker.onerror = (event) => {
    const message = `The engine stopped: ${event.message || 'unknown error'}`;
    for (const [id, waiting] of pending) waiting.resolve({ id, ok: false, error: message });
    pending.clear();
  };
  return clientOver(async (payload, run) => {
    if (run?.signal?.aborted) throw new Error(CANCELLED);
    const id = nextId++;
    const cancel = () => worker.postMessage({ type: 'cancel', target: id, id: nextId++ } satisfies EngineRequest);
    run?.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const answer = await new Promise<Settled>((resolve) => {
        pending.set(id, { resolve, run });
        worker.postMessage({ ...payload, id });
      });
      if (!answer.ok) throw new Error(answer.error);
      return answer.value;
    } finally {
      run?.signal?.removeEventListener('abort', cancel);
    }
  });
}

let engine: EngineClient | null = null;

/** The app's engine: a worker when the runtime has them, else in the page. */
export function getEngine(): EngineClient {
  if (!engine) {
    try {
      engine = typeof Worker === 'function' ? workerEngine(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })) : inPageEngine();
    } catch {
      engine = inPageEngine();
    }
  }
  return engine;
}

/** For tests: the engine the stores use. */
export function setEngine(next: EngineClient | null): void {
  engine = next;
}
