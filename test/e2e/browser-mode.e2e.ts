import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('never hands the token to another local server: no cookie, gone from the address bar, and a reload still works', async () => {
    // another web server on this machine, on another port: it records every request it gets
    const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
    const other = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Another local app</title><p>Another app</p>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      await openApp();
      const { token } = app.mode.server;
      const address = page.url();
      // the engine worker and its module scripts loaded: a scenario's outcome shows
      await page.getByRole('button', { name: /^Scenarios/ }).click();
      await expect.poll(() => page.getByTestId('dist-*-untiered').textContent()).toMatch(/^\d+$/);

      // the person opens the other local app in the same browser session (by both its names)
      await page.goto(`${otherOrigin}/`);
      await page.goto(`http://localhost:${new URL(otherOrigin).port}/again`);
      await expect.poll(() => seen.filter((r) => r.headers['sec-fetch-mode'] === 'navigate').length).toBeGreaterThanOrEqual(2);
      for (const request of seen) expect(JSON.stringify(request), request.url).not.toContain(token);
      expect(seen.some((r) => r.headers.cookie !== undefined)).toBe(false);
      expect(await page.context().cookies()).toEqual([]);

      // the page read the token and took it out of the address
      expect(address).not.toContain(token);
      expect(new URL(address).search).toBe('');

      // back, and reloaded: the page still works without the token in its address
      await page.goBack();
      await page.goBack();
      await page.reload();
      // (on the Scenarios area, where it was left)
      await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Sample');
      await expect.poll(() => page.getByTestId('dist-*-untiered').textContent()).toMatch(/^\d+$/);
      await page.keyboard.press('Control+1');
      await expect.poll(() => page.getByTestId('partners-grid').locator('.ag-row').count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('status-partner-count').textContent()).toBe(`${SAMPLE_SIZE} partners`);
      expect(page.url()).not.toContain(token);
      expect(seen.every((r) => !JSON.stringify(r).includes(token))).toBe(true);
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
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
