/**
 * A dataset's partners are kept as packed lists, one per identity field (schema 6 has no
 * partner rows): every size reads back exactly as written, in order, with every identity
 * field (nulls included), a page of them reads as the same slice of the whole list, and lists
 * packed by the caller (an import) are written as they are.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDataset } from '../../../electron/services/workspace/dataset.repo';
import { Workspace } from '../../../electron/services/workspace/workspace';
import type { PartnerIdentity } from '../../../shared/model/dataset';
import { packTexts } from '../../../shared/model/packed-text';
import { packIdentity } from '../../../electron/services/workspace/partner-texts';
import { useTempDir } from '../../helpers/tmp';

function list(label: string, partners: PartnerIdentity[]): NewDataset & { partners: PartnerIdentity[] } {
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

describe('a dataset\'s partners, kept as packed lists', () => {
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

  it('a page is the same slice of the whole list, wherever it starts and however long it is', async () => {
    const ws = await workspace();
    const partners = Array.from({ length: 300 }, (_, i) => ({ ...partner(i), name: i % 11 === 0 ? `Ωmega 😀 ${i}` : `Partner ${i}` }));
    const id = ws.datasets.insert(list('Paged', partners));
    for (const [offset, limit] of [[0, 5], [0, 300], [0, 1_000], [1, 1], [17, 40], [295, 10], [299, 1], [300, 5], [400, 5], [0, 0]] as const) {
      const page = ws.datasets.page(id, offset, limit);
      expect(page.total).toBe(300);
      expect(page.offset).toBe(offset);
      expect(page.rows.map(({ values: _values, ...identity }) => identity)).toEqual(partners.slice(offset, offset + limit));
      expect(page.rows.map((r) => r.values[0])).toEqual(partners.slice(offset, offset + limit).map((_, i) => (offset + i) * 10));
    }
  });

  it('lists packed by the caller are written as they are; one of another length refuses the whole list', async () => {
    const ws = await workspace();
    const partners = Array.from({ length: 300 }, (_, i) => partner(i));
    const packed = packIdentity(partners);
    const { partners: _objects, ...meta } = list('Packed', partners);
    const id = ws.datasets.insert({ ...meta, count: partners.length, packed });
    expect(ws.datasets.load(id).partners).toEqual(partners);
    // stored byte for byte (SQLite hands BLOBs back as Buffers)
    expect(Object.fromEntries(Object.entries(ws.datasets.wireColumns(id).identity).map(([field, bytes]) => [field, new Uint8Array(bytes)]))).toEqual(packed);
    const short = { ...packed, owner: packTexts(partners.slice(1).map((p) => p.owner)) };
    expect(() => ws.datasets.insert({ ...meta, label: 'Short', count: partners.length, packed: short })).toThrow(/the packed owner list holds 299 entries for 300 partners/);
    expect(ws.datasets.list().map((d) => d.label)).toEqual(['Packed']);
    expect(ws.db.prepare('SELECT count(*) AS n FROM metric').get()).toEqual({ n: 1 });
  });
});
