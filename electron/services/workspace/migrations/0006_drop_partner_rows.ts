import { packedCount, packTexts } from '../../../../shared/model/packed-text';
import { PACKED_FIELDS } from './0005_partner_text';
import type { Migration } from './types';

/**
 * The partner rows go: since schema 5 every dataset keeps its identity fields as packed
 * lists (`partner_text`), and nothing read the rows any more but a few checks and the motion
 * counts of a file not yet upgraded. Writing them was a third of a CSV import's time (100K
 * partners: about 0.3 s of 1.3 s, docs/PERFORMANCE.md "Issue 23"), for a second copy of every
 * partner's id, name, motion, tier, region, segment and manager.
 *
 * A dataset's list that is missing or holds another count of partners than the dataset says
 * (a file changed outside Tierscape) is first written again from its rows, as migration 5
 * wrote them, so the upgrade loses nothing the rows held. The pages the rows took are kept
 * by SQLite for what is written next (the file does not shrink).
 */
export const migration0006: Migration = {
  version: 6,
  name: 'drop_partner_rows',
  up(db) {
    const datasets = db.prepare('SELECT id, partner_count FROM dataset ORDER BY id').all() as { id: number; partner_count: number }[];
    const stored = db.prepare('SELECT texts FROM partner_text WHERE dataset_id = ? AND field = ?').pluck();
    const write = db.prepare('INSERT OR REPLACE INTO partner_text (dataset_id, field, texts) VALUES (?, ?, ?)');
    for (const { id, partner_count: count } of datasets) {
      for (const [column, field] of PACKED_FIELDS) {
        const texts = stored.get(id, field) as Buffer | undefined;
        if (texts && packedCount(texts) === count) continue;
        const list = db.prepare(`SELECT ${column} FROM partner WHERE dataset_id = ? ORDER BY row_index`).pluck().all(id) as (string | null)[];
        const packed = packTexts(list);
        write.run(id, field, Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength));
      }
    }
    db.exec('DROP TABLE partner');
  },
};
