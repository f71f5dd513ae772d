// @vitest-environment happy-dom
/**
 * Issue 20 in the window: typing a number and one Ctrl+Z (the menu's and the browser
 * shortcut's command) restores the value before it; F5 follows the Present button; the
 * export dialog of an empty workspace says there is nothing to export; counts of one read
 * in the singular; Compare calls only a marked baseline "baseline".
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { evaluate, ladderInfosOf, summaryOf, compareOutcomes, movementFlows } from '../../shared/engine';
import { encodeDataset } from '../../shared/ipc/columns';
import { metricLookup } from '../../shared/model/describe';
import type { ScenarioRecordDto } from '../../shared/ipc/contract';
import { ScenarioSchema, type Scenario } from '../../shared/model/scenario';
import type { ScenarioSummary } from '../../shared/model/workspace';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { runCommand, undoTyping, watchTextFields } from '../../renderer/src/App';
import { inPageEngine, setEngine } from '../../renderer/src/engine/client';
import type { ComparedScenario } from '../../renderer/src/engine/core';
import { KpiTable } from '../../renderer/src/features/compare/KpiTable';
import { ExportDialog } from '../../renderer/src/features/export/ExportDialog';
import { SettingsForm } from '../../renderer/src/features/scenarios/editor/SettingsForm';
import { MovementSection } from '../../renderer/src/features/scenarios/outcome/MovementSection';
import { tierIndex } from '../../renderer/src/components/outcome/common';
import { OutcomePanel } from '../../renderer/src/features/scenarios/outcome/OutcomePanel';
import { ValueSection } from '../../renderer/src/features/scenarios/outcome/ValueSection';
import { createAppStore, useStore } from '../../renderer/src/stores/store';
import { appInfo, dataset, installFakeApi, ok, workspace } from './fake-api';

const data = generatePartners({ seed: 3, count: 60 });
const motionFit = exampleScenarios().find((s) => s.name === 'Motion-fit ladders')!;

function summaries(scenarios: Scenario[], baseline: number | null = null): ScenarioSummary[] {
  return scenarios.map((s, i) => ({ id: i + 1, name: s.name, datasetId: 1, isBaseline: i === baseline, updatedAt: '2026-11-22T00:00:00Z' }));
}

/** A workspace of `scenarios` on one list of `data`, behind the fake API. */
function serve(scenarios: Scenario[], baseline: number | null = null) {
  const records = new Map<number, ScenarioRecordDto>(scenarios.map((scenario, i) => [i + 1, { id: i + 1, datasetId: 1, updatedAt: '2026-11-22T00:00:00Z', scenario }]));
  installFakeApi({
    'app:info': () => ok(appInfo('web')),
    'workspace:current': () => ok({ ...workspace('Sample', [dataset(1, 'FY2026', data.partners.length, { metrics: data.metrics })]), scenarios: summaries(scenarios, baseline) }),
    'workspace:recent': () => ok([]),
    'dataset:columns': () => ok(encodeDataset(1, 'FY2026', data)),
    'scenario:list': () => ok(summaries(scenarios, baseline)),
    'scenario:get': (p) => ok(records.get((p as { id: number }).id)!),
    'scenario:save': (p) => {
      const { id, scenario } = p as { id: number; scenario: unknown };
      const record = { ...records.get(id)!, scenario: ScenarioSchema.parse(scenario) };
      records.set(id, record);
      return ok(record);
    },
  });
}

afterEach(() => {
  cleanup();
  setEngine(null);
});

