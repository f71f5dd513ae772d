import type { Migration } from './types';

/**
 * Dataset ids are never given twice (issue 18): SQLite gives a new row max(id) + 1, so a
 * list imported after the newest one was deleted took the deleted one's id, and another
 * process still showing the deleted list served its values for the new list's partners.
 * New ids now come from this sequence (DatasetRepo.nextId), which only grows.
 *
 * A sequence table rather than AUTOINCREMENT: SQLite cannot add AUTOINCREMENT to a table,
 * and rebuilding `dataset` needs foreign keys off (its partners and metrics cascade from
 * it, scenarios point at it), which cannot change inside the migration's transaction.
 * Ids given and deleted before this version cannot be known; the highest one still in
 * the file is where the sequence starts.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'id_sequence',
  up(db) {
    db.exec(`
      CREATE TABLE id_sequence (
        name    TEXT PRIMARY KEY,
        last_id INTEGER NOT NULL CHECK (last_id >= 0)
      ) STRICT;

      INSERT INTO id_sequence (name, last_id) SELECT 'dataset', coalesce(max(id), 0) FROM dataset;
    `);
  },
};
