import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '../../../electron/services/workspace/schema-check';
import { WorkspaceRefusedError } from '../../../electron/services/workspace/errors';
import { APPLICATION_ID, migrate } from '../../../electron/services/workspace/migrate';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../../electron/services/workspace/migrations';
import { openSqlite } from '../../../electron/services/workspace/native';
import { inspectWorkspaceFile } from '../../../electron/services/workspace/inspect';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { fillSampleWorkspace } from '../../../electron/services/sample';
import { sha256, useTempDir } from '../../helpers/tmp';

async function refusal(file: string): Promise<WorkspaceRefusedError> {
  try {
    const ws = await Workspace.open(file);
    ws.close();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceRefusedError);
    return error as WorkspaceRefusedError;
  }
  throw new Error(`${file} was opened but should have been refused`);
}

describe('Workspace', () => {
  const tempDir = useTempDir();

  it('creates a workspace with the durability settings on every open', async () => {
    const file = path.join(tempDir(), 'new.tierscape');
    const ws = await Workspace.create(file);
    try {
      expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(ws.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(ws.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(ws.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(ws.info()).toMatchObject({ fileName: 'new.tierscape', name: 'new', schemaVersion: LATEST_SCHEMA_VERSION, datasets: [], scenarios: [] });
    } finally {
      ws.close();
    }
    const reopened = await Workspace.open(file);
    try {
      expect(reopened.db.pragma('synchronous', { simple: true })).toBe(2);
      expect(reopened.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      reopened.close();
    }
    // no temporary files are left beside it
    expect(readdirSync(path.dirname(file)).filter((f) => f.includes('creating'))).toEqual([]);
  });

  it('refuses to create over an existing file unless asked to replace it', async () => {
    const file = path.join(tempDir(), 'exists.tierscape');
    writeFileSync(file, 'keep me');
    await expect(Workspace.create(file)).rejects.toMatchObject({ code: 'file_exists' });
    expect(sha256(file)).toBe(sha256(file));
    const ws = await Workspace.create(file, { overwrite: true });
    ws.close();
    expect(inspectWorkspaceFile(file).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('stores and reads back the sample dataset', async () => {
    const file = path.join(tempDir(), 'sample.tierscape');
    const ws = await Workspace.create(file, { fill: (w) => fillSampleWorkspace(w, new Date('2026-11-22T00:00:00Z')) });
    try {
      const [dataset] = ws.info().datasets;
      expect(dataset).toBeDefined();
      expect(dataset!.partnerCount).toBeGreaterThan(100);
      expect(dataset!.motions.map((m) => m.motion).sort()).toEqual(['reseller', 'services', 'technology']);
      const loaded = ws.datasets.load(dataset!.id);
      expect(loaded.partners).toHaveLength(dataset!.partnerCount);
      expect(loaded.values.every((v) => v.length === dataset!.partnerCount)).toBe(true);
      const page = ws.datasets.page(dataset!.id, 10, 5);
      expect(page.rows.map((r) => r.id)).toEqual(loaded.partners.slice(10, 15).map((p) => p.id));
      expect(page.rows[0]!.values).toHaveLength(dataset!.metrics.length);
      // NaN travels as null, never 0
      const anyMissing = loaded.values.some((col) => col.some((v) => Number.isNaN(v)));
      expect(anyMissing).toBe(true);
      const allRows = ws.datasets.page(dataset!.id, 0, 100_000).rows;
      expect(allRows.some((r) => r.values.includes(null))).toBe(true);
    } finally {
      ws.close();
    }
  });

  describe('refuses files it cannot use, and leaves them byte-for-byte unchanged', () => {
    it('a text file renamed to .tierscape', async () => {
      const file = path.join(tempDir(), 'notes.tierscape');
      writeFileSync(file, 'Partner list\nAcme,Gold\n'.repeat(20));
      const before = sha256(file);
      const error = await refusal(file);
      expect(error.reason).toBe('not_sqlite');
      expect(error.message).toMatch(/notes\.tierscape.*not a SQLite database/);
      expect(sha256(file)).toBe(before);
    });

    it('an empty file', async () => {
      const file = path.join(tempDir(), 'empty.tierscape');
      writeFileSync(file, '');
      const error = await refusal(file);
      expect(error.reason).toBe('empty');
      expect(sha256(file)).toBe(sha256(file));
    });

    it('a SQLite database that is not a workspace', async () => {
      const file = path.join(tempDir(), 'other.tierscape');
      const db = openSqlite(file);
      db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);');
      db.close();
      const before = sha256(file);
      const error = await refusal(file);
      expect(error.reason).toBe('not_workspace');
      expect(error.message).toMatch(/SQLite database but not a Tierscape workspace/);
      expect(sha256(file)).toBe(before);
      expect(existsSync(`${file}-wal`)).toBe(false);
    });

    it('a workspace from a newer version of Tierscape', async () => {
      const file = path.join(tempDir(), 'future.tierscape');
      const ws = await Workspace.create(file);
      ws.db.pragma('journal_mode = DELETE');
      ws.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
      ws.db.close();
      const before = sha256(file);
      const error = await refusal(file);
      expect(error.reason).toBe('newer_schema');
      expect(error.message).toMatch(new RegExp(`newer version of Tierscape \\(workspace schema ${LATEST_SCHEMA_VERSION + 5}`));
      expect(sha256(file)).toBe(before);
    });

    it('a read-only workspace', async () => {
      const file = path.join(tempDir(), 'locked.tierscape');
      (await Workspace.create(file)).close();
      chmodSync(file, 0o444);
      const before = sha256(file);
      const error = await refusal(file);
      expect(error.reason).toBe('read_only');
      expect(error.message).toMatch(/read-only/);
      expect(sha256(file)).toBe(before);
      chmodSync(file, 0o644);
    });

    it('a workspace with a missing table', async () => {
      const file = path.join(tempDir(), 'tampered.tierscape');
      const ws = await Workspace.create(file);
      ws.db.pragma('journal_mode = DELETE');
      ws.db.exec('DROP TABLE scenario');
      ws.db.close();
      const before = sha256(file);
      const error = await refusal(file);
      expect(error.reason).toBe('damaged');
      expect(error.message).toMatch(/scenario is missing/);
      expect(sha256(file)).toBe(before);
    });

    it('a missing file and a folder', async () => {
      const dir = tempDir();
      expect((await refusal(path.join(dir, 'nope.tierscape'))).reason).toBe('missing');
      expect((await refusal(dir)).reason).toBe('not_a_file');
    });
  });

  it('Save As writes a complete copy with the backup API and leaves the original as it was', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'original.tierscape');
    const ws = await Workspace.create(file, { fill: (w) => fillSampleWorkspace(w) });
    try {
      const original = ws.info();
      const dest = await ws.backupTo(path.join(dir, 'copy.tierscape'));
      expect(readdirSync(dir).filter((f) => f.includes('saving'))).toEqual([]);
      const copy = await Workspace.open(dest);
      try {
        expect(copy.info().datasets).toEqual(original.datasets);
        expect(copy.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.db.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        copy.close();
      }
      expect(ws.info().datasets).toEqual(original.datasets);
      await expect(ws.backupTo(dest)).rejects.toMatchObject({ code: 'file_exists' });
      await expect(ws.backupTo(file)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      ws.close();
    }
  });

  it('upgrades an older workspace after writing a backup with the backup API', async () => {
    const file = path.join(tempDir(), 'old.tierscape');
    const db = openSqlite(file);
    migrate(db, MIGRATIONS, 1);
    db.prepare(
      "INSERT INTO dataset (label, as_of, source_file, mapping_json, imported_at, partner_count) VALUES ('FY2025', NULL, NULL, '{}', '2025-01-01', 0)",
    ).run();
    db.close();
    const ws = await Workspace.open(file);
    try {
      expect(ws.info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(ws.info().datasets.map((d) => d.label)).toEqual(['FY2025']);
    } finally {
      ws.close();
    }
    // the migrated file is whole, at the latest schema exactly as a new one, and reopens
    const migrated = openSqlite(file, { readonly: true });
    try {
      expect(migrated.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(migrated.pragma('foreign_key_check')).toEqual([]);
      expect(schemaProblems(migrated)).toEqual([]);
    } finally {
      migrated.close();
    }
    (await Workspace.open(file)).close();
    const backup = `${file}.v1.bak`;
    expect(existsSync(backup)).toBe(true);
    const old = openSqlite(backup, { readonly: true });
    try {
      expect(old.pragma('user_version', { simple: true })).toBe(1);
      expect(old.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(old.prepare('SELECT label FROM dataset').all()).toEqual([{ label: 'FY2025' }]);
    } finally {
      old.close();
    }
  });

  it('opens read-only without writing anything', async () => {
    const file = path.join(tempDir(), 'ro.tierscape');
    (await Workspace.create(file, { fill: (w) => fillSampleWorkspace(w) })).close();
    const before = sha256(file);
    const ws = await Workspace.open(file, { readOnly: true });
    expect(ws.info().datasets).toHaveLength(3);
    expect(ws.info().scenarios.length).toBeGreaterThan(3);
    ws.close();
    expect(sha256(file)).toBe(before);
  });
});
