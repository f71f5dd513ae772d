/**
 * The command line and the workspace file (issue 18, items 11, 12 and 14): concurrent
 * writers wait for each other instead of failing; a refused workspace is left byte for
 * byte as it was, and so is its folder; read-only commands read read-only files and
 * folders; SQLite's failures are messages, never stack traces.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, runCli } from '../helpers/cli';
import type { CliIo } from '../../electron/cli/common';
import { openSqlite } from '../../electron/services/workspace/native';
import { Workspace } from '../../electron/services/workspace/workspace';
import { writeCsv } from '../bench/data';
import { makeSession } from '../helpers/session';
import { sha256, useTempDir } from '../helpers/tmp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCK_CHILD = path.join(ROOT, 'test/helpers/write-lock-child.ts');
const MOTION_FIT = 'Motion-fit ladders';
const AS_IS = 'As is: metals on lifetime revenue';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a real process (what `npm run cli` runs). */
function cliProcess(args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BUILT_CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The file's bytes and its folder's listing (names and sizes). */
function state(file: string): { file: string; folder: string[] } {
  const dir = path.dirname(file);
  return { file: sha256(file), folder: readdirSync(dir).sort().map((n) => `${n} ${statSync(path.join(dir, n)).size}`) };
}

function noStack(text: string): void {
  expect(text).not.toMatch(/unexpected error|SqliteError|\n\s+at /);
}

describe('CLI and the workspace file', () => {
  const tempDir = useTempDir();
  const restore: string[] = [];
  afterEach(() => restore.splice(0).forEach((p) => chmodSync(p, 0o755)));

  async function sample(dir = tempDir(), name = 'team.tierscape'): Promise<string> {
    const file = path.join(dir, name);
    expect(await runCli(['new', file, '--sample'], capture())).toBe(0);
    return file;
  }

  it(
    'two concurrent CLI imports into one workspace both succeed, while another program takes its write lock between them',
    async () => {
      const dir = tempDir();
      const ws = await sample(dir);
      const csv = writeCsv(dir, 5000);
      // the other program holds the write lock for 1.5 s right after each of the imports opens the workspace,
      // so each import reaches its write while the lock is taken
      const holder = spawn(process.execPath, ['--import', 'tsx', LOCK_CHILD, ws, '2', '1500'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      let holderOut = '';
      let holderErr = '';
      holder.stderr.setEncoding('utf8').on('data', (c: string) => (holderErr += c));
      await new Promise<void>((resolve, reject) => {
        holder.stdout.setEncoding('utf8').on('data', (c: string) => {
          holderOut += c;
          if (holderOut.includes('READY')) resolve();
        });
        holder.on('close', () => reject(new Error(`the lock holder ended: ${holderErr}`)));
      });
      let results: Ran[];
      try {
        results = await Promise.all([
          cliProcess(['import', ws, csv, '--label', 'First import', '--skip-bad-rows']),
          cliProcess(['import', ws, csv, '--label', 'Second import', '--skip-bad-rows']),
        ]);
      } finally {
        holder.stdin.end();
      }
      expect(holderOut).toMatch(/HOLD 1/);
      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/Imported 5000 partners/);
      }
      const check = await Workspace.open(ws, { readOnly: true });
      try {
        expect(check.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const labels = check.datasets.list().map((d) => [d.label, d.partnerCount]);
        expect(labels).toEqual(expect.arrayContaining([['First import', 5000], ['Second import', 5000]]));
      } finally {
        check.close();
      }
    },
    60_000,
  );

  describe('a refused workspace is left byte for byte as it was, and so is its folder', () => {
    it(
      'a refused truncated workspace is byte-identical afterwards (file and folder listing), whichever command met it',
      async () => {
        const original = await sample();
        const csv = path.join(tempDir(), 'list.csv');
        writeFileSync(csv, 'Partner ID,Partner Name,Motion\nP1,Acme,reseller\n');
        // cut inside the last page, and several pages short
        for (const cut of [100, 10_000]) {
          const dir = tempDir();
          const file = path.join(dir, 'team.tierscape');
          copyFileSync(original, file);
          truncateSync(file, statSync(file).size - cut);
          const before = state(file);
          const attempts: [string, () => Promise<unknown>][] = [
            ['open', () => Workspace.open(file)],
            ['open read-only', () => Workspace.open(file, { readOnly: true })],
            ['the app', async () => {
              const s = makeSession(tempDir());
              try {
                const answer = await s.dispatch('workspace:open', { path: file });
                expect(answer).toMatchObject({ ok: false, error: { code: 'workspace_refused' } });
              } finally {
                s.session.close();
              }
            }],
          ];
          for (const [what, attempt] of attempts) {
            await attempt().then(
              (ws) => {
                if (ws instanceof Workspace) {
                  ws.close();
                  throw new Error(`${what}: the truncated workspace was opened`);
                }
              },
              (error: Error) => expect(error.message, what).toMatch(/team\.tierscape" is damaged/),
            );
            expect(state(file), what).toEqual(before);
          }
          for (const args of [
            ['info', file],
            ['datasets', file],
            ['evaluate', file, '--scenario', MOTION_FIT],
            ['compare', file, '--scenario', MOTION_FIT, '--scenario', AS_IS],
            ['export', file, '--scenario', MOTION_FIT, '--out', path.join(tempDir(), 'out.xlsx')],
            ['import', file, csv],
          ]) {
            const io = capture();
            expect(await runCli(args, io), args[0]).toBe(1);
            expect(io.stderr.join('\n'), args[0]).toMatch(/team\.tierscape" is damaged: it is cut short .*untouched/);
            expect(state(file), args[0]).toEqual(before);
          }
        }
      },
      30_000,
    );

    it('damage found while reading at open is refused before anything is written', async () => {
      const dir = tempDir();
      const file = await sample(dir);
      // a page of a list's packed motions (the open reads them, to count partners per motion)
      // gets a broken page header: the first motions one after the other are stored nowhere else
      const ws = await Workspace.open(file, { readOnly: true });
      const motions = ws.datasets.columnar(ws.info().datasets.at(-1)!.id).identity.motion.slice(0, 12).join('');
      ws.close();
      const bytes = readFileSync(file);
      const at = bytes.indexOf(Buffer.from(motions, 'utf8'));
      expect(at).toBeGreaterThan(0);
      // the file's page size: the header's two bytes at 16 (1 stands for 65536)
      const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
      const fd = openSync(file, 'r+');
      try {
        writeSync(fd, Buffer.alloc(8, 0xff), 0, 8, Math.floor(at / pageSize) * pageSize);
      } finally {
        closeSync(fd);
      }
      const before = state(file);
      await expect(Workspace.open(file)).rejects.toMatchObject({ code: 'workspace_refused', message: expect.stringMatching(/is damaged and cannot be opened/) });
      expect(state(file)).toEqual(before);
      const io = capture();
      expect(await runCli(['info', file], io)).toBe(1);
      expect(io.stderr.join('\n')).toMatch(/team\.tierscape" is damaged and cannot be opened \(database disk image is malformed\)/);
      noStack(io.stderr.join('\n'));
      expect(state(file)).toEqual(before);
      // the real process prints the message, not a stack
      const ran = await cliProcess(['evaluate', file, '--scenario', MOTION_FIT]);
      expect(ran.code).toBe(1);
      expect(ran.stderr).toMatch(/is damaged/);
      noStack(ran.stderr);
      expect(state(file)).toEqual(before);
    }, 30_000);
  });

  it('read-only commands work on a read-only file in a read-only folder and leave nothing beside it; writing there is refused clearly', async () => {
    const dir = tempDir();
    const file = await sample(dir);
    const out = path.join(tempDir(), 'report.xlsx');
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    restore.push(dir);
    const before = state(file);
    for (const args of [
      ['info', file, '--json'],
      ['datasets', file],
      ['evaluate', file, '--scenario', MOTION_FIT],
      ['compare', file, '--scenario', MOTION_FIT, '--scenario', AS_IS],
      ['replay', file, '--scenario', MOTION_FIT],
      ['export', file, '--scenario', MOTION_FIT, '--out', out],
    ]) {
      const io = capture();
      expect(await runCli(args, io), `${args[0]}: ${io.stderr.join('\n')}`).toBe(0);
      expect(state(file), args[0]).toEqual(before);
    }
    expect(statSync(out).size).toBeGreaterThan(1000);

    // writing needs the folder too (SQLite keeps its journal beside the file)
    chmodSync(file, 0o644);
    const csv = path.join(tempDir(), 'list.csv');
    writeFileSync(csv, 'Partner ID,Partner Name,Motion\nP1,Acme,reseller\n');
    const io = capture();
    expect(await runCli(['import', file, csv], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/team\.tierscape" is in a read-only folder/);
    expect(io.stderr.join('\n')).not.toMatch(/unable to open database file|cannot be read/);
    chmodSync(file, 0o444);
    expect(state(file)).toEqual(before);
  }, 30_000);

  it('a read-only file in a writable folder: read-only commands work, opening it to write is refused', async () => {
    const dir = tempDir();
    const file = await sample(dir);
    chmodSync(file, 0o444);
    const before = state(file);
    const io = capture();
    expect(await runCli(['info', file], io), io.stderr.join('\n')).toBe(0);
    expect(await runCli(['evaluate', file, '--scenario', MOTION_FIT], capture())).toBe(0);
    expect(state(file)).toEqual(before);
    await expect(Workspace.open(file)).rejects.toMatchObject({ reason: 'read_only' });
    expect(state(file)).toEqual(before);
    chmodSync(file, 0o644);
  });

  describe('messages instead of stack traces', () => {
    it('a workspace locked by another program', async () => {
      const dir = tempDir();
      const file = await sample(dir);
      const csv = path.join(dir, 'list.csv');
      writeFileSync(csv, 'Partner ID,Partner Name,Motion\nP1,Acme,reseller\n');
      const other = openSqlite(file, { fileMustExist: true });
      try {
        other.exec('BEGIN IMMEDIATE');
        const io = capture();
        expect(await runCli(['import', file, csv], io)).toBe(1);
        expect(io.stderr.join('\n')).toMatch(/Another program is using the workspace file .*Try again/);
        noStack(io.stderr.join('\n'));
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
    }, 30_000);

    it('/dev/null and a FIFO are not called a folder, and a FIFO is never opened', async () => {
      const dir = tempDir();
      const fifo = path.join(dir, 'pipe.tierscape');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      for (const target of ['/dev/null', fifo]) {
        const io = capture();
        expect(await runCli(['info', target], io)).toBe(1);
        const text = io.stderr.join('\n');
        expect(text, target).not.toMatch(/folder/);
        expect(text, target).toMatch(/is not a regular file \(a device, a pipe or a socket\)/);
      }
      const folder = path.join(dir, 'a folder.tierscape');
      mkdirSync(folder);
      const io = capture();
      expect(await runCli(['info', folder], io)).toBe(1);
      expect(io.stderr.join('\n')).toMatch(/is a folder, not a workspace file/);
    });
  });
});
