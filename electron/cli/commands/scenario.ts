/** `tierscape scenario import` and `scenario baseline`: adds a scenario from a file, marks or unmarks the baseline. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { scenarioFromFile } from '../../services/scenario-files';
import { datasetFor, findScenario } from '../../services/evaluation';
import { createOnList, placementLines } from '../../services/scenario-placement';
import { packageVersion } from '../../services/paths';
import { UserFacingError } from '../../services/workspace/errors';
import { Workspace } from '../../services/workspace/workspace';
import { type CliIo, parse, UsageError } from '../common';

export async function cmdScenario(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return cmdScenarioImport(rest, io);
  if (sub === 'baseline') return cmdScenarioBaseline(rest, io);
  throw new UsageError(sub ? `unknown scenario command "${sub}" (import or baseline)` : 'scenario needs a command (import or baseline)');
}

/** "the baseline of FY2026" — a scenario stored without a dataset shares the flag with the others stored so. */
function baselineOf(ws: Workspace, datasetId: number | null): string {
  const label = datasetId === null ? undefined : ws.datasets.list().find((d) => d.id === datasetId)?.label;
  return label === undefined ? 'the baseline of the scenarios stored without a dataset' : `the baseline of ${label}`;
}

/** The other scenario marked baseline of the same dataset, if any. */
function otherBaseline(ws: Workspace, id: number | null, datasetId: number | null): string | null {
  return ws.scenarios.list().find((s) => s.isBaseline && s.datasetId === datasetId && s.id !== id)?.name ?? null;
}

export async function cmdScenarioImport(rest: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({ args: rest, options: { dataset: { type: 'string' }, baseline: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true }),
  );
  if (positionals.length !== 2) throw new UsageError(`expected a workspace and a scenario file, got ${positionals.length} argument(s)`);
  const [workspaceFile, scenarioFile] = positionals as [string, string];
  let text: string;
  try {
    text = readFileSync(scenarioFile, 'utf8');
  } catch (error) {
    throw new UserFacingError('not_found', `${scenarioFile} cannot be read: ${(error as Error).message}`);
  }
  const scenario = scenarioFromFile(text, path.basename(scenarioFile));
  const ws = await Workspace.open(workspaceFile, { appVersion: packageVersion() });
  try {
    const dataset = datasetFor(ws, null, values.dataset);
    const baseline = values.baseline === true;
    const replaced = baseline ? otherBaseline(ws, null, dataset.id) : null;
    const record = createOnList(ws, { ...scenario, name: ws.scenarios.uniqueName(scenario.name), baseline }, dataset.id);
    if (values.json) {
      io.out(JSON.stringify({ id: record.id, name: record.scenario.name, dataset: dataset.label, baseline: record.scenario.baseline, placement: record.placement }, null, 2));
    } else {
      const as = baseline ? ` as ${baselineOf(ws, dataset.id)}${replaced ? ` (in place of "${replaced}")` : ''}` : '';
      io.out(`Imported scenario "${record.scenario.name}" (evaluated on ${dataset.label})${as}.`);
      for (const line of placementLines(record.placement, record.scenario)) io.out(`  ${line}`);
    }
  } finally {
    ws.close();
  }
  return 0;
}

export async function cmdScenarioBaseline(rest: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() => parseArgs({ args: rest, options: { off: { type: 'boolean' } }, allowPositionals: true, strict: true }));
  if (positionals.length !== 2) throw new UsageError(`expected a workspace and a scenario name, got ${positionals.length} argument(s)`);
  const [workspaceFile, name] = positionals as [string, string];
  const ws = await Workspace.open(workspaceFile, { appVersion: packageVersion() });
  try {
    const record = findScenario(ws, name);
    const scenarioName = record.scenario.name;
    const of = baselineOf(ws, record.datasetId);
    for (const line of record.repaired ?? []) io.err(`tierscape: warning: "${scenarioName}", as an older version stored it: ${line}`);
    if (values.off) {
      if (!record.scenario.baseline) {
        io.out(`"${scenarioName}" is not ${of}; nothing changed.`);
        return 0;
      }
      ws.scenarios.setBaseline(record.id, false);
      io.out(`"${scenarioName}" is no longer ${of}.`);
      return 0;
    }
    if (record.scenario.baseline) {
      io.out(`"${scenarioName}" is already ${of}; nothing changed.`);
      return 0;
    }
    const replaced = otherBaseline(ws, record.id, record.datasetId);
    ws.scenarios.setBaseline(record.id, true);
    io.out(`"${scenarioName}" is now ${of}${replaced ? ` (in place of "${replaced}")` : ''}.`);
  } finally {
    ws.close();
  }
  return 0;
}
