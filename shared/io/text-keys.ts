/**
 * Texts an import has seen, each with a number: the partner ids with the row that first uses
 * each, the motion texts with their reading (row-check.ts). A text is a stretch of a string:
 * a field as it lies in a CSV file's text, or a string of its own (a cell that needed
 * tidying, an id made from a name). The characters are hashed and compared where they lie,
 * so a CSV file's million ids are told apart without a string made of each: a Map of them
 * took about 0.5 s of a 1M-partner import and kept a million strings alive
 * (docs/PERFORMANCE.md, "Issue 23"). Open addressing over a power-of-two table, grown at
 * half full; texts are compared as JavaScript compares strings (code unit by code unit).
 * Each slot keeps its key's hash beside the key, so a look-up compares text only where the
 * hashes agree, and the table grows without hashing a text again: a million ids lie all over
 * a file's text, and reading each key's characters on every probe waited on memory (at 1M
 * partners about 0.5 s of the import). An `add` just after `get` or `has` missed the same
 * text takes the slot that look-up found instead of looking again.
 *
 * A hostile file could hold ids made to land on one slot, and make every look-up walk all of
 * them (a million ids: hours). The hash starts from a random seed per set, so no file can
 * know where its ids land; and should a look-up still walk more than MAX_PROBE slots, the
 * set turns into a Map of strings (whose hash V8 seeds per process) for the rest of the
 * import, linear again (docs/SECURITY.md).
 */

const EMPTY = -1;
/** slots a look-up may walk before the set no longer trusts its hash */
const MAX_PROBE = 64;

/** A text's hash: FNV-1a over the code units of s[from, to), started from `seed` and finished so its low bits spread. */
export type TextHash = (s: string, from: number, to: number, seed: number) => number;

const fnv1a: TextHash = (s, from, to, seed) => {
  let h = 0x811c9dc5 ^ seed ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ seed;
  return h ^ (h >>> 13);
};

export class TextKeys {
  /** per key: the string its text lies in, where, and its number */
  private texts: string[] = [];
  private from: Int32Array;
  private to: Int32Array;
  private numbers: Int32Array;
  private count = 0;
  /** per slot s: the key there (or EMPTY) at 2s, its text's hash at 2s + 1 */
  private slots: Int32Array;
  /** slots − 1 (a power of two less one) */
  private mask: number;
  private readonly seed = (Math.random() * 0x1_0000_0000) >>> 0;
  /** once a look-up walked too far: every key's text as a string, to its key */
  private strings: Map<string, number> | null = null;
  /** the last text a look-up did not find: where it lies, its hash and the empty slot found for it */
  private missText: string | null = null;
  private missFrom = 0;
  private missTo = 0;
  private missHash = 0;
  private missSlot = 0;

  /** `hash` is for the tests (one that sends every text to one slot); the default is seeded FNV-1a. */
  constructor(
    expected = 0,
    private readonly hash: TextHash = fnv1a,
  ) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = emptySlots(size);
    this.mask = size - 1;
    const room = Math.max(8, expected);
    this.from = new Int32Array(room);
    this.to = new Int32Array(room);
    this.numbers = new Int32Array(room);
  }

  get size(): number {
    return this.count;
  }

  /** Whether the set has turned into a Map of strings (a look-up walked past MAX_PROBE slots). */
  get flooded(): boolean {
    return this.strings !== null;
  }

  /** The key of s[from, to), or -1 (then remembered as the last miss, with the empty slot for it). */
  private find(s: string, from: number, to: number): number {
    if (this.strings) return this.strings.get(s.slice(from, to)) ?? -1;
    const length = to - from;
    const slots = this.slots;
    const h = this.hash(s, from, to, this.seed) | 0;
    let slot = h & this.mask;
    for (let probe = 0; ; probe++) {
      const k = slots[2 * slot]!;
      if (k === EMPTY) {
        this.missText = s;
        this.missFrom = from;
        this.missTo = to;
        this.missHash = h;
        this.missSlot = slot;
        return -1;
      }
      if (slots[2 * slot + 1] === h) {
        const a = this.from[k]!;
        if (this.to[k]! - a === length) {
          const t = this.texts[k]!;
          let q = 0;
          while (q < length && t.charCodeAt(a + q) === s.charCodeAt(from + q)) q++;
          if (q === length) return k;
        }
      }
      if (probe === MAX_PROBE) {
        this.flood();
        return this.find(s, from, to);
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Every key into a Map of strings, used from now on instead of the slots. */
  private flood(): void {
    const strings = new Map<string, number>();
    for (let k = 0; k < this.count; k++) strings.set(this.texts[k]!.slice(this.from[k], this.to[k]), k);
    this.strings = strings;
    this.slots = new Int32Array(0);
    this.missText = null;
  }

  /** The number kept with the text s[from, to) (the whole of s when left out), or -1 where it is not kept. */
  get(s: string, from = 0, to = s.length): number {
    const k = this.find(s, from, to);
    return k < 0 ? -1 : this.numbers[k]!;
  }

  has(s: string, from = 0, to = s.length): boolean {
    return this.find(s, from, to) >= 0;
  }

  /** Keeps the text s[from, to) with `number` (≥ 0); returns its key (keys are counted as added). Adding one twice is the caller's mistake. */
  add(s: string, from: number, to: number, number: number): number {
    if (!this.strings && (this.count + 1) * 2 > this.slots.length / 2) this.grow();
    // the look-up just before (`get`, `has`) missed this very text: its empty slot is still empty
    const missed = this.missText === s && this.missFrom === from && this.missTo === to;
    if (!missed && this.find(s, from, to) >= 0) throw new Error('TextKeys.add: the text is kept already');
    this.missText = null;
    const k = this.count++;
    if (k === this.from.length) this.room();
    this.texts.push(s);
    this.from[k] = from;
    this.to[k] = to;
    this.numbers[k] = number;
    if (this.strings) this.strings.set(s.slice(from, to), k);
    else {
      this.slots[2 * this.missSlot] = k;
      this.slots[2 * this.missSlot + 1] = this.missHash;
    }
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

  /* Twice the slots, each key placed by the hash its slot kept; a remembered miss's slot is no longer its own. */
  private grow(): void {
    const old = this.slots;
    const size = old.length; // slots now: twice as many as before
    const slots = emptySlots(size);
    const mask = size - 1;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i]!;
      if (k === EMPTY) continue;
      const h = old[i + 1]!;
      let slot = h & mask;
      while (slots[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[2 * slot] = k;
      slots[2 * slot + 1] = h;
    }
    this.slots = slots;
    this.mask = mask;
    this.missText = null;
  }
}

/** `size` empty slots: a key (EMPTY) and a hash each. */
function emptySlots(size: number): Int32Array {
  const slots = new Int32Array(2 * size);
  for (let i = 0; i < slots.length; i += 2) slots[i] = EMPTY;
  return slots;
}
