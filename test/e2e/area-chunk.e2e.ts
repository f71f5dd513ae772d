/**
 * An area whose chunk cannot be read (renderer/src/components/area-chunk.tsx): Compare's code
 * is refused by the network, so its error panel shows — without fetching the chunk again and
 * again on its own — and once the file can be read, "Try again" shows Compare.
 */
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness';

const COMPARE_CHUNK = /\/assets\/CompareView-[^/]*\.js/;

describe('an area whose code cannot be loaded', () => {
  const app = useBrowserApp('area-chunk');

  it('shows the error panel, does not fetch the chunk in a loop, and Try again loads it once it can be read', { timeout: 60_000 }, async () => {
    app.expectConsoleErrors(/Failed to load resource|dynamically imported module|the Compare view failed/);
    const page = await app.openApp(1280, 800);
    let refused = true;
    let asked = 0;
    await page.route(COMPARE_CHUNK, (route) => {
      asked++;
      return refused ? route.abort() : route.continue();
    });
    // a fresh page, so the chunk is not in hand from before
    await page.reload();
    await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Sample');
    await page.keyboard.press('Control+3');
    await page.getByRole('alert').filter({ hasText: 'Something went wrong in the Compare view' }).waitFor();
    const afterError = asked;
    await page.waitForTimeout(1500);
    // the idle preload and the view each asked at most once or twice; nothing more on its own
    expect(afterError).toBeLessThanOrEqual(4);
    expect(asked).toBe(afterError);
    refused = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Compare');
  });
});
