import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import type { TargetDesign } from '../../shared/engine';
import { SCREENSHOTS, useBrowserApp } from './harness';

/** `npm run cli -- fit … --json`, parsed. */
async function cliFit(args: string[]): Promise<TargetDesign> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['fit', ...args, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out.join('')) as TargetDesign;
}

/** Per tier row of the proposal: target, achieved and the proposed threshold, as the page carries them. */
async function proposalRows(page: Page) {
  const rows = page.getByTestId('design-tier');
  const out: Record<string, { target: string; achieved: number; to: string }> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out[(await row.getAttribute('data-tier'))!] = {
      target: (await row.getAttribute('data-target'))!,
      achieved: Number(await row.getAttribute('data-achieved')),
      to: (await row.getAttribute('data-to'))!,
    };
  }
  return out;
}

describe('design to a target in browser mode, end to end', () => {
  const app = useBrowserApp('design');

  it('fits the Motion-fit reseller ladder to 80/15/5 under an MDF limit, applies it, undoes it — with the CLI’s numbers', async () => {
    const page = await app.openApp(1280, 800);
    await page.keyboard.press('Control+3');
    await page.getByRole('tab', { name: 'Design to target' }).click();
    await page.getByLabel('Scenario to explore').selectOption({ label: 'Motion-fit ladders' });
    await page.getByLabel('Ladder to design').selectOption({ label: 'Resale partners (reseller)' });
    await page.getByTestId('design-target-registered').fill('80');
    await page.getByTestId('design-target-selling').fill('15');
    await page.getByTestId('design-target-specialist').fill('5');
    await page.getByTestId('design-limit-mdf').fill('$250K');
    await page.getByTestId('design-round').fill('10K');
    await page.getByTestId('design-run').click();
    await expect.poll(() => page.getByTestId('design-proposal').count(), { timeout: 20_000 }).toBe(1);
    const shown = await proposalRows(page);

    const cli = await cliFit([
      app.mode.session.info()!.path,
      '--scenario',
      'Motion-fit ladders',
      '--ladder',
      'reseller',
      '--target',
      '80,15,5',
      '--max-mdf',
      '250000',
      '--round',
      '10000',
    ]);
    expect(cli.tiers.map((t) => t.tierId)).toEqual(['registered', 'selling', 'specialist', 'strategic']);
    for (const t of cli.tiers) {
      expect(shown[t.tierId]).toEqual({ target: t.target === null ? '' : String(t.target), achieved: t.achieved, to: t.threshold ? String(t.threshold.to) : '' });
    }
    const budget = page.getByTestId('design-budget');
    expect(Number(await budget.getAttribute('data-achieved'))).toBe(cli.budgets[0]!.achieved);
    expect(await budget.getAttribute('data-held')).toBe(String(cli.budgets[0]!.held));
    expect(cli.budgets[0]!.achieved).toBeLessThanOrEqual(250_000);
    await page.getByTestId('design-proposal').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'design-to-target-1280.png') });

    // applied: the tiers hold what the proposal said; undone: what they held before
    const now = (tierId: string) =>
      page
        .getByTestId('design-targets')
        .locator('tbody tr', { has: page.getByTestId(`design-target-${tierId}`) })
        .locator('td')
        .first()
        .textContent();
    const before = await now('specialist');
    await page.getByTestId('design-apply').click();
    await expect.poll(() => page.getByTestId('design-applied').count()).toBe(1);
    const specialist = cli.tiers.find((t) => t.tierId === 'specialist')!;
    await expect.poll(now.bind(null, 'specialist')).toMatch(new RegExp(`^${specialist.achieved.toLocaleString('en-US')} \\(`));
    await page.getByTestId('design-undo').click();
    await expect.poll(() => page.getByTestId('design-apply').count()).toBe(1);
    await expect.poll(now.bind(null, 'specialist')).toBe(before);

    // kept as a new scenario instead, and compared with the one it was fitted from: the design diff names the thresholds moved
    await page.getByTestId('design-save-as').click();
    await expect.poll(() => page.getByTestId('design-saved').textContent()).toMatch(/^Saved as “Motion-fit ladders \(fitted\)”, on the same list/);
    await page.getByRole('button', { name: 'Compare the two side by side' }).click();
    await expect.poll(() => page.getByTestId('kpi-head-1').textContent()).toContain('Motion-fit ladders (fitted)');
    const specialistTo = specialist.threshold!.to.toLocaleString('en-US');
    await expect.poll(() => page.getByRole('region', { name: 'What changed between the designs' }).textContent()).toContain(`Specialist: Sourced ARR (current year) ≥ $250,000 → ≥ $${specialistTo}`);
  });
});
