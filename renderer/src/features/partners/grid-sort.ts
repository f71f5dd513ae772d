/**
 * Sorting the partners grid without ag-grid's sort (issue 23: a sort of 1M partners took
 * about 4 s and held the page). ag-grid compares two rows at a time, fetching both values
 * through its value service for each of the ~20M comparisons; here each column is ranked
 * once — every partner gets the rank of its value among the column's distinct values — by a
 * radix sort (of the distinct strings, when a column repeats them), and a sort is then a
 * counting sort of the shown rows by those ranks.
 *
 * The order is exactly the one ag-grid's default comparison gives (its `_defaultComparator`
 * with `accentedSort` off, in a stable sort): empty values (null / undefined) first, then
 * numbers by `<`, strings by `<` (UTF-16 code units, not the locale); equal values keep the
 * rows' order, ascending and descending alike (descending reverses the values, not the
 * rows). test/renderer/grid-sort.test.ts holds it to that comparator on random columns.
 *
 * `rankColumn` is a generator: it yields between steps of bounded size, so the caller can
 * run it in slices and let the page paint between them (grid-sorter.ts).
 */

/** A column sorted in one direction; several make a multi-column sort (first wins). */
export interface SortKey {
  colId: string;
  descending: boolean;
}

/**
 * A column's ranks: ranks[i] is the rank of row i's value among the column's distinct
 * values in ascending order (0 for an empty value; equal values share a rank), and `top`
 * the highest rank. A column whose values have no order (numbers and strings mixed, or NaN:
 * ag-grid's comparison of those is not transitive) keeps its values instead, and is sorted
 * by ag-grid's comparison itself.
 */
export type ColumnRanks = { ranks: Int32Array; top: number; values?: undefined } | { values: ArrayLike<unknown>; ranks?: undefined; top?: undefined };

/** Steps of about this many elements between yields. */
const STEP = 1 << 16;
/**
 * Groups of strings up to this size that share their first code units are sorted by
 * comparison; larger ones by their next code unit.
 */
const SMALL_GROUP = 32;

/** 0, 1, …, m − 1: every row, in the list's order. */
export function iota(m: number): Int32Array {
  const out = new Int32Array(m);
  for (let k = 0; k < m; k++) out[k] = k;
  return out;
}

const isEmpty = (v: unknown) => v === null || v === undefined;

/* ag-grid's comparison of two present values (accentedSort off): `>` then `<`. */
function compare(a: unknown, b: unknown): number {
  const x = a as number | string;
  const y = b as number | string;
  return x > y ? 1 : x < y ? -1 : 0;
}

/**
 * Ranks a column's values (one per row, by row index). Yields now and then; returns the
 * ranks. Numbers (−0 and 0 alike) and strings are radix-sorted; any other column keeps its
 * values (see ColumnRanks).
 */
export function* rankColumn(values: ArrayLike<unknown>): Generator<void, ColumnRanks, void> {
  const n = values.length;
  const present: number[] = [];
  let strings = 0;
  let numbers = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isEmpty(v)) continue;
    present.push(i);
    if (typeof v === 'string') strings++;
    else if (typeof v === 'number' && !Number.isNaN(v)) numbers++;
    if ((i & (STEP - 1)) === STEP - 1) yield;
  }
  const rows = Int32Array.from(present);
  if (strings === rows.length && rows.length > 0) {
    const byDistinct = yield* rankByDistinct(values as ArrayLike<string>, rows, n);
    if (byDistinct) return byDistinct;
  }
  let order: Int32Array;
  if (numbers === rows.length) order = yield* sortNumbers(values as ArrayLike<number>, rows);
  else if (strings === rows.length) order = yield* sortStrings(values as ArrayLike<string>, rows);
  else return { values };
  // dense ranks along the sorted order; empty values keep rank 0. Equal neighbours are the
  // same string, or numbers that compare equal (−0 and 0 alike: === holds), so !== tells them
  // apart without comparing twice
  const ranks = new Int32Array(n);
  let top = 0;
  let previous: unknown;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const v = values[i];
    if (k === 0 || v !== previous) top++;
    ranks[i] = top;
    previous = v;
    if ((k & (STEP - 1)) === STEP - 1) yield;
  }
  return { ranks, top };
}

