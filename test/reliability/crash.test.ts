/**
 * Crash safety "as SQLite tests itself" (issue 8): a child process imports 100K partners,
 * saves a scenario, or runs Save As through the app's own services, and is SIGKILLed at
 * seeded random moments. After every kill the workspace must open, pass
 * `PRAGMA integrity_check`, and hold either the whole change or none of it.
 *
 * The kill times come from a seeded PRNG (the seed is printed; CRASH_SEED=<n> repeats a
 * run) and are spread in strata over the write's measured duration, so across a run the
 * kills land before, during and after the commit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillSampleWorkspace } from '../../electron/services/sample';
import type { SqliteDatabase } from '../../electron/services/workspace/native';
import { Workspace } from '../../electron/services/workspace/workspace';
import { ScenarioSchema } from '../../shared/model/scenario';
import { packedCount } from '../../shared/model/packed-text';
import { writeCsv } from '../bench/data';
import { sha256, useTempDir } from '../helpers/tmp';
import { revisionOf, saveTarget } from './crash-child';
import { prng } from '../helpers/prng';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/reliability/crash-child.ts');
const PARTNERS = 100_000;
const LABEL = 'Crash import';

const IMPORT_KILLS = 25;
/** kills more, aimed at the write itself, when none of the 25 landed in it */
const IMPORT_RETRIES = 20;
const SAVE_KILLS = 25;
const SAVE_AS_KILLS = 6;

// ---------------------------------------------------------------------------------------
// Seeded randomness

const SEED = process.env['CRASH_SEED'] ? Number(process.env['CRASH_SEED']) >>> 0 : Math.floor(Math.random() * 2 ** 32);

/**
 * `n` delays in [0, max): one uniform draw in each of n equal strata, in shuffled order.
 * Plain uniform draws could bunch on one side of the commit by chance; strata cannot.
 */
function stratifiedDelays(random: () => number, n: number, max: number): number[] {
  const strata = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [strata[i], strata[j]] = [strata[j]!, strata[i]!];
  }
  return strata.map((s) => ((s + random()) / n) * max);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// The child process

interface Child {
  proc: ChildProcess;
  pid: number;
  lines: string[];
  /** resolves with the arrival time of the first line starting with `prefix`; rejects if the child ends first */
  waitFor(prefix: string): Promise<number>;
  /** resolves once the child has exited and its stdout is fully read */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

const running = new Set<ChildProcess>();

function spawnChild(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(proc);
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (at: number) => void; reject: (e: Error) => void }[] = [];
  let err = '';
  let partial = '';
  let ended = false;
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    const at = performance.now();
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((x) => line.startsWith(x.prefix))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(at);
      }
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('close', (code, signal) => {
      running.delete(proc);
      ended = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`the child ended (${signal ?? code}) before "${w.prefix}":\n${err}`));
      resolve({ code, signal });
    });
  });
  return {
    proc,
    pid: proc.pid!,
    lines,
    waitFor(prefix) {
      if (ended) return Promise.reject(new Error(`the child has ended; stderr:\n${err}`));
      return new Promise((resolve, reject) => waiters.push({ prefix, resolve, reject }));
    },
    closed,
    stderr: () => err,
  };
}

async function killChild(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  const { signal } = await child.closed;
  expect(signal, `the child was not killed; stderr:\n${child.stderr()}`).toBe('SIGKILL');
}

/** Lets a child that finished its work close the workspace and exit normally. */
async function endChild(child: Child): Promise<void> {
  child.proc.stdin!.end();
  const { code } = await child.closed;
  expect(code, child.stderr()).toBe(0);
}

// ---------------------------------------------------------------------------------------
// What a workspace holds

interface Snapshot {
  counts: Record<string, number>;
  digests: Record<string, string>;
}

/**
 * Row counts and a content digest of every table (workspace_meta aside: every open stamps
 * it). `ignore` names columns that legitimately differ between two runs of the same write
 * (timestamps taken from the clock).
 */
