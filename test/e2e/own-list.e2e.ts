/**
 * A lead's own partner list, end to end in browser mode (issue 17): a list written by hand
 * (test/fixtures/own-list/acme-partners.csv — its own tier labels, column names and EUR
 * amounts, not the sample generator's) is imported; designs from the examples are created on
 * it, fitted to its metrics and given today's tiers (Tierscape's placements plus ones made by
 * hand); three scenarios are compared on it and exported. The movement counts, the Sankey's
 * flows and the workbook's Summary and Movement sheets are checked against
 * `npm run cli -- compare … --json` on the same workspace.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { runCli } from '../helpers/cli';
import type { ComparisonResult, MovementFlow } from '../../shared/engine';
import { SCREENSHOTS, useBrowserApp } from './harness';

const OWN_LIST = path.resolve(__dirname, '../fixtures/own-list/acme-partners.csv');
const ACME = 'ACME FY2026';

type Compared = ComparisonResult & { dataset: { label: string }; flows: { scenario: string; flows: MovementFlow[] }[] };

async function cliCompare(workspace: string, names: readonly string[]): Promise<{ json: Compared; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['compare', workspace, ...names.flatMap((n) => ['--scenario', n]), '--dataset', ACME, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(code, err.join('\n')).toBe(0);
  return { json: JSON.parse(out.join('\n')) as Compared, stderr: err.join('\n') };
}

function sheetRows(file: string, sheet: string): unknown[][] {
  const wb = XLSX.read(readFileSync(file), { type: 'buffer' });
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1, raw: true, blankrows: true, defval: null });
}

describe('a lead’s own list in browser mode, end to end', () => {
  const app = useBrowserApp('own-list');
  const work = mkdtempSync(path.join(os.tmpdir(), 'tierscape-e2e-own-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let page: Page;

  /** New scenario › an example, on the list in the header; the fit dialog opens before any number. */
  async function fromExample(example: string): Promise<void> {
    await page.getByRole('button', { name: 'New scenario' }).click();
    const dialog = page.getByRole('dialog', { name: 'New scenario' });
    expect(await dialog.getByTestId('new-scenario-list').locator('option:checked').textContent()).toMatch(/^ACME FY2026 \(30 partners/);
    await dialog.getByRole('button', { name: example, exact: true }).click();
    await expect.poll(() => page.getByTestId('fit-dialog').isVisible()).toBe(true);
  }

  it('imports it, fits two example designs and places today’s tiers, compares three scenarios and exports — all as the CLI computes them', { timeout: 240_000 }, async () => {
    page = await app.openApp(1280, 800);

    // 1. import: its own headers are recognised
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import partner list…' }).click();
    await (await chooser).setFiles(OWN_LIST);
    await expect.poll(() => page.getByTestId('import-mapping').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('report-importable').textContent()).toBe('30');
    expect(await page.getByLabel('Import column C (Route to market) as').inputValue()).toBe('field:motion');
    expect(await page.getByLabel('Import column D (Tier FY25) as').inputValue()).toBe('field:currentTier');
    await page.getByLabel('Dataset label').fill(ACME);
    await page.getByLabel('As of').fill('2026-06-30');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(0);
    await expect.poll(() => page.getByTestId('workspace-title').locator('select option:checked').textContent()).toBe(ACME);
    // EUR amounts keep their currency in the grid
    await expect.poll(() => page.getByTestId('partners-grid').textContent()).toContain('€2,480,000');

    // 2. a design from the examples: bind the metrics the list lacks, as suggested
    await page.keyboard.press('Control+2');
    await fromExample('Motion-fit ladders');
    const fit = page.getByTestId('fit-dialog');
    expect(await fit.getByTestId('fit-row-sourced_arr').locator('select option:checked').textContent()).toBe('Bookings FY26 (EUR) — suggested');
    expect(await fit.getByTestId('fit-row-certified_consultants').locator('select option:checked').textContent()).toBe('Certified engineers — suggested');
    expect(await fit.getByTestId('fit-row-certified_consultants').textContent()).toMatch(/read by Trained \(Services partners\), the eligibility gate/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'fit-dialog-1280.png') });
    await fit.getByRole('button', { name: /^Bind \(2 of 11\)$/ }).click();
    await expect.poll(() => page.getByTestId('fit-dialog').count()).toBe(0);
    // what could not be bound is said before any number
    await expect.poll(() => page.getByTestId('missing-metrics').textContent()).toMatch(/ACME FY2026 lacks 9 metrics this design reads/);
    const motionFit = (await page.locator('.wb-editor-head h2').textContent())!;
    expect(motionFit).toBe('Motion-fit ladders (2)');

    // 3. today's tiers: Tierscape placed Registered by name; Legacy Elite is placed by hand
    await expect.poll(() => page.getByTestId('placement-note').textContent()).toMatch(/Tierscape placed its tier labels: Registered → Registered \/ Trained \/ Listed \(level 0, same name\)/);
    await expect.poll(() => page.getByTestId('unplaced-tiers').textContent()).toMatch(/“Legacy Elite” is not placed/);
    await page.getByTestId('unplaced-tiers').getByRole('button', { name: 'Place today’s tiers…' }).click();
    const today = page.getByTestId('today-tiers');
    await expect.poll(() => today.getByTestId('today-row-Registered').textContent()).toMatch(/Tierscape · same name/);
    expect(await today.getByTestId('today-row-Gold').textContent()).toMatch(/also written “GOLD”, “gold”/);
    await today.getByLabel('Legacy Elite').selectOption('3');
    await expect.poll(() => page.getByTestId('unplaced-tiers').count()).toBe(0);
    await expect.poll(() => today.getByTestId('today-row-Legacy Elite').textContent()).toMatch(/set in the scenario ?reads as Lead Implementer$/);
    await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('All changes saved');
    await today.getByTestId('today-row-Legacy Elite').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'today-tiers-1280.png') });

    // 4. a second design: metals on revenue only, both its metrics bound; Registered placed by hand on Bronze
    await fromExample('Metals, revenue only');
    await fit.getByRole('button', { name: /^Bind \(2 of 2\)$/ }).click();
    await expect.poll(() => page.getByTestId('missing-metrics').count()).toBe(0);
    const metals = (await page.locator('.wb-editor-head h2').textContent())!;
    await page.getByRole('tab', { name: 'Today’s tiers' }).click();
    await today.getByLabel('Registered').selectOption('0');
    await today.getByLabel('Legacy Elite').selectOption('3');
    await expect.poll(() => page.getByTestId('unplaced-tiers').count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('All changes saved');

    // 5. compare three scenarios on the list: the two fitted designs and the "as is" baseline, designed on FY2026
    const asIs = 'As is: metals on lifetime revenue';
    await page.keyboard.press('Control+3');
    // Compare is shown (its chunk loaded) before its ticked boxes are counted
    await expect.poll(() => page.locator('.cmp-choice input').count()).toBeGreaterThan(0);
    const choice = (name: string) => page.locator('.cmp-choice', { has: page.getByText(name, { exact: true }) }).locator('input');
    while ((await page.locator('.cmp-choice input:checked').count()) > 0) await page.locator('.cmp-choice input:checked').first().uncheck();
    for (const name of [asIs, motionFit, metals]) await choice(name).check();
    await page.getByLabel('Dataset to compare on').selectOption({ label: `${ACME} · 30 partners` });
    await expect.poll(() => page.getByTestId('compare-status').textContent()).toMatch(/^On ACME FY2026 \(30 partners\) · computed in/);
    // the baseline does not fit the list: said above the key figures, per scenario
    const warnings = page.getByTestId('compare-fit-warnings');
    await expect.poll(() => warnings.textContent()).toMatch(/As is: metals on lifetime revenue reads metrics ACME FY2026 does not have/);
    expect(await warnings.textContent()).toMatch(/As is: metals on lifetime revenue does not place today’s tiers “Registered”, “Legacy Elite” of ACME FY2026/);
    expect(await page.getByTestId(`fit-warning-${motionFit}`).textContent()).not.toMatch(/does not place/);

    const names = [asIs, motionFit, metals];
    const workspace = app.mode.session.info()!.path;
    const { json, stderr } = await cliCompare(workspace, names);
    expect(stderr).toMatch(/"As is: metals on lifetime revenue" does not place today's tiers "Registered", "Legacy Elite" of ACME FY2026/);
    expect(json.scenarios.map((k) => k.name)).toEqual(names);
    // movement counts: the page's key figures are the CLI's
    for (const [i, k] of json.scenarios.entries()) {
      expect(Number(await page.getByTestId(`kpi-promoted-${i}`).getAttribute('data-value')), `${k.name} promoted`).toBe(k.promoted);
      expect(Number(await page.getByTestId(`kpi-demoted-${i}`).getAttribute('data-value')), `${k.name} demoted`).toBe(k.demoted);
      expect(Number(await page.getByTestId(`kpi-tiered-${i}`).getAttribute('data-value')), `${k.name} tiered`).toBe(k.tiered);
    }
    // with today's tiers placed, the fitted designs promote and demote (before: every partner newly tiered)
    expect(json.scenarios[1]!.promoted + json.scenarios[1]!.demoted + json.scenarios[2]!.demoted).toBeGreaterThan(0);
    expect(json.scenarios[2]!.newlyTiered).toBe(0);
    // the Sankeys' flows: from the list's own labels to the new tiers, as the CLI's
    const tables = page.getByTestId('flow-table');
    expect(await tables.count()).toBe(3);
    for (const [i, entry] of json.flows.entries()) {
      const rows = await tables.nth(i).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
      expect(rows.map((r) => [r[0], r[2], Number(r[3])])).toEqual(entry.flows.map((f) => [f.from.today ?? f.from.tier ?? 'No current tier', f.to.tier ?? 'Untiered', f.count]));
      expect(entry.flows.some((f) => f.from.today === 'Legacy Elite')).toBe(true);
    }
    // Gold partners of the metals design, placed by name on Gold today, mostly stay Gold
    expect(json.flows[2]!.flows.some((f) => f.from.today === 'Gold' && f.from.tier === 'Gold')).toBe(true);

    // 6. export: the dialog starts on the list being compared, says what does not fit, and the workbook is the CLI's
    await page.getByTestId('compare-export').click();
    const dialog = page.getByTestId('export-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel('Dataset to export on').locator('option:checked').textContent()).toMatch(/^ACME FY2026/);
    await expect.poll(() => dialog.getByTestId('export-fit-warning').textContent()).toMatch(/As is: metals on lifetime revenue reads metrics ACME FY2026 does not have/);
    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-run').click();
    const download = await downloading;
    const file = path.join(work, 'own-list.xlsx');
    await download.saveAs(file);

    const summary = sheetRows(file, 'Summary');
    const titleLines = summary.slice(0, 8).map((r) => String(r[0] ?? ''));
    expect(titleLines).toContain(
      'Warning: As is: metals on lifetime revenue does not place today\'s tiers "Registered", "Legacy Elite": their partners count as having no tier today (newly tiered, never promoted or demoted).',
    );
    expect(titleLines.some((l) => l.startsWith(`Warning: ${motionFit} reads metrics ACME FY2026 does not have`))).toBe(true);
    expect(titleLines.some((l) => l.startsWith(`Warning: ${metals}`))).toBe(false);
    const header = summary.find((r) => r[0] === 'Group')!;
    const value = (label: string, name: string) => summary.find((r) => r[1] === label)![header.indexOf(name)];
    for (const k of json.scenarios) {
      expect(value('Partners in a tier', k.name)).toBe(k.tiered);
      expect(value('Promoted', k.name)).toBe(k.promoted);
      expect(value('Demoted', k.name)).toBe(k.demoted);
      expect(value('MDF', k.name)).toBeCloseTo(k.mdf, 6);
    }
    // the Movement sheet: one row per flow, from the list's own label, with its partners
    const movement = sheetRows(file, 'Movement');
    const mHeader = movement.findIndex((r) => r[0] === 'Scenario');
    const flows = movement.slice(mHeader + 1).filter((r) => r[0] !== null);
    const expected = json.flows.flatMap((entry) =>
      entry.flows.map((f) => [
        entry.scenario,
        f.from.today !== null ? `${f.from.today}${f.from.tier !== null ? ` (placed on ${f.from.tier})` : ''}` : (f.from.tier ?? 'No tier'),
        f.to.tier ?? 'No tier',
        f.count,
      ]),
    );
    expect(flows.map((r) => [r[0], r[2], r[3], r[5]])).toEqual(expected);
    await page.getByRole('button', { name: 'Done' }).click();
  });
});
