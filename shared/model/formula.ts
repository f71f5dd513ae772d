/**
 * Derived metrics (DESIGN D3.1): a formula over other metrics of the same partner, e.g.
 * ARR growth % = `(arr_cy - arr_py) / arr_py`.
 *
 * The text is parsed by jsep into a JavaScript-like tree, checked node by node against a
 * small whitelist, and turned into our own {@link FormulaNode} AST. Nothing the user types
 * is ever executed: the evaluator below is a column-at-a-time interpreter over that AST
 * (one tight loop per node over blocks of Float64Array columns), never `eval`/`new Function`.
 *
 * Grammar (lowest precedence first):
 *   formula    := sum
 *   comparison := sum ( '>' | '>=' | '<' | '<=' | '==' | '!=' ) sum   — only as the first
 *                 argument of if(…), where it yields 1 or 0
 *   sum        := product ( ('+' | '-') product )*            — left-associative
 *   product    := power ( ('*' | '/') power )*                — left-associative
 *   power      := unary ( '^' power )?                        — right-associative: 2^3^2 = 2^9
 *   unary      := ('-' | '+') unary | atom                    — binds tighter than '^', like a
 *                 spreadsheet: -2^2 = (-2)^2 = 4; write -(2^2) for -4
 *   atom       := number | metric_key | fn '(' args ')' | '(' sum ')'
 *   fn         := min | max | abs | round | if | coalesce | log | sqrt   (lower-case)
 *
 * Semantics: every value is a finite number or NaN ("no data", null outside the engine).
 * Any NaN input, division by zero, log/sqrt of a negative, or a non-finite result gives
 * NaN. The two deliberate exceptions: coalesce(a, b, …) returns its first non-NaN argument,
 * and if(cond, a, b) only looks at the branch it takes (a NaN condition gives NaN; a
 * non-zero condition is true). log(x) is the natural logarithm; log(x, base) takes a base.
 * round(x) and round(x, digits) round half away from zero (like a spreadsheet); negative
 * digits round to tens, hundreds …
 *
 * Positions in error messages are 0-based character offsets into the formula text.
 */
import jsep from 'jsep';
import { err, ok, type Result } from './result';
import { MetricKeySchema } from './workspace';

// ==================== AST ====================================================

export type ArithmeticOp = '+' | '-' | '*' | '/' | '^';
export type CompareOp = '>' | '>=' | '<' | '<=' | '==' | '!=';
export type FormulaFunction = 'min' | 'max' | 'abs' | 'round' | 'if' | 'coalesce' | 'log' | 'sqrt';

export type FormulaNode =
  | { type: 'number'; value: number }
  | { type: 'metric'; key: string }
  | { type: 'unary'; op: '-' | '+'; arg: FormulaNode }
  | { type: 'binary'; op: ArithmeticOp; left: FormulaNode; right: FormulaNode }
  | { type: 'call'; fn: FormulaFunction; args: FormulaNode[] }
  /** Only as the condition (first argument) of if(…); evaluates to 1 or 0. */
  | { type: 'compare'; op: CompareOp; left: FormulaNode; right: FormulaNode };

/** A formula that parsed: its tree and the metric keys it reads, in first-use order. */
export type ParsedFormula = { ast: FormulaNode; refs: string[] };
/** Why a formula does not parse, and where (a 0-based character position, when one applies). */
export type FormulaProblem = { message: string; position: number | null };
export type FormulaResult = Result<ParsedFormula, FormulaProblem>;

/** Longest formula text accepted. */
export const MAX_FORMULA_LENGTH = 2_000;
/** Deepest AST accepted (a single number or metric has depth 1). */
export const MAX_FORMULA_DEPTH = 64;

interface FunctionSpec {
  min: number;
  max: number;
}
/** Arity of each function; a Map so that `constructor`, `__proto__` … are never found. */
export const FORMULA_FUNCTIONS: ReadonlyMap<FormulaFunction, FunctionSpec> = new Map<FormulaFunction, FunctionSpec>([
  ['abs', { min: 1, max: 1 }],
  ['coalesce', { min: 1, max: Infinity }],
  ['if', { min: 3, max: 3 }],
  ['log', { min: 1, max: 2 }],
  ['max', { min: 1, max: Infinity }],
  ['min', { min: 1, max: Infinity }],
  ['round', { min: 1, max: 2 }],
  ['sqrt', { min: 1, max: 1 }],
]);

