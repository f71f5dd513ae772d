import type { Migration } from './types';

/**
 * Remembered column mappings (DESIGN D9.2: a confirmed mapping is applied again to the
 * next file of the same shape): keyed by the file's normalised header row, so next year's export of
 * the same CRM report maps itself.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'import_mapping',
  up(db) {
    db.exec(`
      CREATE TABLE import_mapping (
        shape        TEXT PRIMARY KEY,
        headers_json TEXT NOT NULL,
        mapping_json TEXT NOT NULL,
        used_count   INTEGER NOT NULL DEFAULT 1 CHECK (used_count >= 1),
        updated_at   TEXT NOT NULL
      ) STRICT;

      -- datasets imported before this version recorded their mapping on the dataset;
      -- seed the memory from them so the next import of the same shape reuses it
      INSERT INTO import_mapping (shape, headers_json, mapping_json, used_count, updated_at)
      SELECT json_extract(mapping_json, '$.shape'),
             json_extract(mapping_json, '$.headers'),
             json_extract(mapping_json, '$.mapping'),
             count(*),
             max(imported_at)
      FROM dataset
      WHERE json_valid(mapping_json)
        AND json_type(mapping_json, '$.shape') = 'text'
        AND json_type(mapping_json, '$.headers') = 'array'
        AND json_type(mapping_json, '$.mapping') = 'object'
      GROUP BY json_extract(mapping_json, '$.shape');
    `);
  },
};
