import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsep from 'jsep';
import {
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  computeDerived,
  evaluateFormula,
  formatFormula,
  formulaRefs,
  orderDerived,
  parseFormula,
  type CompareOp,
  type DerivedDef,
  type FormulaFunction,
  type FormulaNode,
} from '../../../shared/model/formula';

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
const neg = (arg: FormulaNode): FormulaNode => ({ type: 'unary', op: '-', arg });

/** Every row: a = 6, -4, 0, no data; b = 3, 2, 0, 5; c = 1, 0, no data, -1. */
const R: Rows = { a: [6, -4, 0, null], b: [3, 2, 0, 5], c: [1, 0, null, -1] };

describe('parseFormula: the AST', () => {
  it.each<[string, FormulaNode]>([
    ['42', num(42)],
    ['a', met('a')],
    ['(arr_cy - arr_py) / arr_py', bin('/', bin('-', met('arr_cy'), met('arr_py')), met('arr_py'))],
    // ^ is right-associative
    ['2 ^ 3 ^ 2', bin('^', num(2), bin('^', num(3), num(2)))],
    // unary minus binds tighter than ^ (as in a spreadsheet): -2 ^ 2 is (-2) ^ 2
    ['-2 ^ 2', bin('^', neg(num(2)), num(2))],
    ['-(2 ^ 2)', neg(bin('^', num(2), num(2)))],
    ['2 ^ -1', bin('^', num(2), neg(num(1)))],
    ['a - b - c', bin('-', bin('-', met('a'), met('b')), met('c'))],
    ['a / b / c', bin('/', bin('/', met('a'), met('b')), met('c'))],
    ['a + b * c', bin('+', met('a'), bin('*', met('b'), met('c')))],
    ['a * b ^ c', bin('*', met('a'), bin('^', met('b'), met('c')))],
    ['+a', { type: 'unary', op: '+', arg: met('a') }],
    ['--a', neg(neg(met('a')))],
    ['min(a, b, 1)', { type: 'call', fn: 'min', args: [met('a'), met('b'), num(1)] }],
    [
      'if(a >= b, a, b)',
      { type: 'call', fn: 'if', args: [{ type: 'compare', op: '>=', left: met('a'), right: met('b') }, met('a'), met('b')] },
    ],
    ['if((a != 0), 1, 0)', { type: 'call', fn: 'if', args: [{ type: 'compare', op: '!=', left: met('a'), right: num(0) }, num(1), num(0)] }],
    ['.5', num(0.5)],
    ['1e3', num(1000)],
    ['2.5E-3', num(0.0025)],
    [' \t a\n+\r\nb ', bin('+', met('a'), met('b'))],
  ])('%j', (text, ast) => {
    expect(parseOk(text)).toEqual(ast);
  });

  it('lists each referenced metric once, in order of appearance', () => {
    const r = parseFormula('coalesce(b, a) + a * b - csat', KNOWN);
    expect(r).toMatchObject({ ok: true, value: { refs: ['b', 'a', 'csat'] } });
    if (r.ok) expect(formulaRefs(r.value.ast)).toEqual(r.value.refs);
  });

  it('treats a metric named like a function as a metric unless it is called', () => {
    const known = new Set(['min', 'a']);
    expect(parseOk('min + 1', known)).toEqual(bin('+', met('min'), num(1)));
    expect(parseOk('min(min, a)', known)).toEqual({ type: 'call', fn: 'min', args: [met('min'), met('a')] });
  });
});

