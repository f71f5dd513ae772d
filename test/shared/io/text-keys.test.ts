/**
 * The texts an import has seen, each with a number (shared/io/text-keys.ts): the same answers
 * as a Map of strings, for texts given as strings of their own or as stretches of a longer
 * string, across its growth, with any code units (surrogates, empty text).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextKeys } from '../../../shared/io/text-keys';

describe('the texts an import has seen', () => {
  it('answers as a Map of strings: rows, presence, each id where it lies (fast-check)', () => {
    const id = fc.oneof(fc.constantFrom('', 'P1', 'P01', 'p1', '1P', 'P1 ', '\ud800', '\ud83d\ude00', 'Ω'), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 3 }));
    // each id given on its own or inside a longer text
    const given = fc.record({ id, before: fc.string({ maxLength: 3 }), after: fc.string({ maxLength: 3 }), inside: fc.boolean() });
    fc.assert(
      fc.property(fc.array(given, { maxLength: 120 }), fc.nat({ max: 200 }), (ids, expected) => {
        const set = new TextKeys(expected);
        const model = new Map<string, number>();
        const added: string[] = [];
        ids.forEach(({ id, before, after, inside }, row) => {
          const text = inside ? before + id + after : id;
          const from = inside ? before.length : 0;
          const to = from + id.length;
          expect(set.get(text, from, to)).toBe(model.get(id) ?? -1);
          expect(set.has(text, from, to)).toBe(model.has(id));
          if (!model.has(id)) {
            expect(set.add(text, from, to, row + 2)).toBe(added.length);
            model.set(id, row + 2);
            added.push(id);
          }
        });
        expect(set.size).toBe(model.size);
        added.forEach((id, k) => {
          expect(set.textOf(k).slice(set.fromOf(k), set.toOf(k))).toBe(id);
          expect(set.get(id)).toBe(model.get(id));
        });
      }),
      { numRuns: 300, seed: 1207 },
    );
  });

  it('keeps a hundred thousand ids past its first guess of their number', () => {
    const set = new TextKeys(10);
    const text = Array.from({ length: 100_000 }, (_, i) => `P${String(i).padStart(6, '0')}`).join(',');
    for (let i = 0; i < 100_000; i++) set.add(text, i * 8, i * 8 + 7, i + 2);
    expect(set.size).toBe(100_000);
    expect(set.get('P000000')).toBe(2);
    expect(set.get('P099999')).toBe(100_001);
    expect(set.has('P100000')).toBe(false);
    expect(() => set.add('P000007', 0, 7, 5)).toThrow(/kept already/);
  });
});
