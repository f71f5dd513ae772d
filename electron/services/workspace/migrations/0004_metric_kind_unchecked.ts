import type { Migration } from './types';

/**
 * A metric's kind is no longer checked by SQLite: the `CHECK (kind IN (…))` of version 1
 * listed the kinds, so every new kind needed a migration. What a kind may be is said once,
 * in `METRIC_KINDS` (shared/model/workspace.ts): imports write only kinds that passed it,
 * and DatasetRepo reads each stored kind through `MetricKindSchema`, refusing a list with a
 * kind this version does not know by name (docs/ADDING.md, "A metric kind").
 *
 * SQLite cannot drop a constraint in place, so the table is rebuilt: nothing references
 * `metric`, and it references only `dataset`, so it can be copied, dropped and renamed
 * inside the migration's transaction with foreign keys on.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'metric_kind_unchecked',
  up(db) {
    db.exec(`
      CREATE TABLE metric_v4 (
        dataset_id  INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        position    INTEGER NOT NULL,
        label       TEXT NOT NULL,
        kind        TEXT NOT NULL,
        unit        TEXT,
        values_f64  BLOB NOT NULL,
        PRIMARY KEY (dataset_id, key),
        UNIQUE (dataset_id, position)
      ) STRICT;

      INSERT INTO metric_v4 (dataset_id, key, position, label, kind, unit, values_f64)
        SELECT dataset_id, key, position, label, kind, unit, values_f64 FROM metric;
      DROP TABLE metric;
      ALTER TABLE metric_v4 RENAME TO metric;
    `);
  },
};
