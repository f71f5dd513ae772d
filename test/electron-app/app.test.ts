/**
 * The desktop app itself (issue 21), the test build in out-test/ driven by playwright-core's
 * _electron: the window on the tierscape:// protocol, the engine worker, the native dialogs
 * (answered by the test build's hook), a blob download, full screen from the menu and the
 * hand-off of a second launch. One app for the file, a fresh settings folder; the tests run in
 * order and build on each other.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import type { ElectronApplication, JSHandle, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { SCENARIO_FORMAT } from '../../shared/model/scenario';
import { answerDialogs, APP_DIR, appEnv, askedDialogs, electronBinary, launchApp, NO_SANDBOX, ROOT, run, waitForSample, type RunningApp } from './harness';

const OWN_LIST = path.join(ROOT, 'test/fixtures/own-list/acme-partners.csv');

describe('the desktop app (test build)', () => {
  let home = '';
  let work = '';
  let running: RunningApp;
  let app: ElectronApplication;
  let page: Page;
  let win: JSHandle<BrowserWindow>;

  const count = async (motion: string, tierId: string) => Number((await page.getByTestId(`dist-${motion}-${tierId}`).textContent())!.replace(/,/g, ''));
  const area = (name: 'Partners' | 'Scenarios' | 'Compare') =>
    page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'tierscape-electron-home-'));
    work = mkdtempSync(path.join(os.tmpdir(), 'tierscape-electron-work-'));
    running = await launchApp({ home, name: 'app' });
    ({ app, page } = running);
    win = (await app.browserWindow(page)) as JSHandle<BrowserWindow>;
  });

  afterAll(async () => {
    await running?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('opens the sample workspace in its window, served from tierscape://, with 300 partners in the grid', async () => {
    await waitForSample(page);
    expect(page.url()).toBe('tierscape://app/index.html');
    await expect.poll(() => page.getByTestId('status-partner-count').textContent()).toBe('300 partners');
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toBe('300 partners · 300 shown');
    await expect.poll(() => page.getByTestId('partners-grid').locator('.ag-row').count()).toBeGreaterThan(5);
    expect(existsSync(path.join(home, 'Sample.tierscape'))).toBe(true);
    await expect.poll(() => win.evaluate((w) => w.isVisible())).toBe(true);
    await expect.poll(() => win.evaluate((w) => w.getTitle())).toMatch(/^Sample — .*Tierscape$/);
    // the sandboxed page has no Node
    expect(await page.evaluate(() => [typeof (globalThis as Record<string, unknown>)['require'], typeof (globalThis as Record<string, unknown>)['process']])).toEqual([
      'undefined',
      'undefined',
    ]);
  });

  it('re-evaluates a threshold edit in the engine worker, loaded from tierscape://', async () => {
    await area('Scenarios');
    await page.getByRole('button', { name: 'New scenario' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Electron check');
    await page.getByRole('button', { name: 'Create blank scenario' }).click();
    await expect.poll(() => page.locator('.wb-editor-head h2').textContent()).toBe('Electron check');
    await page.getByRole('button', { name: 'Add tier to Partner program' }).click();
    await page.getByLabel('Name of tier Tier 2 (Partner program)').fill('Silver');
    const silver = page.getByRole('listitem', { name: 'Tier Silver (Partner program)' });
    await silver.getByRole('button', { name: 'Add condition' }).click();
    await silver.getByRole('combobox', { name: /^Metric for/ }).selectOption({ label: 'Sourced ARR (current year)' });
    await silver.getByRole('combobox', { name: /^Operator for/ }).selectOption({ label: 'at least' });
    const threshold = silver.getByLabel('Threshold for Sourced ARR (current year)');
    await threshold.fill('100,000');
    await expect.poll(() => count('*', 'tier_2')).toBeGreaterThan(0);
    const before = await count('*', 'tier_2');

    await threshold.fill('300,000');
    await expect.poll(() => count('*', 'tier_2')).toBeLessThan(before);
    await threshold.fill('100,000');
    await expect.poll(() => count('*', 'tier_2')).toBe(before);
    // the outcome came from the engine worker, which the page loaded over the app's own protocol
    expect(page.workers().map((w) => w.url())).toContainEqual(expect.stringMatching(/^tierscape:\/\/app\/assets\/engine\.worker-[\w-]+\.js$/));
    await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('All changes saved');
  });

  it('exports the comparison through the save dialog: a workbook where the dialog said', async () => {
    await area('Compare');
    await expect.poll(() => page.getByTestId('compare-status').textContent(), { timeout: 60_000 }).toMatch(/computed in/);
    await page.getByTestId('compare-export').click();
    await expect.poll(() => page.getByTestId('export-dialog').isVisible()).toBe(true);
    const target = path.join(work, 'Sample export.xlsx');
    await answerDialogs(app, target);
    await page.getByTestId('export-run').click();
    await expect.poll(() => page.getByTestId('export-result').textContent(), { timeout: 60_000 }).toMatch(/^Saved .*Sample export\.xlsx — \d+ sheets/);

    const bytes = readFileSync(target);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04])); // a zip
    const workbook = XLSX.read(bytes, { type: 'buffer' });
    expect(workbook.SheetNames.slice(0, 3)).toEqual(['Summary', 'Charts', 'Distribution']);
    expect(workbook.SheetNames.filter((n) => n.startsWith('Assignments – ')).length).toBeGreaterThanOrEqual(2);
    expect((await askedDialogs(app)).at(-1)).toMatchObject({ kind: 'save', title: 'Export Workbook', answer: target, defaultPath: expect.stringMatching(/\.xlsx$/) });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('export-dialog').count()).toBe(0);
  });

  it('saves a scenario’s JSON (a blob download of the page) where the save dialog said', async () => {
    await area('Scenarios');
    await page.getByRole('list').getByRole('button', { name: /^Motion-fit ladders/ }).click();
    await expect.poll(() => page.locator('.wb-editor-head h2').textContent()).toBe('Motion-fit ladders');
    const target = path.join(work, 'motion-fit.json');
    await answerDialogs(app, target);
    await page.getByRole('group', { name: 'Actions for Motion-fit ladders' }).getByRole('button', { name: 'Export JSON' }).click();
    const saved = async () => {
      try {
        return JSON.parse(readFileSync(target, 'utf8')) as { format: string; name: string };
      } catch {
        return null;
      }
    };
    await expect.poll(saved, { timeout: 30_000 }).toMatchObject({ format: SCENARIO_FORMAT, name: 'Motion-fit ladders' });
    expect((await askedDialogs(app)).at(-1)).toMatchObject({ kind: 'download', title: 'motion-fit-ladders.tierscape-scenario.json', answer: target });
  });

  it('presents full screen from View › Present Comparison, and Esc leaves it', async () => {
    await area('Compare');
    await expect.poll(() => page.getByTestId('compare-status').textContent(), { timeout: 60_000 }).toMatch(/computed in/);
    await win.evaluate((w) => {
      const seen: string[] = [];
      (globalThis as Record<string, unknown>)['__fullScreenEvents'] = seen;
      w.on('enter-html-full-screen', () => seen.push('enter'));
      w.on('leave-html-full-screen', () => seen.push('leave'));
    });
    expect(await win.evaluate((w) => w.isFullScreen())).toBe(false);

    // a click on the menu item, as Electron's menu makes it
    await app.evaluate(({ Menu }) => {
      const view = Menu.getApplicationMenu()?.items.find((i) => i.label.replace(/&/g, '') === 'View');
      const item = view?.submenu?.items.find((i) => i.label === 'Present Comparison');
      if (!item) throw new Error('no View › Present Comparison in the menu');
      item.click();
    });
    const presentation = page.getByTestId('presentation');
    await expect.poll(() => presentation.isVisible()).toBe(true);
    await expect.poll(() => presentation.getByRole('heading', { level: 1 }).textContent()).toBe('Key figures');
    await expect.poll(() => app.evaluate(() => (globalThis as Record<string, unknown>)['__fullScreenEvents'])).toEqual(['enter']);
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    await expect.poll(() => win.evaluate((w) => w.isFullScreen()), { timeout: 10_000 }).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => presentation.count()).toBe(0);
    await expect.poll(() => win.evaluate((w) => w.isFullScreen()), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => page.getByTestId('kpi-table').isVisible()).toBe(true);
  });

  it('imports a partner list through the open dialog', async () => {
    await area('Partners');
    await answerDialogs(app, OWN_LIST);
    await page.getByRole('button', { name: 'Import partner list…' }).click();
    await expect.poll(() => page.getByTestId('import-mapping').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('report-importable').textContent()).toBe('30');
    await page.getByLabel('Dataset label').fill('ACME FY2026');
    await page.getByLabel('As of').fill('2026-06-30');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-mapping').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('workspace-title').locator('select option:checked').textContent()).toBe('ACME FY2026');
    await expect.poll(() => page.getByTestId('partners-grid').textContent()).toContain('€2,480,000');
    expect((await askedDialogs(app)).at(-1)).toMatchObject({ kind: 'open', title: 'Import Partner List', answer: OWN_LIST });
  });

  it('a second launch with a workspace hands it to this window and exits', async () => {
    const file = path.join(work, 'Handed over.tierscape');
    const binary = electronBinary();
    // the app's own --cli makes the workspace (with settings of its own: the window's recent list stays the window's)
    const made = await run(binary, [...NO_SANDBOX, APP_DIR, '--cli', 'new', file], appEnv(path.join(work, 'cli-home')));
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);

    // the same settings folder, so the same single-instance lock
    const second = await run(binary, [...NO_SANDBOX, APP_DIR, file], appEnv(home), 30_000);
    expect(second.code, second.stderr).toBe(0);
    await expect.poll(() => page.getByTestId('workspace-title').textContent(), { timeout: 30_000 }).toContain('Handed over');
    await expect.poll(() => win.evaluate((w) => w.getTitle())).toMatch(/^Handed over/);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('logged no errors in the page', () => {
    expect(running.problems).toEqual([]);
  });
});
