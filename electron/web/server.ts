/**
 * Browser mode's server: the built renderer and the same handler table as Electron,
 * on 127.0.0.1 only, a random port, and a random token.
 *
 * - The token never travels as a cookie (a cookie for 127.0.0.1 goes to every server on
 *   that address, whatever its port). The address printed, `/?token=…`, is answered with
 *   a redirect to the page under this server's private asset prefix, `/s/<32 hex>/`,
 *   the token still in the query; the page reads it once, keeps it in memory (and in
 *   the tab's sessionStorage for a reload) and removes it from the address bar. The page
 *   loads its scripts, styles, module chunks and engine worker by relative URLs, so
 *   under the prefix: only requests under the prefix get the renderer's files, and the
 *   prefix opens nothing else — it only names public build output.
 * - Every API call, upload and download needs the `X-Tierscape-Token` header. Any other
 *   request gets 403.
 * - The Host header must name this server (defeats DNS rebinding).
 * - API calls must be `POST /api/invoke` with a JSON body `{ channel, payload }`, answered
 *   with the dispatcher's `IpcResult`, exactly as Electron's IPC answers — JSON, except a
 *   dataset's columns (`dataset:columns`), which go as a binary frame
 *   (shared/ipc/columns.ts): a wide list is longer than any JavaScript string.
 * - Uploads are written 0600 into a private folder (./staging.ts).
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { encodeColumnsFrame, type DatasetColumns } from '../../shared/ipc/columns';
import { API_PATH, BINARY_CONTENT_TYPE, DOWNLOAD_PATH, FILE_NAME_HEADER, TOKEN_HEADER, UPLOAD_PATH } from '../../shared/ipc/http';
import { SECURITY_HEADERS } from '../services/csp';
import { MAX_IMPORT_BYTES } from '../services/import/read';
import type { Dispatcher } from '../services/ipc/dispatch';
import { contentTypeFor, resolveStaticFile } from '../services/static-files';
import { createStaging, type Staging } from './staging';

/** Node hands header names over in lower case. */
const TOKEN_HEADER_LOWER = TOKEN_HEADER.toLowerCase();

/** Exported workbooks waiting for the page (ExportService): each handed over once. */
export interface DownloadSource {
  takeDownload(id: string): { file: string; fileName: string } | null;
  finishDownload(download: { file: string; fileName: string }): void;
}
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** `/s/<asset key>/<path in the renderer folder>` (the URL parser has already resolved dot segments) */
const ASSET_PATH = /^\/s\/([^/]*)(\/.*)$/;

export interface WebServerOptions {
  rendererDir: string;
  dispatch: Dispatcher;
  /** defaults to 32 random bytes, hex */
  token?: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** folder for uploaded files; by default a private folder of the server's own, removed on close */
  uploadsDir?: string;
  /** exported workbooks the page may download */
  downloads?: DownloadSource;
}

