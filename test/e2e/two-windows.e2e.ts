/**
 * Two windows on one browser-mode server (issue 18, item 1): window 1 opens another
 * workspace while window 2 still shows and edits the first one. Window 2's next edit must
 * not land in the workspace window 1 opened: it is refused, nothing is written, and window 2
 * says so and shows what is open now.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { useBrowserApp } from './harness';

describe('two windows on one workspace server', () => {
  const app = useBrowserApp('two-windows');
  let first: Page | null = null;
  afterAll(async () => {
    await first?.close();
  });

  it('an edit in a window whose workspace another window replaced is refused, not written into the other workspace', { timeout: 120_000 }, async () => {
    const home = path.dirname(app.mode.session.info()!.path);
    const other = path.join(home, 'Other.tierscape');
    expect(await runCli(['new', other, '--sample'], { out: () => {}, err: () => {} })).toBe(0);

    // window 2 edits a scenario of the sample workspace
    first = await app.openApp(1280, 800);
    const second = await app.openApp(1280, 800);
    await second.getByRole('button', { name: /^Scenarios/ }).click();
    await second.getByRole('list').getByRole('button', { name: /^Motion-fit ladders/ }).click();
    const name = second.getByLabel('Name of tier Strategic (Resale partners)');
    await expect.poll(() => name.inputValue()).toBe('Strategic');

    // window 1 opens the other workspace
    await first.getByRole('button', { name: 'Open', exact: true }).click();
    await first.getByLabel('File path').fill(other);
    await first.getByRole('dialog').getByRole('button', { name: /^Open/ }).click();
    await expect.poll(() => first!.getByTestId('workspace-title').textContent()).toContain('Other');
    const opened = app.mode.session.info()!;
    expect(opened.fileName).toBe('Other.tierscape');
    const motionFit = opened.scenarios.find((s) => s.name === 'Motion-fit ladders')!;
    const before = JSON.stringify(app.mode.session.workspace!.scenarios.get(motionFit.id).scenario);

    // window 2 still shows the sample; its next keystroke is saved … into nothing
    await name.fill('Strategic renamed in window 2');
    await expect.poll(() => second.getByRole('alert').first().textContent(), { timeout: 10_000 }).toMatch(/closed or replaced: "Other\.tierscape" is open now.*Nothing was written/);
    // window 2 now shows what is open
    await expect.poll(() => second.getByTestId('workspace-title').textContent()).toContain('Other');
    expect(JSON.stringify(app.mode.session.workspace!.scenarios.get(motionFit.id).scenario)).toBe(before);
  });
});
