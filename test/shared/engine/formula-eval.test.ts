/**
 * The formula evaluator (DESIGN D3.1; shared/engine/formula-eval.ts): worked cases over small
 * columns, the derived metrics computed in dependency order, and fast-check properties.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeDerived, evaluateFormula } from '../../../shared/engine/formula-eval';
import { parseFormula, type CompareOp, type FormulaFunction, type FormulaNode } from '../../../shared/model/formula';

const KNOWN = new Set(['a', 'b', 'c', 'arr_cy', 'arr_py', 'csat']);

function parseOk(text: string, known: ReadonlySet<string> = KNOWN): FormulaNode {
  const r = parseFormula(text, known);
  if (!r.ok) throw new Error(`expected "${text}" to parse: ${r.error.message}`);
  return r.value.ast;
}

type Rows = Record<string, (number | null)[]>;
const toColumns = (rows: Rows): Map<string, Float64Array> =>
  new Map(Object.entries(rows).map(([k, v]) => [k, Float64Array.from(v, (x) => x ?? Number.NaN)]));
const toNullables = (col: Float64Array): (number | null)[] => Array.from(col, (v) => (Number.isNaN(v) ? null : v));

/** Evaluates `text` over `rows` (NaN ↔ null) and returns one value per row. */
function run(text: string, rows: Rows, n = Object.values(rows)[0]?.length ?? 1): (number | null)[] {
  return toNullables(evaluateFormula(parseOk(text), toColumns(rows), n));
}
/** A formula of constants, evaluated for one partner. */
const value = (text: string): number | null => run(text, {}, 1)[0]!;

const num = (v: number): FormulaNode => ({ type: 'number', value: v });
const met = (key: string): FormulaNode => ({ type: 'metric', key });
const bin = (op: '+' | '-' | '*' | '/' | '^', left: FormulaNode, right: FormulaNode): FormulaNode => ({ type: 'binary', op, left, right });

/** Every row: a = 6, -4, 0, no data; b = 3, 2, 0, 5; c = 1, 0, no data, -1. */
const R: Rows = { a: [6, -4, 0, null], b: [3, 2, 0, 5], c: [1, 0, null, -1] };