describe('parseFormula: errors name the problem and its position', () => {
  it.each<[string, string, number | null]>([
    ['', 'formula is empty', 0],
    ['   ', 'formula is empty', 0],
    ['arr_cy + foo', 'unknown metric "foo" at 9 — known: a, arr_cy, arr_py, b, c, csat', 9],
    ['  (foo)', 'unknown metric "foo" at 3', 3],
    ['min', 'unknown metric "min" (min is a function: write min(…)) at 0', 0],
    ['(a + b))', 'unexpected ")" at 7', 7],
    ['a)', 'unexpected ")" at 1', 1],
    ['((a + b)', 'missing ")" at 8', 8],
    ['min(a, b', 'missing ")" at 8', 8],
    ['1 +', 'expected a value after "+" at 3', 3],
    ['a * ', 'expected a value after "*" at 4', 4],
    ['-', 'expected a value after "-" at 1', 1],
    ['()', 'empty parentheses at 1', 1],
    ['a b', 'unexpected "b" at 2', 2],
    ['a, b', 'unexpected "," at 1', 1],
    ['a; b', 'unexpected ";" at 1', 1],
    ['a;', 'unexpected ";" at 1', 1],
    [',a', 'unexpected "," at 0', 0],
    ['(a,)', 'unexpected "," at 2', 2],
    ['(a, b)', 'unexpected "," at 2', 2],
    ['min(a,)', 'unexpected ")" at 6', 6],
    ['min(,a)', 'unexpected "," at 4', 4],
    ['min()', 'min() needs at least 1 argument at 0', 0],
    ['1 + max()', 'max() needs at least 1 argument at 4', 4],
    ['coalesce()', 'coalesce() needs at least 1 argument at 0', 0],
    ['if(a > 1, 2)', 'if() needs at least 3 arguments at 0', 0],
    ['if(a > 1, 2, 3, 4)', 'if() takes exactly 3 arguments at 0', 0],
    ['abs(a, b)', 'abs() takes exactly 1 argument at 0', 0],
    ['round(a, 1, 2)', 'round() takes at most 2 arguments at 0', 0],
    ['f()', 'unknown function "f" (available: abs, coalesce, if, log, max, min, round, sqrt) at 0', 0],
    ['a + Min(a)', 'unknown function "Min"', 4],
    ['a(b)', 'unknown function "a"', 0],
    ['a > b', 'comparison ">" is only allowed as the condition of if(…) at 2', 2],
    ['if(a, a == b, 0)', 'comparison "==" is only allowed as the condition of if(…) at 8', 8],
    ['if(a > b > c, 1, 0)', 'comparison ">" is only allowed as the condition of if(…) at 5', 5],
    ['if(-(a > b), 1, 0)', 'comparison ">"', 7],
    ['a ? b : c', 'unexpected "?" (use if(condition, a, b)) at 2', 2],
    ['2a', 'a name cannot start with a digit ("2a") at 1', 1],
    ['1.2.3', 'unexpected "." at 3', 3],
    ['1e', 'malformed number "1e"', 2],
    ['1e999', 'number "1e999" is too large at 0', 0],
    ['a ** 2', '"**" is not supported; use ^ for powers at 2', 2],
    ['a % 2', '"%" is not supported at 2', 2],
    ['a && b', '"&&" is not supported; nest if(…) instead at 2', 2],
    ['a || b', '"||" is not supported', 2],
    ['a ?? b', '"??" is not supported; use coalesce(a, b) at 2', 2],
    ['a === b', '"===" is not supported; use == at 2', 2],
    ['a & b', '"&" is not supported at 2', 2],
    ['a << 1', '"<<" is not supported at 2', 2],
    ['!a', 'operator "!" is not supported at 0', 0],
    ['~a', 'operator "~" is not supported at 0', 0],
    ['(a + b) % c', '"%" is not supported at 8', 8],
  ])('%j → %j', (text, error, position) => {
    const r = parseFormula(text, KNOWN);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain(error);
    expect(r.error.position).toBe(position);
  });

  it('says when there are no metrics at all', () => {
    expect(parseFormula('x', new Set())).toEqual({ ok: false, error: { message: 'unknown metric "x" at 0 — no metrics are available', position: 0 } });
  });

  it('shortens long names and long lists of known metrics', () => {
    const many = new Set(Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}`));
    const r = parseFormula('z'.repeat(500), many);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message.length).toBeLessThan(200);
    expect(r.error.message).toContain('… (18 more)');
  });
});

describe('parseFormula: hostile text never runs and never hangs', () => {
  it.each<[string, string]>([
    ['constructor.prototype', 'property access is not allowed ("constructor.prototype") at 0'],
    ['a.b', 'property access is not allowed ("a.b")'],
    ['a ?. b', 'property access is not allowed'],
    ['a[0]', 'indexing is not allowed ("a[0]") at 0'],
    ['a["constructor"]', 'indexing is not allowed'],
    ['[1, 2]', 'lists ("[…]") are not allowed at 0'],
    ['"x"', 'text values are not allowed at 0'],
    ["'x'", 'text values are not allowed at 0'],
    ['a + "x', 'text values are not allowed'],
    ['this', 'unknown metric "this" at 0'],
    ['this.a', 'property access is not allowed'],
    ['true', 'unknown metric "true" at 0'],
    ['null', 'unknown metric "null" at 0'],
    ['a = 1', 'assignment ("=") is not allowed; use == to compare inside if(…) at 2'],
    ['x => 1', 'functions ("=>") are not allowed at 2'],
    ['f()', 'unknown function "f"'],
    ['1 +', 'expected a value after "+" at 3'],
    ['__proto__', 'unknown metric "__proto__" at 0'],
    ['constructor', 'unknown metric "constructor" at 0'],
    ['toString', 'unknown metric "toString" at 0'],
    ['hasOwnProperty', 'unknown metric "hasOwnProperty" at 0'],
    ['valueOf + 1', 'unknown metric "valueOf" at 0'],
    ['__proto__()', 'unknown function "__proto__" (available'],
    ['constructor(1)', 'unknown function "constructor" (available'],
    ['toString()', 'unknown function "toString" (available'],
    ['eval("1")', 'unknown function "eval"'],
    ['Function("return 1")()', 'only calls of functions by name are allowed'],
    ['Function("return 1")', 'unknown function "Function"'],
    ['new Function("x")', 'unexpected "F" at 4'],
    ['process.exit(1)', 'only calls of functions by name are allowed, like min(a, b) at 0'],
    ['(a)(b)', 'unknown function "a"'],
    ['min(a)(b)', 'only calls of functions by name are allowed'],
    ['$a', 'unexpected "$" at 0'],
    ['`x`', 'unexpected "`" at 0'],
    ['a; b = 2', 'unexpected ";" at 1'],
    ['ärr', 'unknown metric "ärr" at 0'],
    ['a\u00a0+ b', 'unknown metric'],
  ])('%j → %j', (text, error) => {
    const r = parseFormula(text, KNOWN);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(error);
  });

  it('does not touch Object.prototype', () => {
    for (const text of ['__proto__', 'constructor.prototype', '__proto__.x', 'a["__proto__"]', 'toString()']) parseFormula(text, KNOWN);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('leaves jsep configured as it found it, also after a parse error', () => {
    parseFormula('a ^ b', KNOWN);
    parseFormula('a ^', KNOWN);
    parseFormula('a ? b', KNOWN);
    // default jsep: ^ is XOR (lower than +), ** is the power, ternaries and `this` work
    expect(jsep('1 + 2 ^ 3')).toMatchObject({ operator: '^', left: { operator: '+' } });
    expect(jsep('a ** 2')).toMatchObject({ operator: '**' });
    expect(jsep('a ? b : c')).toMatchObject({ type: 'ConditionalExpression' });
    expect(jsep('this')).toMatchObject({ type: 'ThisExpression' });
    expect(jsep('true')).toMatchObject({ type: 'Literal', value: true });
    expect(jsep('$x')).toMatchObject({ type: 'Identifier', name: '$x' });
  });

  it('limits the length', () => {
    const longest = `a${' '.repeat(MAX_FORMULA_LENGTH - 1)}`;
    expect(parseFormula(longest, KNOWN).ok).toBe(true);
    expect(parseFormula(`${longest} `, KNOWN)).toEqual({
      ok: false,
      error: { message: `formula is too long (${MAX_FORMULA_LENGTH + 1} characters; at most ${MAX_FORMULA_LENGTH})`, position: MAX_FORMULA_LENGTH },
    });
  });

  it.each<[string, string, boolean]>([
    ['64 nested parentheses', `${'('.repeat(64)}a${')'.repeat(64)}`, true],
    ['65 nested parentheses', `${'('.repeat(65)}a${')'.repeat(65)}`, false],
    ['63 unary minus (depth 64)', `${'-'.repeat(63)}a`, true],
    ['64 unary minus (depth 65)', `${'-'.repeat(64)}a`, false],
    ['a sum of 64 terms (depth 64)', Array(64).fill('a').join(' + '), true],
    ['a sum of 65 terms (depth 65)', Array(65).fill('a').join(' + '), false],
    ['65 nested calls', `${'abs('.repeat(65)}a${')'.repeat(65)}`, false],
  ])('limits the depth: %s', (_label, text, ok) => {
    const r = parseFormula(text, KNOWN);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.error.message).toContain(`formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`);
  });

  it.each<[string, string]>([
    ['2,000 "("', '('.repeat(MAX_FORMULA_LENGTH)],
    ['2,000 "["', '['.repeat(MAX_FORMULA_LENGTH)],
    ['1,999 "-" then a', `${'-'.repeat(MAX_FORMULA_LENGTH - 1)}a`],
    ['1,000 "a+"', 'a+'.repeat(1000)],
    ['2,000 letters', 'a'.repeat(MAX_FORMULA_LENGTH)],
    ['alternating ( and [', '(['.repeat(1000)],
    ['999 "a(" calls', `${'a('.repeat(999)}a`],
    ['666 "a.b"', 'a.b'.repeat(666)],
  ])('returns an error, quickly, for %s', (_label, text) => {
    const started = Date.now();
    const r = parseFormula(text, KNOWN);
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('formatFormula', () => {
  it.each<[string, string]>([
    ['(arr_cy-arr_py)/arr_py', '(arr_cy - arr_py) / arr_py'],
    ['((a))', 'a'],
    ['a+(b+c)', 'a + (b + c)'],
    ['(a+b)+c', 'a + b + c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['a-(b+c)', 'a - (b + c)'],
    ['a*(b/c)', 'a * (b / c)'],
    ['(a*b)/c', 'a * b / c'],
    ['a+(b*c)', 'a + b * c'],
    ['(a+b)*c', '(a + b) * c'],
    ['2^(3^2)', '2 ^ 3 ^ 2'],
    ['(2^3)^2', '(2 ^ 3) ^ 2'],
    ['a*b^2', 'a * b ^ 2'],
    ['(a*b)^2', '(a * b) ^ 2'],
    // a negative base of ^ is always parenthesised for readability; it parses the same without
    ['-2^2', '(-2) ^ 2'],
    ['-(2^2)', '-(2 ^ 2)'],
    ['--a', '-(-a)'],
    ['- +a', '-(+a)'],
    ['a - -b', 'a - -b'],
    ['a ^ -b', 'a ^ -b'],
    ['-(a+b)', '-(a + b)'],
    ['min( a ,b )', 'min(a, b)'],
    ['max (a)', 'max(a)'],
    ['if((a>b),1,0)', 'if(a > b, 1, 0)'],
    ['if(a+1>=b*2,-1,0)', 'if(a + 1 >= b * 2, -1, 0)'],
    ['round(a,2)', 'round(a, 2)'],
    ['.5', '0.5'],
    ['1e3', '1000'],
    ['1.50', '1.5'],
    ['1e21', '1e+21'],
    ['1e-7', '1e-7'],
  ])('%j → %j', (text, formatted) => {
    const ast = parseOk(text);
    expect(formatFormula(ast)).toBe(formatted);
    expect(parseOk(formatted)).toEqual(ast);
  });

  it('prints hand-built trees the parser never produces so that they still read back', () => {
    expect(formatFormula(bin('^', num(-2), num(2)))).toBe('(-2) ^ 2');
    expect(formatFormula(neg(num(-2)))).toBe('-(-2)');
    expect(formatFormula(bin('-', met('a'), num(-2)))).toBe('a - -2');
    expect(formatFormula(num(Number.NaN))).toBe('(0 / 0)');
    expect(formatFormula(num(Infinity))).toBe('(0 / 0)');
  });
});

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

describe('orderDerived', () => {
  const BASE = new Set(['arr_cy', 'arr_py', 'csat']);
  const keys = (defs: DerivedDef[]): string[] => {
    const r = orderDerived(defs, BASE);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value.map((d) => d.key);
  };
  const errorsOf = (defs: DerivedDef[]): Record<string, string> => {
    const r = orderDerived(defs, BASE);
    if (r.ok) throw new Error('expected errors');
    return Object.fromEntries(r.error.map((e) => [e.key, e.error]));
  };

  it('puts each derived metric after the ones it uses (depth-first, in the given order)', () => {
    expect(
      keys([
        { key: 'score', formula: 'growth * 100 + csat' },
        { key: 'growth', formula: '(arr_cy - arr_py) / arr_py' },
      ]),
    ).toEqual(['growth', 'score']);
    expect(
      keys([
        { key: 'x', formula: 'arr_cy' },
        { key: 'y', formula: 'arr_py' },
      ]),
    ).toEqual(['x', 'y']);
    expect(
      keys([
        { key: 'd', formula: 'b + c' },
        { key: 'c', formula: 'a * 2' },
        { key: 'b', formula: 'a + 1' },
        { key: 'a', formula: 'csat' },
      ]),
    ).toEqual(['a', 'b', 'c', 'd']);
  });

  it('returns the parsed AST and references', () => {
    const r = orderDerived([{ key: 'growth', formula: '(arr_cy - arr_py) / arr_py' }], BASE);
    expect(r).toEqual({
      ok: true,
      value: [{ key: 'growth', ast: parseOk('(arr_cy - arr_py) / arr_py'), refs: ['arr_cy', 'arr_py'] }],
    });
  });

  it.each<[string, DerivedDef[], Record<string, string>]>([
    ['self', [{ key: 'growth', formula: 'growth + 1' }], { growth: 'circular reference: growth → growth' }],
    [
      '2-step',
      [
        { key: 'growth', formula: 'margin + 1' },
        { key: 'margin', formula: 'growth * 2' },
      ],
      { growth: 'circular reference: growth → margin → growth', margin: 'circular reference: margin → growth → margin' },
    ],
    [
      '3-step',
      [
        { key: 'p', formula: 'q + csat' },
        { key: 'q', formula: 'max(r, 1)' },
        { key: 'r', formula: 'if(p > 0, 1, 0)' },
        { key: 'ok', formula: 'csat * 2' },
      ],
      {
        p: 'circular reference: p → q → r → p',
        q: 'circular reference: q → r → p → q',
        r: 'circular reference: r → p → q → r',
      },
    ],
  ])('detects a %s cycle', (_label, defs, errors) => {
    expect(errorsOf(defs)).toEqual(errors);
  });

  it('reports unknown references, shadowed base keys, duplicates and invalid keys', () => {
    const errors = errorsOf([
      { key: 'g', formula: 'arr_cy / nope' },
      { key: 'arr_cy', formula: 'arr_py * 2' },
      { key: 'dup', formula: '1' },
      { key: 'dup', formula: '2' },
      { key: 'Growth', formula: '1' },
      { key: '__proto__', formula: '1' },
      { key: 'bad', formula: 'csat +' },
      { key: 'fine', formula: 'dup + 1' },
    ]);
    expect(errors.g).toBe('unknown metric "nope" at 9 — known: arr_cy, arr_py, bad, csat, dup, fine, g');
    expect(errors.arr_cy).toBe('"arr_cy" is already a metric of the dataset; a derived metric needs its own key');
    expect(errors.dup).toBe('"dup" is defined more than once');
    expect(errors.Growth).toContain('is not a valid metric key');
    expect(errors.__proto__).toContain('is not a valid metric key');
    expect(errors.bad).toBe('expected a value after "+" at 6');
    expect(errors.fine).toBeUndefined();
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

const nonNegative = fc
  .oneof(fc.integer({ min: 0, max: 1_000 }), fc.double({ min: 0, max: 1e15, noNaN: true, noDefaultInfinity: true }))
  .map((v) => (v === 0 ? 0 : v));
const call = (fn: FormulaFunction, args: FormulaNode[]): FormulaNode => ({ type: 'call', fn, args });

/** ASTs exactly as the parser produces them: non-negative numbers, comparisons only as if conditions. */
const canonical: fc.Memo<FormulaNode> = fc.memo((d) => {
  const leaf = fc.oneof(nonNegative.map(num), fc.constantFrom(...KEYS).map(met));
  if (d <= 1) return leaf;
  const sub = canonical(d - 1);
  const compare = fc
    .tuple(fc.constantFrom(...COMPARE), sub, sub)
    .map(([op, left, right]): FormulaNode => ({ type: 'compare', op, left, right }));
  return fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.tuple(fc.constantFrom('-' as const, '+' as const), sub).map(([op, arg]): FormulaNode => ({ type: 'unary', op, arg })),
    fc.tuple(fc.constantFrom(...ARITH), sub, sub).map(([op, l, r]) => bin(op, l, r)),
    fc.tuple(fc.constantFrom<FormulaFunction>('abs', 'sqrt'), sub).map(([fn, x]) => call(fn, [x])),
    fc.tuple(fc.constantFrom<FormulaFunction>('log', 'round'), fc.array(sub, { minLength: 1, maxLength: 2 })).map(([fn, xs]) => call(fn, xs)),
    fc
      .tuple(fc.constantFrom<FormulaFunction>('min', 'max', 'coalesce'), fc.array(sub, { minLength: 1, maxLength: 3 }))
      .map(([fn, xs]) => call(fn, xs)),
    fc.tuple(fc.oneof(compare, sub), sub, sub).map(([cond, x, y]) => call('if', [cond, x, y])),
  );
});

const ws = fc.constantFrom('', '', ' ', '  ', '\t', '\n');
const numberText = (v: number): fc.Arbitrary<string> =>
  fc.constantFrom(String(v), v.toExponential(), String(v).replace(/^0\./, '.'), v.toExponential().toUpperCase());

/** Fully parenthesised text with random spacing and redundant parentheses, with the AST it means. */
const noisy: fc.Memo<[FormulaNode, string]> = fc.memo((d) => {
  const leaf = fc.oneof(
    nonNegative.chain((v) => numberText(v).map((t): [FormulaNode, string] => [num(v), t])),
    fc.constantFrom(...KEYS).map((k): [FormulaNode, string] => [met(k), k]),
  );
  const wrapped = (arb: fc.Arbitrary<[FormulaNode, string]>): fc.Arbitrary<[FormulaNode, string]> =>
    fc.tuple(arb, fc.boolean(), ws, ws).map(([[ast, t], extra, s1, s2]) => [ast, extra ? `(${s1}${t}${s2})` : t]);
  if (d <= 1) return wrapped(leaf);
  const sub = noisy(d - 1);
  const group = (t: string, s1: string, s2: string): string => `(${s1}${t}${s2})`;
  return wrapped(
    fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc
        .tuple(fc.constantFrom('-' as const, '+' as const), sub, ws)
        .map(([op, [arg, t], s]): [FormulaNode, string] => [{ type: 'unary', op, arg }, `${op}${s}${group(t, '', '')}`]),
      fc
        .tuple(fc.constantFrom(...ARITH), sub, sub, ws, ws, ws)
        .map(([op, [l, lt], [r, rt], s1, s2, s3]): [FormulaNode, string] => [bin(op, l, r), `${group(lt, s3, '')}${s1}${op}${s2}${group(rt, '', s3)}`]),
      fc
        .tuple(fc.constantFrom<FormulaFunction>('min', 'max', 'coalesce', 'abs', 'sqrt'), fc.array(sub, { minLength: 1, maxLength: 3 }), ws, ws)
        .map(([fn, args, s1, s2]): [FormulaNode, string] => {
          const kept = fn === 'abs' || fn === 'sqrt' ? args.slice(0, 1) : args;
          return [call(fn, kept.map(([a]) => a)), `${fn}${s1}(${s2}${kept.map(([, t]) => t).join(`${s1},${s2}`)}${s1})`];
        }),
      fc
        .tuple(fc.constantFrom(...COMPARE), sub, sub, sub, sub, ws)
        .map(([op, [l, lt], [r, rt], [x, xt], [y, yt], s]): [FormulaNode, string] => [
          call('if', [{ type: 'compare', op, left: l, right: r }, x, y]),
          `if(${group(lt, s, '')}${s}${op}${s}${group(rt, '', s)},${s}${xt}, ${yt})`,
        ]),
    ),
  );
});

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
  it('parse(format(ast)) gives back the same AST (and its references)', () => {
    fc.assert(
      fc.property(canonical(5), (ast) => {
        const text = formatFormula(ast);
        const r = parseFormula(text, new Set(KEYS));
        expect(r).toEqual({ ok: true, value: { ast, refs: formulaRefs(ast) } });
      }),
      { numRuns: 500 },
    );
  });

  it('formatFormula(parse(x)) re-parses to an equal AST, for noisy text', () => {
    fc.assert(
      fc.property(noisy(4), ([ast, text]) => {
        fc.pre(text.length <= MAX_FORMULA_LENGTH);
        const parsed = parseOk(text, new Set(KEYS));
        expect(parsed).toEqual(ast);
        const formatted = formatFormula(parsed);
        expect(parseOk(formatted, new Set(KEYS))).toEqual(parsed);
        expect(formatFormula(parseOk(formatted, new Set(KEYS)))).toBe(formatted);
      }),
      { numRuns: 500 },
    );
  });

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

  it('parsing never throws on arbitrary text', () => {
    const alphabet = fc.constantFrom(...'ab_c1.e+-*/^()[],;:?!=<>&|"\' \tminaxroudf'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: alphabet, maxLength: 60 }), fc.string({ maxLength: 60 })), (text) => {
        const r = parseFormula(text, KNOWN);
        if (r.ok) expect(parseOk(formatFormula(r.value.ast))).toEqual(r.value.ast);
        else expect(r.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });
});
