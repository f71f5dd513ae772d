/** `tierscape compare`: scenarios' KPIs side by side, against the baseline. */
import { parseArgs } from 'node:util';
import { compareStored, findScenario } from '../../services/evaluation';
import { formatCount, formatMoney } from '../../../shared/model/format';
import { Workspace } from '../../services/workspace/workspace';
import { type CliIo, onePositional, parse, pct, UsageError, warnFit } from '../common';

export async function cmdCompare(args: string[], io: CliIo): Promise<number> {
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
        `  ${k.name}: ${formatCount(k.tiered)} tiered, top tiers ${pct(k.topTierShare)} of partners / ${pct(k.topTierValueShare)} of value, ${formatCount(k.hours)} h, MDF ${formatMoney(k.mdf, k.currency)}, margin ${formatMoney(k.margin, k.currency)}, coverage ${pct(k.pairCoverage)}, ${k.promoted} up / ${k.demoted + k.lostTier} down, ${k.alerts} alerts, ${k.reviewFindings} review findings`,
      );
    }
    io.out(`  ${formatCount(result.diff.count)} partners land differently in "${result.diff.a}" and "${result.diff.b}".`);
  } finally {
    ws.close();
  }
  return 0;
}
