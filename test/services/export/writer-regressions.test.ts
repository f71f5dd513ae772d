/** Bugs the round-trip and injection tests turned up in the writer and the sheet names, kept fixed. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { MAX_SHEET_NAME, sheetNames, type Cell, type SheetSpec } from '../../../shared/report/sheet';
import { useTempDir } from '../../helpers/tmp';
import { unzip } from '../../helpers/xlsx-parts';

const part = (file: string, name: string): string => unzip(readFileSync(file)).get(name)!;

describe('writer and sheet-name regressions', () => {
  const tempDir = useTempDir();

  it('keeps chained _xHHHH_ text, and formula-looking headers and titles keep their bold style with a quote prefix', async () => {
    const rows: Cell[][] = [['a_x0041_x0042_b'], ['_x0041__x0042_']];
    const sheet: SheetSpec = { name: 'S', title: ['=title', '-note'], columns: [{ header: '-10% MDF', format: 'text' }], rowCount: rows.length, row: (i) => rows[i]!, freezeColumns: 0, landscape: false };
    const file = path.join(tempDir(), 'r.xlsx');
    await writeWorkbook({ title: 't', subject: 's', created: '2026-11-22T00:00:00Z', properties: {}, sheets: [sheet] }, file);
    const ws = XLSX.read(readFileSync(file), { type: 'buffer' }).Sheets['S']!;
    expect(ws['A5']!.v).toBe('a_x0041_x0042_b');
    expect(ws['A6']!.v).toBe('_x0041__x0042_');
    expect([ws['A1']!.v, ws['A2']!.v, ws['A4']!.v]).toEqual(['=title', '-note', '-10% MDF']);

    const xml = part(file, 'xl/worksheets/sheet1.xml');
    const styleOf = (ref: string) => Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(xml)?.[1] ?? 0);
    const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(part(file, 'xl/styles.xml'))![1]!.matchAll(/<xf ([^>]*?)\/?>/g))].map((m) => m[1]!);
    const fonts = [...part(file, 'xl/styles.xml').matchAll(/<font>([\s\S]*?)<\/font>/g)].map((m) => m[1]!);
    for (const ref of ['A1', 'A4']) {
      const xf = xfs[styleOf(ref)]!;
      expect(xf, ref).toContain('quotePrefix="1"');
      expect(fonts[Number(/fontId="(\d+)"/.exec(xf)![1])], ref).toContain('<b/>');
    }
    expect(xfs[styleOf('A4')]).toContain('fillId="2"');
  });

  it('trims apostrophes and spaces together, so a name never ends in an apostrophe', () => {
    const [name] = sheetNames(["Growth '?'"]);
    expect(name).toBe('Growth');
    expect(sheetNames(["' 'x"])).toEqual(['x']);
    // SheetJS accepts it
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[1]]), sheetNames(["Report cards – Growth '?'"])[0]);
    expect(wb.SheetNames).toHaveLength(1);
  });

  it('never cuts a long name between the halves of an emoji', () => {
    // the cut falls after a whole emoji: kept
    const [whole] = sheetNames([`${'a'.repeat(MAX_SHEET_NAME - 3)}🚀🚀🚀`]);
    expect(whole).toBe(`${'a'.repeat(MAX_SHEET_NAME - 3)}🚀…`);
    // the cut would fall inside one: it goes one character earlier
    const [split] = sheetNames([`${'a'.repeat(MAX_SHEET_NAME - 2)}🚀🚀🚀`]);
    expect(split).toBe(`${'a'.repeat(MAX_SHEET_NAME - 2)}…`);
    for (const cut of [whole!, split!]) {
      expect(cut.length).toBeLessThanOrEqual(MAX_SHEET_NAME);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
    }
  });
});
