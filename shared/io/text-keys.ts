/**
 * Texts an import has seen, each with a number: the partner ids with the row that first uses
 * each, the motion texts with their reading (row-check.ts). A text is a stretch of a string:
 * a field as it lies in a CSV file's text, or a string of its own (a cell that needed
 * tidying, an id made from a name). The characters are hashed and compared where they lie,
 * so a CSV file's million ids are told apart without a string made of each: a Map of them
 * took about 0.5 s of a 1M-partner import and kept a million strings alive
 * (docs/PERFORMANCE.md, "Issue 23"). Open addressing over a power-of-two table, grown at
 * half full; texts are compared as JavaScript compares strings (code unit by code unit).
 */

const EMPTY = -1;

/** FNV-1a over the code units of s[from, to), finished so its low bits spread. */
function hashOf(s: string, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

export class TextKeys {
  /** per key: the string its text lies in, where, and its number */
  private texts: string[] = [];
  private from: Int32Array;
  private to: Int32Array;
  private numbers: Int32Array;
  private count = 0;
  /** per slot: the key there, or EMPTY */
  private slots: Int32Array;
  private mask: number;

  constructor(expected = 0) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    const room = Math.max(8, expected);
    this.from = new Int32Array(room);
    this.to = new Int32Array(room);
    this.numbers = new Int32Array(room);
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding s[from, to), or the empty slot where it would go (a negative number: ~slot). */
  private find(s: string, from: number, to: number): number {
    const length = to - from;
    let slot = hashOf(s, from, to) & this.mask;
    for (;;) {
      const k = this.slots[slot]!;
      if (k === EMPTY) return ~slot;
      const a = this.from[k]!;
      if (this.to[k]! - a === length) {
        const t = this.texts[k]!;
        let q = 0;
        while (q < length && t.charCodeAt(a + q) === s.charCodeAt(from + q)) q++;
        if (q === length) return slot;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The number kept with the text s[from, to) (the whole of s when left out), or -1 where it is not kept. */
  get(s: string, from = 0, to = s.length): number {
    const slot = this.find(s, from, to);
    return slot < 0 ? -1 : this.numbers[this.slots[slot]!]!;
  }

  has(s: string, from = 0, to = s.length): boolean {
    return this.find(s, from, to) >= 0;
  }

  /** Keeps the text s[from, to) with `number` (≥ 0); returns its key (keys are counted as added). Adding one twice is the caller's mistake. */
  add(s: string, from: number, to: number, number: number): number {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const slot = ~this.find(s, from, to);
    if (slot < 0) throw new Error('TextKeys.add: the text is kept already');
    const k = this.count++;
    if (k === this.from.length) this.room();
    this.texts.push(s);
    this.from[k] = from;
    this.to[k] = to;
    this.numbers[k] = number;
    this.slots[slot] = k;
    return k;
  }

  /** Key `k` (counted as added): the string its text lies in, and where. */
  textOf(k: number): string {
    return this.texts[k]!;
  }
  fromOf(k: number): number {
    return this.from[k]!;
  }
  toOf(k: number): number {
    return this.to[k]!;
  }

  private room(): void {
    const size = this.from.length * 2;
    const widen = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.from = widen(this.from);
    this.to = widen(this.to);
    this.numbers = widen(this.numbers);
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = hashOf(this.texts[k]!, this.from[k]!, this.to[k]!) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = k;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
