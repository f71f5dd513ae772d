import { packTexts } from '../../../../shared/model/packed-text';
import type { Migration } from './types';

/** The identity fields kept as lists, in the order DatasetRepo reads them: table column → `partner_text.field`. */
export const PACKED_FIELDS = [
  ['partner_id', 'id'],
  ['name', 'name'],
  ['motion', 'motion'],
  ['current_tier', 'currentTier'],
  ['region', 'region'],
  ['segment', 'segment'],
  ['owner', 'owner'],
] as const;

/**
 * Each dataset's identity fields also as one list per field (`partner_text`, a BLOB in the
 * format of shared/model/packed-text.ts), beside its partner rows: opening a list of 1M
 * partners read 7 million rows from SQLite, about 6 s, where 7 BLOBs take milliseconds
 * (docs/PERFORMANCE.md, "Opening 1M partners"). The rows stay: a page of partners and the
 * tamper checks read them; DatasetRepo writes both in one transaction.
 *
 * The lists of datasets already in the file are written here, from their rows.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'partner_text',
  up(db) {
    db.exec(`
      CREATE TABLE partner_text (
        dataset_id  INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        field       TEXT NOT NULL,
        texts       BLOB NOT NULL,
        PRIMARY KEY (dataset_id, field)
      ) STRICT;
    `);
    const insert = db.prepare('INSERT INTO partner_text (dataset_id, field, texts) VALUES (?, ?, ?)');
    const ids = db.prepare('SELECT id FROM dataset ORDER BY id').pluck().all() as number[];
    for (const id of ids) {
      for (const [column, field] of PACKED_FIELDS) {
        const list = db.prepare(`SELECT ${column} FROM partner WHERE dataset_id = ? ORDER BY row_index`).pluck().all(id) as (string | null)[];
        const packed = packTexts(list);
        insert.run(id, field, Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength));
      }
    }
  },
};
