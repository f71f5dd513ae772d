/**
 * A CSV file's metric cells read on the import's second thread (read/parallel-values.ts,
 * read/values-worker.ts; run here from the TypeScript, so the worker's code is bundled with
 * esbuild as browser mode and the bench do): the worker is given the text and the places the
 * main thread found, and gives what `RawTable.values` over every row gives on this thread —
 * values, no data, unreadable cells in order — for any text and every kind and format; a
 * handle let go gives nothing. When every cell reads, the worker also encodes the columns as
 * the workspace stores them, and the workspace's write takes that encoding once.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { guessLineBreak, scanCsv, type CsvFields } from '../../../electron/services/import/read/csv-scan';
import { CsvTable, shapeCsv } from '../../../electron/services/import/read/csv-table';
import { valuesElsewhere } from '../../../electron/services/import/read/parallel-values';
import { readValues } from '../../../electron/services/import/read/values-protocol';
import { encodeMetricValues } from '../../../electron/services/workspace/metric-values';
import type { ValueColumn } from '../../../shared/io/types';
import type { ColumnFormat } from '../../../shared/io/values/column-format';
import type { MetricKind } from '../../../shared/model/workspace';

const KINDS: MetricKind[] = ['number', 'currency', 'count', 'percent', 'rating', 'boolean', 'date'];
const FORMATS: ColumnFormat[] = [
  { decimal: '.', dateOrder: 'MDY', percentScale: 'fraction' },
  { decimal: ',', dateOrder: 'DMY', percentScale: 'points' },
];

function tableOf(text: string, delimiter = ','): CsvTable {
  const fields = scanned(text, delimiter);
  const table = fields && shapeCsv(text, fields);
  if (!(table instanceof CsvTable)) throw new Error('not a scanned table');
  return table;
}

function scanned(text: string, delimiter: string): CsvFields | null {
  const steps = scanCsv(text, delimiter, guessLineBreak(text));
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Every column as each kind, in each format. */
function columnsOf(table: CsvTable): ValueColumn[] {
  return table.headers.flatMap((_, index) => KINDS.flatMap((kind) => FORMATS.map((format) => ({ index, kind, format }))));
}

const handles: { dispose(): void }[] = [];
afterAll(() => handles.forEach((h) => h.dispose()));

async function expectSameValues(text: string, delimiter = ','): Promise<void> {
  const table = tableOf(text, delimiter);
  const columns = columnsOf(table);
  const here = readValues(table, columns);
  const elsewhere = valuesElsewhere(table.source, table.fields);
  handles.push(elsewhere);
  const there = await elsewhere.read(columns, table.rowCount);
  expect(there, 'the worker answered').not.toBeNull();
  expect(there!.unreadable).toEqual(here.unreadable);
  expect(there!.values.map((v) => Array.from(v))).toEqual(here.values.map((v) => Array.from(v)));
  elsewhere.dispose();
}

describe('metric cells read on the import’s second thread', () => {
  it('are the cells this thread reads: quotes, short records, every kind and format, unreadable cells', async () => {
    await expectSameValues(
      [
        'Partner ID,ARR,Active,Joined,CSAT,Share',
        'P1,"1,200.50",yes,2024-03-01,4.5,85%',
        'P2,"1.200,50",no,03/04/2024,"4,5",0.85',
        'P3,,maybe,31/12/2024,n/a,"12 %"',
        'P4,$-3,TRUE',
        'P5,"say ""no""",1,44000,five,',
        '',
        'P6,  7  ,false,2024-02-30,3,1e3',
      ].join('\r\n'),
    );
    await expectSameValues('ID;Umsatz;Berater\nA-1;1.250.000,50;12\nA-2;"320.000";\nA-3;-12.500;2\n', ';');
  });

  it('are the cells this thread reads, for any text (fast-check)', async () => {
    const cell = fc.oneof(fc.constantFrom('', ' ', '1', '-2.5', '1,200', '"3,5"', '"a ""b"""', 'yes', 'no', '2024-01-31', '12/31/2024', '50%', 'n/a', '1e9', '€ 12'), fc.string({ maxLength: 5 }).filter((s) => !/["\r\n,]/.test(s)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 12 }), async (rows) => {
        const text = rows.map((r) => r.join(',')).join('\n');
        // only a table the scanner reads (Papa Parse reads the others on this thread alone)
        const fields = scanned(text, ',');
        if (!fields || !shapeCsv(text, fields)) return;
        await expectSameValues(text);
      }),
      { numRuns: 40 },
    );
  });

  it('come encoded as the workspace stores them, when every cell reads; the encoding is taken once', async () => {
    // counts (1 byte), thousands (2), a large amount (4), fractions (8: not sent)
    const table = tableOf('ID,Count,Seats,ARR,Share\nP1,3,1200,70000000,0.5\nP2,,-3,,0.25\nP3,127,32767,-5,1\n');
    const format = FORMATS[0]!;
    const columns: ValueColumn[] = [1, 2, 3, 4].map((index) => ({ index, kind: 'number', format }));
    const elsewhere = valuesElsewhere(table.source, table.fields);
    handles.push(elsewhere);
    const there = (await elsewhere.read(columns, table.rowCount))!;
    expect(there.values.map((v) => encodeMetricValues(Float64Array.from(v)).width)).toEqual([1, 2, 4, 8]);
    for (const column of there.values) {
      const expected = encodeMetricValues(Float64Array.from(column));
      // changed after it arrived: the worker's encoding (of the values as read) is given,
      // once; then the column is encoded here, as it now is
      column[0] = 0.125;
      const taken = encodeMetricValues(column);
      const wasSent = expected.width !== 8;
      expect(taken.width).toBe(wasSent ? expected.width : 8);
      if (wasSent) expect(Buffer.compare(taken.bytes, expected.bytes)).toBe(0);
      expect(encodeMetricValues(column).width).toBe(8);
    }
    // a cell that does not read: nothing encoded there (the rows that import will be a copy)
    const bad = tableOf('ID,Count\nP1,3\nP2,x\n');
    const badElsewhere = valuesElsewhere(bad.source, bad.fields);
    handles.push(badElsewhere);
    const unread = (await badElsewhere.read([{ index: 1, kind: 'number', format }], bad.rowCount))!;
    expect(unread.unreadable).toEqual([[1]]);
    unread.values[0]![0] = 0.125;
    expect(encodeMetricValues(unread.values[0]!).width).toBe(8);
  });

  it('give nothing once let go', async () => {
    const table = tableOf('ID,ARR\nP1,5\n');
    const columns: ValueColumn[] = [{ index: 1, kind: 'number', format: FORMATS[0]! }];
    const elsewhere = valuesElsewhere(table.source, table.fields);
    const pending = elsewhere.read(columns, table.rowCount);
    elsewhere.dispose();
    expect(await pending).toBeNull();
    expect(await elsewhere.read(columns, table.rowCount)).toBeNull();
  });
});
