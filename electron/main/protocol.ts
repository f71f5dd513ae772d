/**
 * The packaged renderer is served from `tierscape://app/…` (DESIGN D11.3: no remote
 * content, a strict CSP), never from file://. The scheme is standard (relative URLs,
 * storage, a real origin) and secure (a secure context), supports fetch(), and does NOT
 * bypass the CSP. Every response, errors included, carries SECURITY_HEADERS.
 *
 * In development the window loads the electron-vite dev server instead; the same
 * headers are then added to that origin's responses with `webRequest.onHeadersReceived`.
 */
import { readFile } from 'node:fs/promises';
import type { CustomScheme, Protocol, Session } from 'electron';
import { SECURITY_HEADERS } from '../services/csp';
import { err } from '../../shared/model/result';
import { contentTypeFor, resolveStaticFile, type StaticResolution } from '../services/static-files';
import { APP_HOST, APP_SCHEME, devServerOrigin } from './security';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    bypassCSP: false,
    allowServiceWorkers: false,
    corsEnabled: false,
    stream: false,
  },
};

/** Must run before the app's 'ready' event, and only once. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export type AppRequestResolution = StaticResolution;

/**
 * Maps a request URL to a file inside `rendererDir`, or refuses it. Only the host `app`
 * is served; `/` is index.html; a path that resolves outside `rendererDir` (`..`,
 * encoded `%2e%2e`, `%2f`, `%5c`, absolute paths) is refused with 404, as is any
 * other host — nothing tells a probing page what exists outside.
 */
export function resolveAppRequest(rawUrl: string, rendererDir: string): AppRequestResolution {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return err(400);
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST || url.username || url.password) {
    return err(404);
  }
  return resolveStaticFile(rendererDir, url.pathname);
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

function errorResponse(status: number): Response {
  return new Response(STATUS_TEXT[status] ?? 'Error', {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

export interface ServeOptions {
  rendererDir: string;
  readFile?: (file: string) => Promise<Uint8Array>;
  log?: (message: string, error: unknown) => void;
}

/** Answers one `tierscape:` request. Never throws: a fault is a 500 with the same headers. */
export async function serveAppRequest(request: Pick<Request, 'url' | 'method'>, options: ServeOptions): Promise<Response> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return errorResponse(405);
  const resolved = resolveAppRequest(request.url, options.rendererDir);
  if (!resolved.ok) return errorResponse(resolved.error);
  let body: Uint8Array;
  try {
    body = await (options.readFile ?? readFile)(resolved.value);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return errorResponse(404);
    (options.log ?? ((m, e) => console.error(m, e)))(`[protocol] could not read ${resolved.value}`, error);
    return errorResponse(500);
  }
  return new Response(method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(resolved.value),
      'Cache-Control': 'no-cache',
    },
  });
}

/** Serves out/renderer on `tierscape://app/`. Call once, when the app is ready. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, { rendererDir }));
}

/**
 * Response headers with SECURITY_HEADERS applied, replacing any header of the same
 * name whatever its case (the dev server's own headers stay otherwise).
 */
export function withSecurityHeaders(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const ours = new Set(Object.keys(SECURITY_HEADERS).map((name) => name.toLowerCase()));
  const merged: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!ours.has(name.toLowerCase())) merged[name] = value;
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) merged[name] = [value];
  return merged;
}

/** Development only: the dev server's pages get the same CSP and headers as the packaged app. */
export function applyDevServerHeaders(session: Pick<Session, 'webRequest'>, devServerUrl: string): void {
  const origin = devServerOrigin(devServerUrl);
  if (!origin) return;
  session.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
}
