/**
 * Switching the shown dataset in the header (issue 17, item 5): three partner lists with
 * different metrics (4, 2 and 4; CSV and XLSX) imported into a new workspace, an example
 * scenario open on one of them, and the header's Dataset select switched back and forth —
 * slowly, and quickly while the next list is still loading. The grid must always show the
 * rows and the columns of the same dataset (it crashed with a TypeError in the metric value
 * getter going from 2 metrics to 4), and name the scenario whose tiers it shows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { useBrowserApp } from './harness';

const MOTIONS = ['reseller', 'services', 'technology'];
const SCENARIO = 'Metals, revenue only';

interface List {
  label: string;
  file: string;
  partners: number;
  /** metric column id -> header */
  metrics: Record<string, string>;
  /** what the first partner's cells show (column id -> text) */
  firstRow: Record<string, string>;
}

const LISTS: List[] = [
  {
    label: 'FY2024',
    file: 'alpha.csv',
    partners: 30,
    metrics: { 'm:lifetime_arr': 'Lifetime ARR', 'm:sourced_arr': 'Sourced ARR', 'm:active_sellers': 'Active Sellers', 'm:deal_count': 'Deal Count' },
    firstRow: { id: 'A-000', name: 'Alpha 0', 'm:lifetime_arr': '$101,000', 'm:sourced_arr': '$5,007', 'm:active_sellers': '4', 'm:deal_count': '3' },
  },
  {
    label: 'FY2025',
    file: 'beta.xlsx',
    partners: 20,
    metrics: { 'm:implementations': 'Implementations', 'm:certified_consultants': 'Certified Consultants' },
    firstRow: { id: 'B-000', name: 'Beta 0', 'm:implementations': '11', 'm:certified_consultants': '2' },
  },
  {
    label: 'FY2026',
    file: 'gamma.csv',
    partners: 40,
    metrics: { 'm:mutual_customers': 'Mutual Customers', 'm:app_installs': 'App Installs', 'm:app_reviews': 'App Reviews', 'm:lifetime_arr': 'Lifetime ARR' },
    firstRow: { id: 'C-000', name: 'Gamma 0', 'm:mutual_customers': '21', 'm:app_installs': '300', 'm:app_reviews': '7', 'm:lifetime_arr': '$40,000' },
  },
];
const [FY2024, FY2025, FY2026] = LISTS as [List, List, List];

