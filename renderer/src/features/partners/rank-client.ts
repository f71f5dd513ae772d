/**
 * The page's side of rank.worker.ts: a packed identity field in, its ranks out. One worker
 * for the page, made when first needed; where no worker can run (tests), there is none and
 * the grid ranks on the page in slices (grid-sorter.ts).
 */
import type { ColumnRanks } from './grid-sort';

export interface RankRequest {
  id: number;
  packed: Uint8Array;
}

export type RankAnswer = { id: number; ranks: Int32Array; top: number } | { id: number; error: string };

/** Ranks a packed list of texts elsewhere; null when no worker can run here. */
export type RankElsewhere = (packed: Uint8Array) => Promise<ColumnRanks> | null;

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (ranks: ColumnRanks) => void; reject: (error: Error) => void }>();

function rankWorker(): Worker | null {
  if (worker) return worker;
  if (typeof Worker !== 'function') return null;
  worker = new Worker(new URL('./rank.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<RankAnswer>) => {
    const answer = e.data;
    const entry = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (!entry) return;
    if ('error' in answer) entry.reject(new Error(answer.error));
    else entry.resolve({ ranks: answer.ranks, top: answer.top });
  };
  worker.onerror = (event) => {
    // every waiting ranking fails (the page ranks those itself); the next one makes a new worker
    for (const entry of waiting.values()) entry.reject(new Error(event.message || 'the ranking worker stopped'));
    waiting.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/** Ranks the packed texts in the ranking worker (the bytes are copied, not moved: the page keeps its list). */
export const rankInWorker: RankElsewhere = (packed) => {
  const w = rankWorker();
  if (!w) return null;
  const id = nextId++;
  return new Promise<ColumnRanks>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, packed } satisfies RankRequest);
  });
};
