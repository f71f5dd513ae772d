/**
 * The page's handle on the engine: a Web Worker in the app, the same EngineCore in the
 * page where workers cannot run (tests). Answers come back as promises.
 */
import type { PartnerExplanation } from '../../../shared/engine';
import type { DatasetColumns } from '../../../shared/ipc/columns';
import type { Scenario } from '../../../shared/model/scenario';
import { EngineCore, type Evaluation } from './core';
import type { EngineAnswer, EngineRequest } from './protocol';

export interface EngineClient {
  /** Loads a dataset; `key` names it beyond its id (workspace and import time: ids repeat across workspaces). */
  load(columns: DatasetColumns, key: string): Promise<{ datasetId: number; partners: number }>;
  evaluate(scenario: Scenario): Promise<Evaluation>;
  explain(index: number): Promise<PartnerExplanation | null>;
  /** the key of the dataset loaded, null before any */
  readonly loadedKey: string | null;
}

export function inPageEngine(now: () => number = () => performance.now()): EngineClient {
  const core = new EngineCore();
  let loaded: string | null = null;
  return {
    async load(columns, key) {
      loaded = null;
      const value = core.load(columns);
      loaded = key;
      return value;
    },
    evaluate: async (scenario) => core.evaluate(scenario, now),
    explain: async (index) => core.explain(index),
    get loadedKey() {
      return loaded;
    },
  };
}

type Pending = { resolve: (answer: EngineAnswer) => void };
/** A request without its id (the client numbers them). */
type Payload = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'id'> : never) : never;

export function workerEngine(worker: Worker): EngineClient {
  let nextId = 1;
  let loaded: string | null = null;
  const pending = new Map<number, Pending>();
  worker.onmessage = (event: MessageEvent<EngineAnswer>) => {
    const entry = pending.get(event.data.id);
    pending.delete(event.data.id);
    entry?.resolve(event.data);
  };
  worker.onerror = (event) => {
    const message = `The engine stopped: ${event.message || 'unknown error'}`;
    for (const [id, entry] of pending) entry.resolve({ id, ok: false, error: message });
    pending.clear();
  };
  function send(payload: Payload): Promise<EngineAnswer> {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      worker.postMessage({ ...payload, id });
    });
  }
  async function ask(payload: Payload): Promise<unknown> {
    const answer = await send(payload);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  }
  return {
    async load(columns, key) {
      loaded = null;
      const value = (await ask({ type: 'load', columns })) as { datasetId: number; partners: number };
      loaded = key;
      return value;
    },
    evaluate: async (scenario) => (await ask({ type: 'evaluate', scenario })) as Evaluation,
    explain: async (index) => (await ask({ type: 'explain', index })) as PartnerExplanation | null,
    get loadedKey() {
      return loaded;
    },
  };
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
