// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { evaluate, summaryOf, type OutcomeSummary } from '../../shared/engine';
import { formatCount } from '../../shared/model/format';
import type { Scenario } from '../../shared/model/scenario';
import { distributionChartData } from '../../renderer/src/components/outcome/DistributionChart';
import { levelColor, tooClose, UNTIERED_COLOR } from '../../renderer/src/components/colors';
import { OutcomePanel } from '../../renderer/src/features/scenarios/outcome/OutcomePanel';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';

// chart.js stays real unless a test switches `fake.enabled` on: then `new Chart(…)` returns
// a stand-in that records how the panel drives it (create once, update, destroy).
interface FakeChart {
  data: { labels?: unknown; datasets?: unknown };
  options: unknown;
  update: Mock;
  destroy: Mock;
}
const fake = vi.hoisted(() => ({ enabled: false, created: [] as FakeChart[] }));
vi.mock('chart.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('chart.js')>();
  const Chart = new Proxy(actual.Chart, {
    construct(target, args: unknown[], newTarget) {
      if (!fake.enabled) return Reflect.construct(target, args, newTarget) as object;
      const config = args[1] as { data: FakeChart['data']; options: unknown };
      const chart: FakeChart = { data: config.data, options: config.options, update: vi.fn(), destroy: vi.fn() };
      fake.created.push(chart);
      return chart;
    },
  });
  return { ...actual, Chart };
});

const dataset = generatePartners({ seed: 5, count: 300 });
const scenarios = exampleScenarios();

function scenarioNamed(prefix: string): Scenario {
  const found = scenarios.find((s) => s.name.startsWith(prefix));
  if (!found) throw new Error(`no example scenario "${prefix}"`);
  return found;
}

function outcomeOf(scenario: Scenario): OutcomeSummary {
  return summaryOf(evaluate(scenario, dataset));
}

function withAssumptions(scenario: Scenario, assumptions: Partial<Scenario['assumptions']>): Scenario {
  return { ...scenario, assumptions: { ...scenario.assumptions, ...assumptions } };
}

const motionFit = scenarioNamed('Motion-fit');
const asIs = scenarioNamed('As is');
const motionFitOutcome = outcomeOf(motionFit);
const asIsOutcome = outcomeOf(asIs);

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  fake.enabled = false;
  fake.created.length = 0;
});

