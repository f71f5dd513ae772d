import { describe, expect, it } from 'vitest';
import { describeRequirement, metricLookup } from '../../../shared/model/describe';
import { COMPARISON_OPS, OPERATORS, opNeedsValue, opsForKind, opWords, ruleOpNeedsValue, ruleOpsForKind, type ComparisonOp } from '../../../shared/model/operators';
import { ComparisonSchema, type PointsRule } from '../../../shared/model/scenario';
import { METRIC_KINDS } from '../../../shared/model/workspace';

describe('the operator table', () => {
  it('pins every operator: symbol, words, arity, the kinds it is offered for', () => {
    const rows = COMPARISON_OPS.map((op) => {
      const o = OPERATORS[op];
      return [op, o.symbol, o.words, o.wordsOnNumber ?? null, o.arity, o.kinds.join(' '), o.ruleKinds.join(' ')];
    });
    const numeric = 'currency count percent rating date number';
    const all = METRIC_KINDS.join(' ');
    expect(rows).toEqual([
      ['>=', '≥', 'at least', null, 1, numeric, numeric],
      ['>', '>', 'more than', null, 1, numeric, numeric],
      ['<=', '≤', 'at most', null, 1, numeric, numeric],
      ['<', '<', 'less than', null, 1, numeric, numeric],
      ['=', '=', 'exactly', null, 1, numeric, numeric],
      ['!=', '≠', 'not', null, 1, numeric, numeric],
      ['between', 'between', 'between', null, 2, numeric, ''],
      ['in', 'is one of', 'one of', null, 'list', numeric, ''],
      ['isTrue', '', 'is yes', 'is non-zero', 0, 'boolean', all],
      ['isFalse', 'not', 'is no', 'is zero', 0, 'boolean', all],
    ]);
  });

  it('derives the builder lists and words from it', () => {
    expect(opsForKind('currency')).toEqual(['>=', '>', '<=', '<', '=', '!=', 'between', 'in']);
    expect(opsForKind('boolean')).toEqual(['isTrue', 'isFalse']);
    expect(ruleOpsForKind('count')).toEqual(['>=', '>', '<=', '<', '=', '!=', 'isTrue', 'isFalse']);
    expect(ruleOpsForKind('boolean')).toEqual(['isTrue', 'isFalse']);
    expect(opWords('isTrue', 'boolean')).toBe('is yes');
    expect(opWords('isTrue', 'count')).toBe('is non-zero');
    expect(opWords('in', 'count')).toBe('one of');
  });

  it("gives the schema the table's answer to 'does it need value' (the engine: test/shared/engine/operators.test.ts)", () => {
    for (const op of COMPARISON_OPS) {
      const full = { type: 'compare' as const, id: 'c', metric: 'm', op, value: 1, value2: 2, values: [1] };
      const { value: _v, ...noValue } = full;
      expect(ComparisonSchema.safeParse(noValue).success, op).toBe(!opNeedsValue(op));
      expect(ComparisonSchema.safeParse(full).success, op).toBe(true);
    }
  });

  describe('`in`', () => {
    it('takes a list of values (`values`), not `value`', () => {
      expect(OPERATORS.in.arity).toBe('list');
      expect(opNeedsValue('in')).toBe(false);
      expect(ComparisonSchema.safeParse({ type: 'compare', id: 'c', metric: 'm', op: 'in', values: [3, 5] }).success).toBe(true);
      expect(ComparisonSchema.safeParse({ type: 'compare', id: 'c', metric: 'm', op: 'in', value: 3 }).success).toBe(false);
    });

    it('on a fixed points rule (one `value`), reads that value as the one accepted value, as the engine does', () => {
      const rule: PointsRule = { id: 'r', label: 'Five', metric: 'certified', mode: 'fixed', points: 10, op: 'in', value: 5 };
      expect(ruleOpNeedsValue('in')).toBe(true);
      const lookup = metricLookup([{ key: 'certified', label: 'Certified consultants', kind: 'count', unit: null }]);
      expect(describeRequirement({ type: 'points', id: 'p', rules: [rule], min: 10, subMinimums: [] }, lookup)).toBe('10 points (10 for Certified consultants is one of 5)');
    });

    it('is not offered on a points rule, nor is between (which never holds there)', () => {
      for (const kind of METRIC_KINDS) {
        expect(ruleOpsForKind(kind)).not.toContain<ComparisonOp>('in');
        expect(ruleOpsForKind(kind)).not.toContain<ComparisonOp>('between');
      }
    });
  });
});