describe('typing a number, then Ctrl+Z', () => {
  let store: ReturnType<typeof createAppStore>;

  beforeEach(async () => {
    serve([motionFit]);
    setEngine(inPageEngine());
    store = createAppStore();
    await store.getState().boot();
    await store.getState().openScenario(1);
    store.getState().setView('scenarios');
  });
  afterEach(() => store.getState().flushSave());

  /** The settings form over the store's draft, as the workbench shows it. */
  function Workbench() {
    const draft = store((s) => s.draft);
    return draft ? <SettingsForm scenario={draft} onChange={store.getState().editScenario} metrics={data.metrics} /> : null;
  }

  it('restores the value before the number with one undo, and the number with one redo', async () => {
    render(<Workbench />);
    const field = screen.getByLabelText(/^MDF budget/) as HTMLInputElement;
    const before = store.getState().draft!.assumptions.mdfBudget;
    const shownBefore = field.value;
    field.focus();
    // keystroke by keystroke, as a person types "250000"
    for (const text of ['2', '25', '250', '2500', '25000', '250000']) act(() => void fireEvent.change(field, { target: { value: text } }));
    expect(store.getState().draft!.assumptions.mdfBudget).toBe(250_000);
    expect(store.temporal.getState().pastStates).toHaveLength(1);

    act(() => runCommand(store.getState(), 'edit:undo', undefined, store.setState));
    expect(store.getState().draft!.assumptions.mdfBudget).toBe(before);
    expect(field.value).toBe(shownBefore);
    act(() => runCommand(store.getState(), 'edit:redo', undefined, store.setState));
    expect(store.getState().draft!.assumptions.mdfBudget).toBe(250_000);
    expect(field.value).toBe('250,000');
  });

  it('a second field typed in after the first is a second step', () => {
    render(<Workbench />);
    const mdf = screen.getByLabelText(/^MDF budget/) as HTMLInputElement;
    const hours = screen.getByLabelText(/^Partner-manager capacity/) as HTMLInputElement;
    mdf.focus();
    for (const text of ['9', '90']) act(() => void fireEvent.change(mdf, { target: { value: text } }));
    act(() => void fireEvent.blur(mdf));
    hours.focus();
    for (const text of ['1', '12', '120']) act(() => void fireEvent.change(hours, { target: { value: text } }));
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    act(() => runCommand(store.getState(), 'edit:undo', undefined, store.setState));
    expect(store.getState().draft!.assumptions).toMatchObject({ mdfBudget: 90, capacityHours: motionFit.assumptions.capacityHours });
    expect(mdf.value).toBe('90');
  });
});

describe("Ctrl+Z in a text field: the browser's undo only for text the scenario does not have", () => {
  afterEach(() => {
    document.body.innerHTML = '';
    Reflect.deleteProperty(document, 'execCommand');
  });

  /** A focused text field, watched as the app watches them, typed in from "100" to `typed`. */
  function typedField(typed: string, id = 'f') {
    const unwatch = watchTextFields(document);
    const input = document.createElement('input');
    input.id = id;
    input.value = '100';
    document.body.append(input);
    input.focus();
    input.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: typed, bubbles: true }));
    input.value = typed;
    // the browser's undo, as far as it goes here: the text it had before the typing
    const undo = vi.fn((command: string) => {
      if (command === 'undo') input.value = '100';
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: undo, configurable: true });
    return { input, undo, unwatch };
  }

  it('leaves typing the scenario has to the app (one undo step), and takes back text that is not valid', () => {
    const typingIn = (field: string | null) => ({ isTypingIn: (id: string) => id === field });
    const valid = typedField('250000');
    expect(undoTyping('undo', typingIn('f'))).toBe(false);
    expect(valid.undo).not.toHaveBeenCalled();
    // a field whose typing made no step (a new entry's name …) is the browser's
    expect(undoTyping('undo', typingIn(null))).toBe(true);
    expect(valid.input.value).toBe('100');
    // back where it was when typed in: the app's turn
    expect(undoTyping('undo', typingIn(null))).toBe(false);
    valid.unwatch();
    document.body.innerHTML = '';

    const invalid = typedField('250000x');
    invalid.input.setAttribute('aria-invalid', 'true');
    expect(undoTyping('undo', typingIn('f'))).toBe(true);
    expect(invalid.undo).toHaveBeenCalledWith('undo');
    invalid.unwatch();
  });

  it('a field only focused, not typed in, leaves Ctrl+Z to the app', () => {
    const { input, undo, unwatch } = typedField('250000');
    input.blur();
    input.focus();
    expect(undoTyping('undo', { isTypingIn: () => false })).toBe(false);
    expect(undo).not.toHaveBeenCalled();
    unwatch();
  });
});

describe('F5 follows the Present button', () => {
  it('in an empty workspace says there is nothing to present instead of presenting', async () => {
    serve([]);
    const store = createAppStore();
    await store.getState().boot();
    runCommand(store.getState(), 'view:present', undefined, store.setState);
    expect(store.getState().presenting).toBe(false);
    expect(store.getState().notice).toEqual({ tone: 'info', text: expect.stringMatching(/^There is nothing to present yet: .*this workspace has none\. Create scenarios in Scenarios/) });
  });

  it('with one scenario says so too; with two it presents', async () => {
    serve([motionFit]);
    const one = createAppStore();
    await one.getState().boot();
    runCommand(one.getState(), 'view:present', undefined, one.setState);
    expect(one.getState().presenting).toBe(false);
    expect(one.getState().notice?.text).toMatch(/this workspace has one\./);

    serve([motionFit, { ...motionFit, name: 'Copy' }]);
    const two = createAppStore();
    await two.getState().boot();
    runCommand(two.getState(), 'view:present', undefined, two.setState);
    expect(two.getState().presenting).toBe(true);
    expect(two.getState().view).toBe('compare');
    expect(two.getState().notice).toBeNull();
  });
});

