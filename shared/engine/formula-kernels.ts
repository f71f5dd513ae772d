/**
 * What each formula operation computes (DESIGN D3.1), for the evaluator in formula-eval.ts:
 * the scalar rules (a missing or non-finite value is "no data", NaN) and, for every
 * operation, one tight loop per operand shape (column ∘ column, column ∘ constant,
 * constant ∘ column) over a block of Float64Array rows.
 */
import type { CompareOp } from '../model/formula';

/** "No data". A module constant: a global `NaN` read inside a hot loop costs ~3× the loop. */
const NA = Number.NaN;

/** NaN for ±Infinity and NaN, the value otherwise (`r - r` is 0 only for finite r). */
export function fin(r: number): number {
  return r - r === 0 ? r : NA;
}

function powOf(a: number, b: number): number {
  // Math.pow(NaN, 0) is 1: a missing base must stay missing
  return a !== a ? NA : fin(Math.pow(a, b));
}

/** 1 + ε: the nudge that makes round(1.005, 2) give 1.01 despite binary floats (a module constant, see NA). */
const NUDGE = 1 + Number.EPSILON;

/** round(x, digits): half away from zero, like a spreadsheet; digits are truncated, above 15 change nothing. */
function roundTo(x: number, digits: number): number {
  if (x !== x || digits !== digits) return NA;
  const d = Math.trunc(digits);
  return d > 15 ? x : roundScaled(x, d, 10 ** Math.min(Math.abs(d), 308));
}

/** roundTo with the integer digits d ≤ 15 and their power of ten f = 10 ** |d| worked out once. */
function roundScaled(x: number, d: number, f: number): number {
  const ax = Math.abs(x);
  const r = fin(d >= 0 ? roundHalfUp(ax * f * NUDGE) / f : roundHalfUp((ax / f) * NUDGE) * f);
  return x < 0 && r !== 0 ? -r : r;
}

/** Math.round for y ≥ 0, about 4× faster in V8; from 2^52 up every double is already whole. */
function roundHalfUp(y: number): number {
  return y < 4503599627370496 ? Math.floor(y + 0.5) : y;
}

/** Natural log by default; bases 10 and 2 are exact where they can be (log(1000, 10) is 3). */
function logOf(x: number, base: number): number {
  if (base !== base) return NA;
  if (base === Math.E) return fin(Math.log(x));
  if (base === 10) return fin(Math.log10(x));
  if (base === 2) return fin(Math.log2(x));
  return fin(Math.log(x) / Math.log(base));
}

function compareOf(op: CompareOp, a: number, b: number): number {
  if (a !== a || b !== b) return NA;
  switch (op) {
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    default:
      return NA;
  }
}

// One small function per loop: V8 optimises each on its own and inlines the scalar helpers,
// which a single function holding every loop (or one loop calling a function value) defeats.
type Loop2 = (x: Float64Array, y: Float64Array, out: Float64Array, n: number) => void;
type LoopK = (x: Float64Array, k: number, out: Float64Array, n: number) => void;
export type Loop1 = (x: Float64Array, out: Float64Array, n: number) => void;

const addCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! + y[i]!; out[i] = v - v === 0 ? v : NA; } };
const subCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! - y[i]!; out[i] = v - v === 0 ? v : NA; } };
const mulCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! * y[i]!; out[i] = v - v === 0 ? v : NA; } };
const divCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! / y[i]!; out[i] = v - v === 0 ? v : NA; } };
const powCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = powOf(x[i]!, y[i]!); };
const addCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! + k; out[i] = v - v === 0 ? v : NA; } };
const subCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! - k; out[i] = v - v === 0 ? v : NA; } };
const mulCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! * k; out[i] = v - v === 0 ? v : NA; } };
const divCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) { const v = x[i]! / k; out[i] = v - v === 0 ? v : NA; } };
const powCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) out[i] = powOf(x[i]!, k); };
/** k - x */
const subKC: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) { const v = k - x[i]!; out[i] = v - v === 0 ? v : NA; } };
/** k / x */
const divKC: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) { const v = k / x[i]!; out[i] = v - v === 0 ? v : NA; } };
/** k ^ x */
const powKC: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) out[i] = powOf(k, x[i]!); };

