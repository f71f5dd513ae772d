/**
 * The summary of a dataset just imported (DatasetRepo's getInserted) counts its motions in
 * memory instead of scanning the rows just written, and keeps the counts for later summaries:
 * it must answer exactly what the SQL GROUP BY answers — asked through a second connection,
 * which has no such counts — for any motions: equal counts (then SQLite's BINARY order of
 * the UTF-8 bytes), letters beyond the BMP against those near its end, and unpaired
 * surrogates, which do not read back from SQLite as they were written.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDataset } from '../../../electron/services/workspace/dataset.repo';
import { Workspace } from '../../../electron/services/workspace/workspace';
import type { PartnerIdentity } from '../../../shared/model/dataset';
import { useTempDir } from '../../helpers/tmp';

function list(label: string, motions: string[]): NewDataset {
  const partners: PartnerIdentity[] = motions.map((motion, i) => ({
    id: `P-${i}`,
    name: `Partner ${i}`,
    motion,
    currentTier: null,
    region: null,
    segment: null,
    owner: null,
  }));
  return {
    label,
    asOf: '2026-06-30',
    sourceFile: 'partners.csv',
    mapping: {},
    importedAt: '2026-12-07T00:00:00.000Z',
    metrics: [{ key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' }],
    partners,
    values: [Float64Array.from(partners, (_, i) => i)],
  };
}

describe('the summary of a dataset just inserted', () => {
  const tempDir = useTempDir();
  const open: Workspace[] = [];
  afterEach(() => open.splice(0).forEach((ws) => ws.close()));

  /** A workspace, and a second, read-only connection to its file whose summaries all come from SQL. */
  async function workspace(): Promise<[Workspace, Workspace]> {
    const file = path.join(tempDir(), `w-${open.length}.tierscape`);
    const ws = await Workspace.create(file);
    open.push(ws);
    const other = await Workspace.open(file, { readOnly: true });
    open.push(other);
    return [ws, other];
  }

  it('is what get() answers, for hand-picked motions', async () => {
    const [ws, other] = await workspace();
    const motions = [
      ['reseller', 'services', 'technology', 'services'],
      ['b', 'a', 'B', 'A', 'ä', 'a'],
      // U+FFFF sorts after U+1F600 in UTF-16 code units, before it in UTF-8 bytes
      ['\uffff', '\u{1f600}', '\ue000', 'z'],
      // unpaired surrogates: stored (and grouped) as U+FFFD
      ['\ud800', '\udfff', '\ufffd', 'x\ud83d', 'x\ufffd', 'x\ufffd'],
      ['all'],
      [],
    ];
    for (const [i, m] of motions.entries()) {
      const dataset = list(`L${i}`, m);
      const id = ws.datasets.insert(dataset);
      expect(ws.datasets.getInserted(id, dataset.partners)).toEqual(other.datasets.get(id));
      expect(ws.datasets.get(id)).toEqual(other.datasets.get(id));
    }
    expect(ws.datasets.list()).toEqual(other.datasets.list());
    ws.datasets.delete(1);
    expect(ws.datasets.list()).toEqual(other.datasets.list());
  });

  it('is what get() answers, for any motions', async () => {
    const [ws, other] = await workspace();
    const motion = fc.oneof(fc.constantFrom('reseller', 'services', 'technology', 'unassigned', 'ä', '\u{1f600}', '\uffff', '\ud800'), fc.string({ unit: 'binary', maxLength: 4 }));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(motion, { maxLength: 60 }), async (motions) => {
        const dataset = list(`L${run++}`, motions);
        const id = ws.datasets.insert(dataset);
        expect(ws.datasets.getInserted(id, dataset.partners)).toEqual(other.datasets.get(id));
        expect(ws.datasets.list()).toEqual(other.datasets.list());
      }),
      { numRuns: 150 },
    );
  });
});
