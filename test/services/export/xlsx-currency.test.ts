/**
 * A list in euros exports in euros (issue 17): the workbook's money cells carry a "€"
 * number format (Summary, Resources, report cards), its sentences and headers say euros,
 * and a list of several currencies keeps each metric's own while its totals are in dollars.
 * Read back with SheetJS, formats and shown text included.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { moneyFormats, stylesXml } from '../../../electron/services/export/xlsx/styles';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate } from '../../../shared/engine';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import type { Cell, WorkbookSpec } from '../../../shared/report/sheet';
import { buildWorkbook } from '../../../shared/report/workbook';
import { OPTIONAL_SHEETS } from '../../../shared/report/options';
import { useTempDir } from '../../helpers/tmp';
import { unzip } from '../../helpers/xlsx-parts';

/** money outside dollars is written with a currency symbol, which LibreOffice too reads as currency */
const EUR = '[$€]#,##0';
const EUR_DELTA = '+[$€]#,##0;-[$€]#,##0;[$€]0';
const USD = '"$"#,##0';
const GBP = '[$£]#,##0';

/** The sample partners with their currency metrics in `units` (by key; others keep theirs). */
function sampleIn(units: Record<string, string | null>): ColumnarDataset {
  const data = generatePartners({ seed: 20260630, count: 300 });
  return { ...data, metrics: data.metrics.map((m) => (m.key in units ? { ...m, unit: units[m.key]! } : m)) };
}

const AS_IS = 'As is: metals on lifetime revenue';
const MOTION_FIT = 'Motion-fit ladders';

/** The as-is and motion-fit examples' workbook, with the report cards of `cards`. */
function workbookOf(data: ColumnarDataset, cards = MOTION_FIT): WorkbookSpec {
  const wanted = [AS_IS, MOTION_FIT];
  const scenarios = exampleScenarios()
    .filter((s) => wanted.includes(s.name))
    .map((scenario) => ({ scenario: { ...scenario, assumptions: { ...scenario.assumptions, mdfBudget: 100_000 } }, outcome: evaluate(scenario, data) }));
  return buildWorkbook({
    dataset: { label: 'EU list', asOf: '2026-06-30', partners: data.partners.length },
    data,
    scenarios,
    sheets: OPTIONAL_SHEETS,
    reportCards: scenarios.findIndex((s) => s.scenario.name === cards),
    exportedAt: '2026-07-01T00:00:00.000Z',
  });
}

