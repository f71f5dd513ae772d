/**
 * Packed lists of texts (shared/model/packed-text.ts), the form a workspace keeps a
 * dataset's identity fields in: every list reads back as it was written, and bytes that are
 * not such a list are refused with what is wrong, never read as something else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packedCount, packTexts, unpackTexts } from '../../../shared/model/packed-text';

/** Text as a UTF-8 round trip leaves it: an unpaired surrogate becomes U+FFFD. */
const wellFormed = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));

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

  it('write an unpaired surrogate as U+FFFD, as a SQLite row keeps it', () => {
    expect(unpackTexts(packTexts(['a\ud800b', 'ok', null]))).toEqual([wellFormed('a\ud800b'), 'ok', null]);
    expect(unpackTexts(packTexts(['a\ud800b']))[0]).toBe('a\ufffdb');
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
