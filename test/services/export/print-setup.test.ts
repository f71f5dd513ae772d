/**
 * The report cards print readably (issue 20): landscape, across as many pages as keep the
 * type readable (never 34 columns shrunk onto one page), a row's pages one after another,
 * and every page repeating the header row and the partner's ID and name (print titles).
 * Every other sheet repeats its header row and keeps one page's width.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { MIN_READABLE_SCALE, pagesAcrossOf } from '../../../electron/services/export/xlsx/layout';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate } from '../../../shared/engine';
import type { SheetSpec } from '../../../shared/report/sheet';
import { buildWorkbook } from '../../../shared/report/workbook';
import { OPTIONAL_SHEETS } from '../../../shared/report/options';
import { useTempDir } from '../../helpers/tmp';
import { attrs, unzip } from '../../helpers/xlsx-parts';

const LANDSCAPE_PT = 11 * 72 - 72;
const points = (width: number) => (width * 7 + 5) * 0.75;

describe('how a sheet prints', () => {
  const tempDir = useTempDir('tierscape-print-');

  it('pages across: the number asked for, one by default, and for "readable" the fewest that keep the scale readable', () => {
    const sheet = { landscape: true, printTitleColumns: 2 };
    expect(pagesAcrossOf({ ...sheet }, [40, 40, 40])).toBe(1);
    expect(pagesAcrossOf({ ...sheet, pagesAcross: 3 }, [10])).toBe(3);
    expect(pagesAcrossOf({ ...sheet, pagesAcross: 'readable' }, [20, 30, 40])).toBe(1);
    // the report cards' 34 columns of the sample (as the writer measures them)
    const widths = [13, 42, 23, 15, 12, 15, 20, 20, 24, 41, 10, 12, 13, 38, 9, 10, 13, 42, 9, 10, 13, 42, 9, 10, 13, 42, 9, 10, 13, 42, 8, 10, 13, 13];
    const across = pagesAcrossOf({ ...sheet, pagesAcross: 'readable' }, widths);
    const titles = points(13) + points(42);
    const rest = widths.reduce((sum, w) => sum + points(w), 0) - titles;
    // the scale each page needs for its share of the columns, titles included
    const scale = (n: number) => LANDSCAPE_PT / (titles + rest / n);
    expect(scale(across)).toBeGreaterThanOrEqual(MIN_READABLE_SCALE);
    expect(scale(across - 1)).toBeLessThan(MIN_READABLE_SCALE);
    expect(across).toBeGreaterThan(1);
  });

  it('the report cards: landscape, pages across in order, the partner and the header row on every page; other sheets keep one page wide', async () => {
    const data = generatePartners({ seed: 20260630, count: 300 });
    const scenarios = exampleScenarios()
      .filter((s) => ['As is: metals on lifetime revenue', 'Motion-fit ladders'].includes(s.name))
      .map((scenario) => ({ scenario, outcome: evaluate(scenario, data) }));
    const spec = buildWorkbook({
      dataset: { label: 'FY2026', asOf: '2026-06-30', partners: data.partners.length },
      data,
      scenarios,
      sheets: OPTIONAL_SHEETS,
      reportCards: 1,
      exportedAt: '2026-07-01T00:00:00.000Z',
    });
    const cards = spec.sheets.findIndex((s) => s.name.startsWith('Report cards'));
    expect(spec.sheets[cards]).toMatchObject({ landscape: true, pagesAcross: 'readable', printTitleColumns: 2 });
    expect(spec.sheets[cards]!.columns.length).toBe(34);

    const file = path.join(tempDir(), 'print.xlsx');
    await writeWorkbook(spec, file);
    const buffer = readFileSync(file);
    const parts = unzip(buffer);
    const setup = (i: number) => attrs(/<pageSetup [^>]*\/>/.exec(parts.get(`xl/worksheets/sheet${i + 1}.xml`)!)![0]);
    const cardSetup = setup(cards);
    expect(cardSetup).toMatchObject({ orientation: 'landscape', fitToHeight: '0', pageOrder: 'overThenDown' });
    expect(Number(cardSetup.fitToWidth)).toBeGreaterThan(1);
    expect(setup(0)).toMatchObject({ fitToWidth: '1', fitToHeight: '0' });
    expect(setup(0).pageOrder).toBeUndefined();

    // the print titles, as SheetJS (and so spreadsheet apps) read the workbook's defined names
    const names = XLSX.read(buffer, { type: 'buffer' }).Workbook?.Names ?? [];
    const titles = (i: number) => names.find((n) => n.Name === '_xlnm.Print_Titles' && n.Sheet === i)?.Ref;
    const quoted = `'${spec.sheets[cards]!.name}'`;
    expect(titles(cards)).toBe(`${quoted}!$A:$B,${quoted}!$5:$5`);
    expect(titles(0)).toBe(`'Summary'!$5:$5`);
    // every sheet but the Charts sheet, whose pages of charts repeat no table header
    expect(spec.sheets.every((s, i) => (titles(i) !== undefined) === (s.name !== 'Charts'))).toBe(true);
    expect(spec.sheets.some((s) => s.name === 'Charts')).toBe(true);
    // the autofilters keep their own defined names beside the print titles
    expect(spec.sheets.every((_, i) => names.some((n) => n.Name === '_xlnm._FilterDatabase' && n.Sheet === i))).toBe(true);
  });

  it("quotes a sheet's name with an apostrophe in its print titles", async () => {
    const sheet: SheetSpec = { name: "Partner's", title: [], columns: [{ header: 'A', format: 'text' }], rowCount: 1, row: () => ['x'], freezeColumns: 0, landscape: false };
    const file = path.join(tempDir(), 'q.xlsx');
    await writeWorkbook({ title: 't', subject: 's', created: '2026-11-22T00:00:00Z', properties: {}, sheets: [sheet] }, file);
    const names = XLSX.read(readFileSync(file), { type: 'buffer' }).Workbook?.Names ?? [];
    expect(names.find((n) => n.Name === '_xlnm.Print_Titles')?.Ref).toBe(`'Partner''s'!$1:$1`);
  });
});
