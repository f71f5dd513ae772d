/**
 * Derived metrics (DESIGN D3.1): a formula over other metrics of the same partner, e.g.
 * ARR growth % = `(arr_cy - arr_py) / arr_py`.
 *
 * The text is parsed by jsep into a JavaScript-like tree, checked node by node against a
 * small whitelist, and turned into our own {@link FormulaNode} AST. Nothing the user types
 * is ever executed: the evaluator (evaluateFormula in shared/engine/formula-eval.ts, reached
 * through shared/engine) is a column-at-a-time interpreter over that AST (one tight loop per
 * node over blocks of Float64Array columns), never `eval`/`new Function`.
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
 *
 * This file is the formula model's entrance; its parts live beside it: ast.ts (the tree,
 * limits, functions, references), jsep.ts and parse.ts (text to tree), format.ts (tree to
 * text) and derived.ts (checking and ordering a scenario's derived metrics).
 */
export {
  FORMULA_FUNCTIONS,
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  formulaRefs,
  type ArithmeticOp,
  type CompareOp,
  type FormulaFunction,
  type FormulaNode,
  type FormulaProblem,
  type FormulaResult,
  type ParsedFormula,
} from './ast';
export { parseFormula } from './parse';
export { formatFormula } from './format';
export { orderDerived, type DerivedDef, type DerivedError } from './derived';
