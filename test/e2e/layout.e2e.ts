/**
 * Layout that fits (issue 20): at 1024×640, 1280×800, 1366×768 and 1920×1080 every area and
 * tab — Partners, each tab of the Scenarios workbench on the sample's widest designs, Compare's
 * three tabs with six scenarios, the export dialog and every slide of the presentation — fits
 * the window: the document never overflows it and the app's shell is never scrolled; wide
 * editors scroll inside their own panel. Presentation mode at 1024×768, 1280×720 and 1920×1080
 * with 2 to 6 scenarios: every slide's content fits its box, the scenario columns that do not
 * fit are paged ("Scenarios 1–4 of 6"), and on a 1080p projector no text is under 18 px.
 * Screenshots: docs/screenshots/layout-*.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useBrowserApp } from './harness';

const SIZES = [
  [1024, 640],
  [1280, 800],
  [1366, 768],
  [1920, 1080],
] as const;

const PROJECTORS = [
  [1024, 768],
  [1280, 720],
  [1920, 1080],
] as const;

/** The sample's widest designs: the points rules of one, the most ladders and tiers (the tier × benefit matrix) of the other. */
const WIDEST = ['Points-based', 'App-marketplace'] as const;

const WORKBENCH_TABS = ['Ladders', 'Today’s tiers', 'Benefits & rules', 'Assumptions & policies', 'Derived metrics'] as const;
const COMPARE_TABS = ['Side by side', 'Sensitivity & goal seek', 'Cycle replay'] as const;
const SLIDES = ['Key figures', 'Partners per tier', 'Cost against capacity and budget', 'Conflict-rule coverage', 'Movement from today’s tiers'] as const;

/** What overflows the window: the document wider or taller than it, the shell scrolled. */
function shellProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) problems.push(`the document is ${doc.scrollWidth} px wide`);
    if (doc.scrollHeight > window.innerHeight) problems.push(`the document is ${doc.scrollHeight} px tall`);
    const scrolled = [document.scrollingElement, document.body, document.getElementById('root'), document.querySelector('.app'), document.querySelector('.body')];
    for (const el of scrolled) if (el && (el.scrollTop !== 0 || el.scrollLeft !== 0)) problems.push(`${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''} is scrolled`);
    return problems;
  });
}

async function expectFits(page: Page, where: string): Promise<void> {
  await expect.poll(() => shellProblems(page), { message: where }).toEqual([]);
}

/** In the workbench: its panels do not scroll sideways (their wide tables do, inside themselves), no tab is cut. */
function workbenchProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.wb-editor, .wb-panel, .wb-outcome, .wb-list'))) {
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`.${el.className.replace(/ /g, '.')} is ${el.scrollWidth} px wide in ${el.clientWidth} px`);
    }
    const tabs = document.querySelector<HTMLElement>('.wb-tabs');
    if (tabs && tabs.scrollWidth > tabs.clientWidth + 1) problems.push(`the tabs need ${tabs.scrollWidth} px of ${tabs.clientWidth} px`);
    for (const tab of Array.from(document.querySelectorAll<HTMLElement>('.wb-tabs [role="tab"]'))) {
      if (tab.scrollWidth > tab.clientWidth + 1 || tab.getBoundingClientRect().right > (tabs?.getBoundingClientRect().right ?? Infinity) + 1) problems.push(`the tab "${tab.textContent}" is cut`);
    }
    for (const help of Array.from(document.querySelectorAll<HTMLElement>('.sf-setting .sf-help'))) {
      if (help.clientWidth < 220) problems.push(`the help "${help.textContent?.slice(0, 30)}…" is ${help.clientWidth} px wide`);
    }
    const head = document.querySelector('.wb-editor-head');
    if (head && head.getBoundingClientRect().top < 0) problems.push('the editor’s head is scrolled away');
    return problems;
  });
}

/** In presentation mode: the slide's content fits its box, nothing scrolls; `minText`: the smallest type shown. */
function slideProblems(page: Page, minText: number): Promise<string[]> {
  return page.evaluate((minText) => {
    const problems: string[] = [];
    const present = document.querySelector<HTMLElement>('[data-testid="presentation"]');
    const body = document.querySelector<HTMLElement>('[data-testid="present-body"]');
    if (!present || !body) return ['no slide'];
    if (body.scrollHeight > body.clientHeight) problems.push(`the slide's content is ${body.scrollHeight} px tall in ${body.clientHeight} px`);
    if (body.scrollWidth > body.clientWidth) problems.push(`the slide's content is ${body.scrollWidth} px wide in ${body.clientWidth} px`);
    if (present.scrollHeight > present.clientHeight || present.scrollWidth > present.clientWidth) problems.push('the slide overflows the screen');
    const box = present.getBoundingClientRect();
    if (box.width > window.innerWidth || box.height > window.innerHeight) problems.push('the presentation is larger than the window');
    if (minText > 0) {
      const walker = document.createTreeWalker(present, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const text = walker.currentNode;
        const el = text.parentElement;
        if (!el || !text.textContent?.trim() || el.closest('.cmp-sr, caption')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < minText) problems.push(`"${text.textContent.trim().slice(0, 30)}" is ${size} px`);
      }
    }
    return problems;
  }, minText);
}

