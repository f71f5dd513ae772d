/**
 * Tierscape on the command line: `npm run cli -- <command> …`.
 * Exit codes: 0 success, 1 bad input (message on stderr), 2 usage error.
 */
import { parseArgs } from 'node:util';
import { HELP_COMMANDS, USAGE } from './usage';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { AppSession, withWorkspaceExtension } from '../services/session';
import { RecentFiles } from '../services/recent';
import type { ImportPreview } from '../services/import/service';
import { columnLetter, ImportMappingSchema, PARTNER_FIELD_LABELS, type ImportMapping, type ValidationReport } from '../../shared/io/types';
import { describeZodIssues } from '../../shared/ipc/result';
import { IsoDateSchema } from '../../shared/ipc/contract';
import { scenarioFromFile } from '../services/scenario-files';
import { compareStored, datasetFor, evaluateStored, evaluationJson, findScenario, sharedDataset } from '../services/evaluation';
import { createOnList, fitProblems, placementLines } from '../services/scenario-placement';
import type { ScenarioRecord } from '../services/workspace/scenario.repo';
import { defaultReplayLists, idOverlap, idSpaceWarning, metricsRead, metricsLacking, otherIdSpace, replay } from '../../shared/engine';
import { MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS, type OptionalSheet } from '../../shared/report/options';
import { formatCount, formatMetricValue, formatMoney } from '../../shared/model/format';
import { packageVersion } from '../services/paths';
import { describeFailure, UserFacingError } from '../services/workspace/errors';
import { Workspace } from '../services/workspace/workspace';
import { LATEST_SCHEMA_VERSION } from '../services/workspace/migrate';
import type { DatasetSummary, MetricDef, WorkspaceInfo } from '../../shared/model/workspace';

