/**
 * Cycle replay over the lists the user picks: a list with other metrics and other partner
 * IDs, imported into the sample workspace, is left out by default, flagged before it is
 * added, and replayed where it is put — with the CLI's numbers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import type { ReplayCycle } from '../../shared/engine';
import { formatMetricValue } from '../../shared/model/format';
import { useBrowserApp } from './harness';

const ACME = 'ACME FY2026';
const ACME_PARTNERS = 57;
/** Screenshots of this test are for looking at, not for the README. */
const SHOTS = path.resolve(__dirname, '..', '..', 'test-results');

describe('cycle replay over the lists the user picks, in browser mode', () => {
  const app = useBrowserApp('replay');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-e2e-replay-lists-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let page: Page;

  /** ACME's own list: other metric columns, other partner IDs, as of FY2026's date. */
  async function importAcme(): Promise<number> {
    const file = path.join(dir, 'acme-partners.csv');
    const rows = Array.from({ length: ACME_PARTNERS }, (_, i) => `ACME-${String(i + 1).padStart(3, '0')},Acme partner ${i + 1},Reseller,${(i + 1) * 1000},${i % 7}`);
    writeFileSync(file, ['Partner ID,Partner Name,Motion,Bookings,Certified Staff', ...rows].join('\n'));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import partner list…' }).click();
    await (await chooser).setFiles(file);
    await expect.poll(() => page.getByTestId('import-mapping').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('report-importable').textContent()).toBe(String(ACME_PARTNERS));
    await page.getByLabel('Dataset label').fill(ACME);
    await page.getByLabel('As of').fill('2026-06-30');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-mapping').count()).toBe(0);
    return app.mode.session.info()!.datasets.find((d) => d.label === ACME)!.id;
  }

  /** `npm run cli -- replay … --json`, with what it printed on stderr. */
  async function cliReplay(args: string[]): Promise<{ json: { datasets: { label: string }[]; cycles: ReplayCycle[] }; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['replay', app.mode.session.info()!.path, ...args, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
    expect(code).toBe(0);
    return { json: JSON.parse(out.join('')), stderr: err.join('\n') };
  }

  const rows = () => page.getByTestId('replay-table').locator('tbody tr');
  const checkbox = (label: string) => page.getByTestId('replay-lists').getByRole('checkbox', { name: new RegExp(`^${label},`) });

  it('leaves a list with other metrics out by default, flags its other partner IDs before it is added, and replays it where it is put', async () => {
    page = await app.openApp(1280, 800);
    const acmeId = await importAcme();

    await page.keyboard.press('Control+3');
    await page.getByRole('tab', { name: 'Cycle replay' }).click();
    await page.getByLabel('Scenario to replay').selectOption({ label: 'Motion-fit ladders' });

    // the default: the three sample years, in date order; ACME left out, and said so
    await expect.poll(() => rows().count()).toBe(3);
    await expect.poll(() => page.getByTestId('replay-order').textContent()).toBe('Replays over FY2024 → FY2025 → FY2026.');
    await expect.poll(() => page.getByTestId('replay-over').textContent()).toBe('Motion-fit ladders over FY2024 → FY2025 → FY2026');
    expect(await page.getByTestId('replay-rule').textContent()).toMatch(
      new RegExp(`^3 lists share FY2026’s metrics \\(the \\d+ that Motion-fit ladders reads\\): they are the cycles, in date order\\. ${ACME} has other metrics and is left out — tick it to add it\\.$`),
    );
    expect(await checkbox(ACME).isChecked()).toBe(false);
    expect(await checkbox('FY2024').isChecked()).toBe(true);
    expect(await page.getByTestId(`replay-metrics-${acmeId}`).textContent()).toMatch(/^Other metrics: lacks Sourced ARR \(current year\), Active sellers and \d+ more that Motion-fit ladders reads\.$/);
    // flagged before it is added
    await expect
      .poll(() => page.getByTestId(`replay-ids-${acmeId}`).textContent())
      .toBe(`⚠ Other partner IDs: shares 0 of ${ACME_PARTNERS} partner IDs with FY2026: its partners would all start as new.`);
    await expect.poll(() => checkbox(ACME).getAttribute('aria-describedby')).toBe(`replay-list-notes-${acmeId}`);
    const defaultCli = await cliReplay(['--scenario', 'Motion-fit ladders']);
    expect(defaultCli.json.datasets.map((d) => d.label)).toEqual(['FY2024', 'FY2025', 'FY2026']);
    expect(defaultCli.stderr).toBe('');
    await page.getByTestId('replay-lists').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'replay-lists-1280.png') });

    // added with the keyboard: a fourth cycle, the warning still beside it
    await checkbox(ACME).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => rows().count()).toBe(4);
    await expect.poll(() => page.getByTestId('replay-order').textContent()).toBe(`Replays over FY2024 → FY2025 → FY2026 → ${ACME}.`);
    expect(await page.getByTestId(`replay-ids-${acmeId}`).isVisible()).toBe(true);
    expect(await page.getByTestId(`replay-metrics-${acmeId}`).textContent()).toMatch(/requirements on them are not met here\.$/);

    // moved up one with the keyboard (the focus stays on the button): FY2026 now follows ACME, and is flagged in turn
    await page.getByRole('button', { name: `Move ${ACME} up` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('replay-order').textContent()).toBe(`Replays over FY2024 → FY2025 → ${ACME} → FY2026.`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move ${ACME} up`);
    const fy2026 = app.mode.session.info()!.datasets.find((d) => d.label === 'FY2026')!.id;
    await expect.poll(() => page.getByTestId(`replay-ids-${fy2026}`).textContent()).toBe(`⚠ Other partner IDs: shares 0 of 300 partner IDs with ${ACME}: its partners would all start as new.`);
    await expect.poll(() => page.getByTestId('replay-over').textContent()).toBe(`Motion-fit ladders over FY2024 → FY2025 → ${ACME} → FY2026`);

    // the same numbers as the CLI over the same lists, in the same order (which warns on stderr)
    const picked = await cliReplay(['--scenario', 'Motion-fit ladders', '--dataset', 'FY2024', '--dataset', 'FY2025', '--dataset', ACME, '--dataset', 'FY2026']);
    expect(picked.stderr).toContain(`${ACME} shares 0 of ${ACME_PARTNERS} partner IDs with FY2025: its partners would all start as new.`);
    expect(picked.stderr).toContain(`FY2026 shares 0 of 300 partner IDs with ${ACME}: its partners would all start as new.`);
    await expect.poll(() => rows().nth(2).locator('th').textContent()).toMatch(new RegExp(`^${ACME}`));
    for (const [i, c] of picked.json.cycles.entries()) {
      const cells = await rows().nth(i).locator('td').allTextContents();
      expect(cells[0], c.label).toBe(formatMetricValue('count', c.partners));
      expect(cells[1], c.label).toBe(formatMetricValue('percent', c.topTierShare));
      expect(cells[2], c.label).toBe(formatMetricValue('count', c.promoted));
      expect(cells[3], c.label).toBe(formatMetricValue('count', c.downgrades));
      expect(cells[7], c.label).toBe(formatMetricValue('count', c.demoted));
    }
    await page.screenshot({ path: path.join(SHOTS, 'replay-picked-1280.png'), fullPage: true });

    // fewer than two: a sentence saying what to do, no table
    for (const label of ['FY2024', 'FY2025', ACME]) await checkbox(label).uncheck();
    await expect.poll(() => page.getByTestId('replay-why').textContent()).toBe('Only FY2026 is ticked. Tick at least two lists to replay: each cycle starts from where the one before left every partner.');
    await expect.poll(() => page.getByTestId('replay-table').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    // and back to the default
    await page.getByRole('button', { name: 'Back to the default' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await checkbox(ACME).isChecked()).toBe(false);
  });
});
