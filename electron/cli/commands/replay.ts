/** `tierscape replay`: a scenario run over datasets cycle by cycle, carrying tiers, warnings and grace. */
import { parseArgs } from 'node:util';
import { datasetFor, findScenario } from '../../services/evaluation';
import { defaultReplayLists, idOverlap, idSpaceWarning, metricsRead, metricsLacking, otherIdSpace, replay } from '../../../shared/engine';
import { UserFacingError } from '../../services/workspace/errors';
import { Workspace } from '../../services/workspace/workspace';
import type { DatasetSummary, MetricDef } from '../../../shared/model/workspace';
import { type CliIo, onePositional, parse, pct, UsageError } from '../common';

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

export async function cmdReplay(args: string[], io: CliIo): Promise<number> {
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
