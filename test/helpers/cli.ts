/**
 * The built command-line interface (build/scripts/build-cli.mjs; the test runs' global
 * setup, test/helpers/build-cli.global.ts, builds it first): the program that `npm run cli`,
 * the `tierscape` bin and the desktop app's --cli mode run, and runCli from the same build.
 * CLI tests run these files, not the TypeScript source, so a bundling mistake fails them.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** the program: `node BUILT_CLI <command> …` */
export const BUILT_CLI = path.join(ROOT, 'out', 'cli', 'tierscape.mjs');

const built = (await import(pathToFileURL(path.join(ROOT, 'out', 'cli', 'index.mjs')).href)) as typeof import('../../electron/cli/index');

export const { runCli, USAGE } = built;
