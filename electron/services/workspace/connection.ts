/**
 * How a workspace file is connected to (DESIGN D2): the durability settings every writing
 * connection gets, and the read-only connection that creates nothing beside the file.
 */
import { existsSync } from 'node:fs';
import { openSqlite, openSqliteImmutable, type SqliteDatabase } from './native';

export const BUSY_TIMEOUT_MS = 5000;

/**
 * A read-only connection that creates nothing beside the file. While no -wal file is beside
 * it (no program has it open, so everything committed is in the file itself) it is opened
 * immutable: no locks, no -wal or -shm made, and it works in a read-only folder. Otherwise
 * an ordinary read-only connection reads the WAL through the journal files already there.
 */
export function openForReading(file: string): { db: SqliteDatabase; immutable: boolean } {
  if (!existsSync(`${file}-wal`)) {
    const db = openSqliteImmutable(file);
    if (db) return { db, immutable: true };
  }
  return { db: openSqlite(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS }), immutable: false };
}

/**
 * The page size of a new workspace: SQLite's largest. A workspace is mostly large BLOBs (a
 * metric column of 100K partners is 800 KB), written as chains of overflow pages: at 64 KB a
 * page, committing a 100K-row import took about 50 ms where 4 KB pages (SQLite's default)
 * took about 130 ms (docs/PERFORMANCE.md). An empty workspace is 1.3 MB instead of 80 KB.
 * A file made with another page size keeps it.
 */
export const WORKSPACE_PAGE_SIZE = 65536;

/** The durability settings applied on every open (DESIGN D2, issue 2). */
export function applyConnectionSettings(db: SqliteDatabase): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}