describe('the workbook of a list in euros', () => {
  const tempDir = useTempDir('tierscape-currency-');

  async function read(spec: WorkbookSpec) {
    const file = path.join(tempDir(), 'eur.xlsx');
    await writeWorkbook(spec, file);
    const buffer = readFileSync(file);
    return { wb: XLSX.read(buffer, { type: 'buffer', cellNF: true }), parts: unzip(buffer) };
  }

  /** The cells of a sheet's row whose column `labelColumn` reads `label`. */
  function rowOf(ws: XLSX.WorkSheet, label: string, labelColumn = 1): XLSX.CellObject[] {
    const range = XLSX.utils.decode_range(ws['!ref']!);
    for (let r = range.s.r; r <= range.e.r; r += 1) {
      if ((ws[XLSX.utils.encode_cell({ r, c: labelColumn })] as XLSX.CellObject | undefined)?.v === label) {
        const cells: XLSX.CellObject[] = [];
        for (let c = range.s.c; c <= range.e.c; c += 1) {
          const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
          if (cell) cells.push(cell);
        }
        return cells;
      }
    }
    throw new Error(`no row "${label}"`);
  }

  it('money cells carry a € number format and read in euros', async () => {
    const spec = workbookOf(sampleIn({ sourced_arr: 'EUR', sourced_arr_py: 'EUR', lifetime_arr: 'EUR' }));
    expect(spec.currency).toBe('EUR');
    const { wb, parts } = await read(spec);
    expect(parts.get('xl/styles.xml')).toContain('formatCode="[$€]#,##0"');
    expect(parts.get('xl/styles.xml')).not.toContain('$&quot;');

    const summary = wb.Sheets['Summary']!;
    const mdf = rowOf(summary, 'MDF').filter((c) => c.t === 'n');
    expect(mdf.length).toBe(3); // two scenarios and the change
    expect(mdf.map((c) => c.z).sort()).toEqual([EUR, EUR, EUR_DELTA].sort());
    expect(mdf[0]!.w).toMatch(/^€\d/);
    expect(rowOf(summary, 'Margin (discount) euros').filter((c) => c.t === 'n')[0]!.z).toBe(EUR);
    expect(rowOf(summary, 'MDF budget').filter((c) => c.t === 'n').map((c) => [c.v, c.z, c.w])).toEqual([
      [100_000, EUR, '€100,000'],
      [100_000, EUR, '€100,000'],
    ]);

    const resources = wb.Sheets['Resources']!;
    const header = rowOf(resources, 'Scenario', 0).map((c) => c.v);
    expect(header).toEqual(expect.arrayContaining(['MDF', 'Margin euros', 'Euros', 'Share of euros', 'Value']));
    const total = rowOf(resources, 'Total', 2).filter((c) => c.t === 'n' && c.z !== '#,##0' && !String(c.z).includes('h'));
    expect(new Set(total.map((c) => c.z))).toEqual(new Set([EUR]));

    const ladders = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['Ladders']!, { header: 1 }).flat().join(' ');
    expect(ladders).toContain('Lifetime sourced ARR ≥ €100,000');
    expect(ladders).toContain('Sourced ARR (current year) ≥ €250,000');
    // (a tier's own description may still say "$": it is the user's text)
    expect(ladders).not.toMatch(/[≥>≤<] \$/);

    // report cards: each unmet requirement on a currency metric, in euros
    const cards = wb.Sheets[wb.SheetNames.find((n) => n.startsWith('Report cards'))!]!;
    const money = Object.values(cards).filter((c): c is XLSX.CellObject => typeof c === 'object' && c !== null && 't' in c && (c as XLSX.CellObject).t === 'n' && /€|£|"\$"/.test(String((c as XLSX.CellObject).z)));
    expect(money.length).toBeGreaterThan(0);
    expect(new Set(money.map((c) => c.z))).toEqual(new Set([EUR]));
  });

  it('a list of several currencies: each metric keeps its own, totals and budgets are in dollars', async () => {
    const data = sampleIn({ sourced_arr: 'EUR', sourced_arr_py: 'EUR', lifetime_arr: 'GBP' });
    const formatsOf = (wb: XLSX.WorkBook) =>
      new Set(
        Object.values(wb.Sheets[wb.SheetNames.find((n) => n.startsWith('Report cards'))!]!)
          .filter((c): c is XLSX.CellObject => typeof c === 'object' && c !== null && 't' in c && (c as XLSX.CellObject).t === 'n')
          .map((c) => c.z),
      );
    const spec = workbookOf(data);
    expect(spec.currency).toBe('USD');
    expect(spec.currencies).toEqual(['USD', 'EUR', 'GBP']);
    const { wb } = await read(spec);
    expect(rowOf(wb.Sheets['Summary']!, 'MDF').filter((c) => c.t === 'n')[0]!.z).toBe(USD);
    expect(rowOf(wb.Sheets['Summary']!, 'Margin (discount) dollars').length).toBeGreaterThan(2);
    // the motion-fit ladders read sourced ARR (EUR); the as-is metals lifetime ARR (GBP)
    expect(formatsOf(wb)).toContain(EUR);
    expect(formatsOf(wb)).not.toContain(USD);
    const asIs = await read(workbookOf(data, AS_IS));
    expect(formatsOf(asIs.wb)).toContain(GBP);
    expect(formatsOf(asIs.wb)).not.toContain(USD);
    const ladders = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['Ladders']!, { header: 1 }).flat().join(' ');
    expect(ladders).toContain('€');
    expect(ladders).toContain('£');
  });

  it('writes a money cell in the currency it names, or the workbook’s', async () => {
    const spec: WorkbookSpec = {
      title: 'Money',
      subject: 'money',
      created: '2026-07-01T00:00:00.000Z',
      properties: {},
      currency: 'EUR',
      currencies: ['GBP', 'CHF'],
      sheets: [
        {
          name: 'Money',
          title: [],
          columns: [
            { header: 'Amount', format: 'currency' },
            { header: 'Change', format: 'deltaCurrency' },
          ],
          rowCount: 4,
          row: (i) =>
            (
              [
                [1234.5, -40_000],
                [{ value: 1234.5, format: 'currency', currency: 'GBP' }, { value: 40_000, format: 'deltaCurrency', currency: 'GBP' }],
                [{ value: 1234.5, format: 'currency', currency: 'CHF' }, null],
                [{ value: 1234.5, format: 'currency', currency: 'EUR' }, { value: 5, format: 'deltaCurrency', currency: 'JPY' }],
              ] satisfies Cell[][]
            )[i]!,
          freezeColumns: 0,
          landscape: false,
        },
      ],
    };
    const { wb } = await read(spec);
    const ws = wb.Sheets['Money']!;
    const seen = (ref: string) => [ws[ref]!.z, ws[ref]!.w];
    expect(seen('A2')).toEqual([EUR, '€1,235']);
    expect(seen('B2')).toEqual([EUR_DELTA, '-€40,000']);
    expect(seen('A3')).toEqual([GBP, '£1,235']);
    expect(seen('B3')).toEqual([moneyFormats('GBP').deltaCurrency, '+£40,000']);
    expect(seen('A4')).toEqual(['[$CHF]\\ #,##0', 'CHF 1,235']);
    // a currency the spec does not list falls back to the workbook's
    expect(seen('A5')).toEqual([EUR, '€1,235']);
    expect(seen('B5')[0]).toBe(EUR_DELTA);
  });

  it('a workbook that names no currency is in dollars, as before', () => {
    const styles = stylesXml();
    expect(styles).toContain('formatCode="&quot;$&quot;#,##0"');
    expect(styles).toContain('formatCode="+&quot;$&quot;#,##0;-&quot;$&quot;#,##0;&quot;$&quot;0"');
    expect(moneyFormats('EUR')).toEqual({ currency: EUR, deltaCurrency: EUR_DELTA });
  });
});
