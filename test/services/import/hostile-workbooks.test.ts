/**
 * Issue 18: no small file takes the import down. A workbook of two cells far apart (A1 and
 * XFD1048576), a bomb hidden in any part under the size where a sheet is read in pieces,
 * a shared-string index that points nowhere: each is refused with a message naming the
 * file (and the sheet and cell where there is one), quickly, in little memory, and
 * without writing anything.
 *
 * The worst shapes run in a child process with a 256 MB heap (preview-child.ts): a read
 * that grows with the declared range or the unpacked size fails there at once, instead of
 * taking the test machine's memory. The files are made by the tests (fuzz-files.ts).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BadFileError } from '../../../electron/services/import/errors';
import { readSource } from '../../../electron/services/import/read';
import type { ReadOptions } from '../../../electron/services/import/read/source';
import { ImportService } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';
import { BOMB_PARTS, buildXlsx, partBomb, sparseWorkbook, xlsxParts, zipSync, type PartBomb } from '../../security/fuzz-files';
import { useTempDir } from '../../helpers/tmp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CHILD = path.join(ROOT, 'test/services/import/preview-child.ts');

/** The issue's bound for a hostile file: refused within this time … */
const HOSTILE_MS = 2_000;
/** … growing the process by less than this. */
const HOSTILE_MB = 200;

interface ChildPreview {
  ok: boolean;
  code?: string;
  message?: string;
  rowCount?: number;
  ms: number;
  peakMb: number;
}

/** Previews `file` in a child process with a 256 MB heap; rejects when the child dies (out of memory). */
function previewInChild(workspace: string, file: string): Promise<ChildPreview> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '--expose-gc', '--import', 'tsx', CHILD, 'preview', workspace, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      if (code === 0 && line) resolve(JSON.parse(line) as ChildPreview);
      else reject(new Error(`the preview of ${path.basename(file)} died (${signal ?? `exit ${code}`}): ${err.split('\n').slice(0, 6).join(' | ').slice(0, 600)}`));
    });
  });
}