describe('evaluateFormula', () => {
  it.each<[string, (number | null)[]]>([
    // operators
    ['a + b', [9, -2, 0, null]],
    ['a - b', [3, -6, 0, null]],
    ['a * b', [18, -8, 0, null]],
    ['a / b', [2, -2, null, null]],
    ['a ^ 2', [36, 16, 0, null]],
    ['b ^ a', [729, 0.0625, 1, null]],
    ['-a', [-6, 4, 0, null]],
    ['+a', [6, -4, 0, null]],
    ['a', [6, -4, 0, null]],
    ['1 - a', [-5, 5, 1, null]],
    ['12 / b', [4, 6, null, 2.4]],
    ['2 ^ b', [8, 4, 1, 32]],
    ['b + 1', [4, 3, 1, 6]],
    ['2 * b', [6, 4, 0, 10]],
    // division by zero and missing inputs give no data
    ['a / 0', [null, null, null, null]],
    ['b / (a - a)', [null, null, null, null]],
    ['a + arr_py', [null, null, null, null]],
    // functions
    ['min(a, b)', [3, -4, 0, null]],
    ['max(a, b)', [6, 2, 0, null]],
    ['max(a, b, c)', [6, 2, null, null]],
    ['min(b, 4, 1)', [1, 1, 0, 1]],
    ['max(0, b - 2)', [1, 0, 0, 3]],
    ['min(a)', [6, -4, 0, null]],
    ['abs(a)', [6, 4, 0, null]],
    ['sqrt(a * 6)', [6, null, 0, null]],
    ['log(b, b)', [1, 1, null, 1]],
    ['round(a / 4)', [2, -1, 0, null]],
    ['round(b / 4, 1)', [0.8, 0.5, 0, 1.3]],
    ['round(1234.5, -b)', [1000, 1200, 1235, 0]],
    ['coalesce(a, 7)', [6, -4, 0, 7]],
    ['coalesce(a, c, 7)', [6, -4, 0, -1]],
    ['coalesce(c, a)', [1, 0, 0, -1]],
    ['coalesce(c + a, c, a)', [7, -4, 0, -1]],
    ['coalesce(a)', [6, -4, 0, null]],
    ['coalesce(arr_py, b)', [3, 2, 0, 5]],
    ['coalesce(1 / 0, a, 2)', [6, -4, 0, 2]],
    // if with every comparison; a missing condition gives no data
    ['if(a > b, 1, 0)', [1, 0, 0, null]],
    ['if(a >= b, 1, 0)', [1, 0, 1, null]],
    ['if(a < b, 1, 0)', [0, 1, 0, null]],
    ['if(a <= b, 1, 0)', [0, 1, 1, null]],
    ['if(a == b, 1, 0)', [0, 0, 1, null]],
    ['if(a != b, 1, 0)', [1, 1, 0, null]],
    ['if(0 < a, 1, 0)', [1, 0, 0, null]],
    ['if(2 > b, 1, 0)', [0, 0, 1, 0]],
    ['if(3 == b, 1, 0)', [1, 0, 0, 0]],
    ['if(b > 0, a / b, 0)', [2, -2, 0, null]],
    ['if(c, a, b)', [6, 2, null, null]],
    ['if(a > 0, 100, -100)', [100, -100, -100, null]],
    ['if(1, a, b)', [6, -4, 0, null]],
    ['if(0, a, b)', [3, 2, 0, 5]],
    ['if(2 > 1, b, a)', [3, 2, 0, 5]],
    ['if(1 / 0, a, b)', [null, null, null, null]],
    ['if(b >= 3, coalesce(a, 0), -b)', [6, -2, 0, 0]],
    // non-finite results give no data
    ['a * 1e308 * 10', [null, null, 0, null]],
    ['1e200 * 1e200', [null, null, null, null]],
    ['log(a)', [Math.log(6), null, null, null]],
    ['a ^ 0', [1, 1, 1, null]],
    ['(a - 7) ^ 0.5', [null, null, null, null]],
    ['1 + 2 * 3', [7, 7, 7, 7]],
  ])('%j', (text, expected) => {
    expect(run(text, R)).toEqual(expected);
  });

  it.each<[string, number | null]>([
    // precedence and associativity (see the AST table): ^ right-assoc, unary minus tighter than ^
    ['2 ^ 3 ^ 2', 512],
    ['(2 ^ 3) ^ 2', 64],
    ['-2 ^ 2', 4],
    ['-(2 ^ 2)', -4],
    ['0 - 2 ^ 2', -4],
    ['2 ^ -1', 0.5],
    ['2 * 3 ^ 2', 18],
    ['1 - 2 - 3', -4],
    ['1 - (2 - 3)', 2],
    ['8 / 4 / 2', 1],
    ['8 / (4 / 2)', 4],
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['10 - 4 / 2', 8],
    ['-3 - -3', 0],
    ['2 * -3', -6],
    ['+-+2', -2],
    ['0 ^ 0', 1],
    ['4 ^ 0.5', 2],
    ['0 ^ -1', null],
    ['(-8) ^ (1 / 3)', null],
    // round: half away from zero, optional digits (truncated), negative digits
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(0.5)', 1],
    ['round(-0.4)', 0],
    ['round(2.4)', 2],
    ['round(1.005, 2)', 1.01],
    ['round(2.345, 2)', 2.35],
    ['round(1234.5678, 2)', 1234.57],
    ['round(-1234.5678, 1)', -1234.6],
    ['round(1250, -2)', 1300],
    ['round(-1250, -2)', -1300],
    ['round(1249, -2)', 1200],
    ['round(2.345, 1.9)', 2.3],
    ['round(2.345, 20)', 2.345],
    ['round(5, -400)', 0],
    ['round(1 / 0, 2)', null],
    ['round(2.5, 1 / 0)', null],
    // log / sqrt
    ['log(1)', 0],
    ['log(100, 10)', 2],
    ['log(1000, 10)', 3],
    ['log(8, 2)', 3],
    ['log(0)', null],
    ['log(-1)', null],
    ['log(5, 1)', null],
    ['log(5, -2)', null],
    ['sqrt(9)', 3],
    ['sqrt(-4)', null],
    ['sqrt(0)', 0],
    ['abs(-3)', 3],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['coalesce(0 / 0, 1 / 0, 4)', 4],
    ['coalesce(0 / 0)', null],
  ])('%j = %j', (text, expected) => {
    const got = value(text);
    if (expected === null || Number.isInteger(expected)) expect(got).toBe(expected);
    else expect(got).toBeCloseTo(expected, 12);
  });

  it('computes logarithms in other bases to within rounding', () => {
    expect(value('log(81, 3)')).toBeCloseTo(4, 12);
    expect(value(`log(${Math.E ** 3}, 2)`)).toBeCloseTo(3 / Math.LN2, 12);
  });

  it('computes the derived-metric example of DESIGN D3.1, ARR growth', () => {
    expect(run('(arr_cy - arr_py) / arr_py', { arr_cy: [120, 50, null, 10, 0], arr_py: [100, 0, 5, 20, null] })).toEqual([
      0.2,
      null,
      null,
      -0.5,
      null,
    ]);
  });

  it('treats an infinite input as no data', () => {
    expect(run('a + 0', { a: [Infinity, -Infinity, 1] })).toEqual([null, null, 1]);
    expect(run('a', { a: [Infinity, 2] })).toEqual([null, 2]);
    expect(run('coalesce(a, 5)', { a: [Infinity, 2] })).toEqual([5, 2]);
    expect(run('if(a > 0, 1, 0)', { a: [Infinity, 2] })).toEqual([null, 1]);
  });

  it('returns a new array and never writes into its inputs', () => {
    const a = Float64Array.from([1, 2, Number.NaN]);
    const b = Float64Array.from([3, 4, 5]);
    const cols = new Map([
      ['a', a],
      ['b', b],
    ]);
    for (const text of ['a', '+a', 'if(1, a, b)', 'coalesce(a, b)', 'min(a)', '-a', 'a + b', 'if(a > 1, a, b)']) {
      const out = evaluateFormula(parseOk(text), cols, 3);
      expect(out).not.toBe(a);
      expect(out).not.toBe(b);
    }
    expect(Array.from(a)).toEqual([1, 2, Number.NaN]);
    expect(Array.from(b)).toEqual([3, 4, 5]);
  });

  it('handles n = 0, constants, and columns shorter than n', () => {
    expect(evaluateFormula(parseOk('a + 1'), toColumns({ a: [] }), 0)).toEqual(new Float64Array(0));
    expect(toNullables(evaluateFormula(parseOk('1 + 2'), new Map(), 3))).toEqual([3, 3, 3]);
    expect(toNullables(evaluateFormula(parseOk('a * 2'), toColumns({ a: [1, 2] }), 4))).toEqual([2, 4, null, null]);
    expect(() => evaluateFormula(parseOk('a'), new Map(), -1)).toThrow(RangeError);
    expect(() => evaluateFormula(parseOk('a'), new Map(), 1.5)).toThrow(RangeError);
  });

  it('evaluates a 5-node formula over 100K partners column-at-a-time (timing is measured elsewhere, not asserted)', () => {
    const n = 100_000;
    const arr_cy = new Float64Array(n).map((_, i) => 1_000 + i);
    const arr_py = new Float64Array(n).map((_, i) => (i % 10 === 0 ? 0 : 1_000));
    const out = evaluateFormula(parseOk('(arr_cy - arr_py) / arr_py'), new Map([['arr_cy', arr_cy], ['arr_py', arr_py]]), n);
    expect(out.length).toBe(n);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeCloseTo(0.001, 12);
    expect(out[n - 1]).toBeCloseTo((n - 1) / 1_000, 9);
  });
});

