import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import type { ComparisonResult, ReplayCycle } from '../../shared/engine';
import { formatDelta, formatMetricValue } from '../../shared/model/format';
import { SCREENSHOTS, useBrowserApp } from './harness';

/** What `npm run cli -- <args> --json` prints, parsed. */
async function cliJson<T>(args: string[]): Promise<T> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out.join('')) as T;
}

type CliCompare = ComparisonResult & { diff: { a: string; b: string; count: number } };

/** The KPI table's figures, and how each reads, for the keys the CLI prints. */
const KPIS = [
  ['tiered', 'count'],
  ['topTierShare', 'percent'],
  ['topTierValueShare', 'percent'],
  ['hours', 'count'],
  ['mdf', 'currency'],
  ['fixed', 'currency'],
  ['margin', 'currency'],
  ['pairCoverage', 'percent'],
  ['grantCoverage', 'percent'],
  ['uncoveredPairs', 'count'],
  ['promoted', 'count'],
  ['demoted', 'count'],
  ['lostTier', 'count'],
  ['newlyTiered', 'count'],
  ['downgrades', 'count'],
  ['exitCandidates', 'count'],
  ['nearMiss10', 'count'],
  ['alerts', 'count'],
  ['reviewFindings', 'count'],
] as const;


/** Compare › Sensitivity & goal seek on "Motion-fit ladders"; answers the explored threshold's value now. */
async function exploreMotionFit(page: Page): Promise<string | null> {
  await page.keyboard.press('Control+3');
  await page.getByRole('tab', { name: 'Sensitivity & goal seek' }).click();
  await page.getByLabel('Scenario to explore').selectOption({ label: 'Motion-fit ladders' });
  // the panel may first show the scenario open before (the baseline's Silver threshold): wait for motion-fit's first threshold
  await expect.poll(() => page.getByTestId('explore-now').textContent()).toMatch(/^Now: Selling holds/);
  return page.getByTestId('explore-now-value').textContent();
}

