/** `Tierscape --cli …` (electron/main/cli-mode.ts): which arguments, which program, which environment, which exit code. */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { CLI_PROGRAM, cliEntry, cliModeArgs, runCliMode } from '../../electron/main/cli-mode';

describe('cliModeArgs', () => {
  it('is null without --cli, and the arguments after it otherwise', () => {
    expect(cliModeArgs(['/opt/Tierscape/tierscape'])).toBeNull();
    expect(cliModeArgs(['/opt/Tierscape/tierscape', 'plan.tierscape'])).toBeNull();
    expect(cliModeArgs(['/opt/Tierscape/tierscape', '--cli'])).toEqual([]);
    expect(cliModeArgs(['/opt/Tierscape/tierscape', '--cli', 'export', 'a.tierscape', '--scenario', 'A', '--out', 'r.xlsx'])).toEqual([
      'export',
      'a.tierscape',
      '--scenario',
      'A',
      '--out',
      'r.xlsx',
    ]);
    // unpackaged: electron <app dir> --cli …; Chromium's switches before it are not the tool's
    expect(cliModeArgs(['/x/electron', '--no-sandbox', 'out-test', '--cli', 'help'])).toEqual(['help']);
    // a second --cli is the tool's
    expect(cliModeArgs(['/x/electron', '--cli', 'info', '--cli'])).toEqual(['info', '--cli']);
    // the executable itself is never the switch
    expect(cliModeArgs(['--cli'])).toBeNull();
  });
});

describe('cliEntry', () => {
  it('is out/cli/tierscape.mjs beside out/main, unpacked from app.asar when it was', () => {
    const dev = path.join('/work', 'tierscape', 'out', 'main');
    expect(cliEntry(dev, () => false)).toBe(path.join('/work', 'tierscape', 'out', 'cli', CLI_PROGRAM));
    const packed = path.join('/opt', 'Tierscape', 'resources', 'app.asar', 'out', 'main');
    expect(cliEntry(packed, () => false)).toBe(path.join('/opt', 'Tierscape', 'resources', 'app.asar', 'out', 'cli', CLI_PROGRAM));
    const unpacked = path.join('/opt', 'Tierscape', 'resources', 'app.asar.unpacked', 'out', 'cli', CLI_PROGRAM);
    expect(cliEntry(packed, (f) => f === unpacked)).toBe(unpacked);
  });
});

class FakeChild extends EventEmitter {}

function harness(entryExists = true) {
  const child = new FakeChild();
  const spawn = vi.fn((_command: string, _args: readonly string[], _options: SpawnOptions) => child as unknown as ChildProcess);
  const exit = vi.fn();
  const stderr = vi.fn();
  const mainDir = path.join('/opt', 'Tierscape', 'resources', 'app.asar', 'out', 'main');
  const entry = path.join('/opt', 'Tierscape', 'resources', 'app.asar', 'out', 'cli', CLI_PROGRAM);
  const options = {
    execPath: '/opt/Tierscape/tierscape',
    mainDir,
    env: { PATH: '/usr/bin', TIERSCAPE_HOME: '/tmp/t' },
    exit,
    spawn,
    stderr,
    exists: (file: string) => entryExists && file === entry,
  };
  return { child, spawn, exit, stderr, options, entry };
}

describe('runCliMode', () => {
  it('runs the CLI program with the app’s own executable as Node, the arguments after --cli and the terminal’s stdio', () => {
    const h = harness();
    const returned = runCliMode(['export', 'plan.tierscape', '--out', 'r.xlsx'], h.options);
    expect(returned).toBe(h.child);
    expect(h.spawn).toHaveBeenCalledOnce();
    const [command, args, options] = h.spawn.mock.calls[0]!;
    expect(command).toBe('/opt/Tierscape/tierscape');
    expect(args).toEqual([h.entry, 'export', 'plan.tierscape', '--out', 'r.xlsx']);
    expect(options.stdio).toBe('inherit');
    expect(options.env).toEqual({ PATH: '/usr/bin', TIERSCAPE_HOME: '/tmp/t', ELECTRON_RUN_AS_NODE: '1' });
    // the app's environment is not changed for the app itself
    expect(h.options.env).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
    expect(h.exit).not.toHaveBeenCalled();
  });

  it.each([0, 1, 2])('exits with the tool’s exit code %i', (code) => {
    const h = harness();
    runCliMode(['help'], h.options);
    h.child.emit('exit', code, null);
    expect(h.exit).toHaveBeenCalledExactlyOnceWith(code);
  });

  it('exits with 1 when the tool was killed by a signal, or could not be started (once, whatever follows)', () => {
    const killed = harness();
    runCliMode(['evaluate'], killed.options);
    killed.child.emit('exit', null, 'SIGKILL');
    expect(killed.exit).toHaveBeenCalledExactlyOnceWith(1);

    const failed = harness();
    runCliMode(['info'], failed.options);
    failed.child.emit('error', new Error('spawn EACCES'));
    failed.child.emit('exit', 0, null);
    expect(failed.exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(failed.stderr).toHaveBeenCalledWith(expect.stringContaining('could not run the command-line tool: spawn EACCES'));
  });

  it('says so and exits with 1 when the build has no CLI program, starting nothing', () => {
    const h = harness(false);
    expect(runCliMode(['help'], h.options)).toBeNull();
    expect(h.spawn).not.toHaveBeenCalled();
    expect(h.exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(h.stderr).toHaveBeenCalledWith(expect.stringMatching(/no command-line tool .*tierscape\.mjs is missing/));
  });
});