function snapshot(db: SqliteDatabase, ignore: Record<string, string[]> = {}, except: string[] = []): Snapshot {
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((t) => t.name)
    .filter((t) => t !== 'workspace_meta' && !except.includes(t));
  const counts: Record<string, number> = {};
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const info = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[];
    const columns = info.filter((c) => !(ignore[table] ?? []).includes(c.name)).map((c) => `"${c.name}"`);
    const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => `"${c.name}"`);
    const hash = createHash('sha256');
    let n = 0;
    for (const row of db.prepare(`SELECT ${columns.join(', ')} FROM "${table}" ORDER BY ${(key.length ? key : columns).join(', ')}`).raw().iterate() as Iterable<unknown[]>) {
      n += 1;
      // one JSON line per row (it tells null, numbers and text apart); a BLOB by its own hash
      hash.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? `blob:${createHash('sha256').update(v).digest('hex')}` : v))));
      hash.update('\n');
    }
    counts[table] = n;
    digests[table] = hash.digest('hex');
  }
  return { counts, digests };
}

function integrity(db: SqliteDatabase): unknown {
  return db.pragma('integrity_check', { simple: true });
}

/** The imported dataset as the test checks it by name: partners, metrics, bytes per metric. */
function importedDataset(db: SqliteDatabase): { partnerCount: number; partnerLists: number[]; metrics: number; badMetricBlobs: number } | null {
  const row = db.prepare('SELECT id, partner_count AS partnerCount FROM dataset WHERE label = ?').get(LABEL) as { id: number; partnerCount: number } | undefined;
  if (!row) return null;
  const one = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
  return {
    partnerCount: row.partnerCount,
    // partners per packed identity list (one list per field)
    partnerLists: (db.prepare('SELECT texts FROM partner_text WHERE dataset_id = ? ORDER BY field').pluck().all(row.id) as Buffer[]).map(packedCount),
    metrics: one('SELECT count(*) AS n FROM metric WHERE dataset_id = ?', row.id),
    badMetricBlobs: one('SELECT count(*) AS n FROM metric WHERE dataset_id = ? AND length(value_bytes) != ? * value_width', row.id, row.partnerCount),
  };
}

/** Opens like the app does, checks integrity, and hands the database to `check`. */
async function inspect<T>(file: string, check: (ws: Workspace) => T): Promise<T> {
  const ws = await Workspace.open(file, { appVersion: 'crash-test' });
  try {
    expect(integrity(ws.db), file).toBe('ok');
    expect(ws.db.pragma('foreign_key_check'), file).toEqual([]);
    return check(ws);
  } finally {
    ws.close();
  }
}

