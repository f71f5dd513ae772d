/**
 * The renderer's only way to the main process: a typed client over the IPC contract.
 * In Electron it goes through the preload bridge (`window.tierscape`); in browser mode it
 * posts to the local server with the session token. Both answer the same `IpcResult`.
 */
import type { TierscapeBridge } from '../../../electron/preload/bridge';
import type { Channel, MenuCommand } from '../../../shared/ipc/channels';
import type { Req, Res } from '../../../shared/ipc/contract';
import type { IpcError, IpcErrorCode, IpcIssue, IpcResult } from '../../../shared/ipc/result';

declare global {
  interface Window {
    tierscape?: TierscapeBridge;
  }
}

export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<IpcResult<unknown>>;
  onMenuCommand(listener: (command: MenuCommand, arg?: string) => void): () => void;
}

export class ApiError extends Error {
  readonly code: IpcErrorCode;
  readonly issues: IpcIssue[];
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

const TOKEN_KEY = 'tierscape.token';

export function browserToken(location: Pick<Location, 'search'>, storage: Pick<Storage, 'getItem' | 'setItem'>): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export function httpTransport(token: string | null, fetchImpl: typeof fetch = (...args) => fetch(...args)): Transport {
  return {
    async invoke(channel, payload) {
      try {
        const response = await fetchImpl('/api/invoke', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Tierscape-Token': token ?? '' },
          body: JSON.stringify({ channel, payload }),
        });
        const body = (await response.json().catch(() => null)) as IpcResult<unknown> | null;
        if (body && typeof body === 'object' && 'ok' in body) return body;
        return { ok: false, error: { code: 'io', message: `The Tierscape server answered ${response.status} ${response.statusText}.` } };
      } catch (error) {
        return {
          ok: false,
          error: { code: 'io', message: `Lost contact with the Tierscape server (${(error as Error).message}). Is \`npm run web\` still running?` },
        };
      }
    },
    onMenuCommand: () => () => undefined,
  };
}

export function electronTransport(bridge: TierscapeBridge): Transport {
  return {
    invoke: (channel, payload) => bridge.invoke(channel, payload),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
  };
}

export function detectTransport(): Transport {
  if (window.tierscape) return electronTransport(window.tierscape);
  return httpTransport(browserToken(window.location, window.sessionStorage));
}

type Args<C extends Channel> = undefined extends Req<C> ? [payload?: Req<C>] : [payload: Req<C>];

export interface Api {
  /** Calls a channel and returns its value; throws ApiError for an expected failure. */
  call<C extends Channel>(channel: C, ...args: Args<C>): Promise<Res<C>>;
  onMenuCommand(listener: (command: MenuCommand, arg?: string) => void): () => void;
}

export function createApi(transport: Transport): Api {
  return {
    async call(channel, ...args) {
      const result = await transport.invoke(channel, args[0]);
      if (!result.ok) throw new ApiError(result.error);
      return result.value as never;
    },
    onMenuCommand: (listener) => transport.onMenuCommand(listener),
  };
}

let defaultApi: Api | null = null;
export function getApi(): Api {
  defaultApi ??= createApi(detectTransport());
  return defaultApi;
}
/** For tests: replace the API the stores use. */
export function setApi(api: Api | null): void {
  defaultApi = api;
}
