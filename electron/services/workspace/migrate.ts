import type { SqliteDatabase } from './native';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';

/** `PRAGMA application_id` of every Tierscape workspace: 'TSCP'. */
export const APPLICATION_ID = 0x54534350;

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration in one transaction: either the file reaches
 * `target` or it stays at the version it had. Foreign keys are checked before commit.
 * The transaction takes the write lock first (BEGIN IMMEDIATE), so another program's
 * write is waited for (busy timeout) rather than failing halfway.
 * Returns the version the file is at afterwards.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS, target = migrations.length): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" is numbered ${m.version}, expected ${i + 1}`);
  });
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`schema version ${current} is newer than this build knows (${migrations.length})`);
  }
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  db.transaction(() => {
    if (current === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`migration left ${broken.length} broken foreign key reference(s)`);
  }).immediate();
  return schemaVersion(db);
}