async function refusal(file: string, options: ReadOptions = {}): Promise<string> {
  try {
    await readSource(file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(BadFileError);
    return (error as Error).message;
  }
  throw new Error(`${path.basename(file)} was read but should have been refused`);
}

describe('issue 18: hostile workbooks are refused quickly, in little memory', () => {
  const tempDir = useTempDir();
  const sessions: AppSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.close()));

  const save = (name: string, bytes: Buffer | string) => {
    const file = path.join(tempDir(), name);
    writeFileSync(file, bytes);
    return file;
  };

  describe('a sparse sheet is sized by the cells it holds, not by its range', () => {
    it(`two cells, A1 and XFD1048576 (a 6 KB workbook): refused within ${HOSTILE_MS / 1000} s and ${HOSTILE_MB} MB, naming the file, the sheet and the cell`, async () => {
      const file = save('corners.xlsx', sparseWorkbook('corners'));
      const result = await previewInChild(path.join(tempDir(), 'w.tierscape'), file);
      expect(result).toMatchObject({ ok: false, code: 'bad_file' });
      expect(result.message).toMatch(/^"corners\.xlsx" .*sheet "Partners".*\bXFD1048576\b/);
      expect(result.message).toMatch(/too sparse/);
      expect(result.ms).toBeLessThan(HOSTILE_MS);
      expect(result.peakMb).toBeLessThan(HOSTILE_MB);
    }, 90_000);

    it(`a header row and one cell at ALL200000: refused within ${HOSTILE_MS / 1000} s and ${HOSTILE_MB} MB, naming the cell`, async () => {
      const file = save('far-cell.xlsx', sparseWorkbook('headerAndFarCell', 200_000, 999));
      const result = await previewInChild(path.join(tempDir(), 'w.tierscape'), file);
      expect(result).toMatchObject({ ok: false, code: 'bad_file' });
      expect(result.message).toMatch(/^"far-cell\.xlsx" .*sheet "Partners".*\bALL200000\b/);
      expect(result.ms).toBeLessThan(HOSTILE_MS);
      expect(result.peakMb).toBeLessThan(HOSTILE_MB);
    }, 90_000);

    it('a CSV whose one row of 20,000 fields would widen 200,000 short rows: refused, naming the row and column', async () => {
      const lines = ['Partner Name,ARR', `Acme,1${','.repeat(19_998)}x`];
      for (let i = 0; i < 200_000; i += 1) lines.push(`P${i},${i}`);
      const file = save('one-long-row.csv', `${lines.join('\n')}\n`);
      const result = await previewInChild(path.join(tempDir(), 'w.tierscape'), file);
      expect(result).toMatchObject({ ok: false, code: 'bad_file' });
      expect(result.message).toMatch(/^"one-long-row\.csv" .*too sparse.*row 2, column 20,000\b/);
      expect(result.ms).toBeLessThan(HOSTILE_MS);
      expect(result.peakMb).toBeLessThan(HOSTILE_MB);
    }, 90_000);

    it('a stray cell far below the list, or cells scattered over the sheet, are refused naming the cell that stretches the table', async () => {
      const down = await refusal(save('stray-down.xlsx', sparseWorkbook('strayRow', 1_048_576, 0)));
      expect(down).toBe(
        '"stray-down.xlsx" is too sparse to be a partner list: sheet "Partners" spans 1,048,576 rows and 7 columns (A1:G1048576) for 63 cells with values, ' +
          'and the cell at A1048576 stretches it. Delete the cells outside the list, or copy the list to a new sheet.',
      );
      const scattered = await refusal(save('scattered.xlsx', sparseWorkbook('scattered', 1_048_576, 16_383)));
      expect(scattered).toMatch(/^"scattered\.xlsx" is too sparse to be a partner list: sheet "Partners" spans 1,048,576 rows and 16,384 columns \(A1:XFD1048576\) for 2,007 cells with values, and the cell at XFD1048576 stretches it\./);
      // read in pieces, the same
      const pieces = await refusal(save('stray-pieces.xlsx', sparseWorkbook('strayRow', 1_048_576, 0)), { largeSheet: { partBytes: 1, pieceChars: 1500 } });
      expect(pieces).toBe(down.replace('stray-down', 'stray-pieces'));
    });

    it('a sheet that declares the whole sheet as its range, or has a few empty columns and rows, still imports', async () => {
      const declared = await readSource(save('declared.xlsx', sparseWorkbook('declaredOnly')));
      expect(declared.table.rowCount).toBe(8);
      expect(declared.table.headers).toHaveLength(7);
      // a note in column Z of the third row, a total 40 rows further down: a wider, longer table, not a refusal
      const near = await readSource(save('near.xlsx', sparseWorkbook('strayColumn', 0, 25)));
      expect(near.table.headers).toHaveLength(26);
      const below = await readSource(save('below.xlsx', sparseWorkbook('strayRow', 50, 0)));
      expect(below.table.rowCount).toBe(49);
      // even a note in column XFD: eight partners that wide are 147,456 cells, no burden
      const wide = await readSource(save('wide.xlsx', sparseWorkbook('strayColumn', 0, 16_383)));
      expect(wide.table.headers).toHaveLength(16_384);
    });
  });

  describe('the inflate-ratio and size guards hold for every part, whatever its size', () => {
    it(`the issue's sheet bomb: 248 MB of rows packed about 265 to 1 in under 1 MB, refused within ${HOSTILE_MS / 1000} s and ${HOSTILE_MB} MB`, async () => {
      const bytes = partBomb({ part: 'sheet', megabytes: 248, fill: 'text', lie: false });
      expect(bytes.length).toBeLessThan(1024 * 1024);
      const file = save('sheet-bomb.xlsx', bytes);
      const result = await previewInChild(path.join(tempDir(), 'w.tierscape'), file);
      expect(result).toMatchObject({ ok: false, code: 'bad_file' });
      expect(result.message).toMatch(/^"sheet-bomb\.xlsx" could not be read: .*xl\/worksheets\/sheet1\.xml.* unpacks to \d+ times its packed size/);
      expect(result.ms).toBeLessThan(HOSTILE_MS);
      expect(result.peakMb).toBeLessThan(HOSTILE_MB);
    }, 90_000);

    it(`the issue's shared-strings bomb: 497 MB of strings in 1.9 MB, refused within ${HOSTILE_MS / 1000} s and ${HOSTILE_MB} MB`, async () => {
      const bytes = partBomb({ part: 'sharedStrings', megabytes: 497, fill: 'text', lie: false });
      expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
      const file = save('sst-bomb.xlsx', bytes);
      const result = await previewInChild(path.join(tempDir(), 'w.tierscape'), file);
      expect(result).toMatchObject({ ok: false, code: 'bad_file' });
      expect(result.message).toMatch(/^"sst-bomb\.xlsx" could not be read: .*xl\/sharedStrings\.xml.* unpacks to \d+ times its packed size/);
      expect(result.ms).toBeLessThan(HOSTILE_MS);
      expect(result.peakMb).toBeLessThan(HOSTILE_MB);
    }, 90_000);

    it(`the same bombs with ZIP headers that claim 1 KB: refused within ${HOSTILE_MS / 1000} s and ${HOSTILE_MB} MB`, async () => {
      for (const part of ['sheet', 'sharedStrings'] as const) {
        const file = save(`lying-${part}.xlsx`, partBomb({ part, megabytes: 400, fill: 'spaces', lie: true }));
        const result = await previewInChild(path.join(tempDir(), 'w.tierscape'), file);
        expect(result, part).toMatchObject({ ok: false, code: 'bad_file' });
        expect(result.message).toMatch(new RegExp(`^"lying-${part}\\.xlsx" could not be read: .*unpack`));
        expect(result.ms, part).toBeLessThan(HOSTILE_MS);
        expect(result.peakMb, part).toBeLessThan(HOSTILE_MB);
      }
    }, 120_000);

    it('a 40 MB bomb in any part (sheet, shared strings, styles, workbook, theme, a part nothing uses), headers honest or lying, is refused naming the file; nothing is written', async () => {
      const dir = tempDir();
      const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
      sessions.push(session);
      await session.create(path.join(dir, 'w.tierscape'));
      const imports = new ImportService(session);
      const datasets = () => session.workspace!.datasets.list().length;
      const before = datasets();
      for (const part of BOMB_PARTS) {
        for (const lie of [false, true]) {
          const bomb: PartBomb = { part, megabytes: 40, fill: 'spaces', lie };
          const name = `bomb-${part}${lie ? '-lying' : ''}.xlsx`;
          const file = save(name, partBomb(bomb));
          const started = performance.now();
          const error = await imports.preview({ jobId: 'bomb-job-0001', path: file }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(error, name).toBeInstanceOf(BadFileError);
          expect((error as Error).message, name).toMatch(new RegExp(`^"${name.replace('.', '\\.')}" could not be read: .*unpack`));
          expect(performance.now() - started, name).toBeLessThan(HOSTILE_MS);
        }
      }
      expect(datasets()).toBe(before);
    });

    it('many parts each under the per-part grace, together unpacking to 100 times the file and more, are refused', async () => {
      const blank = Buffer.alloc(900 * 1024, 0x20);
      for (const lie of [false, true]) {
        const base = buildXlsx({ ext: '.xlsx', mutation: { kind: 'valid', sst: true, grid: [] }, flips: [] });
        const entries = [...xlsxParts(base)].map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') }));
        for (let i = 0; i < 200; i += 1) entries.push({ name: `customXml/item${i}.xml`, data: blank, ...(lie ? { claimedSize: 1024 } : {}) });
        const file = save(`many-parts${lie ? '-lying' : ''}.xlsx`, zipSync(entries));
        expect(await refusal(file)).toMatch(/could not be read: its parts unpack to more than/);
      }
    });
  });

  describe('a bad shared-string index names the file, the sheet and the cell (issue 18, item 14)', () => {
    // the first bad cell: A1, but for "negative", whose A1 is -0 (SheetJS reads it as 0, the first shared string)
    const variants = ['outOfRange', 'negative', 'nonNumeric', 'hugeIndex', 'protoIndex', 'empty', 'missingPart', 'missingPartAndRel'] as const;
    for (const variant of variants) {
      const cell = variant === 'negative' ? 'B1' : 'A1';
      it(`${variant}: refused as damaged, not as an empty sheet, naming cell ${cell} of sheet "Partners"`, async () => {
        const file = save(`sst-${variant}.xlsx`, buildXlsx({ ext: '.xlsx', mutation: { kind: 'sharedStrings', variant }, flips: [] }));
        const message = await refusal(file);
        expect(message).not.toMatch(/is empty|holds no table/);
        expect(message).toMatch(new RegExp(`^"sst-${variant}\\.xlsx" is damaged: cell ${cell} of sheet "Partners" refers to shared string .+, but the workbook `));
        // read in pieces, the same
        expect(await refusal(file, { largeSheet: { partBytes: 1, pieceChars: 1500 } })).toBe(message);
      });
    }
  });
});