describe('outcome panel: distribution', () => {
  it.each([
    ['one ladder per motion', motionFit, motionFitOutcome],
    ['one ladder for every motion', asIs, asIsOutcome],
  ])('the table shows every distribution count (%s)', (_name, scenario, outcome) => {
    render(<OutcomePanel outcome={outcome} scenario={scenario} pending={false} error={null} />);
    const table = screen.getByTestId('distribution-table');
    expect(outcome.distribution.length).toBeGreaterThan(0);
    for (const row of outcome.distribution) {
      const cell = within(table).getByTestId(`dist-${row.motion}-${row.tierId ?? 'untiered'}`);
      expect(cell.textContent).toBe(formatCount(row.count));
    }
    // per motion and the all-partners totals
    expect(within(table).getByText('All partners')).toBeTruthy();
    expect(within(table).getByText('reseller')).toBeTruthy();
    const all = outcome.distribution.filter((r) => r.motion === '*').reduce((s, r) => s + r.count, 0);
    expect(all).toBe(300);
  });

  it('the chart has one bar per motion with a ladder; stacks are the tiers lowest first, then untiered', () => {
    const data = distributionChartData(motionFitOutcome);
    expect(data.labels).toEqual(['reseller', 'services', 'technology']);
    const tierKeys = motionFitOutcome.ladders.flatMap((l) => l.tiers.map((t) => `${l.id}/${t.id}`));
    expect(data.datasets.map((d) => d.key)).toEqual([...tierKeys, 'untiered']);
    // each tier in its ladder's colour unless that looks like another tier's of the chart or the untiered grey
    // (the three ladders share their colours level by level; the entry grey is close to the untiered one)
    const own = motionFitOutcome.ladders.flatMap((l) => l.tiers.map((t) => t.color));
    expect(data.datasets[1]?.backgroundColor).toBe(own[1]);
    expect(tooClose(own[0]!, UNTIERED_COLOR)).toBe(true);
    expect(data.datasets[0]?.backgroundColor).toBe(levelColor(0));
    const colors = data.datasets.map((d) => d.backgroundColor);
    colors.forEach((a, i) => colors.slice(i + 1).forEach((b) => expect(tooClose(a, b), `${a} and ${b}`).toBe(false)));
    // each bar adds up to its motion's partners
    data.labels.forEach((motion, i) => {
      const bar = data.datasets.reduce((s, d) => s + (d.data[i] ?? 0), 0);
      const rows = motionFitOutcome.distribution.filter((r) => r.motion === motion).reduce((s, r) => s + r.count, 0);
      expect(bar).toBe(rows);
    });
    const services = data.labels.indexOf('services');
    const untiered = motionFitOutcome.distribution.find((r) => r.motion === 'services' && r.tierId === null)?.count;
    expect(data.datasets.at(-1)?.data[services]).toBe(untiered);
  });

  it('no canvas context (happy-dom): no chart, no exception, the numbers still show', () => {
    const spy = vi.spyOn(HTMLCanvasElement.prototype, 'getContext');
    expect(() => render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />)).not.toThrow();
    expect(spy).toHaveBeenCalled();
    expect(screen.getByTestId('distribution-table')).toBeTruthy();
    cleanup();
    // a canvas that refuses outright
    spy.mockImplementation(() => {
      throw new Error('no canvas here');
    });
    expect(() => render(<OutcomePanel outcome={asIsOutcome} scenario={asIs} pending={false} error={null} />)).not.toThrow();
    expect(screen.getByTestId('dist-*-untiered').textContent).toBe(formatCount(asIsOutcome.distribution.find((r) => r.motion === '*' && r.tierId === null)?.count ?? -1));
  });

  it('with a canvas the chart is created once, updated on a new outcome, destroyed on unmount', () => {
    fake.enabled = true;
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ({}) as never);
    const { rerender, unmount } = render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />);
    expect(fake.created).toHaveLength(1);
    const chart = fake.created[0];
    if (!chart) throw new Error('no chart');
    expect(chart.options).toMatchObject({ animation: false });
    expect(chart.data.labels).toEqual(['reseller', 'services', 'technology']);

    rerender(<OutcomePanel outcome={asIsOutcome} scenario={asIs} pending={false} error={null} />);
    expect(fake.created).toHaveLength(1);
    expect(chart.update).toHaveBeenCalledTimes(1);
    const datasets = chart.data.datasets as { label: string; data: number[] }[];
    expect(datasets.map((d) => d.label)).toEqual(['Bronze', 'Silver', 'Gold', 'Platinum', 'Untiered']);
    expect(chart.destroy).not.toHaveBeenCalled();

    unmount();
    expect(chart.destroy).toHaveBeenCalledTimes(1);
  });
});

