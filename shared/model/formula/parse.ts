/**
 * Parsing a formula (DESIGN D3.1; the grammar is described in index.ts): jsep's tree
 * (jsep.ts) checked node by node against a small whitelist and turned into our AST, with
 * errors that name the problem and its 0-based character position.
 */
import { err, ok } from '../result';
import {
  FORMULA_FUNCTIONS,
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  type ArithmeticOp,
  type CompareOp,
  type FormulaFunction,
  type FormulaNode,
  type FormulaResult,
} from './ast';
import { rewordJsepError, runJsep, SPACE, UNSUPPORTED_BINARY, type JsepExpression, type Spans } from './jsep';

const ARITHMETIC_OPS: ReadonlySet<string> = new Set<ArithmeticOp>(['+', '-', '*', '/', '^']);
const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(['>', '>=', '<', '<=', '==', '!=']);

class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number | null,
  ) {
    super(message);
  }
}

/** User text quoted in an error message, shortened. */
export function clip(text: string): string {
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
