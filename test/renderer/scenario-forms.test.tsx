// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState, type ComponentType } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMetricValue } from '../../shared/model/format';
import { ScenarioSchema, type Scenario } from '../../shared/model/scenario';
import type { MetricDef } from '../../shared/model/workspace';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { BenefitsEditor, idFromName, tierCostPerPartner } from '../../renderer/src/features/scenarios/editor/BenefitsEditor';
import { DerivedMetricsEditor } from '../../renderer/src/features/scenarios/editor/DerivedMetricsEditor';
import type { DerivedPreview } from '../../renderer/src/features/scenarios/editor/derived-formula';
import { parseMoneyText, parseNumberText } from '../../renderer/src/components/numeric-field';
import { RulesEditor, uncoveredConflictTypes } from '../../renderer/src/features/scenarios/editor/RulesEditor';
import { SettingsForm } from '../../renderer/src/features/scenarios/editor/SettingsForm';

const dataset = generatePartners({ seed: 5, count: 50 });
const metrics: readonly MetricDef[] = dataset.metrics;
const PREVIEW_COUNT = 5;
const preview: DerivedPreview = {
  names: dataset.partners.slice(0, PREVIEW_COUNT).map((p) => p.name),
  columns: new Map(dataset.metrics.map((m, i) => [m.key, dataset.values[i]!.subarray(0, PREVIEW_COUNT)])),
};

function example(name: string): Scenario {
  const found = exampleScenarios().find((s) => s.name.startsWith(name));
  if (!found) throw new Error(`no example scenario "${name}"`);
  return found;
}

interface EditorProps {
  scenario: Scenario;
  onChange: (next: Scenario) => void;
  metrics: readonly MetricDef[];
}

