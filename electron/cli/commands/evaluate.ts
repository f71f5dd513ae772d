/** `tierscape evaluate`: every outcome of one scenario on a dataset. */
import { parseArgs } from 'node:util';
import { datasetFor, evaluateStored, evaluationJson, findScenario } from '../../services/evaluation';
import { formatCount, formatMoney } from '../../../shared/model/format';
import { Workspace } from '../../services/workspace/workspace';
import { type CliIo, onePositional, parse, pct, UsageError, warnFit } from '../common';

export async function cmdEvaluate(args: string[], io: CliIo): Promise<number> {
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
    io.out(`  cost: ${formatCount(t.hours)} hours (${pct(o.resources.utilisation.hours)} of capacity), MDF ${formatMoney(t.mdf, o.resources.currency)}, fixed ${formatMoney(t.fixed, o.resources.currency)}, margin ${formatMoney(t.margin, o.resources.currency)}`);
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