/** What the slide shows of the scenarios: key-figure columns or flows shown, and the page label. */
function slideShows(page: Page): Promise<{ columns: number; flows: number; page: string | null; current: boolean }> {
  return page.evaluate(() => {
    const heads = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="presentation"] [data-testid^="kpi-head-"]'));
    return {
      columns: heads.filter((h) => h.getBoundingClientRect().width > 0).length,
      flows: document.querySelectorAll('[data-testid="presentation"] figure').length,
      page: document.querySelector('[data-testid="present-page"]')?.textContent ?? null,
      // the scenario in focus is among the columns shown
      current: Array.from(document.querySelectorAll<HTMLElement>('[data-testid="presentation"] .cmp-current')).every((c) => c.getBoundingClientRect().width > 0),
    };
  });
}

async function tickScenarios(page: Page, count: number): Promise<void> {
  // the first `count` of the workspace's scenarios
  const boxes = page.locator('.cmp-choices input[type="checkbox"]');
  // Compare is shown (its chunk loaded) before its boxes are counted
  await expect.poll(() => boxes.count()).toBeGreaterThan(0);
  for (let i = (await boxes.count()) - 1; i >= count; i--) if (await boxes.nth(i).isChecked()) await boxes.nth(i).uncheck();
  for (let i = 0; i < count; i++) if (!(await boxes.nth(i).isChecked())) await boxes.nth(i).check();
  await expect.poll(() => page.locator('.cmp-choices input[type="checkbox"]:checked').count()).toBe(count);
  await expect.poll(() => page.getByTestId(`kpi-head-${count - 1}`).count()).toBe(1);
  await expect.poll(() => page.getByTestId(`kpi-head-${count}`).count()).toBe(0);
  await expect.poll(() => page.getByTestId('compare-status').textContent()).toMatch(/computed in/);
}

/**
 * Presents the comparison and walks every slide — on the key figures and the movement, each
 * scenario in focus in turn (↓) — checking that each fits; screenshots `shots` (slide title → file).
 */
async function presentEverySlide(page: Page, where: string, scenarios: number, minText: number, shots: Partial<Record<(typeof SLIDES)[number], string>> = {}): Promise<void> {
  const presentation = page.getByTestId('presentation');
  await page.getByRole('button', { name: 'Present' }).click();
  await expect.poll(() => presentation.isVisible()).toBe(true);
  for (const title of SLIDES) {
    await expect.poll(() => presentation.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await expect.poll(() => slideProblems(page, minText), { message: `${where}: ${title}` }).toEqual([]);
    const shot = shots[title];
    if (shot) await page.screenshot({ path: path.join(SCREENSHOTS, shot) });
    if (title === 'Key figures' || title === 'Movement from today’s tiers') {
      const all = await slideShows(page);
      const shown = title === 'Key figures' ? all.columns : all.flows;
      expect(shown, `${where}: ${title}`).toBeGreaterThan(0);
      // what does not fit is paged, and says so
      if (shown < scenarios) expect(all.page, `${where}: ${title}`).toMatch(new RegExp(`^Scenarios? 1(–${shown})? of ${scenarios}$`));
      else expect(all.page, `${where}: ${title}`).toBeNull();
      for (let focus = 0; focus < scenarios; focus++) {
        await page.keyboard.press('ArrowDown');
        await expect.poll(() => presentation.locator('li[aria-current="true"]').count()).toBe(1);
        await expect.poll(() => slideProblems(page, minText), { message: `${where}: ${title}, scenario ${focus + 1}` }).toEqual([]);
        const now = await slideShows(page);
        if (title === 'Key figures') {
          expect(now.current, `${where}: scenario ${focus + 1} is shown`).toBe(true);
          expect(now.columns).toBeGreaterThan(0);
          expect(now.columns).toBeLessThanOrEqual(shown);
        } else expect(now.flows, `${where}: scenario ${focus + 1}'s flows alone`).toBe(1);
      }
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => presentation.locator('li[aria-current="true"]').count()).toBe(0);
    }
    await page.keyboard.press('ArrowRight');
  }
  await expect.poll(() => shellProblems(page), { message: `${where}: presentation` }).toEqual([]);
  await page.keyboard.press('Escape');
  await expect.poll(() => presentation.count()).toBe(0);
}

