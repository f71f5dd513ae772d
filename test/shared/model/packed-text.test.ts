/**
 * Packed lists of texts (shared/model/packed-text.ts), the form a workspace keeps a
 * dataset's identity fields in: every list reads back as it was written, and bytes that are
 * not such a list are refused with what is wrong, never read as something else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedTextBuilder, packedCount, packTexts, unpackFirst, unpackTexts, wellFormed } from '../../../shared/model/packed-text';

/** The format written the plain way: every entry made well formed, joined, and encoded by TextEncoder at once. */
function referencePack(list: readonly (string | null)[]): Uint8Array {
  const text = list.map((t) => (t ?? '').replace(/\p{Cs}/gu, '\ufffd')).join('');
  const utf8 = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + list.length * 5 + utf8.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, list.length, true);
  view.setUint32(4, text.length, true);
  let end = 0;
  list.forEach((t, i) => {
    end += t?.length ?? 0;
    view.setUint32(8 + i * 4, end, true);
    out[8 + list.length * 4 + i] = t === null ? 1 : 0;
  });
  out.set(utf8, 8 + list.length * 5);
  return out;
}

/** Text as a UTF-8 round trip leaves it: an unpaired surrogate becomes U+FFFD. */
const utf8RoundTrip = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));

describe('packed lists of texts', () => {
  it('read back as written: empty texts, nulls, any Unicode (fast-check)', () => {
    const entry = fc.oneof(fc.constant(null), fc.constant(''), fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('Ωmega', '😀', 'Jürgen', 'a\u0000b', '東京'));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (list) => {
        const back = unpackTexts(packTexts(list));
        expect(back).toEqual(list);
        expect(packedCount(packTexts(list))).toBe(list.length);
      }),
      { numRuns: 500, seed: 1207 },
    );
  });

  it('read their first k entries as the first k of the whole list, decoding no more of the text than those take (fast-check)', () => {
    // characters of 1, 2, 3 and 4 UTF-8 bytes (a pair: 2 code units), unpaired surrogates and nulls
    const entry = fc.oneof(fc.constant(null), fc.constant(''), fc.string({ unit: 'binary' }), fc.constantFrom('a', 'ü', 'Ω東京', '😀😀', '\ud800', 'x\udfff'));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.nat(45), (list, k) => {
        const packed = packTexts(list);
        expect(unpackFirst(packed, k)).toEqual(unpackTexts(packed).slice(0, k));
      }),
      { numRuns: 500, seed: 1207 },
    );
    // a page of a list whose later text is damaged reads; the damage is met when read to it
    const packed = packTexts(['one', 'two', 'three']);
    const cut = packed.subarray(0, packed.byteLength - 3);
    expect(unpackFirst(cut, 2)).toEqual(['one', 'two']);
    expect(() => unpackFirst(cut, 3)).toThrow(/code units long, not 11/);
  });

  it('are written byte for byte as TextEncoder writes each entry, one at a time or many (fast-check)', () => {
    const entry = fc.oneof(fc.constant(null), fc.constant(''), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('\ud800', '\udc00', '\ud83d\ude00', '\u07ff\u0800\uffff', 'x\udfff', '\udbff\ue000', '\ud7ff\udc00'));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 80 }), fc.nat(100), (list, expected) => {
        expect(packTexts(list)).toEqual(referencePack(list));
        // a builder told to expect any count grows to what it is given
        const builder = new PackedTextBuilder(expected);
        for (const t of list) builder.add(t);
        expect(builder.count).toBe(list.length);
        expect(builder.finish()).toEqual(referencePack(list));
        // spent, it starts again empty
        builder.add('again');
        expect(builder.finish()).toEqual(referencePack(['again']));
      }),
      { numRuns: 500, seed: 1207 },
    );
    // texts longer than any first guess
    const long = ['a'.repeat(5_000), 'ü'.repeat(3_000), null, '😀'.repeat(2_000)];
    expect(packTexts(long)).toEqual(referencePack(long));
  });

  it('take ASCII text from its bytes as from its string, mixed with other entries, short and long (fast-check)', () => {
    const unit = fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c));
    // short entries are copied a byte at a time, longer ones in one go
    const ascii = fc.oneof(fc.string({ unit, maxLength: 8 }), fc.string({ unit, minLength: 28, maxLength: 70 }));
    const entry = fc.oneof(fc.record({ ascii }), fc.constant(null), fc.string({ unit: 'grapheme', maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(entry, fc.nat(3), fc.nat(3)), { maxLength: 60 }), fc.nat(40), (list, expected) => {
        const builder = new PackedTextBuilder(expected);
        const texts: (string | null)[] = [];
        for (const [e, before, after] of list) {
          if (e === null || typeof e === 'string') {
            builder.add(e);
            texts.push(e);
            continue;
          }
          // the entry inside a longer run of bytes, as a field inside a file
          const around = `${'#'.repeat(before)}${e.ascii}${'#'.repeat(after)}`;
          builder.addAscii(Uint8Array.from(around, (ch) => ch.charCodeAt(0)), before, before + e.ascii.length);
          texts.push(e.ascii);
        }
        expect(builder.count).toBe(texts.length);
        expect(builder.finish()).toEqual(referencePack(texts));
      }),
      { numRuns: 500, seed: 1208 },
    );
  });

  it('write an unpaired surrogate as U+FFFD, as a SQLite row keeps it', () => {
    expect(unpackTexts(packTexts(['a\ud800b', 'ok', null]))).toEqual([utf8RoundTrip('a\ud800b'), 'ok', null]);
    expect(unpackTexts(packTexts(['a\ud800b']))[0]).toBe('a\ufffdb');
    // unpaired halves in entries side by side are not read as one pair
    expect(unpackTexts(packTexts(['\ud800', '\udc00', null, 'x\ud83d', '\ude00y', '\ud83d\ude00']))).toEqual(['\ufffd', '\ufffd', null, 'x\ufffd', '\ufffdy', '\u{1f600}']);
    expect(wellFormed('a\udc00\ud800b\ud83d\ude00')).toBe('a\ufffd\ufffdb\u{1f600}');
  });

  it('read a list at an offset inside a larger buffer (a BLOB from SQLite)', () => {
    const packed = packTexts(['x', null, 'yz']);
    const big = new Uint8Array(packed.byteLength + 16);
    big.set(packed, 16);
    expect(unpackTexts(big.subarray(16))).toEqual(['x', null, 'yz']);
  });

  it('refuse bytes that are not a list: too short, cut short, ends out of order, text of another length', () => {
    expect(() => unpackTexts(new Uint8Array([1, 0]))).toThrow(/at least 8 bytes/);
    const packed = packTexts(['alpha', 'beta']);
    expect(() => unpackTexts(packed.subarray(0, 10))).toThrow(/cut short/);
    const disordered = packed.slice();
    new DataView(disordered.buffer).setUint32(8, 10, true); // the first entry ends past the text
    expect(() => unpackTexts(disordered)).toThrow(/ends out of order/);
    const longer = packed.slice();
    new DataView(longer.buffer).setUint32(4, 99, true);
    expect(() => unpackTexts(longer)).toThrow(/99/);
    const early = packed.slice();
    new DataView(early.buffer).setUint32(12, 5, true); // the last entry ends before the text
    expect(() => unpackTexts(early)).toThrow(/before its text does/);
    expect(packedCount(new Uint8Array(3))).toBe(-1);
  });
});
