/**
 * Opens better-sqlite3 with the native build that matches the running runtime.
 *
 * Inside Electron the package's own build is used (postinstall rebuilt it for Electron).
 * Under plain Node (tests, CLI, browser mode) on a machine where that rebuild happened,
 * the Node build kept by build/scripts/postinstall.mjs is used instead.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// URI file names (`file:…?immutable=1`, see openSqliteImmutable): better-sqlite3 reads this
// when its native module loads, which is at the first open below. Workspace paths are
// always absolute, so no plain path is ever read as a URI.
if (process.env['SQLITE_USE_URI'] === undefined) process.env['SQLITE_USE_URI'] = '1';

export type SqliteDatabase = Database.Database;

let nodeBinding: string | undefined | null = null;

function keptNodeBinding(): string | undefined {
  if (nodeBinding !== null) return nodeBinding;
  nodeBinding = undefined;
  if (process.versions['electron']) return nodeBinding;
  const fromEnv = process.env['TIERSCAPE_SQLITE_BINDING'];
  if (fromEnv && existsSync(fromEnv)) return (nodeBinding = fromEnv);
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
    const kept = path.join(pkgDir, '..', '.tierscape-native', 'node', 'better_sqlite3.node');
    if (existsSync(kept)) nodeBinding = kept;
  } catch {
    // better-sqlite3 not resolvable from here: the default lookup will report it
  }
  return nodeBinding;
}

export function openSqlite(file: string, options: Database.Options = {}): SqliteDatabase {
  const binding = keptNodeBinding();
  return new Database(file, binding ? { ...options, nativeBinding: binding } : options);
}

/**
 * Opens `file` read-only as an immutable file: SQLite takes no locks and creates no -wal or
 * -shm file beside it, so a look at a closed workspace leaves its folder exactly as it was
 * and works in a read-only folder. Only for a file no connection has open (no -wal beside
 * it: everything committed is in the file itself). Null when URI file names are off in
 * this process (SQLITE_USE_URI=0); the caller then opens it the ordinary way.
 */
export function openSqliteImmutable(file: string): SqliteDatabase | null {
  try {
    return openSqlite(`${pathToFileURL(path.resolve(file)).href}?immutable=1`, { readonly: true, fileMustExist: true });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_CANTOPEN' && existsSync(file)) return null;
    throw error;
  }
}
