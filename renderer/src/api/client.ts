/**
 * The renderer's only way to the main process: a typed client over the IPC contract.
 * In Electron it goes through the preload bridge (`window.tierscape`); in browser mode it
 * posts to the local server with the session token. Both answer the same `IpcResult`
 * (a dataset's columns arrive as Float64Arrays either way: browser mode reads them from
 * the server's binary frame).
 */
import type { TierscapeBridge } from '../../../shared/ipc/bridge';
import type { Channel, MenuCommand } from '../../../shared/ipc/channels';
import { ColumnsFrameReader, type DatasetColumns } from '../../../shared/ipc/columns';
import type { Req, Res } from '../../../shared/ipc/contract';
import { API_PATH, BINARY_CONTENT_TYPE, DOWNLOAD_PATH, FILE_NAME_HEADER, TOKEN_HEADER, UPLOAD_PATH } from '../../../shared/ipc/http';
import type { IpcError, IpcErrorCode, IpcIssue, IpcResult } from '../../../shared/ipc/result';

declare global {
  interface Window {
    tierscape?: TierscapeBridge<File>;
  }
}

export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<IpcResult<unknown>>;
  onMenuCommand(listener: (command: MenuCommand, arg?: string) => void): () => void;
  /** Browser mode: sends a file to the local server, which keeps it for an import. */
  upload?(file: File): Promise<IpcResult<UploadedFile>>;
  /** Electron: the path on disk of a dropped or picked file ('' when it has none). */
  pathForFile?(file: File): string;
  /** Browser mode: fetches an exported workbook (once) from the local server. */
  download?(id: string): Promise<IpcResult<Blob>>;
}

/** What browser mode's server answers for an upload: where it kept the file. */
export interface UploadedFile {
  path: string;
  fileName: string;
  size: number;
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

/**
 * Browser mode's session token: from the address the server sent the page to (`?token=`),
 * else — after a reload, once it is gone from the address — from the tab's sessionStorage.
 * The page keeps it in memory and sends it in a header; it is never a cookie (a cookie
 * for 127.0.0.1 goes to every server on the machine). sessionStorage belongs to this tab
 * and this origin, port included: other local servers cannot read it, and it is gone
 * when the tab is closed.
 */
export function browserToken(location: Pick<Location, 'search'>, storage: Pick<Storage, 'getItem' | 'setItem'>): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

/** The address without its `token` parameter, for history.replaceState; null when it has none. */
export function addressWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A dataset's columns from the server's binary frame, read as its bytes arrive. */
async function readColumns(response: Response): Promise<DatasetColumns> {
  const reader = new ColumnsFrameReader();
  if (response.body) {
    const stream = response.body.getReader();
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      reader.push(value);
    }
  } else {
    reader.push(new Uint8Array(await response.arrayBuffer()));
  }
  return reader.finish();
}

export function httpTransport(token: string | null, fetchImpl: typeof fetch = (...args) => fetch(...args)): Transport {
  return {
    async invoke(channel, payload) {
      try {
        const response = await fetchImpl(API_PATH, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token ?? '' },
          body: JSON.stringify({ channel, payload }),
        });
        if (response.ok && channel === 'dataset:columns' && (response.headers.get('Content-Type') ?? '').startsWith(BINARY_CONTENT_TYPE)) {
          try {
            return { ok: true, value: await readColumns(response) };
          } catch (error) {
            return { ok: false, error: { code: 'io', message: `The partner list did not arrive whole from the Tierscape server (${(error as Error).message}).` } };
          }
        }
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
    async download(id) {
      try {
        const response = await fetchImpl(`${DOWNLOAD_PATH}?id=${encodeURIComponent(id)}`, { headers: { [TOKEN_HEADER]: token ?? '' } });
        if (!response.ok) return { ok: false, error: { code: 'io', message: `The download failed: ${(await response.text().catch(() => '')) || response.statusText}` } };
        return { ok: true, value: await response.blob() };
      } catch (error) {
        return { ok: false, error: { code: 'io', message: `The download failed (${(error as Error).message}). Is \`npm run web\` still running?` } };
      }
    },
    async upload(file) {
      try {
        const response = await fetchImpl(UPLOAD_PATH, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/octet-stream',
            [TOKEN_HEADER]: token ?? '',
            [FILE_NAME_HEADER]: encodeURIComponent(file.name),
          },
          body: file,
        });
        const body = (await response.json().catch(() => null)) as IpcResult<UploadedFile> | null;
        if (body && typeof body === 'object' && 'ok' in body) return body;
        return { ok: false, error: { code: 'io', message: `The upload of "${file.name}" failed: the server answered ${response.status} ${response.statusText}.` } };
      } catch (error) {
        return {
          ok: false,
          error: { code: 'io', message: `The upload of "${file.name}" failed (${(error as Error).message}). Is \`npm run web\` still running?` },
        };
      }
    },
  };
}

export function electronTransport(bridge: TierscapeBridge<File>): Transport {
  return {
    invoke: (channel, payload) => bridge.invoke(channel, payload),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    pathForFile: (file) => bridge.pathForFile(file),
  };
}

export function detectTransport(): Transport {
  if (window.tierscape) return electronTransport(window.tierscape);
  const token = browserToken(window.location, window.sessionStorage);
  // read once: out of the address bar (and so out of history, bookmarks and screen shares)
  const address = addressWithoutToken(window.location.href);
  if (address !== null) window.history.replaceState(window.history.state, '', address);
  return httpTransport(token);
}

type Args<C extends Channel> = undefined extends Req<C> ? [payload?: Req<C>] : [payload: Req<C>];

export interface Api {
  /** Calls a channel and returns its value; throws ApiError for an expected failure. */
  call<C extends Channel>(channel: C, ...args: Args<C>): Promise<Res<C>>;
  onMenuCommand(listener: (command: MenuCommand, arg?: string) => void): () => void;
  /** Browser mode: uploads a file for import; throws ApiError when that fails or the runtime cannot. */
  upload(file: File): Promise<UploadedFile>;
  /** Electron: the path on disk of a file, '' when it has none (or the runtime cannot tell). */
  pathForFile(file: File): string;
  /** Browser mode: an exported workbook, fetched once; throws ApiError when that fails or the runtime cannot. */
  download(id: string): Promise<Blob>;
}

export function createApi(transport: Transport): Api {
  return {
    async call(channel, ...args) {
      const result = await transport.invoke(channel, args[0]);
      if (!result.ok) throw new ApiError(result.error);
      return result.value as never;
    },
    onMenuCommand: (listener) => transport.onMenuCommand(listener),
    async upload(file) {
      if (!transport.upload) throw new ApiError({ code: 'unsupported', message: 'Uploading files is only needed in browser mode.' });
      const result = await transport.upload(file);
      if (!result.ok) throw new ApiError(result.error);
      return result.value;
    },
    pathForFile: (file) => transport.pathForFile?.(file) ?? '',
    async download(id) {
      if (!transport.download) throw new ApiError({ code: 'unsupported', message: 'Downloads are only needed in browser mode.' });
      const result = await transport.download(id);
      if (!result.ok) throw new ApiError(result.error);
      return result.value;
    },
  };
}

let defaultApi: Api | null = null;
export function getApi(): Api {
  defaultApi ??= createApi(detectTransport());
  return defaultApi;
}
/** Browser mode: sends `file` to the local server (with the session token) and returns where it was kept. */
export function upload(file: File): Promise<UploadedFile> {
  return getApi().upload(file);
}

/** For tests: replace the API the stores use. */
export function setApi(api: Api | null): void {
  defaultApi = api;
}
