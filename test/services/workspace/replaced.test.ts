/**
 * A workspace file replaced on disk while it is open (issue 18, item 3): a backup restored
 * with `cp` + `mv`, or `cli new --force` run on it. The open workspace must notice before
 * its next write, stop with a clear message, and never write into a file that is no
 * longer at its path; the file now at the path stays whole for every other reader.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceRefusedError } from '../../../electron/services/workspace/errors';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { fillSampleWorkspace } from '../../../electron/services/sample';
import { sha256, useTempDir } from '../../helpers/tmp';

function replacedError(run: () => unknown): WorkspaceRefusedError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceRefusedError);
    return error as WorkspaceRefusedError;
  }
  throw new Error('the write went ahead into a workspace that was replaced on disk');
}

describe('a workspace replaced on disk while open', () => {
  const tempDir = useTempDir();
  const open: Workspace[] = [];
  afterEach(() => open.splice(0).forEach((ws) => ws.close()));

  async function openSample(): Promise<{ dir: string; file: string; ws: Workspace; scenarioId: number }> {
    const dir = tempDir();
    const file = path.join(dir, 'team.tierscape');
    (await Workspace.create(file, { fill: (w) => fillSampleWorkspace(w) })).close();
    const ws = await Workspace.open(file);
    open.push(ws);
    const scenarioId = ws.scenarios.list().find((s) => !s.isBaseline)!.id;
    return { dir, file, ws, scenarioId };
  }

  /** What another program sees at the path: integrity, and the scenario's name. */
  async function readerSees(file: string, scenarioId: number): Promise<{ integrity: unknown; name: string | undefined }> {
    const reader = await Workspace.open(file, { readOnly: true });
    try {
      return {
        integrity: reader.db.pragma('integrity_check', { simple: true }),
        name: reader.scenarios.list().find((s) => s.id === scenarioId)?.name,
      };
    } finally {
      reader.close();
    }
  }

  it('a backup restored with cp + mv: the next write stops with a clear message, and the restored file is never written', async () => {
    const { dir, file, ws, scenarioId } = await openSample();
    const backup = path.join(dir, 'backup.tierscape');
    await ws.backupTo(backup);
    const before = ws.scenarios.get(scenarioId).scenario;
    // edits after the backup: committed into the open file's WAL
    ws.scenarios.save(scenarioId, { ...before, name: 'Edited after the backup' });

    // restore the backup the way a person would: copy beside, then rename over
    copyFileSync(backup, `${file}.restoring`);
    renameSync(`${file}.restoring`, file);
    const restored = sha256(file);

    const error = replacedError(() => ws.scenarios.save(scenarioId, { ...before, name: 'Edited after the restore' }));
    expect(error.reason).toBe('replaced');
    expect(error.message).toMatch(/"team\.tierscape" was replaced or removed on disk while it was open/);
    expect(error.message).toMatch(/not saved/);
    // nothing was written into the restored file, and other readers see it whole, as restored
    expect(sha256(file)).toBe(restored);
    expect(await readerSees(file, scenarioId)).toEqual({ integrity: 'ok', name: before.name });
    // every later write is refused the same way, and closing writes nothing either
    expect(replacedError(() => ws.datasets.rename(ws.info().datasets[0]!.id, 'Renamed')).reason).toBe('replaced');
    expect(() => ws.assertStillAtPath()).toThrow(/replaced or removed on disk/);
    ws.close();
    expect(sha256(file)).toBe(restored);
    expect(await readerSees(file, scenarioId)).toEqual({ integrity: 'ok', name: before.name });
  });

  it('a new workspace created over it (what `cli new --force` does): the next write stops and the new file stays empty', async () => {
    const { file, ws, scenarioId } = await openSample();
    (await Workspace.create(file, { overwrite: true })).close();
    const made = sha256(file);
    const error = replacedError(() => ws.scenarios.delete(scenarioId));
    expect(error.reason).toBe('replaced');
    expect(sha256(file)).toBe(made);
    const fresh = await Workspace.open(file, { readOnly: true });
    try {
      expect(fresh.info().scenarios).toEqual([]);
      expect(fresh.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      fresh.close();
    }
  });

  it('the file removed: the next write stops, and nothing reappears at the path', async () => {
    const { file, ws, scenarioId } = await openSample();
    rmSync(file);
    const error = replacedError(() => ws.scenarios.delete(scenarioId));
    expect(error.reason).toBe('replaced');
    ws.close();
    expect(existsSync(file)).toBe(false);
  });

  it('a file replaced during a write transaction: the transaction is rolled back, not committed', async () => {
    const { dir, file, ws } = await openSample();
    const other = path.join(dir, 'other.tierscape');
    (await Workspace.create(other)).close();
    expect(() =>
      ws.write(() => {
        ws.meta.set('note', 'written while the file was replaced');
        renameSync(other, file);
      }),
    ).toThrow(/replaced or removed on disk/);
    const reader = await Workspace.open(file, { readOnly: true });
    try {
      expect(reader.meta.get('note')).toBeUndefined();
    } finally {
      reader.close();
    }
  });

  it('an untouched workspace passes the check before every write', async () => {
    const { ws, scenarioId } = await openSample();
    expect(() => ws.assertStillAtPath()).not.toThrow();
    const record = ws.scenarios.get(scenarioId);
    expect(ws.scenarios.save(scenarioId, { ...record.scenario, name: 'Still here' }).scenario.name).toBe('Still here');
  });
});
