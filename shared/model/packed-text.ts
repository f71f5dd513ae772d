/**
 * A list of texts (some of them empty: null) as one run of bytes: how a workspace keeps a
 * dataset's identity fields beside its partner rows (one BLOB per field, as metrics are
 * kept; docs/PERFORMANCE.md "Opening 1M partners"), so a dataset's names, ids and motions
 * are read in one go instead of a million rows at a time.
 *
 *   count            uint32, little-endian: entries
 *   length           uint32: the text's length in UTF-16 code units (JavaScript's length)
 *   ends             count × uint32: where each entry ends in the text (code units)
 *   empty            count × uint8: 1 where the entry is null (its text is "")
 *   text             the entries one after the other, as UTF-8
 *
 * Reading decodes the text once and cuts it at the ends: no string per row is decoded on
 * its own. An unpaired surrogate is written as U+FFFD, as SQLite stores it in a row.
 */

// web standards every runtime Tierscape runs in has (Node, Chromium); shared/ is compiled
// without DOM or Node types, so the members used are declared here
declare const TextDecoder: new (label: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

const HEAD = 8;

/** The texts as one run of bytes (see the format above). */
export function packTexts(list: readonly (string | null)[]): Uint8Array {
  const count = list.length;
  const text = list.map((t) => t ?? '').join('');
  // as UTF-8 writes it: an unpaired surrogate becomes U+FFFD, one code unit either way
  const utf8 = new TextEncoder().encode(text);
  const textStart = HEAD + count * 5;
  const out = new Uint8Array(textStart + utf8.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, count, true);
  view.setUint32(4, text.length, true);
  let end = 0;
  for (let i = 0; i < count; i++) {
    const entry = list[i];
    end += entry ? entry.length : 0;
    view.setUint32(HEAD + i * 4, end, true);
    out[HEAD + count * 4 + i] = entry === null || entry === undefined ? 1 : 0;
  }
  out.set(utf8, textStart);
  return out;
}

/**
 * The texts back from packTexts' bytes. Throws a RangeError saying what is wrong with bytes
 * that are not such a list (cut short, ends out of order, text of another length).
 */
export function unpackTexts(bytes: Uint8Array): (string | null)[] {
  if (bytes.byteLength < HEAD) throw new RangeError(`a packed list is at least ${HEAD} bytes, not ${bytes.byteLength}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const length = view.getUint32(4, true);
  const textStart = HEAD + count * 5;
  if (bytes.byteLength < textStart) throw new RangeError(`a packed list of ${count} entries is cut short`);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(textStart));
  if (text.length !== length) throw new RangeError(`a packed list's text is ${text.length} code units long, not ${length}`);
  const out = new Array<string | null>(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = view.getUint32(HEAD + i * 4, true);
    if (end < start || end > length) throw new RangeError(`a packed list's entry ${i + 1} ends out of order`);
    out[i] = bytes[HEAD + count * 4 + i] === 1 ? null : text.substring(start, end);
    start = end;
  }
  if (start !== length) throw new RangeError(`a packed list's entries end before its text does`);
  return out;
}

/** How many entries a packed list says it holds (without reading them); -1 when it is too short to say. */
export function packedCount(bytes: Uint8Array): number {
  if (bytes.byteLength < HEAD) return -1;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}