describe('outcome panel: resources', () => {
  it('within budget: used of available with the percentage, no over-budget state', () => {
    render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />);
    const mdf = screen.getByTestId('op-meter-mdf');
    expect(motionFitOutcome.resources.utilisation.mdf).toBeLessThan(1);
    expect(mdf.textContent).toContain('$360,000 of $1,000,000 (36%)');
    expect(mdf.textContent).not.toContain('over by');
    expect(mdf.classList.contains('op-over')).toBe(false);
    const hours = screen.getByTestId('op-meter-hours');
    expect(hours.textContent).toContain('of 6,000 h');
  });

  it('a low budget shows the over-budget state and by how much', () => {
    const tight = withAssumptions(motionFit, { mdfBudget: 100_000 });
    const outcome = outcomeOf(tight);
    expect(outcome.resources.utilisation.mdf).toBeGreaterThan(1);
    render(<OutcomePanel outcome={outcome} scenario={tight} pending={false} error={null} />);
    const mdf = screen.getByTestId('op-meter-mdf');
    expect(mdf.classList.contains('op-over')).toBe(true);
    expect(mdf.textContent).toContain('$360,000 of $100,000 (360%)');
    expect(within(mdf).getByText('over by $260,000').className).toBe('op-over-text');
    expect(screen.getByTestId('op-meter-hours').textContent).not.toContain('over by');
  });

  it('no capacity set, and a budget of 0', () => {
    const unset = withAssumptions(motionFit, { capacityHours: null, marginBudget: 0 });
    const outcome = outcomeOf(unset);
    expect(outcome.resources.utilisation.hours).toBeNull();
    expect(outcome.resources.utilisation.margin).toBe(Infinity);
    render(<OutcomePanel outcome={outcome} scenario={unset} pending={false} error={null} />);
    expect(screen.getByTestId('op-meter-hours').textContent).toContain('no capacity set');
    const margin = screen.getByTestId('op-meter-margin');
    expect(margin.textContent).toContain('budget is 0');
    expect(margin.classList.contains('op-over')).toBe(true);
  });

  it('the per-tier table totals the cost in currency', () => {
    render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />);
    const t = motionFitOutcome.resources.totals;
    const total = Math.round(t.mdf + t.fixed + t.margin);
    expect(screen.getByTestId('resources-total-cost').textContent).toBe(`$${total.toLocaleString('en-US')}`);
    expect(within(screen.getByTestId('resources-table')).getAllByRole('row')).toHaveLength(motionFitOutcome.resources.tiers.length + 2);
  });
});

