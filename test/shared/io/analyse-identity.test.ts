/**
 * The partners an import's check lets through, as the workspace will keep them:
 * - their identity fields, packed during the check, are each row's cells as the import reads
 *   them (tidy text; null for an empty or missing optional field; the motion normalised), for
 *   any table (blank, missing, duplicate and derived ids, names with any Unicode, rows left out);
 * - ids are told apart as a packed list keeps them (an unpaired surrogate as U+FFFD), so two
 *   that differ only there are one id, and the second is reported as a duplicate by row and
 *   column rather than refused by the write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseTable, ROW_BAD, ROW_OK, UNASSIGNED_MOTION } from '../../../shared/io/analyse';
import { cellText, isNoText } from '../../../shared/io/cell-text';
import { GridTable } from '../../../shared/io/grid-table';
import { normaliseMotion } from '../../../shared/io/motion';
import type { ImportMapping, RawCell, RawTable } from '../../../shared/io/types';
import { IDENTITY_FIELDS } from '../../../shared/model/dataset';
import { unpackTexts, wellFormed } from '../../../shared/model/packed-text';

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
    const { report, rowStatus, identity } = analyse(table, mapping);
    expect(report).toMatchObject({ validRows: 2, badRows: 1 });
    expect(report.groups.find((g) => g.kind === 'duplicate_id')?.examples.map((e) => e.message)).toEqual([
      'Row 3, column A "Partner ID": partner ID "P\ufffd" is already used by row 2.',
    ]);
    expect(Array.from(rowStatus)).toEqual([ROW_OK, ROW_BAD, ROW_OK]);
    expect(unpackTexts(identity.id)).toEqual(['P\ufffd', 'P1']);
  });

  it('pack, for every row that imports, its cells as the workspace keeps them: tidy text, null for an empty optional field (fast-check)', () => {
    const text = fc.oneof(fc.constantFrom('', ' ', 'n/a', '-', 'P1', 'P2', 'Gold', ' Gold ', 'a  b', 'reseller', 'Services', 'Ωmega 😀', '\ud800', 'x\udfff'), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
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
        const kept = rows.filter((_, r) => analysis.rowStatus[r] === ROW_OK);
        const optional = (c: RawCell) => (isNoText(cellText(c)) ? null : cellText(c));
        const lists = Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, unpackTexts(analysis.identity[f])]));
        expect(lists.name).toEqual(kept.map((row) => wellFormed(cellText(row[1]!))));
        expect(lists.motion).toEqual(kept.map((row) => wellFormed(isNoText(cellText(row[2]!)) ? UNASSIGNED_MOTION : normaliseMotion(cellText(row[2]!)).motion)));
        for (const [field, c] of [['currentTier', 3], ['region', 4], ['segment', 5], ['owner', 6]] as const) {
          expect(lists[field]).toEqual(kept.map((row) => { const t = optional(row[c]!); return t === null ? null : wellFormed(t); }));
        }
        // an id as the file gives it, or one made from the name: never empty, never twice
        kept.forEach((row, k) => {
          if (withIds && !isNoText(cellText(row[0]!))) expect(lists.id![k]).toBe(wellFormed(cellText(row[0]!)));
        });
        expect(lists.id!.every((id) => id !== '')).toBe(true);
        expect(new Set(lists.id).size).toBe(kept.length);
      }),
      { numRuns: 400, seed: 1207 },
    );
  });
});
