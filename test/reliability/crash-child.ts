/**
 * The child program of the crash tests (test/reliability/crash.test.ts): one real write
 * through the app's own services, reporting on stdout how far it got so the parent can
 * SIGKILL it at a chosen moment. Run as
 *
 *   node --import tsx test/reliability/crash-child.ts import <workspace> <csvFile> <label>
 *   node --import tsx test/reliability/crash-child.ts save <workspace> <n>
 *   node --import tsx test/reliability/crash-child.ts saveas <workspace> <dest>
 *
 * After its work the child keeps the workspace open (nothing checkpointed, as in an app
 * that is still running) until its stdin ends, then closes it and exits 0: a kill after
 * the write therefore still finds the committed data only in the WAL.
 */
import { pathToFileURL } from 'node:url';
import { AppSession } from '../../electron/services/session';
import { RecentFiles } from '../../electron/services/recent';
import type { Scenario } from '../../shared/model/scenario';

/** Name, description and capacity hours of the scenario the `save` mode rewrites all carry k. */
export const SAVE_NAME_PREFIX = 'Crash rev-';

export function revisionOf(name: string): number | null {
  const match = /^Crash rev-(\d+)$/.exec(name);
  return match ? Number(match[1]) : null;
}

/** The scenario `save` rewrites: the first non-baseline one (ids and flags never change). */
export function saveTarget(list: { id: number; isBaseline: boolean }[]): number {
  const target = list.find((s) => !s.isBaseline);
  if (!target) throw new Error('the workspace has no non-baseline scenario to save');
  return target.id;
}

export function revised(scenario: Scenario, k: number): Scenario {
  return {
    ...scenario,
    name: `${SAVE_NAME_PREFIX}${k}`,
    description: `rev-${k}`,
    assumptions: { ...scenario.assumptions, capacityHours: k },
  };
}

/** One line per report; stdout to a pipe is synchronous on Linux, so a line written is a line the parent gets. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function holdUntilStdinEnds(session: AppSession): void {
  const keepAlive = setInterval(() => {}, 1 << 30);
  process.stdin.on('end', () => {
    clearInterval(keepAlive);
    session.close();
    process.exit(0);
  });
  process.stdin.resume();
}

async function main(argv: string[]): Promise<void> {
  const [mode, workspace, ...rest] = argv;
  if (!mode || !workspace) throw new Error('usage: crash-child.ts import|save|saveas <workspace> …');
  const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'crash-test' });
  await session.open(workspace);

  if (mode === 'import') {
    const [csvFile, label] = rest;
    if (!csvFile || !label) throw new Error('usage: import <workspace> <csvFile> <label>');
    // loaded only here: the import stack (Papa Parse, SheetJS) would slow every save child's start
    const { ImportService } = await import('../../electron/services/import/service');
    const imports = new ImportService(session);
    const preview = await imports.preview({ jobId: 'crash-import', path: csvFile });
    say(`READY ${preview.rowCount}`);
    const result = await imports.commit({ jobId: 'crash-import', mapping: preview.mapping, label, asOf: preview.suggestedAsOf, skipBadRows: true });
    say(`DONE ${result.dataset.id} ${result.imported}`);
  } else if (mode === 'save') {
    const n = Number(rest[0]);
    if (!Number.isInteger(n) || n < 1) throw new Error('usage: save <workspace> <n>');
    const scenarios = session.require().scenarios;
    const id = saveTarget(scenarios.list());
    const first = scenarios.get(id).scenario;
    const start = revisionOf(first.name) ?? 0;
    say(`READY ${start}`);
    for (let k = start + 1; k <= start + n; k += 1) {
      // what the renderer sends through 'scenario:save': the whole edited scenario
      scenarios.save(id, revised(scenarios.get(id).scenario, k));
      say(`SAVED ${k}`);
    }
    say('FINISHED');
  } else if (mode === 'saveas') {
    const [dest] = rest;
    if (!dest) throw new Error('usage: saveas <workspace> <dest>');
    say('STARTED');
    await session.saveAs(dest, { overwrite: true });
    say('DONE');
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  holdUntilStdinEnds(session);
}

// only when run as a program: the test imports the helpers above
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