describe('outcome panel: coverage, movement, value', () => {
  it('lists the uncovered pairs; a pair’s tier leads to that tier', () => {
    const onSelectTier = vi.fn();
    render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} onSelectTier={onSelectTier} />);
    const { pairs, grants, uncovered } = motionFitOutcome.coverage;
    expect(uncovered.length).toBeGreaterThan(0);
    expect(screen.getByTestId('coverage-pairs').textContent).toBe(`${pairs.covered} of ${pairs.total} (${((pairs.covered / pairs.total) * 100).toFixed(1)}%)`);
    expect(screen.getByTestId('coverage-grants').textContent).toContain(`${grants.covered} of ${grants.total}`);
    const table = screen.getByRole('table', { name: 'Uncovered pairs' });
    expect(within(table).getAllByRole('row')).toHaveLength(uncovered.length + 1);
    const buttons = within(table).getAllByRole('button');
    expect(buttons).toHaveLength(uncovered.length);
    uncovered.forEach((pair, i) => {
      const button = buttons[i];
      if (!button) throw new Error('missing button');
      expect(button.textContent).toBe(pair.tier);
      fireEvent.click(button);
      expect(onSelectTier).toHaveBeenLastCalledWith(pair.ladderId, pair.tierId);
    });
    expect(within(table).getAllByText('lead routing').length).toBeGreaterThan(0);
  });

  it('without onSelectTier the tiers are plain text', () => {
    render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />);
    expect(within(screen.getByRole('table', { name: 'Uncovered pairs' })).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryAllByRole('button', { name: /^Go to/ })).toHaveLength(0);
  });

  it('every conflict covered: no uncovered list', () => {
    const starter = scenarioNamed('Two-tier');
    const outcome = outcomeOf(starter);
    expect(outcome.coverage.uncovered).toHaveLength(0);
    render(<OutcomePanel outcome={outcome} scenario={starter} pending={false} error={null} />);
    expect(screen.queryByRole('table', { name: 'Uncovered pairs' })).toBeNull();
    expect(screen.getByText(/Every conflict-prone benefit is covered/)).toBeTruthy();
  });

  it('movement, rollout and near miss counts', () => {
    render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />);
    const { movement, rollout, nearMiss } = motionFitOutcome;
    expect(screen.getByTestId('move-promoted').textContent).toBe(formatCount(movement.promoted));
    expect(screen.getByTestId('move-demoted').textContent).toBe(formatCount(movement.demoted));
    expect(screen.getByTestId('move-lostTier').textContent).toBe(formatCount(movement.lostTier));
    expect(screen.getByTestId('move-exitCandidates').textContent).toBe(formatCount(movement.exitCandidates));
    expect(screen.getByTestId('rollout-grandfathered').textContent).toBe(formatCount(rollout.grandfathered));
    expect(screen.getByTestId('rollout-demoted').textContent).toBe(formatCount(rollout.demoted));
    expect(screen.getByTestId('rollout-warned').textContent).toBe(formatCount(rollout.warned));
    expect(screen.getByTestId('rollout-limited').textContent).toBe(formatCount(rollout.limited));
    // the four rollout states are a partition of the downgrades, and the panel says of how many
    expect(rollout.warned + rollout.limited + rollout.grandfathered + rollout.demoted).toBe(movement.downgrades);
    expect(screen.getByTestId('rollout-partition').textContent).toBe(`The ${formatCount(movement.downgrades)} downgrades owed: warned, limited, grandfathered or demoted now.`);
    expect(screen.getByTestId('nearmiss-10').textContent).toBe(formatCount(nearMiss.within10));
    expect(screen.getByTestId('nearmiss-20').textContent).toBe(formatCount(nearMiss.within20));
  });

  it('value concentration when a value metric is set, a note when not', () => {
    const lookup = () => ({ label: 'Sourced ARR', kind: 'currency' as const, unit: null });
    const { rerender } = render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} lookup={lookup} />);
    const region = screen.getByRole('region', { name: 'Value concentration' });
    expect(within(region).getByRole('heading').textContent).toBe('Value concentration · Sourced ARR');
    expect(within(region).getByText(`$${Math.round(motionFitOutcome.valueConcentration.total).toLocaleString('en-US')}`)).toBeTruthy();
    expect(screen.getByTestId('value-top5').textContent).toBe(`${(motionFitOutcome.valueConcentration.top5Share * 100).toFixed(1).replace(/\.0$/, '')}%`);
    expect(within(region).getAllByRole('row')).toHaveLength(motionFitOutcome.valueConcentration.tiers.length + 1);

    const noValue = withAssumptions(motionFit, { valueMetric: null });
    rerender(<OutcomePanel outcome={outcomeOf(noValue)} scenario={noValue} pending={false} error={null} />);
    expect(within(screen.getByRole('region', { name: 'Value concentration' })).getByText(/No value metric set/)).toBeTruthy();
  });
});