/**
 * A column of strings that repeat (a list's motions, regions, owners — and names, which a
 * big list repeats too): each distinct string is ranked once, and each row takes its
 * string's rank. At 1M partners with 20,000 distinct names: 0.2 s, where the radix sort of the
 * rows took 2 s (it went through each repeated name code unit by code unit). Null as soon as
 * the column shows more distinct strings than an eighth of its rows: a radix sort of the rows
 * is then quicker than a map of them.
 */
function* rankByDistinct(values: ArrayLike<string>, rows: Int32Array, n: number): Generator<void, ColumnRanks | null, void> {
  const limit = Math.max(SMALL_GROUP, rows.length >>> 3);
  const codes = new Int32Array(n);
  const seen = new Map<string, number>();
  const distinct: string[] = [];
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    const v = values[i]!;
    let code = seen.get(v);
    if (code === undefined) {
      if (distinct.length === limit) return null;
      code = distinct.length;
      distinct.push(v);
      seen.set(v, code);
    }
    codes[i] = code;
    if ((k & (STEP - 1)) === STEP - 1) yield;
  }
  // the distinct strings in order: each one's rank (1 for the first; 0 stays for empty rows)
  const order = yield* sortStrings(distinct, iota(distinct.length));
  const rankOf = new Int32Array(distinct.length);
  for (let k = 0; k < order.length; k++) rankOf[order[k]!] = k + 1;
  const ranks = new Int32Array(n);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    ranks[i] = rankOf[codes[i]!]!;
    if ((k & (STEP - 1)) === STEP - 1) yield;
  }
  return { ranks, top: distinct.length };
}

/* The rows by their numbers, ascending, equal numbers in row order: an LSD radix sort on the doubles' bits, 16 at a time. */
function* sortNumbers(values: ArrayLike<number>, rows: Int32Array): Generator<void, Int32Array, void> {
  const m = rows.length;
  // each double as an unsigned 64-bit key that orders as the numbers do (hi, lo)
  const hi = new Uint32Array(m);
  const lo = new Uint32Array(m);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  for (let k = 0; k < m; k++) {
    const v = values[rows[k]!]!;
    f[0] = v === 0 ? 0 : v; // −0 is 0
    const h = u[1]!;
    const l = u[0]!;
    const negative = h >>> 31;
    hi[k] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[k] = negative ? ~l >>> 0 : l;
  }
  yield;
  let order = iota(m);
  for (const [key, shift] of [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ] as const) {
    order = countingPass(order, (k) => (key[k]! >>> shift) & 0xffff, 0x10000);
    yield;
  }
  for (let k = 0; k < m; k++) order[k] = rows[order[k]!]!;
  return order;
}

/* One stable counting pass: `order` by `digit` (0 ≤ digit < radix). */
function countingPass(order: Int32Array, digit: (k: number) => number, radix: number): Int32Array {
  const counts = new Int32Array(radix + 1);
  for (let j = 0; j < order.length; j++) counts[digit(order[j]!) + 1]!++;
  for (let d = 1; d <= radix; d++) counts[d]! += counts[d - 1]!;
  const out = new Int32Array(order.length);
  for (let j = 0; j < order.length; j++) {
    const k = order[j]!;
    out[counts[digit(k)]!++] = k;
  }
  return out;
}

/*
 * The rows by their strings, ascending by UTF-16 code units, equal strings in row order: a
 * most-significant-first radix sort, one code unit per level (each unit + 1, 0 past the end,
 * so a prefix comes first; 257 buckets when the group's units at that level are all below
 * 256, as in most names, else 65,537), until a group is small enough to compare.
 */