const ARITHMETIC_OPS: ReadonlySet<string> = new Set<ArithmeticOp>(['+', '-', '*', '/', '^']);
const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(['>', '>=', '<', '<=', '==', '!=']);

// ==================== parsing ================================================

/** The parts of jsep's (undocumented in the typings) `Jsep` class this module touches. */
interface JsepExpression {
  type: string;
  [key: string]: unknown;
}
interface JsepParser {
  index: number;
  readonly expr: string;
  readonly code: number;
  readonly char: string;
  gobbleSpaces(): void;
  gobbleExpression(): JsepExpression | false | undefined;
  gobbleNumericLiteral(): JsepExpression;
  throwError(message: string): never;
  parse(): JsepExpression;
  gobbleExpressions: (this: JsepParser, untilICode?: number) => JsepExpression[];
  runHook: (this: JsepParser, name: string, node?: JsepExpression | false) => JsepExpression | false | undefined;
  searchHook: (this: JsepParser, name: string) => JsepExpression | undefined;
}
interface JsepClass {
  new (expr: string): JsepParser;
  unary_ops: Record<string, number>;
  binary_ops: Record<string, number>;
  right_associative: Set<string>;
  additional_identifier_chars: Set<string>;
  literals: Record<string, unknown>;
  this_str: string;
  max_unop_len: number;
  max_binop_len: number;
}
type JsepConfig = Pick<
  JsepClass,
  'unary_ops' | 'binary_ops' | 'right_associative' | 'additional_identifier_chars' | 'literals' | 'this_str' | 'max_unop_len' | 'max_binop_len'
>;

const Jsep = (jsep as unknown as { Jsep: JsepClass }).Jsep;

/** Operators jsep is told about only so that the error can name them. */
const UNSUPPORTED_BINARY: ReadonlyMap<string, string> = new Map([
  ['=', 'assignment ("=") is not allowed; use == to compare inside if(…)'],
  ['=>', 'functions ("=>") are not allowed'],
  ['===', '"===" is not supported; use =='],
  ['!==', '"!==" is not supported; use !='],
  ['**', '"**" is not supported; use ^ for powers'],
  ['%', '"%" is not supported'],
  ['&&', '"&&" is not supported; nest if(…) instead'],
  ['||', '"||" is not supported; nest if(…) instead'],
  ['??', '"??" is not supported; use coalesce(a, b)'],
  ['&', '"&" is not supported'],
  ['|', '"|" is not supported'],
  ['<<', '"<<" is not supported'],
  ['>>', '">>" is not supported'],
  ['>>>', '">>>" is not supported'],
]);

/**
 * Our grammar for jsep. jsep keeps its configuration in static fields shared by every user
 * of the library, so {@link withFormulaGrammar} installs this for the duration of one
 * (synchronous) parse and puts the previous configuration back afterwards. `^` is the power,
 * above * and /, right-associative; unary operators bind tighter than any binary one.
 */
const FORMULA_GRAMMAR: JsepConfig = {
  unary_ops: { '-': 1, '+': 1, '!': 1, '~': 1 },
  binary_ops: {
    '=': 0.5,
    '=>': 0.5,
    '||': 1,
    '??': 1,
    '&&': 2,
    '|': 3,
    '&': 5,
    '==': 6,
    '!=': 6,
    '===': 6,
    '!==': 6,
    '<': 7,
    '>': 7,
    '<=': 7,
    '>=': 7,
    '<<': 8,
    '>>': 8,
    '>>>': 8,
    '+': 9,
    '-': 9,
    '*': 10,
    '/': 10,
    '%': 10,
    '^': 11,
    '**': 11,
  },
  right_associative: new Set(['^', '**']),
  // `$` is not an identifier character; metric keys are [a-z][a-z0-9_]*.
  additional_identifier_chars: new Set(['_']),
  // no true/false/null: they are (unknown) metric names like any other word
  literals: {},
  // `this` is just a word too (an unknown metric), never a ThisExpression
  this_str: '\u0000this',
  max_unop_len: 1,
  max_binop_len: 3,
};

