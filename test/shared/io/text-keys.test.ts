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

  it('answers as a Map of strings whatever the order of look-ups and additions, with hashes that collide (fast-check)', () => {
    // look-ups of other texts between a miss and an addition, growth in between, and a hash
    // that gives many texts the same value (their text is then compared)
    const text = fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'abc', 'P1', 'P2', 'P10', 'x');
    const op = fc.record({ kind: fc.constantFrom('get', 'has', 'add'), text, pad: fc.nat(2) });
    const hashes = [undefined, (_s: string, from: number, to: number) => (to - from) & 1];
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.nat(1), fc.nat(20), (ops, h, expected) => {
        const set = new TextKeys(expected, hashes[h]);
        const model = new Map<string, number>();
        ops.forEach(({ kind, text: t, pad }, i) => {
          const inside = `${'#'.repeat(pad)}${t}#`;
          if (kind === 'get') expect(set.get(inside, pad, pad + t.length)).toBe(model.get(t) ?? -1);
          else if (kind === 'has') expect(set.has(inside, pad, pad + t.length)).toBe(model.has(t));
          else if (model.has(t)) expect(() => set.add(inside, pad, pad + t.length, i)).toThrow(/kept already/);
          else {
            expect(set.add(inside, pad, pad + t.length, i)).toBe(model.size);
            model.set(t, i);
          }
        });
        for (const [t, n] of model) expect(set.get(t)).toBe(n);
      }),
      { numRuns: 400, seed: 1208 },
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

  it('turn into a Map of strings when texts are made to land on one slot, and answer as before (a hostile file)', () => {
    // every text hashed to the same slot: each look-up would walk all the texts before it
    const set = new TextKeys(0, () => 0);
    const model = new Map<string, number>();
    // 200,000 texts walked one by one would run for minutes (past the test's time limit)
    for (let i = 0; i < 200_000; i++) {
      const id = `P${i}`;
      if (i % 1000 === 0) expect(set.get(id)).toBe(-1);
      set.add(`x${id}y`, 1, id.length + 1, i);
      model.set(id, i);
    }
    expect(set.flooded).toBe(true);
    expect(set.size).toBe(200_000);
    for (const [id, row] of model) expect(set.get(id)).toBe(row);
    expect(set.has('P200000')).toBe(false);
    expect(set.textOf(199_999).slice(set.fromOf(199_999), set.toOf(199_999))).toBe('P199999');
  });

  it('start their hash from a seed of their own: two sets place the same texts differently', () => {
    const slotsOf = () => {
      const set = new TextKeys(64);
      for (let i = 0; i < 32; i++) set.add(`P${i}`, 0, `P${i}`.length, i);
      return Array.from((set as unknown as { slots: Int32Array }).slots).join(',');
    };
    expect(slotsOf()).not.toBe(slotsOf());
  });
});
