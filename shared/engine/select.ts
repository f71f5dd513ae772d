/**
 * Order statistics without a full sort: `selectLargest(a, k)` reorders `a` in place so that
 * its first k entries are its k largest values (in no particular order). Deterministic
 * (median-of-three pivots, no randomness), O(n) on average. NaN must not be present.
 */
export function selectLargest(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  if (k <= 0 || k >= a.length) return;
  const target = k - 1; // index that must hold the k-th largest
  while (hi > lo) {
    if (hi - lo < 16) {
      insertionSortDesc(a, lo, hi);
      return;
    }
    const mid = (lo + hi) >>> 1;
    // median of three, descending
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x > y ? (y > z ? y : x > z ? z : x) : x > z ? x : y > z ? z : y;
    // three-way partition (Dijkstra): [lo, lt) > pivot, [lt, gt] = pivot, (gt, hi] < pivot
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (v > pivot) {
        a[i] = a[lt]!;
        a[lt] = v;
        lt++;
        i++;
      } else if (v < pivot) {
        a[i] = a[gt]!;
        a[gt] = v;
        gt--;
      } else i++;
    }
    if (target < lt) hi = lt - 1;
    else if (target > gt) lo = gt + 1;
    else return;
  }
}

function insertionSortDesc(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! < v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Sums of the k1 and k2 largest values (k1 ≤ k2), exactly. `values` may be reordered.
 * For large inputs a deterministic sample (every step-th value) gives a threshold that
 * at least k2 values reach; only those are selected among (falls back to all of them
 * when the sample misjudged).
 */
export function topSums(values: Float64Array, k1: number, k2: number, scratch: Float64Array): [number, number] {
  const n = values.length;
  if (k2 <= 0 || n === 0) return [0, 0];
  let pool = values;
  if (n > 8192 && k2 < n / 2) {
    const step = Math.floor(n / 2048);
    const sample = new Float64Array(Math.floor((n - 1) / step) + 1);
    for (let j = 0; j < sample.length; j++) sample[j] = values[j * step]!;
    sample.sort();
    const q = Math.min(1, (k2 / n) * 1.25 + 0.01);
    const threshold = sample[Math.max(0, Math.min(sample.length - 1, Math.floor((1 - q) * sample.length)))]!;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      scratch[c] = v;
      c += +(v >= threshold);
    }
    if (c >= k2) pool = scratch.subarray(0, c);
  }
  selectLargest(pool, k2);
  const head = pool.subarray(0, Math.min(k2, pool.length));
  let s2 = 0;
  for (let i = 0; i < head.length; i++) s2 += head[i]!;
  selectLargest(head, k1);
  let s1 = 0;
  for (let i = 0; i < Math.min(k1, head.length); i++) s1 += head[i]!;
  return [s1, s2];
}

const topSumCache = new WeakMap<Float64Array, Map<string, readonly [number, number]>>();

/**
 * `topSums` of a value column with no data counted as 0, cached per column: the top 5 % /
 * 20 % of value depend on the value column only, not on the scenario, so re-evaluating
 * while a design is edited does not select them again. Columns are never written (a
 * dataset's columns are immutable, a derived column is new on every evaluation).
 */
export function columnTopSums(column: Float64Array, n: number, k1: number, k2: number): readonly [number, number] {
  let byK = topSumCache.get(column);
  if (!byK) {
    byK = new Map();
    topSumCache.set(column, byK);
  }
  const key = `${n}:${k1}:${k2}`;
  const hit = byK.get(key);
  if (hit) return hit;
  const values = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const v = column[p]!;
    values[p] = v === v ? v : 0;
  }
  const sums = topSums(values, k1, k2, new Float64Array(n));
  byK.set(key, sums);
  return sums;
}
