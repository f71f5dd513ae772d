import type { Migration } from './types';

/**
 * The first workspace schema: metadata, datasets with their metric definitions,
 * partners, and scenarios.
 *
 * Partners' identity fields are rows; each metric's values for a whole dataset are one
 * little-endian Float64 BLOB (NaN = no data), so a 1M-partner dataset loads as typed
 * arrays without a row per partner per metric.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE workspace_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE dataset (
        id            INTEGER PRIMARY KEY,
        label         TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 200),
        as_of         TEXT,
        source_file   TEXT,
        mapping_json  TEXT NOT NULL DEFAULT '{}',
        imported_at   TEXT NOT NULL,
        partner_count INTEGER NOT NULL CHECK (partner_count >= 0)
      ) STRICT;

      CREATE TABLE metric (
        dataset_id  INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        position    INTEGER NOT NULL,
        label       TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('currency','count','percent','rating','boolean','date','number')),
        unit        TEXT,
        values_f64  BLOB NOT NULL,
        PRIMARY KEY (dataset_id, key),
        UNIQUE (dataset_id, position)
      ) STRICT;

      CREATE TABLE partner (
        dataset_id   INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        row_index    INTEGER NOT NULL CHECK (row_index >= 0),
        partner_id   TEXT NOT NULL,
        name         TEXT NOT NULL,
        motion       TEXT NOT NULL,
        current_tier TEXT,
        region       TEXT,
        segment      TEXT,
        owner        TEXT,
        PRIMARY KEY (dataset_id, row_index),
        UNIQUE (dataset_id, partner_id)
      ) STRICT;

      CREATE TABLE scenario (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        dataset_id  INTEGER REFERENCES dataset(id) ON DELETE SET NULL,
        is_baseline INTEGER NOT NULL DEFAULT 0 CHECK (is_baseline IN (0, 1)),
        body_json   TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
    `);
  },
};
