import type { SqliteDatabase } from './native';

/**
 * What the repositories need from the workspace: its connection, and `write`, which runs a
 * read-then-write as one transaction that takes the write lock first (BEGIN IMMEDIATE, so
 * another program's lock is waited for up to the busy timeout instead of failing) and that
 * never commits into a file that is no longer at the workspace's path.
 */
export interface WorkspaceStore {
  readonly db: SqliteDatabase;
  write<T>(fn: () => T): T;
}
