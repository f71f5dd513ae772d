/**
 * Evaluating formulas (DESIGN D3.1) over the dataset's columns: a column-at-a-time
 * interpreter over the parsed AST (shared/model/formula/) — one tight loop per node over
 * blocks of Float64Array columns (the loops are in formula-kernels.ts), never
 * `eval`/`new Function` — and the derived metrics of a scenario computed in dependency order.
 */
import { ok, type Result } from '../model/result';
import { orderDerived, type DerivedDef, type DerivedError, type FormulaFunction, type FormulaNode } from '../model/formula';
import {
  absC,
  ARITH_KERNELS,
  COMPARE_KERNELS,
  fin,
  LOG_KERNEL,
  MAX_KERNEL,
  MIN_KERNEL,
  negC,
  ROUND_KERNEL,
  sqrtC,
  type Kernel,
  type Loop1,
} from './formula-kernels';

/** "No data". A module constant: a global `NaN` read inside a hot loop costs ~3× the loop. */
const NA = Number.NaN;

/**
 * Rows per block. Each node runs one loop over a block of its operand columns into a
 * BLOCK-long scratch buffer, reused block after block: an evaluation allocates its output
 * and a few 32 KB buffers, however long the formula and however many partners.
 */
const BLOCK = 4096;

/** A node's value over the current block: a constant for every row, or a column. */
type Val = number | Col;
interface Col {
  /** the block's values in [0, rows) */
  a: Float64Array;
  /** a scratch buffer of this evaluation, which the parent may overwrite */
  owned: boolean;
}

class Evaluator {
  /** full input columns, finite-or-NaN */
  private readonly inputs = new Map<string, Float64Array | null>();
  private readonly free: Float64Array[] = [];
  private readonly used: Float64Array[] = [];
  /** the current block: rows [start, start + rows) */
  private start = 0;
  private rows = 0;

  constructor(
    private readonly columns: ReadonlyMap<string, Float64Array>,
    private readonly n: number,
  ) {}

  run(ast: FormulaNode): Float64Array {
    const out = new Float64Array(this.n);
    for (let start = 0; start < this.n; start += BLOCK) {
      this.start = start;
      this.rows = Math.min(BLOCK, this.n - start);
      const v = this.eval(ast);
      if (typeof v === 'number') out.fill(fin(v), start, start + this.rows);
      else out.set(v.a.length === this.rows ? v.a : v.a.subarray(0, this.rows), start);
      // every scratch buffer is free again for the next block
      for (let b = this.used.pop(); b !== undefined; b = this.used.pop()) this.free.push(b);
    }
    return out;
  }

  /** A buffer to write into: an owned operand's (safe: each index is read, then written) or a scratch one. */
  private target(a: Val, b?: Val, c?: Val): Float64Array {
    if (typeof a !== 'number' && a.owned) return a.a;
    if (b !== undefined && typeof b !== 'number' && b.owned) return b.a;
    if (c !== undefined && typeof c !== 'number' && c.owned) return c.a;
    return this.scratch();
  }

  private scratch(): Float64Array {
    const buffer = this.free.pop() ?? new Float64Array(BLOCK);
    this.used.push(buffer);
    return buffer;
  }

  /** An input column, as finite-or-NaN (±Infinity counts as no data), or null if absent. */
  private input(key: string): Float64Array | null {
    const cached = this.inputs.get(key);
    if (cached !== undefined) return cached;
    const col = this.columns.get(key);
    let out: Float64Array | null = null;
    if (col instanceof Float64Array) {
      const n = this.n;
      let clean = col.length >= n;
      for (let i = 0; clean && i < n; i++) {
        const v = col[i]!;
        if (v - v !== 0 && v === v) clean = false;
      }
      if (clean) {
        out = col;
      } else {
        out = new Float64Array(n);
        const m = Math.min(n, col.length);
        for (let i = 0; i < m; i++) out[i] = fin(col[i]!);
        out.fill(NA, m);
      }
    }
    this.inputs.set(key, out);
    return out;
  }

  private eval(node: FormulaNode): Val {
    switch (node.type) {
      case 'number':
        return typeof node.value === 'number' ? fin(node.value) : NA;
      case 'metric': {
        const col = typeof node.key === 'string' ? this.input(node.key) : null;
        return col === null ? NA : { a: col.subarray(this.start, this.start + this.rows), owned: false };
      }
      case 'unary': {
        const v = this.eval(node.arg);
        // 0 - x rather than -x: no -0 in the output
        return node.op === '-' ? this.apply1(v, negC, (x) => 0 - x) : v;
      }
      case 'binary': {
        const kernel = ARITH_KERNELS.get(node.op);
        return kernel === undefined ? NA : this.apply2(kernel, this.eval(node.left), this.eval(node.right));
      }
      case 'compare': {
        const kernel = COMPARE_KERNELS.get(node.op);
        return kernel === undefined ? NA : this.apply2(kernel, this.eval(node.left), this.eval(node.right));
      }
      case 'call':
        return this.call(node.fn, Array.isArray(node.args) ? node.args : []);
      default:
        return NA;
    }
  }

