/**
 * The partners an import's check lets through, as the workspace will keep them:
 * - their identity fields, packed while each row is read, are exactly the partners' fields
 *   packed afterwards, for any table (blank, missing, duplicate and derived ids, names with
 *   any Unicode, rows left out);
 * - ids are told apart as a packed list keeps them (an unpaired surrogate as U+FFFD), so two
 *   that differ only there are one id, and the second is reported as a duplicate by row and
 *   column rather than refused by the write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseTable, toDataset } from '../../../shared/io/analyse';
import { GridTable } from '../../../shared/io/grid-table';
import type { ImportMapping, RawTable } from '../../../shared/io/types';
import { packIdentity } from '../../helpers/packed';

function analyse(table: RawTable, mapping: ImportMapping) {
  const steps = analyseTable(table, mapping, 'partners.csv');
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

describe('partner ids in the check of an import', () => {
  it('that differ only in an unpaired surrogate are one id: the second row is a duplicate', () => {
    const table: RawTable = new GridTable(
      ['Partner ID', 'Partner Name', 'Motion'],
      [
        ['P\ud800', 'Alpha', 'reseller'],
        ['P\udbff', 'Beta', 'reseller'],
        ['P1', 'Gamma', 'services'],
      ],
      2,
    );
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

  it('pack the identity fields of the rows that import as they are read: the same lists as packing the partners afterwards (fast-check)', () => {
    const text = fc.oneof(fc.constantFrom('', ' ', 'n/a', '-', 'P1', 'P2', 'Gold', ' Gold ', 'reseller', 'Services', 'Ωmega 😀', '\ud800', 'x\udfff'), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
    const cell = fc.oneof(fc.constant(null), text);
    const headers = ['Partner ID', 'Partner Name', 'Motion', 'Tier', 'Region', 'Segment', 'Manager', 'ARR'];
    const fields = ['id', 'name', 'motion', 'currentTier', 'region', 'segment', 'owner'] as const;
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, withIds) => {
        const mapping: ImportMapping = {
          columns: [
            ...fields.map((field, index) => ({ index, header: headers[index]!, target: { type: 'field' as const, field } })).filter((c) => withIds || c.target.field !== 'id'),
            { index: 7, header: 'ARR', target: { type: 'metric' as const, key: 'arr', label: 'ARR', kind: 'number' as const, unit: null } },
          ],
          dateOrder: 'auto',
          decimal: 'auto',
        };
        const analysis = analyse(new GridTable(headers, rows, 2), mapping);
        if (analysis.report.validRows === 0) return;
        const dataset = toDataset(analysis, { skipBadRows: true });
        expect(dataset.packed).toEqual(packIdentity(dataset.partners));
      }),
      { numRuns: 400, seed: 1207 },
    );
  });
});