describe('outcome panel: alerts, review, errors', () => {
  it('alerts and review findings that name a tier lead to it', () => {
    const onSelectTier = vi.fn();
    render(<OutcomePanel outcome={asIsOutcome} scenario={asIs} pending={false} error={null} onSelectTier={onSelectTier} />);
    expect(screen.getAllByTestId('alert')).toHaveLength(asIsOutcome.alerts.length);
    const alerts = within(screen.getByRole('list', { name: 'Alerts' })).getAllByRole('button', { name: /^Go to tier/ });
    const named = asIsOutcome.alerts.filter((a) => a.tierId);
    expect(alerts).toHaveLength(named.length);
    const firstAlert = named[0];
    if (!firstAlert || !alerts[0]) throw new Error('expected an alert naming a tier');
    fireEvent.click(alerts[0]);
    expect(onSelectTier).toHaveBeenLastCalledWith(firstAlert.ladderId, firstAlert.tierId);

    const review = within(screen.getByRole('list', { name: 'Design review findings' }));
    const findings = screen.getAllByTestId('review-finding');
    expect(findings).toHaveLength(asIsOutcome.review.length);
    asIsOutcome.review.forEach((f, i) => {
      const item = findings[i];
      if (!item) throw new Error('missing finding');
      expect(item.textContent).toContain(f.message);
      expect(item.textContent).toContain(`Fix: ${f.fix}`);
    });
    const platinum = asIsOutcome.review.findIndex((f) => f.tierId === 'platinum');
    const platinumItem = findings[platinum];
    if (!platinumItem) throw new Error('expected a finding on Platinum');
    fireEvent.click(within(platinumItem).getByRole('button', { name: 'Go to tier Platinum' }));
    expect(onSelectTier).toHaveBeenLastCalledWith('metals', 'platinum');

    // a finding on the whole ladder leads to the ladder
    const ladderOnly = asIsOutcome.review.findIndex((f) => f.ladderId && !f.tierId);
    const ladderItem = findings[ladderOnly];
    if (!ladderItem) throw new Error('expected a finding on a ladder');
    fireEvent.click(within(ladderItem).getByRole('button', { name: /^Go to ladder/ }));
    expect(onSelectTier).toHaveBeenLastCalledWith('metals', null);
    expect(review.getAllByRole('button').length).toBeGreaterThan(0);
  });

  it('over-budget alerts show as warnings; info alerts as info', () => {
    const apps = scenarioNamed('App-marketplace');
    const outcome = outcomeOf(apps);
    render(<OutcomePanel outcome={outcome} scenario={apps} pending={false} error={null} onSelectTier={vi.fn()} />);
    const items = screen.getAllByTestId('alert');
    outcome.alerts.forEach((a, i) => {
      expect(items[i]?.classList.contains(`op-${a.severity}`)).toBe(true);
      expect(items[i]?.textContent).toContain(a.message);
    });
    expect(outcome.alerts.some((a) => a.severity === 'info')).toBe(true);
  });

  it('evaluation errors are listed at the top', () => {
    const broken: Scenario = {
      ...motionFit,
      overrides: [{ partnerId: 'NO-SUCH-PARTNER', tierId: 'strategic', reason: 'a strategic exception' }],
    };
    const outcome = outcomeOf(broken);
    expect(outcome.errors.length).toBeGreaterThan(0);
    const onSelectTier = vi.fn();
    render(<OutcomePanel outcome={outcome} scenario={broken} pending={false} error={null} onSelectTier={onSelectTier} />);
    const errors = screen.getByRole('region', { name: 'Evaluation errors' });
    const sections = screen.getAllByRole('region');
    expect(sections[0]).toBe(errors);
    const first = outcome.errors[0];
    if (!first) throw new Error('expected an error');
    expect(errors.textContent).toContain(first.message);
  });

  it('no errors: no error section', () => {
    render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />);
    expect(screen.queryByRole('region', { name: 'Evaluation errors' })).toBeNull();
  });
});

describe('outcome panel: states', () => {
  it('pending keeps the last outcome with an "updating…" status', () => {
    const { rerender } = render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error={null} />);
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('');
    const edited = withAssumptions(motionFit, { mdfBudget: 10 });
    act(() => rerender(<OutcomePanel outcome={motionFitOutcome} scenario={edited} pending={true} error={null} />));
    expect(screen.getByRole('status').textContent).toBe('updating…');
    expect(screen.getByTestId('distribution-table')).toBeTruthy();
    expect(screen.getByTestId('dist-reseller-strategic').textContent).toBe(formatCount(motionFitOutcome.distribution.find((r) => r.motion === 'reseller' && r.tierId === 'strategic')?.count ?? -1));
  });

  it('an error shows in an alert box', () => {
    render(<OutcomePanel outcome={motionFitOutcome} scenario={motionFit} pending={false} error="The evaluation failed: out of memory" />);
    expect(screen.getByRole('alert').textContent).toBe('The evaluation failed: out of memory');
  });

  it('no outcome: an empty state', () => {
    const { rerender } = render(<OutcomePanel outcome={null} scenario={motionFit} pending={false} error={null} />);
    expect(screen.getByText(/No outcome yet/)).toBeTruthy();
    expect(screen.queryByTestId('distribution-table')).toBeNull();
    rerender(<OutcomePanel outcome={null} scenario={motionFit} pending={true} error={null} />);
    expect(screen.getByText(/Evaluating the scenario/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('updating…');
  });
});
