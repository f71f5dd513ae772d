// @vitest-environment happy-dom
/**
 * The screens of a lead's own list: the Today's tiers editor, the fit dialog, the save
 * status's unsaved entries, and what the window remembers for the next reload.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evaluate, type TodayTierRow } from '../../shared/engine';
import type { Scenario } from '../../shared/model/scenario';
import type { MetricDef } from '../../shared/model/workspace';
import { exampleScenarios } from '../../scenarios/examples';
import { FitDialog } from '../../renderer/src/components/FitDialog';
import { todayText } from '../../renderer/src/features/partners/PartnerDrawer';
import { placeLabel, placeRest, TodayTiersEditor } from '../../renderer/src/features/scenarios/editor/TodayTiersEditor';
import { unsavedText, useInvalidEntries } from '../../renderer/src/features/scenarios/invalid-entries';
import { recallShown, rememberShown, restoreShown } from '../../renderer/src/stores/restore';
import { createAppStore } from '../../renderer/src/stores/store';

afterEach(cleanup);

const motionFit = () => exampleScenarios().find((x) => x.name === 'Motion-fit ladders')!;

/** An own list's labels as the engine reports them for a scenario. */
function todayTiers(scenario: Scenario): TodayTierRow[] {
  const partners = [
    ['a', 'reseller', 'Registered'],
    ['b', 'services', 'registered'],
    ['c', 'reseller', 'Gold'],
    ['d', 'technology', 'Legacy Elite'],
  ].map(([id, motion, currentTier]) => ({ id: id!, name: id!, motion: motion!, currentTier: currentTier!, region: null, segment: null, owner: null }));
  return evaluate(scenario, { metrics: [], partners, values: [] }).todayTiers;
}

function EditorHost({ initial, onScenario }: { initial: Scenario; onScenario: (s: Scenario) => void }) {
  const [scenario, setScenario] = useState(initial);
  return (
    <TodayTiersEditor
      scenario={scenario}
      onChange={(next) => {
        setScenario(next);
        onScenario(next);
      }}
      tiers={todayTiers(scenario)}
      listLabel="ACME FY2026"
    />
  );
}

