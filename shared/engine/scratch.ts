/**
 * Reused memory for the engine's hot loops, so evaluating 100K partners allocates almost
 * nothing: two stack allocators (take a slice, release back to a mark) and named buffers
 * that live between evaluations. `evaluate` is therefore not re-entrant; nothing it returns
 * points into these pools.
 */

interface TypedArrayOf<T> {
  subarray(begin: number, end: number): T;
  readonly length: number;
}

class Stack<T extends TypedArrayOf<T>> {
  private buffer: T;
  private top = 0;

  constructor(private readonly make: (size: number) => T) {
    this.buffer = make(1 << 16);
  }

  /** The current top, for `release`. */
  mark(): number {
    return this.top;
  }

  /**
   * A slice of `count` elements; its contents are whatever was there before (callers that
   * need zeros fill it). When the pool is too small a bigger one replaces it; slices taken
   * earlier stay valid, on the old buffer.
   */
  take(count: number): T {
    if (this.top + count > this.buffer.length) {
      this.buffer = this.make(Math.max(this.buffer.length * 2, this.top + count));
    }
    const slice = this.buffer.subarray(this.top, this.top + count);
    this.top += count;
    return slice;
  }

  /** Gives back everything taken since `mark`. */
  release(mark: number): void {
    this.top = Math.min(mark, this.top);
  }
}

export const floatStack = new Stack<Float64Array>((n) => new Float64Array(n));
export const intStack = new Stack<Int32Array>((n) => new Int32Array(n));

const floats = new Map<string, Float64Array>();
const ints = new Map<string, Int32Array>();
const bytes = new Map<string, Uint8Array>();

/** A Float64Array of length `n`, reusing the memory of the buffer with this name: zeroed, or (zeroed = false) with whatever the last user left in it. */
export function scratchFloat64(name: string, n: number, zeroed = true): Float64Array {
  let buffer = floats.get(name);
  if (!buffer || buffer.length < n) {
    buffer = new Float64Array(Math.max(n, 16));
    floats.set(name, buffer);
  }
  const view = buffer.subarray(0, n);
  if (zeroed) view.fill(0);
  return view;
}

/** A Int32Array of length `n`, reusing the memory of the buffer with this name: zeroed, or (zeroed = false) with whatever the last user left in it. */
export function scratchInt32(name: string, n: number, zeroed = true): Int32Array {
  let buffer = ints.get(name);
  if (!buffer || buffer.length < n) {
    buffer = new Int32Array(Math.max(n, 16));
    ints.set(name, buffer);
  }
  const view = buffer.subarray(0, n);
  if (zeroed) view.fill(0);
  return view;
}

/** A Uint8Array of length `n`, reusing the memory of the buffer with this name: zeroed, or (zeroed = false) with whatever the last user left in it. */
export function scratchUint8(name: string, n: number, zeroed = true): Uint8Array {
  let buffer = bytes.get(name);
  if (!buffer || buffer.length < n) {
    buffer = new Uint8Array(Math.max(n, 16));
    bytes.set(name, buffer);
  }
  const view = buffer.subarray(0, n);
  if (zeroed) view.fill(0);
  return view;
}

let identityCache = new Int32Array(0);

/** 0, 1, …, n − 1 (read only: shared between callers). */
export function identity(n: number): Int32Array {
  if (identityCache.length < n) {
    identityCache = new Int32Array(Math.max(n, identityCache.length * 2));
    for (let i = 0; i < identityCache.length; i += 1) identityCache[i] = i;
  }
  return identityCache.subarray(0, n);
}
