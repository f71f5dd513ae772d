// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dateToDays } from '../../shared/model/dataset';
import { RequirementSchema, type Comparison, type PointsLeaf, type Requirement } from '../../shared/model/scenario';
import type { MetricDef } from '../../shared/model/workspace';
import { RequirementBuilder } from '../../renderer/src/features/scenarios/editor/RequirementBuilder';
import {
  addSubMinimum,
  changeComparisonMetric,
  changeComparisonOp,
  changeRuleMode,
  collectIds,
  createIdGenerator,
  insertAt,
  moveAt,
  newComparison,
  newGroup,
  newPointsLeaf,
  newPointsRule,
  nodeAt,
  removeAt,
  removePointsRule,
  replaceAt,
  setGroupType,
  toggleGroupType,
  wrapInGroup,
} from '../../renderer/src/lib/requirement-edit';
import { formatThreshold, formatValueList, parseBounded, parseThreshold, parseValueList } from '../../renderer/src/lib/threshold-text';
import { opsForKind } from '../../shared/model/operators';

const metrics: MetricDef[] = [
  { key: 'sourced_arr', label: 'Sourced ARR', kind: 'currency', unit: 'USD' },
  { key: 'win_rate', label: 'Win rate', kind: 'percent', unit: null },
  { key: 'active_sellers', label: 'Active sellers', kind: 'count', unit: null },
  { key: 'dedicated_practice', label: 'Dedicated practice', kind: 'boolean', unit: null },
  { key: 'csat', label: 'CSAT', kind: 'rating', unit: null },
  { key: 'joined', label: 'Joined', kind: 'date', unit: null },
];

const cmp = (id: string, metric: string, op: Comparison['op'], extra: Partial<Comparison> = {}): Comparison => ({ type: 'compare', id, metric, op, ...extra });

function expectValid(r: Requirement | null): void {
  if (r === null) return;
  const parsed = RequirementSchema.safeParse(r);
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
}

/** Every id in a tree, with repeats (to check uniqueness). */
function allIds(r: Requirement | null): string[] {
  if (!r) return [];
  if (r.type === 'compare') return [r.id];
  if (r.type === 'points') return [r.id, ...r.rules.map((x) => x.id)];
  return [r.id, ...r.items.flatMap(allIds)];
}

/** The builder with its value kept in state, as a screen would; every change is recorded and checked against the schema. */
function setup(initial: Requirement | null, usedIds: ReadonlySet<string> = new Set(allIds(initial)), withMetrics: readonly MetricDef[] = metrics) {
  const onChange = vi.fn<(next: Requirement | null) => void>();
  function Harness() {
    const [value, setValue] = useState<Requirement | null>(initial);
    return (
      <RequirementBuilder
        value={value}
        onChange={(next) => {
          expectValid(next);
          onChange(next);
          setValue(next);
        }}
        metrics={withMetrics}
        usedIds={usedIds}
        label="Gold requirements"
        emptyText="No requirements: every partner on the ladder qualifies"
      />
    );
  }
  render(<Harness />);
  const last = (): Requirement | null => {
    const call = onChange.mock.calls.at(-1);
    if (!call) throw new Error('onChange was not called');
    return call[0];
  };
  return { onChange, last };
}

const combo = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;
const box = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;
const button = (name: string) => screen.getByRole('button', { name });
const type = (name: string, text: string) => fireEvent.change(box(name), { target: { value: text } });
const pick = (name: string, value: string) => fireEvent.change(combo(name), { target: { value } });
const optionTexts = (select: HTMLSelectElement) => [...select.options].map((o) => o.textContent);

afterEach(() => {
  cleanup();
});

// ---------------------------------------------------------------------------------------
// The pure helpers

