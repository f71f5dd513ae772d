/**
 * A dataset's summary counts its partners per motion from its packed motion list: just
 * written, and on a later open (a second connection, which has no counts kept). Both must
 * answer exactly what a SQL GROUP BY over the stored motions answers (the list's motions put
 * in a table on a raw connection, as the partner rows of schemas before 6 held them) for any
 * motions: equal counts (then SQLite's BINARY order of the UTF-8 bytes), letters beyond the
 * BMP against those near its end, and unpaired surrogates, which are stored as U+FFFD. A
 * missing or damaged motion list counts no motions, and the dataset is refused by name when
 * read.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDataset } from '../../../electron/services/workspace/dataset.repo';
import { openSqlite, type SqliteDatabase } from '../../../electron/services/workspace/native';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { packTexts, unpackTexts } from '../../../shared/model/packed-text';
import type { PartnerIdentity } from '../../../shared/model/dataset';
import { todayTiersOf } from '../../../shared/model/tier-mapping';
import { useTempDir } from '../../helpers/tmp';

function list(label: string, motions: string[]): NewDataset & { partners: PartnerIdentity[] } {
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
  const open: { close(): void }[] = [];
  afterEach(() => open.splice(0).forEach((ws) => ws.close()));

  /** A workspace, a second, read-only one on its file (no counts kept: each summary counts anew), and a raw connection for the query. */
  async function workspace(): Promise<[Workspace, Workspace, SqliteDatabase, string]> {
    const file = path.join(tempDir(), `w-${open.length}.tierscape`);
    const ws = await Workspace.create(file);
    open.push(ws);
    const other = await Workspace.open(file, { readOnly: true });
    open.push(other);
    const raw = openSqlite(file);
    open.push(raw);
    return [ws, other, raw, file];
  }

  /** The summary's motions as a GROUP BY over the stored motions answers them. */
  const queried = (raw: SqliteDatabase, id: number) => {
    const texts = raw.prepare("SELECT texts FROM partner_text WHERE dataset_id = ? AND field = 'motion'").pluck().get(id) as Buffer;
    raw.exec('DROP TABLE IF EXISTS temp.stored; CREATE TEMP TABLE stored (motion TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO temp.stored (motion) VALUES (?)');
    for (const motion of unpackTexts(texts)) insert.run(motion);
    return raw.prepare('SELECT motion, count(*) AS count FROM temp.stored GROUP BY motion ORDER BY count DESC, motion').all();
  };

  it('is what the query answers, for hand-picked motions', async () => {
    const [ws, other, raw] = await workspace();
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
      expect(ws.datasets.get(id)).toEqual(other.datasets.get(id));
      expect(ws.datasets.get(id)).toEqual(other.datasets.get(id));
      expect(other.datasets.get(id).motions).toEqual(queried(raw, id));
    }
    expect(ws.datasets.list()).toEqual(other.datasets.list());
    ws.datasets.delete(1);
    expect(ws.datasets.list()).toEqual(other.datasets.list());
  });

  it('is what the query answers, for any motions', async () => {
    const [ws, other, raw] = await workspace();
    const motion = fc.oneof(fc.constantFrom('reseller', 'services', 'technology', 'unassigned', 'ä', '\u{1f600}', '\uffff', '\ud800'), fc.string({ unit: 'binary', maxLength: 4 }));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(motion, { maxLength: 60 }), async (motions) => {
        const dataset = list(`L${run++}`, motions);
        const id = ws.datasets.insert(dataset);
        expect(ws.datasets.get(id)).toEqual(other.datasets.get(id));
        expect(other.datasets.get(id).motions).toEqual(queried(raw, id));
        expect(ws.datasets.list()).toEqual(other.datasets.list());
      }),
      { numRuns: 150 },
    );
  });

  it('counts no motions when the packed motion list is missing or does not hold one motion per partner; the list is then refused by name', async () => {
    const [ws, , raw, file] = await workspace();
    const dataset = list('L', ['services', 'reseller', 'services']);
    const id = ws.datasets.insert(dataset);
    // a motion list of two partners, then none: each opened afresh (no counts kept)
    raw.prepare("UPDATE partner_text SET texts = ? WHERE dataset_id = ? AND field = 'motion'").run(Buffer.from(packTexts(['services', 'reseller'])), id);
    const refusals = [/"L" .* damaged: it lists 3 partners but its motion list holds 2/, /"L" .* damaged: its list of partner motion fields is missing/];
    for (const [i, tamper] of [null, "DELETE FROM partner_text WHERE field = 'motion'"].entries()) {
      if (tamper) raw.prepare(tamper).run();
      const fresh = await Workspace.open(file, { readOnly: true });
      open.push(fresh);
      expect(fresh.datasets.get(id)).toMatchObject({ partnerCount: 3, motions: [] });
      expect(() => fresh.datasets.columnar(id)).toThrow(refusals[i]!);
    }
  });

  it("today's tiers are what the GROUP BY over the stored tiers and motions gave, for any labels and motions", async () => {
    const [ws, other, raw] = await workspace();
    const label = fc.oneof(fc.constant(null), fc.constantFrom('Gold', 'gold', ' GOLD', 'Silver', 'Platinum', 'Legacy Elite', '', 'ä', '\u{1f600}', '\uffff', '\ud800'), fc.string({ unit: 'binary', maxLength: 3 }));
    const motion = fc.constantFrom('reseller', 'services', 'technology', 'ä', '\uffff', '\u{1f600}');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(label, motion), { maxLength: 60 }), async (pairs) => {
        const dataset = list(`T${run++}`, pairs.map(([, m]) => m));
        dataset.partners.forEach((p, i) => (p.currentTier = pairs[i]![0]));
        const id = ws.datasets.insert(dataset);
        // the query schema 5 ran over the partner rows, over the stored lists put in a table
        const stored = (field: string) => unpackTexts(raw.prepare('SELECT texts FROM partner_text WHERE dataset_id = ? AND field = ?').pluck().get(id, field) as Buffer);
        const tiers = stored('currentTier');
        const motions = stored('motion');
        raw.exec('DROP TABLE IF EXISTS temp.rows; CREATE TEMP TABLE rows (current_tier TEXT, motion TEXT NOT NULL)');
        const insert = raw.prepare('INSERT INTO temp.rows (current_tier, motion) VALUES (?, ?)');
        tiers.forEach((t, i) => insert.run(t, motions[i]));
        const grouped = raw.prepare('SELECT current_tier AS label, motion, count(*) AS count FROM temp.rows WHERE current_tier IS NOT NULL GROUP BY current_tier, motion').all() as { label: string; motion: string; count: number }[];
        expect(ws.datasets.todayTiers(id)).toEqual(todayTiersOf(grouped));
        expect(other.datasets.todayTiers(id)).toEqual(todayTiersOf(grouped));
      }),
      { numRuns: 120 },
    );
  });
});
