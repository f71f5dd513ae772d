/// <reference lib="webworker" />
/** The engine off the page's thread: 100K partners evaluate in ~15 ms, and the page never waits on it. */
import { EngineCore, transferablesOf } from './core';
import type { EngineAnswer, EngineRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const core = new EngineCore();

scope.onmessage = (event: MessageEvent<EngineRequest>) => {
  const request = event.data;
  let answer: EngineAnswer;
  let transfer: Transferable[] = [];
  try {
    switch (request.type) {
      case 'load':
        answer = { id: request.id, ok: true, type: 'load', value: core.load(request.columns) };
        break;
      case 'evaluate': {
        const value = core.evaluate(request.scenario, () => performance.now());
        answer = { id: request.id, ok: true, type: 'evaluate', value };
        transfer = transferablesOf(value.partners);
        break;
      }
      case 'explain':
        answer = { id: request.id, ok: true, type: 'explain', value: core.explain(request.index) };
        break;
    }
  } catch (error) {
    answer = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(answer, transfer);
};