export { USAGE };

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
  // the sample's generator, the spreadsheet reader and the workbook writer load only for
  // the commands that use them: a start parses what its command needs
  const fillSample = values.sample ? (await import('../services/sample')).fillSampleWorkspace : null;
  const ws = await Workspace.create(file, {
    overwrite: Boolean(values.force),
    appVersion: packageVersion(),
    ...(fillSample ? { fill: (w: Workspace) => fillSample(w) } : {}),
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

function describeTarget(target: ImportMapping['columns'][number]['target']): string {
  if (target.type === 'ignore') return 'ignored';
  if (target.type === 'field') return PARTNER_FIELD_LABELS[target.field];
  return `metric ${target.key} (${target.kind}${target.unit ? `, ${target.unit}` : ''})`;
}

function describeReport(report: ValidationReport): string[] {
  const lines = [
    `${report.rowCount} rows: ${report.validRows} importable, ${report.badRows} with errors, ${report.emptyRows} empty`,
  ];
  for (const message of report.mappingErrors) lines.push(`  mapping: ${message}`);
  for (const group of report.groups) {
    lines.push(`  ${group.severity} ${group.kind.replace(/_/g, ' ')} (${group.count}):`);
    for (const example of group.examples) lines.push(`    ${example.message}`);
    if (group.count > group.examples.length) lines.push(`    … and ${group.count - group.examples.length} more`);
  }
  return lines;
}

function readMappingFile(file: string): ImportMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserFacingError('invalid_request', `The mapping file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  const parsed = ImportMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
    throw new UserFacingError('invalid_request', `The mapping file ${file} is not a column mapping: ${issues.slice(0, 5).join('; ')}`);
  }
  return parsed.data;
}

async function cmdImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args,
      options: {
        sheet: { type: 'string' },
        label: { type: 'string' },
        'as-of': { type: 'string' },
        mapping: { type: 'string' },
        'skip-bad-rows': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length !== 2) throw new UsageError(`expected a workspace and a file, got ${positionals.length} argument(s)`);
  const [workspaceFile, sourceFile] = positionals as [string, string];
  if (values['as-of'] !== undefined && !IsoDateSchema.safeParse(values['as-of']).success) {
    throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${values['as-of']}"`);
  }
  const mappingFromFile = values.mapping !== undefined ? readMappingFile(values.mapping) : null;
  const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: packageVersion() });
  const { ImportService } = await import('../services/import/service');
  const imports = new ImportService(session);
  const jobId = randomUUID();
  try {
    await session.open(workspaceFile);
    const preview: ImportPreview = await imports.preview({ jobId, path: sourceFile, sheet: values.sheet });
    const mapping = mappingFromFile ?? preview.mapping;
    const report = mappingFromFile ? await imports.validate(jobId, mappingFromFile) : preview.report;
    const mappingSource = mappingFromFile ? 'file' : preview.mappingSource;
    const label = values.label ?? preview.suggestedLabel;
    const asOf = values['as-of'] ?? preview.suggestedAsOf;
    const refused = report.mappingErrors.length > 0 || (report.badRows > 0 && !values['skip-bad-rows']) || report.validRows === 0;
    let outcome: { written: boolean; dataset?: { id: number; label: string; partnerCount: number }; imported: number; skipped: number } = {
      written: false,
      imported: 0,
      skipped: 0,
    };
    if (!refused) {
      const result = await imports.commit({ jobId, mapping, label, asOf, skipBadRows: Boolean(values['skip-bad-rows']) });
      outcome = {
        written: true,
        dataset: { id: result.dataset.id, label: result.dataset.label, partnerCount: result.dataset.partnerCount },
        imported: result.imported,
        skipped: result.skipped,
      };
    }
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            file: preview.fileName,
            workspace: session.workspace?.file,
            format: preview.format,
            encoding: preview.encoding,
            delimiter: preview.delimiter,
            sheet: preview.sheet,
            sheets: preview.sheets,
            headers: preview.headers,
            mappingSource,
            mapping,
            label,
            asOf,
            report,
            ...outcome,
          },
          null,
          2,
        ),
      );
    } else {
      const how = [preview.format.toUpperCase(), preview.encoding, preview.delimiter ? `delimiter ${JSON.stringify(preview.delimiter)}` : null, preview.sheet ? `sheet "${preview.sheet}"` : null]
        .filter(Boolean)
        .join(', ');
      io.out(`${preview.fileName} (${how}), header on row ${preview.firstDataRow - 1}`);
      io.out(`Mapping (${mappingSource}):`);
      for (const column of mapping.columns) io.out(`  ${columnLetter(column.index)} "${column.header}" → ${describeTarget(column.target)}`);
      for (const line of describeReport(report)) io.out(line);
      if (outcome.written) {
        io.out(
          `Imported ${outcome.imported} partners as dataset "${outcome.dataset!.label}"${outcome.skipped ? ` (${outcome.skipped} bad rows skipped)` : ''}.`,
        );
      }
    }
    if (!outcome.written) {
      const why = report.mappingErrors.length
        ? 'the column mapping has problems (see above); pass a corrected --mapping file'
        : report.validRows === 0
          ? 'no row can be imported'
          : `${report.badRows} row(s) have errors; fix the file, or pass --skip-bad-rows to import the other ${report.validRows}`;
      io.err(`tierscape: nothing was written: ${why}.`);
      return 1;
    }
    return 0;
  } finally {
    imports.discardAll();
    session.close();
  }
}

async function cmdDatasets(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true }),
  );
  const ws = await Workspace.open(onePositional(positionals, 'workspace file'), { readOnly: true });
  try {
    const datasets = ws.datasets.list();
    if (values.json) io.out(JSON.stringify(datasets, null, 2));
    else if (datasets.length === 0) io.out('No datasets.');
    else
      for (const d of datasets) {
        io.out(`${d.id}  ${d.label}${d.asOf ? `  (as of ${d.asOf})` : ''}  ${d.partnerCount} partners  ${d.metrics.length} metrics${d.sourceFile ? `  from ${d.sourceFile}` : ''}`);
      }
  } finally {
    ws.close();
  }
  return 0;
}

