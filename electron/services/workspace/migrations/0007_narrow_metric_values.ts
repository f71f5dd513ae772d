import type { Migration } from './types';

/**
 * A metric's values may be stored narrower than 64-bit floats: `values_f64` becomes
 * `value_bytes`, and `value_width` says how many bytes each value takes (8, 4, 2 or 1; the
 * format is electron/services/workspace/metric-values.ts). The columns already in the file
 * are 64-bit floats and stay as they are (width 8): the upgrade rewrites no values. Lists
 * imported from now on store each column in the narrowest width that holds it exactly, so
 * an import of 1M partners writes about a third of the bytes (docs/PERFORMANCE.md, "Issue 23").
 */
export const migration0007: Migration = {
  version: 7,
  name: 'narrow_metric_values',
  up(db) {
    db.exec(`
      ALTER TABLE metric RENAME COLUMN values_f64 TO value_bytes;
      ALTER TABLE metric ADD COLUMN value_width INTEGER NOT NULL DEFAULT 8 CHECK (value_width IN (1, 2, 4, 8));
    `);
  },
};