function withFormulaGrammar<T>(run: () => T): T {
  const saved: JsepConfig = {
    unary_ops: Jsep.unary_ops,
    binary_ops: Jsep.binary_ops,
    right_associative: Jsep.right_associative,
    additional_identifier_chars: Jsep.additional_identifier_chars,
    literals: Jsep.literals,
    this_str: Jsep.this_str,
    max_unop_len: Jsep.max_unop_len,
    max_binop_len: Jsep.max_binop_len,
  };
  Object.assign(Jsep, FORMULA_GRAMMAR);
  try {
    return run();
  } finally {
    Object.assign(Jsep, saved);
  }
}

class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number | null,
  ) {
    super(message);
  }
}

interface Spans {
  start: WeakMap<object, number>;
  end: WeakMap<object, number>;
}

/** The whitespace jsep skips (and nothing else: other characters may be part of a name). */
const SPACE = /[ \t\n\r]/;

/**
 * Runs jsep on `text` with our grammar. Each token's start/end offsets are recorded through
 * per-instance hooks (jsep nodes carry no positions), and `gobbleExpressions` is replaced by a
 * strict version: exactly one expression per formula or parenthesised group, so `a, b`,
 * `a; b`, `a b`, `(a, b)` and stray separators are errors instead of compound expressions.
 */
function runJsep(text: string): { root: JsepExpression; spans: Spans } {
  const spans: Spans = { start: new WeakMap(), end: new WeakMap() };
  const starts: number[] = [];
  const parser = new Jsep(text);

  parser.searchHook = function (name) {
    if (name !== 'gobble-token') return undefined;
    starts.push(this.index);
    const c = this.code;
    // numbers are parsed here so that they, too, go through 'after-token' (jsep's own number
    // path skips it), which keeps `starts` balanced
    if ((c >= 48 && c <= 57) || c === 46) return this.gobbleNumericLiteral();
    return undefined;
  };
  parser.runHook = function (name, node) {
    if (name === 'after-token') {
      const start = starts.pop() ?? this.index;
      if (node) {
        let end = this.index;
        while (end > start && SPACE.test(text.charAt(end - 1))) end--;
        // a token seen again as a parenthesised group keeps its own start, takes the group's end
        if (!spans.start.has(node)) spans.start.set(node, start);
        spans.end.set(node, end);
      }
    }
    return node;
  };
  parser.gobbleExpressions = function (untilICode) {
    this.gobbleSpaces();
    const node = this.gobbleExpression();
    if (!node) {
      if (untilICode !== undefined && this.code === untilICode) this.throwError('Empty parentheses');
      if (this.index < this.expr.length) this.throwError(`Unexpected "${this.char}"`);
      return [];
    }
    this.gobbleSpaces();
    if (this.index < this.expr.length && this.code !== untilICode) this.throwError(`Unexpected "${this.char}"`);
    return [node];
  };

  const root = withFormulaGrammar(() => parser.parse());
  return { root, spans };
}

/** jsep's messages, reworded for people typing a formula. */
function rewordJsepError(description: string, text: string, index: number): string {
  let m: RegExpExecArray | null;
  if ((m = /^Unexpected "(.*)"$/s.exec(description))) {
    if (m[1] === '?') return 'unexpected "?" (use if(condition, a, b))';
    if (m[1] === '"' || m[1] === "'") return 'text values are not allowed';
    return `unexpected "${m[1]}"`;
  }
  if ((m = /^Expected expression after (.+)$/s.exec(description))) return `expected a value after "${m[1]}"`;
  if (description === 'missing unaryOp argument') return `expected a value after "${text.charAt(index - 1)}"`;
  if (description === 'Expected expression') return 'expected a value';
  if (description === 'Empty parentheses') return 'empty parentheses';
  if (description === 'Unclosed (' || description === 'Expected )') return 'missing ")"';
  if (description === 'Unclosed [' || description === 'Expected ]') return 'missing "]"';
  if (description === 'Expected comma') return 'expected "," between arguments';
  if ((m = /^Unexpected token (.)$/s.exec(description))) return `unexpected "${m[1]}"`;
  if ((m = /^Variable names cannot start with a number \((.*)\)$/s.exec(description))) return `a name cannot start with a digit ("${m[1]}")`;
  if (description === 'Unexpected period') return 'unexpected "."';
  if ((m = /^Expected exponent \((.*)\)$/s.exec(description))) return `malformed number "${m[1]}"`;
  if (description.startsWith('Unclosed quote')) return 'text values are not allowed (unclosed quote)';
  if ((m = /^Unexpected (.)$/s.exec(description))) return `unexpected "${m[1]}"`;
  return description.charAt(0).toLowerCase() + description.slice(1);
}

