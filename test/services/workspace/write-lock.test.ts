/**
 * Writes wait for another program's write lock (issue 18, item 11): every write
 * transaction begins IMMEDIATE, so SQLite's busy timeout applies even to a read-then-write
 * (a scenario save that moves the baseline reads the current baseline first). A deferred
 * transaction that has read cannot wait for the lock and fails at once: "database is locked".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { fillSampleWorkspace } from '../../../electron/services/sample';
import { useTempDir } from '../../helpers/tmp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LOCK_CHILD = path.join(ROOT, 'test/helpers/write-lock-child.ts');

/** Another program that takes the workspace's write lock for `holdMs` once this process commits. */
async function lockHolder(file: string, holdMs: number): Promise<{ proc: ChildProcess; waitFor(line: string): Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', LOCK_CHILD, file, '1', String(holdMs)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  proc.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const waitFor = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.includes(line)) {
          clearInterval(timer);
          resolve();
        } else if (proc.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`the lock holder ended: ${err}`));
        }
      }, 2);
    });
  await waitFor('READY');
  return { proc, waitFor };
}

describe('writes wait for another program’s write lock', () => {
  const tempDir = useTempDir();
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it('a scenario save that moves the baseline (a read-then-write) waits for the lock instead of failing', async () => {
    const file = path.join(tempDir(), 'team.tierscape');
    (await Workspace.create(file, { fill: (w) => fillSampleWorkspace(w) })).close();
    const ws = await Workspace.open(file);
    cleanup.push(() => ws.close());
    const target = ws.scenarios.list().find((s) => !s.isBaseline && s.datasetId !== null)!;
    const holder = await lockHolder(file, 800);
    cleanup.push(() => holder.proc.stdin!.end());
    // a commit of ours makes the other program take the lock
    ws.meta.set('note', 'hello');
    await holder.waitFor('HOLD 1');
    const started = performance.now();
    const record = ws.scenarios.get(target.id);
    const saved = ws.scenarios.save(target.id, { ...record.scenario, baseline: true });
    expect(saved.scenario.baseline).toBe(true);
    expect(performance.now() - started).toBeGreaterThan(100);
    expect(ws.scenarios.list().filter((s) => s.isBaseline && s.datasetId === target.datasetId).map((s) => s.id)).toEqual([target.id]);
  }, 30_000);
});
