import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../../electron/services/workspace/migrations';
import { APPLICATION_ID, migrate, schemaVersion } from '../../../electron/services/workspace/migrate';
import { openSqlite, type SqliteDatabase } from '../../../electron/services/workspace/native';
import { DatasetRepo } from '../../../electron/services/workspace/dataset.repo';
import { decodeMetricValues } from '../../../electron/services/workspace/metric-values';
import { PACKED_FIELDS } from '../../../electron/services/workspace/migrations/0005_partner_text';
import { packTexts } from '../../../shared/model/packed-text';
import { useTempDir } from '../../helpers/tmp';

/** A column of 64-bit floats, as every schema before 7 stored metric values (and 7 stores a column of fractions). */
const encodeColumn = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);
const decodeColumn = (blob: Buffer) => decodeMetricValues(blob, 8, blob.byteLength / 8)!;

/**
 * One case per migration (DESIGN D14.3): bring a file to the version before it, put real
 * rows in it, apply the migration, and check the rows and the new schema.
 */
interface MigrationCase {
  version: number;
  seed(db: SqliteDatabase): void;
  verify(db: SqliteDatabase): void;
}

const cases: MigrationCase[] = [
  {
    version: 1,
    // version 0 is an empty file: there are no rows before the first migration
    seed: () => undefined,
    verify(db) {
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      const now = '2026-11-22T10:00:00.000Z';
      db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('created_at', ?)").run(now);
      const { lastInsertRowid } = db
        .prepare('INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES (?, ?, ?, ?, ?, ?)')
        .run('FY2026', '2026-06-30', 'partners.csv', '{}', now, 2);
      const id = Number(lastInsertRowid);
      db.prepare('INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id, 'sourced_arr', 0, 'Sourced ARR', 'currency', 'USD', encodeColumn(new Float64Array([250_000, Number.NaN])),
      );
      const partner = db.prepare(
        'INSERT INTO partner (dataset_id, row_index, partner_id, name, motion, current_tier, region, segment, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      partner.run(id, 0, 'P1', 'Acme', 'reseller', 'Gold', 'EMEA', 'SMB', 'Ann');
      partner.run(id, 1, 'P2', 'Beta', 'services', null, null, null, null);
      db.prepare('INSERT INTO scenario (name, dataset_id, is_baseline, body_json, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)').run(
        'As is', id, '{}', now, now,
      );

      const blob = db.prepare('SELECT values_f64 FROM metric WHERE dataset_id = ?').get(id) as { values_f64: Buffer };
      const values = decodeColumn(blob.values_f64);
      expect(values[0]).toBe(250_000);
      expect(Number.isNaN(values[1])).toBe(true);
      // constraints hold: unknown kinds, duplicate partner ids and orphan rows are refused
      expect(() =>
        db.prepare("INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (?, 'x', 1, 'X', 'money', NULL, x'')").run(id),
      ).toThrow(/CHECK/);
      expect(() => partner.run(id, 2, 'P1', 'Dup', 'reseller', null, null, null, null)).toThrow(/UNIQUE/);
      expect(() => partner.run(999, 0, 'P9', 'Orphan', 'reseller', null, null, null, null)).toThrow(/FOREIGN KEY/);
      // deleting a dataset removes its partners and metrics, and unlinks scenarios
      db.prepare('DELETE FROM dataset WHERE id = ?').run(id);
      expect(db.prepare('SELECT count(*) AS n FROM partner').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM metric').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT dataset_id FROM scenario').get()).toEqual({ dataset_id: null });
    },
  },
  {
    version: 2,
    seed(db) {
      const insert = db.prepare(
        'INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES (?, ?, ?, ?, ?, 0)',
      );
      const mapping = {
        columns: [{ index: 0, header: 'Partner Name', target: { type: 'field', field: 'name' } }],
        dateOrder: 'auto',
        decimal: 'auto',
      };
      const recorded = (headers: string[]) => JSON.stringify({ shape: 'shape-a', headers, mapping });
      insert.run('FY2024', '2024-06-30', 'crm.csv', recorded(['Partner Name']), '2024-07-01T00:00:00.000Z');
      insert.run('FY2025', '2025-06-30', 'crm.csv', recorded(['Partner Name']), '2025-07-01T00:00:00.000Z');
      insert.run('Sample', null, null, JSON.stringify({ generator: { seed: 1, count: 10 } }), '2025-01-01T00:00:00.000Z');
      insert.run('Broken', null, null, 'not json at all', '2025-01-02T00:00:00.000Z');
    },
    verify(db) {
      const rows = db.prepare('SELECT shape, headers_json, mapping_json, used_count, updated_at FROM import_mapping').all() as {
        shape: string;
        headers_json: string;
        mapping_json: string;
        used_count: number;
        updated_at: string;
      }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ shape: 'shape-a', used_count: 2, updated_at: '2025-07-01T00:00:00.000Z' });
      expect(JSON.parse(rows[0]!.headers_json)).toEqual(['Partner Name']);
      expect(JSON.parse(rows[0]!.mapping_json).columns[0].target).toEqual({ type: 'field', field: 'name' });
      // the datasets themselves are untouched
      expect(db.prepare('SELECT count(*) AS n FROM dataset').get()).toEqual({ n: 4 });
    },
  },
  {
    version: 3,
    seed(db) {
      const now = '2026-01-01T00:00:00.000Z';
      const insert = db.prepare(
        "INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES (?, NULL, NULL, '{}', ?, 1)",
      );
      const partner = db.prepare(
        "INSERT INTO partner (dataset_id, row_index, partner_id, name, motion) VALUES (?, 0, 'P1', 'Acme', 'reseller')",
      );
      for (const label of ['FY2024', 'FY2025', 'FY2026']) {
        const id = Number(insert.run(label, now).lastInsertRowid);
        partner.run(id);
        db.prepare("INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (?, 'arr', 0, 'ARR', 'currency', 'USD', ?)").run(
          id,
          encodeColumn(new Float64Array([id * 100])),
        );
      }
      db.prepare("INSERT INTO scenario (name, dataset_id, is_baseline, body_json, created_at, updated_at) VALUES ('As is', 3, 1, '{}', ?, ?)").run(now, now);
    },
    verify(db) {
      // the highest id given so far is remembered
      expect(db.prepare('SELECT name, last_id FROM id_sequence').all()).toEqual([{ name: 'dataset', last_id: 3 }]);
      // the rows are untouched
      expect(db.prepare('SELECT id, label FROM dataset ORDER BY id').all()).toEqual([
        { id: 1, label: 'FY2024' },
        { id: 2, label: 'FY2025' },
        { id: 3, label: 'FY2026' },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM partner').get()).toEqual({ n: 3 });
      expect(db.prepare('SELECT dataset_id FROM scenario').get()).toEqual({ dataset_id: 3 });
      // so the list imported after the newest one is deleted does not take its id (the repository writes the latest schema)
      migrate(db);
      const store = { db, write: <T,>(fn: () => T): T => db.transaction(fn).immediate() };
      const datasets = new DatasetRepo(store);
      datasets.delete(3);
      expect(db.prepare('SELECT dataset_id FROM scenario').get()).toEqual({ dataset_id: null });
      const id = datasets.insert({
        label: 'FY2026 again',
        asOf: null,
        sourceFile: null,
        mapping: {},
        importedAt: '2026-02-01T00:00:00.000Z',
        metrics: [{ key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' }],
        partners: [{ id: 'P1', name: 'Acme', motion: 'reseller', currentTier: null, region: null, segment: null, owner: null }],
        values: [new Float64Array([1])],
      });
      expect(id).toBe(4);
      expect(db.prepare('SELECT last_id FROM id_sequence WHERE name = ?').get('dataset')).toEqual({ last_id: 4 });
    },
  },
  {
    version: 4,
    seed(db) {
      const id = Number(
        db.prepare("INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES ('FY2026', NULL, NULL, '{}', '2026-01-01T00:00:00.000Z', 2)").run()
          .lastInsertRowid,
      );
      const metric = db.prepare('INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (?, ?, ?, ?, ?, ?, ?)');
      metric.run(id, 'arr', 0, 'ARR', 'currency', 'EUR', encodeColumn(new Float64Array([1_000, Number.NaN])));
      metric.run(id, 'csat', 1, 'CSAT', 'rating', null, encodeColumn(new Float64Array([4.5, 3])));
    },
    verify(db) {
      // the rows are copied as they were, in order
      const rows = db.prepare('SELECT dataset_id, key, position, label, kind, unit, values_f64 FROM metric ORDER BY position').all() as {
        key: string;
        kind: string;
        unit: string | null;
        values_f64: Buffer;
      }[];
      expect(rows.map((r) => [r.key, r.kind, r.unit])).toEqual([
        ['arr', 'currency', 'EUR'],
        ['csat', 'rating', null],
      ]);
      expect(Array.from(decodeColumn(rows[0]!.values_f64))).toEqual([1_000, Number.NaN]);
      const store = { db, write: <T,>(fn: () => T): T => db.transaction(fn).immediate() };
      const datasets = new DatasetRepo(store);
      expect(datasets.metricDefs(1).map((m) => m.kind)).toEqual(['currency', 'rating']);
      // SQLite no longer lists the kinds; a kind this version does not know is refused on read, by name
      db.prepare("INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (1, 'x', 2, 'Wallet share', 'money', NULL, x'')").run();
      expect(() => datasets.metricDefs(1)).toThrow(/"Wallet share" .* kind this version of Tierscape does not know \("money"\)/);
      // the other constraints still hold
      expect(() => db.prepare("INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (1, 'y', 2, 'Y', 'count', NULL, x'')").run()).toThrow(
        /UNIQUE/,
      );
      expect(() => db.prepare("INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (99, 'z', 0, 'Z', 'count', NULL, x'')").run()).toThrow(
        /FOREIGN KEY/,
      );
      expect((db.pragma('table_list') as { name: string; strict: number }[]).some((t) => t.name === 'metric' && t.strict === 1)).toBe(true);
      // deleting the list removes its metrics
      db.prepare('DELETE FROM dataset WHERE id = 1').run();
      expect(db.prepare('SELECT count(*) AS n FROM metric').get()).toEqual({ n: 0 });
    },
  },
  {
    version: 5,
    seed(db) {
      const dataset = db.prepare("INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES (?, NULL, NULL, '{}', '2026-01-01T00:00:00.000Z', ?)");
      const partner = db.prepare('INSERT INTO partner (dataset_id, row_index, partner_id, name, motion, current_tier, region, segment, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const a = Number(dataset.run('FY2025', 3).lastInsertRowid);
      partner.run(a, 0, 'P1', 'Acme GmbH', 'reseller', 'Gold', 'DACH', null, 'Jürgen');
      partner.run(a, 1, 'P2', 'Ωmega 😀 Ltd', 'services', null, null, 'SMB', null);
      partner.run(a, 2, 'P3', '', 'reseller', '', 'EMEA', '', '');
      const b = Number(dataset.run('FY2026', 1).lastInsertRowid);
      partner.run(b, 0, 'X9', 'Zeta', 'technology', 'Silver', null, null, null);
    },
    verify(db) {
      // each list's identity fields, packed from its rows, read back as the rows read
      expect(db.prepare('SELECT count(*) AS n FROM partner_text').get()).toEqual({ n: 14 });
      // the repository reads the latest schema (the app upgrades a file before it reads it)
      migrate(db);
      const store = { db, write: <T,>(fn: () => T): T => db.transaction(fn).immediate() };
      const datasets = new DatasetRepo(store);
      expect(datasets.columnar(1).identity).toEqual({
        id: ['P1', 'P2', 'P3'],
        name: ['Acme GmbH', 'Ωmega 😀 Ltd', ''],
        motion: ['reseller', 'services', 'reseller'],
        currentTier: ['Gold', null, ''],
        region: ['DACH', null, 'EMEA'],
        segment: [null, 'SMB', ''],
        owner: ['Jürgen', null, ''],
      });
      expect(datasets.columnar(2).identity.name).toEqual(['Zeta']);
      // a list of another length, or one that does not read, is refused by name
      db.prepare("UPDATE partner_text SET texts = x'0100' WHERE dataset_id = 2 AND field = 'owner'").run();
      expect(() => datasets.columnar(2)).toThrow(/"FY2026" .* damaged: it lists 1 partner but its owner list holds none/);
      // one entry, but a text of 99 code units it does not have
      db.prepare("UPDATE partner_text SET texts = x'0100000063000000010000000078' WHERE dataset_id = 2 AND field = 'owner'").run();
      expect(() => datasets.columnar(2)).toThrow(/"FY2026" .* damaged: its list of partner owner fields does not read \(a packed list's text is 1 code units long, not 99\)/);
      db.prepare("DELETE FROM partner_text WHERE dataset_id = 2 AND field = 'name'").run();
      expect(() => datasets.columnar(2)).toThrow(/"FY2026" .* damaged: its list of partner name fields is missing/);
      // deleting a list removes its packed fields
      db.prepare('DELETE FROM dataset WHERE id = 1').run();
      expect(db.prepare('SELECT count(*) AS n FROM partner_text WHERE dataset_id = 1').get()).toEqual({ n: 0 });
    },
  },
  {
    version: 6,
    seed(db) {
      const dataset = db.prepare("INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES (?, NULL, NULL, '{}', '2026-01-01T00:00:00.000Z', ?)");
      const partner = db.prepare('INSERT INTO partner (dataset_id, row_index, partner_id, name, motion, current_tier, region, segment, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const lists = db.prepare('INSERT INTO partner_text (dataset_id, field, texts) VALUES (?, ?, ?)');
      const rows: [string, string, string, string | null, string | null, string | null, string | null][] = [
        ['P1', 'Acme GmbH', 'reseller', 'Gold', 'DACH', null, 'Jürgen'],
        ['P2', 'Ωmega 😀 Ltd', 'services', null, null, 'SMB', null],
      ];
      // FY2025: rows and their lists, as schema 5 writes them
      const a = Number(dataset.run('FY2025', 2).lastInsertRowid);
      rows.forEach((r, i) => partner.run(a, i, ...r));
      PACKED_FIELDS.forEach(([, field], f) => lists.run(a, field, Buffer.from(packTexts(rows.map((r) => r[f]!)))));
      // FY2026: its name list missing and its owner list of another length (changed outside Tierscape)
      const b = Number(dataset.run('FY2026', 2).lastInsertRowid);
      rows.forEach((r, i) => partner.run(b, i, `${r[0]}b`, ...r.slice(1)));
      PACKED_FIELDS.forEach(([, field], f) => {
        if (field === 'name') return;
        lists.run(b, field, Buffer.from(packTexts(field === 'owner' ? ['x'] : rows.map((r) => (f === 0 ? `${r[0]}b` : r[f]!)))));
      });
    },
    verify(db) {
      // the rows are gone; every list reads as the rows did, those missing or miscounted written again from the rows
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'partner'").get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM partner_text').get()).toEqual({ n: 14 });
      // the repository reads the latest schema (the app upgrades a file before it reads it)
      migrate(db);
      const store = { db, write: <T,>(fn: () => T): T => db.transaction(fn).immediate() };
      const datasets = new DatasetRepo(store);
      const identity = {
        id: ['P1', 'P2'],
        name: ['Acme GmbH', 'Ωmega 😀 Ltd'],
        motion: ['reseller', 'services'],
        currentTier: ['Gold', null],
        region: ['DACH', null],
        segment: [null, 'SMB'],
        owner: ['Jürgen', null],
      };
      expect(datasets.columnar(1).identity).toEqual(identity);
      expect(datasets.columnar(2).identity).toEqual({ ...identity, id: ['P1b', 'P2b'] });
      expect(datasets.get(2).motions).toEqual([
        { motion: 'reseller', count: 1 },
        { motion: 'services', count: 1 },
      ]);
      expect(datasets.page(2, 1, 5).rows).toEqual([{ id: 'P2b', name: 'Ωmega 😀 Ltd', motion: 'services', currentTier: null, region: null, segment: 'SMB', owner: null, values: [] }]);
      expect(datasets.todayTiers(1)).toMatchObject([{ label: 'Gold', count: 1, motions: [{ motion: 'reseller', count: 1 }] }]);
    },
  },
  {
    version: 7,
    seed(db) {
      const id = Number(
        db.prepare("INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES ('FY2026', NULL, NULL, '{}', '2026-01-01T00:00:00.000Z', 3)").run()
          .lastInsertRowid,
      );
      const lists = db.prepare('INSERT INTO partner_text (dataset_id, field, texts) VALUES (?, ?, ?)');
      PACKED_FIELDS.forEach(([, field]) => lists.run(id, field, Buffer.from(packTexts(field === 'id' ? ['P1', 'P2', 'P3'] : ['a', 'b', 'c']))));
      const metric = db.prepare('INSERT INTO metric (dataset_id, key, position, label, kind, unit, values_f64) VALUES (?, ?, ?, ?, ?, ?, ?)');
      metric.run(id, 'sellers', 0, 'Sellers', 'count', null, encodeColumn(new Float64Array([3, Number.NaN, 0])));
      metric.run(id, 'csat', 1, 'CSAT', 'rating', null, encodeColumn(new Float64Array([4.5, -0, 1e300])));
    },
    verify(db) {
      // the values are not rewritten: the old columns keep their bytes, as 64-bit floats
      const stored = db.prepare('SELECT key, value_width AS width, length(value_bytes) AS size FROM metric ORDER BY position').all();
      expect(stored).toEqual([
        { key: 'sellers', width: 8, size: 24 },
        { key: 'csat', width: 8, size: 24 },
      ]);
      const store = { db, write: <T,>(fn: () => T): T => db.transaction(fn).immediate() };
      const datasets = new DatasetRepo(store);
      const [sellers, csat] = datasets.columnar(1).values;
      expect(Array.from(sellers!)).toEqual([3, Number.NaN, 0]);
      expect(Object.is(csat![1], -0)).toBe(true);
      expect(Array.from(csat!)).toEqual([4.5, -0, 1e300]);
      // a list written now keeps its whole-number columns narrow
      const next = datasets.insert({
        label: 'FY2027',
        asOf: null,
        sourceFile: null,
        mapping: {},
        importedAt: '2027-01-01T00:00:00.000Z',
        metrics: [
          { key: 'sellers', label: 'Sellers', kind: 'count', unit: null },
          { key: 'joined', label: 'Joined', kind: 'date', unit: null },
        ],
        partners: [{ id: 'P1', name: 'Acme', motion: 'reseller', currentTier: null, region: null, segment: null, owner: null }],
        values: [new Float64Array([7]), new Float64Array([20_627])],
      });
      expect(db.prepare('SELECT value_width FROM metric WHERE dataset_id = ? ORDER BY position').pluck().all(next)).toEqual([1, 2]);
      expect(datasets.columnar(next).values.map((v) => Array.from(v))).toEqual([[7], [20_627]]);
      // a width the format does not have is refused by SQLite
      expect(() => db.prepare('UPDATE metric SET value_width = 3 WHERE dataset_id = ?').run(next)).toThrow(/CHECK/);
    },
  },
];

describe('workspace migrations', () => {
  const tempDir = useTempDir();

  it('are numbered 1…n without gaps, and every one has a test case', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(cases.map((c) => c.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  for (const testCase of cases) {
    it(`migration ${testCase.version} (${MIGRATIONS[testCase.version - 1]?.name}) migrates real rows`, () => {
      const db = openSqlite(path.join(tempDir(), 'w.tierscape'));
      db.pragma('foreign_keys = ON');
      try {
        expect(migrate(db, MIGRATIONS, testCase.version - 1)).toBe(testCase.version - 1);
        testCase.seed(db);
        expect(migrate(db, MIGRATIONS, testCase.version)).toBe(testCase.version);
        testCase.verify(db);
      } finally {
        db.close();
      }
    });
  }

  it('applies all pending migrations in one transaction: a failing step leaves the file at its old version', () => {
    const db = openSqlite(path.join(tempDir(), 'w.tierscape'));
    try {
      const broken = [
        ...MIGRATIONS,
        {
          version: MIGRATIONS.length + 1,
          name: 'broken',
          up(d: SqliteDatabase) {
            d.exec('CREATE TABLE half_done (x INTEGER)');
            throw new Error('disk full');
          },
        },
      ];
      expect(() => migrate(db, broken)).toThrow('disk full');
      expect(schemaVersion(db)).toBe(0);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({ n: 0 });
      expect(db.pragma('application_id', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses to run on a file newer than it knows', () => {
    const db = openSqlite(':memory:');
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer/);
    db.close();
  });
});
