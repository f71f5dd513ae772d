/**
 * A killed export leaves its partial workbook (issue 18, item 15): the next export into
 * that folder sweeps what no running export writes, and leaves alone what one does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning, partialOf, sweepPartialWorkbooks } from '../../../electron/services/leftovers';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import type { WorkbookSpec } from '../../../shared/report/sheet';
import { useTempDir } from '../../helpers/tmp';

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  expect(isRunning(child.pid!)).toBe(false);
  return child.pid!;
}

const tiny: WorkbookSpec = {
  title: 'Leftovers',
  subject: '',
  created: '2026-12-06T10:00:00Z',
  properties: {},
  sheets: [{ name: 'Summary', title: [], columns: [{ header: 'A', format: 'text' }], rowCount: 1, row: () => ['x'], freezeColumns: 0, landscape: false }],
};

describe('partial workbooks left by a killed export', () => {
  const tempDir = useTempDir();

  it('the next export in the folder removes those of processes that are gone, and old unnumbered ones; never a running export’s', async () => {
    const dir = tempDir();
    const dead = partialOf(path.join(dir, 'report.xlsx'), deadPid());
    const running = partialOf(path.join(dir, 'other.xlsx'), process.ppid); // the test runner's parent is running
    const legacyOld = path.join(dir, 'old.xlsx.partial');
    const legacyNew = path.join(dir, 'fresh.xlsx.partial');
    const unrelated = path.join(dir, 'notes.partial-1');
    for (const f of [dead, running, legacyOld, legacyNew, unrelated]) writeFileSync(f, 'PK\u0003\u0004 half a zip');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(legacyOld, twoHoursAgo, twoHoursAgo);

    await writeWorkbook(tiny, path.join(dir, 'report.xlsx'));
    expect(readdirSync(dir).sort()).toEqual([path.basename(legacyNew), 'notes.partial-1', path.basename(running), 'report.xlsx'].sort());
    expect(existsSync(dead)).toBe(false);
  });

  it('a folder that cannot be read sweeps nothing and throws nothing', () => {
    expect(sweepPartialWorkbooks(path.join(tempDir(), 'missing'))).toEqual([]);
  });
});
