/// <reference lib="webworker" />
/** The engine off the page's thread: 100K partners evaluate in ~15 ms, and the page never waits on it. */
import { EngineCore, transferablesOf } from './core';
import { CANCELLED, SLICE_MS, type EngineAnswer, type EngineRequest } from './protocol';
import { messageOf } from '../lib/errors';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const core = new EngineCore();
const now = () => performance.now();
/** designs under way, by request id: true once a Cancel for it arrived */
const cancelled = new Map<number, boolean>();

scope.onmessage = (event: MessageEvent<EngineRequest>) => {
  const request = event.data;
  let answer: EngineAnswer;
  let transfer: Transferable[] = [];
  try {
    let value: unknown;
    switch (request.type) {
      case 'load':
        value = core.load(request.columns, request.key);
        break;
      case 'evaluate': {
        const evaluation = core.evaluate(request.key, request.scenario, now);
        transfer = transferablesOf(evaluation.partners);
        value = evaluation;
        break;
      }
      case 'explain':
        value = core.explain(request.index);
        break;
      case 'compare':
        value = core.compare(request.key, request.entries, now);
        break;
      case 'diff':
        value = core.diff(request.key, request.a, request.b, request.limit);
        break;
      case 'sweep':
        value = core.sweep(request.key, request.scenario, request.ref, request.values, now);
        break;
      case 'goalSeek':
        value = core.goalSeek(request.key, request.scenario, request.ref, request.target);
        break;
      case 'design':
        runInSlices(request.id, core.designSteps(request.key, request.scenario, request.request));
        return;
      case 'cancel':
        if (cancelled.has(request.target)) cancelled.set(request.target, true);
        return;
      case 'replay':
        value = core.replay(request.scenario, request.cycles);
        break;
      case 'replayOverlaps':
        value = core.replayOverlaps(request.pairs);
        break;
    }
    answer = { id: request.id, ok: true, value };
  } catch (error) {
    answer = { id: request.id, ok: false, error: messageOf(error) };
  }
  scope.postMessage(answer, transfer);
};

/**
 * Runs a long request's steps SLICE_MS at a time, reporting progress after each slice and
 * yielding to the message queue, where a Cancel for it may be waiting.
 */
function runInSlices(id: number, steps: Generator<{ fraction: number; step: string }, unknown>): void {
  cancelled.set(id, false);
  const slice = () => {
    if (cancelled.get(id)) {
      cancelled.delete(id);
      scope.postMessage({ id, ok: false, error: CANCELLED } satisfies EngineAnswer);
      return;
    }
    const started = now();
    try {
      for (;;) {
        const next = steps.next();
        if (next.done) {
          cancelled.delete(id);
          scope.postMessage({ id, ok: true, value: next.value } satisfies EngineAnswer);
          return;
        }
        if (now() - started >= SLICE_MS) {
          scope.postMessage({ id, progress: next.value } satisfies EngineAnswer);
          break;
        }
      }
    } catch (error) {
      cancelled.delete(id);
      scope.postMessage({ id, ok: false, error: messageOf(error) } satisfies EngineAnswer);
      return;
    }
    setTimeout(slice, 0);
  };
  slice();
}