/** User text quoted in an error message, shortened. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function knownList(knownKeys: ReadonlySet<string>): string {
  if (knownKeys.size === 0) return 'no metrics are available';
  const sorted = [...knownKeys].sort();
  const shown = sorted.slice(0, 12).join(', ');
  return sorted.length > 12 ? `known: ${shown}, … (${sorted.length - 12} more)` : `known: ${shown}`;
}

/** Converts (and vets) jsep's tree into ours. */
class Converter {
  readonly refs: string[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly spans: Spans,
    private readonly knownKeys: ReadonlySet<string>,
  ) {}

  private startOf(node: JsepExpression): number | null {
    const s = this.spans.start.get(node);
    if (s !== undefined) return s;
    if (node.type === 'BinaryExpression') return this.startOf(node.left as JsepExpression);
    return null;
  }

  private endOf(node: JsepExpression): number | null {
    const e = this.spans.end.get(node);
    if (e !== undefined) return e;
    if (node.type === 'BinaryExpression') return this.endOf(node.right as JsepExpression);
    return null;
  }

  /** Where the operator of a binary node is: the first non-space after its left operand. */
  private operatorAt(node: JsepExpression): number | null {
    let i = this.endOf(node.left as JsepExpression);
    if (i === null) return this.startOf(node);
    while (i < this.text.length && SPACE.test(this.text.charAt(i))) i++;
    return i;
  }

  private fail(message: string, position: number | null): never {
    throw new FormulaError(position === null ? message : `${message} at ${position}`, position);
  }

  convert(node: JsepExpression, depth: number, inCondition = false): FormulaNode {
    if (depth > MAX_FORMULA_DEPTH) {
      this.fail(`formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`, this.startOf(node));
    }
    switch (node.type) {
      case 'Literal': {
        const value = node.value;
        if (typeof value !== 'number') this.fail('text values are not allowed', this.startOf(node));
        if (!Number.isFinite(value)) this.fail(`number "${clip(String(node.raw))}" is too large`, this.startOf(node));
        return { type: 'number', value };
      }
      case 'Identifier': {
        const name = String(node.name);
        if (!this.knownKeys.has(name)) {
          const hint = FORMULA_FUNCTIONS.has(name as FormulaFunction) ? ` (${name} is a function: write ${name}(…))` : '';
          // parseFormula appends the list of known keys to this message
          return this.fail(`unknown metric "${clip(name)}"${hint}`, this.startOf(node));
        }
        if (!this.seen.has(name)) {
          this.seen.add(name);
          this.refs.push(name);
        }
        return { type: 'metric', key: name };
      }
      case 'UnaryExpression': {
        const op = String(node.operator);
        if (op !== '-' && op !== '+') this.fail(`operator "${op}" is not supported`, this.startOf(node));
        return { type: 'unary', op, arg: this.convert(node.argument as JsepExpression, depth + 1) };
      }
      case 'BinaryExpression': {
        const op = String(node.operator);
        const unsupported = UNSUPPORTED_BINARY.get(op);
        if (unsupported !== undefined) this.fail(unsupported, this.operatorAt(node));
        if (COMPARE_OPS.has(op)) {
          if (!inCondition) this.fail(`comparison "${op}" is only allowed as the condition of if(…)`, this.operatorAt(node));
          const left = this.convert(node.left as JsepExpression, depth + 1);
          const right = this.convert(node.right as JsepExpression, depth + 1);
          return { type: 'compare', op: op as CompareOp, left, right };
        }
        if (!ARITHMETIC_OPS.has(op)) this.fail(`operator "${op}" is not supported`, this.operatorAt(node));
        const left = this.convert(node.left as JsepExpression, depth + 1);
        const right = this.convert(node.right as JsepExpression, depth + 1);
        return { type: 'binary', op: op as ArithmeticOp, left, right };
      }
      case 'CallExpression': {
        const callee = node.callee as JsepExpression;
        const at = this.startOf(node);
        if (callee.type !== 'Identifier') this.fail('only calls of functions by name are allowed, like min(a, b)', at);
        const name = String(callee.name);
        const spec = FORMULA_FUNCTIONS.get(name as FormulaFunction);
        if (spec === undefined) {
          this.fail(`unknown function "${clip(name)}" (available: ${[...FORMULA_FUNCTIONS.keys()].join(', ')})`, at);
        }
        const args = node.arguments as JsepExpression[];
        if (args.length < spec.min) {
          this.fail(`${name}() needs at least ${spec.min} argument${spec.min === 1 ? '' : 's'}`, at);
        }
        if (args.length > spec.max) {
          this.fail(
            spec.min === spec.max
              ? `${name}() takes exactly ${spec.min} argument${spec.min === 1 ? '' : 's'}`
              : `${name}() takes at most ${spec.max} arguments`,
            at,
          );
        }
        const fn = name as FormulaFunction;
        return {
          type: 'call',
          fn,
          args: args.map((arg, i) => this.convert(arg, depth + 1, fn === 'if' && i === 0)),
        };
      }
      case 'MemberExpression': {
        const at = this.startOf(node);
        const end = this.endOf(node);
        const snippet = at !== null && end !== null ? ` ("${clip(this.text.slice(at, end))}")` : '';
        return this.fail(`${node.computed === true ? 'indexing' : 'property access'} is not allowed${snippet}`, at);
      }
      case 'ArrayExpression':
        return this.fail('lists ("[…]") are not allowed', this.startOf(node));
      case 'ThisExpression':
        return this.fail('"this" is not allowed', this.startOf(node));
      default:
        return this.fail(`unsupported expression (${node.type})`, this.startOf(node));
    }
  }
}

