/**
 * Partner ids are told apart as the workspace keeps them (shared/model/packed-text.ts): an
 * unpaired surrogate is stored as U+FFFD, so two ids that differ only there are one id, and
 * the second is reported as a duplicate by row and column rather than refused by the write.
 */
import { describe, expect, it } from 'vitest';
import { analyseTable } from '../../../shared/io/analyse';
import type { ImportMapping, RawTable } from '../../../shared/io/types';

function analyse(table: RawTable, mapping: ImportMapping) {
  const steps = analyseTable(table, mapping, 'partners.csv');
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

describe('partner ids in the check of an import', () => {
  it('that differ only in an unpaired surrogate are one id: the second row is a duplicate', () => {
    const table: RawTable = {
      headers: ['Partner ID', 'Partner Name', 'Motion'],
      rows: [
        ['P\ud800', 'Alpha', 'reseller'],
        ['P\udbff', 'Beta', 'reseller'],
        ['P1', 'Gamma', 'services'],
      ],
      firstDataRow: 2,
    };
    const mapping: ImportMapping = {
      columns: [
        { index: 0, header: 'Partner ID', target: { type: 'field', field: 'id' } },
        { index: 1, header: 'Partner Name', target: { type: 'field', field: 'name' } },
        { index: 2, header: 'Motion', target: { type: 'field', field: 'motion' } },
      ],
      dateOrder: 'auto',
      decimal: 'auto',
    };
    const { report, partners } = analyse(table, mapping);
    expect(report).toMatchObject({ validRows: 2, badRows: 1 });
    expect(report.groups.find((g) => g.kind === 'duplicate_id')?.examples.map((e) => e.message)).toEqual([
      'Row 3, column A "Partner ID": partner ID "P\ufffd" is already used by row 2.',
    ]);
    expect(partners.map((p) => p?.id ?? null)).toEqual(['P\ufffd', null, 'P1']);
  });
});
