/**
 * Issue 23: the fast XLSX reader reads a worksheet as it inflates (fast-xlsx/stream.ts), so
 * a sheet past the part size SheetJS reads in one go (LARGE_PART_BYTES, 256 MB: a sheet of
 * about a million rows) is read by it too, not in pieces through SheetJS. Here that size is
 * made small (LargeSheetSizes.partBytes), so any sheet is "large": the fast reader must read
 * it — in any chunks — to the very table the pieces and the one-go read give, report its
 * progress through the sheet's bytes, stop between windows when cancelled, and keep the
 * size guards (a "large" sheet's bomb is refused as before).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { BadFileError, CancelledError } from '../../../electron/services/import/errors';
import { readFastWorkbook } from '../../../electron/services/import/fast-xlsx/read';
import { readSource } from '../../../electron/services/import/read';
import type { ReadOptions } from '../../../electron/services/import/read/source';
import { readWorkbookWithSheetJs, sheetScore } from '../../../electron/services/import/read/workbook';
import { writeLargeXlsx } from '../../bench/data';
import { partnerSheet, rewrite, workbook } from '../../helpers/partner-workbook';
import { useTempDir } from '../../helpers/tmp';
import { CHUNKS } from './fast-xlsx-chunks';

/** Every worksheet is past the part size; the SheetJS path's pieces hold a few dozen rows each. */
const LARGE = { partBytes: 1, pieceChars: 20_000 };

describe('the fast XLSX reader on a sheet past the part size SheetJS reads in one go', () => {
  const tempDir = useTempDir();

  /** The fast reader's table in every chunk size, the same as the pieces' and the one-go read's. */
  async function readsAsPieces(bytes: Buffer, options: ReadOptions = {}) {
    const pieces = await readWorkbookWithSheetJs(bytes, 'book.xlsx', 'zip', { ...options, largeSheet: LARGE });
    const oneGo = await readWorkbookWithSheetJs(bytes, 'book.xlsx', 'zip', options);
    expect(pieces).toEqual(oneGo);
    for (const chunkBytes of CHUNKS) {
      const fast = await readFastWorkbook(bytes, 'book.xlsx', { ...options, largeSheet: { ...LARGE, chunkBytes } }, sheetScore);
      expect(fast, `chunks of ${chunkBytes} bytes`).not.toBeNull();
      expect(fast, `chunks of ${chunkBytes} bytes`).toEqual(pieces);
    }
    return pieces;
  }

  it('reads a partner sheet of every kind of cell, cell for cell as the pieces do', async () => {
    const read = await readsAsPieces(workbook([['Partners', partnerSheet(300)]]));
    expect(read.table.rowCount).toBe(301);
  });

  it('chooses the partner sheet among others, and reads a chosen sheet, as the pieces do', async () => {
    const notes = XLSX.utils.aoa_to_sheet([['Read me'], ['Exported from the CRM']]);
    const bytes = workbook([['Notes', notes], ['Partner list', partnerSheet(120)], ['Lookup', XLSX.utils.aoa_to_sheet([['Code', 'Region'], ['NA', 'North America']])]]);
    expect((await readsAsPieces(bytes)).sheet).toBe('Partner list');
    await readsAsPieces(bytes, { sheet: 'Lookup' });
  });

  it("reads the bench's input, written by Tierscape's own streaming writer (the 1M-row file's layout), through the import's route", async () => {
    const file = await writeLargeXlsx(tempDir(), 300);
    const bytes = readFileSync(file);
    await readsAsPieces(bytes);
    const fractions: number[] = [];
    const read = await readSource(file, { largeSheet: { ...LARGE, chunkBytes: 4096 }, onProgress: (p) => fractions.push(p.fraction) });
    expect(read).toEqual(await readSource(file));
    expect(read.table.rowCount).toBe(300);
    // progress moved through the sheet's bytes to the end
    expect(fractions.filter((f) => f > 0.1 && f < 0.8).length).toBeGreaterThan(2);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
  });

  it('stops between windows when the import is cancelled', async () => {
    const bytes = workbook([['Partners', partnerSheet(400)]]);
    const controller = new AbortController();
    const read = readFastWorkbook(
      bytes,
      'book.xlsx',
      {
        largeSheet: { ...LARGE, chunkBytes: 4096 },
        signal: controller.signal,
        onProgress: (p) => {
          if (p.fraction > 0.3) controller.abort();
        },
      },
      sheetScore,
    );
    await expect(read).rejects.toBeInstanceOf(CancelledError);
  });

  it('keeps the size guards: a large sheet that inflates far more than any sheet is declined, and the import refuses it as before', async () => {
    const plain = workbook([['Partners', partnerSheet(5)]]);
    const bomb = await rewrite(plain, 'xl/worksheets/sheet1.xml', (xml) => xml.replace('</sheetData>', `${' '.repeat(8 * 1024 * 1024)}</sheetData>`));
    expect(await readFastWorkbook(bomb, 'bomb.xlsx', { largeSheet: LARGE }, sheetScore)).toBeNull();
    const file = path.join(tempDir(), 'bomb.xlsx');
    writeFileSync(file, bomb);
    const error = await readSource(file, { largeSheet: LARGE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadFileError);
    expect((error as Error).message).toMatch(/^"bomb\.xlsx" could not be read: a part of it \(xl\/worksheets\/sheet1\.xml\) unpacks to \d+ times its packed size/);
  });
});