/** Deepest run of ( and [ nesting, checked before jsep recurses into it. */
function checkNesting(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) {
      if (++depth > MAX_FORMULA_DEPTH) {
        throw new FormulaError(`formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels) at ${i}`, i);
      }
    } else if (c === 41 || c === 93) {
      depth = Math.max(0, depth - 1);
    }
  }
}

/**
 * Parses a formula; every identifier must be one of `knownKeys`. Errors name the problem
 * and its 0-based character position, e.g. `unknown metric "arr_cy" at 2 — known: …`,
 * `unexpected ")" at 14`, `min() needs at least 1 argument at 0`.
 */
export function parseFormula(text: string, knownKeys: ReadonlySet<string>): FormulaResult {
  if (typeof text !== 'string') return err({ message: 'formula must be text', position: null });
  if (text.length > MAX_FORMULA_LENGTH) {
    return err({ message: `formula is too long (${text.length} characters; at most ${MAX_FORMULA_LENGTH})`, position: MAX_FORMULA_LENGTH });
  }
  if (text.trim() === '') return err({ message: 'formula is empty', position: 0 });
  try {
    checkNesting(text);
    let parsed: { root: JsepExpression; spans: Spans };
    try {
      parsed = runJsep(text);
    } catch (e) {
      if (e instanceof RangeError) throw new FormulaError(`formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`, null);
      const failure = e as { description?: unknown; index?: unknown };
      if (typeof failure.description === 'string' && typeof failure.index === 'number') {
        // jsep reports "Unexpected token ," / ")" in argument lists one past the character
        const index = Math.min(/^Unexpected token /.test(failure.description) ? failure.index - 1 : failure.index, text.length);
        throw new FormulaError(`${rewordJsepError(failure.description, text, index)} at ${index}`, index);
      }
      throw e;
    }
    const converter = new Converter(text, parsed.spans, knownKeys);
    const ast = converter.convert(parsed.root, 1);
    return ok({ ast, refs: converter.refs });
  } catch (e) {
    if (e instanceof FormulaError) {
      const message = e.message.startsWith('unknown metric "') ? `${e.message} — ${knownList(knownKeys)}` : e.message;
      return err({ message, position: e.position });
    }
    if (e instanceof RangeError) {
      return err({ message: `formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`, position: null });
    }
    throw e;
  }
}

/** Every metric key the AST uses, once each, in order of first appearance. */
export function formulaRefs(ast: FormulaNode): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (node: FormulaNode): void => {
    switch (node.type) {
      case 'metric':
        if (!seen.has(node.key)) {
          seen.add(node.key);
          out.push(node.key);
        }
        return;
      case 'number':
        return;
      case 'unary':
        walk(node.arg);
        return;
      case 'binary':
      case 'compare':
        walk(node.left);
        walk(node.right);
        return;
      case 'call':
        node.args.forEach(walk);
        return;
    }
  };
  walk(ast);
  return out;
}

// ==================== formatting =============================================

