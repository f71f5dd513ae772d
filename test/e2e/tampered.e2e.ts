/**
 * A workspace edited outside Tierscape, opened in the app (issue 8: "a clear message,
 * never a white screen"). Damage inside the data is named where it is met, and the rest
 * of the workspace stays usable; a file whose tables were changed is refused in the Open
 * dialog and the workspace that was open stays open. The harness fails the test on any
 * console error or uncaught page error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { fillSampleWorkspace } from '../../electron/services/sample';
import { openSqlite } from '../../electron/services/workspace/native';
import { Workspace } from '../../electron/services/workspace/workspace';
import { useBrowserApp } from './harness';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-e2e-tampered-'));

async function tamperedCopy(name: string, tamper: (db: ReturnType<typeof openSqlite>) => void): Promise<string> {
  const file = path.join(dir, `${name}.tierscape`);
  (await Workspace.create(file, { fill: (ws) => fillSampleWorkspace(ws) })).close();
  const db = openSqlite(file);
  try {
    tamper(db);
  } finally {
    db.close();
  }
  return file;
}

async function openFile(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+o');
  await page.getByLabel('File path').fill(file);
  await page.getByRole('dialog').getByRole('button', { name: 'Open' }).click();
}

describe('a tampered workspace in the app', () => {
  const app = useBrowserApp('tampered');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses hostile scenario files with a message naming the file, and adds nothing', async () => {
    const page = await app.openApp();
    await page.keyboard.press('Control+2');
    const items = page.getByRole('complementary', { name: 'Scenarios' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const count = await items.count();
    const input = page.getByLabel('Scenario file to import');
    const tries: [string, Buffer, RegExp][] = [
      ['huge.json', Buffer.alloc(6 * 1024 * 1024, 0x20), /"huge\.json" is 6\.0 MB; a scenario file is at most 5 MB, so it was not read/],
      ['notes.json', Buffer.from('just some notes'), /notes\.json.* is not JSON/],
      ['deep.json', Buffer.from(`{"format":"tierscape-scenario","version":1,"name":"x","ladders":${'['.repeat(10_000)}${']'.repeat(10_000)}}`), /nests more than 64 levels deep/],
      ['future.json', Buffer.from('{"format":"tierscape-scenario","version":99}'), /newer version of Tierscape \(file version 99/],
    ];
    for (const [name, buffer, message] of tries) {
      await input.setInputFiles({ name, mimeType: 'application/json', buffer });
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(message);
    }
    expect(await items.count()).toBe(count);
  });

  it('refuses a workspace whose tables were changed, and keeps the open one', async () => {
    const file = await tamperedCopy('Altered', (db) => db.exec('ALTER TABLE dataset DROP COLUMN source_file'));
    const page = await app.openApp();
    await openFile(page, file);
    await expect
      .poll(() => page.getByRole('dialog').getByRole('alert').textContent())
      .toMatch(/"Altered\.tierscape" is a Tierscape workspace but its tables were changed outside Tierscape.*the column dataset\.source_file is missing.*left untouched/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('workspace-title').textContent()).not.toContain('Altered');
    await expect.poll(() => page.getByTestId('partners-grid').locator('.ag-row').count()).toBeGreaterThan(0);
  });

  // runs second: the harness's openApp expects the sample workspace, which this test replaces
  it('names the damage where it is met, and everything else keeps working', async () => {
    const file = await tamperedCopy('Damaged', (db) => {
      db.exec('UPDATE metric SET value_bytes = substr(value_bytes, 1, 10 * value_width) WHERE position = 0');
      db.exec("UPDATE scenario SET body_json = '{\"format\": \"tierscape-scenario\", \"ladders\": [' WHERE name = 'Motion-fit ladders'");
    });
    const page = await app.openApp();
    await openFile(page, file);
    await expect.poll(() => page.getByTestId('workspace-title').textContent()).toContain('Damaged');
    const damage = /The dataset "FY\d{4}" in this workspace is damaged: its metric ".+" holds 10 values for \d+ partners/;

    // Partners: the message instead of rows, the header and navigation still there
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(damage);
    await expect.poll(() => page.getByTestId('partners-shown').textContent()).toMatch(/partners, not loaded/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Partners');

    // Scenarios: the design opens, its outcome says why it cannot be computed
    await page.keyboard.press('Control+2');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Scenarios');
    await expect.poll(() => page.getByText(/The outcome could not be computed/).first().textContent()).toMatch(damage);
    // the scenario whose stored body is broken is named when it is opened
    await page.getByRole('button', { name: /^Motion-fit ladders/ }).click();
    await expect.poll(() => page.getByText(/The stored scenario "Motion-fit ladders" is damaged/).count()).toBeGreaterThan(0);

    // Compare: the comparison says which scenario stops it
    await page.keyboard.press('Control+3');
    await expect.poll(() => page.getByText(/The comparison could not be computed/).first().textContent()).toMatch(/Motion-fit ladders|damaged/);
  });
});