describe('compare and explore in browser mode, end to end', () => {
  const app = useBrowserApp('compare');
  let page: Page;
  const workspacePath = () => app.mode.session.info()!.path;
  const number = async (testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));

  it('compares three example scenarios with the CLI’s numbers, diffs two, refuses fewer than two, and presents with the keyboard', async () => {
    page = await app.openApp(1920, 1080);
    await page.keyboard.press('Control+3');
    await expect.poll(() => page.getByTestId('kpi-head-2').count()).toBe(1);
    await expect.poll(() => page.getByTestId('compare-status').textContent()).toMatch(/computed in/);
    const names = await Promise.all([0, 1, 2].map(async (i) => (await page.getByTestId(`kpi-head-${i}`).locator('.cmp-name').textContent())!));

    const cli = await cliJson<CliCompare>(['compare', workspacePath(), ...names.flatMap((n) => ['--scenario', n])]);
    expect(cli.scenarios.map((s) => s.name)).toEqual(names);
    expect(cli.baseline).toBe(names[0]);
    for (const [i, k] of cli.scenarios.entries()) {
      for (const [key, kind] of KPIS) {
        const value = k[key];
        expect(await number(`kpi-${key}-${i}`), `${key} of ${k.name}`).toBeCloseTo(value, 9);
        const text = await page.getByTestId(`kpi-${key}-${i}`).locator('.cmp-value').textContent();
        expect(text).toBe(key === 'hours' ? `${formatMetricValue('count', value)} h` : formatMetricValue(kind, value));
        if (k.delta) {
          const delta = k.delta[key]!;
          const shown = formatDelta(kind, delta);
          expect(await page.getByTestId(`kpi-${key}-${i}-delta`).textContent(), `delta of ${key} in ${k.name}`).toBe(key === 'hours' && shown !== '±0' ? `${shown} h` : shown);
        }
      }
      for (const t of k.perTier.filter((row) => row.tier !== null)) {
        expect(await number(`kpi-tier:${t.tier}-${i}`), `${t.tier} in ${k.name}`).toBe(k.perTier.filter((row) => row.tier === t.tier).reduce((s, row) => s + row.count, 0));
      }
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare-1920.png') });

    // charts below the table, then the partner diff (the CLI diffs the first two named)
    await page.getByRole('heading', { name: 'Partners per tier' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare-charts-1920.png') });
    await expect.poll(() => page.getByTestId('diff-count').textContent()).toMatch(new RegExp(`^${cli.diff.count.toLocaleString('en-US')} partners land`));
    await expect.poll(() => page.locator('.cmp-diff-grid .ag-row').count()).toBeGreaterThan(0);

    // presentation mode: F5 enters, arrows step sections and scenarios, Esc leaves
    await page.keyboard.press('F5');
    const presentation = page.getByTestId('presentation');
    await expect.poll(() => presentation.isVisible()).toBe(true);
    await expect.poll(() => presentation.getByRole('heading', { level: 1 }).textContent()).toBe('Key figures');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'presentation-kpis-1920.png') });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => presentation.getByRole('heading', { level: 1 }).textContent()).toBe('Partners per tier');
    await expect.poll(() => presentation.locator('[aria-current="true"]').count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => presentation.locator('[aria-current="true"]').textContent()).toBe(names[1]);
    await page.keyboard.press('End');
    await expect.poll(() => presentation.getByRole('heading', { level: 1 }).textContent()).toBe('Movement from today’s tiers');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'presentation-movement-1920.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => presentation.count()).toBe(0);
    await expect.poll(() => page.getByTestId('kpi-table').isVisible()).toBe(true);

    // the same scenarios on another year's partner list
    await page.getByLabel('Dataset to compare on').selectOption({ index: 1 }); // the datasets follow 'the scenarios’ own', oldest first
    await expect.poll(() => page.getByTestId('compare-status').textContent()).toMatch(/^On FY2024 .*computed in/);
    const older = await cliJson<CliCompare>(['compare', workspacePath(), ...names.flatMap((n) => ['--scenario', n]), '--dataset', 'FY2024']);
    for (const [i, k] of older.scenarios.entries()) expect(await number(`kpi-tiered-${i}`)).toBe(k.tiered);

    // fewer than two: explained, nothing computed, no error
    await page.getByRole('checkbox', { name: new RegExp(`^${names[2]}`) }).uncheck();
    await page.getByRole('checkbox', { name: new RegExp(`^${names[1]}`) }).uncheck();
    await expect.poll(() => page.getByTestId('compare-why').textContent()).toMatch(/Pick at least 2 scenarios/);
    await expect.poll(() => page.getByTestId('kpi-table').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Present' }).isDisabled()).toBe(false);
  });

  it('sweeps a threshold and applies a point (undoable), and goal seek gives the promised count', async () => {
    page = await app.openApp(1920, 1080);
    // the baseline keeps today's tiers: the panel says why its sweep is flat
    await page.keyboard.press('Control+3');
    await page.getByRole('tab', { name: 'Sensitivity & goal seek' }).click();
    await page.getByLabel('Scenario to explore').selectOption({ label: 'As is: metals on lifetime revenue (baseline)' });
    await expect.poll(() => page.getByTestId('explore-baseline').textContent()).toMatch(/is the baseline: its partners keep the tiers they have today/);
    const before = await exploreMotionFit(page);
    expect(await page.getByTestId('explore-baseline').count()).toBe(0);
    await expect.poll(() => page.getByTestId('sweep-table').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sensitivity-1920.png') });

    // apply the sweep's 5th point: the tier then holds what the sweep said
    await page.getByText('The numbers behind the chart').click();
    const row = page.getByTestId('sweep-row-4');
    const tierId = await page.getByTestId('sweep-table').getAttribute('data-threshold-tier');
    const promised = Number((await row.locator(`[data-tier="${tierId}"]`).textContent())!.replace(/,/g, ''));
    await row.getByRole('button', { name: /^Apply/ }).click();
    await expect.poll(async () => Number((await page.getByTestId('explore-now-count').textContent())!.replace(/,/g, ''))).toBe(promised);
    expect(await page.getByTestId('explore-now-value').textContent()).not.toBe(before);
    // Ctrl+Z takes it back
    await page.getByRole('heading', { name: 'Sensitivity' }).click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('explore-now-value').textContent()).toBe(before);

    // goal seek: the applied threshold gives the count it promised
    await page.getByLabel('Goal', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Find the threshold' }).click();
    await expect.poll(() => page.getByTestId('goal-result').count()).toBe(1);
    const achieved = Number(await page.getByTestId('goal-result').getAttribute('data-achieved'));
    // (the exact threshold's Apply; the round values have their own below it)
    await page.getByTestId('goal-apply').click();
    await expect.poll(async () => Number((await page.getByTestId('explore-now-count').textContent())!.replace(/,/g, ''))).toBe(achieved);
    await expect.poll(() => page.getByTestId('goal-applied').count()).toBe(1);
    // the drag's label gives the threshold as it is, even beyond the swept range
    expect(await page.getByTestId('drag-value').textContent()).toBe(await page.getByTestId('explore-now-value').textContent());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'goal-seek-1920.png') });

    // besides the exact threshold, round ones a program would publish, each with the count it gives: applying one puts that
    // many in the tier, and one Ctrl+Z takes it back to the exact one
    const offers = page.getByTestId('goal-offer');
    await expect.poll(() => offers.count()).toBeGreaterThan(0);
    const offer = offers.first();
    const offerCount = Number(await offer.getAttribute('data-count'));
    const offerText = (await offer.getByRole('button').textContent())!.replace(/^Apply /, '');
    await offer.getByRole('button').click();
    await expect.poll(() => page.getByTestId('explore-now-value').textContent()).toBe(offerText);
    await expect.poll(async () => Number((await page.getByTestId('explore-now-count').textContent())!.replace(/,/g, ''))).toBe(offerCount);
    await expect.poll(() => offer.getByRole('button').textContent()).toBe(`Applied ${offerText}`);
    await page.getByRole('heading', { name: 'Goal seek' }).click();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Number((await page.getByTestId('explore-now-count').textContent())!.replace(/,/g, ''))).toBe(achieved);

    // the placeholder fits the ladder (about a tenth of its partners); a new target, or one that does not read, clears the answer
    const ladderPartners = Number(/over ([\d,]+) partners? on this ladder/.exec((await page.getByTestId('goal-result').textContent())!)![1]!.replace(/,/g, ''));
    const goal = page.getByLabel('Goal', { exact: true });
    expect(await goal.getAttribute('placeholder')).toBe(formatMetricValue('count', Math.max(1, Math.round(ladderPartners / 10))));
    await goal.fill('7');
    await expect.poll(() => page.getByTestId('goal-result').count()).toBe(0);
    await page.getByRole('button', { name: 'Find the threshold' }).click();
    await expect.poll(() => page.getByTestId('goal-result').count()).toBe(1);
    await goal.fill('many');
    await expect.poll(() => page.getByTestId('goal-result').count()).toBe(0);
    expect(await page.getByTestId('goal-invalid').textContent()).toMatch(/^Type a whole number of partners, e\.g\. [\d,]+ \(the ladder has [\d,]+\)\.$/);
  });

  it('drags a threshold: each value previewed in the worker, set where the drag ends, undone by Ctrl+Z, dropped by Escape', async () => {
    page = await app.openApp(1920, 1080);
    const before = await exploreMotionFit(page);
    const slider = page.getByRole('slider', { name: 'Drag the threshold' });
    const outcome = page.getByTestId('drag-outcome');
    expect(await outcome.textContent()).toMatch(/^Drag to see partners per tier/);
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.5, y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.5 + (0.45 * i) / 20), y);
    // mid-drag: the value under the pointer, its outcome against the value now, and nothing edited yet
    const dragged = (await page.getByTestId('drag-value').textContent())!;
    expect(dragged).not.toBe(before);
    await expect.poll(() => outcome.textContent()).toContain(`At ${dragged} (now ${before}):`);
    expect(await page.getByTestId('explore-now-value').textContent()).toBe(before);
    const promised = Number((await outcome.locator('[data-tier="selling"] strong').textContent())!.replace(/,/g, ''));
    await page.mouse.up();
    // let go: the threshold is there, and the full evaluation agrees with the preview
    await expect.poll(() => page.getByTestId('explore-now-value').textContent()).toBe(dragged);
    await expect.poll(async () => Number((await page.getByTestId('explore-now-count').textContent())!.replace(/,/g, ''))).toBe(promised);
    await expect.poll(() => outcome.textContent()).toMatch(/^Drag to see/);
    await page.getByRole('heading', { name: 'Sensitivity' }).click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('explore-now-value').textContent()).toBe(before);

    // the keyboard steps it (each step is kept); Escape in mid-drag drops the value
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('explore-now-value').textContent()).not.toBe(before);
    // (a value off the slider's steps, as goal seek gives, moves onto them: undo brings it back)
    await page.getByRole('heading', { name: 'Sensitivity' }).click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('explore-now-value').textContent()).toBe(before);
    await page.mouse.move(box.x + box.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, y);
    await expect.poll(() => outcome.textContent()).toMatch(/^At /);
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await expect.poll(() => outcome.textContent()).toMatch(/^Drag to see/);
    expect(await page.getByTestId('explore-now-value').textContent()).toBe(before);
  });

  it('replays a scenario over the three yearly datasets with the CLI’s numbers', async () => {
    page = await app.openApp(1920, 1080);
    await page.keyboard.press('Control+3');
    await page.getByRole('tab', { name: 'Cycle replay' }).click();
    await page.getByLabel('Scenario to replay').selectOption({ label: 'Motion-fit ladders' });
    await expect.poll(() => page.getByTestId('replay-table').locator('tbody tr').count()).toBe(3);
    const cli = await cliJson<{ cycles: ReplayCycle[] }>(['replay', workspacePath(), '--scenario', 'Motion-fit ladders']);
    const rows = page.getByTestId('replay-table').locator('tbody tr');
    for (const [i, c] of cli.cycles.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells[1]).toBe(formatMetricValue('percent', c.topTierShare));
      expect(cells[2]).toBe(formatMetricValue('count', c.promoted));
      expect(cells[3]).toBe(formatMetricValue('count', c.downgrades));
      expect(cells[7]).toBe(formatMetricValue('count', c.demoted));
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'replay-1920.png') });
  });
});