const PREC_COMPARE = 1;
const PREC_SUM = 2;
const PREC_PRODUCT = 3;
const PREC_POWER = 4;
const PREC_UNARY = 5;
const PREC_ATOM = 6;

function precedence(node: FormulaNode): number {
  switch (node.type) {
    case 'compare':
      return PREC_COMPARE;
    case 'binary':
      return node.op === '+' || node.op === '-' ? PREC_SUM : node.op === '^' ? PREC_POWER : PREC_PRODUCT;
    case 'unary':
      return PREC_UNARY;
    case 'number':
      return node.value < 0 || Object.is(node.value, -0) ? PREC_UNARY : PREC_ATOM;
    default:
      return PREC_ATOM;
  }
}

function formatNumber(value: number): string {
  // NaN and ±Infinity are never produced by the parser; they evaluate as "no data", and so does 0 / 0
  if (!Number.isFinite(value)) return '(0 / 0)';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/**
 * Formula back to text: `a + b`, `min(a, b)`, `-a`, canonical spacing, parentheses only
 * where the tree needs them — with two deliberate exceptions for readability: a unary
 * operand of a unary is parenthesised (`-(-a)`, not `--a`), and so is a negative base of
 * `^` (`(-a) ^ 2`, although `-a ^ 2` parses the same).
 */
export function formatFormula(ast: FormulaNode): string {
  switch (ast.type) {
    case 'number':
      return formatNumber(ast.value);
    case 'metric':
      return ast.key;
    case 'unary': {
      const inner = formatFormula(ast.arg);
      return precedence(ast.arg) <= PREC_UNARY ? `${ast.op}(${inner})` : `${ast.op}${inner}`;
    }
    case 'call':
      return `${ast.fn}(${ast.args.map(formatFormula).join(', ')})`;
    case 'compare': {
      const wrap = (n: FormulaNode): string => (precedence(n) <= PREC_COMPARE ? `(${formatFormula(n)})` : formatFormula(n));
      return `${wrap(ast.left)} ${ast.op} ${wrap(ast.right)}`;
    }
    case 'binary': {
      const p = precedence(ast);
      const lp = precedence(ast.left);
      const rp = precedence(ast.right);
      const rightAssoc = ast.op === '^';
      const leftParens = rightAssoc ? lp <= p || lp === PREC_UNARY : lp < p;
      const rightParens = rightAssoc ? rp < p : rp <= p;
      const l = leftParens ? `(${formatFormula(ast.left)})` : formatFormula(ast.left);
      const r = rightParens ? `(${formatFormula(ast.right)})` : formatFormula(ast.right);
      return `${l} ${ast.op} ${r}`;
    }
  }
}

// ==================== evaluation =============================================

/** "No data". A module constant: a global `NaN` read inside a hot loop costs ~3× the loop. */
const NA = Number.NaN;

/** NaN for ±Infinity and NaN, the value otherwise (`r - r` is 0 only for finite r). */
function fin(r: number): number {
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
type Loop1 = (x: Float64Array, out: Float64Array, n: number) => void;

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

const negC: Loop1 = (x, out, n) => { for (let i = 0; i < n; i++) out[i] = 0 - x[i]!; };
const absC: Loop1 = (x, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); };
const sqrtC: Loop1 = (x, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); };

/**
 * The loops of a two-operand operation: column ∘ column, column ∘ constant and
 * constant ∘ column (for a commutative operation the last one is the middle one swapped).
 */
interface Kernel {
  scalar: (a: number, b: number) => number;
  cc: Loop2;
  ck: LoopK;
  kc: LoopK | 'swap';
}

const ARITH_KERNELS: ReadonlyMap<string, Kernel> = new Map<string, Kernel>([
  ['+', { scalar: (a, b) => fin(a + b), cc: addCC, ck: addCK, kc: 'swap' }],
  ['-', { scalar: (a, b) => fin(a - b), cc: subCC, ck: subCK, kc: subKC }],
  ['*', { scalar: (a, b) => fin(a * b), cc: mulCC, ck: mulCK, kc: 'swap' }],
  ['/', { scalar: (a, b) => fin(a / b), cc: divCC, ck: divCK, kc: divKC }],
  ['^', { scalar: powOf, cc: powCC, ck: powCK, kc: powKC }],
]);

