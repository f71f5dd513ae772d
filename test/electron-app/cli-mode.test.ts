/**
 * `<app> --cli …` for real (electron/main/cli-mode.ts): the app's own executable runs the CLI
 * program (out-test/cli/tierscape.mjs, which run.mjs builds) as Node, prints what `npm run cli`
 * prints, exits with its code and opens no window — it ends by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_DIR, appEnv, electronBinary, NO_SANDBOX, run } from './harness';

describe('Tierscape --cli (test build)', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tierscape-electron-cli-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const cli = (...args: string[]) => run(electronBinary(), [...NO_SANDBOX, APP_DIR, '--cli', ...args], appEnv(home));

  it('prints the usage and exits 0', async () => {
    const help = await cli('help');
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: /m);
    expect(help.stdout).toContain('export <workspace> --scenario A');
  });

  it('exits 2 on a usage error, and 1 on a file that is not a workspace, with the CLI’s messages', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await cli('info', path.join(home, 'nowhere.tierscape'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tierscape: /m);
  });

  it('creates a sample workspace and evaluates a scenario on it (SQLite and the engine in the app’s own Node)', async () => {
    const file = path.join(home, 'Scripted.tierscape');
    const made = await cli('new', file, '--sample');
    expect(made.code, made.stderr).toBe(0);
    const info = await cli('info', file, '--json');
    expect(info.code, info.stderr).toBe(0);
    const parsed = JSON.parse(info.stdout) as { datasets: { partnerCount: number }[]; scenarios: { name: string }[] };
    expect(parsed.datasets.map((d) => d.partnerCount)).toContain(300);
    const scenario = parsed.scenarios[0]!.name;
    const evaluated = await cli('evaluate', file, '--scenario', scenario, '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toHaveProperty('distribution');
  });
});
