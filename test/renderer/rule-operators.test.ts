import { describe, expect, it } from 'vitest';
import { changeRuleOp } from '../../renderer/src/lib/requirement-edit';
import type { PointsRule } from '../../shared/model/scenario';

describe("a fixed rule's operator (shared/model/operators.ts)", () => {
  const rule: PointsRule = { id: 'r', label: 'R', metric: 'm', mode: 'fixed', points: 10, op: '>=', value: 5 };

  it('keeps the value for an operator that takes one, drops it for is yes / is no', () => {
    expect(changeRuleOp(rule, '<', 'count')).toEqual({ ...rule, op: '<' });
    expect(changeRuleOp(rule, 'isTrue', 'count')).toEqual({ id: 'r', label: 'R', metric: 'm', mode: 'fixed', points: 10, op: 'isTrue' });
  });

  it('keeps the value for `in` (the engine reads a rule\'s one value as its accepted value)', () => {
    expect(changeRuleOp(rule, 'in', 'count')).toEqual({ ...rule, op: 'in' });
  });
});
