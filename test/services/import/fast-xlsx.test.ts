/**
 * Issue 23: the fast XLSX reader (electron/services/import/fast-xlsx/) gives the very table
 * the SheetJS path gives (read/workbook.ts's readWorkbookWithSheetJs), cell for cell — the
 * sheets list, the sheet chosen, the headers, every row — or declines the file (and the
 * import reads it through SheetJS). When the SheetJS path refuses a file, the fast reader
 * must decline it or refuse it with the same message.
 *
 * Compared: every .xlsx fixture (each sheet chosen too), the workbooks the import and fuzz
 * tests build (fuzz-files.ts: 200 sampled fuzz cases, sparse sheets, bombs, damaged
 * metadata; the large-sheet test's partner sheet; the service test's two-sheet book), a
 * workbook of Tierscape's own export writer (the bench's 100K input is written by it), and a
 * fast-check property over random workbooks written with SheetJS. The common fixtures must
 * not be declined, nor any random workbook but those with ISO date cells (t="d").
 *
 * The fast reader reads a sheet's bytes as they inflate (fast-xlsx/stream.ts): each
 * comparison reads every workbook in its default windows and again in chunks of a few bytes
 * to a few KB (CHUNKS), so that tags, cells, entities and UTF-8 sequences fall across two
 * chunks, and every reading must give the same outcome.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { readFastWorkbook } from '../../../electron/services/import/fast-xlsx/read';
import { readWorkbookWithSheetJs, sheetScore } from '../../../electron/services/import/read/workbook';
import type { ReadOptions } from '../../../electron/services/import/read/source';
import { FIXTURE_DIR } from '../../fixtures/import';
import { CHUNKS } from './fast-xlsx-chunks';
import { partnerSheet } from '../../helpers/partner-workbook';
import { badMetadataWorkbook, buildXlsx, partBomb, SPARSE_SHAPES, sparseWorkbook, xlsxCase, zipBomb } from '../../security/fuzz-files';

type Outcome = { kind: 'table'; value: unknown } | { kind: 'refused'; message: string } | { kind: 'declined' };

async function viaSheetJs(bytes: Buffer, options: ReadOptions): Promise<Outcome> {
  try {
    return { kind: 'table', value: await readWorkbookWithSheetJs(bytes, 'book.xlsx', 'zip', options) };
  } catch (error) {
    return { kind: 'refused', message: (error as Error).message };
  }
}

/** The fast reader's outcome, the same whatever the chunks a sheet is read in. */
async function viaFast(bytes: Buffer, options: ReadOptions): Promise<Outcome> {
  const first = await viaFastOnce(bytes, options);
  for (const chunkBytes of CHUNKS.slice(1)) expect(await viaFastOnce(bytes, { ...options, largeSheet: { ...options.largeSheet, chunkBytes } }), `chunks of ${chunkBytes} bytes`).toEqual(first);
  return first;
}

async function viaFastOnce(bytes: Buffer, options: ReadOptions): Promise<Outcome> {
  try {
    const value = await readFastWorkbook(bytes, 'book.xlsx', options, sheetScore);
    return value ? { kind: 'table', value } : { kind: 'declined' };
  } catch (error) {
    return { kind: 'refused', message: (error as Error).message };
  }
}

/** 'same' when the fast reader gives what the SheetJS path gives; 'declined' when it leaves the file to SheetJS. */
async function compare(bytes: Buffer, options: ReadOptions = {}, label = ''): Promise<'same' | 'declined'> {
  const fast = await viaFast(bytes, options);
  if (fast.kind === 'declined') return 'declined';
  const sheetJs = await viaSheetJs(bytes, options);
  expect(fast, label).toEqual(sheetJs);
  return 'same';
}

