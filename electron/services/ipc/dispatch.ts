/**
 * Validates a payload against the contract and runs the channel's handler. Used by
 * Electron's `handle()` and by browser mode, so both answer every request alike: a
 * malformed payload gets `invalid_request`, an expected failure its own code, and a bug
 * `internal` — never an exception across the boundary.
 */
import { contract, type ParsedReq, type Res } from '../../../shared/ipc/contract';
import { isChannel, type Channel } from '../../../shared/ipc/channels';
import { describeZodIssues, fail, ok, type IpcResult } from '../../../shared/ipc/result';
import { describeFailure } from '../workspace/errors';

export type Handler<C extends Channel> = (req: ParsedReq<C>) => Promise<Res<C>> | Res<C>;
export type Handlers = { [C in Channel]: Handler<C> };
export type Dispatcher = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export interface DispatchLog {
  error(message: string, error: unknown): void;
}

export function createDispatcher(handlers: Handlers, log: DispatchLog = console): Dispatcher {
  return async (channel, payload) => {
    if (!isChannel(channel)) return fail('unknown_channel', `There is no channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`);
    const parsed = contract[channel].req.safeParse(payload);
    if (!parsed.success) {
      const issues = describeZodIssues(parsed.error);
      const first = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
      return fail('invalid_request', `The request to ${channel} is not valid: ${first}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}.`, issues);
    }
    try {
      const handler = handlers[channel] as (req: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      // the same mapping as the command line's (workspace/errors.ts)
      const failure = describeFailure(error);
      if (failure) return fail(failure.code, failure.message);
      log.error(`[ipc] ${channel} failed`, error);
      return fail('internal', `Something went wrong in ${channel}: ${(error as Error)?.message ?? String(error)}`);
    }
  };
}

