/**
 * The partners grid's sort (renderer/src/features/partners/grid-sorter.ts ranks columns beside
 * ag-grid, issue 23) in the browser, on the sample workspace: a header click sorts by the
 * partner's name, a second click turns it round, a metric sorts with its empty values first,
 * Shift+click adds a second column, and a scenario's Tier column sorts. The rows shown are checked against the dataset sorted as
 * ag-grid sorts (a stable sort, values compared with < and >, empty values first).
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateSnapshots, SAMPLE_SEED, SAMPLE_SIZE } from '../../scenarios/generator';
import { SAMPLE_YEARS } from '../../electron/services/sample';
import { useBrowserApp } from './harness';

type Value = string | number | null;

/** ag-grid's default comparison (empty first, then < and >). */
function compare(a: Value, b: Value): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return a > b ? 1 : a < b ? -1 : 0;
}

/** Partner ids in the order a stable sort by these columns gives. */
function sortedIds(ids: readonly string[], keys: readonly { values: readonly Value[]; descending: boolean }[]): string[] {
  return ids
    .map((_, i) => i)
    .sort((a, b) => {
      for (const { values, descending } of keys) {
        const r = compare(values[a]!, values[b]!);
        if (r !== 0) return descending ? -r : r;
      }
      return 0;
    })
    .map((i) => ids[i]!);
}

/** The ids of the first `count` rows the grid shows. */
async function shownIds(grid: Locator, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(((await grid.locator(`.ag-row[row-index="${i}"] [col-id="id"]`).first().textContent()) ?? '').trim());
  return ids;
}

async function sortedBy(page: Page, grid: Locator, header: RegExp, shift = false): Promise<void> {
  await grid.locator('.ag-header-cell-text', { hasText: header }).first().click({ modifiers: shift ? ['Shift'] : [] });
  // the ranking runs in slices; the note goes once the rows are in order
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sorting…' }).count()).toBe(0);
}

describe('the partners grid’s sort', () => {
  const app = useBrowserApp('grid-sort');

  it('sorts by name both ways, by a metric with its empty values first, by two columns, and by the scenario’s tier', { timeout: 120_000 }, async () => {
    const page = await app.openApp(1920, 1080);
    const grid = page.getByTestId('partners-grid');
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toMatch(/^300 partners · 300 shown$/);
    const label = ((await page.locator('.dataset-name').textContent()) ?? '').trim();
    const snapshot = generateSnapshots({ seed: SAMPLE_SEED, count: SAMPLE_SIZE, years: SAMPLE_YEARS }).find((s) => s.label === label)!;
    expect(snapshot, `the sample's dataset "${label}"`).toBeDefined();
    const ids = snapshot.partners.map((p) => p.id);
    const names = snapshot.partners.map((p) => p.name);
    const metric = (key: string) => Array.from(snapshot.values[snapshot.metrics.findIndex((m) => m.key === key)]!, (v) => (Number.isNaN(v) ? null : v));

    await sortedBy(page, grid, /^Partner$/);
    await expect.poll(() => shownIds(grid, 8)).toEqual(sortedIds(ids, [{ values: names, descending: false }]).slice(0, 8));
    await sortedBy(page, grid, /^Partner$/);
    await expect.poll(() => shownIds(grid, 8)).toEqual(sortedIds(ids, [{ values: names, descending: true }]).slice(0, 8));

    // a metric with no data for some partners: those first, in the list's order
    const arr = metric('sourced_arr');
    const arrHeader = /^Sourced ARR \(current year\)$/;
    expect(arr.some((v) => v === null)).toBe(true);
    await sortedBy(page, grid, arrHeader);
    await expect.poll(() => shownIds(grid, 8)).toEqual(sortedIds(ids, [{ values: arr, descending: false }]).slice(0, 8));

    // Shift+click: motion first, then the ARR within each motion, largest first
    await sortedBy(page, grid, /^Motion$/);
    await sortedBy(page, grid, arrHeader, true);
    await sortedBy(page, grid, arrHeader, true);
    const motions = snapshot.partners.map((p) => p.motion);
    await expect.poll(() => shownIds(grid, 8)).toEqual(
      sortedIds(ids, [
        { values: motions, descending: false },
        { values: arr, descending: true },
      ]).slice(0, 8),
    );

    // the scenario's Tier column, ranked from the outcome
    await page.keyboard.press('Control+2');
    await page.getByRole('list').getByRole('button', { name: /^Motion-fit ladders/ }).click();
    await page.keyboard.press('Control+1');
    await expect.poll(() => grid.locator('.ag-header-cell[col-id="sc:tier"]').count()).toBe(1);
    await sortedBy(page, grid, /^Tier$/);
    const tiers = async () => {
      const out: string[] = [];
      for (let i = 0; i < 12; i++) out.push(((await grid.locator(`.ag-row[row-index="${i}"] [col-id="sc:tier"]`).first().textContent()) ?? '').trim());
      return out;
    };
    await expect.poll(async () => {
      const first = await tiers();
      return first.join('|') === [...first].sort().join('|') && first.some((t) => t !== first[0]);
    }).toBe(true);
  });
});
