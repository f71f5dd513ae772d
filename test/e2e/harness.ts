/**
 * One browser-mode app per test file: browser mode on a fresh settings folder (so it opens
 * a new sample workspace), Debian's Chromium, and a page per test whose console errors and
 * page errors fail the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../electron/web/index';
import { launchChromium } from './browser';

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

export interface BrowserApp {
  readonly mode: BrowserMode;
  readonly page: Page;
  /** A new page on the app, once the sample workspace and its grid are shown. */
  openApp(width?: number, height?: number): Promise<Page>;
  /** Console errors matching `pattern` are expected in the current test (a CSP test provokes them). */
  expectConsoleErrors(pattern: RegExp): void;
}

export function useBrowserApp(prefix: string): BrowserApp {
  let mode: BrowserMode | undefined;
  let browser: Browser | undefined;
  let home = '';
  let page: Page | undefined;
  const problems: string[] = [];
  let expected: RegExp | null = null;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), `tierscape-e2e-${prefix}-`));
    mode = await startBrowserMode({ configDir: home });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await mode?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  afterEach(async () => {
    await page?.close();
    page = undefined;
    const allowed = expected;
    expected = null;
    expect(problems.splice(0).filter((p) => !allowed?.test(p))).toEqual([]);
  });

  return {
    get mode() {
      if (!mode) throw new Error('browser mode is not running yet');
      return mode;
    },
    get page() {
      if (!page) throw new Error('no page is open: call openApp() first');
      return page;
    },
    expectConsoleErrors(pattern: RegExp) {
      expected = pattern;
    },
    async openApp(width = 1280, height = 800) {
      const opened = await browser!.newPage({ viewport: { width, height } });
      page = opened;
      opened.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
      });
      opened.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await opened.goto(mode!.server.url);
      await expect.poll(() => opened.getByTestId('workspace-title').textContent()).toContain('Sample');
      await expect.poll(() => opened.getByTestId('partners-grid').locator('.ag-row').count()).toBeGreaterThan(0);
      return opened;
    },
  };
}
