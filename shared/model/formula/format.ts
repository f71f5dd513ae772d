/**
 * A formula's AST back to text (DESIGN D3.1): canonical spacing, parentheses only where the
 * tree needs them, so that parsing the text gives the same tree back.
 */
import type { FormulaNode } from './ast';

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
