/**
 * `npm run bench:ui`: what a person waits for in the window (DESIGN D13), timed in Chromium
 * through browser mode — the built renderer and the same handler table as Electron — on
 * generated workspaces of 100K and 1M partners:
 *
 * - Open (Ctrl+O) until the partners grid shows every partner;
 * - Ctrl+End to the last partner; the renderer's JS heap with the grid full;
 * - a sort by name until the sorted first row shows, and whether the page stayed responsive:
 *   the longest gap between its animation frames (a requestAnimationFrame heartbeat) and its
 *   longest task while it sorted;
 * - opening a scenario until the outcome panel shows its outcome (the worker loads the dataset);
 * - a threshold drag in Compare › Sensitivity: the page's frame times and long tasks while
 *   the pointer moves for a second, how many of the values the slider took the worker
 *   previewed (and their share), and its time per value;
 * - before those, the window's first paint on the sample workspace (what a first start opens):
 *   first paint and first contentful paint (the Performance API's paint entries), the first
 *   rows of the Partners grid, and the JavaScript the page loaded until then — each on a fresh
 *   page in a fresh browser context (no HTTP cache), median of several.
 *
 * Browser mode adds JSON and HTTP between the page and the handlers, which Electron's IPC
 * (structured clone) does not: these times are an upper bound for the desktop app.
 * Prints a table, then the Goals table (test/bench/goals.ts: each goal ✓, ✗ or not measured),
 * and writes both to test-results/bench-ui.json. Needs Chromium (/usr/bin/chromium).
 *
 *   npm run bench:ui                          (builds the renderer, then 100K and 1M; about 5 minutes)
 *   BENCH_UI_SIZES=100000 npm run bench:ui
 *   BENCH_SIZES=10000 npm run bench:ui       (BENCH_SIZES is read when BENCH_UI_SIZES is not set)
 *   BENCH_UI_SIZES= npm run bench:ui         (the first paint only)
 *   BENCH_UI_RENDERER=/some/out/renderer …   (times another build of the renderer, e.g. a saved one)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners, SAMPLE_SIZE } from '../../scenarios/generator';
import { Workspace } from '../../electron/services/workspace/workspace';
import { startBrowserMode } from '../../electron/web/index';
import { launchChromium } from '../e2e/browser';
import { checkGoals, printGoals, TASK } from './goals';
import { formatValue, rowOf, type BenchRow, type BenchUnit } from './row';

const sizes = (process.env['BENCH_UI_SIZES'] ?? process.env['BENCH_SIZES'] ?? '100000,1000000')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map((s) => Number(s.trim()));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const rendererDir = process.env['BENCH_UI_RENDERER'] ? path.resolve(process.env['BENCH_UI_RENDERER']) : undefined;
/** fresh pages timed for the first paint (after one that is not counted) */
const PAINT_SAMPLES = 9;

interface Row extends BenchRow {
  unit: BenchUnit;
  /** every sample, in the order taken (runs can be pooled) */
  values: number[];
}

const rows: Row[] = [];
function record(task: string, partners: number, values: number[], unit: Row['unit'] = 'ms'): void {
  rows.push({ ...rowOf(task, partners, values), unit, values });
}

const label = (n: number) => n.toLocaleString('en-US');

async function waitFor(page: Page, what: string, test: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(10);
  }
}

/**
 * Starts a heartbeat on the page: the gap between each animation frame and the one before,
 * and the page's long tasks (over 50 ms), until stopHeartbeat.
 */
