/**
 * Tierscape on the command line: `npm run cli -- <command> …`.
 * Exit codes: 0 success, 1 bad input (message on stderr), 2 usage error.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { withWorkspaceExtension } from '../services/session';
import { fillSampleWorkspace } from '../services/sample';
import { packageVersion } from '../services/paths';
import { UserFacingError } from '../services/workspace/errors';
import { Workspace } from '../services/workspace/workspace';
import { LATEST_SCHEMA_VERSION } from '../services/workspace/migrate';
import type { WorkspaceInfo } from '../../shared/model/workspace';

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  new <file> [--sample] [--force]   create a workspace (--sample fills it with the sample partner list)
  info <file> [--json]              schema version, datasets and scenarios of a workspace
  help                              this text

Exit codes: 0 success, 1 bad input, 2 usage error.`;

export class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs node's argument parser, turning its complaints into usage errors (exit code 2). */
function parse<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

function describe(info: WorkspaceInfo): string {
  const lines = [
    `${info.fileName}  (workspace schema ${info.schemaVersion})`,
    `  path:      ${info.path}`,
    `  created:   ${info.createdAt || 'unknown'}`,
    `  datasets:  ${info.datasets.length}`,
    ...info.datasets.map(
      (d) =>
        `    - ${d.label}${d.asOf ? ` (as of ${d.asOf})` : ''}: ${d.partnerCount} partners, ${d.metrics.length} metrics; ${d.motions
          .map((m) => `${m.motion} ${m.count}`)
          .join(', ')}`,
    ),
    `  scenarios: ${info.scenarios.length}`,
    ...info.scenarios.map((s) => `    - ${s.name}${s.isBaseline ? ' (baseline)' : ''}`),
  ];
  return lines.join('\n');
}

async function cmdNew(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({ args, options: { sample: { type: 'boolean' }, force: { type: 'boolean' } }, allowPositionals: true, strict: true }),
  );
  const file = path.resolve(withWorkspaceExtension(onePositional(positionals, 'workspace file')));
  if (existsSync(file) && !values.force) {
    throw new UserFacingError('file_exists', `${file} already exists; pass --force to replace it.`);
  }
  const ws = await Workspace.create(file, {
    overwrite: Boolean(values.force),
    appVersion: packageVersion(),
    ...(values.sample ? { fill: (w: Workspace) => fillSampleWorkspace(w) } : {}),
  });
  const info = ws.info();
  ws.close();
  io.out(`Created ${info.path}${values.sample ? ` with the sample dataset (${info.datasets[0]?.partnerCount ?? 0} partners)` : ''}.`);
  return 0;
}

async function cmdInfo(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true }),
  );
  const file = onePositional(positionals, 'workspace file');
  const ws = await Workspace.open(file, { readOnly: true });
  try {
    const info = ws.info();
    io.out(values.json ? JSON.stringify({ ...info, latestSchemaVersion: LATEST_SCHEMA_VERSION }, null, 2) : describe(info));
  } finally {
    ws.close();
  }
  return 0;
}

export async function runCli(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'new':
        return await cmdNew(rest, io);
      case 'info':
        return await cmdInfo(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tierscape: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof UserFacingError) {
      io.err(`tierscape: ${error.message}`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      io.err(`tierscape: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`tierscape: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
