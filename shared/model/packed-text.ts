/**
 * A list of texts (some of them empty: null) as one run of bytes: how a workspace keeps a
 * dataset's identity fields (one BLOB per field, as metrics are kept; docs/PERFORMANCE.md
 * "Opening 1M partners"), so a dataset's names, ids and motions are read in one go instead
 * of a million rows at a time.
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

const HEAD = 8;

/** Whether this machine keeps a Uint32 least significant byte first (as the format does). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Any UTF-16 surrogate code unit; in a /u expression \p{Cs} is one that is not half of a pair. */
const SURROGATE = /[\ud800-\udfff]/;
const UNPAIRED = /\p{Cs}/gu;

/** `text` as a packed list holds it: each unpaired surrogate as U+FFFD (as SQLite keeps text). */
export function wellFormed(text: string): string {
  return SURROGATE.test(text) ? text.replace(UNPAIRED, '\ufffd') : text;
}

/** The texts as one run of bytes (see the format above). */
export function packTexts(list: readonly (string | null)[]): Uint8Array {
  const builder = new PackedTextBuilder(list.length);
  for (let i = 0; i < list.length; i++) builder.add(list[i] ?? null);
  return builder.finish();
}

/**
 * A packed list made one entry at a time: each text is written as UTF-8 when it is added, so
 * an import packs its partners' identity fields while it reads each row, with the row's
 * texts still at hand — packing them afterwards read a million scattered strings again
 * (docs/PERFORMANCE.md, "Issue 23"). Each entry is encoded on its own, an unpaired surrogate
 * as U+FFFD (EF BF BD), exactly as TextEncoder writes it.
 */
export class PackedTextBuilder {
  private bytes: Uint8Array;
  private used = 0;
  private ends: Uint32Array;
  private empty: Uint8Array;
  private units = 0;
  /** entries added so far */
  count = 0;

  constructor(expected = 0) {
    const entries = Math.max(16, expected);
    this.ends = new Uint32Array(entries);
    this.empty = new Uint8Array(entries);
    this.bytes = new Uint8Array(Math.max(256, entries * 4));
  }

  /** Adds `text` (or its part [from, to)), or null. */
  add(text: string | null, from = 0, to = text === null ? 0 : text.length): void {
    this.roomForEntry();
    if (text === null) {
      this.empty[this.count] = 1;
      this.ends[this.count++] = this.units;
      return;
    }
    const length = to - from;
    // at most 3 bytes per code unit (a pair: 4 bytes for 2)
    this.roomForBytes(3 * length);
    const out = this.bytes;
    let at = this.used;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        out[at++] = c;
      } else if (c < 0x800) {
        out[at++] = 0xc0 | (c >> 6);
        out[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        out[at++] = 0xe0 | (c >> 12);
        out[at++] = 0x80 | ((c >> 6) & 0x3f);
        out[at++] = 0x80 | (c & 0x3f);
      } else {
        const low = i + 1 < to ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          out[at++] = 0xf0 | (point >> 18);
          out[at++] = 0x80 | ((point >> 12) & 0x3f);
          out[at++] = 0x80 | ((point >> 6) & 0x3f);
          out[at++] = 0x80 | (point & 0x3f);
          i++;
        } else {
          // an unpaired surrogate: U+FFFD
          out[at++] = 0xef;
          out[at++] = 0xbf;
          out[at++] = 0xbd;
        }
      }
    }
    this.used = at;
    this.units += length;
    this.empty[this.count] = 0;
    this.ends[this.count++] = this.units;
  }

  /**
   * Adds the text whose characters are `ascii[from, to)`, every one of them ASCII (below
   * 0x80): the entry `add` makes of that text, copied byte for byte, as each such character
   * is one code unit and one byte of UTF-8 (an import of an ASCII file packs its identity
   * fields from the file's bytes: shared/io/cell-text.ts, `packAsciiIn`).
   */
  addAscii(ascii: Uint8Array, from: number, to: number): void {
    this.roomForEntry();
    const length = to - from;
    this.roomForBytes(length);
    const out = this.bytes;
    let at = this.used;
    // a short text byte by byte: a subarray per entry costs more than it copies
    if (length > 32) out.set(ascii.subarray(from, to), at);
    else for (let i = from; i < to; i++) out[at++] = ascii[i]!;
    this.used += length;
    this.units += length;
    this.empty[this.count] = 0;
    this.ends[this.count++] = this.units;
  }

  /* Room in `ends` and `empty` for one more entry. */
  private roomForEntry(): void {
    if (this.count < this.ends.length) return;
    const ends = new Uint32Array(Math.max(16, this.count * 2));
    ends.set(this.ends);
    this.ends = ends;
    const empty = new Uint8Array(ends.length);
    empty.set(this.empty);
    this.empty = empty;
  }

  /* Room in `bytes` for `more` bytes past those used. */
  private roomForBytes(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.used + more));
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }

  /** The list in the format above. The builder lets go of its buffers: it is spent. */
  finish(): Uint8Array {
    const { count } = this;
    const textStart = HEAD + count * 5;
    const out = new Uint8Array(textStart + this.used);
    const view = new DataView(out.buffer);
    view.setUint32(0, count, true);
    view.setUint32(4, this.units, true);
    // the ends as they lie in memory on a little-endian machine (every machine Tierscape runs
    // on): one copy instead of a call per entry (out is fresh, so HEAD is 4-byte aligned)
    if (LITTLE_ENDIAN) new Uint32Array(out.buffer, HEAD, count).set(this.ends.subarray(0, count));
    else for (let i = 0; i < count; i++) view.setUint32(HEAD + i * 4, this.ends[i]!, true);
    out.set(this.empty.subarray(0, count), HEAD + count * 4);
    out.set(this.bytes.subarray(0, this.used), textStart);
    // a list of a million partners holds tens of MB here: free before the next field's finish
    this.bytes = new Uint8Array(0);
    this.ends = new Uint32Array(0);
    this.empty = new Uint8Array(0);
    this.used = 0;
    this.units = 0;
    this.count = 0;
    return out;
  }
}

