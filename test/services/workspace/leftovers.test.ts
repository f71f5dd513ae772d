/**
 * Leftovers of a killed Save As or New (issue 18, item 15): `<name>.tierscape.saving-<pid>`
 * (as large as the workspace) and `.creating-<pid>`, with their journal files, are swept
 * on the next open or save in that folder once their process is gone. A temporary of a
 * process still running is its save in progress, and stays.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { useTempDir } from '../../helpers/tmp';

/** The id of a process that has ended. */
function deadPid(): number {
  const ran = spawnSync(process.execPath, ['-e', '']);
  expect(ran.status).toBe(0);
  return ran.pid!;
}

/** What a Save As killed mid-copy leaves: the backup API may not have written the header page yet. */
const HALF_COPIED = Buffer.alloc(4096);

describe('leftovers of a killed Save As or New', () => {
  const tempDir = useTempDir();
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

  function leftovers(dir: string, pid: number, names: string[]): string[] {
    const made: string[] = [];
    for (const name of names) {
      for (const suffix of ['', '-wal', '-journal']) {
        const file = path.join(dir, `${name}-${pid}${suffix}`);
        writeFileSync(file, suffix ? Buffer.alloc(100) : HALF_COPIED);
        made.push(path.basename(file));
      }
    }
    return made;
  }

  it('a killed Save As’s temporary is swept on the next open of a workspace in that folder, when its process is gone', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'work.tierscape');
    (await Workspace.create(file)).close();
    const dead = deadPid();
    const stale = leftovers(dir, dead, ['target.tierscape.saving', 'other.tierscape.creating']);
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(running);
    const live = leftovers(dir, running.pid!, ['busy.tierscape.saving']);
    // names that only look alike, and a folder by such a name, are not Tierscape's: they stay
    writeFileSync(path.join(dir, `notes.txt.saving-${dead}`), 'mine');
    mkdirSync(path.join(dir, `folder.tierscape.saving-${dead}`));

    const ws = await Workspace.open(file);
    ws.close();
    const after = readdirSync(dir);
    for (const name of stale) expect(after, name).not.toContain(name);
    for (const name of live) expect(after, name).toContain(name);
    expect(after).toContain(`notes.txt.saving-${dead}`);
    expect(after).toContain(`folder.tierscape.saving-${dead}`);
  });

  it('a Save As to another name sweeps that folder too', async () => {
    const here = tempDir();
    const there = tempDir();
    const ws = await Workspace.create(path.join(here, 'work.tierscape'));
    try {
      const stale = leftovers(there, deadPid(), ['target.tierscape.saving']);
      await ws.backupTo(path.join(there, 'copy.tierscape'));
      const after = readdirSync(there);
      for (const name of stale) expect(after, name).not.toContain(name);
      expect(after).toContain('copy.tierscape');
    } finally {
      ws.close();
    }
  });

  it('a refused file’s folder is not swept (refusal leaves the folder as it was)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.tierscape');
    writeFileSync(file, 'not a workspace');
    const stale = leftovers(dir, deadPid(), ['target.tierscape.saving']);
    await expect(Workspace.open(file)).rejects.toMatchObject({ reason: 'not_sqlite' });
    for (const name of stale) expect(existsSync(path.join(dir, name)), name).toBe(true);
  });
});