function* sortStrings(values: ArrayLike<string>, rows: Int32Array): Generator<void, Int32Array, void> {
  const out = rows.slice();
  const spare = new Int32Array(out.length);
  const units = new Int32Array(out.length);
  // the units of `spare`'s rows after a counting pass, where the sub-groups are read
  const sortedUnits = new Int32Array(out.length);
  const counts = new Int32Array(0x10002);
  // groups still to order: [start, end) of `out` sharing their first `depth` code units
  const work: [number, number, number][] = [[0, out.length, 0]];
  let done = 0;
  while (work.length > 0) {
    const [start, end, depth] = work.pop()!;
    const size = end - start;
    if (size <= SMALL_GROUP) {
      const group = Array.from(out.subarray(start, end));
      group.sort((a, b) => compare(values[a], values[b]) || a - b);
      out.set(group, start);
    } else {
      let top = 0;
      let bottom = 0x10001;
      for (let j = start; j < end; j++) {
        const s = values[out[j]!]!;
        const u = depth < s.length ? s.charCodeAt(depth) + 1 : 0;
        units[j] = u;
        if (u > top) top = u;
        if (u < bottom) bottom = u;
        if ((j & (STEP - 1)) === STEP - 1) yield;
      }
      if (top === bottom) {
        // one code unit for the whole group: no pass needed. Past the end of every string
        // (0), or all one string: in order as they are
        if (top !== 0 && !allSame(values, out, start, end)) work.push([start, end, depth + 1]);
        done += size;
        continue;
      }
      const radix = top < 257 ? 257 : 0x10001;
      counts.fill(0, 0, radix + 1);
      for (let j = start; j < end; j++) counts[units[j]! + 1]!++;
      for (let d = 1; d <= radix; d++) counts[d]! += counts[d - 1]!;
      // a stable counting pass: the rows into `spare` by their unit, then back
      for (let j = start; j < end; j++) {
        const u = units[j]!;
        const at = start + counts[u]!++;
        spare[at] = out[j]!;
        sortedUnits[at] = u;
      }
      out.set(spare.subarray(start, end), start);
      if (size >= STEP) yield;
      // the sub-groups that share this code unit too (past the end: all equal, already in row order)
      let from = start;
      let previous = sortedUnits[start]!;
      for (let j = start + 1; j <= end; j++) {
        const u = j < end ? sortedUnits[j]! : -1;
        if (u === previous) continue;
        if (j - from > 1 && previous !== 0) work.push([from, j, depth + 1]);
        from = j;
        previous = u;
      }
    }
    done += size;
    if (done >= STEP) {
      done = 0;
      yield;
    }
  }
  return out;
}

/* Whether the rows [start, end) of `out` hold one and the same string. */
function allSame(values: ArrayLike<string>, out: Int32Array, start: number, end: number): boolean {
  const first = values[out[start]!];
  for (let j = start + 1; j < end; j++) if (values[out[j]!] !== first) return false;
  return true;
}

/**
 * The rows (row indexes, in the order shown before the sort) in the order of the sort keys,
 * as a stable sort by ag-grid's comparison would order them: a stable counting sort per key,
 * the last key first; with a column of unordered values among the keys, a stable sort with
 * ag-grid's comparison itself.
 */
export function orderByRanks(rows: Int32Array, keys: readonly { ranks: ColumnRanks; descending: boolean }[]): Int32Array {
  if (keys.some((k) => k.ranks.values)) {
    const sorted = Array.from(rows).sort((x, y) => {
      for (const { ranks, descending } of keys) {
        const r = ranks.values ? agGridCompare(ranks.values[x], ranks.values[y]) : Math.sign(ranks.ranks[x]! - ranks.ranks[y]!);
        if (r !== 0) return descending ? -r : r;
      }
      return 0;
    });
    return Int32Array.from(sorted);
  }
  if (keys.length === 1) {
    // one column (the usual sort): each row placed by its rank straight away
    const { ranks, descending } = keys[0]!;
    const top = ranks.top!;
    const r = ranks.ranks!;
    const counts = new Int32Array(top + 2);
    for (let j = 0; j < rows.length; j++) counts[(descending ? top - r[rows[j]!]! : r[rows[j]!]!) + 1]!++;
    for (let d = 1; d <= top + 1; d++) counts[d]! += counts[d - 1]!;
    const placed = new Int32Array(rows.length);
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j]!;
      placed[counts[descending ? top - r[row]! : r[row]!]!++] = row;
    }
    return placed;
  }
  let order = iota(rows.length);
  for (let k = keys.length - 1; k >= 0; k--) {
    const { ranks, descending } = keys[k]!;
    const top = ranks.top!;
    const r = ranks.ranks!;
    order = countingPass(order, descending ? (j) => top - r[rows[j]!]! : (j) => r[rows[j]!]!, top + 1);
  }
  for (let j = 0; j < order.length; j++) order[j] = rows[order[j]!]!;
  return order;
}

/* ag-grid's comparison of any two values (empty first). */
function agGridCompare(a: unknown, b: unknown): number {
  if (isEmpty(a)) return isEmpty(b) ? 0 : -1;
  if (isEmpty(b)) return 1;
  return compare(a, b);
}
