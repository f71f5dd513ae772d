/**
 * Tierscape on the command line: `npm run cli -- <command> …`. runCli dispatches to the
 * commands (one file each in ./commands, what they share in ./common.ts) and turns their
 * failures into messages and exit codes.
 * Exit codes: 0 success, 1 bad input (message on stderr), 2 usage error.
 */
import { HELP_COMMANDS, USAGE } from './usage';
import { describeFailure } from '../services/workspace/errors';
import { type CliIo, UsageError } from './common';
import { cmdNew } from './commands/new';
import { cmdInfo } from './commands/info';
import { cmdImport } from './commands/import';
import { cmdDatasets } from './commands/datasets';
import { cmdScenario } from './commands/scenario';
import { cmdEvaluate } from './commands/evaluate';
import { cmdCompare } from './commands/compare';
import { cmdFit } from './commands/fit';
import { cmdReplay } from './commands/replay';
import { cmdExport } from './commands/export';

/** The built out/cli/index.mjs (build/scripts/build-cli.mjs) is the CLI tests' entrance: runCli and USAGE from the same build. */
export { USAGE };

const consoleIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function runCli(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'new':
        return await cmdNew(rest, io);
      case 'info':
        return await cmdInfo(rest, io);
      case 'import':
        return await cmdImport(rest, io);
      case 'datasets':
        return await cmdDatasets(rest, io);
      case 'scenario':
        return await cmdScenario(rest, io);
      case 'evaluate':
        return await cmdEvaluate(rest, io);
      case 'compare':
        return await cmdCompare(rest, io);
      case 'fit':
        return await cmdFit(rest, io);
      case 'replay':
        return await cmdReplay(rest, io);
      case 'export':
        return await cmdExport(rest, io);
      case undefined:
        throw new UsageError('no command given');
      default:
        if (HELP_COMMANDS.has(command)) {
          io.out(USAGE);
          return 0;
        }
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tierscape: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    // the mapping browser mode and the app use (expected failures, SQLite's damaged file,
    // full disk and lock, the operating system's errors): a message, never a stack
    const failure = describeFailure(error);
    if (failure) {
      io.err(`tierscape: ${failure.message}`);
      return 1;
    }
    throw error;
  }
}