const swapCC = (loop: Loop2): Loop2 => (x, y, out, n) => loop(y, x, out, n);
const COMPARE_KERNELS: ReadonlyMap<string, Kernel> = new Map<string, Kernel>([
  ['>', { scalar: (a, b) => compareOf('>', a, b), cc: gtCC, ck: gtCK, kc: ltCK }],
  ['>=', { scalar: (a, b) => compareOf('>=', a, b), cc: geCC, ck: geCK, kc: leCK }],
  ['<', { scalar: (a, b) => compareOf('<', a, b), cc: swapCC(gtCC), ck: ltCK, kc: gtCK }],
  ['<=', { scalar: (a, b) => compareOf('<=', a, b), cc: swapCC(geCC), ck: leCK, kc: geCK }],
  ['==', { scalar: (a, b) => compareOf('==', a, b), cc: eqCC, ck: eqCK, kc: 'swap' }],
  ['!=', { scalar: (a, b) => compareOf('!=', a, b), cc: neCC, ck: neCK, kc: 'swap' }],
]);

const MIN_KERNEL: Kernel = { scalar: Math.min, cc: minCC, ck: minCK, kc: 'swap' };
const MAX_KERNEL: Kernel = { scalar: Math.max, cc: maxCC, ck: maxCK, kc: 'swap' };
const ROUND_KERNEL: Kernel = { scalar: roundTo, cc: roundCC, ck: roundCK, kc: roundKC };
const LOG_KERNEL: Kernel = { scalar: logOf, cc: logCC, ck: logCK, kc: logKC };

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

// ==================== derived metrics ========================================

export interface DerivedDef {
  key: string;
  formula: string;
}

export type DerivedError = { key: string; error: string };

/**
 * Orders derived metrics so that each comes after the ones it uses (depth-first in the
 * given order: a metric's inputs are placed just before it). Errors, one per key: an
 * invalid or duplicate key, a key that shadows a metric of the dataset, a formula that does
 * not parse or uses an unknown metric, and cycles (`circular reference: growth → margin →
 * growth`, reported for every metric on the cycle, starting from that metric).
 */
export function orderDerived(
  defs: readonly DerivedDef[],
  baseKeys: ReadonlySet<string>,
): Result<({ key: string } & ParsedFormula)[], DerivedError[]> {
  const errors = new Map<string, string>();
  const addError = (key: string, error: string): void => {
    if (!errors.has(key)) errors.set(key, error);
  };

  const derivedKeys = new Set<string>();
  const valid: DerivedDef[] = [];
  for (const def of defs) {
    if (!MetricKeySchema.safeParse(def.key).success) {
      addError(def.key, `"${clip(def.key)}" is not a valid metric key (lower-case letters, digits and _, starting with a letter)`);
    } else if (baseKeys.has(def.key)) {
      addError(def.key, `"${def.key}" is already a metric of the dataset; a derived metric needs its own key`);
    } else if (derivedKeys.has(def.key)) {
      addError(def.key, `"${def.key}" is defined more than once`);
    } else {
      derivedKeys.add(def.key);
      valid.push(def);
    }
  }

  const known = new Set<string>([...baseKeys, ...derivedKeys]);
  const parsed = new Map<string, { key: string; ast: FormulaNode; refs: string[] }>();
  for (const def of valid) {
    const result = parseFormula(def.formula, known);
    if (result.ok) parsed.set(def.key, { key: def.key, ...result.value });
    else addError(def.key, result.error.message);
  }

  // depth-first, in the given order; a reference back to a metric still on the path is a cycle
  const order: { key: string; ast: FormulaNode; refs: string[] }[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): void => {
    const entry = parsed.get(key);
    if (entry === undefined || state.get(key) === 'done') return;
    state.set(key, 'visiting');
    path.push(key);
    for (const ref of entry.refs) {
      if (!derivedKeys.has(ref)) continue;
      if (state.get(ref) === 'visiting') {
        const cycle = path.slice(path.indexOf(ref));
        for (let i = 0; i < cycle.length; i++) {
          const rotated = [...cycle.slice(i), ...cycle.slice(0, i)];
          addError(rotated[0]!, `circular reference: ${[...rotated, rotated[0]].join(' → ')}`);
        }
      } else {
        visit(ref);
      }
    }
    path.pop();
    state.set(key, 'done');
    order.push(entry);
  };
  for (const def of valid) visit(def.key);

  if (errors.size > 0) {
    return err([...errors].map(([key, error]) => ({ key, error })));
  }
  return ok(order);
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