async function cmdScenario(args: string[], io: CliIo): Promise<number> {
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

async function cmdScenarioImport(rest: string[], io: CliIo): Promise<number> {
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

async function cmdScenarioBaseline(rest: string[], io: CliIo): Promise<number> {
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

const pct = (x: number | null) => (x === null ? '—' : formatMetricValue('percent', x));
/** An amount in the list's currency (an ISO code, as the engine reports it). */
const money = (x: number, currency: string) => formatMoney(x, currency);

async function cmdEvaluate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args,
      options: { scenario: { type: 'string' }, dataset: { type: 'string' }, strict: { type: 'boolean' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }),
  );
  const file = onePositional(positionals, 'workspace file');
  if (!values.scenario) throw new UsageError('evaluate needs --scenario NAME');
  const ws = await Workspace.open(file, { readOnly: true });
  try {
    const record = findScenario(ws, values.scenario);
    warnFit(ws, [record], datasetFor(ws, record, values.dataset), io, values.strict === true);
    const evaluated = evaluateStored(ws, values.scenario, values.dataset);
    if (values.json) {
      io.out(JSON.stringify(evaluationJson(evaluated), null, 2));
      return 0;
    }
    const o = evaluated.outcome;
    io.out(`${evaluated.record.scenario.name} on ${evaluated.dataset.label} (${formatCount(o.partnerCount)} partners)`);
    for (const ladder of o.ladders) {
      io.out(`  ${ladder.name} (${ladder.motion === '*' ? 'all motions' : ladder.motion}):`);
      for (const row of o.distribution.filter((d) => d.ladderId === ladder.id && d.motion !== '*' && d.tierId !== null)) {
        io.out(`    ${row.tier!.padEnd(22)} ${formatCount(row.count).padStart(7)}  ${pct(row.share).padStart(6)} of ${row.motion}`);
      }
    }
    const t = o.resources.totals;
    io.out(`  cost: ${formatCount(t.hours)} hours (${pct(o.resources.utilisation.hours)} of capacity), MDF ${money(t.mdf, o.resources.currency)}, fixed ${money(t.fixed, o.resources.currency)}, margin ${money(t.margin, o.resources.currency)}`);
    io.out(`  coverage: ${o.coverage.pairs.covered}/${o.coverage.pairs.total} conflict-prone pairs, ${formatCount(o.coverage.grants.covered)}/${formatCount(o.coverage.grants.total)} grants`);
    const m = o.movement;
    io.out(`  movement: ${m.promoted} promoted, ${m.demoted} demoted, ${m.unchanged} unchanged, ${m.newlyTiered} newly tiered, ${m.lostTier} lose their tier, ${m.exitCandidates} exit candidates`);
    for (const a of o.alerts) io.out(`  alert: ${a.message}`);
    for (const r of o.review) io.out(`  review: ${r.message} ${r.fix}`);
    for (const e of o.errors) io.out(`  problem: ${e.message}`);
  } finally {
    ws.close();
  }
  return 0;
}

async function cmdCompare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args,
      options: { scenario: { type: 'string', multiple: true }, dataset: { type: 'string' }, strict: { type: 'boolean' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }),
  );
  const file = onePositional(positionals, 'workspace file');
  const names = values.scenario ?? [];
  if (names.length < 2) throw new UsageError('compare needs at least two --scenario NAME options');
  const ws = await Workspace.open(file, { readOnly: true });
  try {
    const result = compareStored(ws, names, values.dataset);
    warnFit(ws, names.map((n) => findScenario(ws, n)), ws.datasets.get(result.dataset.id), io, values.strict === true);
    if (values.json) {
      io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    io.out(`On ${result.dataset.label} (${formatCount(result.dataset.partners)} partners)${result.baseline ? `, against the baseline "${result.baseline}"` : ''}:`);
    for (const k of result.scenarios) {
      io.out(
        `  ${k.name}: ${formatCount(k.tiered)} tiered, top tiers ${pct(k.topTierShare)} of partners / ${pct(k.topTierValueShare)} of value, ${formatCount(k.hours)} h, MDF ${money(k.mdf, k.currency)}, margin ${money(k.margin, k.currency)}, coverage ${pct(k.pairCoverage)}, ${k.promoted} up / ${k.demoted + k.lostTier} down, ${k.alerts} alerts, ${k.reviewFindings} review findings`,
      );
    }
    io.out(`  ${formatCount(result.diff.count)} partners land differently in "${result.diff.a}" and "${result.diff.b}".`);
  } finally {
    ws.close();
  }
  return 0;
}

