// @vitest-environment happy-dom
/** The KPI table colours each delta by whether it is good for the program, its sign still shown (issue 20). */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComparedScenario } from '../../renderer/src/engine/core';
import { KpiTable } from '../../renderer/src/features/compare/KpiTable';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { evaluate, compareOutcomes } from '../../shared/engine';
import { kpiRows } from '../../shared/report/kpis';

afterEach(cleanup);

const data = generatePartners({ seed: 7, count: 150 });
const chosen = exampleScenarios().filter((s) => ['As is: metals on lifetime revenue', 'Motion-fit ladders', 'Two-tier starter'].includes(s.name));
const outcomes = chosen.map((s) => ({ name: s.name, baseline: s.baseline, outcome: evaluate(s, data) }));
const comparison = compareOutcomes(outcomes);
const scenarios = outcomes.map((o) => ({ ladders: o.outcome.ladders, assumptions: { capacityHours: null, mdfBudget: null, marginBudget: null }, flows: [] })) as unknown as ComparedScenario[];

describe('KPI deltas', () => {
  it('cost up and coverage down read bad, the reverse good, per-tier counts neutral; the text keeps its sign', () => {
    render(<KpiTable comparison={comparison} scenarios={scenarios} />);
    const rows = kpiRows(comparison, scenarios);
    let good = 0;
    let bad = 0;
    for (const row of rows) {
      row.cells.forEach((c, i) => {
        const el = screen.queryByTestId(`kpi-${row.id}-${i}-delta`);
        if (c.deltaText === null) return expect(el).toBeNull();
        expect(el!.textContent).toBe(c.deltaText);
        const tone = el!.getAttribute('data-tone');
        if (row.better === null || c.deltaText === '±0') expect(tone).toBe('neutral');
        else expect(tone).toBe((c.delta! > 0) === (row.better === 'higher') ? 'good' : 'bad');
        expect(el!.className).toContain(tone === 'good' ? 'cmp-good' : tone === 'bad' ? 'cmp-bad' : 'cmp-delta');
        if (tone === 'good') good += 1;
        if (tone === 'bad') bad += 1;
        if (row.id.startsWith('tier:')) expect(tone).toBe('neutral');
      });
    }
    // the sample's scenarios differ both ways
    expect(good).toBeGreaterThan(0);
    expect(bad).toBeGreaterThan(0);
  });
});
