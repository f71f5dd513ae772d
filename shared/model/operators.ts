/**
 * The comparison operators of requirements (DESIGN D4), in one table: how each is written
 * in sentences and in the builder, how many values it takes, and on which metric kinds the
 * editor offers it. The scenario schema, the engine's validity checks, the sentences of
 * describe.ts and the requirement builder all read this table; only the evaluators
 * (shared/engine/compile.ts: `holds` and the column loops) switch on the operator itself.
 *
 * Adding an operator: docs/ADDING.md.
 */
import { METRIC_KINDS, type MetricKind } from './workspace';

/** Every operator, in the order the builder lists them. Stored in scenario files: never rename one. */
export const COMPARISON_OPS = ['>=', '>', '<=', '<', '=', '!=', 'between', 'in', 'isTrue', 'isFalse'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/**
 * How many values an operator takes, and in which fields of a comparison:
 * - 0: none ("is yes");
 * - 1: `value` (the threshold);
 * - 2: `value` and `value2` (lower and upper bound, inclusive);
 * - 'list': `values` (the accepted values, at least one).
 */
export type OperatorArity = 0 | 1 | 2 | 'list';

export interface OperatorInfo {
  /** how a sentence writes it between the metric and its value(s): "Sourced ARR ≥ $250,000", "… between 1 and 5", "not Practice" */
  symbol: string;
  /** its words in the builder's operator list ("at least") */
  words: string;
  /** its words on a metric that is not yes / no, where they differ ("is non-zero") */
  wordsOnNumber?: string;
  arity: OperatorArity;
  /** the kinds of metric a comparison offers it for */
  kinds: readonly MetricKind[];
  /** the kinds of metric a fixed points rule's condition offers it for (a rule has one `value`: no 2 or list) */
  ruleKinds: readonly MetricKind[];
}

const ALL_KINDS: readonly MetricKind[] = METRIC_KINDS;
const NOT_BOOLEAN: readonly MetricKind[] = METRIC_KINDS.filter((k) => k !== 'boolean');
const BOOLEAN: readonly MetricKind[] = ['boolean'];
const NONE: readonly MetricKind[] = [];

export const OPERATORS: Readonly<Record<ComparisonOp, OperatorInfo>> = {
  '>=': { symbol: '≥', words: 'at least', arity: 1, kinds: NOT_BOOLEAN, ruleKinds: NOT_BOOLEAN },
  '>': { symbol: '>', words: 'more than', arity: 1, kinds: NOT_BOOLEAN, ruleKinds: NOT_BOOLEAN },
  '<=': { symbol: '≤', words: 'at most', arity: 1, kinds: NOT_BOOLEAN, ruleKinds: NOT_BOOLEAN },
  '<': { symbol: '<', words: 'less than', arity: 1, kinds: NOT_BOOLEAN, ruleKinds: NOT_BOOLEAN },
  '=': { symbol: '=', words: 'exactly', arity: 1, kinds: NOT_BOOLEAN, ruleKinds: NOT_BOOLEAN },
  '!=': { symbol: '≠', words: 'not', arity: 1, kinds: NOT_BOOLEAN, ruleKinds: NOT_BOOLEAN },
  between: { symbol: 'between', words: 'between', arity: 2, kinds: NOT_BOOLEAN, ruleKinds: NONE },
  in: { symbol: 'is one of', words: 'one of', arity: 'list', kinds: NOT_BOOLEAN, ruleKinds: NONE },
  isTrue: { symbol: '', words: 'is yes', wordsOnNumber: 'is non-zero', arity: 0, kinds: BOOLEAN, ruleKinds: ALL_KINDS },
  isFalse: { symbol: 'not', words: 'is no', wordsOnNumber: 'is zero', arity: 0, kinds: BOOLEAN, ruleKinds: ALL_KINDS },
};

/** Whether a comparison with this operator needs `value` (a threshold or a lower bound); `in` takes `values` instead. */
export function opNeedsValue(op: ComparisonOp): boolean {
  const { arity } = OPERATORS[op];
  return arity === 1 || arity === 2;
}

/**
 * Whether a fixed points rule with this operator needs `value`. A rule has only `value`,
 * so every operator that takes values reads it: `in` as the one accepted value, `between`
 * as a lower bound with no upper one (such a rule never earns points: see `ruleOpIsValid`).
 */
export function ruleOpNeedsValue(op: ComparisonOp): boolean {
  return OPERATORS[op].arity !== 0;
}

/** Whether a fixed points rule can hold with this operator (a rule has no upper bound: `between` cannot). */
export function ruleOpIsValid(op: ComparisonOp): boolean {
  return OPERATORS[op].arity !== 2;
}

/** The words of an operator for a metric kind ("is yes" on a flag, "is non-zero" on a number). */
export function opWords(op: ComparisonOp, kind: MetricKind): string {
  const info = OPERATORS[op];
  return kind !== 'boolean' && info.wordsOnNumber !== undefined ? info.wordsOnNumber : info.words;
}

/** The operators a comparison on a metric of this kind offers, in the table's order. */
export function opsForKind(kind: MetricKind): ComparisonOp[] {
  return COMPARISON_OPS.filter((op) => OPERATORS[op].kinds.includes(kind));
}

/** The operators a fixed points rule's condition on a metric of this kind offers. */
export function ruleOpsForKind(kind: MetricKind): ComparisonOp[] {
  return COMPARISON_OPS.filter((op) => OPERATORS[op].ruleKinds.includes(kind));
}