function removeWorkspace(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

const IMPORT_CLOCK_COLUMNS = { dataset: ['imported_at'], import_mapping: ['updated_at'] };

// ---------------------------------------------------------------------------------------

describe('crash safety: SIGKILL at random points (issue 8)', () => {
  const tempDir = useTempDir('tierscape-crash-');
  let shared: string;
  let csv: string;
  /** the sample workspace, closed cleanly: every kill run starts from a copy */
  let base: string;
  let baseSnap: Snapshot;
  /** base + the 100K import, from a run that was not killed */
  let imported: string;
  let importedSnap: Snapshot;
  let importedFacts: NonNullable<ReturnType<typeof importedDataset>>;
  /** READY → DONE of the un-killed import, as the parent sees it */
  let commitMs: number;

  beforeAll(async () => {
    console.log(`crash tests: seed ${SEED} (CRASH_SEED=${SEED} repeats these kill times)`);
    // shared by all tests of the file, so not in a per-test temp folder
    shared = mkdtempSync(path.join(os.tmpdir(), 'tierscape-crash-shared-'));
    csv = writeCsv(shared, PARTNERS);
    base = path.join(shared, 'base.tierscape');
    (await Workspace.create(base, { appVersion: 'crash-test', fill: (ws) => fillSampleWorkspace(ws, new Date('2026-11-22T00:00:00Z')) })).close();
    baseSnap = await inspect(base, (ws) => snapshot(ws.db, IMPORT_CLOCK_COLUMNS));

    imported = path.join(shared, 'imported.tierscape');
    copyFileSync(base, imported);
    const child = spawnChild(['import', imported, csv, LABEL]);
    const ready = await child.waitFor('READY');
    const done = await child.waitFor('DONE');
    commitMs = done - ready;
    await endChild(child);
    expect(child.lines).toContain(`READY ${PARTNERS}`);
    expect(child.lines.some((l) => /^DONE \d+ 100000$/.test(l))).toBe(true);
    importedSnap = await inspect(imported, (ws) => snapshot(ws.db, IMPORT_CLOCK_COLUMNS));
    importedFacts = (await inspect(imported, (ws) => importedDataset(ws.db)))!;
    expect(importedFacts).toMatchObject({ partnerCount: PARTNERS, partnerLists: Array(7).fill(PARTNERS), badMetricBlobs: 0 });
    expect(importedFacts.metrics).toBeGreaterThan(10);
    expect(importedSnap.counts['partner_text']).toBe(baseSnap.counts['partner_text']! + 7);
    console.log(`crash tests: the un-killed import commits in ${commitMs.toFixed(0)} ms (READY → DONE)`);
  }, 120_000);

  /** The base as `snapshot(…, except [table])` sees it. */
  function baseSnapWithout(table: string): Snapshot {
    const counts = { ...baseSnap.counts };
    const digests = { ...baseSnap.digests };
    delete counts[table];
    delete digests[table];
    return { counts, digests };
  }

  afterAll(() => {
    for (const proc of running) proc.kill('SIGKILL');
    if (shared) rmSync(shared, { recursive: true, force: true });
  });

  it(
    `an import of ${PARTNERS} partners killed ${IMPORT_KILLS} times is all or nothing`,
    async () => {
      const dir = tempDir();
      const random = prng(SEED);
      // 1.5 × the commit: about a third of the kills land after it
      const delays = stratifiedDelays(random, IMPORT_KILLS, commitMs * 1.5);
      const stats = { beforeWrite: 0, midWrite: 0, committed: 0, committedBeforeDoneLine: 0 };
      const start = (i: number) => {
        const file = path.join(dir, `kill-${i}.tierscape`);
        copyFileSync(base, file);
        return { file, child: spawnChild(['import', file, csv, LABEL]) };
      };
      /** Kills the started import `delay` ms after READY; checks the file is all or nothing; says which. */
      const kill = async (i: number, delay: number, started: ReturnType<typeof start>, then?: () => void): Promise<keyof typeof stats> => {
        const { file, child } = started;
        await child.waitFor('READY');
        await sleep(delay);
        await killChild(child);
        // the next child reads and checks its CSV while this one is inspected
        then?.();
        const walBytes = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
        const sawDone = child.lines.some((l) => l.startsWith('DONE'));
        let outcome: keyof typeof stats = 'beforeWrite';
        await inspect(file, (ws) => {
          const facts = importedDataset(ws.db);
          const snap = snapshot(ws.db, IMPORT_CLOCK_COLUMNS);
          if (facts) {
            // all: exactly what the un-killed run wrote
            expect(facts, `kill ${i} at ${delay.toFixed(0)} ms`).toEqual(importedFacts);
            expect(snap, `kill ${i}`).toEqual(importedSnap);
            outcome = 'committed';
            if (!sawDone) stats.committedBeforeDoneLine += 1;
          } else {
            // nothing: every table as in the base
            expect(sawDone, `kill ${i}: DONE was printed but the dataset is missing`).toBe(false);
            expect(snap, `kill ${i}`).toEqual(baseSnap);
            // the open's own metadata stamp is a few pages; a WAL of megabytes holds the uncommitted import
            outcome = walBytes > 1024 * 1024 ? 'midWrite' : 'beforeWrite';
          }
        });
        stats[outcome] += 1;
        removeWorkspace(file);
        return outcome;
      };
      // the latest kill that found nothing written yet, and the earliest that found it committed
      let before = 0;
      let after = Number.POSITIVE_INFINITY;
      let next = start(0);
      for (let i = 0; i < IMPORT_KILLS; i += 1) {
        const current = next;
        const outcome = await kill(i, delays[i]!, current, () => {
          if (i + 1 < IMPORT_KILLS) next = start(i + 1);
        });
        if (outcome === 'beforeWrite') before = Math.max(before, delays[i]!);
        if (outcome === 'committed') after = Math.min(after, delays[i]!);
      }
      // the write itself is a few milliseconds of the commit (less since metric columns are
      // stored narrow): when no kill landed in it, aim between the last kill before it and the
      // first after it, narrowing, until one does
      for (let extra = 0; stats.midWrite === 0 && extra < IMPORT_RETRIES && before < after; extra += 1) {
        const delay = before + random() * (after - before);
        const outcome = await kill(IMPORT_KILLS + extra, delay, start(IMPORT_KILLS + extra));
        if (outcome === 'beforeWrite') before = delay;
        if (outcome === 'committed') after = delay;
      }
      console.log(`import kills: ${JSON.stringify(stats)} (window ${(commitMs * 1.5).toFixed(0)} ms)`);
      expect(stats.beforeWrite + stats.midWrite + stats.committed).toBeGreaterThanOrEqual(IMPORT_KILLS);
      // the kills hit both sides of the commit, and some landed inside the write itself
      expect(stats.committed).toBeGreaterThanOrEqual(1);
      expect(stats.beforeWrite + stats.midWrite).toBeGreaterThanOrEqual(1);
      expect(stats.midWrite).toBeGreaterThanOrEqual(1);
    },
    240_000,
  );

  it(
    `scenario saves killed ${SAVE_KILLS} times never lose a committed save nor tear one`,
    async () => {
      const dir = tempDir();
      const file = path.join(dir, 'saves.tierscape');
      copyFileSync(base, file);
      const { id, original, others } = await inspect(file, (ws) => {
        const target = saveTarget(ws.scenarios.list());
        return {
          id: target,
          original: ws.db.prepare('SELECT name, body_json FROM scenario WHERE id = ?').get(target) as { name: string; body_json: string },
          others: ws.db.prepare('SELECT * FROM scenario WHERE id != ? ORDER BY id').all(target),
        };
      });
      const random = prng(SEED ^ 0x5ca1ab1e);
      const delays = stratifiedDelays(random, SAVE_KILLS, 300);
      let k = 0;
      const stats = { noSaveYet: 0, committedBeforeSavedLine: 0, savesPerRun: [] as number[] };
      for (let i = 0; i < SAVE_KILLS; i += 1) {
        const child = spawnChild(['save', file, '1000000']);
        await child.waitFor('READY');
        await sleep(delays[i]!);
        await killChild(child);
        expect(child.lines[0]).toBe(`READY ${k}`);
        const seen = child.lines.filter((l) => l.startsWith('SAVED ')).map((l) => Number(l.slice(6)));
        const lastSeen = seen.length ? seen[seen.length - 1]! : k;
        const stored = await inspect(file, (ws) => {
          const row = ws.db.prepare('SELECT name, body_json FROM scenario WHERE id = ?').get(id) as { name: string; body_json: string };
          const body = ScenarioSchema.parse(JSON.parse(row.body_json));
          // the app's own read path accepts it too
          expect(ws.scenarios.get(id).scenario.name).toBe(row.name);
          // nothing else changed
          expect(ws.db.prepare('SELECT * FROM scenario WHERE id != ? ORDER BY id').all(id)).toEqual(others);
          expect(snapshot(ws.db, IMPORT_CLOCK_COLUMNS, ['scenario'])).toEqual(baseSnapWithout('scenario'));
          return { row, body };
        });
        const rev = revisionOf(stored.row.name);
        if (rev === null) {
          // never saved yet: the row is the original, byte for byte
          expect(stored.row).toEqual(original);
          expect(lastSeen).toBe(0);
        } else {
          // one save: name column, description and capacity hours all carry the same k
          expect(stored.body.name).toBe(stored.row.name);
          expect(stored.body.description).toBe(`rev-${rev}`);
          expect(stored.body.assumptions.capacityHours).toBe(rev);
        }
        const now = rev ?? 0;
        // a save reported as done is never lost; at most the one in flight is added
        expect(now).toBeGreaterThanOrEqual(lastSeen);
        expect(now).toBeLessThanOrEqual(lastSeen + 1);
        expect(now).toBeGreaterThanOrEqual(k);
        if (now === k) stats.noSaveYet += 1;
        if (now === lastSeen + 1) stats.committedBeforeSavedLine += 1;
        stats.savesPerRun.push(now - k);
        k = now;
      }
      console.log(
        `save kills: ${k} saves in ${SAVE_KILLS} runs; runs killed before their first save ${stats.noSaveYet}; ` +
          `killed between a commit and its SAVED line ${stats.committedBeforeSavedLine}; saves per run ${stats.savesPerRun.join(' ')}`,
      );
      expect(k).toBeGreaterThan(SAVE_KILLS);
    },
    120_000,
  );

  it(
    `Save As killed ${SAVE_AS_KILLS} times leaves the original untouched and no half-made copy`,
    async () => {
      const dir = tempDir();
      const original = path.join(dir, 'big.tierscape');
      const dest = path.join(dir, 'copy.tierscape');
      copyFileSync(imported, original);
      const leftovers = () => readdirSync(dir).filter((f) => f.startsWith('copy.tierscape.saving-'));

      // an un-killed Save As first: when its temporary is renamed into place sets the kill
      // window (the copy is about half of the whole Save As; opening the copy is the rest),
      // and its copy is the reference
      const measured = spawnChild(['saveas', original, dest]);
      const started = await measured.waitFor('STARTED');
      const temp = `${dest}.saving-${measured.pid}`;
      let appeared = false;
      let renamedMs = 0;
      const poll = setInterval(() => {
        if (existsSync(temp)) appeared = true;
        else if (appeared && !renamedMs) renamedMs = performance.now() - started;
      }, 1);
      const saveAsMs = (await measured.waitFor('DONE')) - started;
      clearInterval(poll);
      await endChild(measured);
      expect(renamedMs, 'the copy was too quick to watch: the workspace is too small for this test').toBeGreaterThan(0);
      const originalSnap = await inspect(original, (ws) => snapshot(ws.db));
      expect(await inspect(dest, (ws) => snapshot(ws.db))).toEqual(originalSnap);
      expect(originalSnap.counts['partner_text']).toBe(importedSnap.counts['partner_text']);
      removeWorkspace(dest);

      const random = prng(SEED ^ 0x0c0ffee);
      // 1.3 × the rename: most kills land mid-copy, some after the rename
      const killWindow = renamedMs * 1.3;
      const delays = stratifiedDelays(random, SAVE_AS_KILLS, killWindow);
      const stats = { whileTempExisted: 0, destComplete: 0, destAbsent: 0 };
      const seenLeftovers = new Set<string>();
      for (let i = 0; i < SAVE_AS_KILLS; i += 1) {
        const before = sha256(original);
        const child = spawnChild(['saveas', original, dest]);
        await child.waitFor('STARTED');
        await sleep(delays[i]!);
        await killChild(child);
        // the temporary is only ever removed or renamed by the (now dead) child: if it is
        // there now, it was there when the kill landed
        const tempExisted = existsSync(`${dest}.saving-${child.pid}`);
        if (tempExisted) stats.whileTempExisted += 1;
        for (const f of leftovers()) seenLeftovers.add(f);
        if (tempExisted || existsSync(dest)) {
          // this child got as far as its copy, so it cleared what earlier killed ones left
          expect(leftovers().filter((f) => !f.startsWith(`copy.tierscape.saving-${child.pid}`)), `kill ${i}`).toEqual([]);
        }
        if (existsSync(dest)) {
          // renamed into place: a complete copy. The original may since have been closed
          // (checkpointing the open's metadata stamp), so it is compared by content below.
          stats.destComplete += 1;
          expect(await inspect(dest, (ws) => snapshot(ws.db)), `kill ${i}`).toEqual(originalSnap);
        } else {
          stats.destAbsent += 1;
          expect(sha256(original), `kill ${i} at ${delays[i]!.toFixed(0)} ms changed the original`).toBe(before);
        }
        expect(await inspect(original, (ws) => snapshot(ws.db)), `kill ${i}`).toEqual(originalSnap);
        removeWorkspace(dest);
      }
      console.log(
        `save-as kills: ${JSON.stringify(stats)}; window ${killWindow.toFixed(0)} ms (copy renamed at ${renamedMs.toFixed(0)} of ${saveAsMs.toFixed(0)} ms); leftovers seen ${[...seenLeftovers].join(', ') || 'none'}`,
      );
      expect(stats.whileTempExisted).toBeGreaterThanOrEqual(1);
      expect(seenLeftovers.size).toBeGreaterThan(0);

      // the next Save As to the same name clears what the killed ones left
      console.log(`save-as: leftovers before the last Save As: ${leftovers().join(', ') || 'none'}`);
      const last = spawnChild(['saveas', original, dest]);
      await last.waitFor('DONE');
      await endChild(last);
      expect(leftovers()).toEqual([]);
      expect(await inspect(dest, (ws) => snapshot(ws.db))).toEqual(originalSnap);
    },
    120_000,
  );
});