  private apply1(v: Val, loop: Loop1, scalar: (x: number) => number): Val {
    if (typeof v === 'number') return scalar(v);
    const out = this.target(v);
    loop(v.a, out, this.rows);
    return { a: out, owned: true };
  }

  private apply2(kernel: Kernel, l: Val, r: Val): Val {
    if (typeof l === 'number') {
      if (typeof r === 'number') return kernel.scalar(l, r);
      const out = this.target(r);
      if (kernel.kc === 'swap') kernel.ck(r.a, l, out, this.rows);
      else kernel.kc(r.a, l, out, this.rows);
      return { a: out, owned: true };
    }
    const out = this.target(l, r);
    if (typeof r === 'number') kernel.ck(l.a, r, out, this.rows);
    else kernel.cc(l.a, r.a, out, this.rows);
    return { a: out, owned: true };
  }

  private call(fn: FormulaFunction, argNodes: readonly FormulaNode[]): Val {
    const arg = (i: number): Val => {
      const node = argNodes[i];
      return node === undefined ? NA : this.eval(node);
    };
    switch (fn) {
      case 'abs':
        return this.apply1(arg(0), absC, Math.abs);
      case 'sqrt':
        return this.apply1(arg(0), sqrtC, Math.sqrt);
      case 'log':
        return this.apply2(LOG_KERNEL, arg(0), argNodes.length >= 2 ? arg(1) : Math.E);
      case 'round':
        return this.apply2(ROUND_KERNEL, arg(0), argNodes.length >= 2 ? arg(1) : 0);
      case 'min':
      case 'max': {
        if (argNodes.length === 0) return NA;
        const kernel = fn === 'min' ? MIN_KERNEL : MAX_KERNEL;
        let acc = arg(0);
        for (let k = 1; k < argNodes.length; k++) acc = this.apply2(kernel, acc, arg(k));
        return acc;
      }
      case 'coalesce':
        return this.coalesce(argNodes);
      case 'if':
        return this.choose(arg(0), arg(1), arg(2));
      default:
        return NA;
    }
  }

  private coalesce(argNodes: readonly FormulaNode[]): Val {
    let acc: Val = NA;
    const rows = this.rows;
    for (const node of argNodes) {
      if (typeof acc === 'number' && acc === acc) return acc; // a constant fills every row
      const next = this.eval(node);
      if (typeof acc === 'number') {
        acc = next; // acc was the NaN constant
        continue;
      }
      if (typeof next === 'number' && next !== next) continue;
      let out = acc.a;
      if (!acc.owned) {
        out = this.scratch();
        out.set(acc.a.subarray(0, rows));
      }
      if (typeof next === 'number') {
        for (let i = 0; i < rows; i++) if (out[i] !== out[i]) out[i] = next;
      } else {
        const y = next.a;
        for (let i = 0; i < rows; i++) if (out[i] !== out[i]) out[i] = y[i]!;
      }
      acc = { a: out, owned: true };
    }
    return acc;
  }

  private choose(cond: Val, a: Val, b: Val): Val {
    if (typeof cond === 'number') return cond !== cond ? NA : cond !== 0 ? a : b;
    const out = this.target(cond, a, b);
    const c = cond.a;
    const rows = this.rows;
    const x = typeof a === 'number' ? this.scratch().fill(a) : a.a;
    const y = typeof b === 'number' ? this.scratch().fill(b) : b.a;
    for (let i = 0; i < rows; i++) {
      const t = c[i]!;
      out[i] = t !== t ? NA : t !== 0 ? x[i]! : y[i]!;
    }
    return { a: out, owned: true };
  }
}

/**
 * Evaluates `ast` for `n` partners over `columns` (one Float64Array per referenced key;
 * an absent key is all "no data"). Returns a new Float64Array; NaN means no data.
 * Column-at-a-time: one tight loop per AST node over a block of 4,096 rows of each
 * column (constants folded, scratch buffers reused), block after block.
 */
export function evaluateFormula(ast: FormulaNode, columns: ReadonlyMap<string, Float64Array>, n: number): Float64Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer (got ${n})`);
  return new Evaluator(columns, n).run(ast);
}

/** Computes every derived metric in dependency order; returns base + derived columns. */
export function computeDerived(
  defs: readonly DerivedDef[],
  base: ReadonlyMap<string, Float64Array>,
  n: number,
): Result<Map<string, Float64Array>, DerivedError[]> {
  const ordered = orderDerived(defs, new Set(base.keys()));
  if (!ordered.ok) return ordered;
  const columns = new Map(base);
  for (const { key, ast } of ordered.value) columns.set(key, evaluateFormula(ast, columns, n));
  return ok(columns);
}
