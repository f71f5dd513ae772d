import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SAMPLE_SIZE } from '../../scenarios/generator';
import { SCREENSHOTS, useBrowserApp } from './harness';

describe('browser mode, end to end', () => {
  const app = useBrowserApp('app');
  let page: Page;
  const openApp = async (width?: number, height?: number): Promise<Page> => (page = await app.openApp(width, height));

  it('opens the sample workspace and shows its name and partner count', async () => {
    await openApp();
    await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Sample');
    await expect.poll(() => page.getByTestId('status-partner-count').textContent()).toBe(`${SAMPLE_SIZE} partners`);
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toBe(`${SAMPLE_SIZE} partners · ${SAMPLE_SIZE} shown`);
    await expect.poll(() => page.getByTestId('partners-grid').locator('.ag-row').count()).toBeGreaterThan(5);
    expect(await page.title()).toMatch(/^Sample — FY\d{4} — Tierscape$/);
    // the numbers in the grid are the workspace's, formatted by kind
    const info = app.mode.session.info()!;
    const firstPartner = app.mode.session.workspace!.datasets.page(info.datasets.at(-1)!.id, 0, 1).rows[0]!;
    await expect.poll(() => page.getByTestId('partners-grid').textContent()).toContain(firstPartner.name);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partners.png') });
  });

  it('moves between the areas; the Scenarios area opens each design with its outcome', async () => {
    await openApp();
    await page.getByRole('button', { name: /^Scenarios/ }).click();
    const list = page.getByRole('complementary', { name: 'Scenarios' }).getByRole('list');
    await expect.poll(() => list.getByRole('button').count()).toBe(6);
    // the baseline is listed first and opened first
    await expect.poll(() => page.locator('.wb-editor-head h2').textContent()).toBe('As is: metals on lifetime revenue');
    await list.getByRole('button', { name: /^Motion-fit ladders/ }).click();
    await expect.poll(() => page.getByLabel('Name of tier Specialist (Resale partners)').inputValue()).toBe('Specialist');
    await expect.poll(() => page.getByLabel('Cap of Strategic (Resale partners): most partners').inputValue()).toBe('10');
    await expect.poll(() => page.getByTestId('dist-*-untiered').textContent()).toMatch(/^\d+$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scenarios.png') });
    await page.keyboard.press('Control+3');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Compare');
    await page.keyboard.press('Control+1');
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toBe(`${SAMPLE_SIZE} partners · ${SAMPLE_SIZE} shown`);
  });

  it('creates, saves as, and opens workspaces; refuses a file that is not one with a clear message', async () => {
    await openApp();
    await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Sample');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-e2e-files-'));
    try {
      // Save As
      await page.getByRole('button', { name: 'Save As' }).click();
      await page.getByLabel('File path').fill(path.join(dir, 'Copy of sample'));
      await page.getByRole('button', { name: 'Save copy' }).click();
      await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Copy of sample');
      await expect.poll(() => page.getByTestId('status-partner-count').textContent()).toBe(`${SAMPLE_SIZE} partners`);

      // New (empty), with the replace confirmation when the name is taken
      await page.keyboard.press('Control+n');
      await page.getByLabel('File path').fill(path.join(dir, 'Copy of sample.tierscape'));
      await page.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => page.getByRole('dialog').getByRole('alert').textContent()).toMatch(/is the workspace already open/);
      await page.getByLabel('File path').fill(path.join(dir, 'Empty'));
      await page.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Empty');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('No partner data yet');

      // Open a text file renamed to .tierscape
      const bogus = path.join(dir, 'notes.tierscape');
      writeFileSync(bogus, 'just some notes\n'.repeat(20));
      await page.keyboard.press('Control+o');
      await page.getByLabel('File path').fill(bogus);
      await page.getByRole('dialog').getByRole('button', { name: 'Open' }).click();
      await expect
        .poll(() => page.getByRole('dialog').getByRole('alert').textContent())
        .toMatch(/notes\.tierscape.*not a SQLite database.*left untouched/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'refused-file.png') });
      await page.getByRole('button', { name: 'Cancel' }).click();
      // the workspace that was open stays open
      await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Empty');
      expect(await page.getByRole('dialog').count()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
