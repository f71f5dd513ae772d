/**
 * Workspaces edited outside Tierscape (issue 8): a table dropped, retyped, loosened or
 * re-constrained is refused at open with what differs, leaving the file as it was; damage
 * inside intact tables (a cut metric column, a partner list cut short or lost, a broken scenario body,
 * a damaged page) is refused for the thing it touches, by name, while the rest of the
 * workspace keeps working. No answer is ever `internal`.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../shared/ipc/result';
import { storageFailure } from '../../../electron/services/workspace/errors';
import { openSqlite } from '../../../electron/services/workspace/native';
import { schemaProblems } from '../../../electron/services/workspace/schema-check';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { fillSampleWorkspace } from '../../../electron/services/sample';
import { packTexts } from '../../../shared/model/packed-text';
import { makeSession } from '../../helpers/session';
import { sha256, useTempDir } from '../../helpers/tmp';

type Session = ReturnType<typeof makeSession>;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function refusedWith(result: IpcResult<unknown>, pattern: RegExp): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe('workspace_refused');
    expect(result.error.message).toMatch(pattern);
  }
}

describe('a workspace tampered with outside Tierscape', () => {
  const tempDir = useTempDir();
  const sessions: Session[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.session.close()));

  /** A closed sample workspace, then `tamper` run on a plain connection to it. */
  async function tampered(tamper: (db: ReturnType<typeof openSqlite>) => void): Promise<{ file: string; s: Session }> {
    const dir = tempDir();
    const file = path.join(dir, 'tampered.tierscape');
    (await Workspace.create(file, { fill: (ws) => fillSampleWorkspace(ws) })).close();
    const db = openSqlite(file);
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('foreign_keys = OFF');
      tamper(db);
    } finally {
      db.close();
    }
    const s = makeSession(dir);
    sessions.push(s);
    return { file, s };
  }

  /** Rebuilds `table` from `createSql`, keeping its rows (columns in the new table's order). */
  function rebuild(db: ReturnType<typeof openSqlite>, table: string, createSql: string, select = '*'): void {
    db.exec(`ALTER TABLE ${table} RENAME TO old_${table}`);
    db.exec(createSql);
    db.exec(`INSERT INTO ${table} SELECT ${select} FROM old_${table}`);
    db.exec(`DROP TABLE old_${table}`);
  }

  describe('changed tables are refused at open, and the file is left as it was', () => {
    it.each([
      ['a dropped column', (db: ReturnType<typeof openSqlite>) => db.exec('ALTER TABLE dataset DROP COLUMN source_file'), /the column dataset\.source_file is missing/],
      [
        'a column of another type, in a table that no longer checks types',
        (db: ReturnType<typeof openSqlite>) =>
          rebuild(
            db,
            'metric',
            'CREATE TABLE metric (dataset_id INTEGER NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL, unit TEXT, value_bytes TEXT NOT NULL, value_width INTEGER NOT NULL DEFAULT 8, PRIMARY KEY (dataset_id, key))',
          ),
        /the column metric\.value_bytes is TEXT instead of BLOB; the table metric no longer checks the types of its values/,
      ],
      [
        'the same columns without STRICT typing, holding text as a partner list',
        (db: ReturnType<typeof openSqlite>) => {
          rebuild(db, 'partner_text', 'CREATE TABLE partner_text (dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE, field TEXT NOT NULL, texts BLOB NOT NULL, PRIMARY KEY (dataset_id, field))');
          db.exec("UPDATE partner_text SET texts = 'not a list' WHERE field = 'name'");
        },
        /the table partner_text no longer checks the types of its values/,
      ],
      [
        'a constraint removed',
        (db: ReturnType<typeof openSqlite>) =>
          rebuild(
            db,
            'scenario',
            'CREATE TABLE scenario (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, dataset_id INTEGER REFERENCES dataset(id) ON DELETE SET NULL, is_baseline INTEGER NOT NULL DEFAULT 0, body_json TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT',
          ),
        /the definition of the table scenario \(its constraints\) was changed/,
      ],
      ['an unknown column added', (db: ReturnType<typeof openSqlite>) => db.exec('ALTER TABLE dataset ADD COLUMN note TEXT'), /the table dataset has an unknown column note/],
      ['two tables dropped', (db: ReturnType<typeof openSqlite>) => db.exec('DROP TABLE import_mapping; DROP TABLE metric'), /the tables import_mapping, metric are missing/],
    ])('%s', async (_what, tamper, message) => {
      const { file, s } = await tampered(tamper);
      const before = sha256(file);
      const result = await s.dispatch('workspace:open', { path: file });
      refusedWith(result, message);
      if (!result.ok) expect(result.error.message).toMatch(/^"tampered\.tierscape" is a Tierscape workspace but its tables were changed outside Tierscape.*The file was left untouched\.$/);
      expect(sha256(file)).toBe(before);
      expect(s.session.workspace).toBeNull();
      expect(s.errors).toEqual([]);
    });

    it('a workspace as Tierscape made it has no schema problem, and neither does one migrated from the first version', async () => {
      const dir = tempDir();
      const fresh = await Workspace.create(path.join(dir, 'fresh.tierscape'));
      try {
        expect(schemaProblems(fresh.db)).toEqual([]);
      } finally {
        fresh.close();
      }
      const { migrate } = await import('../../../electron/services/workspace/migrate');
      const { MIGRATIONS } = await import('../../../electron/services/workspace/migrations');
      const old = openSqlite(path.join(dir, 'old.tierscape'));
      try {
        migrate(old, MIGRATIONS, 1);
        expect(schemaProblems(old)[0]).toMatch(/^the tables? .*import_mapping.* (is|are) missing$/);
        migrate(old);
        expect(schemaProblems(old)).toEqual([]);
      } finally {
        old.close();
      }
    });
  });

  describe('damage inside intact tables is refused for what it touches; the rest keeps working', () => {
    it('a metric column cut short', async () => {
      const { file, s } = await tampered((db) => db.exec('UPDATE metric SET value_bytes = substr(value_bytes, 1, 10 * value_width) WHERE key = (SELECT key FROM metric ORDER BY position LIMIT 1)'));
      expect((await s.dispatch('workspace:open', { path: file })).ok).toBe(true);
      const [dataset] = s.session.require().datasets.list();
      const label = s.session.require().datasets.metricDefs(dataset!.id)[0]!.label;
      const damage = new RegExp(escape(`The dataset "${dataset!.label}" in this workspace is damaged: its metric "${label}" holds 10 values for ${dataset!.partnerCount} partners.`));
      refusedWith(await s.dispatch('partners:page', { datasetId: dataset!.id }), damage);
      refusedWith(await s.dispatch('dataset:columns', { datasetId: dataset!.id }), damage);
      const scenarios = s.session.require().scenarios.list();
      refusedWith(
        await s.dispatch('export:workbook', { jobId: 'job-0001', scenarioIds: [scenarios[0]!.id], datasetId: dataset!.id, sheets: [], reportCardsFor: null, path: path.join(path.dirname(file), 'x.xlsx') }),
        damage,
      );
      // the rest of the workspace still answers
      expect(await s.dispatch('scenario:get', { id: scenarios[0]!.id })).toMatchObject({ ok: true });
      expect(await s.dispatch('dataset:list', undefined)).toMatchObject({ ok: true });
      expect(s.errors).toEqual([]);
    });

    it('a metric column that is not a whole number of values', async () => {
      const { file, s } = await tampered((db) => db.exec('UPDATE metric SET value_bytes = substr(value_bytes, 1, 83), value_width = 8'));
      await s.dispatch('workspace:open', { path: file });
      refusedWith(await s.dispatch('partners:page', { datasetId: 1 }), /holds 83 bytes, not whole values, for \d+ partners/);
    });

    it('a partner list of another length, and one lost', async () => {
      const short = await tampered((db) => db.prepare("UPDATE partner_text SET texts = ? WHERE field = 'id'").run(Buffer.from(packTexts(['P1', 'P2', 'P3']))));
      await short.s.dispatch('workspace:open', { path: short.file });
      for (const channel of ['dataset:columns', 'partners:page'] as const) refusedWith(await short.s.dispatch(channel, { datasetId: 1 }), /damaged: it lists \d+ partners but its id list holds 3\./);
      const lost = await tampered((db) => db.exec("DELETE FROM partner_text WHERE field = 'name'"));
      await lost.s.dispatch('workspace:open', { path: lost.file });
      for (const channel of ['dataset:columns', 'partners:page'] as const) refusedWith(await lost.s.dispatch(channel, { datasetId: 1 }), /damaged: its list of partner name fields is missing\./);
      const none = await tampered((db) => db.exec('DELETE FROM partner_text'));
      await none.s.dispatch('workspace:open', { path: none.file });
      refusedWith(await none.s.dispatch('dataset:columns', { datasetId: 1 }), /damaged: its lists of partners are missing\./);
      expect([...short.s.errors, ...lost.s.errors, ...none.s.errors]).toEqual([]);
    });

    it('scenario bodies that are not JSON, not a scenario, or hostile', async () => {
      const { file, s } = await tampered((db) => {
        const ids = (db.prepare('SELECT id FROM scenario ORDER BY id').all() as { id: number }[]).map((r) => r.id);
        db.prepare('UPDATE scenario SET body_json = ? WHERE id = ?').run('{"format": "tierscape-scenario", "ladders": [', ids[0]);
        db.prepare('UPDATE scenario SET body_json = ? WHERE id = ?').run('{"format":"tierscape-scenario","version":1,"ladders":"none","__proto__":{"polluted":true}}', ids[1]);
        db.prepare('UPDATE scenario SET body_json = ? WHERE id = ?').run('[1,2,3]', ids[2]);
      });
      const opened = await s.dispatch('workspace:open', { path: file });
      expect(opened.ok).toBe(true);
      const ids = s.session.require().scenarios.list().map((r) => r.id).sort((a, b) => a - b);
      refusedWith(await s.dispatch('scenario:get', { id: ids[0]! }), /The stored scenario ".+" is damaged \(its JSON cannot be read\)/);
      refusedWith(await s.dispatch('scenario:get', { id: ids[1]! }), /The stored scenario ".+" is not valid: /);
      refusedWith(await s.dispatch('scenario:exportJson', { id: ids[2]! }), /The stored scenario ".+" is not valid: /);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      // a damaged scenario can still be deleted, and the others still load
      expect(await s.dispatch('scenario:delete', { id: ids[0]! })).toMatchObject({ ok: true });
      expect(await s.dispatch('scenario:get', { id: ids[3]! })).toMatchObject({ ok: true });
      expect(s.errors).toEqual([]);
    });

    it('a damaged remembered mapping is ignored: the next import suggests a mapping afresh', async () => {
      const { file, s } = await tampered((db) => db.exec("INSERT INTO import_mapping (shape, headers_json, mapping_json, updated_at) VALUES ('x', '[', '{not json', 'now')"));
      expect(await s.dispatch('workspace:open', { path: file })).toMatchObject({ ok: true });
      expect(s.session.require().mappings.find('x')).toBeNull();
    });

    it('damaged pages answer with a clear refusal, never internal', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'torn.tierscape');
      (await Workspace.create(file, { fill: (ws) => fillSampleWorkspace(ws) })).close();
      // overwrite the last quarter of the file (the partner rows and metric columns) with garbage
      const size = statSync(file).size;
      const fd = openSync(file, 'r+');
      try {
        const garbage = Buffer.alloc(Math.floor(size / 4), 0xa5);
        writeSync(fd, garbage, 0, garbage.length, size - garbage.length);
      } finally {
        closeSync(fd);
      }
      const s = makeSession(dir);
      sessions.push(s);
      const good = path.join(dir, 'good.tierscape');
      expect(await s.dispatch('workspace:new', { path: good })).toMatchObject({ ok: true });
      const answers: IpcResult<unknown>[] = [];
      const opened = await s.dispatch('workspace:open', { path: file });
      // refused at open: the workspace that was open stays open
      if (!opened.ok) expect(s.session.workspace?.file).toBe(good);
      answers.push(opened);
      if (opened.ok) {
        for (const [channel, payload] of [
          ['dataset:list', undefined],
          ['partners:page', { datasetId: 1 }],
          ['dataset:columns', { datasetId: 1 }],
          ['scenario:list', undefined],
        ] as const) {
          answers.push(await s.dispatch(channel, payload));
        }
      }
      const failures = answers.filter((a): a is Extract<IpcResult<unknown>, { ok: false }> => !a.ok);
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) {
        expect(f.error.code).toBe('workspace_refused');
        expect(f.error.message).toMatch(/damaged|cannot be read/);
        if (f === answers[0]) expect(f.error.message).toMatch(/^"torn\.tierscape" is damaged and cannot be opened \(database disk image is malformed\)/);
      }
      expect(s.errors).toEqual([]);
    });
  });

  it("maps SQLite's storage failures to codes a person can act on, and leaves other errors alone", () => {
    const sqlite = (code: string) => Object.assign(new Error('database disk image is malformed'), { code });
    expect(storageFailure(sqlite('SQLITE_CORRUPT'))).toMatchObject({ code: 'workspace_refused', message: expect.stringMatching(/damaged \(database disk image is malformed\)/) });
    expect(storageFailure(sqlite('SQLITE_CORRUPT_INDEX'))?.code).toBe('workspace_refused');
    expect(storageFailure(sqlite('SQLITE_NOTADB'))?.code).toBe('workspace_refused');
    expect(storageFailure(sqlite('SQLITE_FULL'))).toMatchObject({ code: 'io', message: expect.stringMatching(/disk is full/) });
    expect(storageFailure(sqlite('SQLITE_IOERR_SHORT_READ'))?.code).toBe('io');
    expect(storageFailure(sqlite('SQLITE_BUSY'))?.code).toBe('busy');
    expect(storageFailure(sqlite('SQLITE_ERROR'))).toBeNull();
    expect(storageFailure(new TypeError('x'))).toBeNull();
    expect(storageFailure(null)).toBeNull();
  });
});
