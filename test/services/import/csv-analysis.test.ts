/**
 * A CSV file's check (shared/io/analyse.ts) on the table read where it lies
 * (read/csv-table.ts: ids and motions told apart where they lie in the text, no string made of each)
 * against the same file read by Papa Parse into cells: the same report (duplicate ids and
 * the row first using each, missing ids and the ids made from names, motions missing or
 * unknown), the same row states and the same packed partners, for ids and motions padded,
 * untidy, quoted with doubled quotes, holding surrogates, spelling "no value", or repeated;
 * and an ASCII file's table read from its bytes (CsvTable.ascii) as from its text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvTable, readCsv } from '../../../electron/services/import/read/csv';
import { CsvTable } from '../../../electron/services/import/read/csv-table';
import { analyseTable, type Analysis } from '../../../shared/io/analyse';
import type { ImportMapping, RawTable } from '../../../shared/io/types';

const HEADERS = ['Partner ID', 'Partner Name', 'Motion', 'Region', 'ARR'];
const MAPPING: ImportMapping = {
  columns: [
    { index: 0, header: 'Partner ID', target: { type: 'field', field: 'id' } },
    { index: 1, header: 'Partner Name', target: { type: 'field', field: 'name' } },
    { index: 2, header: 'Motion', target: { type: 'field', field: 'motion' } },
    { index: 3, header: 'Region', target: { type: 'field', field: 'region' } },
    { index: 4, header: 'ARR', target: { type: 'metric', key: 'arr', label: 'ARR', kind: 'number', unit: null } },
  ],
  dateOrder: 'auto',
  decimal: 'auto',
};

function analyse(table: RawTable): Analysis {
  const steps = analyseTable(table, MAPPING, 'partners.csv');
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** A field as a CSV writer writes it. */
function written(value: string): string {
  return /["\r\n,]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The text's bytes, each its character (the text is all ASCII). */
function asciiOf(text: string): Uint8Array {
  expect(Array.from(text).every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

async function analysed(text: string, via: 'scan' | 'papa' | 'ascii'): Promise<unknown> {
  const table = via === 'ascii' ? await csvTable(text, ',', '"partners.csv"', {}, 'scan', asciiOf(text)) : await csvTable(text, ',', '"partners.csv"', {}, via);
  if (via === 'ascii' && table) expect((table as CsvTable).ascii).not.toBeNull();
  if (!table) return null;
  const { report, rowStatus, identity, values } = analyse(table);
  return { report, rowStatus: Array.from(rowStatus), identity: Object.fromEntries(Object.entries(identity).map(([k, v]) => [k, Array.from(v)])), values: values.map((v) => Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x))) };
}

describe('the check of a CSV file read where it lies', () => {
  it('tells ids and motions apart as the check of its cells does (fast-check)', async () => {
    const id = fc.oneof(
      fc.constantFrom('', ' ', 'n/a', 'P1', 'P1', 'P2', ' P1 ', 'P  1', 'p1', 'P"1', 'P,1', 'P\ud800', 'P\ud83d\ude00', 'P\t1', 'Ωmega', 'acme', 'acme-2'),
      fc.string({ maxLength: 4 }).filter((s) => !/[\r\n]/.test(s)),
    );
    const name = fc.constantFrom('Acme', 'acme', 'Beta', '', 'Ωmega', 'P1');
    const row = fc.tuple(id, name, fc.constantFrom('reseller', 'services', '', ' Reseller ', 'Technology  partner', 'VAR', 'n/a', 'R\ud800', '"re""seller"'), fc.constantFrom('EMEA', '', 'n/a'), fc.constantFrom('1', '2.5', '', 'x'));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const text = [HEADERS.join(','), ...rows.map((r) => r.map(written).join(','))].join('\n') + '\n';
        const scanned = await analysed(text, 'scan');
        expect(scanned).toEqual(await analysed(text, 'papa'));
      }),
      { numRuns: 200, seed: 1207 },
    );
  });

  it('reads an ASCII file from its bytes as from its text: trimmed, tidied, "no value" and the rest (fast-check)', async () => {
    // every ASCII character a cell can hold, space and the other white space among them
    const asciiChar = fc.integer({ min: 0, max: 127 }).filter((c) => c !== 10 && c !== 13).map((c) => String.fromCharCode(c));
    const cell = fc.oneof(
      fc.constantFrom('', ' ', '  ', 'n/a', ' N/A ', 'NULL', 'none', '-', '--', 'tbd', 'Not Available', 'not  available', 'P1', ' P1 ', 'P  1', 'P\t1', 'P\v1', '\f', 'a\x00b', 'North America', 'north\tamerica', '"quoted"', 'x""y', '1.5', 'n1', 'nan'),
      fc.array(asciiChar, { maxLength: 6 }).map((cs) => cs.join('')),
      fc.array(fc.constantFrom('a', 'n', ' ', '\t', '/', 'A', '.'), { maxLength: 18 }).map((cs) => cs.join('')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell, cell, cell, fc.constantFrom('1', '', 'x')), { minLength: 1, maxLength: 25 }), async (rows) => {
        const text = [HEADERS.join(','), ...rows.map((r) => r.map(written).join(','))].join('\n') + '\n';
        const fromText = await analysed(text, 'scan');
        expect(await analysed(text, 'ascii')).toEqual(fromText);
        expect(fromText).toEqual(await analysed(text, 'papa'));
      }),
      { numRuns: 300, seed: 1208 },
    );
  });

  it('keeps the bytes of an ASCII file, with or without a BOM, and of no other', async () => {
    const text = `${HEADERS.join(',')}\nP1,Acme,reseller,EMEA,1\n`;
    const tableOf = async (bytes: Buffer) => (await readCsv(bytes, 'partners.csv', {})).table as CsvTable;
    const plain = await tableOf(Buffer.from(text));
    expect(plain.ascii && Buffer.from(plain.ascii).toString('latin1')).toBe(text);
    const bom = await tableOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(bom.ascii && Buffer.from(bom.ascii).toString('latin1')).toBe(text);
    expect((await tableOf(Buffer.from(text.replace('Acme', 'Acmé')))).ascii).toBeNull();
    expect((await tableOf(Buffer.from(text.replace('Acme', 'Acm\xe9'), 'latin1'))).ascii).toBeNull(); // Windows-1252
    expect((await tableOf(Buffer.from(`\ufeff${text}`, 'utf16le'))).ascii).toBeNull();
  });

  it('reports an id used twice with the row that first used it, where it lies in the text', async () => {
    const text = `${HEADERS.join(',')}\nP1,Acme,reseller,EMEA,1\n"P1",Beta,services,EMEA,2\n P1 ,Gamma,reseller,,3\nP2,Delta,reseller,,4\n`;
    const table = await csvTable(text, ',', '"partners.csv"', {}, 'scan');
    const { report, rowStatus } = analyse(table!);
    expect(Array.from(rowStatus)).toEqual([0, 1, 1, 0]);
    const duplicates = report.groups.find((g) => g.kind === 'duplicate_id')!;
    expect(duplicates.count).toBe(2);
    expect(duplicates.examples.map((e) => e.message)).toEqual([
      'Row 3, column A "Partner ID": partner ID "P1" is already used by row 2.',
      'Row 4, column A "Partner ID": partner ID "P1" is already used by row 2.',
    ]);
  });
});