async function startHeartbeat(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const beat = { frames: [], long: [], stop: false, last: performance.now() };
    const tick = (t) => { beat.frames.push(t - beat.last); beat.last = t; if (!beat.stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    beat.observer = new PerformanceObserver((l) => { for (const e of l.getEntries()) beat.long.push(e.duration); });
    beat.observer.observe({ type: 'longtask' });
    window.__beat = beat;
  })()`);
}

/** The heartbeat's frame gaps (the one still open last) and long tasks, after two more frames. */
async function stopHeartbeat(page: Page): Promise<{ frames: number[]; long: number[] }> {
  return (await page.evaluate(`new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const beat = window.__beat;
    beat.stop = true;
    for (const e of beat.observer.takeRecords()) beat.long.push(e.duration);
    beat.observer.disconnect();
    done({ frames: [...beat.frames, performance.now() - beat.last], long: beat.long });
  })))`)) as { frames: number[]; long: number[] };
}

async function openWorkspace(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+o');
  await page.getByLabel('File path').fill(file);
  await page.getByRole('dialog').getByRole('button', { name: 'Open' }).click();
}

/**
 * Installed before the page's own scripts: when the Partners grid shows its first row, on
 * the page's clock (the paint entries' too). An init script is not subject to the page's CSP.
 */
const GRID_ROWS_OBSERVER = `(() => {
  const seen = () => {
    if (window.__gridRows === undefined && document.querySelector('[data-testid="partners-grid"] .ag-row')) window.__gridRows = performance.now();
    return window.__gridRows !== undefined;
  };
  new MutationObserver((_, observer) => { if (seen()) observer.disconnect(); }).observe(document, { childList: true, subtree: true });
})()`;

interface PaintSample {
  firstPaint: number;
  firstContentfulPaint: number;
  gridRows: number;
  /** the JavaScript files the page loaded by the time the grid showed, and their bytes */
  scripts: { name: string; bytes: number }[];
}

/**
 * The window's first paint on the sample workspace: a fresh browser context per sample (an
 * empty HTTP cache, like a first start), timed by the page's own Performance API.
 */
async function firstPaint(browser: Browser): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-bench-paint-'));
  const mode = await startBrowserMode({ configDir: dir, rendererDir });
  try {
    const samples: PaintSample[] = [];
    for (let i = 0; i <= PAINT_SAMPLES; i++) {
      process.stderr.write(`first paint of the sample workspace (${i === 0 ? 'warm-up' : `${i} of ${PAINT_SAMPLES}`})…\n`);
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      try {
        const page = await context.newPage();
        await page.addInitScript(GRID_ROWS_OBSERVER);
        await page.goto(mode.server.url);
        await waitFor(page, 'the first rows of the partners grid', async () => (await page.evaluate('window.__gridRows !== undefined')) === true, 60_000);
        const sample = (await page.evaluate(`(() => {
          const paint = (name) => performance.getEntriesByType('paint').find((e) => e.name === name)?.startTime ?? NaN;
          const scripts = performance
            .getEntriesByType('resource')
            .filter((e) => (e.initiatorType === 'script' || e.initiatorType === 'link' || e.initiatorType === 'other') && new URL(e.name).pathname.endsWith('.js') && e.startTime <= window.__gridRows)
            .map((e) => ({ name: new URL(e.name).pathname.split('/').pop(), bytes: e.decodedBodySize }));
          return { firstPaint: paint('first-paint'), firstContentfulPaint: paint('first-contentful-paint'), gridRows: window.__gridRows, scripts };
        })()`)) as PaintSample;
        if (i > 0) samples.push(sample);
      } finally {
        await context.close();
      }
    }
    record('window: first paint (sample workspace)', SAMPLE_SIZE, samples.map((s) => s.firstPaint));
    record('window: first contentful paint (sample workspace)', SAMPLE_SIZE, samples.map((s) => s.firstContentfulPaint));
    record('window: first rows of the partners grid (sample workspace)', SAMPLE_SIZE, samples.map((s) => s.gridRows));
    const kB = samples.map((s) => s.scripts.reduce((sum, f) => sum + f.bytes, 0) / 1000);
    record('window: JavaScript loaded until the grid shows', SAMPLE_SIZE, kB, 'kB');
    const files = samples[samples.length - 1]!.scripts;
    process.stderr.write(`scripts loaded until the grid shows: ${files.map((f) => `${f.name} (${Math.round(f.bytes / 1000)} kB)`).join(', ')}\n`);
  } finally {
    await mode.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A workspace of `n` generated partners with the Motion-fit scenario, an empty one, and the
 * name ag-grid sorts first (its default comparison of strings). The generated list is let go
 * on return: browser mode's server runs in this process, and the app's server holds no such
 * list (at 1M, hundreds of MB more for its collector while it answers the page).
 */
async function prepareWorkspaces(dir: string, n: number): Promise<{ big: string; empty: string; firstName: string }> {
  const data = generatePartners({ seed: 11, count: n });
  const big = path.join(dir, `Partners ${n}.tierscape`);
  const ws = await Workspace.create(big, {
    fill: (w) => {
      const id = w.datasets.insert({ ...data, label: 'FY2026', asOf: '2026-06-30', sourceFile: null, mapping: {}, importedAt: new Date().toISOString() });
      w.scenarios.create(exampleScenarios().find((x) => x.name === 'Motion-fit ladders')!, id);
    },
  });
  ws.close();
  const empty = path.join(dir, 'Empty.tierscape');
  (await Workspace.create(empty)).close();
  const firstName = data.partners.reduce((a, p) => (p.name < a ? p.name : a), data.partners[0]!.name);
  return { big, empty, firstName };
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    await firstPaint(browser);
    for (const n of sizes) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-bench-ui-'));
      try {
        process.stderr.write(`preparing a workspace of ${label(n)} partners…\n`);
        const { big, empty, firstName } = await prepareWorkspaces(dir, n);

        const mode = await startBrowserMode({ configDir: dir, workspace: empty, rendererDir });
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        try {
          await page.goto(mode.server.url);
          await page.getByRole('heading', { name: 'No partner data yet' }).waitFor({ timeout: 60_000 });
          const grid = page.getByTestId('partners-grid');
          const shown = `${label(n)} partners · ${label(n)} shown`;

          const opens: number[] = [];
          const samples = n >= 1_000_000 ? 2 : 7;
          for (let i = 0; i < samples; i++) {
            process.stderr.write(`opening ${label(n)} partners (${i + 1} of ${samples})…\n`);
            const started = Date.now();
            await openWorkspace(page, big);
            await waitFor(page, 'every partner in the grid', async () => (await page.getByTestId('partners-shown').textContent()) === shown && (await grid.locator('.ag-row').count()) > 0);
            opens.push(Date.now() - started);
            if (i < samples - 1) {
              await openWorkspace(page, empty);
              await page.getByRole('heading', { name: 'No partner data yet' }).waitFor({ timeout: 60_000 });
            }
          }
          record(TASK.windowOpen, n, opens);
          await page.evaluate('window.gc && window.gc()');
          const metrics = await cdp.send('Performance.getMetrics');
          const heap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
          record("renderer's JS heap with the grid full", n, [heap / 1e6], 'MB');

          // the keyboard needs a focused cell: click one and wait for the grid to say so
          await grid.locator('.ag-row[row-index="0"] .ag-cell').first().click();
          await grid.locator('.ag-cell-focus').first().waitFor({ timeout: 30_000 });
          let started = Date.now();
          await page.keyboard.press('Control+End');
          await grid.locator(`.ag-row[row-index="${n - 1}"]`).first().waitFor({ timeout: 60_000 });
          record('Ctrl+End to the last partner', n, [Date.now() - started]);

          // a sort by name, with the page's heartbeat: did it keep painting (answering) while it sorted?
          await startHeartbeat(page);
          started = Date.now();
          await grid.locator('.ag-header-cell-text', { hasText: /^Partner$/ }).first().click();
          await waitFor(page, 'the sorted grid', async () => ((await grid.locator('.ag-row[row-index="0"]').first().textContent()) ?? '').includes(firstName));
          record(TASK.sort, n, [Date.now() - started]);
          const sorting = await stopHeartbeat(page);
          record(TASK.sortFrameGap, n, [Math.max(...sorting.frames)]);
          record(TASK.sortLongestTask, n, [Math.max(0, ...sorting.long)]);

          // the scenario's outcome: the engine worker takes the dataset the grid holds
          started = Date.now();
          await page.keyboard.press('Control+2');
          await page.getByRole('list').getByRole('button', { name: /^Motion-fit ladders/ }).click();
          await waitFor(page, 'the outcome panel', async () => ((await page.getByTestId('outcome-summary').textContent().catch(() => '')) ?? '').startsWith(`${label(n)} partners`));
          record('open a scenario until its outcome shows', n, [Date.now() - started]);

          // a threshold drag in Compare › Sensitivity
          process.stderr.write(`dragging a threshold over ${label(n)} partners…\n`);
          await page.keyboard.press('Control+3');
          await page.getByRole('tab', { name: 'Sensitivity & goal seek' }).click();
          await page.getByLabel('Scenario to explore').selectOption({ label: 'Motion-fit ladders' });
          const slider = page.getByRole('slider', { name: 'Drag the threshold' });
          await slider.waitFor({ timeout: 180_000 });
          await page.getByTestId('sweep-table').waitFor({ state: 'attached', timeout: 180_000 });
          const box = (await slider.boundingBox())!;
          const y = box.y + box.height / 2;
          await page.mouse.move(box.x + box.width * 0.2, y);
          await startHeartbeat(page);
          await page.evaluate(`(() => {
            const w = window;
            // the values the slider took, and one entry per preview shown (a re-render of the same one is not another)
            w.__moved = new Set();
            document.querySelector('input[aria-label="Drag the threshold"]').addEventListener('input', (e) => w.__moved.add(e.target.value));
            w.__engine = [];
            const out = document.querySelector('[data-testid="drag-outcome"]');
            let seen = null;
            new MutationObserver(() => {
              const ms = out.querySelector('[data-testid="drag-ms"]');
              const value = ms && ms.getAttribute('data-ms');
              const key = value === null ? null : value + '|' + out.textContent;
              if (key !== null && key !== seen) w.__engine.push(Number(value));
              seen = key;
            }).observe(out, { childList: true, subtree: true, characterData: true, attributes: true });
          })()`);
          await page.mouse.down();
          const moves = 60;
          for (let i = 1; i <= moves; i++) {
            await page.mouse.move(box.x + box.width * (0.2 + (0.6 * i) / moves), y);
            await page.waitForTimeout(16);
          }
          // the last value's preview lands
          await page.waitForTimeout(n >= 1_000_000 ? 1500 : 300);
          const beat = await stopHeartbeat(page);
          const stats = (await page.evaluate(`({ engine: window.__engine, moved: window.__moved.size })`)) as { engine: number[]; moved: number };
          await page.mouse.up();
          record('drag: frame time on the page while the pointer moves', n, beat.frames.slice(2, -1));
          record('drag: long tasks (> 50 ms) on the page', n, [beat.long.length], 'count');
          record(`drag: values the slider took (${moves} pointer moves)`, n, [stats.moved], 'count');
          record('drag: values previewed by the worker', n, [stats.engine.length], 'count');
          record(TASK.dragShare, n, [stats.moved > 0 ? (100 * stats.engine.length) / stats.moved : 0], '%');
          if (stats.engine.length > 0) record(TASK.dragWorker, n, stats.engine);
        } finally {
          await page.close();
          await mode.stop();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }

  console.table(rows.map((r) => ({ task: r.task, partners: label(r.partners), median: formatValue(r.median, r.unit), min: formatValue(r.min, r.unit), max: formatValue(r.max, r.unit), samples: r.samples })));
  const paint = (task: string) => rows.find((r) => r.partners === SAMPLE_SIZE && r.task.startsWith(task))?.median ?? Number.NaN;
  console.log(
    `first start on the sample workspace: first contentful paint ${paint('window: first contentful').toFixed(0)} ms, the grid's first rows ${paint('window: first rows').toFixed(0)} ms, ${paint('window: JavaScript').toFixed(0)} kB of JavaScript`,
  );
  const goals = checkGoals(rows, 'ui');
  printGoals(goals);
  const out = path.join(root, 'test-results', 'bench-ui.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, rendererDir: rendererDir ?? null, rows, goals }, null, 2));
  console.log(`written to ${path.relative(root, out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