describe('computeDerived', () => {
  it('computes every derived column in order, on a small dataset, by hand', () => {
    const base = toColumns({ arr_cy: [120, 50, null, 10], arr_py: [100, 0, 5, 20], csat: [4.5, 3, 5, null] });
    const r = computeDerived(
      [
        { key: 'score', formula: 'if(csat >= 4, coalesce(growth_pct, 0) + 10, coalesce(growth_pct, 0))' },
        { key: 'growth_pct', formula: 'round(growth * 100, 1)' },
        { key: 'growth', formula: '(arr_cy - arr_py) / arr_py' },
      ],
      base,
      4,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.value.keys()]).toEqual(['arr_cy', 'arr_py', 'csat', 'growth', 'growth_pct', 'score']);
    expect(r.value.get('arr_cy')).toBe(base.get('arr_cy'));
    expect(toNullables(r.value.get('growth')!)).toEqual([0.2, null, null, -0.5]);
    expect(toNullables(r.value.get('growth_pct')!)).toEqual([20, null, null, -50]);
    expect(toNullables(r.value.get('score')!)).toEqual([30, 0, 10, null]);
  });

  it('returns the errors instead of columns', () => {
    const r = computeDerived([{ key: 'x', formula: 'y' }, { key: 'y', formula: 'x' }], toColumns({ a: [1] }), 1);
    expect(r).toEqual({
      ok: false,
      error: [
        { key: 'x', error: 'circular reference: x → y → x' },
        { key: 'y', error: 'circular reference: y → x → y' },
      ],
    });
  });
});

