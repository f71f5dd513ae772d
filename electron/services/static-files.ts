/**
 * Serving the built renderer safely, for both the Electron `tierscape://app` protocol and
 * browser mode: the content type of a file, and the mapping of a URL path to a file that
 * is guaranteed to lie inside the renderer folder.
 */
import path from 'node:path';
import { err, ok, type Result } from '../../shared/model/result';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file to serve, or the HTTP status that refuses the request. */
export type StaticResolution = Result<string, 400 | 404>;

/**
 * Maps a URL path (still percent-encoded, as in `URL.pathname`) to a file inside `root`.
 * `/` is index.html. A path that resolves outside `root` (`..`, encoded `%2e%2e`, `%2f`,
 * `%5c`, absolute paths) is 404 — nothing tells a probing page what exists outside; a
 * malformed escape or a NUL byte is 400.
 */
export function resolveStaticFile(root: string, urlPathname: string): StaticResolution {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPathname);
  } catch {
    return err(400);
  }
  if (pathname.includes('\0')) return err(400);
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.sep}${pathname}`);
  const relative = path.relative(base, file);
  if (!relative || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return err(404);
  }
  return ok(file);
}