// comparisons with a missing constant are missing for every partner
const gtCK: LoopK = (x, k, out, n) => { if (k !== k) { out.fill(NA, 0, n); return; } for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? NA : v > k ? 1 : 0; } };
const geCK: LoopK = (x, k, out, n) => { if (k !== k) { out.fill(NA, 0, n); return; } for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? NA : v >= k ? 1 : 0; } };
const ltCK: LoopK = (x, k, out, n) => { if (k !== k) { out.fill(NA, 0, n); return; } for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? NA : v < k ? 1 : 0; } };
const leCK: LoopK = (x, k, out, n) => { if (k !== k) { out.fill(NA, 0, n); return; } for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? NA : v <= k ? 1 : 0; } };
const eqCK: LoopK = (x, k, out, n) => { if (k !== k) { out.fill(NA, 0, n); return; } for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? NA : v === k ? 1 : 0; } };
const neCK: LoopK = (x, k, out, n) => { if (k !== k) { out.fill(NA, 0, n); return; } for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? NA : v !== k ? 1 : 0; } };
const gtCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const a = x[i]!, b = y[i]!; out[i] = a !== a || b !== b ? NA : a > b ? 1 : 0; } };
const geCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const a = x[i]!, b = y[i]!; out[i] = a !== a || b !== b ? NA : a >= b ? 1 : 0; } };
const eqCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const a = x[i]!, b = y[i]!; out[i] = a !== a || b !== b ? NA : a === b ? 1 : 0; } };
const neCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) { const a = x[i]!, b = y[i]!; out[i] = a !== a || b !== b ? NA : a !== b ? 1 : 0; } };

const minCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.min(x[i]!, y[i]!); };
const maxCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.max(x[i]!, y[i]!); };
const minCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.min(x[i]!, k); };
const maxCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.max(x[i]!, k); };
const roundCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = roundTo(x[i]!, y[i]!); };
const roundCK: LoopK = (x, k, out, n) => {
  const d = Math.trunc(k);
  if (k !== k) out.fill(NA, 0, n);
  else if (d > 15) out.set(x.subarray(0, n));
  else {
    const f = 10 ** Math.min(Math.abs(d), 308);
    for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v !== v ? NA : roundScaled(v, d, f); }
  }
};
const roundKC: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) out[i] = roundTo(k, x[i]!); };
const logCC: Loop2 = (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = logOf(x[i]!, y[i]!); };
const logCK: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) out[i] = logOf(x[i]!, k); };
const logKC: LoopK = (x, k, out, n) => { for (let i = 0; i < n; i++) out[i] = logOf(k, x[i]!); };

export const negC: Loop1 = (x, out, n) => { for (let i = 0; i < n; i++) out[i] = 0 - x[i]!; };
export const absC: Loop1 = (x, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); };
export const sqrtC: Loop1 = (x, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); };

/**
 * The loops of a two-operand operation: column ∘ column, column ∘ constant and
 * constant ∘ column (for a commutative operation the last one is the middle one swapped).
 */
export interface Kernel {
  scalar: (a: number, b: number) => number;
  cc: Loop2;
  ck: LoopK;
  kc: LoopK | 'swap';
}

export const ARITH_KERNELS: ReadonlyMap<string, Kernel> = new Map<string, Kernel>([
  ['+', { scalar: (a, b) => fin(a + b), cc: addCC, ck: addCK, kc: 'swap' }],
  ['-', { scalar: (a, b) => fin(a - b), cc: subCC, ck: subCK, kc: subKC }],
  ['*', { scalar: (a, b) => fin(a * b), cc: mulCC, ck: mulCK, kc: 'swap' }],
  ['/', { scalar: (a, b) => fin(a / b), cc: divCC, ck: divCK, kc: divKC }],
  ['^', { scalar: powOf, cc: powCC, ck: powCK, kc: powKC }],
]);

const swapCC = (loop: Loop2): Loop2 => (x, y, out, n) => loop(y, x, out, n);
export const COMPARE_KERNELS: ReadonlyMap<string, Kernel> = new Map<string, Kernel>([
  ['>', { scalar: (a, b) => compareOf('>', a, b), cc: gtCC, ck: gtCK, kc: ltCK }],
  ['>=', { scalar: (a, b) => compareOf('>=', a, b), cc: geCC, ck: geCK, kc: leCK }],
  ['<', { scalar: (a, b) => compareOf('<', a, b), cc: swapCC(gtCC), ck: ltCK, kc: gtCK }],
  ['<=', { scalar: (a, b) => compareOf('<=', a, b), cc: swapCC(geCC), ck: leCK, kc: geCK }],
  ['==', { scalar: (a, b) => compareOf('==', a, b), cc: eqCC, ck: eqCK, kc: 'swap' }],
  ['!=', { scalar: (a, b) => compareOf('!=', a, b), cc: neCC, ck: neCK, kc: 'swap' }],
]);

export const MIN_KERNEL: Kernel = { scalar: Math.min, cc: minCC, ck: minCK, kc: 'swap' };
export const MAX_KERNEL: Kernel = { scalar: Math.max, cc: maxCC, ck: maxCK, kc: 'swap' };
export const ROUND_KERNEL: Kernel = { scalar: roundTo, cc: roundCC, ck: roundCK, kc: roundKC };
export const LOG_KERNEL: Kernel = { scalar: logOf, cc: logCC, ck: logCK, kc: logKC };