// ==================== properties =============================================

const KEYS = ['a', 'b', 'c', 'arr_cy'] as const;
const ARITH = ['+', '-', '*', '/', '^'] as const;
const COMPARE: readonly CompareOp[] = ['>', '>=', '<', '<=', '==', '!='];

const call = (fn: FormulaFunction, args: FormulaNode[]): FormulaNode => ({ type: 'call', fn, args });

/** Any tree the types allow: any numbers (NaN, ±Infinity, -0), comparisons anywhere, any arity, absent keys. */
const anyAst: fc.Memo<FormulaNode> = fc.memo((d) => {
  const leaf = fc.oneof(
    fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, 0.5, Number.NaN, Infinity)).map(num),
    fc.constantFrom(...KEYS, 'absent').map(met),
  );
  if (d <= 1) return leaf;
  const sub = anyAst(d - 1);
  return fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.tuple(fc.constantFrom('-' as const, '+' as const), sub).map(([op, arg]): FormulaNode => ({ type: 'unary', op, arg })),
    fc.tuple(fc.constantFrom(...ARITH), sub, sub).map(([op, l, r]) => bin(op, l, r)),
    fc.tuple(fc.constantFrom(...COMPARE), sub, sub).map(([op, left, right]): FormulaNode => ({ type: 'compare', op, left, right })),
    fc
      .tuple(fc.constantFrom<FormulaFunction>('min', 'max', 'abs', 'round', 'if', 'coalesce', 'log', 'sqrt'), fc.array(sub, { maxLength: 4 }))
      .map(([fn, args]) => call(fn, args)),
  );
});

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 2, 0.5, Number.NaN) },
  { weight: 1, arbitrary: fc.double() },
);
const dataset = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({ a: fc.array(cell, { minLength: n, maxLength: n }), b: fc.array(cell, { minLength: n, maxLength: n }), c: fc.array(cell, { minLength: n, maxLength: n }) }).map((cols) => ({ n, cols })),
);

/** The tree with every metric replaced by partner i's value: evaluates on the constant (scalar) path. */
function substitute(ast: FormulaNode, cols: ReadonlyMap<string, Float64Array>, i: number): FormulaNode {
  switch (ast.type) {
    case 'number':
      return ast;
    case 'metric': {
      const col = cols.get(ast.key);
      return num(col === undefined ? Number.NaN : col[i]!);
    }
    case 'unary':
      return { ...ast, arg: substitute(ast.arg, cols, i) };
    case 'binary':
    case 'compare':
      return { ...ast, left: substitute(ast.left, cols, i), right: substitute(ast.right, cols, i) };
    case 'call':
      return { ...ast, args: ast.args.map((x) => substitute(x, cols, i)) };
  }
}

describe('properties', () => {
  it('a + b - b equals a wherever it is finite', () => {
    const ast = parseOk('a + b - b');
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { minLength: 1, maxLength: 20 }), (pairs) => {
        const a = Float64Array.from(pairs, ([x]) => x);
        const b = Float64Array.from(pairs, ([, y]) => y);
        const out = evaluateFormula(ast, new Map([['a', a], ['b', b]]), pairs.length);
        pairs.forEach(([x, y], i) => {
          const got = out[i]!;
          if (Number.isFinite(x + y)) {
            expect(Math.abs(got - x)).toBeLessThanOrEqual(2 * Number.EPSILON * (Math.abs(x) + Math.abs(y)) + Number.MIN_VALUE);
          } else {
            expect(got).toBeNaN();
          }
        });
      }),
      { numRuns: 300 },
    );
    // and a missing a or b stays missing
    expect(run('a + b - b', { a: [null, 1], b: [1, null] })).toEqual([null, null]);
  });

  it('evaluation never throws, returns n finite-or-NaN values, and each row equals the formula on that row alone', () => {
    fc.assert(
      fc.property(anyAst(5), dataset, (ast, { n, cols }) => {
        const columns = toColumns(cols);
        const out = evaluateFormula(ast, columns, n);
        expect(out.length).toBe(n);
        for (let i = 0; i < n; i++) {
          const v = out[i]!;
          expect(Number.isNaN(v) || Number.isFinite(v)).toBe(true);
          const alone = evaluateFormula(substitute(ast, columns, i), new Map(), 1)[0]!;
          expect(Object.is(v, alone) || (Number.isNaN(v) && Number.isNaN(alone))).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
