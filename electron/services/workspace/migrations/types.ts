import type { SqliteDatabase } from '../native';

/** One schema step. `up` runs inside the migration transaction; it must not commit. */
export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; migrations are numbered 1, 2, 3 … */
  readonly version: number;
  readonly name: string;
  up(db: SqliteDatabase): void;
}
