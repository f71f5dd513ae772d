// @vitest-environment happy-dom
/**
 * The Compare view's "What changed between the designs": the reference against another
 * compared scenario, grouped by part, a chooser when more than two are compared, the long
 * list folded; the card reads the stored designs (and the open draft) of the comparison.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { compareOutcomes, evaluate, ladderInfosOf, movementFlows } from '../../shared/engine';
import type { ScenarioRecordDto } from '../../shared/ipc/contract';
import type { Scenario } from '../../shared/model/scenario';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import type { ComparedScenario } from '../../renderer/src/engine/core';
import { DESIGN_CHANGES_SHOWN, DesignChanges, DesignDiffCard } from '../../renderer/src/features/compare/DesignDiff';
import { useStore } from '../../renderer/src/stores/store';
import { dataset, installFakeApi, ok, workspace } from './fake-api';

const data = generatePartners({ seed: 9, count: 40 });
const examples = exampleScenarios();
const byName = (name: string) => structuredClone(examples.find((s) => s.name === name)!);
const asIs = byName('As is: metals on lifetime revenue');
const starter = byName('Two-tier starter');
const revenueOnly = byName('Metals, revenue only');

afterEach(cleanup);

const items = (el: HTMLElement) => within(el).queryAllByRole('listitem').map((li) => li.textContent);
const parts = (el: HTMLElement) => within(el).queryAllByRole('heading', { level: 3 }).map((h) => h.textContent);

describe('the design changes', () => {
  it('two scenarios: the other against the baseline, grouped by part, the long list folded', () => {
    render(<DesignChanges scenarios={[asIs, starter]} names={[asIs.name, starter.name]} reference={0} baselineMarked metrics={data.metrics} />);
    const box = screen.getByTestId('design-diff');
    expect(screen.getByTestId('design-diff-pair').textContent).toBe('Two-tier starter against As is: metals on lifetime revenue (the baseline): 24 changes');
    expect(screen.queryByRole('combobox')).toBeNull();
    // the first changes, part by part, then a button for all of them
    expect(items(box)).toHaveLength(DESIGN_CHANGES_SHOWN);
    expect(parts(box)).toEqual(['Ladders', 'Tiers', 'Requirements', 'Tier benefits']);
    expect(items(box).slice(0, 3)).toEqual([
      'New ladder All partners for every other motion: Partner and Preferred Partner',
      'Ladder All partners (every other motion) removed',
      'New tier Partner in All partners at the entry level: no requirements',
    ]);
    const more = screen.getByTestId('design-diff-more');
    expect(more.textContent).toBe('Show all 24 changes');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(items(box)).toHaveLength(24);
    expect(parts(box)).toEqual(['Ladders', 'Tiers', 'Requirements', 'Tier benefits', 'Offsetting rules', 'Today’s tiers', 'Policies', 'Baseline']);
    expect(items(box)).toContain('Warning band: off → 10%');
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(more.textContent).toBe(`Show the first ${DESIGN_CHANGES_SHOWN} changes`);
  });

  it('more than two: a chooser picks the other scenario; none marked, the first is the reference', () => {
    const scenarios: Scenario[] = [{ ...revenueOnly, baseline: false }, starter, { ...asIs, baseline: false }];
    render(<DesignChanges scenarios={scenarios} names={scenarios.map((s) => s.name)} reference={0} baselineMarked={false} metrics={data.metrics} />);
    const chooser = screen.getByRole('combobox', { name: 'Scenario whose design changes to show' });
    expect(within(chooser).getAllByRole('option').map((o) => o.textContent)).toEqual(['Two-tier starter', 'As is: metals on lifetime revenue']);
    fireEvent.change(chooser, { target: { value: '2' } });
    expect((chooser as HTMLSelectElement).value).toBe('2');
    // (the sentence follows the chooser, whose options are part of its text)
    expect(screen.getByTestId('design-diff-pair').textContent).toMatch(/As is: metals on lifetime revenue against Metals, revenue only \(the reference\): the same design \(they differ only in name and description\)$/);
    expect(items(screen.getByTestId('design-diff'))).toEqual([]);
    expect(screen.queryByTestId('design-diff-more')).toBeNull();
  });
});

describe('the card', () => {
  it('reads the compared designs, the open draft in place of its stored one', async () => {
    const stored = [asIs, revenueOnly];
    const records = new Map<number, ScenarioRecordDto>(stored.map((scenario, i) => [i + 1, { id: i + 1, datasetId: 1, updatedAt: '2026-11-22T00:00:00Z', scenario }]));
    const api = installFakeApi({ 'scenario:get': (p) => ok(records.get((p as { id: number }).id)!) });
    const draft = structuredClone(revenueOnly);
    draft.policies.warningBandPct = 15;
    const entries = stored.map((s) => ({ name: s.name, baseline: s.baseline, outcome: evaluate(s, data) }));
    const scenarios: ComparedScenario[] = stored.map((s, i) => ({ ladders: ladderInfosOf(s), assumptions: { capacityHours: null, mdfBudget: null, marginBudget: null }, flows: movementFlows(entries[i]!.outcome) }));
    act(() =>
      useStore.setState({
        workspace: { ...workspace('Sample', [dataset(1, 'FY2026', data.partners.length, { metrics: data.metrics })]) },
        activeScenario: { id: 2, datasetId: 1 },
        comparison: { datasetId: 1, partners: data.partners.length, comparison: compareOutcomes(entries), scenarios, ms: 1, key: 'k', draft, ids: [1, 2], names: stored.map((s) => s.name) },
      }),
    );
    render(<DesignDiffCard />);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('What changed between the designs');
    await waitFor(() => expect(screen.getByTestId('design-diff')).toBeTruthy());
    expect(items(screen.getByTestId('design-diff'))).toEqual(['Warning band: off → 15%', 'As is: metals on lifetime revenue is marked as the baseline; Metals, revenue only is not']);
    // the draft is the open scenario's: only the reference is read from the workspace
    expect(api.calls.filter((c) => c.channel === 'scenario:get').map((c) => c.payload)).toEqual([{ id: 1 }]);
  });
});
