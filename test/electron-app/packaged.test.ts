/**
 * The packaged app (`npm run package`, dist/<platform>-unpacked), when run.mjs found one: a
 * production build, so no test hooks — a smoke test. The window opens on the sample with 300
 * partners, and `<app> --cli` runs the command-line tool from inside app.asar, native SQLite
 * module included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_HOOKS_GLOBAL } from '../../electron/main/test-hooks';
import { appEnv, launchApp, NO_SANDBOX, PACKAGED_APP, run, waitForSample } from './harness';

describe.skipIf(!PACKAGED_APP)(`the packaged app (${PACKAGED_APP ?? 'none in dist/'})`, () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tierscape-packaged-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const exe = PACKAGED_APP!;

  it('opens on the sample with 300 partners, served from tierscape://, without test hooks', async () => {
    const running = await launchApp({ home, executable: exe, name: 'packaged' });
    try {
      const { app, page } = running;
      await waitForSample(page);
      expect(page.url()).toBe('tierscape://app/index.html');
      await expect.poll(() => page.getByTestId('status-partner-count').textContent()).toBe('300 partners');
      await expect.poll(() => page.getByTestId('partners-shown').textContent()).toBe('300 partners · 300 shown');
      expect(await app.evaluate(({ app: electronApp }) => electronApp.isPackaged)).toBe(true);
      expect(await app.evaluate((_electron, name) => typeof (globalThis as Record<string, unknown>)[name], TEST_HOOKS_GLOBAL)).toBe('undefined');
      expect(running.problems).toEqual([]);
    } finally {
      await running.close();
    }
  });

  it('runs the command-line tool: --cli help prints the usage, --cli info reads the sample', async () => {
    const help = await run(exe, [...NO_SANDBOX, '--cli', 'help'], appEnv(home));
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: /m);
    const info = await run(exe, [...NO_SANDBOX, '--cli', 'info', path.join(home, 'Sample.tierscape'), '--json'], appEnv(home));
    expect(info.code, info.stderr).toBe(0);
    expect((JSON.parse(info.stdout) as { datasets: { partnerCount: number }[] }).datasets.map((d) => d.partnerCount)).toContain(300);
  });
});
