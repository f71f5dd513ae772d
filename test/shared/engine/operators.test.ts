import { describe, expect, it } from 'vitest';
import { comparisonIsValid, rulePoints, ruleIsValid } from '../../../shared/engine/compile';
import { COMPARISON_OPS, opNeedsValue, ruleOpNeedsValue } from '../../../shared/model/operators';
import type { Comparison, PointsRule } from '../../../shared/model/scenario';

describe('the engine reads the operator table (shared/model/operators.ts)', () => {
  it('a comparison without `value` is invalid exactly when the table says it needs one', () => {
    for (const op of COMPARISON_OPS) {
      const full: Comparison = { type: 'compare', id: 'c', metric: 'm', op, value: 1, value2: 2, values: [1] };
      const { value: _v, ...noValue } = full;
      expect(comparisonIsValid(full), op).toBe(true);
      expect(comparisonIsValid(noValue), op).toBe(!opNeedsValue(op));
    }
  });

  it('`in` takes `values`: a value alone does not make it valid', () => {
    expect(comparisonIsValid({ type: 'compare', id: 'c', metric: 'm', op: 'in', values: [3, 5] })).toBe(true);
    expect(comparisonIsValid({ type: 'compare', id: 'c', metric: 'm', op: 'in', value: 3 })).toBe(false);
    expect(comparisonIsValid({ type: 'compare', id: 'c', metric: 'm', op: 'in', values: [] })).toBe(false);
  });

  it('a fixed rule needs `value` exactly when the table says so; `in` reads it as the one accepted value; `between` never holds', () => {
    for (const op of COMPARISON_OPS) {
      const rule: PointsRule = { id: 'r', label: 'R', metric: 'm', mode: 'fixed', points: 10, op, value: 5 };
      const { value: _v, ...noValue } = rule;
      expect(ruleIsValid(rule), op).toBe(op !== 'between');
      expect(ruleIsValid(noValue), op).toBe(op !== 'between' && !ruleOpNeedsValue(op));
    }
    const oneOf: PointsRule = { id: 'r', label: 'R', metric: 'm', mode: 'fixed', points: 10, op: 'in', value: 5 };
    expect(rulePoints(oneOf, 5)).toBe(10);
    expect(rulePoints(oneOf, 4)).toBe(0);
  });
});
