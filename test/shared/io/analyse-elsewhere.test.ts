/**
 * The check of an import with its metric cells read elsewhere (another thread: the import's
 * CSV path, electron/services/import/read/parallel-values.ts): the partners are checked
 * while the cells are read, as if every cell reads, and checked again when one does not. The
 * analysis is the one the check makes reading the cells itself: the report (counts, issues,
 * examples in order), the row states, the values and the packed partners, for any table —
 * unreadable cells, a duplicate id whose first row has an unreadable cell (that row claims no
 * id), missing ids, empty rows — and when the other side gives nothing back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseTable, type Analysis } from '../../../shared/io/analyse';
import { GridTable } from '../../../shared/io/grid-table';
import { IssueCollector } from '../../../shared/io/issues';
import { emptyMetricValues, type ImportMapping, type MetricValues, type RawCell, type RawTable, type ValueColumn, type ValuesElsewhere } from '../../../shared/io/types';

/** Runs the check to its end, waiting where it waits for the cells read elsewhere. */
async function analyse(table: RawTable, mapping: ImportMapping, elsewhere?: ValuesElsewhere): Promise<Analysis> {
  const steps = analyseTable(table, mapping, 'partners.csv', elsewhere);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (typeof next.value !== 'number') await next.value;
  }
}

/** Reads the cells as the other thread does (RawTable.values over every row), a turn later; or gives nothing. */
function elsewhereFor(table: RawTable, gives: boolean): ValuesElsewhere & { asked: number } {
  const side = {
    asked: 0,
    async read(columns: readonly ValueColumn[], rows: number): Promise<MetricValues | null> {
      side.asked += 1;
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!gives) return null;
      const read = emptyMetricValues(columns.length, rows);
      table.values(columns, read.values, read.unreadable, 0, rows);
      return read;
    },
  };
  return side;
}

const HEADERS = ['Partner ID', 'Partner Name', 'Motion', 'Tier', 'ARR', 'Active'];
const MAPPING: ImportMapping = {
  columns: [
    { index: 0, header: 'Partner ID', target: { type: 'field', field: 'id' } },
    { index: 1, header: 'Partner Name', target: { type: 'field', field: 'name' } },
    { index: 2, header: 'Motion', target: { type: 'field', field: 'motion' } },
    { index: 3, header: 'Tier', target: { type: 'field', field: 'currentTier' } },
    { index: 4, header: 'ARR', target: { type: 'metric', key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' } },
    { index: 5, header: 'Active', target: { type: 'metric', key: 'active', label: 'Active', kind: 'boolean', unit: null } },
  ],
  dateOrder: 'auto',
  decimal: 'auto',
};

async function expectSameAnalysis(rows: RawCell[][]): Promise<void> {
  const table = new GridTable(HEADERS, rows, 2);
  const alone = await analyse(table, MAPPING);
  for (const gives of [true, false]) {
    const side = elsewhereFor(table, gives);
    const shared = await analyse(table, MAPPING, side);
    expect(side.asked).toBe(1);
    expect(shared.report).toEqual(alone.report);
    expect(Array.from(shared.rowStatus)).toEqual(Array.from(alone.rowStatus));
    expect(shared.metrics).toEqual(alone.metrics);
    expect(shared.values.map((v) => Array.from(v))).toEqual(alone.values.map((v) => Array.from(v)));
    for (const field of Object.keys(alone.identity) as (keyof Analysis['identity'])[]) {
      expect(Buffer.from(shared.identity[field]).equals(Buffer.from(alone.identity[field])), field).toBe(true);
    }
  }
}

describe('the check of an import with its metric cells read elsewhere', () => {
  it('is the check that reads them itself: every cell readable', async () => {
    await expectSameAnalysis([
      ['P1', 'Acme', 'reseller', 'Gold', '1200', 'yes'],
      ['P2', 'Beta', 'Services', null, '', 'no'],
      [null, 'Gamma', 'unknown motion', 'Silver', '3.5', null],
      [null, null, null, null, null, null],
      ['P1', 'Delta', 'technology', 'Gold', '7', 'yes'],
    ]);
  });

  it('is the check that reads them itself when a cell cannot be read: the row is bad and claims no id, so a later row keeps it', async () => {
    const rows: RawCell[][] = [
      ['P1', 'Acme', 'reseller', 'Gold', 'twelve', 'yes'],
      ['P1', 'Beta', 'reseller', 'Gold', '12', 'maybe'],
      ['P1', 'Gamma', 'reseller', 'Gold', '13', 'no'],
      [null, 'Delta', 'services', null, '14', 'yes'],
    ];
    await expectSameAnalysis(rows);
    // the rows as the check decides them: the first two bad (cells), the third keeps P1
    const { report, rowStatus } = await analyse(new GridTable(HEADERS, rows, 2), MAPPING, elsewhereFor(new GridTable(HEADERS, rows, 2), true));
    expect(Array.from(rowStatus)).toEqual([1, 1, 0, 0]);
    expect(report.groups.map((g) => [g.kind, g.count])).toEqual([
      ['unparseable', 2],
      ['missing_id', 1],
      ['mixed_kinds', 2],
    ]);
  });

  it('is the check that reads them itself, for any table (fast-check)', async () => {
    const id = fc.constantFrom(null, '', 'P1', 'P2', 'P3', ' P1 ');
    const name = fc.constantFrom(null, '', 'Acme', 'Beta', 'n/a');
    const motion = fc.constantFrom(null, 'reseller', 'Services', 'MSP', '');
    const tier = fc.constantFrom(null, 'Gold', 'silver');
    const arr = fc.constantFrom(null, '', '1,200', '3.5', 'twelve', '-4', '$1,000', 'n/a');
    const active = fc.constantFrom(null, 'yes', 'no', 'TRUE', 'maybe', '1');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(id, name, motion, tier, arr, active), { minLength: 1, maxLength: 30 }), async (rows) => {
        await expectSameAnalysis(rows);
      }),
      { numRuns: 300 },
    );
  });
});

describe('issues merged from another collector', () => {
  it('count as if added after this one’s, examples in order up to five', () => {
    const example = (row: number) => ({ row, column: 'A', header: 'ID', value: null, message: `row ${row}` });
    const a = new IssueCollector();
    a.add('duplicate_id', example(1));
    a.add('unparseable', example(2));
    const b = new IssueCollector();
    for (let row = 3; row < 10; row += 1) b.add('duplicate_id', example(row));
    b.add('missing_id', example(20));
    a.merge(b);
    const all = new IssueCollector();
    all.add('duplicate_id', example(1));
    all.add('unparseable', example(2));
    for (let row = 3; row < 10; row += 1) all.add('duplicate_id', example(row));
    all.add('missing_id', example(20));
    expect(a.list()).toEqual(all.list());
    expect([a.errorCount, a.warningCount]).toEqual([all.errorCount, all.warningCount]);
  });
});
