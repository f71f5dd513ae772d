// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { evaluate, ladderInfosOf, compareOutcomes, movementFlows } from '../../shared/engine';
import type { ComparedScenario } from '../../renderer/src/engine/core';
import { KpiTable } from '../../renderer/src/features/compare/KpiTable';
import { kpiRows, referenceIndex } from '../../shared/report/kpis';
import { presentationKey } from '../../renderer/src/features/compare/Presentation';

const data = generatePartners({ seed: 5, count: 400 });
const examples = exampleScenarios();
const picked = ['Motion-fit ladders', 'Two-tier starter', 'Metals, revenue only'].map((n) => examples.find((s) => s.name === n)!);

function compared(baselineName: string | null) {
  const entries = picked.map((s) => ({ name: s.name, baseline: s.name === baselineName, outcome: evaluate(s, data) }));
  const extras: ComparedScenario[] = entries.map((e, i) => ({
    ladders: ladderInfosOf(picked[i]!),
    assumptions: { capacityHours: 1, mdfBudget: null, marginBudget: picked[i]!.assumptions.marginBudget },
    flows: movementFlows(e.outcome),
  }));
  return { comparison: compareOutcomes(entries), extras };
}

afterEach(cleanup);

describe('the KPI table', () => {
  it('deltas are against the baseline, per tier by name, and the baseline itself has none', () => {
    const { comparison, extras } = compared('Two-tier starter');
    expect(referenceIndex(comparison)).toBe(1);
    const rows = kpiRows(comparison, extras);
    const tiered = rows.find((r) => r.id === 'tiered')!;
    expect(tiered.cells.map((c) => c.value)).toEqual(comparison.scenarios.map((k) => k.tiered));
    expect(tiered.cells[1]!.delta).toBeNull();
    expect(tiered.cells[0]!.delta).toBe(comparison.scenarios[0]!.tiered - comparison.scenarios[1]!.tiered);
    // a tier only one scenario has: a count there, a dash (no delta) elsewhere
    for (const row of rows.filter((r) => r.id.startsWith('tier:') && r.id !== 'tier:untiered')) {
      const name = row.id.slice('tier:'.length);
      row.cells.forEach((c, i) => {
        const own = comparison.scenarios[i]!.perTier.filter((t) => t.tier === name);
        expect(c.value).toBe(own.length ? own.reduce((s, t) => s + t.count, 0) : null);
        if (c.value === null) expect(c.text).toBe('—');
      });
    }
    // hours over a capacity of 1 hour warn and say so
    const hours = rows.find((r) => r.id === 'hours')!;
    for (const c of hours.cells) if (c.value! > 1) expect(c).toMatchObject({ warn: true, note: expect.stringMatching(/of capacity$/) });
  });

  it('without a baseline the first scenario is the reference, and the table says so', () => {
    const { comparison, extras } = compared(null);
    expect(comparison.baseline).toBeNull();
    expect(referenceIndex(comparison)).toBe(0);
    expect(kpiRows(comparison, extras).find((r) => r.id === 'promoted')!.cells[2]!.delta).toBe(comparison.scenarios[2]!.promoted - comparison.scenarios[0]!.promoted);
    render(<KpiTable comparison={comparison} scenarios={extras} />);
    const table = screen.getByTestId('kpi-table');
    expect(within(table).getByText(/none of these is marked as the baseline/)).toBeTruthy();
    expect(within(screen.getByTestId('kpi-head-0')).getByText('reference')).toBeTruthy();
    expect(screen.queryByTestId('kpi-promoted-0-delta')).toBeNull();
    expect(screen.getByTestId('kpi-promoted-2-delta').textContent).toMatch(/^([+−]\d|±0)/);
  });

  it('presentation mode shows fewer, larger figures', () => {
    const { comparison, extras } = compared('Two-tier starter');
    const { unmount } = render(<KpiTable comparison={comparison} scenarios={extras} />);
    const all = screen.getAllByRole('row').length;
    unmount();
    render(<KpiTable comparison={comparison} scenarios={extras} large highlight={2} />);
    expect(screen.getAllByRole('row').length).toBeLessThan(all);
    expect(screen.getByTestId('kpi-tiered-2').className).toContain('cmp-current');
    expect(screen.queryByTestId('kpi-tier:untiered-0')).toBeNull();
  });
});

describe('presentation keys', () => {
  it('arrows step sections and scenarios, Home/End jump, Esc leaves, other keys are not ours', () => {
    expect(presentationKey('ArrowRight')).toEqual([1, 0]);
    expect(presentationKey('PageUp')).toEqual([-1, 0]);
    expect(presentationKey('ArrowDown')).toEqual([0, 1]);
    expect(presentationKey('ArrowUp')).toEqual([0, -1]);
    expect(presentationKey('End')![0]).toBeGreaterThan(1);
    expect(presentationKey('Escape')).toBe('leave');
    expect(presentationKey('a')).toBeNull();
    expect(presentationKey('F5')).toBeNull();
  });
});
