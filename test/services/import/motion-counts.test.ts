/**
 * Partners per motion of an imported dataset, counted as the import packs its motion list
 * (shared/io/row-check.ts, kept by DatasetRepo.insert), are the counts read back from the
 * list the workspace keeps (what every later open counts): the same motions, counts and
 * order, for motions normalised, unknown or missing, with bad rows skipped (the partners
 * checked again); and motions holding unpaired surrogates (packed as U+FFFD, so two may
 * become one) are counted as the list keeps them.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportService } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { analyseTable } from '../../../shared/io/analyse';
import { GridTable } from '../../../shared/io/grid-table';
import type { ImportMapping } from '../../../shared/io/types';
import { unpackTexts } from '../../../shared/model/packed-text';
import { useTempDir } from '../../helpers/tmp';

describe('partners per motion of an import', () => {
  const tempDir = useTempDir();
  const sessions: AppSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.close()));

  /** Imports `rows` (motion, ARR) and gives the counts the import kept and those of the workspace reopened. */
  async function importMotions(rows: readonly (readonly [string, string])[], run: number) {
    const dir = tempDir();
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    sessions.push(session);
    const file = path.join(dir, 'w.tierscape');
    await session.create(file);
    const imports = new ImportService(session);
    const csv = path.join(dir, 'partners.csv');
    const quote = (t: string) => (/[",\n\r]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t);
    writeFileSync(csv, ['Partner ID,Partner Name,Motion,ARR', ...rows.map(([motion, arr], i) => `P${i},Name ${i},${quote(motion)},${quote(arr)}`)].join('\n'));
    const preview = await imports.preview({ jobId: `job-${run}`, path: csv });
    const result = await imports.commit({ jobId: `job-${run}`, mapping: preview.mapping, label: 'Motions', asOf: null, skipBadRows: true });
    session.close();
    const reopened = await Workspace.open(file);
    try {
      return { counted: result.dataset.motions, readBack: reopened.datasets.get(result.dataset.id).motions };
    } finally {
      reopened.close();
    }
  }

  it('are those read back from the stored list, for a CSV file (fast-check)', async () => {
    const motion = fc.constantFrom('reseller', 'Reseller', ' services ', 'Technology partner', 'VAR', 'var', '', 'n/a', 'Ωmega', 'Z', '"quoted"');
    // an ARR that cannot be read makes its row bad, so it is skipped (and the partners checked again)
    const arr = fc.constantFrom('1', '2.5', '', 'lots');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(motion, arr), { minLength: 1, maxLength: 25 }), async (rows) => {
        if (rows.every(([, a]) => a === 'lots')) return;
        const { counted, readBack } = await importMotions(rows, Math.floor(Math.random() * 1e9));
        expect(counted).toEqual(readBack);
        expect(counted.reduce((s, m) => s + m.count, 0)).toBe(rows.filter(([, a]) => a !== 'lots').length);
      }),
      { numRuns: 25, seed: 1207 },
    );
  });

  it('count motions that differ only in an unpaired surrogate as the one motion the list keeps', () => {
    // a spreadsheet cell can hold a lone surrogate (a CSV file's text cannot: it is UTF-8)
    const rows = [['P1', 'A', 'R\ud800', 1], ['P2', 'B', 'R\udc00', 2], ['P3', 'C', 'reseller', 3], ['P4', 'D', 'R\ud800', 4]];
    const mapping: ImportMapping = {
      columns: [
        { index: 0, header: 'ID', target: { type: 'field', field: 'id' } },
        { index: 1, header: 'Name', target: { type: 'field', field: 'name' } },
        { index: 2, header: 'Motion', target: { type: 'field', field: 'motion' } },
        { index: 3, header: 'ARR', target: { type: 'metric', key: 'arr', label: 'ARR', kind: 'number', unit: null } },
      ],
      dateOrder: 'auto',
      decimal: 'auto',
    };
    const steps = analyseTable(new GridTable(['ID', 'Name', 'Motion', 'ARR'], rows, 2), mapping, 'partners.xlsx');
    let next = steps.next();
    while (!next.done) next = steps.next();
    const { motionCounts, identity } = next.value;
    const fromList = new Map<string, number>();
    for (const m of unpackTexts(identity.motion)) fromList.set(m!, (fromList.get(m!) ?? 0) + 1);
    expect(motionCounts).toEqual(fromList);
    // the two spellings of R and a lone surrogate are one motion: 3 partners; reseller 1
    expect([...motionCounts.values()].sort()).toEqual([1, 3]);
  });

  it('are not kept for an id whose import rolled back, which the next dataset is given', async () => {
    const dir = tempDir();
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    sessions.push(session);
    await session.create(path.join(dir, 'w.tierscape'));
    const ws = session.workspace!;
    const imports = new ImportService(session);
    const csv = path.join(dir, 'partners.csv');
    writeFileSync(csv, 'Partner ID,Partner Name,Motion,ARR\nP1,A,reseller,1\nP2,B,reseller,2\n');
    const preview = await imports.preview({ jobId: 'job-rollback', path: csv });
    // the mapping is remembered in the same transaction, after the dataset was inserted
    const spy = vi.spyOn(ws.mappings, 'remember').mockImplementation(() => {
      throw new Error('disk I/O error (injected)');
    });
    await expect(imports.commit({ jobId: 'job-rollback', mapping: preview.mapping, label: 'Rolled back', asOf: null, skipBadRows: true })).rejects.toThrow('injected');
    spy.mockRestore();
    // the next dataset takes the same id, with partners of its own (not packed by an import)
    const id = ws.datasets.insert({
      label: 'Next',
      asOf: null,
      sourceFile: null,
      mapping: {},
      importedAt: '2026-12-07T00:00:00Z',
      metrics: [],
      values: [],
      partners: [{ id: 'S1', name: 'Sole', motion: 'services', currentTier: null, region: null, segment: null, owner: null }],
    });
    expect(ws.datasets.get(id).motions).toEqual([{ motion: 'services', count: 1 }]);
  });
});
