/**
 * The CSV scanner (read/csv-scan.ts) and the table read where it lies (read/csv-table.ts)
 * against Papa Parse, which read every CSV file before them: the same table, cell for cell
 * (as cells, as tidy text, as "no text", as values of every kind one by one and a row at a
 * time, as packed text; text read where it lies is the cell's text), or the same refusal; and the scanner declines only files whose
 * quotes leave the reading to Papa's leniency.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessLineBreak, scanCsv, type CsvFields } from '../../../electron/services/import/read/csv-scan';
import { csvTable } from '../../../electron/services/import/read/csv';
import type { RawTable } from '../../../shared/io/types';
import type { ColumnFormat } from '../../../shared/io/values/column-format';
import { cellError } from '../../../shared/io/values/parse';
import { PackedTextBuilder } from '../../../shared/model/packed-text';
import type { MetricKind } from '../../../shared/model/workspace';
import { rowsOf } from '../../helpers/table-rows';

const KINDS: MetricKind[] = ['number', 'currency', 'count', 'percent', 'rating', 'boolean', 'date'];
const FORMATS: ColumnFormat[] = [
  { decimal: '.', dateOrder: 'MDY', percentScale: 'fraction' },
  { decimal: ',', dateOrder: 'DMY', percentScale: 'points' },
];

function scanned(text: string, delimiter: string): CsvFields | null {
  const steps = scanCsv(text, delimiter, guessLineBreak(text));
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

async function read(text: string, delimiter: string, via: 'scan' | 'papa'): Promise<RawTable | { refused: string } | null> {
  try {
    return await csvTable(text, delimiter, '"t.csv"', {}, via);
  } catch (error) {
    return { refused: String(error) };
  }
}

/** Everything the import reads of a table, cell by cell: as a cell, text, value of every kind, packed text. */
function contents(table: RawTable | { refused: string } | null): unknown {
  if (table === null || 'refused' in table) return table;
  const cells = [];
  const packed = new PackedTextBuilder();
  const at = { source: '', start: 0, end: 0 };
  const columns = table.headers.flatMap((_, index) => KINDS.flatMap((kind) => FORMATS.map((format) => ({ index, kind, format }))));
  const columnValues = columns.map(() => new Float64Array(table.rowCount).fill(-1));
  const unreadable = columns.map((): number[] => []);
  table.values(columns, columnValues, unreadable, 0, table.rowCount);
  for (let r = 0; r < table.rowCount; r += 1) {
    const blank = table.blankRow(r);
    for (let c = 0; c < table.headers.length; c += 1) {
      const values = KINDS.flatMap((kind) =>
        FORMATS.map((format) => {
          const v = table.value(r, c, kind, format);
          return [Number.isNaN(v) ? 'NaN' : v, cellError];
        }),
      );
      table.packText(r, c, packed, true);
      table.packText(r, c, packed, false);
      // where the text lies as it is, when the table says so: the cell's text, with no surrogate (as an id is kept)
      if (table.textAt(r, c, at)) {
        expect(at.source.slice(at.start, at.end)).toBe(table.text(r, c));
        expect(/[\ud800-\udfff]/.test(table.text(r, c))).toBe(false);
      }
      cells.push([table.cell(r, c), table.text(r, c), table.noText(r, c), blank, values]);
    }
  }
  return {
    headers: table.headers,
    firstDataRow: table.firstDataRow,
    rowCount: table.rowCount,
    rows: rowsOf(table),
    cells,
    packed: packed.finish(),
    columns: columnValues.map((v) => Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x))),
    unreadable,
  };
}

async function expectSameAsPapa(text: string, delimiter: string): Promise<void> {
  expect(contents(await read(text, delimiter, 'scan'))).toEqual(contents(await read(text, delimiter, 'papa')));
}

/** A field as a CSV writer writes it: quoted (quotes doubled) when it holds a quote, the delimiter or a line break. */
function written(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value;
}

const cellText = fc.oneof(
  fc.constantFrom('', ' ', 'n/a', ' - ', 'Acme, Inc.', 'say "hi"', 'two\nlines', 'cr\rlf\r\n', '1,200.50', '1.200,50', '$1.2M', '85%', '(3,000)', 'yes', '2026-06-30', '30/06/2026', 'Ωmega 😀', '\ud800x', '  padded  ', 'a  b\tc'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('"', ',', ';', '\t', '\n', '\r', ' ', 'a', '1', '.'), maxLength: 8 }),
);
const delimiter = fc.constantFrom(',', ';', '\t', '|');
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');

describe('the CSV scanner', () => {
  it('reads what a CSV writer writes as Papa Parse reads it, without declining (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        delimiter,
        lineBreak,
        fc.boolean(),
        async (records, d, nl, trailing) => {
          const text = records.map((r) => r.map((v) => written(v, d)).join(d)).join(nl) + (trailing ? nl : '');
          if (text.trim() === '') return;
          // a writer's file is always the scanner's (unless the line break guessed is not the one written)
          if (guessLineBreak(text) === nl) expect(scanned(text, d)).not.toBeNull();
          await expectSameAsPapa(text, d);
        },
      ),
      { numRuns: 600, seed: 1207 },
    );
  });

  it('reads any text as Papa Parse reads it, or leaves it to Papa (fast-check)', async () => {
    const piece = fc.constantFrom('"', '""', ',', ';', '\t', '\n', '\r', '\r\n', ' ', 'Name', 'ARR', '12', 'x', '"a,b"', '" "', 'n/a', '1.5', 'é');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), delimiter, async (pieces, d) => {
        await expectSameAsPapa(pieces.join(''), d);
      }),
      { numRuns: 1500, seed: 612 },
    );
  });

  it('gives the field places Papa gives: quoted, doubled quotes, empty fields, the end of the text', () => {
    const text = 'a,"b,""c""",\n"x"\n,';
    const fields = scanned(text, ',')!;
    const cells = [];
    for (let f = 0; f < fields.records[fields.count]!; f += 1) {
      const start = fields.starts[f]!;
      cells.push(start >= 0 ? text.slice(start, fields.ends[f]) : `doubled ${text.slice(~start, fields.ends[f])}`);
    }
    expect(cells).toEqual(['a', 'doubled b,""c""', '', 'x', '', '']);
    expect(Array.from(fields.records.subarray(0, fields.count + 1))).toEqual([0, 3, 4, 6]);
    // '\n' is the line break guessed here, so a '\r' after a closing quote is Papa's to judge
    expect(scanned('a\n"x"\r\nb\n', ',')).toBeNull();
  });

  it('declines a quote never closed and text after a closing quote, where Papa reads on leniently', () => {
    expect(scanned('Name,ARR\n"Acme,12\n', ',')).toBeNull();
    expect(scanned('Name,ARR\n"Acme" Inc,12\n', ',')).toBeNull();
    expect(scanned('Name,ARR\n"Acme"  ,12\n', ',')).toBeNull();
    expect(scanned('Name,ARR\nAcme "the best",12\n', ',')).not.toBeNull();
  });

  it('gives the same table as Papa for a trailing line break, a trailing delimiter and blank lines', async () => {
    for (const text of ['Name,ARR\nAcme,1\n', 'Name,ARR\nAcme,1,', 'Name,ARR\n\n\nAcme,1\n\n', 'Name;ARR\r\nAcme;"1,5"\r\n', 'Name\rAcme\r', '\n\nName,ARR\n,\n']) {
      await expectSameAsPapa(text, text.includes(';') ? ';' : ',');
    }
  });
});
