/**
 * A metric's values as the workspace stores them (`metric.value_bytes`, migration 0007): one
 * BLOB per metric per dataset, each value in `value_width` bytes, little-endian:
 *
 *   8  a 64-bit float (NaN: no data) — any column;
 *   4  a 32-bit integer, −2³¹ meaning no data — a column of whole numbers in ±(2³¹ − 1);
 *   2  a 16-bit integer, −2¹⁵ meaning no data — whole numbers in ±32,767;
 *   1  an 8-bit integer, −128 meaning no data — whole numbers in ±127.
 *
 * Each column is stored in the narrowest width that holds every one of its values exactly
 * (−0 only as a float). Counts, yes/no flags, scores and dates (days) are whole numbers, so
 * most columns of a partner list take a quarter or an eighth of the bytes: a CSV import of
 * 1M partners wrote 176 MB of metric values (once to the write-ahead log, once into the
 * file) where it now writes about 60 MB (docs/PERFORMANCE.md, "Issue 23"). Reading widens
 * them back to the Float64 columns everything else works on; the values are the same to
 * the bit, no data aside (any NaN reads back as the one NaN JavaScript makes).
 */

export type ValueWidth = 1 | 2 | 4 | 8;

export const VALUE_WIDTHS: readonly ValueWidth[] = [1, 2, 4, 8];

/** The least value of each integer width: what it stores for no data. */
const NO_DATA = { 1: -128, 2: -32_768, 4: -2_147_483_648 } as const;

/** A column as stored: its width and its bytes. */
export interface StoredValues {
  width: ValueWidth;
  bytes: Buffer;
}

/**
 * Columns encoded on another thread, by the column itself: the import's second thread reads
 * a CSV file's metric cells and encodes each column it read (values-worker.ts), so the main
 * thread, which waits on the partner check meanwhile, does not encode them again (at 100K
 * partners about 25 ms of the main thread: docs/PERFORMANCE.md, "Issue 23"). Keyed by the very
 * array the values arrived in: a copy of it (the rows that import, when some do not) is not
 * found here and is encoded as any column. Nothing writes to a column once read.
 */
const encodedElsewhere = new WeakMap<Float64Array, StoredValues>();

/**
 * Remembers `bytes` as `values` encoded in `width` bytes a value (what encodeMetricValues
 * gave for them on another thread); ignored unless the length is that column's.
 */
export function rememberEncoded(values: Float64Array, width: ValueWidth, bytes: Uint8Array): void {
  if (!VALUE_WIDTHS.includes(width) || bytes.byteLength !== values.length * width) return;
  encodedElsewhere.set(values, { width, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
}

/**
 * The column as stored: its width (the narrowest that holds every value exactly) and its
 * bytes. One pass reads the column as 32-bit integers while it checks them, a second
 * narrows those further when they fit (reading 4 bytes a value, not the column's 8 again).
 * A column encoded on another thread (rememberEncoded) is given as it was, once.
 */
export function encodeMetricValues(values: Float64Array): StoredValues {
  const done = encodedElsewhere.get(values);
  if (done) {
    encodedElsewhere.delete(values);
    return done;
  }
  const n = values.length;
  const ints = new Int32Array(n);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) {
      ints[i] = NO_DATA[4];
      continue;
    }
    const x = v | 0;
    // a whole number in the 32-bit range, and not −0 (which no integer width keeps)
    if (x !== v || (v === 0 && 1 / v < 0)) return asStored(8, values);
    ints[i] = x;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo > NO_DATA[1] && hi <= 127) return asStored(1, toInt8(ints));
  if (lo > NO_DATA[2] && hi <= 32_767) return asStored(2, toInt16(ints));
  // −2³¹ itself is int32's no data: such a column stays floats
  return lo > NO_DATA[4] ? asStored(4, ints) : asStored(8, values);
}

function asStored(width: ValueWidth, array: Int8Array | Int16Array | Int32Array | Float64Array): StoredValues {
  return { width, bytes: Buffer.from(array.buffer, array.byteOffset, array.byteLength) };
}

// one function per array type, so each loop's stores stay monomorphic (a shared generic
// one ran slower)
function toInt8(ints: Int32Array): Int8Array {
  const out = new Int8Array(ints.length);
  for (let i = 0; i < ints.length; i++) {
    const x = ints[i]!;
    out[i] = x === NO_DATA[4] ? -128 : x;
  }
  return out;
}

function toInt16(ints: Int32Array): Int16Array {
  const out = new Int16Array(ints.length);
  for (let i = 0; i < ints.length; i++) {
    const x = ints[i]!;
    out[i] = x === NO_DATA[4] ? -32_768 : x;
  }
  return out;
}

function fromInt8(narrow: Int8Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const v = narrow[i]!;
    out[i] = v === -128 ? Number.NaN : v;
  }
  return out;
}

function fromInt16(narrow: Int16Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const v = narrow[i]!;
    out[i] = v === -32_768 ? Number.NaN : v;
  }
  return out;
}

function fromInt32(narrow: Int32Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const v = narrow[i]!;
    out[i] = v === -2_147_483_648 ? Number.NaN : v;
  }
  return out;
}

/**
 * The stored column widened to Float64, in a buffer of its own; null when its bytes are not
 * `count` values of `width` bytes (a file changed outside Tierscape), for the caller to refuse.
 */
export function decodeMetricValues(bytes: Uint8Array, width: number, count: number): Float64Array | null {
  if (!VALUE_WIDTHS.includes(width as ValueWidth) || bytes.byteLength !== count * width) return null;
  const out = new Float64Array(count);
  if (width === 8) {
    // copy into a fresh, aligned buffer
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  // a BLOB from SQLite need not be aligned for a wider view: copy it first (cheap beside the
  // widening; a copy, as a Buffer's slice would be a view on the same bytes)
  const aligned = bytes.byteOffset % width === 0 ? bytes : new Uint8Array(bytes);
  const { buffer, byteOffset } = aligned;
  if (width === 1) return fromInt8(new Int8Array(buffer, byteOffset, count), out);
  if (width === 2) return fromInt16(new Int16Array(buffer, byteOffset, count), out);
  return fromInt32(new Int32Array(buffer, byteOffset, count), out);
}