async function cmdExport(args: string[], io: CliIo): Promise<number> {
  // --report-cards takes an optional name: a bare flag is rewritten before parsing
  const normalised = args.flatMap((a, i) => (a === '--report-cards' && (args[i + 1] === undefined || args[i + 1]!.startsWith('--')) ? ['--report-cards='] : [a]));
  const { values, positionals } = parse(() =>
    parseArgs({
      args: normalised,
      options: {
        scenario: { type: 'string', multiple: true },
        dataset: { type: 'string' },
        out: { type: 'string' },
        'report-cards': { type: 'string' },
        sheets: { type: 'string' },
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  const file = onePositional(positionals, 'workspace file');
  const names = values.scenario ?? [];
  if (names.length < 1) throw new UsageError('export needs at least one --scenario NAME');
  if (names.length > MAX_REPORT_SCENARIOS) throw new UsageError(`export takes at most ${MAX_REPORT_SCENARIOS} scenarios`);
  if (!values.out) throw new UsageError('export needs --out FILE.xlsx');
  if (path.extname(values.out).toLowerCase() !== '.xlsx') throw new UsageError('--out must name an .xlsx file');
  let sheets: OptionalSheet[] = [...OPTIONAL_SHEETS];
  if (values.sheets !== undefined) {
    const wanted = values.sheets.split(',').map((x) => x.trim()).filter(Boolean);
    const unknown = wanted.filter((x) => !(OPTIONAL_SHEETS as readonly string[]).includes(x));
    if (unknown.length) throw new UsageError(`unknown sheet${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; choose among ${OPTIONAL_SHEETS.join(', ')}`);
    sheets = wanted as OptionalSheet[];
  }
  const ws = await Workspace.open(file, { readOnly: true });
  try {
    const records = names.map((n) => findScenario(ws, n));
    let reportCards: number | null = null;
    const cards = values['report-cards'];
    if (cards !== undefined) {
      if (cards === '') {
        const i = records.findIndex((r) => !r.scenario.baseline);
        reportCards = i >= 0 ? i : 0;
      } else {
        reportCards = records.findIndex((r) => r.scenario.name.toLowerCase() === cards.trim().toLowerCase());
        if (reportCards < 0) throw new UsageError(`--report-cards names "${cards}", which is not one of the exported scenarios`);
      }
    }
    const dataset = values.dataset !== undefined ? datasetFor(ws, null, values.dataset) : null;
    warnFit(ws, records, dataset ?? sharedDataset(ws, records, 'choose the dataset to export them on'), io, values.strict === true);
    const { exportWorkbookFile } = await import('../services/export/service');
    const report = await exportWorkbookFile(ws, { records, dataset, sheets, reportCards }, path.resolve(values.out));
    if (values.json) {
      io.out(JSON.stringify({ file: report.file, bytes: report.bytes, sheets: report.sheets, dataset: report.dataset.label, partners: report.partners, ms: Math.round(report.ms) }, null, 2));
    } else {
      io.out(`Wrote ${report.file} (${formatCount(Math.round(report.bytes / 1024))} KB, ${report.sheets.length} sheets, ${formatCount(report.partners)} partners of ${report.dataset.label}) in ${(report.ms / 1000).toFixed(1)} s.`);
      io.out(`  sheets: ${report.sheets.join(' · ')}`);
    }
  } finally {
    ws.close();
  }
  return 0;
}

/**
 * Says on stderr what keeps each scenario's figures on the dataset from being its design's
 * (metrics the dataset lacks, today's tiers it does not place); with --strict that is an
 * error, before anything is evaluated or written.
 */
function warnFit(ws: Workspace, records: readonly ScenarioRecord[], dataset: DatasetSummary, io: CliIo, strict: boolean): void {
  // a scenario an older version stored with duplicates is read as the engine always read it: said, never an error
  for (const r of records) for (const line of r.repaired ?? []) io.err(`tierscape: warning: "${r.scenario.name}": ${line}`);
  const problems = records.flatMap((r) => fitProblems(ws, r.scenario, dataset));
  for (const p of problems) io.err(`tierscape: ${strict ? '' : 'warning: '}${p}`);
  if (strict && problems.length > 0) throw new UserFacingError('invalid_request', `the scenario${records.length > 1 ? 's do' : ' does'} not fit ${dataset.label} (--strict); fit ${records.length > 1 ? 'them' : 'it'} to the dataset in the app, or leave out --strict.`);
}

/** A dataset named by label (as the other commands take --dataset), else by id. */
function replayDataset(ws: Workspace, name: string): DatasetSummary {
  try {
    return datasetFor(ws, null, name);
  } catch (error) {
    const byId = /^\d+$/.test(name.trim()) ? ws.datasets.list().find((d) => d.id === Number(name.trim())) : undefined;
    if (byId) return byId;
    throw error;
  }
}

async function cmdReplay(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args,
      options: { scenario: { type: 'string' }, dataset: { type: 'string', multiple: true }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }),
  );
  const file = onePositional(positionals, 'workspace file');
  if (!values.scenario) throw new UsageError('replay needs --scenario NAME');
  const named = values.dataset ?? [];
  if (named.length === 1) throw new UsageError('replay needs two --dataset options or more (or none, for the datasets that share the scenario’s metrics)');
  const ws = await Workspace.open(file, { readOnly: true });
  try {
    const record = findScenario(ws, values.scenario);
    const own = datasetFor(ws, record);
    const read = metricsRead(record.scenario, own.metrics);
    let lists: DatasetSummary[];
    let leftOut: { list: DatasetSummary; missing: MetricDef[] }[] = [];
    if (named.length > 0) {
      lists = named.map((n) => replayDataset(ws, n));
      const twice = lists.find((d, i) => lists.findIndex((e) => e.id === d.id) !== i);
      if (twice) throw new UserFacingError('invalid_request', `The dataset ${twice.label} is named twice; a replay runs over each dataset once.`);
    } else {
      ({ chosen: lists, leftOut } = defaultReplayLists(ws.datasets.list(), read));
      if (lists.length < 2) {
        throw new UserFacingError(
          'invalid_request',
          `Only ${listLabels(lists)} ${lists.length === 1 ? 'has' : 'have'} the metrics "${record.scenario.name}" reads from ${own.label}; name the datasets to replay over with --dataset A --dataset B.`,
        );
      }
    }
    const data = lists.map((d) => ws.datasets.load(d.id));
    const warnings: { dataset: string; kind: 'metrics' | 'partner-ids'; message: string }[] = [];
    lists.forEach((d, i) => {
      const missing = named.length > 0 ? metricsLacking(d, read) : [];
      if (missing.length > 0) {
        warnings.push({
          dataset: d.label,
          kind: 'metrics',
          message: `${d.label} lacks ${quotedLabels(missing)}, which "${record.scenario.name}" reads: requirements on ${missing.length === 1 ? 'it' : 'them'} are not met there.`,
        });
      }
      if (i === 0) return;
      const overlap = idOverlap(
        data[i]!.partners.map((p) => p.id),
        data[i - 1]!.partners.map((p) => p.id),
      );
      if (otherIdSpace(overlap)) warnings.push({ dataset: d.label, kind: 'partner-ids', message: `${d.label} ${idSpaceWarning(overlap, lists[i - 1]!.label)}.` });
    });
    for (const w of warnings) io.err(`tierscape: warning: ${w.message}`);
    const cycles = replay(
      record.scenario,
      lists.map((d, i) => ({ label: d.label, asOf: d.asOf, data: data[i]! })),
    );
    const result = {
      scenario: record.scenario.name,
      datasets: lists.map((d) => ({ id: d.id, label: d.label, asOf: d.asOf, partners: d.partnerCount })),
      leftOut: leftOut.map(({ list, missing }) => ({ id: list.id, label: list.label, asOf: list.asOf, partners: list.partnerCount, missing: missing.map((m) => m.key) })),
      warnings,
      cycles,
    };
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else {
      io.out(`${result.scenario} over ${lists.map((d) => d.label).join(' → ')}, cycle by cycle:`);
      const width = Math.max(10, ...lists.map((d) => d.label.length));
      for (const c of result.cycles) {
        io.out(
          `  ${c.label.padEnd(width)} top tiers ${pct(c.topTierShare).padStart(6)} · ${c.promoted} up · ${c.downgrades} down (${c.warned} warned, ${c.limited} limited, ${c.grandfathered} grandfathered, ${c.demoted} demoted)${c.inGrace ? ` · ${c.inGrace} still in grace` : ''}`,
        );
      }
      for (const { list, missing } of leftOut) {
        io.out(`  left out: ${list.label} lacks ${quotedLabels(missing)}, which the scenario reads (name it with --dataset to add it)`);
      }
    }
  } finally {
    ws.close();
  }
  return 0;
}

/** The metrics' labels, quoted: "Sourced ARR (current year)", "Active sellers". */
function quotedLabels(metrics: readonly MetricDef[]): string {
  return metrics.map((m) => `"${m.label}"`).join(', ');
}

/** "FY2026", "FY2025 and FY2026", "no dataset". */
function listLabels(lists: readonly DatasetSummary[]): string {
  if (lists.length === 0) return 'no dataset';
  const names = lists.map((d) => d.label);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

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
