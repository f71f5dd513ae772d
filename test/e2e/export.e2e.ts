import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { runCli } from '../helpers/cli';
import type { ComparisonResult } from '../../shared/engine';
import { SCREENSHOTS, useBrowserApp } from './harness';

async function cli(args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  return out.join('\n');
}

/** The Summary sheet as rows of raw cell values (title lines, a blank row, the header, then the KPIs). */
function summaryRows(file: string): unknown[][] {
  const wb = XLSX.read(readFileSync(file), { type: 'buffer' });
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Summary']!, { header: 1, raw: true, blankrows: true, defval: null });
}

describe('the export dialog in browser mode, end to end', () => {
  const app = useBrowserApp('export');
  const work = mkdtempSync(path.join(os.tmpdir(), 'tierscape-e2e-export-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let page: Page;

  it('exports the compared scenarios with report cards as a download whose figures are the CLI’s', async () => {
    page = await app.openApp(1920, 1080);
    await page.keyboard.press('Control+3');
    await expect.poll(() => page.getByTestId('compare-status').textContent()).toMatch(/computed in/);
    const names = await Promise.all([0, 1, 2].map(async (i) => (await page.getByTestId(`kpi-head-${i}`).locator('.cmp-name').textContent())!));

    await page.getByTestId('compare-export').click();
    const dialog = page.getByTestId('export-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // the dialog starts with the compared scenarios, in their order
    const ticked = await dialog.locator('.export-scenarios input:checked').count();
    expect(ticked).toBe(3);
    expect(await dialog.locator('.export-order').allTextContents()).toEqual(['1', '2', '3']);
    await page.getByTestId('export-report-cards').check();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-dialog-1920.png') });

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-run').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^Tierscape – .+\.xlsx$/);
    const file = path.join(work, 'downloaded.xlsx');
    await download.saveAs(file);
    await expect.poll(() => page.getByTestId('export-result').textContent()).toMatch(/Downloaded .*\.xlsx — 12 sheets/);

    const wb = XLSX.read(readFileSync(file), { type: 'buffer' });
    expect(wb.SheetNames.slice(0, 8)).toEqual(['Summary', 'Charts', 'Distribution', 'Resources', 'Conflict coverage', 'Movement', 'Design review', 'Ladders']);
    expect(wb.SheetNames.filter((n) => n.startsWith('Assignments – '))).toHaveLength(3);
    expect(wb.SheetNames.at(-1)).toMatch(/^Report cards – /);

    // the Summary's figures are the engine's, as the CLI reports them for the same scenarios
    const workspace = app.mode.session.info()!.path;
    const compared = JSON.parse(await cli(['compare', workspace, ...names.flatMap((n) => ['--scenario', n]), '--json'])) as ComparisonResult;
    const rows = summaryRows(file);
    const header = rows.find((r) => r[0] === 'Group')!;
    const value = (label: string, name: string) => rows.find((r) => r[1] === label)![header.indexOf(name)];
    for (const k of compared.scenarios) {
      expect(value('Partners in a tier', k.name)).toBe(k.tiered);
      expect(value('MDF', k.name)).toBeCloseTo(k.mdf, 6);
      expect(value('Top-tier share of partners', k.name)).toBeCloseTo(k.topTierShare, 9);
      expect(value('Promoted', k.name)).toBe(k.promoted);
    }

    // the CLI writes the same workbook
    const byCli = path.join(work, 'cli.xlsx');
    await cli(['export', workspace, ...names.flatMap((n) => ['--scenario', n]), '--out', byCli, '--report-cards']);
    expect(XLSX.read(readFileSync(byCli), { type: 'buffer' }).SheetNames).toEqual(wb.SheetNames);
    expect(summaryRows(byCli).slice(4)).toEqual(rows.slice(4));

    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-done-1920.png') });
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('export-dialog').count()).toBe(0);
  });

  it('opens with Ctrl+E and refuses an export without a scenario', async () => {
    page = await app.openApp(1280, 800);
    await page.keyboard.press('Control+e');
    const dialog = page.getByTestId('export-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    for (const box of await dialog.locator('.export-scenarios input:checked').all()) await box.uncheck();
    expect(await page.getByTestId('export-run').isDisabled()).toBe(true);
    expect(await dialog.textContent()).toContain('Choose at least one scenario.');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('export-dialog').count()).toBe(0);
  });
});