/**
 * The texts back from packTexts' bytes. Throws a RangeError saying what is wrong with bytes
 * that are not such a list (cut short, ends out of order, text of another length).
 */
export function unpackTexts(bytes: Uint8Array): (string | null)[] {
  return unpackFirst(bytes, Number.POSITIVE_INFINITY);
}

/**
 * The first `entries` texts of packTexts' bytes (all of them when it holds fewer), decoding
 * only the part of the text they take: a page of a long list without the whole list. The
 * same checks as unpackTexts for what it reads, and, when it reads to the end, for the rest.
 */
export function unpackFirst(bytes: Uint8Array, entries: number): (string | null)[] {
  if (bytes.byteLength < HEAD) throw new RangeError(`a packed list is at least ${HEAD} bytes, not ${bytes.byteLength}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const length = view.getUint32(4, true);
  const textStart = HEAD + count * 5;
  if (bytes.byteLength < textStart) throw new RangeError(`a packed list of ${count} entries is cut short`);
  const wanted = Math.min(count, entries);
  const whole = wanted === count;
  // the first k code units take at most 3k bytes of UTF-8 (a pair: 2 units, 4 bytes), so
  // those bytes decode to them whole; a character cut at the end lies past them
  const reach = whole ? length : wanted > 0 ? view.getUint32(HEAD + (wanted - 1) * 4, true) : 0;
  if (reach > length) throw new RangeError(`a packed list's entry ${wanted} ends out of order`);
  const textBytes = bytes.subarray(textStart);
  const text = new TextDecoder('utf-8').decode(whole ? textBytes : textBytes.subarray(0, Math.min(textBytes.byteLength, 3 * reach)));
  if (whole ? text.length !== length : text.length < reach) throw new RangeError(`a packed list's text is ${text.length} code units long, not ${length}`);
  const out = new Array<string | null>(wanted);
  let start = 0;
  for (let i = 0; i < wanted; i++) {
    const end = view.getUint32(HEAD + i * 4, true);
    if (end < start || end > length) throw new RangeError(`a packed list's entry ${i + 1} ends out of order`);
    out[i] = bytes[HEAD + count * 4 + i] === 1 ? null : text.substring(start, end);
    start = end;
  }
  if (whole && start !== length) throw new RangeError(`a packed list's entries end before its text does`);
  return out;
}

/** How many entries a packed list says it holds (without reading them); -1 when it is too short to say. */
export function packedCount(bytes: Uint8Array): number {
  if (bytes.byteLength < HEAD) return -1;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}