/** Renders an editor over a scenario held in state, like the app does; records every onChange. */
function mount(Editor: ComponentType<EditorProps>, initial: Scenario, listMetrics: readonly MetricDef[] = metrics) {
  const calls: Scenario[] = [];
  const invalid: string[] = [];
  function Host() {
    const [scenario, setScenario] = useState(initial);
    return (
      <Editor
        scenario={scenario}
        metrics={listMetrics}
        onChange={(next) => {
          const parsed = ScenarioSchema.safeParse(next);
          if (!parsed.success) invalid.push(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
          calls.push(next);
          setScenario(next);
        }}
      />
    );
  }
  render(<Host />);
  const last = (): Scenario => {
    const s = calls.at(-1);
    if (!s) throw new Error('onChange was never called');
    return s;
  };
  return { calls, invalid, last };
}

const DerivedEditor = (props: EditorProps) => <DerivedMetricsEditor {...props} preview={preview} />;

function type(element: HTMLElement, value: string) {
  fireEvent.change(element, { target: { value } });
}

function input(name: string | RegExp): HTMLInputElement {
  return screen.getByRole('textbox', { name }) as HTMLInputElement;
}

function errorOf(field: HTMLElement): string {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

function tier(s: Scenario, id: string) {
  const t = s.ladders.flatMap((l) => l.tiers).find((x) => x.id === id);
  if (!t) throw new Error(`no tier ${id}`);
  return t;
}

afterEach(() => cleanup());

describe('NumericField parsing', () => {
  it('reads plain numbers and thousands separators, refuses the rest', () => {
    expect(parseNumberText('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseNumberText(' $1,000,000 ')).toEqual({ ok: true, value: 1_000_000 });
    expect(parseNumberText('2.5e3')).toEqual({ ok: true, value: 2500 });
    expect(parseNumberText('', { allowEmpty: true })).toEqual({ ok: true, value: null });
    expect(parseNumberText('').ok).toBe(false);
    expect(parseNumberText('1,2').ok).toBe(false);
    expect(parseNumberText('0x10').ok).toBe(false);
    expect(parseNumberText('12abc').ok).toBe(false);
    expect(parseNumberText('-1', { min: 0 })).toEqual({ ok: false, error: 'cannot be negative' });
    expect(parseNumberText('1.5', { integer: true })).toEqual({ ok: false, error: 'enter a whole number' });
    expect(parseNumberText('101', { max: 100 })).toEqual({ ok: false, error: 'must be at most 100' });
  });
});

describe('BenefitsEditor', () => {
  it('edits a cost; the tier cost per partner follows', () => {
    const start = example('As is');
    const { calls, invalid, last } = mount(BenefitsEditor, start);
    expect(tierCostPerPartner(tier(start, 'gold'), start.benefits).hours).toBe(87);
    expect(screen.getByTestId('tier-cost-gold').textContent).toContain('87 h');

    const hours = input('Hours per partner for Dedicated partner-manager time');
    expect(hours.value).toBe('80');
    type(hours, '60');
    expect(last().benefits.find((b) => b.id === 'pm_time')?.hours).toBe(60);
    expect(screen.getByTestId('tier-cost-gold').textContent).toContain('67 h');

    type(input('MDF dollars per partner for MDF eligibility'), '25,000');
    expect(last().benefits.find((b) => b.id === 'mdf')?.mdf).toBe(25_000);
    expect(screen.getByTestId('tier-cost-gold').textContent).toContain('$25,000');
    expect(calls).toHaveLength(2);
    expect(invalid).toEqual([]);
  });

  it('refuses a negative cost, text and margin points over 100 inline, keeping the text', () => {
    const { calls, invalid, last } = mount(BenefitsEditor, example('As is'));
    const fixed = input('Fixed dollars per partner for Co-marketing');
    type(fixed, '-5');
    expect(fixed.value).toBe('-5');
    expect(fixed.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(fixed)).toContain('cannot be negative');
    type(fixed, 'lots');
    expect(errorOf(fixed)).toContain('is not a number');
    type(fixed, '');
    expect(errorOf(fixed)).toContain('enter a number');

    const points = input('Margin points for +5 margin points');
    type(points, '150');
    expect(errorOf(points)).toContain('at most 100');
    expect(calls).toHaveLength(0);

    type(fixed, '7500');
    expect(fixed.getAttribute('aria-invalid')).toBeNull();
    expect(last().benefits.find((b) => b.id === 'comarketing')?.fixed).toBe(7500);
    expect(calls).toHaveLength(1);
    expect(invalid).toEqual([]);
  });

  it('an empty name is refused; a name edit keeps the id', () => {
    const { calls, last } = mount(BenefitsEditor, example('As is'));
    const name = input('Name of benefit jbp');
    type(name, '   ');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(name)).toContain('a name is required');
    expect(calls).toHaveLength(0);
    type(name, 'Joint business plan (annual) ');
    expect(last().benefits.find((b) => b.id === 'jbp')?.name).toBe('Joint business plan (annual)');
  });

  it('adds benefits with unique ids made from the name; an empty name is refused', () => {
    const start = example('As is');
    const { calls, invalid, last } = mount(BenefitsEditor, start);
    const form = screen.getByRole('form', { name: 'Add a benefit' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add benefit' }));
    const newName = within(form).getByRole('textbox', { name: 'New benefit' });
    expect(newName.getAttribute('aria-invalid')).toBe('true');
    expect(calls).toHaveLength(0);

    type(newName, 'Deal desk support');
    fireEvent.change(within(form).getByRole('combobox', { name: 'Category' }), { target: { value: 'support' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add benefit' }));
    expect(last().benefits.at(-1)).toEqual({ id: 'deal_desk_support', name: 'Deal desk support', category: 'support', hours: 0, mdf: 0, fixed: 0, marginPoints: 0, conflictType: null });

    type(newName, 'Deal-desk support!');
    fireEvent.click(within(form).getByRole('button', { name: 'Add benefit' }));
    expect(last().benefits.at(-1)?.id).toBe('deal_desk_support_2');
    expect(last().benefits).toHaveLength(start.benefits.length + 2);
    // the new benefit gets its own row and matrix line
    expect(screen.getByRole('checkbox', { name: 'Give Deal desk support to Gold (All partners)' })).toBeTruthy();
    expect(invalid).toEqual([]);
    expect(idFromName('Über Partner', ['uber_partner'])).toBe('uber_partner_2');
    expect(idFromName('!!!', [], 'benefit')).toBe('benefit');
  });

  it('removing a benefit also takes it from every tier', () => {
    const start = example('Motion-fit');
    const holders = start.ladders.flatMap((l) => l.tiers).filter((t) => t.benefits.includes('portal'));
    expect(holders.length).toBeGreaterThan(1);
    const { invalid, last } = mount(BenefitsEditor, start);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Portal access and deal registration' }));
    const next = last();
    expect(next.benefits.some((b) => b.id === 'portal')).toBe(false);
    expect(next.ladders.flatMap((l) => l.tiers).some((t) => t.benefits.includes('portal'))).toBe(false);
    expect(screen.queryByRole('checkbox', { name: /^Give Portal access/ })).toBeNull();
    expect(start.benefits.some((b) => b.id === 'portal')).toBe(true); // the input was not mutated
    expect(invalid).toEqual([]);
  });

  it('the matrix: a checkbox per benefit and tier of every ladder gives and takes the benefit', () => {
    const start = example('Motion-fit');
    const { invalid, last } = mount(BenefitsEditor, start);
    const tiers = start.ladders.flatMap((l) => l.tiers).length;
    expect(screen.getAllByRole('checkbox', { name: /^Give Marketing assets to / })).toHaveLength(tiers);
    expect(screen.getByRole('columnheader', { name: 'Services partners' })).toBeTruthy();

    const box = screen.getByRole('checkbox', { name: 'Give Executive sponsor to Delivering (Services partners)' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    const before = tierCostPerPartner(tier(start, 'delivering'), start.benefits).hours;
    fireEvent.click(box);
    expect(tier(last(), 'delivering').benefits).toContain('exec_sponsor');
    expect(box.checked).toBe(true);
    expect(screen.getByTestId('tier-cost-delivering').textContent).toContain(`${before + 24} h`);
    fireEvent.click(box);
    expect(tier(last(), 'delivering').benefits).toEqual(tier(start, 'delivering').benefits);
    expect(invalid).toEqual([]);
  });

  it('a conflict type: known ones in a select, none, or a custom type checked against the pattern', () => {
    const { calls, invalid, last } = mount(BenefitsEditor, example('As is'));
    const select = screen.getByRole('combobox', { name: 'Conflict type of Co-marketing' }) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'mdf_access' } });
    expect(last().benefits.find((b) => b.id === 'comarketing')?.conflictType).toBe('mdf_access');
    fireEvent.change(select, { target: { value: '' } });
    expect(last().benefits.find((b) => b.id === 'comarketing')?.conflictType).toBeNull();

    fireEvent.change(select, { target: { value: '__custom__' } });
    const custom = input('Custom conflict type of Co-marketing');
    const count = calls.length;
    type(custom, 'Territory Lock');
    expect(custom.getAttribute('aria-invalid')).toBe('true');
    expect(calls).toHaveLength(count);
    type(custom, 'territory_lock');
    expect(last().benefits.find((b) => b.id === 'comarketing')?.conflictType).toBe('territory_lock');
    expect(invalid).toEqual([]);
  });
});

describe('RulesEditor', () => {
  it('switches a rule on and off; the warning lists conflict types no enabled rule covers', () => {
    const start = example('As is');
    expect(start.enabledRules).toEqual([]);
    const { invalid, last } = mount(RulesEditor, start);
    const warning = screen.getByTestId('uncovered-conflicts');
    expect(warning.textContent).toContain('No enabled rule covers');
    expect(warning.textContent).toContain('direct cosell (Co-sell introductions, Joint account-executive engagement)');
    expect(warning.textContent).toContain('exclusivity');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Use Joint business plan for every co-sell partner in this scenario' }));
    expect(last().enabledRules).toEqual(['joint_business_plan']);
    expect(screen.getByTestId('uncovered-conflicts').textContent).not.toContain('direct cosell');
    expect(uncoveredConflictTypes(last()).map((u) => u.type)).toEqual(['margin_uplift', 'mdf_access', 'roadmap_input', 'exclusivity', 'lead_routing']);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Use Joint business plan for every co-sell partner in this scenario' }));
    expect(last().enabledRules).toEqual([]);
    expect(screen.getByTestId('uncovered-conflicts').textContent).toContain('direct cosell');
    expect(invalid).toEqual([]);
  });

  it('edits what a rule covers; the last type cannot be unticked', () => {
    const { calls, invalid, last } = mount(RulesEditor, example('Motion-fit'));
    expect(screen.getByTestId('uncovered-conflicts').textContent).toMatch(/roadmap input.*lead routing|lead routing.*roadmap input/);
    const group = screen.getByRole('group', { name: 'Conflict types covered by Exclusivity time-boxed to 90 days' });
    fireEvent.click(within(group).getByRole('checkbox', { name: 'lead routing' }));
    expect(last().rules.find((r) => r.id === 'exclusivity_90_days')?.covers).toEqual(['exclusivity', 'lead_routing']);
    expect(screen.getByTestId('uncovered-conflicts').textContent).not.toContain('lead routing');

    fireEvent.click(within(group).getByRole('checkbox', { name: 'lead routing' }));
    const count = calls.length;
    fireEvent.click(within(group).getByRole('checkbox', { name: 'exclusivity' }));
    expect(calls).toHaveLength(count);
    expect(group.textContent).toContain('a rule covers at least one conflict type');
    expect((within(group).getByRole('checkbox', { name: 'exclusivity' }) as HTMLInputElement).checked).toBe(true);
    expect(invalid).toEqual([]);
  });

  it('adds a rule (switched on) and removes one (and its switch)', () => {
    const { calls, invalid, last } = mount(RulesEditor, example('Motion-fit'));
    const form = screen.getByRole('form', { name: 'Add an offsetting rule' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));
    expect(calls).toHaveLength(0);
    type(within(form).getByRole('textbox', { name: 'New rule' }), 'Roadmap council');
    fireEvent.change(within(form).getByRole('combobox', { name: 'Covers' }), { target: { value: 'roadmap_input' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add rule' }));
    expect(last().rules.at(-1)).toEqual({ id: 'roadmap_council', name: 'Roadmap council', description: '', covers: ['roadmap_input'] });
    expect(last().enabledRules).toContain('roadmap_council');
    expect(screen.getByTestId('uncovered-conflicts').textContent).not.toContain('roadmap input');

    fireEvent.click(screen.getByRole('button', { name: 'Remove rule Margin tied to deal complexity' }));
    expect(last().rules.some((r) => r.id === 'margin_by_complexity')).toBe(false);
    expect(last().enabledRules).not.toContain('margin_by_complexity');
    expect(screen.getByTestId('uncovered-conflicts').textContent).toContain('margin uplift');

    const name = input('Name of rule joint_business_plan');
    const count = calls.length;
    type(name, '');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(calls).toHaveLength(count);
    expect(invalid).toEqual([]);
  });
});

describe('SettingsForm', () => {
  it('assumptions: an empty field is "not set" (null); the value metric is chosen from the metrics', () => {
    const { invalid, last } = mount(SettingsForm, example('Motion-fit'));
    const capacity = screen.getByLabelText('Partner-manager capacity (hours / year)') as HTMLInputElement;
    expect(capacity.value).toBe('6,000');
    expect(errorOf(capacity)).toContain('Hours the partner team has');
    type(capacity, '');
    expect(last().assumptions.capacityHours).toBeNull();
    type(capacity, '7,500');
    expect(last().assumptions.capacityHours).toBe(7500);

    type(screen.getByLabelText('MDF budget ($ / year)'), '');
    expect(last().assumptions.mdfBudget).toBeNull();
    type(screen.getByLabelText('Margin budget ($ / year)'), '2000000');
    expect(last().assumptions.marginBudget).toBe(2_000_000);

    const value = screen.getByLabelText('Value metric') as HTMLSelectElement;
    expect(value.value).toBe('sourced_arr');
    expect(within(value).getByRole('option', { name: 'Mutual customers' })).toBeTruthy();
    expect(within(value).getByRole('option', { name: 'Sourced ARR growth (derived)' })).toBeTruthy();
    fireEvent.change(value, { target: { value: 'mutual_customers' } });
    expect(last().assumptions.valueMetric).toBe('mutual_customers');
    fireEvent.change(value, { target: { value: '' } });
    expect(last().assumptions.valueMetric).toBeNull();
    expect(invalid).toEqual([]);
  });

  it('policies: limits and whole numbers enforced inline; optional ones empty → null', () => {
    const { calls, invalid, last } = mount(SettingsForm, example('Motion-fit'));
    const grandfather = screen.getByLabelText('Grandfathering (quarters)') as HTMLInputElement;
    type(grandfather, '1.5');
    expect(errorOf(grandfather)).toContain('whole number');
    type(grandfather, '');
    expect(errorOf(grandfather)).toContain('enter a number');
    type(grandfather, '13');
    expect(errorOf(grandfather)).toContain('at most 12');
    expect(grandfather.value).toBe('13');
    expect(calls).toHaveLength(0);
    type(grandfather, '4');
    expect(last().policies.grandfatherQuarters).toBe(4);

    const demotion = screen.getByLabelText('Max demotion per cycle (levels)') as HTMLInputElement;
    type(demotion, '0');
    expect(demotion.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(demotion)).toContain('at least 1');
    type(demotion, '');
    expect(last().policies.maxDemotionLevels).toBeNull();
    type(demotion, '2');
    expect(last().policies.maxDemotionLevels).toBe(2);

    const band = screen.getByLabelText('Demotion warning band (%)') as HTMLInputElement;
    type(band, '150');
    expect(errorOf(band)).toContain('at most 100');
    type(band, 'ten');
    expect(errorOf(band)).toContain('not a number');
    const count = calls.length;
    expect(last().policies.warningBandPct).toBe(10);
    type(band, '');
    expect(calls).toHaveLength(count + 1);
    expect(last().policies.warningBandPct).toBeNull();

    const inflation = screen.getByLabelText('Top-tier inflation alert (%)') as HTMLInputElement;
    type(inflation, '12.5');
    expect(last().policies.inflationAlertPct).toBe(12.5);
    expect(last().policies).toEqual({ grandfatherQuarters: 4, maxDemotionLevels: 2, warningBandPct: null, inflationAlertPct: 12.5 });
    expect(invalid).toEqual([]);
  });
});

describe('DerivedMetricsEditor', () => {
  function growthGroup() {
    return screen.getByRole('group', { name: /Sourced ARR growth/ });
  }

  it('a formula that does not parse is shown with its position and not saved', () => {
    const { calls } = mount(DerivedEditor, example('Motion-fit'));
    const formula = within(growthGroup()).getByLabelText('Formula') as HTMLTextAreaElement;
    expect(formula.value).toBe('(sourced_arr - sourced_arr_py) / sourced_arr_py');
    type(formula, '(sourced_arr - sourced_arr_py / sourced_arr_py');
    expect(formula.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(formula)).toContain('missing ")"');
    expect(errorOf(formula)).toMatch(/at character \d+/);
    expect(formula.value).toBe('(sourced_arr - sourced_arr_py / sourced_arr_py');
    type(formula, 'sourced_arr +* 2');
    expect(errorOf(formula)).toContain('at character');
    expect(within(growthGroup()).queryByRole('table')).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('an unknown metric and a circular reference are refused', () => {
    const { calls, invalid, last } = mount(DerivedEditor, example('Motion-fit'));
    const formula = within(growthGroup()).getByLabelText('Formula');
    type(formula, 'sourced_arr - revenue_py');
    expect(errorOf(formula)).toContain('unknown metric "revenue_py"');
    type(formula, 'arr_growth * 2');
    expect(errorOf(formula)).toContain('circular reference: arr_growth → arr_growth');
    expect(calls).toHaveLength(0);

    // a second metric that uses the first, then the first made to use the second
    const form = screen.getByRole('form', { name: 'Add a derived metric' });
    type(within(form).getByLabelText('New key'), 'growth_points');
    type(within(form).getByLabelText('New label'), 'Growth points');
    type(within(form).getByLabelText('New formula'), 'arr_growth * 100');
    fireEvent.click(within(form).getByRole('button', { name: 'Add derived metric' }));
    expect(last().derivedMetrics.map((d) => d.key)).toEqual(['arr_growth', 'growth_points']);
    const count = calls.length;
    type(formula, 'growth_points / 100');
    expect(formula.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(formula)).toContain('circular reference: arr_growth → growth_points → arr_growth');
    expect(calls).toHaveLength(count);
    expect(last().derivedMetrics[0]?.formula).toBe('(sourced_arr - sourced_arr_py) / sourced_arr_py');
    expect(invalid).toEqual([]);
  });

  it('a valid formula is saved and previewed for the first partners, formatted by its kind', () => {
    const { invalid, last } = mount(DerivedEditor, example('Motion-fit'));
    const group = growthGroup();
    const table = within(group).getByRole('table', { name: 'Preview of Sourced ARR growth' });
    const arr = preview.columns.get('sourced_arr')!;
    const py = preview.columns.get('sourced_arr_py')!;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(PREVIEW_COUNT);
    rows.forEach((row, i) => {
      expect(within(row).getByRole('rowheader').textContent).toBe(preview.names[i]);
      const growth = (arr[i]! - py[i]!) / py[i]!;
      const cells = within(row).getAllByRole('cell');
      // the value first, then the inputs
      expect(cells[0]?.textContent).toBe(formatMetricValue('percent', Number.isFinite(growth) ? growth : null));
      expect(cells.slice(1).map((c) => c.textContent)).toHaveLength(2);
      expect(cells.slice(1).every((c) => c.textContent?.startsWith('$'))).toBe(true);
    });

    const formula = within(group).getByLabelText('Formula');
    type(formula, 'round(sourced_arr / 1000)');
    expect(last().derivedMetrics[0]?.formula).toBe('round(sourced_arr / 1000)');
    fireEvent.change(within(group).getByLabelText('Kind'), { target: { value: 'number' } });
    expect(last().derivedMetrics[0]?.kind).toBe('number');
    const first = within(within(group).getByRole('table')).getAllByRole('row')[1]!;
    expect(within(first).getAllByRole('cell')[0]?.textContent).toBe(formatMetricValue('number', Math.round(arr[0]! / 1000)));
    expect(invalid).toEqual([]);
  });

  it('keys: the schema pattern, no clash with a dataset metric or another derived metric', () => {
    const { calls, invalid, last } = mount(DerivedEditor, example('Motion-fit'));
    const key = within(growthGroup()).getByLabelText('Key') as HTMLInputElement;
    type(key, 'Growth %');
    expect(errorOf(key)).toContain('lower-case letters');
    type(key, 'sourced_arr');
    expect(errorOf(key)).toContain('already a metric of the dataset');
    expect(calls).toHaveLength(0);
    type(key, 'arr_growth_pct');
    expect(last().derivedMetrics[0]?.key).toBe('arr_growth_pct');
    expect(key.value).toBe('arr_growth_pct');
    expect(key.isConnected).toBe(true); // the row kept its state: it was not remounted under a new key

    const form = screen.getByRole('form', { name: 'Add a derived metric' });
    const newKey = within(form).getByLabelText('New key');
    type(newKey, 'arr_growth_pct');
    expect(errorOf(newKey)).toContain('another derived metric');
    type(newKey, 'active_sellers');
    expect(errorOf(newKey)).toContain('already a metric of the dataset');
    fireEvent.click(within(form).getByRole('button', { name: 'Add derived metric' }));
    expect(last().derivedMetrics).toHaveLength(1);
    expect(invalid).toEqual([]);
  });

  it('adds and removes a derived metric; one in use cannot be removed', () => {
    const { invalid, last } = mount(DerivedEditor, example('Motion-fit'));
    const form = screen.getByRole('form', { name: 'Add a derived metric' });
    type(within(form).getByLabelText('New key'), 'sellers_per_cert');
    type(within(form).getByLabelText('New label'), 'Sellers per certification');
    fireEvent.change(within(form).getByLabelText('New kind'), { target: { value: 'number' } });
    type(within(form).getByLabelText('New formula'), 'active_sellers / vertical_certifications');
    expect(within(form).getByRole('table', { name: 'Preview of Sellers per certification' })).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Add derived metric' }));
    expect(last().derivedMetrics.at(-1)).toEqual({
      key: 'sellers_per_cert',
      label: 'Sellers per certification',
      kind: 'number',
      unit: null,
      formula: 'active_sellers / vertical_certifications',
    });

    const group = screen.getByRole('group', { name: /Sellers per certification/ });
    type(within(group).getByLabelText('Formula'), 'active_sellers / vertical_certifications + arr_growth');
    fireEvent.click(within(growthGroup()).getByRole('button', { name: 'Remove derived metric Sourced ARR growth' }));
    expect(screen.getByRole('alert').textContent).toContain('used by the formula of Sellers per certification');
    expect(last().derivedMetrics).toHaveLength(2);
    type(within(group).getByLabelText('Formula'), 'active_sellers / vertical_certifications');
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.click(within(group).getByRole('button', { name: 'Remove derived metric Sellers per certification' }));
    expect(last().derivedMetrics.map((d) => d.key)).toEqual(['arr_growth']);
    expect(screen.queryByRole('group', { name: /Sellers per certification/ })).toBeNull();
    expect(invalid).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Money inputs take what thresholds take, in the list's currency (issue 17)

/** The sample's metrics with its currency metrics in euros. */
const euroMetrics: readonly MetricDef[] = metrics.map((m) => (m.kind === 'currency' ? { ...m, unit: 'EUR' } : m));

describe('money inputs', () => {
  it('read amounts as thresholds do: "$500K", "1.5M", "€2,5M" in their currency; the rules still apply', () => {
    expect(parseMoneyText('$500K', 'USD')).toEqual({ ok: true, value: 500_000 });
    expect(parseMoneyText('1.5M', 'USD')).toEqual({ ok: true, value: 1_500_000 });
    expect(parseMoneyText(' 25,000 ', 'USD')).toEqual({ ok: true, value: 25_000 });
    expect(parseMoneyText('1e6', 'USD')).toEqual({ ok: true, value: 1_000_000 });
    expect(parseMoneyText('€2,5M', 'EUR')).toEqual({ ok: true, value: 2_500_000 });
    expect(parseMoneyText('500K €', 'EUR')).toEqual({ ok: true, value: 500_000 });
    expect(parseMoneyText('$500K', 'EUR')).toEqual({ ok: false, error: 'amounts here are in EUR (€): type 50000 or €50K' });
    expect(parseMoneyText('', 'EUR', { allowEmpty: true })).toEqual({ ok: true, value: null });
    expect(parseMoneyText('', 'EUR')).toEqual({ ok: false, error: 'enter a number, e.g. 50000 or €50K' });
    expect(parseMoneyText('lots', 'EUR')).toEqual({ ok: false, error: '"lots" is not a number: type 50000 or €50K' });
    expect(parseMoneyText('-5K', 'EUR', { min: 0 })).toEqual({ ok: false, error: 'cannot be negative' });
  });

  it('budgets on a USD list: "$500K" and "1.5M" as typed, with a $ after the field', () => {
    const { invalid, last } = mount(SettingsForm, example('Motion-fit'));
    const mdf = screen.getByLabelText('MDF budget ($ / year)') as HTMLInputElement;
    type(mdf, '$500K');
    expect(last().assumptions.mdfBudget).toBe(500_000);
    type(screen.getByLabelText('Margin budget ($ / year)'), '1.5M');
    expect(last().assumptions.marginBudget).toBe(1_500_000);
    expect(mdf.parentElement?.textContent).toContain('$');
    expect(invalid).toEqual([]);
  });

  it("budgets on an EUR list: labelled and typed in euros; another currency's amount is refused inline", () => {
    const { calls, invalid, last } = mount(SettingsForm, example('Motion-fit'), euroMetrics);
    expect(screen.queryByLabelText('MDF budget ($ / year)')).toBeNull();
    const mdf = screen.getByLabelText('MDF budget (€ / year)') as HTMLInputElement;
    expect(mdf.parentElement?.textContent).toContain('€');
    expect(screen.getByText(/the benefits' MDF euros are compared with it/)).toBeTruthy();
    type(mdf, '€500K');
    expect(last().assumptions.mdfBudget).toBe(500_000);
    type(mdf, '2,5M €');
    expect(last().assumptions.mdfBudget).toBe(2_500_000);
    const before = calls.length;
    type(mdf, '$300K');
    expect(mdf.value).toBe('$300K');
    expect(mdf.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(mdf)).toContain('amounts here are in EUR (€)');
    expect(calls).toHaveLength(before);
    type(screen.getByLabelText('Margin budget (€ / year)'), '750K');
    expect(last().assumptions.marginBudget).toBe(750_000);
    expect(invalid).toEqual([]);
  });

  it('benefit costs on an EUR list: typed as amounts, headed and totalled in euros; margin points stay points', () => {
    const { invalid, last } = mount(BenefitsEditor, example('As is'), euroMetrics);
    expect(screen.getByRole('columnheader', { name: 'MDF € / partner' })).toBeTruthy();
    type(input('MDF euros per partner for MDF eligibility'), '€25K');
    expect(last().benefits.find((b) => b.id === 'mdf')?.mdf).toBe(25_000);
    expect(screen.getByTestId('tier-cost-gold').textContent).toContain('€25,000');
    expect(screen.getByTestId('tier-cost-gold').textContent).not.toContain('$');
    const fixed = input('Fixed euros per partner for Co-marketing');
    type(fixed, '1.5K');
    expect(last().benefits.find((b) => b.id === 'comarketing')?.fixed).toBe(1_500);
    type(fixed, '$1K');
    expect(errorOf(fixed)).toContain('amounts here are in EUR');
    const points = input('Margin points for +5 margin points');
    type(points, '5K');
    expect(points.getAttribute('aria-invalid')).toBe('true');
    expect(invalid).toEqual([]);
  });

  it('benefit costs on a USD list still take "$25,000" and now "25K"', () => {
    const { last } = mount(BenefitsEditor, example('As is'));
    type(input('MDF dollars per partner for MDF eligibility'), '25K');
    expect(last().benefits.find((b) => b.id === 'mdf')?.mdf).toBe(25_000);
    type(input('MDF dollars per partner for MDF eligibility'), '$30,000');
    expect(last().benefits.find((b) => b.id === 'mdf')?.mdf).toBe(30_000);
    expect(screen.getByRole('columnheader', { name: 'MDF $ / partner' })).toBeTruthy();
  });

  it('a derived currency metric without a currency of its own previews in the list’s', () => {
    const start = { ...example('Motion-fit'), derivedMetrics: [{ key: 'arr_sum', label: 'Both years', kind: 'currency' as const, unit: null, formula: 'sourced_arr + sourced_arr_py' }] };
    mount(DerivedEditor, start, euroMetrics);
    const table = screen.getByRole('table', { name: 'Preview of Both years' });
    expect(table.textContent).toContain('€');
    expect(table.textContent).not.toContain('$');
  });
});
