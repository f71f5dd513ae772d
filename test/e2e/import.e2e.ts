/**
 * Import, end to end in browser mode (DESIGN D9): a file dropped on the window is uploaded,
 * read into the mapping screen with its validation report, corrected, and imported;
 * a file that is not a partner list is refused with a clear message and the app goes on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileChooser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { metricKeyFor } from '../../shared/io/header-metrics';
import { columnLetter } from '../../shared/io/types';
import { fixture, fixturePath } from '../fixtures/import';
import { SCREENSHOTS, useBrowserApp } from './harness';



/**
 * Ctrl+I and the file chooser it opens. Once, in a CI run on a loaded 2-core machine, the
 * first press opened no chooser in 30 s (not reproduced in local runs): a second press is
 * allowed, after 10 s, so one lost key event does not fail the run; a chooser must come.
 */
async function ctrlIChooser(page: Page): Promise<FileChooser> {
  for (let attempt = 1; ; attempt += 1) {
    const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
    await page.keyboard.press('Control+i');
    try {
      return await chooser;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

describe('import in browser mode, end to end', () => {
  const app = useBrowserApp('import');
  let page: Page;
  const openApp = async (width?: number, height?: number): Promise<Page> => (page = await app.openApp(width, height));

  /** Drags a file over the window and drops it, with real drag events carrying a File. */
  async function dropFile(file: string): Promise<void> {
    const bytes = readFileSync(fixturePath(file)).toString('base64');
    const dataTransfer = await page.evaluateHandle(
      ({ b64, name }) => {
        const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], name, { type: name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream' }));
        return transfer;
      },
      { b64: bytes, name: file },
    );
    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await page.dispatchEvent('main', 'dragover', { dataTransfer });
    await expect.poll(() => page.getByTestId('drop-overlay').isVisible()).toBe(true);
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    await expect.poll(() => page.getByTestId('drop-overlay').count()).toBe(0);
  }

  it('drops messy.csv, fixes the Col7 mapping, skips the bad rows and imports exactly the good partners', async () => {
    const expected = fixture('messy.csv').expect;
    await openApp();
    const datasetsBefore = app.mode.session.info()!.datasets.length;

    await dropFile('messy.csv');
    const mapping = page.getByTestId('import-mapping');
    await expect.poll(() => mapping.isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Import partners from messy.csv');
    await expect.poll(() => page.getByTestId('import-source').textContent()).toMatch(/^CSV · UTF-8 · comma-separated · 32 rows · 12 columns$/);
    await expect.poll(() => page.getByTestId('mapping-source').textContent()).toMatch(/suggested/);
    // one row per source column
    expect(await mapping.locator('tbody tr').count()).toBe(expected.columns.length);

    // the column headed "Col7" becomes the metric "Active Sellers", a count
    const col7 = expected.columns.indexOf('Col7');
    const letter = columnLetter(col7);
    const target = page.getByLabel(`Import column ${letter} (Col7) as`);
    if ((await target.inputValue()) !== 'metric') await target.selectOption('metric');
    await page.getByLabel(`Metric name for column ${letter}`).fill('Active Sellers');
    await page.getByLabel(`Kind of column ${letter}`).selectOption('count');
    await expect.poll(() => page.getByTestId(`metric-key-${letter}`).textContent()).toBe(`key ${metricKeyFor('Active Sellers')}`);

    // the report, re-checked after the change, has the manifest's numbers
    await expect.poll(() => page.getByTestId('report-checking').count()).toBe(0);
    await expect.poll(() => page.getByTestId('report-bad').textContent()).toBe(String(expected.badRows));
    await expect.poll(() => page.getByTestId('report-importable').textContent()).toBe(String(expected.partners));
    await expect.poll(() => page.getByTestId('report-rows').textContent()).toBe(String(expected.rowCount));
    await expect.poll(() => page.getByTestId('report-empty').textContent()).toBe(String(expected.emptyRows));
    // the first example of a bad value names its row, column and value
    await expect.poll(() => page.getByTestId('issue-unparseable').textContent()).toMatch(/Row 15 · column H "Sourced ARR" · "12abc" — /);

    // bad rows block the import until they are skipped
    const importButton = page.getByTestId('import-commit');
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByLabel(`Skip the ${expected.badRows} rows with errors`).check();
    await expect.poll(() => importButton.isEnabled()).toBe(true);
    expect(await importButton.textContent()).toBe(`Import ${expected.partners} partners`);

    const label = 'Messy partners FY2026';
    await page.getByLabel('Dataset label').fill(label);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-mapping.png') });
    await importButton.click();

    // the new dataset is open in the Partners view
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(0);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(
      `Imported ${expected.partners} partners into "${label}" (${expected.badRows} rows with errors skipped).`,
    );
    await expect
      .poll(() => page.getByTestId('workspace-title').locator('select option:checked').textContent())
      .toBe(label);
    await expect.poll(() => page.getByTestId('status-partner-count').textContent()).toBe(`${expected.partners} partners`);
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toBe(`${expected.partners} partners · ${expected.partners} shown`);
    await expect.poll(() => page.getByTestId('partners-grid').textContent()).toContain('Active Sellers');
    await expect.poll(() => page.getByTestId('partners-grid').textContent()).toContain(expected.firstPartner!.name);
    expect(await page.title()).toBe(`Sample — ${label} — Tierscape`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-done.png') });

    // and in the workspace itself
    const info = app.mode.session.info()!;
    expect(info.datasets).toHaveLength(datasetsBefore + 1);
    const dataset = info.datasets.find((d) => d.label === label)!;
    expect(dataset.partnerCount).toBe(expected.partners);
    expect(dataset.metrics.find((m) => m.label === 'Active Sellers')).toMatchObject({ kind: 'count', key: metricKeyFor('Active Sellers') });

    // quick search narrows the grid and the counts say so
    await page.getByLabel('Search partners').fill(expected.firstPartner!.name);
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toBe(`${expected.partners} partners · 1 shown`);
  });

  // runs after the import above: messy.csv's layout has a remembered mapping by now
  it('refuses a PNG renamed .xlsx with a clear message, then goes on working (and remembers the mapping)', async () => {
    await openApp();
    const datasetsBefore = app.mode.session.info()!.datasets.length;

    // Ctrl+I opens the page's file picker (the page has the keyboard focus, as after any click)
    await page.getByRole('heading', { level: 1, name: 'Partners' }).click();
    await (await ctrlIChooser(page)).setFiles(fixturePath('png-renamed.xlsx'));

    const stopped = page.getByTestId('import-stopped');
    await expect.poll(() => stopped.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('import-stopped-message').textContent()).toMatch(/png-renamed\.xlsx.* is a PNG image/);
    expect(app.mode.session.info()!.datasets).toHaveLength(datasetsBefore);

    // choose another file from the same panel: the mapping of messy.csv's layout is remembered now
    const again = page.waitForEvent('filechooser');
    await stopped.getByRole('button', { name: 'Choose another file…' }).click();
    await (await again).setFiles(fixturePath('messy.csv'));
    await expect.poll(() => page.getByTestId('mapping-source').textContent()).toBe('Mapping: remembered from the last import of this layout');
    await expect.poll(() => page.getByLabel('Metric name for column G').inputValue()).toBe('Active Sellers');
    await page.getByTestId('import-mapping').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(0);
    expect(app.mode.session.info()!.datasets).toHaveLength(datasetsBefore);

    // the app still works: areas switch, the grid shows partners
    await page.keyboard.press('Control+2');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Scenarios');
    await page.keyboard.press('Control+1');
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toMatch(/ shown$/);
    await expect.poll(() => page.getByTestId('partners-grid').locator('.ag-row').count()).toBeGreaterThan(5);
  });

  it('a workbook with several sheets: another sheet can be chosen, and nothing is written on Cancel', async () => {
    const expected = fixture('multi-sheet.xlsx').expect;
    await openApp();
    const datasetsBefore = app.mode.session.info()!.datasets.length;
    await dropFile('multi-sheet.xlsx');
    await expect.poll(() => page.getByTestId('import-mapping').isVisible()).toBe(true);
    const sheet = page.getByLabel('Sheet', { exact: true });
    expect(await sheet.locator('option').allTextContents()).toEqual(expected.sheets);

    await sheet.selectOption('Lookup');
    await expect.poll(() => page.getByTestId('import-source').textContent()).toContain('sheet "Lookup"');
    await page.getByLabel('Sheet', { exact: true }).selectOption('Partners');
    await expect.poll(() => page.getByTestId('import-source').textContent()).toContain('sheet "Partners"');
    await expect.poll(() => page.getByTestId('report-importable').textContent()).toBe(String(expected.partners));
    expect(await page.getByTestId('import-mapping').locator('tbody tr').count()).toBe(expected.columns.length);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(0);
    expect(app.mode.session.info()!.datasets).toHaveLength(datasetsBefore);
  });
});
