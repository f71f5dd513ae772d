/**
 * A sheet too large for SheetJS in one go is read in pieces (large-sheet.ts) on the SheetJS
 * path (read/workbook.ts's readWorkbookWithSheetJs), which reads what the fast XLSX reader
 * declines. Here the sizes are made small, so any workbook is "large": the pieces must give
 * exactly the table the one-go read gives, cell for cell, whatever the workbook holds. (The
 * fast reader reads such sheets itself, streamed: fast-xlsx-stream.test.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../helpers/table-rows';
import * as XLSX from 'xlsx';
import yauzl from 'yauzl';
import { BadFileError, CancelledError } from '../../../electron/services/import/errors';
import { openLargeWorkbook } from '../../../electron/services/import/large-sheet';
import { readWorkbookWithSheetJs } from '../../../electron/services/import/read/workbook';
import type { ReadOptions } from '../../../electron/services/import/read/source';
import { PARTNER_HEADERS as HEADERS, partnerSheet, rewrite, workbook } from '../../helpers/partner-workbook';
import { useTempDir } from '../../helpers/tmp';

/** The SheetJS path, as readSource takes it when the fast reader declines a file. */
const viaSheetJs = (file: string, options: ReadOptions = {}) => readWorkbookWithSheetJs(readFileSync(file), path.basename(file), 'zip', options);

/** Every worksheet is "large", and pieces hold a few rows each. */
const SMALL: ReadOptions['largeSheet'] = { partBytes: 1, pieceChars: 1500 };

