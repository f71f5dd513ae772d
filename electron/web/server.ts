/**
 * Browser mode's server: the built renderer and the same handler table as Electron,
 * on 127.0.0.1 only, a random port, and a random token.
 *
 * - Every request needs the token: `?token=` on the first page load (which sets a
 *   SameSite=Strict, HttpOnly cookie for the page's assets), and the
 *   `X-Tierscape-Token` header on every API call. Anything else gets 403.
 * - The Host header must name this server (defeats DNS rebinding).
 * - API calls must be `POST /api/invoke` with a JSON body `{ channel, payload }`, answered
 *   with the dispatcher's `IpcResult`, exactly as Electron's IPC answers.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { API_PATH, DOWNLOAD_PATH, FILE_NAME_HEADER, TOKEN_HEADER, UPLOAD_PATH } from '../../shared/ipc/http';
import { SECURITY_HEADERS } from '../services/csp';
import { MAX_IMPORT_BYTES } from '../services/import/read';
import type { Dispatcher } from '../services/ipc/dispatch';
import { contentTypeFor, resolveStaticFile } from '../services/static-files';

export const TOKEN_COOKIE = 'tierscape_token';
export { API_PATH, DOWNLOAD_PATH, FILE_NAME_HEADER, TOKEN_HEADER, UPLOAD_PATH };
/** Node hands header names over in lower case. */
const TOKEN_HEADER_LOWER = TOKEN_HEADER.toLowerCase();
/** Where uploads are kept until their import is committed or discarded. */
export const DEFAULT_UPLOADS_DIR = path.join(os.tmpdir(), 'tierscape-uploads');
/** Where exported workbooks wait until the page downloads them. */
export const DEFAULT_DOWNLOADS_DIR = path.join(os.tmpdir(), 'tierscape-downloads');

/** Exported workbooks waiting for the page (ExportService): each handed over once. */
export interface DownloadSource {
  takeDownload(id: string): { file: string; fileName: string } | null;
  finishDownload(download: { file: string; fileName: string }): void;
}
const MAX_BODY_BYTES = 8 * 1024 * 1024;


export interface WebServerOptions {
  rendererDir: string;
  dispatch: Dispatcher;
  /** defaults to 32 random bytes, hex */
  token?: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** folder for uploaded files (default DEFAULT_UPLOADS_DIR) */
  uploadsDir?: string;
  /** exported workbooks the page may download */
  downloads?: DownloadSource;
}

export interface WebServer {
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

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
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

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
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

    const queryToken = url.searchParams.get('token');
    const authorised = sameToken(queryToken, token) || sameToken(cookieToken(req), token);
    if (!authorised) return send(res, 403, 'Forbidden: open the address printed by `npm run web`, including its token.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });

    const resolved = resolveStaticFile(options.rendererDir, url.pathname);
    if (!resolved.ok) return send(res, resolved.status, resolved.status === 400 ? 'Bad request.' : 'Not found.');
    const { file } = resolved;
    let stat;
    try {
      stat = statSync(file);
    } catch {
      stat = undefined;
    }
    if (!stat?.isFile()) return send(res, 404, 'Not found.');
    const ext = path.extname(file).toLowerCase();
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(file),
      'Content-Length': String(stat.size),
      'Cache-Control': ext === '.html' ? 'no-store' : 'private, max-age=3600',
    };
    if (sameToken(queryToken, token)) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    res.writeHead(200, headers);
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
    const dir = path.join(options.uploadsDir ?? DEFAULT_UPLOADS_DIR, randomUUID());
    mkdirSync(dir, { recursive: true });
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
        createWriteStream(target),
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
