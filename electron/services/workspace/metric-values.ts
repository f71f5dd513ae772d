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
const NO_DATA: Record<1 | 2 | 4, number> = { 1: -128, 2: -32_768, 4: -2_147_483_648 };

/** The narrowest width that holds every value of the column exactly. */
export function valueWidth(values: Float64Array): ValueWidth {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue; // no data
    // a whole number in the 32-bit range, and not −0 (which no integer width keeps)
    if ((v | 0) !== v || (v === 0 && 1 / v < 0)) return 8;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  if (lo > NO_DATA[1] && hi <= 127) return 1;
  if (lo > NO_DATA[2] && hi <= 32_767) return 2;
  if (lo > NO_DATA[4]) return 4;
  return 8;
}

/** The column as stored: its width and its bytes. */
export function encodeMetricValues(values: Float64Array): { width: ValueWidth; bytes: Buffer } {
  const width = valueWidth(values);
  if (width === 8) return { width, bytes: Buffer.from(values.buffer, values.byteOffset, values.byteLength) };
  const narrow = width === 1 ? new Int8Array(values.length) : width === 2 ? new Int16Array(values.length) : new Int32Array(values.length);
  const none = NO_DATA[width];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    narrow[i] = v === v ? v : none;
  }
  return { width, bytes: Buffer.from(narrow.buffer, narrow.byteOffset, narrow.byteLength) };
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
  const narrow =
    width === 1
      ? new Int8Array(aligned.buffer, aligned.byteOffset, count)
      : width === 2
        ? new Int16Array(aligned.buffer, aligned.byteOffset, count)
        : new Int32Array(aligned.buffer, aligned.byteOffset, count);
  const none = NO_DATA[width as 1 | 2 | 4];
  for (let i = 0; i < count; i++) {
    const v = narrow[i]!;
    out[i] = v === none ? Number.NaN : v;
  }
  return out;
}