describe('the Today’s tiers editor', () => {
  it('lists every label with its partners, shows how each is placed, and places by hand', () => {
    // the example places metals; "Registered" is not in its mapping yet
    const start: Scenario = { ...motionFit(), tierMapping: motionFit().tierMapping.filter((e) => e.label !== 'Registered') };
    const seen: Scenario[] = [];
    render(<EditorHost initial={start} onScenario={(s) => seen.push(s)} />);
    const table = screen.getByTestId('today-tiers');
    expect(within(table).getByRole('heading').textContent).toBe('Today’s tiers in ACME FY2026');
    const registered = screen.getByTestId('today-row-Registered');
    expect(registered.textContent).toContain('2'); // "Registered" and "registered" are one label
    expect(within(registered).getByRole('combobox')).toHaveProperty('value', 'unplaced');
    expect(screen.getByTestId('today-unplaced').textContent).toMatch(/“Registered”, “Legacy Elite” \(3 partners\) are not placed/);
    // the suggestion: Registered is the name of the entry tiers; Legacy Elite is neither a name nor a metal
    fireEvent.click(within(screen.getByTestId('today-unplaced')).getByRole('button', { name: 'Place 1 of them as suggested' }));
    expect(seen.at(-1)!.tierMapping.at(-1)).toEqual({ label: 'Registered', level: 0, match: 'name' });
    expect(within(screen.getByTestId('today-row-Registered')).getByText('Tierscape · same name')).toBeTruthy();
    // one placed by hand
    fireEvent.change(within(screen.getByTestId('today-row-Legacy Elite')).getByRole('combobox'), { target: { value: '3' } });
    expect(seen.at(-1)!.tierMapping.at(-1)).toEqual({ label: 'Legacy Elite', level: 3 });
    expect(screen.queryByTestId('today-unplaced')).toBeNull();
    // an automatic placement changed by hand loses its mark
    fireEvent.change(within(screen.getByTestId('today-row-Registered')).getByRole('combobox'), { target: { value: 'none' } });
    expect(seen.at(-1)!.tierMapping.find((e) => e.label === 'Registered')).toEqual({ label: 'Registered', level: null });
    expect(within(screen.getByTestId('today-row-Registered')).getByText('set in the scenario')).toBeTruthy();
    // the options name each level's tiers on the ladders the label's partners are on
    const options = within(within(screen.getByTestId('today-row-Gold')).getByRole('combobox')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toContain('Level 2: Specialist');
  });

  it('says when the list has no current-tier column', () => {
    render(<TodayTiersEditor scenario={motionFit()} onChange={() => {}} tiers={[]} listLabel="Bare list" />);
    expect(screen.getByTestId('today-tiers').textContent).toMatch(/no current-tier column/);
  });

  it('placeLabel keeps the entry’s place in the list; placeRest adds only what is unplaced', () => {
    const s = motionFit();
    const moved = placeLabel(s, 'gold', '3');
    expect(moved.tierMapping.map((e) => [e.label, e.level])).toEqual([
      ['Bronze', 0],
      ['Silver', 1],
      ['gold', 3],
      ['Platinum', 3],
    ]);
    expect(placeLabel(s, 'Silver', 'unplaced').tierMapping.map((e) => e.label)).toEqual(['Bronze', 'Gold', 'Platinum']);
    const rest = placeRest({ ...s, tierMapping: [] }, todayTiers({ ...s, tierMapping: [] }));
    expect(rest.tierMapping).toEqual([
      { label: 'Registered', level: 0, match: 'name' },
      { label: 'Gold', level: 2, match: 'metal' },
    ]);
  });
});

describe('the Today’s tiers editor, a level above a ladder’s top', () => {
  it('reads it as that ladder’s top tier and says so: "(its top)" for that ladder only', () => {
    const examples = exampleScenarios();
    const starter = examples.find((x) => x.name === 'Two-tier starter')!.ladders[0]!;
    // docs/ENGINE.md's worked example: a reseller ladder of four tiers, a `*` ladder of two
    const design: Scenario = {
      ...motionFit(),
      ladders: [motionFit().ladders[0]!, { ...starter, tiers: starter.tiers.map((t) => ({ ...t, benefits: [] })) }],
      tierMapping: [
        { label: 'Platinum', level: 3 },
        { label: 'Gold', level: 3 },
        { label: 'Diamond', level: 3 },
      ],
    };
    const partners = [
      ['a', 'reseller', 'Platinum'],
      ['b', 'services', 'Platinum'],
      ['c', 'reseller', 'Gold'],
      ['d', 'services', 'Diamond'],
    ].map(([id, motion, currentTier]) => ({ id: id!, name: id!, motion: motion!, currentTier: currentTier!, region: null, segment: null, owner: null }));
    const tiers = evaluate(design, { metrics: [], partners, values: [] }).todayTiers;
    render(<TodayTiersEditor scenario={design} onChange={() => {}} tiers={tiers} listLabel="ACME FY2026" />);
    expect(screen.getByTestId('today-tiers').textContent).toContain('A level above a ladder’s top reads as that ladder’s top tier.');
    // the line after each level: how it was placed, then what it reads as
    const reads = (label: string) => within(screen.getByTestId(`today-row-${label}`)).getByText(/reads as/).textContent!.replace('set in the scenario ', '');
    // partners on both ladders: the two-tier ladder's top, marked; the four-tier ladder's own level 3, unmarked
    expect(reads('Platinum')).toBe('reads as Strategic (Resale partners) · Preferred Partner (its top) (All partners)');
    // only on the four-tier ladder: level 3 is its top, nothing to mark
    expect(reads('Gold')).toBe('reads as Strategic');
    // only on the two-tier ladder
    expect(reads('Diamond')).toBe('reads as Preferred Partner (its top)');
    const options = within(within(screen.getByTestId('today-row-Platinum')).getByRole('combobox')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toContain('Level 3: Strategic / Preferred Partner (its top)');
    expect(options).toContain('Level 1: Selling / Preferred Partner');
  });
});

describe('the partner drawer’s tier today', () => {
  it('says where the scenario places the label, or that it does not', () => {
    const s = { ...motionFit(), tierMapping: [...motionFit().tierMapping, { label: 'Prospect', level: null }] };
    const summary = { ladders: evaluate(s, { metrics: [], partners: [], values: [] }).ladders, todayTiers: todayTiers(s) };
    const resale = summary.ladders[0]!.id;
    expect(todayText({ currentTier: 'GOLD', currentLevel: 2, ladderId: resale }, summary)).toBe('GOLD (placed on Specialist)');
    expect(todayText({ currentTier: 'Legacy Elite', currentLevel: -1, ladderId: resale }, summary)).toBe('Legacy Elite (not placed on this design: counts as no tier today)');
    expect(todayText({ currentTier: 'Prospect', currentLevel: -1, ladderId: resale }, summary)).toBe('Prospect (no tier today on this design)');
    expect(todayText({ currentTier: null, currentLevel: -1, ladderId: resale }, summary)).toBe('none');
  });
});

describe('the fit dialog', () => {
  const acme: MetricDef[] = [
    { key: 'lifetime_bookings', label: 'Lifetime bookings (EUR)', kind: 'currency', unit: 'EUR' },
    { key: 'bookings_fy26', label: 'Bookings FY26 (EUR)', kind: 'currency', unit: 'EUR' },
    { key: 'co_sell', label: 'Co-sell agreement', kind: 'boolean', unit: null },
  ];

  it('names each missing metric with where it is read, suggests a column, and binds what is chosen', async () => {
    const metals = exampleScenarios().find((x) => x.name === 'Metals, revenue only')!;
    const applied: Map<string, string>[] = [];
    const onClose = vi.fn();
    render(<FitDialog scenario={metals} dataset={{ label: 'ACME FY2026', metrics: acme }} action="Bind" onApply={(b) => void applied.push(b)} onClose={onClose} />);
    const row = screen.getByTestId('fit-row-lifetime_arr');
    expect(row.textContent).toMatch(/Lifetime ARR.*money · read by Silver \(All partners\), Gold \(All partners\), Platinum \(All partners\)/);
    const select = within(row).getByRole('combobox') as HTMLSelectElement;
    expect(select.value).toBe('lifetime_bookings');
    // a yes/no column is no candidate for money
    expect(within(row).queryByRole('option', { name: /Co-sell/ })).toBeNull();
    // leave the value metric unmet, bind the other
    fireEvent.change(within(screen.getByTestId('fit-row-sourced_arr')).getByRole('combobox'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bind (1 of 2)' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(applied).toEqual([new Map([['lifetime_arr', 'lifetime_bookings']])]);
  });

  it('"Leave all unmet" binds nothing', async () => {
    const metals = exampleScenarios().find((x) => x.name === 'Metals, revenue only')!;
    const applied: Map<string, string>[] = [];
    const onClose = vi.fn();
    render(<FitDialog scenario={metals} dataset={{ label: 'ACME FY2026', metrics: acme }} action="Bind" onApply={(b) => void applied.push(b)} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Leave all unmet' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(applied).toEqual([new Map()]);
  });
});

describe('the save status’s unsaved entries', () => {
  function Fields() {
    const ref = useRef<HTMLDivElement>(null);
    const invalid = useInvalidEntries(ref);
    const [bad, setBad] = useState(false);
    return (
      <div>
        <div ref={ref}>
          <label>
            Threshold of Gold
            <input aria-invalid={bad ? 'true' : undefined} onChange={(e) => setBad(e.target.value === 'abc')} />
          </label>
          {/* a select marked invalid holds a saved value (a label not placed): not an unsaved entry */}
          <select aria-invalid="true" aria-label="Legacy Elite" />
        </div>
        <output data-testid="status">{invalid.length ? unsavedText(invalid) : 'All changes saved'}</output>
      </div>
    );
  }

  it('names the fields whose text is not valid, and only those', async () => {
    render(<Fields />);
    expect(screen.getByTestId('status').textContent).toBe('All changes saved');
    fireEvent.change(screen.getByLabelText('Threshold of Gold'), { target: { value: 'abc' } });
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('1 entry is not saved (not valid): “Threshold of Gold”'));
    fireEvent.change(screen.getByLabelText('Threshold of Gold'), { target: { value: '€150K' } });
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('All changes saved'));
    expect(unsavedText(['a', 'b', 'c'])).toBe('3 entries are not saved (not valid): “a”, “b” and 1 more');
  });
});

describe('what the window shows comes back after a reload', () => {
  afterEach(() => window.localStorage.clear());

  it('remembers the area, list, scenario and tab per workspace, and ignores what no longer exists', () => {
    rememberShown('/w/acme.tierscape', { view: 'scenarios', datasetId: 4, scenarioId: 7, workbenchTab: 'today' });
    expect(recallShown('/w/acme.tierscape')).toEqual({ view: 'scenarios', datasetId: 4, scenarioId: 7, workbenchTab: 'today' });
    expect(recallShown('/w/other.tierscape')).toBeNull();
    window.localStorage.setItem('tierscape:shown:/w/bad.tierscape', '{"view":"nowhere"}');
    expect(recallShown('/w/bad.tierscape')).toBeNull();

    const store = createAppStore();
    const openScenario = vi.fn(async () => {});
    store.setState({
      openScenario,
      workspace: {
        id: 'opening-acme',
        path: '/w/acme.tierscape',
        fileName: 'acme.tierscape',
        name: 'acme',
        schemaVersion: 2,
        createdAt: '',
        datasets: [{ id: 4, label: 'ACME FY2026', asOf: null, sourceFile: null, importedAt: '', partnerCount: 30, motions: [], metrics: [] }],
        scenarios: [{ id: 7, name: 'Own ladder', datasetId: 4, isBaseline: false, updatedAt: '' }],
      },
      selectedDatasetId: null,
    });
    restoreShown(store.getState, store.setState);
    expect(store.getState()).toMatchObject({ view: 'scenarios', workbenchTab: 'today', selectedDatasetId: 4, activeScenario: { id: 7, datasetId: 4 } });
    expect(openScenario).toHaveBeenCalledWith(7);

    // a deleted scenario and list are left out
    rememberShown('/w/acme.tierscape', { view: 'compare', datasetId: 99, scenarioId: 98, workbenchTab: 'ladders' });
    const again = createAppStore();
    const open2 = vi.fn(async () => {});
    again.setState({ openScenario: open2, workspace: store.getState().workspace, selectedDatasetId: 4 });
    restoreShown(again.getState, again.setState);
    expect(again.getState()).toMatchObject({ view: 'compare', selectedDatasetId: 4, activeScenario: null });
    expect(open2).not.toHaveBeenCalled();
  });
});
