/**
 * The partners grid at program scale (issue 9): a workspace of 100,000 generated partners
 * opened in browser mode; every row loads, and the keyboard takes the grid to the last
 * partner, which is shown with its own values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners } from '../../scenarios/generator';
import { Workspace } from '../../electron/services/workspace/workspace';
import { startBrowserMode, type BrowserMode } from '../../electron/web/index';
import { launchChromium } from './browser';

const PARTNERS = 100_000;

describe('the partners grid at 100,000 partners', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-e2e-scale-'));
  let mode: BrowserMode;
  let browser: Browser;
  const data = generatePartners({ seed: 3, count: PARTNERS });

  beforeAll(async () => {
    const file = path.join(dir, 'Scale.tierscape');
    const ws = await Workspace.create(file, {
      fill: (w) => {
        const id = w.datasets.insert({ ...data, label: 'FY2026', asOf: '2026-06-30', sourceFile: null, mapping: {}, importedAt: new Date().toISOString() });
        w.scenarios.create(exampleScenarios().find((x) => x.name === 'Motion-fit ladders')!, id);
      },
    });
    ws.close();
    mode = await startBrowserMode({ configDir: dir, workspace: file });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await mode?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads every row and scrolls to the last partner with the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(mode.server.url);
    await expect.poll(() => page.getByTestId('partners-shown').textContent(), { timeout: 60_000 }).toBe('100,000 partners · 100,000 shown');
    const grid = page.getByTestId('partners-grid');
    await grid.locator('.ag-cell').first().click();
    await page.keyboard.press('Control+End');
    const last = data.partners[PARTNERS - 1]!;
    await expect.poll(() => grid.locator(`.ag-row[row-index="${PARTNERS - 1}"]`).first().textContent(), { timeout: 20_000 }).toContain(last.name);
    await expect.poll(() => grid.locator(`.ag-row[row-index="${PARTNERS - 1}"]`).first().textContent()).toContain(last.id);
    // the grid did not render every row: it is virtualised
    // (ag-grid 36 renders each row, pinned cells included, as one .ag-row)
    const rendered = await grid.locator('.ag-row').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an export of 100,000 partners shows its progress in place of the buttons, and its one Cancel stops it', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let downloads = 0;
    page.on('download', () => (downloads += 1));
    await page.goto(mode.server.url);
    await expect.poll(() => page.getByTestId('partners-shown').textContent(), { timeout: 60_000 }).toBe('100,000 partners · 100,000 shown');
    await page.keyboard.press('Control+e');
    const dialog = page.getByTestId('export-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.getByTestId('export-run').click();
    await expect.poll(() => page.getByTestId('export-progress').count(), { timeout: 20_000 }).toBe(1);
    // while it runs: no Export, and a single Cancel (the export's own)
    expect(await page.getByTestId('export-run').count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // stopped: the buttons are back, no failure is shown and nothing was downloaded
    await expect.poll(() => page.getByTestId('export-run').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('export-progress').count()).toBe(0);
    expect(await page.getByTestId('export-error').count()).toBe(0);
    expect(await page.getByTestId('export-result').count()).toBe(0);
    expect(downloads).toBe(0);
    await page.close();
  });
});