describe('a layout that fits the window, 1024×640 to 1920×1080', () => {
  const app = useBrowserApp('layout');

  for (const [width, height] of SIZES) {
    const size = `${width}x${height}`;
    const narrow = width < 1280;

    it(`at ${width}×${height} every area and tab fits, each scrolling inside its own panel`, async () => {
      const page = await app.openApp(width, height);

      // Partners; a mouse wheel over the navigation scrolls nothing away
      await expectFits(page, `${size} Partners`);
      const nav = (await page.getByRole('navigation', { name: 'Areas' }).boundingBox())!;
      await page.mouse.move(nav.x + nav.width / 2, nav.y + nav.height / 2);
      await page.mouse.wheel(0, 800);
      await expectFits(page, `${size} Partners, after a wheel over the navigation`);

      // the workbench, each tab, on the widest designs
      await page.getByRole('button', { name: /^Scenarios/ }).click();
      for (const name of WIDEST) {
        await page.locator('.wb-list').getByRole('button', { name: new RegExp(`^${name}`) }).click();
        await expect.poll(() => page.locator('.wb-editor-head h2').textContent()).toMatch(new RegExp(`^${name}`));
        await expect.poll(() => page.getByTestId('save-status').count()).toBe(1);
        for (const tab of WORKBENCH_TABS) {
          await page.getByRole('tab', { name: tab }).click();
          await expect.poll(() => page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
          await expectFits(page, `${size} ${name}: ${tab}`);
          await expect.poll(() => workbenchProblems(page), { message: `${size} ${name}: ${tab}` }).toEqual([]);
          if (name === 'Points-based' && tab === 'Benefits & rules') await page.screenshot({ path: path.join(SCREENSHOTS, `layout-workbench-${size}.png`) });
        }
        // the outcome: a pane beside the editor, or (narrow) a tab beside the editor's
        if (narrow) {
          expect(await page.locator('.wb-outcome').count()).toBe(0);
          await page.getByRole('tab', { name: 'Outcome' }).click();
        } else expect(await page.getByRole('tab', { name: 'Outcome' }).count()).toBe(0);
        await expect.poll(() => page.getByTestId('distribution-table').isVisible()).toBe(true);
        await expectFits(page, `${size} ${name}: outcome`);
        // "Go to tier" scrolls the editor's panel, never the shell
        const goTo = page.getByRole('button', { name: /^Go to (tier|ladder)/ });
        if ((await goTo.count()) > 0) {
          await goTo.first().click();
          await expect.poll(() => page.getByRole('tab', { name: 'Ladders' }).getAttribute('aria-selected')).toBe('true');
          await expectFits(page, `${size} ${name}: after Go to tier`);
          await expect.poll(() => workbenchProblems(page), { message: `${size} ${name}: after Go to tier` }).toEqual([]);
        }
      }
      // the list of scenarios can be hidden, and comes back
      await page.getByRole('button', { name: 'Hide list' }).click();
      await expect.poll(() => page.locator('.wb-list').isVisible()).toBe(false);
      await expectFits(page, `${size} workbench without its list`);
      await page.getByRole('button', { name: 'Show list' }).click();
      await expect.poll(() => page.locator('.wb-list').isVisible()).toBe(true);

      // Compare, six scenarios, each tab
      await page.keyboard.press('Control+3');
      await tickScenarios(page, 6);
      for (const tab of COMPARE_TABS) {
        await page.getByRole('tab', { name: tab }).click();
        await expect.poll(() => page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
        await expectFits(page, `${size} Compare: ${tab}`);
      }
      await page.getByRole('tab', { name: 'Side by side' }).click();
      await page.getByRole('heading', { name: 'Partners per tier' }).scrollIntoViewIfNeeded();
      await expectFits(page, `${size} Compare, scrolled to its charts`);
      if (size === '1024x640') await page.screenshot({ path: path.join(SCREENSHOTS, `layout-compare-${size}.png`) });

      // the export dialog
      await page.keyboard.press('Control+e');
      const dialog = page.getByTestId('export-dialog');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await expectFits(page, `${size} the export dialog`);
      const box = (await dialog.boundingBox())!;
      expect(box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width, `${size}: the export dialog is inside the window`).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => dialog.count()).toBe(0);

      // presentation, every slide
      await presentEverySlide(page, `${size} presentation`, 6, 0);
      await expectFits(page, `${size} after the presentation`);
    });
  }

  for (const [width, height] of PROJECTORS) {
    const size = `${width}x${height}`;
    it(`presents 2 to 6 scenarios at ${width}×${height}: every slide fits its screen${width === 1920 ? ', no text under 18 px' : ''}`, async () => {
      const page = await app.openApp(width, height);
      await page.keyboard.press('Control+3');
      for (const count of [6, 5, 4, 3, 2]) {
        await tickScenarios(page, count);
        const shots: Partial<Record<(typeof SLIDES)[number], string>> =
          count === 6 ? { 'Key figures': `layout-presentation-kpis-${size}.png`, ...(width === 1280 ? { 'Movement from today’s tiers': `layout-presentation-movement-${size}.png` } : {}) } : {};
        await presentEverySlide(page, `${size}, ${count} scenarios`, count, width === 1920 ? 18 : 0, shots);
      }
    });
  }
});
