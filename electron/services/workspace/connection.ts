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

/** The durability settings applied on every open (DESIGN D2, issue 2). */
export function applyConnectionSettings(db: SqliteDatabase): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}
