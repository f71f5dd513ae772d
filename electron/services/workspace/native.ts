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
