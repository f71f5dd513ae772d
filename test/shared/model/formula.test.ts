import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsep from 'jsep';
import {
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
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

const num = (v: number): FormulaNode => ({ type: 'number', value: v });
const met = (key: string): FormulaNode => ({ type: 'metric', key });
const bin = (op: '+' | '-' | '*' | '/' | '^', left: FormulaNode, right: FormulaNode): FormulaNode => ({ type: 'binary', op, left, right });
const neg = (arg: FormulaNode): FormulaNode => ({ type: 'unary', op: '-', arg });

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
