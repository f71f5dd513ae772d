/**
 * The `tierscape` program (`npm run cli -- …`, the package's bin, the desktop app's --cli
 * mode): built by build/scripts/build-cli.mjs into out/cli/tierscape.mjs. Help is answered
 * from the usage text alone; any other command loads the commands (electron/cli/index.ts).
 * Exit codes: 0 success, 1 bad input (message on stderr), 2 usage error.
 */
import { HELP_COMMANDS, USAGE } from './usage';

const argv = process.argv.slice(2);

if (argv[0] !== undefined && HELP_COMMANDS.has(argv[0])) {
  process.stdout.write(`${USAGE}\n`);
} else {
  // exitCode, not exit(): into a pipe stdout is written asynchronously, and exit() would
  // cut a long answer (evaluate --json) off at 64 KB
  import('./index')
    .then(({ runCli }) => runCli(argv))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`tierscape: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
        process.exitCode = 1;
      },
    );
}