describe('requirement-edit: thresholds as typed', () => {
  it('reads currency as 50000, 50,000, $50K, 1.2M', () => {
    for (const text of ['50000', '50,000', '$50K', '$50k', ' $ 50,000 ', '50K']) expect(parseThreshold('currency', text)).toEqual({ ok: true, value: 50_000 });
    expect(parseThreshold('currency', '1.2M')).toEqual({ ok: true, value: 1_200_000 });
    expect(parseThreshold('currency', '$2.5b')).toEqual({ ok: true, value: 2_500_000_000 });
    expect(parseThreshold('currency', '99.50')).toEqual({ ok: true, value: 99.5 });
    expect(parseThreshold('currency', '-$5')).toEqual({ ok: true, value: -5 });
    for (const text of ['', 'abc', '50,00', '$', '5e3', '1..2', '50K%']) {
      expect(parseThreshold('currency', text)).toEqual({ ok: false, error: 'Type a number, e.g. 50000 or $50K' });
    }
  });

  it("reads an amount in its metric's currency: its own symbol or code, not another's", () => {
    for (const text of ['€50K', '50K €', '50,000', 'EUR 50k', '50K']) expect(parseThreshold('currency', text, 'EUR')).toEqual({ ok: true, value: 50_000 });
    expect(parseThreshold('currency', '€2,5M', 'EUR')).toEqual({ ok: true, value: 2_500_000 });
    expect(parseThreshold('currency', '1.5M', 'GBP')).toEqual({ ok: true, value: 1_500_000 });
    expect(parseThreshold('currency', '$50K', 'EUR')).toEqual({ ok: false, error: 'Amounts here are in EUR (€): type 50000 or €50K' });
    expect(parseThreshold('currency', '€50K')).toEqual({ ok: false, error: 'Amounts here are in USD ($): type 50000 or $50K' });
    expect(parseThreshold('currency', 'abc', 'EUR')).toEqual({ ok: false, error: 'Type a number, e.g. 50000 or €50K' });
    expect(parseValueList('currency', '€50K; €75K', 'EUR')).toEqual({ ok: true, value: [50_000, 75_000] });
    expect(parseBounded('currency', '€10K', { positive: true }, 'EUR')).toEqual({ ok: true, value: 10_000 });
  });

  it('reads percentages as fractions: 80 and 80% are 0.8', () => {
    expect(parseThreshold('percent', '80')).toEqual({ ok: true, value: 0.8 });
    expect(parseThreshold('percent', '80%')).toEqual({ ok: true, value: 0.8 });
    expect(parseThreshold('percent', ' 12.5 % ')).toEqual({ ok: true, value: 0.125 });
    expect(parseThreshold('percent', '7')).toEqual({ ok: true, value: 0.07 });
    expect(parseThreshold('percent', 'eighty').ok).toBe(false);
    expect(formatThreshold('percent', 0.8)).toBe('80');
    expect(formatThreshold('percent', 0.07)).toBe('7');
    expect(formatThreshold('percent', 0.125)).toBe('12.5');
  });

  it('counts are whole numbers; ratings and numbers take decimals', () => {
    expect(parseThreshold('count', '3')).toEqual({ ok: true, value: 3 });
    expect(parseThreshold('count', '1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseThreshold('count', '1.5K')).toEqual({ ok: true, value: 1500 });
    const half = parseThreshold('count', '3.5');
    expect(half.ok).toBe(false);
    if (!half.ok) expect(half.error).toMatch(/whole number/);
    expect(parseThreshold('rating', '4.5')).toEqual({ ok: true, value: 4.5 });
    expect(parseThreshold('rating', '.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseThreshold('number', '-2.25')).toEqual({ ok: true, value: -2.25 });
  });

  it('dates are yyyy-mm-dd as day numbers; impossible dates are refused', () => {
    expect(parseThreshold('date', '2025-06-30')).toEqual({ ok: true, value: dateToDays('2025-06-30') });
    expect(formatThreshold('date', dateToDays('2025-06-30'))).toBe('2025-06-30');
    expect(parseThreshold('date', '2025-02-30').ok).toBe(false);
    expect(parseThreshold('date', '30/06/2025').ok).toBe(false);
    expect(parseThreshold('boolean', 'Yes')).toEqual({ ok: true, value: 1 });
    expect(parseThreshold('boolean', 'no')).toEqual({ ok: true, value: 0 });
  });

  it('formats stored values back into text that reads the same', () => {
    const cases: [Parameters<typeof formatThreshold>[0], number, string][] = [
      ['currency', 250_000, '250,000'],
      ['currency', 99.5, '99.5'],
      ['count', 1200, '1,200'],
      ['rating', 4.25, '4.25'],
      ['number', 12345.5, '12,345.5'],
      ['percent', 0.333, '33.3'],
    ];
    for (const [kind, value, text] of cases) {
      expect(formatThreshold(kind, value)).toBe(text);
      expect(parseThreshold(kind, text)).toEqual({ ok: true, value });
    }
    expect(formatThreshold('currency', undefined)).toBe('');
  });

  it('bounds: minimums, positive units, optional fields', () => {
    expect(parseBounded('number', '-5', { min: 0 })).toEqual({ ok: false, error: 'Must be 0 or more' });
    expect(parseBounded('number', '0', { positive: true })).toEqual({ ok: false, error: 'Must be more than 0' });
    expect(parseBounded('number', '', { optional: true })).toEqual({ ok: true, value: undefined });
    expect(parseBounded('number', '', { min: 0 }).ok).toBe(false);
    expect(parseBounded('number', '2e9', { max: 1e9 }).ok).toBe(false);
  });

  it('lists for "one of": commas and spaces, semicolons, or bare commas', () => {
    expect(parseValueList('count', '1, 2, 5')).toEqual({ ok: true, value: [1, 2, 5] });
    expect(parseValueList('count', '1,2,3')).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parseValueList('currency', '$50,000, $75K')).toEqual({ ok: true, value: [50_000, 75_000] });
    expect(parseValueList('currency', '$50,000; 1.2M')).toEqual({ ok: true, value: [50_000, 1_200_000] });
    expect(parseValueList('count', '1, 1, 2')).toEqual({ ok: true, value: [1, 2] });
    expect(parseValueList('count', '').ok).toBe(false);
    const bad = parseValueList('count', '1, x');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/"x"/);
    expect(formatValueList('currency', [50_000, 75_000])).toBe('50,000, 75,000');
    expect(parseValueList('currency', formatValueList('currency', [50_000, 75_000]))).toEqual({ ok: true, value: [50_000, 75_000] });
  });
});

describe('requirement-edit: nodes and paths', () => {
  const tree = (): Requirement =>
    newGroup('all', 'g', [cmp('a', 'sourced_arr', '>=', { value: 1000 }), newGroup('any', 'h', [cmp('b', 'dedicated_practice', 'isTrue'), cmp('c', 'csat', '>=', { value: 4 })]), cmp('d', 'win_rate', '>', { value: 0.5 })]);

  it('new nodes have sensible defaults per metric kind and pass the schema', () => {
    expect(newComparison({ key: 'dedicated_practice', kind: 'boolean' }, 'c1')).toEqual(cmp('c1', 'dedicated_practice', 'isTrue'));
    expect(newComparison({ key: 'sourced_arr', kind: 'currency' }, 'c2')).toEqual(cmp('c2', 'sourced_arr', '>=', { value: 100_000 }));
    expect(newComparison({ key: 'win_rate', kind: 'percent' }, 'c3').value).toBe(0.5);
    expect(newComparison({ key: 'joined', kind: 'date' }, 'c4', Date.UTC(2025, 5, 30)).value).toBe(dateToDays('2025-06-30'));
    const leaf = newPointsLeaf({ key: 'sourced_arr', kind: 'currency', label: 'Sourced ARR' }, 'p1', 'r1');
    expect(leaf.rules).toEqual([{ id: 'r1', label: 'Sourced ARR', metric: 'sourced_arr', mode: 'perUnit', points: 1, per: 1000 }]);
    expect(newPointsRule({ key: 'dedicated_practice', kind: 'boolean', label: 'Dedicated practice' }, 'r2')).toMatchObject({ mode: 'fixed', op: 'isTrue', points: 100 });
    for (const node of [leaf, newGroup('any', 'g1'), newComparison({ key: 'csat', kind: 'rating' }, 'c5')]) expectValid(node);
  });

  it('operators per kind: flags get is yes / is no only', () => {
    expect(opsForKind('boolean')).toEqual(['isTrue', 'isFalse']);
    expect(opsForKind('currency')).toEqual(['>=', '>', '<=', '<', '=', '!=', 'between', 'in']);
  });

  it('changing the operator or the metric keeps what still makes sense', () => {
    const c = cmp('a', 'sourced_arr', '>=', { value: 5000 });
    expect(changeComparisonOp(c, 'between', 'currency')).toEqual(cmp('a', 'sourced_arr', 'between', { value: 5000, value2: 5000 }));
    expect(changeComparisonOp(c, 'in', 'currency')).toEqual(cmp('a', 'sourced_arr', 'in', { values: [5000] }));
    expect(changeComparisonOp(cmp('a', 'sourced_arr', 'in', { values: [7, 9] }), '<', 'currency')).toEqual(cmp('a', 'sourced_arr', '<', { value: 7 }));
    expect(changeComparisonMetric(c, 'currency', { key: 'other_arr', kind: 'currency' })).toEqual(cmp('a', 'other_arr', '>=', { value: 5000 }));
    expect(changeComparisonMetric(c, 'currency', { key: 'dedicated_practice', kind: 'boolean' })).toEqual(cmp('a', 'dedicated_practice', 'isTrue'));
  });

  it('replace, insert, move and switch copy only the path and never touch the input', () => {
    const before = tree();
    const snapshot = JSON.stringify(before);
    const replaced = replaceAt(before, [1, 0], cmp('b', 'dedicated_practice', 'isFalse'));
    expect(nodeAt(replaced, [1, 0])).toEqual(cmp('b', 'dedicated_practice', 'isFalse'));
    expect(nodeAt(replaced, [0])).toBe(nodeAt(before, [0]));
    expect(JSON.stringify(before)).toBe(snapshot);

    const moved = moveAt(before, [2], -1);
    expect(allIds(moved)).toEqual(['g', 'a', 'd', 'h', 'b', 'c']);
    expect(moveAt(before, [0], -1)).toEqual(before);
    expect(allIds(moveAt(before, [1, 0], 5))).toEqual(['g', 'a', 'h', 'c', 'b', 'd']);

    expect(nodeAt(insertAt(before, [1], cmp('e', 'csat', '<', { value: 2 })), [1, 2])?.id).toBe('e');
    expect(nodeAt(insertAt(before, [], cmp('e', 'csat', '<', { value: 2 }), 0), [0])?.id).toBe('e');

    expect(nodeAt(toggleGroupType(before, [1]), [1])?.type).toBe('all');
    expect(setGroupType(before, [], 'any').type).toBe('any');
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(replaceAt(before, [7, 7], cmp('z', 'csat', '>', { value: 1 }))).toBe(before);
  });

  it('remove: the root, or the last thing under it, leaves no requirement; a group left empty goes too (an empty group means nothing)', () => {
    const before = tree();
    expect(allIds(removeAt(before, [1, 1]))).toEqual(['g', 'a', 'h', 'b', 'd']);
    expect(removeAt(before, [])).toBeNull();
    const single = newGroup('all', 'g', [cmp('a', 'csat', '>=', { value: 4 })]);
    expect(removeAt(single, [0])).toBeNull();
    const nested = newGroup('all', 'g', [newGroup('any', 'h', [cmp('a', 'csat', '>=', { value: 4 })])]);
    expect(removeAt(nested, [0, 0])).toBeNull();
    const beside = newGroup('all', 'g', [newGroup('any', 'h', [cmp('a', 'csat', '>=', { value: 4 })]), cmp('b', 'csat', '<', { value: 9 })]);
    expect(removeAt(beside, [0, 0])).toEqual(newGroup('all', 'g', [cmp('b', 'csat', '<', { value: 9 })]));
  });

  it('wraps a leaf in a group', () => {
    const wrapped = wrapInGroup(tree(), [0], 'any', 'w');
    expect(nodeAt(wrapped, [0])).toEqual(newGroup('any', 'w', [cmp('a', 'sourced_arr', '>=', { value: 1000 })]));
    expectValid(wrapped);
  });

  it('fresh ids are unique within the scenario and among themselves', () => {
    const used = collectIds(tree(), new Set(['cond-1', 'rule-1']));
    const gen = createIdGenerator(used);
    const made = [gen('cond'), gen('cond'), gen('group'), gen('rule'), gen('bad id!')];
    expect(made).toEqual(['cond-2', 'cond-3', 'group-1', 'rule-2', 'req-1']);
    for (const id of made) expect(used.has(id)).toBe(false);
  });

  it('removing a points rule removes it from the sub-minimums (and an emptied sub-minimum)', () => {
    let leaf: PointsLeaf = newPointsLeaf({ key: 'sourced_arr', kind: 'currency', label: 'Sourced ARR' }, 'p', 'r1');
    leaf = { ...leaf, rules: [...leaf.rules, newPointsRule({ key: 'csat', kind: 'rating', label: 'CSAT' }, 'r2')] };
    leaf = addSubMinimum(leaf);
    leaf = { ...leaf, subMinimums: [...leaf.subMinimums, { rules: ['r1', 'r2'], min: 10 }] };
    const after = removePointsRule(leaf, 'r1');
    expect(after.rules.map((r) => r.id)).toEqual(['r2']);
    expect(after.subMinimums).toEqual([{ rules: ['r2'], min: 10 }]);
    expect(removePointsRule(after, 'r2')).toBe(after);
    expect(changeRuleMode(after.rules[0]!, 'fixed', 'rating')).toMatchObject({ mode: 'fixed', op: '>=', value: 4 });
  });
});

// ---------------------------------------------------------------------------------------
// The component

describe('RequirementBuilder', () => {
  it('builds a requirement from nothing: add condition, pick metric, operator, threshold', () => {
    const { onChange, last } = setup(null);
    expect(screen.getByText('No requirements: every partner on the ladder qualifies')).toBeTruthy();
    fireEvent.click(button('Add condition'));
    expect(last()).toEqual(newGroup('all', 'group-1', [cmp('cond-1', 'active_sellers', '>=', { value: 1 })]));
    // metrics are listed by label and the new condition's metric select has the focus
    const metric = combo('Metric for condition 1');
    expect(optionTexts(metric)).toEqual(['Active sellers', 'CSAT', 'Dedicated practice', 'Joined', 'Sourced ARR', 'Win rate']);
    expect(document.activeElement).toBe(metric);

    pick('Metric for condition 1', 'sourced_arr');
    expect(last()).toEqual(newGroup('all', 'group-1', [cmp('cond-1', 'sourced_arr', '>=', { value: 100_000 })]));
    expect(optionTexts(combo('Operator for Sourced ARR'))).toEqual(['at least', 'more than', 'at most', 'less than', 'exactly', 'not', 'between', 'one of']);
    pick('Operator for Sourced ARR', '>');
    type('Threshold for Sourced ARR', '$50K');
    expect(last()).toEqual(newGroup('all', 'group-1', [cmp('cond-1', 'sourced_arr', '>', { value: 50_000 })]));
    expect(box('Threshold for Sourced ARR').value).toBe('$50K');
    expect(screen.getAllByText('Sourced ARR > $50,000').length).toBeGreaterThan(0);
    // leaving the field shows the stored value in the input's own format
    fireEvent.blur(box('Threshold for Sourced ARR'));
    expect(box('Threshold for Sourced ARR').value).toBe('50,000');
    expect(onChange).toHaveBeenCalledTimes(4);
  });

  it('an invalid threshold keeps the text, shows the problem and reports nothing until fixed', () => {
    const { onChange, last } = setup(newGroup('all', 'g', [cmp('c', 'sourced_arr', '>=', { value: 250_000 })]));
    expect(box('Threshold for Sourced ARR').value).toBe('250,000');
    type('Threshold for Sourced ARR', 'abc');
    const input = box('Threshold for Sourced ARR');
    expect(input.value).toBe('abc');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Type a number, e.g. 50000 or $50K');
    expect(input.getAttribute('aria-describedby')).toBe(alert.id);
    fireEvent.blur(input);
    expect(box('Threshold for Sourced ARR').value).toBe('abc');
    type('Threshold for Sourced ARR', '');
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();

    type('Threshold for Sourced ARR', '75,000');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', '>=', { value: 75_000 })]));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(box('Threshold for Sourced ARR').getAttribute('aria-invalid')).toBeNull();
  });

  it('percent thresholds: 80 is stored as 0.8; counts refuse decimals', () => {
    const { onChange, last } = setup(newGroup('all', 'g', [cmp('c', 'win_rate', '>=', { value: 0.5 }), cmp('d', 'active_sellers', '>=', { value: 2 })]));
    expect(box('Threshold for Win rate').value).toBe('50');
    type('Threshold for Win rate', '80');
    expect((last() as { items: Requirement[] }).items[0]).toEqual(cmp('c', 'win_rate', '>=', { value: 0.8 }));
    type('Threshold for Win rate', '85%');
    expect((last() as { items: Requirement[] }).items[0]).toEqual(cmp('c', 'win_rate', '>=', { value: 0.85 }));
    const calls = onChange.mock.calls.length;
    type('Threshold for Active sellers', '3.5');
    expect(box('Threshold for Active sellers').getAttribute('aria-invalid')).toBe('true');
    expect(onChange).toHaveBeenCalledTimes(calls);
  });

  it('between: two bounds; a lower bound above the upper one is refused', () => {
    const { onChange, last } = setup(newGroup('all', 'g', [cmp('c', 'sourced_arr', '>=', { value: 1000 })]));
    pick('Operator for Sourced ARR', 'between');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', 'between', { value: 1000, value2: 1000 })]));
    type('Upper bound for Sourced ARR', '$5K');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', 'between', { value: 1000, value2: 5000 })]));
    const calls = onChange.mock.calls.length;

    type('Lower bound for Sourced ARR', '10K');
    expect(screen.getByRole('alert').textContent).toBe('The lower bound is above the upper bound');
    expect(box('Lower bound for Sourced ARR').getAttribute('aria-invalid')).toBe('true');
    expect(box('Upper bound for Sourced ARR').getAttribute('aria-invalid')).toBe('true');
    expect(onChange).toHaveBeenCalledTimes(calls);

    type('Upper bound for Sourced ARR', '20K');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', 'between', { value: 10_000, value2: 20_000 })]));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('one of: a comma-separated list', () => {
    const { last } = setup(newGroup('all', 'g', [cmp('c', 'active_sellers', '>=', { value: 2 })]));
    pick('Operator for Active sellers', 'in');
    expect(box('Values for Active sellers').value).toBe('2');
    type('Values for Active sellers', '1, 2, 5');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'active_sellers', 'in', { values: [1, 2, 5] })]));
    type('Values for Active sellers', '1, two');
    expect(box('Values for Active sellers').getAttribute('aria-invalid')).toBe('true');
  });

  it('flags offer only is yes / is no and need no threshold', () => {
    const { last } = setup(newGroup('all', 'g', [cmp('c', 'csat', '>=', { value: 4 })]));
    pick('Metric for condition 1', 'dedicated_practice');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'dedicated_practice', 'isTrue')]));
    expect(optionTexts(combo('Operator for Dedicated practice'))).toEqual(['is yes', 'is no']);
    expect(screen.queryByRole('textbox', { name: /Threshold/ })).toBeNull();
    pick('Operator for Dedicated practice', 'isFalse');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'dedicated_practice', 'isFalse')]));
    expect(screen.getAllByText('not Dedicated practice').length).toBeGreaterThan(0);
  });

  it('dates are typed as yyyy-mm-dd', () => {
    const { last } = setup(newGroup('all', 'g', [cmp('c', 'joined', '<', { value: dateToDays('2024-01-01') })]));
    expect(box('Threshold for Joined').value).toBe('2024-01-01');
    type('Threshold for Joined', '2023-07-01');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'joined', '<', { value: dateToDays('2023-07-01') })]));
    type('Threshold for Joined', '2023-02-30');
    expect(box('Threshold for Joined').getAttribute('aria-invalid')).toBe('true');
  });

  it('switches all ↔ any', () => {
    const { last } = setup(newGroup('all', 'g', [cmp('a', 'csat', '>=', { value: 4 }), cmp('b', 'dedicated_practice', 'isTrue')]));
    const select = combo('Match all or any for Gold requirements');
    expect(optionTexts(select)).toEqual(['all of', 'any of']);
    pick('Match all or any for Gold requirements', 'any');
    expect(last()).toEqual(newGroup('any', 'g', [cmp('a', 'csat', '>=', { value: 4 }), cmp('b', 'dedicated_practice', 'isTrue')]));
    expect(screen.getAllByText('CSAT ≥ 4.0 or Dedicated practice').length).toBeGreaterThan(0);
  });

  it('adds, moves and removes children; removing the last one leaves no requirement', () => {
    const a = cmp('a', 'sourced_arr', '>=', { value: 1000 });
    const b = cmp('b', 'active_sellers', '>=', { value: 3 });
    const { last } = setup(newGroup('all', 'g', [a, b]));
    expect((button('Move condition on Sourced ARR up') as HTMLButtonElement).disabled).toBe(true);
    expect((button('Move condition on Active sellers down') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(button('Move condition on Active sellers up'));
    expect(last()).toEqual(newGroup('all', 'g', [b, a]));
    expect(document.activeElement).toBe(button('Move condition on Active sellers down'));
    fireEvent.click(button('Move condition on Active sellers down'));
    expect(last()).toEqual(newGroup('all', 'g', [a, b]));

    // a nested group: the opposite of its parent, with a condition on a metric not used yet
    fireEvent.click(button('Add group'));
    const withGroup = last();
    expect(withGroup).toEqual(newGroup('all', 'g', [a, b, newGroup('any', 'group-1', [cmp('cond-1', 'csat', '>=', { value: 4 })])]));
    expect(screen.getByRole('group', { name: 'group 3' })).toBeTruthy();
    fireEvent.click(button('Add condition to group 3'));
    expect(nodeAt(last(), [2])).toEqual(newGroup('any', 'group-1', [cmp('cond-1', 'csat', '>=', { value: 4 }), cmp('cond-2', 'active_sellers', '>=', { value: 1 })]));
    pick('Match all or any for group 3', 'all');
    expect(nodeAt(last(), [2])?.type).toBe('all');
    fireEvent.click(button('Remove group 3'));
    expect(last()).toEqual(newGroup('all', 'g', [a, b]));

    // put a leaf in a group of its own
    fireEvent.click(button('Put condition on Sourced ARR in an "any of" group'));
    expect(last()).toEqual(newGroup('all', 'g', [newGroup('any', 'group-1', [a]), b]));
    fireEvent.click(button('Remove group 1'));
    expect(last()).toEqual(newGroup('all', 'g', [b]));
    fireEvent.click(button('Remove condition on Active sellers'));
    expect(last()).toBeNull();
    expect(screen.getByText('No requirements: every partner on the ladder qualifies')).toBeTruthy();
    expect(document.activeElement).toBe(button('Add condition'));
  });

  it('a requirement that is one leaf: remove it, or grow it into a group', () => {
    const leaf = cmp('solo', 'csat', '>=', { value: 4 });
    const { last } = setup(leaf);
    fireEvent.click(button('Add condition'));
    expect(last()).toEqual(newGroup('all', 'group-1', [leaf, cmp('cond-1', 'active_sellers', '>=', { value: 1 })]));
    cleanup();
    const second = setup(leaf);
    fireEvent.click(button('Remove condition on CSAT'));
    expect(second.last()).toBeNull();
  });

  it('edits a points leaf: minimum, rules, modes, caps and sub-minimums', () => {
    const { onChange, last } = setup(null);
    fireEvent.click(button('Add points rule'));
    const leafOf = (): PointsLeaf => {
      const node = nodeAt(last(), [0]);
      if (node?.type !== 'points') throw new Error('not a points leaf');
      return node;
    };
    expect(last()).toEqual(newGroup('all', 'group-1', [newPointsLeaf({ key: 'active_sellers', kind: 'count', label: 'Active sellers' }, 'points-1', 'rule-1')]));
    expect(document.activeElement).toBe(box('Minimum points for points requirement 1'));

    type('Minimum points for points requirement 1', '300');
    expect(leafOf().min).toBe(300);
    let calls = onChange.mock.calls.length;
    type('Minimum points for points requirement 1', '-5');
    expect(screen.getByRole('alert').textContent).toBe('Must be 0 or more');
    expect(onChange).toHaveBeenCalledTimes(calls);
    type('Minimum points for points requirement 1', '250');
    expect(leafOf().min).toBe(250);

    // rule 1: points per $1,000 of Sourced ARR, capped
    pick('Metric of Active sellers', 'sourced_arr');
    expect(leafOf().rules[0]).toEqual({ id: 'rule-1', label: 'Sourced ARR', metric: 'sourced_arr', mode: 'perUnit', points: 1, per: 1000 });
    type('Points of Sourced ARR', '5');
    type('Unit of Sourced ARR for Sourced ARR', '$10K');
    type('Cap of Sourced ARR', '200');
    expect(leafOf().rules[0]).toEqual({ id: 'rule-1', label: 'Sourced ARR', metric: 'sourced_arr', mode: 'perUnit', points: 5, per: 10_000, cap: 200 });
    type('Cap of Sourced ARR', '');
    expect(leafOf().rules[0]?.cap).toBeUndefined();
    type('Label of rule 1', 'Sourced revenue');
    expect(leafOf().rules[0]?.label).toBe('Sourced revenue');
    calls = onChange.mock.calls.length;
    type('Label of rule 1', '   ');
    expect(screen.getByRole('alert').textContent).toBe('A label is required');
    expect(onChange).toHaveBeenCalledTimes(calls);
    type('Label of rule 1', 'Sourced');

    // rule 2: a fixed award on a flag
    fireEvent.click(button('Add rule to points requirement 1'));
    expect(leafOf().rules[1]).toEqual({ id: 'rule-2', label: 'Active sellers', metric: 'active_sellers', mode: 'perUnit', points: 1, per: 1 });
    pick('Metric of Active sellers', 'dedicated_practice');
    expect(leafOf().rules[1]).toEqual({ id: 'rule-2', label: 'Dedicated practice', metric: 'dedicated_practice', mode: 'fixed', points: 1, op: 'isTrue' });
    expect(optionTexts(combo('Condition of Dedicated practice'))).toEqual(['is yes', 'is no']);
    type('Points of Dedicated practice', '100');

    // rule 3: a fixed award on a threshold
    fireEvent.click(button('Add rule to points requirement 1'));
    pick('Mode of Active sellers', 'fixed');
    expect(leafOf().rules[2]).toEqual({ id: 'rule-3', label: 'Active sellers', metric: 'active_sellers', mode: 'fixed', points: 1, op: '>=', value: 1 });
    type('Threshold of Active sellers', '5');
    expect(leafOf().rules[2]?.value).toBe(5);

    // a sub-minimum over rules 1 and 2
    fireEvent.click(button('Add sub-minimum to points requirement 1'));
    expect(leafOf().subMinimums).toEqual([{ rules: ['rule-1'], min: 0 }]);
    const only = screen.getByRole('checkbox', { name: 'Sourced counts toward sub-minimum 1' }) as HTMLInputElement;
    expect(only.checked).toBe(true);
    expect(only.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Dedicated practice counts toward sub-minimum 1' }));
    type('Minimum points of sub-minimum 1', '150');
    type('Label of sub-minimum 1', 'sourced or certified');
    expect(leafOf().subMinimums).toEqual([{ rules: ['rule-1', 'rule-2'], min: 150, label: 'sourced or certified' }]);
    expect(screen.getAllByText(/250 points, at least 150 of them sourced or certified/).length).toBeGreaterThan(0);

    // removing a rule takes it out of the sub-minimum too
    fireEvent.click(button('Remove rule Sourced'));
    expect(leafOf().rules.map((r) => r.id)).toEqual(['rule-2', 'rule-3']);
    expect(leafOf().subMinimums).toEqual([{ rules: ['rule-2'], min: 150, label: 'sourced or certified' }]);
    fireEvent.click(button('Remove sub-minimum 1'));
    expect(leafOf().subMinimums).toEqual([]);
    fireEvent.click(button('Remove rule Active sellers'));
    expect((button('Remove rule Dedicated practice') as HTMLButtonElement).disabled).toBe(true);

    for (const [next] of onChange.mock.calls) {
      expectValid(next);
      expect(new Set(allIds(next)).size).toBe(allIds(next).length);
    }
  });

  it('new ids avoid every id of the scenario and never repeat', () => {
    const used = new Set(['group-1', 'cond-1', 'cond-2', 'rule-1', 'points-1']);
    const { onChange, last } = setup(null, used);
    fireEvent.click(button('Add condition'));
    expect(last()).toEqual(newGroup('all', 'group-2', [cmp('cond-3', 'active_sellers', '>=', { value: 1 })]));
    fireEvent.click(button('Add condition'));
    fireEvent.click(button('Add group'));
    fireEvent.click(button('Add points'));
    fireEvent.click(button('Add condition to group 3'));
    fireEvent.click(button('Add rule to points requirement 4'));
    const ids = allIds(last());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(used.has(id)).toBe(false);
    expect(ids).toHaveLength(9);
    for (const [next] of onChange.mock.calls) expectValid(next);
  });

  it('every control has an accessible name', () => {
    const leaf: PointsLeaf = { ...newPointsLeaf({ key: 'sourced_arr', kind: 'currency', label: 'Sourced ARR' }, 'p', 'r'), subMinimums: [{ rules: ['r'], min: 5 }] };
    setup(newGroup('all', 'g', [cmp('a', 'sourced_arr', 'between', { value: 1, value2: 2 }), newGroup('any', 'h', [cmp('b', 'win_rate', 'in', { values: [0.5] })]), leaf]));
    const controls = [...document.querySelectorAll('input, select, button')];
    expect(controls.length).toBeGreaterThan(20);
    for (const el of controls) {
      const role = el.tagName === 'SELECT' ? 'combobox' : el.tagName === 'BUTTON' ? 'button' : el.getAttribute('type') === 'checkbox' ? 'checkbox' : 'textbox';
      const named = screen.getAllByRole(role).find((x) => x === el);
      expect(named, el.outerHTML).toBeTruthy();
      const name = el.getAttribute('aria-label') ?? el.textContent ?? '';
      expect(name.trim(), el.outerHTML).not.toBe('');
    }
    expect(within(screen.getByRole('group', { name: 'Gold requirements' })).getByRole('group', { name: 'group 2' })).toBeTruthy();
  });

  it('shows loaded data that breaks a rule as a problem without reporting anything', () => {
    const { onChange } = setup(newGroup('all', 'g', [cmp('c', 'active_sellers', '>=', { value: 2.5 }), cmp('d', 'unknown_metric', '>=', { value: 3 })]));
    expect(box('Threshold for Active sellers').getAttribute('aria-invalid')).toBe('true');
    expect(optionTexts(combo('Metric for condition 2'))[0]).toBe('unknown_metric (not in the data)');
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('RequirementBuilder on a list in euros', () => {
  const euros: MetricDef[] = metrics.map((m) => (m.kind === 'currency' ? { ...m, unit: 'EUR' } : m));

  it('thresholds show € and take "€1.5M", "250K"; a dollar amount is refused inline', () => {
    const { onChange, last } = setup(newGroup('all', 'g', [cmp('c', 'sourced_arr', '>=', { value: 250_000 })]), undefined, euros);
    const field = box('Threshold for Sourced ARR');
    expect(field.parentElement?.textContent).toContain('€');
    expect(field.parentElement?.textContent).not.toContain('$');
    expect(screen.getAllByText('Sourced ARR ≥ €250,000').length).toBeGreaterThan(0);
    type('Threshold for Sourced ARR', '€1.5M');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', '>=', { value: 1_500_000 })]));
    expect(screen.getAllByText('Sourced ARR ≥ €1,500,000').length).toBeGreaterThan(0);
    const calls = onChange.mock.calls.length;
    type('Threshold for Sourced ARR', '$50K');
    expect(screen.getByRole('alert').textContent).toBe('Amounts here are in EUR (€): type 50000 or €50K');
    expect(onChange).toHaveBeenCalledTimes(calls);
    type('Threshold for Sourced ARR', '2,5M');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', '>=', { value: 2_500_000 })]));
  });

  it('between and one of take amounts in euros', () => {
    const { last } = setup(newGroup('all', 'g', [cmp('c', 'sourced_arr', '>=', { value: 1000 })]), undefined, euros);
    pick('Operator for Sourced ARR', 'between');
    type('Upper bound for Sourced ARR', '€5K');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', 'between', { value: 1000, value2: 5000 })]));
    pick('Operator for Sourced ARR', 'in');
    type('Values for Sourced ARR', '€50K; 75K €');
    expect(last()).toEqual(newGroup('all', 'g', [cmp('c', 'sourced_arr', 'in', { values: [50_000, 75_000] })]));
  });

  it("a points rule's per-unit amount on a currency metric is an amount in its currency", () => {
    const { last } = setup(null, undefined, euros);
    fireEvent.click(button('Add points rule'));
    pick('Metric of Active sellers', 'sourced_arr');
    const unit = box('Unit of Sourced ARR for Sourced ARR');
    expect(unit.parentElement?.textContent).toContain('€');
    type('Unit of Sourced ARR for Sourced ARR', '€10K');
    const leaf = nodeAt(last(), [0]);
    expect(leaf?.type === 'points' ? leaf.rules[0]?.per : undefined).toBe(10_000);
    type('Unit of Sourced ARR for Sourced ARR', '$10K');
    expect(screen.getByRole('alert').textContent).toContain('Amounts here are in EUR');
    // points are not money
    type('Points of Sourced ARR', '5K');
    expect(box('Points of Sourced ARR').getAttribute('aria-invalid')).toBeNull();
  });
});
