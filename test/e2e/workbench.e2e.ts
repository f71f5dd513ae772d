import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import type { DistributionRow } from '../../shared/engine';
import { SCREENSHOTS, useBrowserApp } from './harness';

/** What `npm run cli -- evaluate <workspace> --scenario <name> --json` prints, parsed. */
async function cliEvaluate(workspacePath: string, scenario: string): Promise<{ distribution: DistributionRow[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['evaluate', workspacePath, '--scenario', scenario, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out.join('')) as { distribution: DistributionRow[] };
}

describe('the scenario workbench in browser mode, end to end', () => {
  const app = useBrowserApp('workbench');
  let page: Page;

  const count = async (motion: string, tierId: string | null) => Number((await page.getByTestId(`dist-${motion}-${tierId ?? 'untiered'}`).textContent())!.replace(/,/g, ''));
  const saved = () => expect.poll(() => page.getByRole('status').filter({ hasText: /changes saved|Saving/ }).textContent()).toBe('All changes saved');
  const tier = (name: string) => page.getByRole('listitem', { name: `Tier ${name} (Partner program)` });

  it('builds a 3-tier ladder from scratch whose counts match the CLI; a threshold change shows at once, undo restores it, a reload keeps it', async () => {
    page = await app.openApp(1280, 800);
    await page.getByRole('button', { name: /^Scenarios/ }).click();
    await page.getByRole('button', { name: 'New scenario' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Three tiers');
    await page.getByRole('button', { name: 'Create blank scenario' }).click();
    await expect.poll(() => page.locator('.wb-editor-head h2').textContent()).toBe('Three tiers');

    // entry + two tiers above it, each with a threshold on sourced ARR
    await page.getByRole('button', { name: 'Add tier to Partner program' }).click();
    await page.getByRole('button', { name: 'Add tier to Partner program' }).click();
    await page.getByLabel('Name of tier Tier 2 (Partner program)').fill('Silver');
    await page.getByLabel('Name of tier Tier 3 (Partner program)').fill('Gold');
    for (const [name, threshold] of [
      ['Silver', '100,000'],
      ['Gold', '$500K'],
    ] as const) {
      await tier(name).getByRole('button', { name: 'Add condition' }).click();
      await tier(name).getByRole('combobox', { name: /^Metric for/ }).selectOption({ label: 'Sourced ARR (current year)' });
      await tier(name).getByRole('combobox', { name: /^Operator for/ }).selectOption({ label: 'at least' });
      await tier(name).getByLabel('Threshold for Sourced ARR (current year)').fill(threshold);
    }
    // an invalid threshold is shown inline and never saved
    await tier('Gold').getByLabel('Threshold for Sourced ARR (current year)').fill('lots');
    await expect.poll(() => tier('Gold').getByRole('alert').first().textContent()).toMatch(/number/i);
    await tier('Gold').getByLabel('Threshold for Sourced ARR (current year)').fill('500,000');
    await saved();
    // today's metals of the sample are not placed on the new tiers until asked: the outcome says so first
    await expect.poll(() => page.getByTestId('unplaced-tiers').textContent()).toMatch(/“Silver”, “Gold”, “Bronze”, “Platinum” are not placed|not placed on this design/);
    await page.getByTestId('unplaced-tiers').getByRole('button', { name: 'Place today’s tiers…' }).click();
    await page.getByTestId('today-unplaced').getByRole('button', { name: 'Place them as suggested' }).click();
    await expect.poll(() => page.getByTestId('unplaced-tiers').count()).toBe(0);
    expect(await page.getByTestId('today-row-Bronze').textContent()).toMatch(/Tierscape · metal order/);
    await page.getByRole('tab', { name: 'Ladders' }).click();
    await saved();

    // the numbers shown are the CLI's for the same stored scenario
    const workspacePath = app.mode.session.info()!.path;
    const cli = await cliEvaluate(workspacePath, 'Three tiers');
    const tiered = cli.distribution.filter((r) => r.tierId !== null);
    expect(tiered.map((r) => r.tierId)).toEqual(expect.arrayContaining(['registered', 'tier_2', 'tier_3']));
    for (const row of cli.distribution) await expect.poll(() => count(row.motion, row.tierId)).toBe(row.count);
    const silver = cli.distribution.find((r) => r.motion === '*' && r.tierId === 'tier_2')!.count;
    const gold = cli.distribution.find((r) => r.motion === '*' && r.tierId === 'tier_3')!.count;
    expect(silver).toBeGreaterThan(0);
    expect(gold).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-1280.png') });

    // a higher Silver threshold moves partners down at once
    await tier('Silver').getByLabel('Threshold for Sourced ARR (current year)').fill('300,000');
    await expect.poll(() => count('*', 'tier_2')).toBeLessThan(silver);
    await saved();
    // undo (the keyboard shortcut) restores the counts, and the restored design is saved
    await page.locator('.wb-editor-head h2').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => count('*', 'tier_2')).toBe(silver);
    await expect.poll(() => tier('Silver').getByLabel('Threshold for Sourced ARR (current year)').inputValue()).toBe('100,000');
    await saved();
    // redo and undo again with the buttons
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => count('*', 'tier_2')).toBeLessThan(silver);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => count('*', 'tier_2')).toBe(silver);
    await saved();

    // typing a number is one undo step, not one per keystroke: one Ctrl+Z in the field takes the whole number back, and
    // Ctrl+Shift+Z brings it back
    const silverThreshold = tier('Silver').getByLabel('Threshold for Sourced ARR (current year)');
    await silverThreshold.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('250000', { delay: 40 });
    await expect.poll(() => count('*', 'tier_2')).toBeLessThan(silver);
    await page.keyboard.press('Control+z');
    await expect.poll(() => silverThreshold.inputValue()).toBe('100,000');
    await expect.poll(() => count('*', 'tier_2')).toBe(silver);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => silverThreshold.inputValue()).toMatch(/^250,?000$/);
    await expect.poll(() => count('*', 'tier_2')).toBeLessThan(silver);
    // the Undo button (the field has lost focus) takes it back in one step too
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => silverThreshold.inputValue()).toBe('100,000');
    await expect.poll(() => count('*', 'tier_2')).toBe(silver);
    // text the scenario does not have (not a number) is the browser's to undo first; then Ctrl+Z is the app's again:
    // the edit before the typing (placing today's tiers), which Ctrl+Shift+Z redoes
    await silverThreshold.click();
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    await expect.poll(() => silverThreshold.getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Control+z');
    await expect.poll(() => silverThreshold.inputValue()).toBe('100,000');
    expect(await page.getByTestId('unplaced-tiers').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('unplaced-tiers').count()).toBe(1);
    expect(await silverThreshold.inputValue()).toBe('100,000');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('unplaced-tiers').count()).toBe(0);
    await expect.poll(() => count('*', 'tier_2')).toBe(silver);
    await page.locator('.wb-editor-head h2').click();
    await saved();

    // a reload finds the same design and the same numbers
    await page.reload();
    await page.getByRole('button', { name: /^Scenarios/ }).click();
    await page.getByRole('list').getByRole('button', { name: /^Three tiers/ }).click();
    await expect.poll(() => tier('Silver').getByLabel('Threshold for Sourced ARR (current year)').inputValue()).toBe('100,000');
    await expect.poll(() => tier('Gold').getByLabel('Threshold for Sourced ARR (current year)').inputValue()).toBe('500,000');
    await expect.poll(() => count('*', 'tier_2')).toBe(silver);
    await expect.poll(() => count('*', 'tier_3')).toBe(gold);
  });

  it('shows a shipped design with its outcome at 1920×1080; an empty tier name is refused inline', async () => {
    page = await app.openApp(1920, 1080);
    await page.getByRole('button', { name: /^Scenarios/ }).click();
    await page.getByRole('list').getByRole('button', { name: /^Motion-fit ladders/ }).click();
    await expect.poll(() => page.getByTestId('dist-reseller-strategic').textContent()).toMatch(/^\d+$/);
    const name = page.getByLabel('Name of tier Strategic (Resale partners)');
    await name.fill('');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    // the empty name is not saved, and the save status says so instead of "All changes saved"
    await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('1 entry is not saved (not valid): “Name of tier Strategic (Resale partners)”');
    await expect.poll(() => page.getByTestId('distribution-table').textContent()).toContain('Strategic');
    await name.fill('Strategic');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-1920.png') });
  });

  it("the partners grid shows the open scenario: tiers, filters, a partner's graduation path, an override with a reason", async () => {
    page = await app.openApp(1280, 800);
    await page.getByRole('button', { name: /^Scenarios/ }).click();
    await page.getByRole('list').getByRole('button', { name: /^Motion-fit ladders/ }).click();
    await expect.poll(() => page.getByTestId('dist-reseller-strategic').textContent()).toMatch(/^\d+$/);
    const cli = (await cliEvaluate(app.mode.session.info()!.path, 'Motion-fit ladders')) as unknown as { movement: { demoted: number; lostTier: number } };
    await page.getByRole('button', { name: /^Partners/ }).click();
    const grid = page.getByTestId('partners-grid');
    await expect.poll(async () => (await grid.locator('[col-id="sc:tier"]').first().textContent())?.trim()).toBe('Tier');
    await page.getByRole('button', { name: 'Demoted', exact: true }).click();
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toMatch(new RegExp(` ${cli.movement.demoted + cli.movement.lostTier} shown$`));
    await page.getByRole('button', { name: 'Demoted', exact: true }).click();

    // the first partner, explained
    await grid.locator('.ag-row[row-index="0"] [col-id="sc:tier"]').click();
    const drawer = page.getByRole('complementary', { name: /^Partner / });
    await expect.poll(() => drawer.getByRole('heading', { name: 'Why' }).count()).toBe(1);
    await expect.poll(() => drawer.textContent()).toMatch(/Graduation path/);
    const partnerName = (await drawer.getByRole('heading', { level: 2 }).textContent())!;

    // pinned to the top of its ladder, with a reason; the Overridden filter finds it
    await drawer.getByRole('button', { name: 'Override tier…' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('button', { name: 'Pin to tier' }).isDisabled()).toBe(true);
    const options = await dialog.getByRole('combobox').locator('option').allTextContents();
    await dialog.getByRole('combobox').selectOption({ label: options.at(-1)! });
    await dialog.getByLabel('Reason (kept with the scenario)').fill('Strategic account agreed by the board');
    await dialog.getByRole('button', { name: 'Pin to tier' }).click();
    await expect.poll(() => drawer.textContent()).toContain('Strategic account agreed by the board');
    await page.getByRole('button', { name: 'Close partner details' }).click();
    await page.getByRole('button', { name: 'Overridden', exact: true }).click();
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toMatch(/ 1 shown$/);
    await expect.poll(() => grid.locator('.ag-row[row-index="0"] [col-id="name"]').textContent()).toBe(partnerName);
    await expect.poll(() => grid.locator('.ag-row[row-index="0"] [col-id="sc:tier"]').textContent()).toBe(options.at(-1));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partners-scenario.png') });

    // Escape: in the override dialog it closes the dialog only; with the focus in the grid (where a click on a row leaves it), the drawer
    await grid.locator('.ag-row[row-index="0"] [col-id="sc:tier"]').click();
    await expect.poll(() => drawer.getByRole('button', { name: 'Change override…' }).count()).toBe(1);
    await drawer.getByRole('button', { name: 'Change override…' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await drawer.count()).toBe(1);
    // (focused, not clicked: ag-grid hands a row click to React a moment later, which would open the drawer again)
    await grid.locator('.ag-row[row-index="0"] [col-id="name"]').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
  });
});
