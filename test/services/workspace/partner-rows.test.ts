/**
 * A dataset's partner rows are written in batches of many rows per INSERT (DatasetRepo's
 * insertPartners): every size around a batch's edge reads back exactly as written, in
 * order, with every identity field (nulls included), and a duplicate partner id in the last,
 * partial batch still refuses the whole dataset.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDataset } from '../../../electron/services/workspace/dataset.repo';
import { Workspace } from '../../../electron/services/workspace/workspace';
import type { PartnerIdentity } from '../../../shared/model/dataset';
import { useTempDir } from '../../helpers/tmp';

function list(label: string, partners: PartnerIdentity[]): NewDataset {
  return {
    label,
    asOf: null,
    sourceFile: null,
    mapping: {},
    importedAt: '2026-12-06T00:00:00.000Z',
    metrics: [{ key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' }],
    partners,
    values: [Float64Array.from(partners, (_, i) => i * 10)],
  };
}

const partner = (i: number): PartnerIdentity => ({
  id: `P-${i}`,
  name: `Partner ${i}`,
  motion: ['reseller', 'services', 'technology'][i % 3]!,
  currentTier: i % 4 === 0 ? null : `Tier ${i % 4}`,
  region: i % 5 === 0 ? null : 'EMEA',
  segment: i % 7 === 0 ? null : 'SMB',
  owner: i % 2 === 0 ? null : `Owner ${i}`,
});

describe('partner rows, written in batches', () => {
  const tempDir = useTempDir();
  const open: Workspace[] = [];
  afterEach(() => open.splice(0).forEach((ws) => ws.close()));

  async function workspace(): Promise<Workspace> {
    const ws = await Workspace.create(path.join(tempDir(), `w-${open.length}.tierscape`));
    open.push(ws);
    return ws;
  }

  it.each([0, 1, 2, 255, 256, 257, 511, 512, 513, 1_000])('%i partners read back as written, in order', async (n) => {
    const ws = await workspace();
    const partners = Array.from({ length: n }, (_, i) => partner(i));
    const id = ws.datasets.insert(list('L', partners));
    expect(ws.datasets.load(id).partners).toEqual(partners);
    expect(ws.datasets.get(id).partnerCount).toBe(n);
  });

  it('any identities, any count, read back as written', async () => {
    const ws = await workspace();
    const text = fc.string({ maxLength: 12 });
    const identity = fc.record({ name: text, motion: fc.constantFrom('reseller', 'services', 'Technology'), currentTier: fc.option(text), region: fc.option(text), segment: fc.option(text), owner: fc.option(text) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(identity, { maxLength: 600 }), async (rows) => {
        const partners = rows.map((r, i) => ({ id: `id-${i}`, ...r }));
        const id = ws.datasets.insert(list(`L${run++}`, partners));
        expect(ws.datasets.load(id).partners).toEqual(partners);
      }),
      { numRuns: 25 },
    );
  });

  it('a duplicate partner id in the last, partial batch refuses the whole list and writes nothing', async () => {
    const ws = await workspace();
    const partners = Array.from({ length: 300 }, (_, i) => partner(i));
    partners[299] = { ...partner(299), id: partners[3]!.id };
    expect(() => ws.datasets.insert(list('Dup', partners))).toThrow(/UNIQUE/);
    expect(ws.datasets.list()).toEqual([]);
  });
});
