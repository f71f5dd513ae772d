/**
 * The workbook writer writes bytes (docs/PERFORMANCE.md, "The workbook writer"); before, it
 * built a string per cell. These tests hold it to the string writer (./reference-writer.ts)
 * part for part: every sheet's XML and the shared-string table, byte for byte, so every
 * cell, style, value, shared-string number and reference is as it was. On a generated
 * workbook of every sheet, on partners whose names and IDs are awkward texts, on hand-made
 * sheets of every kind of cell, and with a shared-string table that fills up.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../../electron/services/export/xlsx';
import { XmlBytes } from '../../../electron/services/export/xlsx/bytes';
import { MEMO_ROWS, sheetXml } from '../../../electron/services/export/xlsx/sheet';
import { SharedStrings } from '../../../electron/services/export/xlsx/strings';
import { MoneyStyles } from '../../../electron/services/export/xlsx/styles';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate } from '../../../shared/engine';
import { DEFAULT_CURRENCY } from '../../../shared/model/currency';
import { OPTIONAL_SHEETS } from '../../../shared/report/options';
import type { Cell, ColumnSpec, SheetSpec, WorkbookSpec } from '../../../shared/report/sheet';
import { buildWorkbook } from '../../../shared/report/workbook';
import { useTempDir } from '../../helpers/tmp';
import { unzip } from '../../helpers/xlsx-parts';
import { ReferenceStrings, referenceSheetXml } from './reference-writer';

function moneyOf(spec: WorkbookSpec): MoneyStyles {
  const base = spec.currency ?? DEFAULT_CURRENCY;
  return new MoneyStyles([base, ...new Set((spec.currencies ?? []).filter((c) => c !== base))]);
}

/** Every sheet part and the shared strings, as the string writer wrote them. */
function referenceParts(spec: WorkbookSpec, maxCount?: number): Map<string, string> {
  const strings = new ReferenceStrings(maxCount);
  const money = moneyOf(spec);
  const parts = new Map(spec.sheets.map((sheet, i) => [`xl/worksheets/sheet${i + 1}.xml`, referenceSheetXml(sheet, i === 0, strings, money)]));
  parts.set('xl/sharedStrings.xml', strings.xml());
  return parts;
}

/** The same parts from the byte writer's own pieces (sheetXml and the table), without the zip. */
async function writerParts(spec: WorkbookSpec, maxCount?: number): Promise<Map<string, string>> {
  const strings = new SharedStrings(maxCount);
  const money = moneyOf(spec);
  const parts = new Map<string, string>();
  for (const [i, sheet] of spec.sheets.entries()) {
    const chunks: Buffer[] = [];
    for await (const chunk of sheetXml(sheet, i === 0, strings, money, () => undefined)) chunks.push(Buffer.from(chunk));
    parts.set(`xl/worksheets/sheet${i + 1}.xml`, Buffer.concat(chunks).toString('utf8'));
  }
  parts.set('xl/sharedStrings.xml', Buffer.concat([...strings.xml(new XmlBytes(64))]).toString('utf8'));
  return parts;
}

function expectSameParts(actual: Map<string, string>, expected: Map<string, string>): void {
  for (const [name, xml] of expected) {
    const got = actual.get(name);
    expect(got, name).toBeDefined();
    if (got === xml) continue;
    // where they part, for the failure message
    let at = 0;
    while (at < xml.length && got!.charCodeAt(at) === xml.charCodeAt(at)) at += 1;
    expect(got!.slice(Math.max(0, at - 120), at + 120), `${name} differs at ${at}`).toBe(xml.slice(Math.max(0, at - 120), at + 120));
  }
}

/** Texts a partner's name or ID may be that need more than copying. */
const AWKWARD = ['=SUM(A1:A9)', '+44 20', '-minus', '@handle', ' leading space', 'trailing space ', 'tab\there', 'line\nbreak', 'a & b <c> "d"', 'literal _x0041_ escape', 'fox 🦊 emoji', 'ctrl \u0001 char', 'Zoë Ångström', 'Gold', '', 'a name far longer than the forty-eight characters a shared string may have'];

