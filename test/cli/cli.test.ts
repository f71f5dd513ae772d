import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../electron/cli/index';
import { LATEST_SCHEMA_VERSION } from '../../electron/services/workspace/migrate';
import { sha256, useTempDir } from '../helpers/tmp';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('CLI', () => {
  const tempDir = useTempDir();

  it('new --sample then info --json describes the sample dataset', async () => {
    const file = path.join(tempDir(), 'w.tierscape');
    const io = capture();
    expect(await runCli(['new', file, '--sample'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Created .*w\.tierscape with the sample dataset/);
    const before = sha256(file);
    const info = capture();
    expect(await runCli(['info', file, '--json'], info)).toBe(0);
    const json = JSON.parse(info.stdout.join('\n'));
    expect(json).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION, latestSchemaVersion: LATEST_SCHEMA_VERSION, scenarios: [] });
    expect(json.datasets).toHaveLength(1);
    expect(json.datasets[0].partnerCount).toBeGreaterThan(100);
    expect(sha256(file)).toBe(before); // info reads without writing
    const human = capture();
    expect(await runCli(['info', file], human)).toBe(0);
    expect(human.stdout.join('\n')).toMatch(/datasets: {2}1/);
  });

  it('exit code 1 with a message on stderr for bad input', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'text.tierscape');
    writeFileSync(text, 'hello '.repeat(40));
    const io = capture();
    expect(await runCli(['info', text, '--json'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/not a SQLite database/);
    expect(io.stdout).toEqual([]);
    const exists = capture();
    expect(await runCli(['new', text], exists)).toBe(1);
    expect(exists.stderr.join('\n')).toMatch(/already exists; pass --force/);
    expect(await runCli(['info', path.join(dir, 'missing.tierscape')], capture())).toBe(1);
  });

  it('exit code 2 for usage errors', async () => {
    for (const args of [[], ['frobnicate'], ['info'], ['info', 'a', 'b'], ['new', 'x', '--colour']]) {
      const io = capture();
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/Usage: npm run cli/);
    }
    expect(await runCli(['help'], capture())).toBe(0);
  });

  it('runs as `npm run cli` from the shell', () => {
    const file = path.join(tempDir(), 'shell.tierscape');
    const root = path.resolve(__dirname, '..', '..');
    const created = spawnSync('npm', ['run', '--silent', 'cli', '--', 'new', file, '--sample'], { cwd: root, encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    const info = spawnSync('npm', ['run', '--silent', 'cli', '--', 'info', file, '--json'], { cwd: root, encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).datasets[0].label).toMatch(/^FY\d{4}$/);
    const usage = spawnSync('npm', ['run', '--silent', 'cli', '--', 'bogus'], { cwd: root, encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
