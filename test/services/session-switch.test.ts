/**
 * No edit lands in the wrong workspace, and a switch is all or nothing (issue 18, items 1
 * and 13): every write names the opening of the workspace it was made for; a write for an
 * opening that is no longer the open one is refused and nothing is written; a settings file
 * that cannot be written, or an old workspace whose last checkpoint fails (a full disk),
 * never leaves the session half switched or stuck.
 */
import { copyFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceInfo } from '../../shared/model/workspace';
import { exampleScenarios } from '../../scenarios/examples';
import { makeSession } from '../helpers/session';
import { sha256, useTempDir } from '../helpers/tmp';

const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('writes name the workspace they were made for', () => {
  const tempDir = useTempDir();
  const open: { session: { close(): void } }[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    open.splice(0).forEach((s) => {
      try {
        s.session.close();
      } catch {
        // a test made closing fail on purpose
      }
    });
  });

  async function twoWorkspaces() {
    const dir = tempDir();
    const s = makeSession(dir);
    open.push(s);
    const value = async <T,>(p: Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>): Promise<T> => {
      const r = await p;
      if (!r.ok) throw Object.assign(new Error(r.error!.message), { code: r.error!.code });
      return r.value as T;
    };
    const a = await value<WorkspaceInfo>(s.raw('workspace:new', { path: path.join(dir, 'A.tierscape'), sample: true }));
    const b = await value<WorkspaceInfo>(s.raw('workspace:new', { path: path.join(dir, 'B.tierscape'), sample: true }));
    return { s, dir, a, b, value };
  }

  it('a write for another opening is refused, and nothing is written into the open workspace', async () => {
    const { s, a, b } = await twoWorkspaces();
    expect(a.id).not.toBe(b.id);
    const id = b.scenarios[0]!.id;
    const before = s.session.workspace!.scenarios.get(id);
    // the page still showing A saves "its" scenario 1
    const stale = await s.raw('scenario:save', { workspace: a.id, id, scenario: { ...before.scenario, name: 'Written into the wrong file' } });
    expect(stale).toMatchObject({ ok: false, error: { code: 'workspace_changed', message: expect.stringMatching(/closed or replaced: "B\.tierscape" is open now.*Nothing was written/) } });
    expect(s.session.workspace!.scenarios.get(id)).toEqual(before);
    for (const [channel, payload] of [
      ['scenario:delete', { workspace: a.id, id }],
      ['dataset:delete', { workspace: a.id, id: b.datasets[0]!.id }],
      ['dataset:rename', { workspace: a.id, id: b.datasets[0]!.id, label: 'Renamed' }],
      ['workspace:close', { workspace: a.id }],
    ] as const) {
      expect(await s.raw(channel, payload), channel).toMatchObject({ ok: false, error: { code: 'workspace_changed' } });
    }
    expect(s.session.info()).toEqual({ ...b, scenarios: expect.any(Array), datasets: expect.any(Array) });
    expect(s.session.info()!.datasets.map((d) => d.label)).toEqual(b.datasets.map((d) => d.label));
    // the same write naming B's opening goes through
    expect(await s.raw('scenario:save', { workspace: b.id, id, scenario: { ...before.scenario, name: 'Edited in B' } })).toMatchObject({ ok: true });
  });

  it('opening the same file again gives a new opening id: writes from before it are refused', async () => {
    const { s, dir, b, value } = await twoWorkspaces();
    const a2 = await value<WorkspaceInfo>(s.raw('workspace:open', { path: path.join(dir, 'A.tierscape') }));
    const b2 = await value<WorkspaceInfo>(s.raw('workspace:open', { path: path.join(dir, 'B.tierscape') }));
    expect(new Set([b.id, a2.id, b2.id]).size).toBe(3);
    expect(await s.raw('scenario:delete', { workspace: b.id, id: b.scenarios[0]!.id })).toMatchObject({ ok: false, error: { code: 'workspace_changed' } });
  });

  it('a recent-files list that cannot be written does not leave the session switched while the call reports failure', async () => {
    const { s, dir, b } = await twoWorkspaces();
    vi.spyOn(s.session.recent, 'add').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    const opened = await s.raw('workspace:open', { path: path.join(dir, 'A.tierscape') });
    // all or nothing: the open succeeded, and says which opening the page now edits
    expect(opened).toMatchObject({ ok: true, value: { fileName: 'A.tierscape' } });
    const a = (opened as { value: WorkspaceInfo }).value;
    expect(s.session.info()?.id).toBe(a.id);
    // a page still on B cannot write into A
    expect(await s.raw('scenario:save', { workspace: b.id, id: b.scenarios[0]!.id, scenario: exampleScenarios()[0]! })).toMatchObject({ ok: false, error: { code: 'workspace_changed' } });
  });

  it('a disk full at the old workspace’s last checkpoint: the switch completes and the new workspace works', async () => {
    const { s, dir } = await twoWorkspaces();
    vi.spyOn(s.session.workspace!, 'close').mockImplementation(() => {
      throw diskFull();
    });
    const opened = await s.raw('workspace:open', { path: path.join(dir, 'A.tierscape') });
    expect(opened).toMatchObject({ ok: true, value: { fileName: 'A.tierscape' } });
    expect(await s.raw('workspace:current', undefined)).toMatchObject({ ok: true, value: { fileName: 'A.tierscape' } });
    expect(await s.raw('scenario:list', undefined)).toMatchObject({ ok: true });
  });

  it('a disk full while closing: the failure is reported, and the session is left with no workspace, not a dead one', async () => {
    const { s, b } = await twoWorkspaces();
    vi.spyOn(s.session.workspace!, 'close').mockImplementation(() => {
      throw diskFull();
    });
    const closed = await s.raw('workspace:close', { workspace: b.id });
    expect(closed).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/disk is full/) } });
    expect(await s.raw('workspace:current', undefined)).toEqual({ ok: true, value: null });
    expect(await s.raw('scenario:list', undefined)).toMatchObject({ ok: false, error: { code: 'no_workspace' } });
  });

  it('the file replaced on disk while open (a backup restored with cp + mv): the next write is refused, the restored file is untouched, and the path opens again', async () => {
    const { s, dir, b } = await twoWorkspaces();
    const restoredFrom = path.join(dir, 'A.tierscape');
    const target = path.join(dir, 'B.tierscape');
    copyFileSync(restoredFrom, `${target}.restoring`);
    renameSync(`${target}.restoring`, target);
    const before = sha256(target);
    const id = b.scenarios[0]!.id;
    const saved = await s.raw('scenario:save', { workspace: b.id, id, scenario: exampleScenarios()[0]! });
    expect(saved).toMatchObject({ ok: false, error: { code: 'workspace_changed', message: expect.stringMatching(/replaced or removed on disk while it was open.*not saved/) } });
    expect(sha256(target)).toBe(before);
    expect(await s.raw('workspace:current', undefined)).toEqual({ ok: true, value: null });
    // opening the path again opens the file that is there now
    const reopened = await s.raw('workspace:open', { path: target });
    expect(reopened).toMatchObject({ ok: true, value: { fileName: 'B.tierscape' } });
    expect((reopened as { value: WorkspaceInfo }).value.id).not.toBe(b.id);
  });

  it('a failed open leaves the open workspace open and usable', async () => {
    const { s, dir, b } = await twoWorkspaces();
    const failed = await s.raw('workspace:open', { path: path.join(dir, 'missing.tierscape') });
    expect(failed).toMatchObject({ ok: false });
    expect(await s.raw('scenario:save', { workspace: b.id, id: b.scenarios[0]!.id, scenario: { ...s.session.workspace!.scenarios.get(b.scenarios[0]!.id).scenario } })).toMatchObject({ ok: true });
  });
});