describe('the byte writer writes what the string writer wrote', () => {
  const tempDir = useTempDir('tierscape-sameness-');
  let spec: WorkbookSpec;

  beforeAll(() => {
    const data = generatePartners({ seed: 777, count: 3000 });
    // awkward names and IDs, some repeated, some partners sharing a name
    data.partners.forEach((p, i) => {
      if (i % 97 === 5) p.name = AWKWARD[i % AWKWARD.length]!;
      if (i % 211 === 7) p.id = `${AWKWARD[(i * 7) % AWKWARD.length]!}${i}`;
      if (i % 50 === 3) p.name = data.partners[i - 1]!.name;
    });
    const five = exampleScenarios().slice(0, 5);
    spec = buildWorkbook({
      dataset: { label: 'Sameness', asOf: '2026-06-30', partners: data.partners.length },
      data,
      scenarios: five.map((scenario) => ({ scenario, outcome: evaluate(scenario, data) })),
      sheets: OPTIONAL_SHEETS,
      reportCards: 1,
      exportedAt: '2026-07-01T09:30:00.000Z',
    });
  });

  it('every sheet and the shared strings of a 3,000-partner workbook of every sheet, written to a file', async () => {
    // Summary, Charts, six side-by-side sheets, five Assignments, Report cards
    expect(spec.sheets.length).toBe(14);
    const file = path.join(tempDir(), 'same.xlsx');
    await writeWorkbook(spec, file);
    const written = unzip(readFileSync(file));
    const expected = referenceParts(spec);
    expect(expected.size).toBe(15);
    expectSameParts(written, expected);
  });

  it('hand-made sheets: every kind of cell, gaps before and after per-partner columns, wrapped columns, two sheets sharing their per-partner columns', async () => {
    const n = MEMO_ROWS + 500;
    const pick = (i: number, salt: number): Cell => {
      const kinds: Cell[] = [
        AWKWARD[(i + salt) % AWKWARD.length]!,
        `P-${i}`,
        `P-${i + salt}`,
        null,
        '',
        i * 1.5 - 700,
        { value: i / 7, format: 'percent' },
        { value: 20_000 + i, format: 'date' },
        { value: i * 3, format: 'currency', currency: 'EUR' },
        { value: -i, format: 'deltaCurrency' },
        { value: null, format: 'count' },
        Number.NaN,
        i % 2 === 0,
        i % 3 === 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
        0.1 + 0.2,
        1e21 + i,
        -0,
      ];
      return kinds[(i * 31 + salt * 7) % kinds.length]!;
    };
    const columns: ColumnSpec[] = [
      { header: 'ID', format: 'text', perPartner: 'id' },
      { header: 'Name', format: 'text', perPartner: 'name' },
      { header: 'Any', format: 'number' },
      { header: 'Long', format: 'text', wrap: true },
      { header: 'Progress', format: 'progress' },
    ];
    const sheet = (name: string, salt: number, rows: number): SheetSpec => ({
      name,
      title: salt === 0 ? [] : [`${name} =title`, ' note '],
      columns,
      rowCount: rows,
      row: (i) => [pick(i, salt), pick(i + 1, salt % 3), pick(i, salt + 5), i % 9 === 0 ? `${AWKWARD[i % AWKWARD.length]} wraps `.repeat(1 + (i % 4)) : pick(i, 2), i % 4 === 0 ? null : (i % 101) / 100],
      freezeColumns: 2,
      landscape: salt % 2 === 0,
    });
    const handMade: WorkbookSpec = {
      title: 'Hand-made',
      subject: 'cells',
      created: '2026-07-01T00:00:00.000Z',
      properties: {},
      currency: 'USD',
      currencies: ['EUR'],
      sheets: [sheet('First', 0, n), sheet('Second', 1, n), sheet('Third', 0, n + 10), sheet('Small', 4, 40)],
    };
    expectSameParts(await writerParts(handMade), referenceParts(handMade));
  });

  it('a full shared-string table: later texts are written in place, texts data cells wrote before still referred to', async () => {
    for (const cap of [0, 1, 40, 3500]) expectSameParts(await writerParts(spec, cap), referenceParts(spec, cap));
  });
});