/** Every sheet of a workbook chosen, as the person can choose it in the preview, compared too. */
async function compareEverySheet(bytes: Buffer, label: string): Promise<'same' | 'declined'> {
  const first = await compare(bytes, {}, label);
  let names: string[] = [];
  try {
    names = XLSX.read(bytes, { type: 'buffer', bookSheets: true }).SheetNames;
  } catch {
    // not a workbook SheetJS can list
  }
  let all = first;
  for (const sheet of names) if ((await compare(bytes, { sheet }, `${label} › ${sheet}`)) === 'declined') all = 'declined';
  return all;
}

const bookOf = (sheets: [string, XLSX.WorkSheet][], options: XLSX.WritingOptions = {}): Buffer => {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, ...options }) as Buffer;
};

describe('the fast XLSX reader gives the SheetJS path\'s table (issue 23)', () => {
  it('on every .xlsx fixture, each sheet chosen too; the common ones are not declined', async () => {
    const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const declined: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(path.join(FIXTURE_DIR, file));
      if ((await compareEverySheet(bytes, file)) === 'declined') declined.push(file);
    }
    // the files that are no workbook at all (a PNG, text, random bytes, a cut ZIP) are left to SheetJS's refusal
    expect(declined.sort()).toEqual(['png-renamed.xlsx', 'random.bin.xlsx', 'text-renamed.xlsx', 'truncated.xlsx']);
  });

  it('on the workbooks the import tests build: partner sheets, several sheets, sparse sheets, bombs, damaged metadata', async () => {
    const outcomes = new Map<string, 'same' | 'declined'>();
    outcomes.set('partner sheet', await compareEverySheet(bookOf([['Partners', partnerSheet(300)]], { bookSST: true }), 'partner sheet'));
    outcomes.set('partner sheet, inline strings', await compareEverySheet(bookOf([['Partners', partnerSheet(120)]]), 'partner sheet, inline'));
    const notes = XLSX.utils.aoa_to_sheet([['Read me'], ['Exported from the CRM']]);
    const lookup = XLSX.utils.aoa_to_sheet([['Code', 'Region'], ['NA', 'North America']]);
    outcomes.set('three sheets', await compareEverySheet(bookOf([['Notes', notes], ['Partner list', partnerSheet(60)], ['Lookup', lookup]], { bookSST: true }), 'three sheets'));
    const more = bookOf([
      ['Partners', XLSX.utils.aoa_to_sheet([['Partner Name', 'ARR'], ['Acme', 1]])],
      ['More', XLSX.utils.aoa_to_sheet([['Partner Name', 'ARR'], ['Beta', 2], ['Gamma', 3]])],
    ]);
    outcomes.set('two sheets', await compareEverySheet(more, 'two sheets'));
    for (const shape of SPARSE_SHAPES) outcomes.set(`sparse ${shape}`, await compare(sparseWorkbook(shape), {}, shape));
    outcomes.set('sparse stray row far down', await compare(sparseWorkbook('strayRow', 50, 0), {}, 'strayRow 50'));
    outcomes.set('bad metadata', await compare(badMetadataWorkbook(), {}, 'bad metadata'));
    outcomes.set('zip bomb', await compare(zipBomb(20), {}, 'zip bomb'));
    for (const part of ['sheet', 'sharedStrings', 'styles', 'theme', 'extra'] as const) {
      for (const lie of [false, true]) outcomes.set(`bomb ${part} ${lie}`, await compare(partBomb({ part, megabytes: 12, fill: 'spaces', lie }), {}, `bomb ${part}`));
    }
    for (const name of ['partner sheet', 'partner sheet, inline strings', 'three sheets', 'two sheets', 'sparse declaredOnly', 'sparse strayColumn', 'sparse strayRow']) {
      expect(outcomes.get(name), name).toBe('same');
    }
  }, 120_000);

  it("on workbooks Tierscape's own export writer writes (cells without references, shared and inline strings, formats, title rows)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fast-xlsx-'));
    try {
      const formats = ['text', 'number', 'currency', 'percent', 'date', 'count', 'text', 'number'] as const;
      const texts = ['Acme & Sons', '<b>bold</b>', 'Ünïcode 日本 😀', ' lead', 'a\nb', '_x0041_', '"quoted"', '=1+1'];
      const file = path.join(dir, 'export.xlsx');
      await writeWorkbook(
        {
          title: 'Partners',
          subject: 'Test',
          created: '2026-11-23T00:00:00Z',
          properties: {},
          sheets: [
            {
              name: 'Partners',
              title: ['Partner list', 'second title line'],
              columns: formats.map((format, c) => ({ header: ['Partner ID', 'Partner Name', 'ARR', 'Win rate', 'Joined', 'Sellers', 'Notes', 'Score'][c]!, format })),
              rowCount: 400,
              row: (i) => [
                `P${i}`,
                i % 13 === 0 ? null : texts[i % texts.length]!,
                i % 7 === 0 ? null : i * 1234.5 - 3000,
                (i % 100) / 100,
                i % 5 === 0 ? null : 40_000 + i,
                i % 3 === 0 ? true : i,
                i % 4 === 0 ? '' : `note ${i % 9}`,
                i % 11 === 0 ? Number.NaN : -i / 7,
              ],
              freezeColumns: 2,
              landscape: true,
            },
            { name: 'Notes', title: ['Read me'], columns: [{ header: 'Note', format: 'text' }], rowCount: 2, row: (i) => [`line ${i}`], freezeColumns: 0, landscape: false },
          ],
        },
        file,
      );
      expect(await compareEverySheet(readFileSync(file), 'export')).toBe('same');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on 200 workbooks of the import fuzz test (fuzz-files.ts, fixed seed): the same, or declined', async () => {
    const cases = fc.sample(xlsxCase, { seed: 20_261_123, numRuns: 200 });
    const counts = new Map<string, number>();
    for (const c of cases) {
      const outcome = await compare(buildXlsx(c), {}, JSON.stringify(c).slice(0, 300));
      const key = `${c.mutation.kind}${c.flips.length ? '+flips' : ''}: ${outcome}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (process.env.TIERSCAPE_FAST_XLSX_VERBOSE) console.log([...counts].sort().map(([k, n]) => `${k} ${n}`).join('\n'));
    expect(counts.get('valid: same') ?? 0, 'valid workbooks are read, not declined').toBeGreaterThan(10);
    expect(counts.get('valid: declined') ?? 0).toBe(0);
  }, 300_000);

  it('on random workbooks written with SheetJS (fast-check): text with XML specials and unicode, numbers, booleans, dates, gaps, several sheets', async () => {
    let declined = 0;
    let same = 0;
    let withDateCells = 0;
    await fc.assert(
      fc.asyncProperty(randomBook, async (book) => {
        const bytes = bookOf(book.sheets.map((s) => [s.name, sheetOf(s)]), { bookSST: book.sst, cellDates: book.isoDates });
        if (book.isoDates) withDateCells += 1;
        const outcome = await compareEverySheet(bytes, JSON.stringify(book).slice(0, 500));
        if (outcome === 'same') same += 1;
        if (outcome === 'declined') {
          declined += 1;
          // only ISO date cells (t="d") are left to SheetJS
          expect(book.isoDates && book.sheets.some((s) => s.rows.some((r) => r.some((c) => c?.kind === 'date'))), JSON.stringify(book).slice(0, 500)).toBe(true);
        }
      }),
      { seed: 23, numRuns: 150 },
    );
    expect(declined).toBeLessThanOrEqual(withDateCells);
    expect(same, 'random workbooks read by the fast reader, every sheet').toBeGreaterThan(110);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------
// Workbooks

type RandomCell =
  | { kind: 'text'; v: string }
  | { kind: 'number'; v: number; z?: string }
  | { kind: 'bool'; v: boolean }
  | { kind: 'date'; v: number; z: string }
  | { kind: 'error'; v: number }
  | null;

interface RandomSheet {
  name: string;
  /** rows, each placed at its row number (gaps between them) */
  rows: RandomCell[][];
  gaps: number[];
  merges: { r: number; c: number; w: number; h: number }[];
}

const specials = fc.constantFrom('&', '<', '>', '"', "'", '&amp;', '&lt;b&gt;', '_x0041_', '_x000D_', '\r\n', '\n', '\t', ' lead', 'trail ', '<![CDATA[x]]>', 'Partner Name', 'ARR', '€', '日本語', '😀', 'Ünïcode');
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.array(specials, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')),
);
const number = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
  fc.constantFrom(0, -0.5, 1e-7, 123456789012345, 0.1 + 0.2, -3000),
);
const dateFormat = fc.constantFrom('yyyy-mm-dd', 'm/d/yy', 'dd.mm.yyyy', 'yyyy-mm-dd hh:mm', 'mmm d, yyyy');
const cell: fc.Arbitrary<RandomCell> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: text.map((v) => ({ kind: 'text' as const, v })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('number' as const), v: number, z: fc.option(fc.constantFrom('0%', '"$"#,##0', '0.00', '#,##0'), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.boolean().map((v) => ({ kind: 'bool' as const, v })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('date' as const), v: fc.oneof(fc.integer({ min: 1, max: 80_000 }), fc.double({ min: 1, max: 80_000, noNaN: true })), z: dateFormat }) },
  { weight: 1, arbitrary: fc.constantFrom(0x00, 0x07, 0x0f, 0x17, 0x1d, 0x24, 0x2a).map((v) => ({ kind: 'error' as const, v })) },
);
const sheetName = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,12}$/), fc.constantFrom('Partners', 'Partner list', 'constructor', '__proto__', 'toString', 'Ünïcode & <co>'));
const randomSheet: fc.Arbitrary<Omit<RandomSheet, 'name'>> = fc.record({
  rows: fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 14 }),
  gaps: fc.array(fc.nat(3), { maxLength: 14 }),
  merges: fc.array(fc.record({ r: fc.nat(3), c: fc.nat(6), w: fc.nat(3), h: fc.nat(1) }), { maxLength: 2 }),
});
const randomBook = fc.record({
  sheets: fc.uniqueArray(fc.tuple(sheetName, randomSheet), { minLength: 1, maxLength: 3, selector: ([n]) => n.toLowerCase() }).map((list) => list.map(([name, s]) => ({ name, ...s }))),
  sst: fc.boolean(),
  /** dates written as ISO text cells (t="d"), which the fast reader leaves to SheetJS */
  isoDates: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

function sheetOf(s: RandomSheet): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let r = 0;
  let lastRow = 0;
  let lastColumn = 0;
  s.rows.forEach((row, i) => {
    r += s.gaps[i] ?? 0;
    row.forEach((c, col) => {
      if (c === null) return;
      const ref = XLSX.utils.encode_cell({ r, c: col });
      if (c.kind === 'text') ws[ref] = { t: 's', v: c.v };
      else if (c.kind === 'number') ws[ref] = c.z === undefined ? { t: 'n', v: c.v } : { t: 'n', v: c.v, z: c.z };
      else if (c.kind === 'bool') ws[ref] = { t: 'b', v: c.v };
      else if (c.kind === 'date') ws[ref] = { t: 'd', v: dateOf(c.v), z: c.z };
      else ws[ref] = { t: 'e', v: c.v };
      lastRow = Math.max(lastRow, r);
      lastColumn = Math.max(lastColumn, col);
    });
    r += 1;
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: lastRow, c: lastColumn } });
  ws['!merges'] = s.merges.map((m) => ({ s: { r: m.r, c: m.c }, e: { r: m.r + m.h, c: m.c + m.w } }));
  return ws;
}

/** A date serial (1900 system) as the Date SheetJS writes back to it. */
function dateOf(serial: number): Date {
  return new Date(Math.round((serial - 25_569) * 86_400_000));
}
