/**
 * shapeTable with `giveRows` (the CSV reader's: its records become table rows as they are,
 * not copied) builds the same table as without it, for any grid: holes, short and long
 * rows, empty and blank cells, title rows above the header, and grids refused as sparse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapeTable } from '../../../electron/services/import/table';
import type { RawCell } from '../../../shared/io/types';

const cell = fc.oneof(fc.constant(null), fc.constantFrom('Name', 'Motion', 'ARR', ' ', '', '12', 'Acme', 'Title of the report'), fc.string({ maxLength: 4 }));
const row = fc.array(cell, { maxLength: 7 });
const grid = fc.array(fc.option(row, { nil: undefined, freq: 6 }), { maxLength: 40 });

function outcome(rows: (RawCell[] | undefined)[], give: boolean): unknown {
  // each its own copy: the table may take the grid's rows
  const copy = rows.map((r) => (r ? [...r] : undefined));
  try {
    return shapeTable(copy, [], give);
  } catch (error) {
    return { error: String(error) };
  }
}

describe('shapeTable, rows given away', () => {
  it('builds the table it builds from a copy', () => {
    fc.assert(
      fc.property(grid, (g) => {
        expect(outcome(g, true)).toEqual(outcome(g, false));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes a full row as it is, and copies one with holes', () => {
    const full: RawCell[] = ['Acme', '12'];
    const holed: RawCell[] = ['Beta'];
    holed[3] = 'x';
    const wide: RawCell[] = ['Acme', '12', 'r', 't'];
    const table = shapeTable([['Name', 'ARR', 'Motion', 'Tier'], wide, full, holed], [], true)!;
    expect(table.rows[0]).toBe(wide);
    expect(table.rows[1]).not.toBe(full);
    expect(table.rows[2]).toEqual(['Beta', null, null, 'x']);
    const same: RawCell[] = ['Acme', '12'];
    expect(shapeTable([['Name', 'ARR'], same], [], true)!.rows[0]).toBe(same);
    expect(shapeTable([['Name', 'ARR'], same], [], false)!.rows[0]).not.toBe(same);
  });
});