/** The three files: distinct values per list, so a cell read from another list's columns shows. */
function writeLists(dir: string): void {
  const id = (prefix: string, i: number) => `${prefix}-${String(i).padStart(3, '0')}`;
  const money = (n: number) => `"$${n.toLocaleString('en-US')}"`;
  const alpha = ['Partner ID,Partner Name,Motion,Lifetime ARR,Sourced ARR,Active Sellers,Deal Count'];
  for (let i = 0; i < FY2024.partners; i++) {
    alpha.push(`${id('A', i)},Alpha ${i},${MOTIONS[i % 3]},${money(101_000 + 1_000 * i)},${money(5_007 + 5_000 * i)},${(i % 7) + 4},${i + 3}`);
  }
  writeFileSync(path.join(dir, FY2024.file), `${alpha.join('\n')}\n`);

  const beta: (string | number)[][] = [['Partner ID', 'Partner Name', 'Motion', 'Implementations', 'Certified Consultants']];
  for (let i = 0; i < FY2025.partners; i++) beta.push([id('B', i), `Beta ${i}`, MOTIONS[i % 3]!, 2 * i + 11, (i % 5) + 2]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(beta), 'Partners');
  writeFileSync(path.join(dir, FY2025.file), XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

  const gamma = ['Partner ID,Partner Name,Motion,Mutual Customers,App Installs,App Reviews,Lifetime ARR'];
  for (let i = 0; i < FY2026.partners; i++) {
    gamma.push(`${id('C', i)},Gamma ${i},${MOTIONS[i % 3]},${i + 21},${10 * i + 300},${i + 7},${money(40_000 + 2_500 * i)}`);
  }
  writeFileSync(path.join(dir, FY2026.file), `${gamma.join('\n')}\n`);
}

/** The identity columns hidden with the column chooser, so that every metric column fits the grid's width and is drawn. */
const HIDDEN = ['Motion', 'Current tier', 'Region', 'Segment', 'Partner manager'];
/** a list loads in well under a second; a loaded 2-core machine may take longer */
const WAIT = { timeout: 10_000 };
const SCENARIO_COLUMNS = { 'sc:tier': 'Tier', 'sc:change': 'Change', 'sc:reasons': 'Why', 'sc:next': 'Next tier', 'sc:progress': 'Progress' };

describe('switching datasets in the header, end to end', () => {
  let dir = '';
  // registered before the app's hooks, so the files (and the new workspace among them) go after browser mode has closed it
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-e2e-switch-files-'));
    writeLists(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const app = useBrowserApp('dataset-switch');
  let page: Page;
  /** while set, the answers to `dataset:columns` are held back this long: the grid is still loading when the next switch comes */
  let holdColumnsMs = 0;

  const grid = () => page.getByTestId('partners-grid');
  const datasetSelect = () => page.getByTestId('workspace-title').locator('select');
  const errorBoundary = () => page.getByText('Something went wrong');

  /** The header cells the grid draws: column id -> header text. */
  const headers = () =>
    grid()
      .locator('.ag-header-cell[col-id]')
      .evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('col-id'), c.textContent?.trim() ?? ''])));
  /** The first partner's cells (both pinned and scrolling parts of the row): column id -> text. */
  const firstRow = () =>
    grid()
      .locator('.ag-row[row-index="0"] .ag-cell[col-id]')
      .evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('col-id'), c.textContent?.trim() ?? ''])));

  async function importList(list: List): Promise<void> {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import partner list…' }).click();
    await (await chooser).setFiles(path.join(dir, list.file));
    await expect.poll(() => page.getByTestId('import-mapping').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('report-importable').textContent()).toBe(String(list.partners));
    await page.getByLabel('Dataset label').fill(list.label);
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(0);
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toBe(`${list.partners} partners · ${list.partners} shown`);
  }

  /** The grid shows `list` and only it: its headers, its first partner's values, the scenario's columns where it is evaluated. */
  async function expectShown(list: List, withScenario: boolean): Promise<void> {
    await expect.poll(() => datasetSelect().locator('option:checked').textContent()).toBe(list.label);
    await expect.poll(() => page.getByTestId('partners-shown').textContent(), WAIT).toBe(`${list.partners} partners · ${list.partners} shown`);
    const scenario = withScenario ? SCENARIO_COLUMNS : {};
    await expect.poll(headers, WAIT).toEqual({ id: 'ID', name: 'Partner', ...scenario, ...list.metrics });
    // the scenario's first partner: the entry tier (a new list has no current tiers); the rest is the engine's to say
    const scenarioCells = { 'sc:tier': 'Bronze', 'sc:change': 'newly tiered', 'sc:reasons': expect.any(String), 'sc:next': expect.any(String), 'sc:progress': expect.any(String) };
    await expect.poll(firstRow, WAIT).toEqual(withScenario ? { ...list.firstRow, ...scenarioCells } : list.firstRow);
    await expect
      .poll(() => page.getByTestId('partners-scenario').textContent(), WAIT)
      .toBe(withScenario ? `Tiers from ${SCENARIO}` : `${SCENARIO} is evaluated on ${FY2026.label}; its tiers show there. Show ${FY2026.label}`);
    expect(await errorBoundary().count()).toBe(0);
  }

  it('imports 4-, 2- and 4-metric lists (CSV and XLSX) into a new workspace and switches between them, slowly and while loading', async () => {
    page = await app.openApp(1920, 1080);
    await page.route('**/api/invoke', async (route) => {
      const hold = holdColumnsMs;
      if (hold > 0 && (route.request().postDataJSON() as { channel?: string } | null)?.channel === 'dataset:columns') {
        await new Promise((resolve) => setTimeout(resolve, hold));
      }
      await route.continue();
    });

    // a new workspace, and the three lists imported through the page
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByLabel('File path').fill(path.join(dir, 'Switching.tierscape'));
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('No partner data yet');
    for (const list of LISTS) await importList(list);
    expect(app.mode.session.info()!.datasets.map((d) => [d.label, d.metrics.length])).toEqual([
      ['FY2024', 4],
      ['FY2025', 2],
      ['FY2026', 4],
    ]);

    // every metric column in view: the identity columns but ID and name hidden (the choice holds for every dataset)
    await page.getByTestId('column-chooser-button').click();
    for (const name of HIDDEN) await page.getByRole('checkbox', { name }).uncheck();
    await page.keyboard.press('Escape');

    // an example scenario, evaluated on the newest list (FY2026)
    await page.getByRole('button', { name: /^Scenarios/ }).click();
    await page.getByRole('button', { name: 'Start from an example…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: SCENARIO, exact: true }).click();
    await expect.poll(() => page.locator('.wb-editor-head h2').textContent()).toBe(SCENARIO);
    await page.getByRole('button', { name: /^Partners/ }).click();
    await expectShown(FY2026, true);

    // one switch at a time, each list fully shown: 4 -> 2 -> 4 -> 2 -> 4 metrics, with and without the scenario
    for (const list of [FY2025, FY2024, FY2025, FY2026, FY2024, FY2026, FY2025]) {
      await datasetSelect().selectOption({ label: list.label });
      await expectShown(list, list === FY2026);
    }

    // the note's button shows the list the scenario is evaluated on
    await page.getByRole('button', { name: `Show ${FY2026.label}` }).click();
    await expectShown(FY2026, true);

    // while a list loads the grid holds none of the previous list's partners
    holdColumnsMs = 1_000;
    await datasetSelect().selectOption({ label: FY2025.label });
    // (the count and the rows read in one go in the page: the answer may come in between two reads)
    const loading = () =>
      page.evaluate(() => ({
        shown: document.querySelector('[data-testid="partners-shown"]')?.textContent,
        rows: document.querySelectorAll('[data-testid="partners-grid"] .ag-row').length,
      }));
    await expect.poll(loading).toEqual({ shown: `Loading ${FY2025.partners} partners…`, rows: 0 });
    await expect.poll(headers).toEqual({ id: 'ID', name: 'Partner', ...FY2025.metrics });
    await expectShown(FY2025, false);

    // quick switches, each before the previous list has loaded, ending on each list in turn
    holdColumnsMs = 400;
    for (const last of [FY2026, FY2024, FY2025, FY2026]) {
      for (const list of [FY2024, FY2025, FY2026, FY2025, FY2024, last]) {
        await datasetSelect().selectOption({ label: list.label });
        await page.waitForTimeout(60);
        expect(await errorBoundary().count()).toBe(0);
      }
      await expectShown(last, last === FY2026);
    }
    holdColumnsMs = 0;
  });
});
