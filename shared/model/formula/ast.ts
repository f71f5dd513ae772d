/**
 * The formula model (DESIGN D3.1): the AST of a derived metric's formula, the limits on its
 * text and depth, the functions and their arities, and the metric keys a tree reads.
 */
import type { Result } from '../result';

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