describe('the export dialog of an empty workspace', () => {
  it('explains there is nothing to export yet and leads to Scenarios', async () => {
    serve([]);
    useStore.setState({ view: 'partners' });
    await useStore.getState().boot();
    act(() => useStore.getState().openExport());
    render(<ExportDialog />);
    const dialog = screen.getByTestId('export-dialog');
    expect(within(dialog).getByTestId('export-empty').textContent).toMatch(/There is nothing to export yet\..*this workspace has none\. Make one in Scenarios/);
    expect(dialog.textContent).not.toMatch(/Choose at least one scenario/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Go to Scenarios' }));
    expect(useStore.getState().exportOpen).toBe(false);
    expect(useStore.getState().view).toBe('scenarios');
  });
});

describe('counts of one read in the singular', () => {
  it('in the outcome summary, the movement and the value concentration', () => {
    const one = generatePartners({ seed: 3, count: 1 });
    const outcome = summaryOf(evaluate(motionFit, one));
    render(<OutcomePanel outcome={outcome} scenario={motionFit} pending={false} error={null} />);
    expect(screen.getByTestId('outcome-summary').textContent).toMatch(/^1 partner · /);
    expect(screen.getByTestId('distribution-table').textContent).toMatch(/All partners · 1 partner(?!s)/);
    cleanup();

    const movement = { ...outcome.movement, downgrades: 1 };
    render(<MovementSection movement={movement} rollout={outcome.rollout} nearMiss={outcome.nearMiss} />);
    expect(screen.getByTestId('rollout-partition').textContent).toBe('The 1 downgrade owed: warned, limited, grandfathered or demoted now.');
    cleanup();

    const value = { ...outcome.valueConcentration, top5Count: 1, top20Count: 1, noData: 1 };
    expect(value.metric).not.toBeNull();
    const { container } = render(<ValueSection value={value} lookup={metricLookup(one.metrics)} index={tierIndex(ladderInfosOf(motionFit))} />);
    expect(container.textContent).toMatch(/Top 5 % \(1 partner\) holds/);
    expect(container.textContent).toMatch(/1 partner has no data for/);
  });
});

describe('Compare names the reference without calling it the baseline', () => {
  const picked = exampleScenarios().slice(0, 3);

  function comparedInStore(markedIndex: number | null) {
    // as the compare view asks: only a marked baseline is passed as one
    const entries = picked.map((s, i) => ({ name: s.name, baseline: i === markedIndex, outcome: evaluate(s, data) }));
    const scenarios: ComparedScenario[] = entries.map((e, i) => ({
      ladders: ladderInfosOf(picked[i]!),
      assumptions: { capacityHours: null, mdfBudget: null, marginBudget: null },
      flows: movementFlows(e.outcome),
    }));
    const comparison = compareOutcomes(entries);
    useStore.setState({
      workspace: { ...workspace('Sample', [dataset(1, 'FY2026', data.partners.length)]), scenarios: summaries(picked, markedIndex) },
      comparison: { datasetId: 1, partners: data.partners.length, comparison, scenarios, ms: 1, key: 'k', draft: null, ids: [1, 2, 3], names: picked.map((s) => s.name) },
    });
    return { comparison, scenarios };
  }

  it('none marked: the first is the "reference" and the table says the changes are against it', () => {
    const { comparison, scenarios } = comparedInStore(null);
    render(<KpiTable comparison={comparison} scenarios={scenarios} />);
    expect(within(screen.getByTestId('kpi-head-0')).queryByText('baseline')).toBeNull();
    expect(within(screen.getByTestId('kpi-head-0')).getByText('reference')).toBeTruthy();
    expect(screen.getByTestId('kpi-reference').textContent).toBe(`Changes against ${picked[0]!.name} (the first scenario; none of these is marked as the baseline).`);
    // the changes are still there, against the first
    const tiered = (i: number) => comparison.scenarios[i]!.tiered;
    const change = tiered(1) - tiered(0);
    expect(screen.getByTestId('kpi-tiered-1').textContent).toContain(change === 0 ? '±0' : `${change > 0 ? '+' : '−'}${Math.abs(change)}`);
  });

  it('a marked baseline is called the baseline', () => {
    const { comparison, scenarios } = comparedInStore(1);
    render(<KpiTable comparison={comparison} scenarios={scenarios} />);
    expect(within(screen.getByTestId('kpi-head-1')).getByText('baseline')).toBeTruthy();
    expect(screen.queryByTestId('kpi-reference')).toBeNull();
  });
});