describe('a sheet read in pieces', () => {
  const tempDir = useTempDir();
  const save = (name: string, bytes: Buffer) => {
    const file = path.join(tempDir(), name);
    writeFileSync(file, bytes);
    return file;
  };

  it('gives the table a one-go read gives, cell for cell, over many pieces', async () => {
    const file = save('partners.xlsx', workbook([['Partners', partnerSheet(400)]]));
    const whole = await viaSheetJs(file);
    const fractions: number[] = [];
    const pieces = await viaSheetJs(file, { largeSheet: SMALL, onProgress: (p) => fractions.push(p.fraction) });
    expect(pieces.table.rowCount).toBe(401); // 400 partners and the empty row inside
    expect(pieces).toEqual(whole);
    // progress moved through the sheet's bytes to the end
    expect(fractions.filter((f) => f > 0.1 && f < 0.8).length).toBeGreaterThan(2);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    // and the sheet really came in pieces of whole rows, each a workbook SheetJS reads
    const large = (await openLargeWorkbook(readFileSync(file), SMALL))!;
    const seen: { rows: number; rowsBefore: number; last: boolean }[] = [];
    await large.pieces('Partners', (piece) => {
      const ws = XLSX.read(piece.workbook, { type: 'buffer', dense: true }).Sheets['Partners']!;
      seen.push({ rows: ((ws['!data'] ?? []) as unknown[]).filter(Boolean).length, rowsBefore: piece.rowsBefore, last: piece.last });
    });
    expect(seen.length).toBeGreaterThan(40);
    expect(seen.filter((p) => p.last)).toHaveLength(1);
    expect(seen.at(-1)!.last).toBe(true);
    expect(seen.reduce((n, p) => n + p.rows, 0)).toBe(402); // title, headers, 400 partners (the empty row has no cells)
    seen.forEach((p, i) => i > 0 && expect(p.rowsBefore).toBeGreaterThan(seen[i - 1]!.rowsBefore));
    expect(whole.table.headers).toEqual(HEADERS);
    expect(whole.table.row(0)).toEqual(['P00000', 'Ünïcode & <Co> "0"', 'Reseller', null, true, '2023-03-15', 0, '#N/A']);
  });

  it('chooses the partner sheet among others, and reads a chosen sheet, as a one-go read does', async () => {
    const notes = XLSX.utils.aoa_to_sheet([['Read me'], ['Exported from the CRM']]);
    const file = save('book.xlsx', workbook([['Notes', notes], ['Partner list', partnerSheet(120)], ['Lookup', XLSX.utils.aoa_to_sheet([['Code', 'Region'], ['NA', 'North America']])]]));
    const whole = await viaSheetJs(file);
    expect(whole.sheet).toBe('Partner list');
    expect(await viaSheetJs(file, { largeSheet: SMALL })).toEqual(whole);
    expect(await viaSheetJs(file, { largeSheet: SMALL, sheet: 'Lookup' })).toEqual(await viaSheetJs(file, { sheet: 'Lookup' }));
    // only one sheet large: the others are read in one go from the same workbook
    expect(await viaSheetJs(file, { largeSheet: { partBytes: 20_000, pieceChars: 1500 } })).toEqual(whole);
  });

  it('places rows that carry no references (r="…") where they fall, piece after piece', async () => {
    const sheet = 'xl/worksheets/sheet1.xml';
    const plain = workbook([['Partners', partnerSheet(150)]]);
    // rows without numbers but cells with references; then neither
    const rowsOnly = await rewrite(plain, sheet, (xml) => xml.replace(/(<row\b[^>]*?)\sr="\d+"/g, '$1'));
    const neither = await rewrite(rowsOnly, sheet, (xml) => xml.replace(/(<c\b[^>]*?)\sr="[A-Z]+\d+"/g, '$1'));
    expect(neither.toString('latin1')).not.toBe(rowsOnly.toString('latin1'));
    for (const [name, bytes] of [['rows-only.xlsx', rowsOnly], ['neither.xlsx', neither]] as const) {
      const file = save(name, bytes);
      const whole = await viaSheetJs(file);
      expect(rowsOf(whole.table).map((r) => r[0]).filter((id) => id !== null)).toHaveLength(150);
      expect(await viaSheetJs(file, { largeSheet: SMALL })).toEqual(whole);
    }
  });

  it('finds the end of the rows when its tag is split between two inflated chunks', async () => {
    const sheet = 'xl/worksheets/sheet1.xml';
    const plain = workbook([['Partners', partnerSheet(60)]]);
    for (const before of [1, 6, 11]) {
      // zlib hands out 16 KB at a time: put </sheetData> `before` characters ahead of a 16 KB boundary
      const bytes = await rewrite(plain, sheet, (xml) => {
        const at = Buffer.byteLength(xml.slice(0, xml.indexOf('</sheetData>')));
        const boundary = Math.ceil((at + 64) / 16_384) * 16_384;
        return xml.replace('</sheetData>', `${' '.repeat(boundary - before - at)}</sheetData>`);
      });
      const file = save(`split-${before}.xlsx`, bytes);
      expect(await viaSheetJs(file, { largeSheet: { partBytes: 1, pieceChars: 1_000_000 } })).toEqual(await viaSheetJs(file));
      expect(await viaSheetJs(file, { largeSheet: SMALL })).toEqual(await viaSheetJs(file));
    }
  });

  it('refuses a worksheet that inflates far more than any sheet (a ZIP bomb) before inflating it, large or not', async () => {
    const plain = workbook([['Partners', partnerSheet(5)]]);
    const bomb = await rewrite(plain, 'xl/worksheets/sheet1.xml', (xml) => xml.replace('</sheetData>', `${' '.repeat(8 * 1024 * 1024)}</sheetData>`));
    const file = save('bomb.xlsx', bomb);
    for (const options of [{ largeSheet: SMALL }, {}]) {
      const error = await viaSheetJs(file, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadFileError);
      expect((error as Error).message).toMatch(
        /^"bomb\.xlsx" could not be read: a part of it \(xl\/worksheets\/sheet1\.xml\) unpacks to \d+ times its packed size; no workbook part is packed more than 100 to 1: this is a "ZIP bomb", not a workbook\.$/,
      );
    }
  });

  it('refuses a sheet cut short, and a row longer than a piece, naming the file and sheet', async () => {
    const plain = workbook([['Partners', partnerSheet(50)]]);
    const cut = await rewrite(plain, 'xl/worksheets/sheet1.xml', (xml) => xml.slice(0, xml.indexOf('</sheetData>')));
    const a = await viaSheetJs(save('cut.xlsx', cut), { largeSheet: SMALL }).catch((e: unknown) => e);
    expect((a as Error).message).toMatch(/"cut\.xlsx" could not be read( \(sheet "Partners"\))?: the sheet xl\/worksheets\/sheet1\.xml (is cut short|has no rows)/);
    const wide = await viaSheetJs(save('wide.xlsx', plain), { largeSheet: { partBytes: 1, pieceChars: 100 } }).catch((e: unknown) => e);
    expect(wide).toBeInstanceOf(BadFileError);
    expect((wide as Error).message).toBe('"wide.xlsx" could not be read (sheet "Partners"): the sheet xl/worksheets/sheet1.xml has a row of more than 100 characters of XML.');
  });

  it('refuses a workbook whose parts do not inflate (a damaged stream), small part or large sheet, naming the file', async () => {
    const plain = workbook([['Partners', partnerSheet(300)]]);
    for (const [part, sheetNamed] of [
      ['xl/styles.xml', false],
      ['xl/worksheets/sheet1.xml', true],
    ] as const) {
      const bytes = Buffer.from(plain);
      const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
      let damaged = false;
      for await (const entry of zip.eachEntry()) {
        if (entry.fileName !== part) continue;
        // the entry's data starts after its local header (30 bytes, its name, its extra field)
        const at = entry.relativeOffsetOfLocalHeader;
        const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
        for (let i = Math.floor(entry.compressedSize / 2); i < Math.floor(entry.compressedSize / 2) + 24; i++) bytes[start + i] = bytes[start + i]! ^ 0x5a;
        damaged = true;
      }
      expect(damaged).toBe(true);
      const error = await viaSheetJs(save(`damaged-${sheetNamed ? 'sheet' : 'styles'}.xlsx`, bytes), { largeSheet: SMALL }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadFileError);
      expect((error as Error).message).toMatch(sheetNamed ? /^"damaged-sheet\.xlsx" could not be read( \(sheet "Partners"\))?: \S/ : /^"damaged-styles\.xlsx" could not be read: \S/);
    }
  });

  it('stops between pieces when the import is cancelled', async () => {
    const file = save('partners.xlsx', workbook([['Partners', partnerSheet(400)]]));
    const controller = new AbortController();
    const read = viaSheetJs(file, {
      largeSheet: SMALL,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.fraction > 0.3) controller.abort();
      },
    });
    await expect(read).rejects.toBeInstanceOf(CancelledError);
  });

  it('leaves workbooks without a large sheet, and ZIPs it cannot list, to the one-go read', async () => {
    const plain = workbook([['Partners', partnerSheet(5)]]);
    expect(await openLargeWorkbook(plain)).toBeNull();
    expect(await openLargeWorkbook(plain, { partBytes: 1 })).not.toBeNull();
    expect(await openLargeWorkbook(Buffer.concat([Buffer.from('PK\u0003\u0004'), deflateRawSync(Buffer.alloc(100))]), { partBytes: 1 })).toBeNull();
  });
});
