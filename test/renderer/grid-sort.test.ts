/**
 * The partners grid's own sort (renderer/src/features/partners/grid-sort.ts) must order rows
 * exactly as ag-grid's sort did: a stable sort by ag-grid's default comparison
 * (`_defaultComparator` of ag-stack, which ag-grid 36 uses with `accentedSort` off), the
 * result negated for a descending column, the first sorted column first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderByRanks, rankColumn, type ColumnRanks } from '../../renderer/src/features/partners/grid-sort';

/** ag-grid's default comparison, as ag-stack 36 writes it (accentedCompare false). */
function agGridCompare(a: unknown, b: unknown): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  const x = a as number | string;
  const y = b as number | string;
  if (x > y) return 1;
  if (x < y) return -1;
  return 0;
}

function ranksOf(values: readonly unknown[]): ColumnRanks {
  const ranking = rankColumn(values);
  for (;;) {
    const step = ranking.next();
    if (step.done) return step.value;
  }
}

/** What ag-grid shows: the rows (given in `input` order) sorted as its full sort does (Array.prototype.sort, stable, no other tie-break). */
function agGridOrder(columns: readonly (readonly unknown[])[], keys: readonly { column: number; descending: boolean }[], input: readonly number[]): number[] {
  return input.slice().sort((a, b) => {
    for (const { column, descending } of keys) {
      const r = agGridCompare(columns[column]![a], columns[column]![b]);
      if (r !== 0) return descending ? -r : r;
    }
    return 0;
  });
}

function ourOrder(columns: readonly (readonly unknown[])[], keys: readonly { column: number; descending: boolean }[], input: readonly number[]): number[] {
  const ranks = columns.map(ranksOf);
  return Array.from(orderByRanks(Int32Array.from(input), keys.map((k) => ({ ranks: ranks[k.column]!, descending: k.descending }))));
}

// strings that share prefixes, differ by case, end early, hold surrogates and NUL
const text = fc.oneof(
  fc.constantFrom('', 'a', 'A', 'ab', 'ab\u0000', 'abc', 'Acme', 'Acme Corp', 'Acme Corp.', 'acme', 'Zeta', 'Ωmega', '😀', '\ud83d', 'a😀b'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.tuple(fc.constantFrom('Global ', 'Global Partners ', 'North'), fc.string({ maxLength: 3 })).map(([a, b]) => a + b),
);
const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }), fc.constant(Number.NaN), fc.constantFrom(0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-300, -1e-300));
const empty = fc.constantFrom(null, undefined);

const column = (size: number) =>
  fc.oneof(
    fc.array(fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: empty }), { minLength: size, maxLength: size }),
    fc.array(fc.oneof({ weight: 5, arbitrary: number }, { weight: 1, arbitrary: empty }), { minLength: size, maxLength: size }),
    fc.array(fc.oneof(text, number, empty), { minLength: size, maxLength: size }),
  );

const setup = fc.integer({ min: 0, max: 700 }).chain((size) =>
  fc.record({
    columns: fc.array(column(size), { minLength: 1, maxLength: 3 }),
    keys: fc.array(fc.record({ column: fc.nat({ max: 2 }), descending: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    // the rows ag-grid hands over: all, in row order, or some after a filter
    keep: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
    filtered: fc.boolean(),
  }),
);

describe('the partners grid’s sort', () => {
  it('orders rows as ag-grid’s stable sort by its default comparison does (strings, numbers, empty values, mixes; several columns; asc and desc; filtered rows)', () => {
    fc.assert(
      fc.property(setup, ({ columns, keys, keep, filtered }) => {
        const usable = keys.map((k) => ({ ...k, column: k.column % columns.length }));
        const input = keep.map((_, i) => i).filter((i) => !filtered || keep[i]);
        expect(ourOrder(columns, usable, input)).toEqual(agGridOrder(columns, usable, input));
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('sorts groups past the comparison size by their next code units, long shared prefixes included', () => {
    // 3,000 names sharing long prefixes: the radix levels, not only the small groups' comparison
    const names = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? null : `Global Partners ${['North', 'South', 'Nord'][i % 3]} ${(i * 7919) % 1000}${i % 11 === 0 ? '' : ' Ltd'}`));
    const input = names.map((_, i) => i);
    for (const descending of [false, true]) expect(ourOrder([names], [{ column: 0, descending }], input)).toEqual(agGridOrder([names], [{ column: 0, descending }], input));
  });

  it('ranks a column that repeats its strings by its distinct strings, and one with many distinct strings and long runs of one by radix, alike', () => {
    // few distinct strings (ranked through a map of them), then many with one string repeated 1,000 times (a radix sort of the rows)
    const repeated = Array.from({ length: 3000 }, (_, i) => (i % 9 === 0 ? null : ['Acme Corp', 'Acme', 'Globex', 'acme', 'Initech LLC'][(i * 31) % 5]!));
    const mixed = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? 'Same Partner Name Ltd' : `Partner ${(i * 7919) % 3001}`));
    for (const column of [repeated, mixed]) {
      const input = column.map((_, i) => i);
      for (const descending of [false, true]) expect(ourOrder([column], [{ column: 0, descending }], input)).toEqual(agGridOrder([column], [{ column: 0, descending }], input));
      const { ranks, top } = ranksOf(column);
      expect(top).toBe(new Set(column.filter((v) => v !== null)).size);
      expect(Array.from(ranks!).filter((r, i) => r === 0 && column[i] !== null)).toEqual([]);
    }
  });

  it('ranks −0 with 0 and equal values alike; keeps the values of a column with NaN (no order), which then sorts as ag-grid does', () => {
    const { ranks, top } = ranksOf([0, -0, 5, null, 5, -1]);
    expect(Array.from(ranks!)).toEqual([2, 2, 3, 0, 3, 1]);
    expect(top).toBe(3);
    const withNaN = [3, Number.NaN, 1, null, 2, Number.NaN, 0];
    expect(ranksOf(withNaN).values).toBe(withNaN);
    const input = withNaN.map((_, i) => i);
    for (const descending of [false, true]) expect(ourOrder([withNaN], [{ column: 0, descending }], input)).toEqual(agGridOrder([withNaN], [{ column: 0, descending }], input));
  });

  it('yields while it ranks a large column, so the page can paint between slices', () => {
    const values = Array.from({ length: 300_000 }, (_, i) => `p${(i * 48271) % 300_000}`);
    const ranking = rankColumn(values);
    let yields = 0;
    while (!ranking.next().done) yields++;
    expect(yields).toBeGreaterThan(5);
  });
});
