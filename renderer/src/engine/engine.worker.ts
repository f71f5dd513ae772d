/// <reference lib="webworker" />
/** The engine off the page's thread: 100K partners evaluate in ~15 ms, and the page never waits on it. */
import { EngineCore, transferablesOf } from './core';
import type { EngineAnswer, EngineRequest } from './protocol';
import { messageOf } from '../lib/errors';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const core = new EngineCore();
const now = () => performance.now();

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
