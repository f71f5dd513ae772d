/**
 * Formula text to a jsep tree (DESIGN D3.1): our grammar installed for one parse, token
 * positions recorded, exactly one expression per formula or group, and jsep's error messages
 * reworded. parse.ts vets the tree this returns and turns it into our AST.
 */
import jsep from 'jsep';

/** The parts of jsep's (undocumented in the typings) `Jsep` class this module touches. */
export interface JsepExpression {
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
export const UNSUPPORTED_BINARY: ReadonlyMap<string, string> = new Map([
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

export interface Spans {
  start: WeakMap<object, number>;
  end: WeakMap<object, number>;
}

/** The whitespace jsep skips (and nothing else: other characters may be part of a name). */
export const SPACE = /[ \t\n\r]/;

/**
 * Runs jsep on `text` with our grammar. Each token's start/end offsets are recorded through
 * per-instance hooks (jsep nodes carry no positions), and `gobbleExpressions` is replaced by a
 * strict version: exactly one expression per formula or parenthesised group, so `a, b`,
 * `a; b`, `a b`, `(a, b)` and stray separators are errors instead of compound expressions.
 */
export function runJsep(text: string): { root: JsepExpression; spans: Spans } {
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
export function rewordJsepError(description: string, text: string, index: number): string {
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
