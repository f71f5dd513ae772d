/**
 * `Tierscape --cli <command> …`: the installed app runs the same command-line tool as
 * `npm run cli` (out/cli/tierscape.mjs, built by build/scripts/build-cli.mjs), so a consultant with
 * only the app can script an export:
 *
 *   Tierscape --cli export plan.tierscape --scenario "Motion fit" --out report.xlsx
 *
 * The app's own executable runs the tool as Node (ELECTRON_RUN_AS_NODE=1) in a child process
 * with the terminal's stdin, stdout and stderr, and exits with its exit code. The main process
 * creates no window and does not take the single-instance lock, so it works while the app
 * is open. Everything after `--cli` goes to the tool.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CLI_SWITCH = '--cli';
/** The program build/scripts/build-cli.mjs writes to out/cli. */
export const CLI_PROGRAM = 'tierscape.mjs';

/** The tool's arguments when the app was started as `<app> … --cli <args>`, else null. argv[0] is the executable. */
export function cliModeArgs(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_SWITCH, 1);
  return at === -1 ? null : argv.slice(at + 1);
}

/**
 * out/cli/tierscape.mjs beside the main bundle (out/main): inside app.asar in a packaged app,
 * which Electron's Node mode reads; an unpacked copy (app.asar.unpacked) is preferred when the
 * packaging put one there.
 */
export function cliEntry(mainDir: string, exists: (file: string) => boolean = existsSync): string {
  const entry = path.join(mainDir, '..', 'cli', CLI_PROGRAM);
  const unpacked = entry.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== entry && exists(unpacked) ? unpacked : entry;
}

export interface CliModeOptions {
  /** the app's executable (process.execPath) */
  execPath: string;
  /** the folder of the main bundle (out/main) */
  mainDir: string;
  env: NodeJS.ProcessEnv;
  /** ends the app with the tool's exit code (app.exit) */
  exit: (code: number) => void;
  spawn?: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
  exists?: (file: string) => boolean;
  /** where the app's own complaints go; default process.stderr */
  stderr?: (text: string) => void;
}

/**
 * Runs the command-line tool with `args` and ends the app with its exit code: the code it
 * exits with, 1 when it could not start or was killed by a signal. Returns the child, or null
 * when this build has no tool.
 */
export function runCliMode(args: readonly string[], options: CliModeOptions): ChildProcess | null {
  const exists = options.exists ?? existsSync;
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  const entry = cliEntry(options.mainDir, exists);
  if (!exists(entry)) {
    stderr(`tierscape: this build has no command-line tool (${entry} is missing); \`npm run build\` builds it.\n`);
    options.exit(1);
    return null;
  }
  let ended = false;
  const end = (code: number): void => {
    if (ended) return;
    ended = true;
    options.exit(code);
  };
  const child = (options.spawn ?? nodeSpawn)(options.execPath, [entry, ...args], {
    stdio: 'inherit',
    env: { ...options.env, ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
  child.on('error', (error: Error) => {
    stderr(`tierscape: could not run the command-line tool: ${error.message}\n`);
    end(1);
  });
  child.on('exit', (code: number | null) => end(code ?? 1));
  return child;
}