export interface WebServer {
  /** the address to open: `/?token=…` */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes byte strings one after the other, waiting whenever the socket is full; stops if the page goes away. */
async function sendParts(res: ServerResponse, parts: readonly Uint8Array[], contentType: string): Promise<void> {
  const length = parts.reduce((sum, part) => sum + part.byteLength, 0);
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': String(length), 'Cache-Control': 'no-store' });
  for (const part of parts) {
    if (res.destroyed) return;
    if (!res.write(part)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          res.off('drain', go);
          res.off('close', go);
          resolve();
        };
        res.on('drain', go);
        res.on('close', go);
      });
    }
  }
  res.end();
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  /** the page and its assets are served under `/s/<assetKey>/`, learned only from the tokened address */
  const assetKey = randomBytes(16).toString('hex');
  const staging: Staging | null = options.uploadsDir === undefined ? createStaging() : null;
  const uploadsDir = options.uploadsDir ?? staging!.uploads;
  mkdirSync(uploadsDir, { recursive: true, mode: 0o700 });
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, `Internal error: ${(error as Error)?.message ?? String(error)}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, 'Forbidden: unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname === API_PATH) {
      if (!sameToken(req.headers[TOKEN_HEADER_LOWER] as string | undefined, token)) {
        return send(res, 403, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Missing or wrong token.' } }), 'application/json');
      }
      if (req.method !== 'POST') return send(res, 405, 'Use POST.', 'text/plain; charset=utf-8', { Allow: 'POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send application/json.');
      let envelope: unknown;
      try {
        envelope = JSON.parse(await readBody(req));
      } catch (error) {
        const tooLarge = error instanceof RangeError;
        return send(
          res,
          tooLarge ? 413 : 400,
          JSON.stringify({
            ok: false,
            error: { code: 'invalid_request', message: tooLarge ? 'The request is too large.' : 'The request body is not valid JSON.' },
          }),
          'application/json',
        );
      }
      const { channel, payload } = (envelope ?? {}) as { channel?: unknown; payload?: unknown };
      const result = await options.dispatch(channel, payload);
      if (result.ok && channel === 'dataset:columns') return sendParts(res, encodeColumnsFrame(result.value as DatasetColumns), BINARY_CONTENT_TYPE);
      return send(res, 200, JSON.stringify(result), 'application/json');
    }

    if (url.pathname === UPLOAD_PATH) {
      if (!sameToken(req.headers[TOKEN_HEADER_LOWER] as string | undefined, token)) {
        return send(res, 403, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Missing or wrong token.' } }), 'application/json');
      }
      if (req.method !== 'POST') return send(res, 405, 'Use POST.', 'text/plain; charset=utf-8', { Allow: 'POST' });
      return receiveUpload(req, res);
    }

    if (url.pathname === DOWNLOAD_PATH) {
      if (!sameToken(req.headers[TOKEN_HEADER_LOWER] as string | undefined, token)) return send(res, 403, 'Missing or wrong token.');
      if (req.method !== 'GET') return send(res, 405, 'Use GET.', 'text/plain; charset=utf-8', { Allow: 'GET' });
      const download = options.downloads?.takeDownload(url.searchParams.get('id') ?? '') ?? null;
      if (!download) return send(res, 404, 'No such download (each export is downloaded once).');
      return sendDownload(res, download);
    }

    const underPrefix = ASSET_PATH.exec(url.pathname);
    if (underPrefix && sameToken(underPrefix[1], assetKey)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
      return sendStatic(req, res, underPrefix[2]!);
    }
    if (url.pathname === '/' && sameToken(url.searchParams.get('token'), token)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
      // the page, under the prefix its relative URLs then load everything from
      return send(res, 303, 'See the page.', 'text/plain; charset=utf-8', { Location: `/s/${assetKey}/?token=${token}` });
    }
    return send(res, 403, 'Forbidden: open the address printed by `npm run web`, including its token.');
  }

  function sendStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const resolved = resolveStaticFile(options.rendererDir, pathname);
    if (!resolved.ok) return send(res, resolved.error, resolved.error === 400 ? 'Bad request.' : 'Not found.');
    const file = resolved.value;
    let stat;
    try {
      stat = statSync(file);
    } catch {
      stat = undefined;
    }
    if (!stat?.isFile()) return send(res, 404, 'Not found.');
    const ext = path.extname(file).toLowerCase();
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(file),
      'Content-Length': String(stat.size),
      'Cache-Control': ext === '.html' ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  function sendDownload(res: ServerResponse, download: { file: string; fileName: string }): void {
    const size = statSync(download.file).size;
    const ascii = download.fileName.replace(/[^\x20-\x7E]|["\\]/g, '_');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
      'Cache-Control': 'no-store',
    });
    const stream = createReadStream(download.file);
    stream.pipe(res);
    res.on('close', () => {
      stream.destroy();
      options.downloads?.finishDownload(download);
    });
  }

  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let fileName: string;
    try {
      fileName = decodeURIComponent(String(req.headers[FILE_NAME_HEADER] ?? ''));
    } catch {
      fileName = '';
    }
    // only a base name, without control characters or separators
    fileName =
      path
        .basename(fileName.replace(/[\\/]/g, '_'))
        .split('')
        .filter((ch) => ch.charCodeAt(0) >= 32)
        .join('')
        .slice(0, 200) || 'upload';
    const fail = (status: number, code: string, message: string) =>
      send(res, status, JSON.stringify({ ok: false, error: { code, message } }), 'application/json');
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > MAX_IMPORT_BYTES) {
      req.resume();
      return fail(413, 'bad_file', `"${fileName}" is ${(declared / 1024 / 1024).toFixed(0)} MB; Tierscape imports files of up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
    }
    const dir = path.join(uploadsDir, randomUUID());
    mkdirSync(dir, { mode: 0o700 });
    const target = path.join(dir, fileName);
    let size = 0;
    try {
      await pipeline(
        req,
        async function* limit(source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > MAX_IMPORT_BYTES) throw new RangeError('too large');
            yield chunk;
          }
        },
        createWriteStream(target, { flags: 'wx', mode: 0o600 }),
      );
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      if (error instanceof RangeError) {
        return fail(413, 'bad_file', `"${fileName}" is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Tierscape imports.`);
      }
      return fail(400, 'io', `The upload of "${fileName}" did not complete.`);
    }
    return send(res, 200, JSON.stringify({ ok: true, value: { path: target, fileName, size } }), 'application/json');
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    staging?.remove();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          staging?.remove();
          resolve();
        });
      })),
  };
}
