/**
 * `tierscape fit`: design to a target (DESIGN D8.6) — thresholds for every tier of one
 * ladder of a scenario, to partners-per-tier targets (lowest tier first) and optional limits
 * on hours, MDF and margin; prints target against achieved per tier and budget. With
 * --save-as, the fitted scenario is stored as a new scenario beside the original.
 */
import { parseArgs } from 'node:util';
import { BUDGET_WORDS, checkTargetRequest, designToTarget, formatThreshold, type BudgetKind, type TargetRequest, type TierTarget } from '../../../shared/engine';
import { datasetCurrency } from '../../../shared/model/currency';
import { formatCount, formatMoney, formatShare } from '../../../shared/model/format';
import { motionKey, type Scenario } from '../../../shared/model/scenario';
import { datasetFor, findScenario } from '../../services/evaluation';
import { createOnList } from '../../services/scenario-placement';
import { UserFacingError } from '../../services/workspace/errors';
import { Workspace } from '../../services/workspace/workspace';
import { packageVersion } from '../../services/paths';
import { type CliIo, onePositional, parse, UsageError, warnFit } from '../common';

/** --ladder: a motion ("reseller"), else a ladder's id or name (case and spaces around ignored). */
export function ladderNamed(scenario: Scenario, name: string): Scenario['ladders'][number] {
  const key = motionKey(name);
  const found =
    scenario.ladders.find((l) => motionKey(l.motion) === key) ??
    scenario.ladders.find((l) => l.id.toLowerCase() === key) ??
    scenario.ladders.find((l) => motionKey(l.name) === key);
  if (!found) {
    const known = scenario.ladders.map((l) => `${l.motion === '*' ? '"*"' : `"${l.motion}"`} (${l.name})`).join(', ');
    throw new UserFacingError('not_found', `"${scenario.name}" has no ladder for "${name}"; its ladders are ${known}.`);
  }
  return found;
}

/** --target 80,15,5 (percent of the ladder's partners) or, with --counts, partner counts; "-" keeps a tier. */
export function targetsOf(text: string, counts: boolean): (TierTarget | null)[] {
  return text.split(',').map((raw, i) => {
    const t = raw.trim();
    if (t === '' || t === '-') return null;
    const n = Number(t.replace(/%$/, ''));
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--target: the ${ordinal(i + 1)} target "${t}" is not a number (targets are lowest tier first; "-" keeps a tier)`);
    if (counts) {
      if (!Number.isInteger(n) || t.endsWith('%')) throw new UsageError(`--target with --counts: "${t}" is not a whole number of partners`);
      return { count: n };
    }
    if (n > 100) throw new UsageError(`--target: "${t}" is more than 100% (use --counts for partner counts)`);
    return { share: n / 100 };
  });
}

function ordinal(n: number): string {
  return n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`;
}

function amount(option: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${option} takes a number, 0 or more (not "${text}")`);
  return n;
}

export async function cmdFit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args,
      options: {
        scenario: { type: 'string' },
        ladder: { type: 'string' },
        target: { type: 'string' },
        counts: { type: 'boolean' },
        'max-hours': { type: 'string' },
        'max-mdf': { type: 'string' },
        'max-margin': { type: 'string' },
        round: { type: 'string' },
        move: { type: 'string', multiple: true },
        dataset: { type: 'string' },
        'save-as': { type: 'string' },
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  const file = onePositional(positionals, 'workspace file');
  if (!values.scenario) throw new UsageError('fit needs --scenario NAME');
  if (!values.ladder) throw new UsageError('fit needs --ladder MOTION (the ladder to design: its motion, id or name)');
  if (!values.target) throw new UsageError('fit needs --target, e.g. --target 80,15,5 (percent of the ladder, lowest tier first)');
  const targets = targetsOf(values.target, values.counts === true);
  const round = amount('--round', values.round);
  if (round === 0) throw new UsageError('--round takes a positive step, e.g. 10000');
  const limits: Partial<Record<BudgetKind, number | null>> = { hours: amount('--max-hours', values['max-hours']), mdf: amount('--max-mdf', values['max-mdf']), margin: amount('--max-margin', values['max-margin']) };
  const saveAs = values['save-as']?.trim();
  if (values['save-as'] !== undefined && !saveAs) throw new UsageError('--save-as needs a scenario name');

  const ws = await Workspace.open(file, saveAs ? { appVersion: packageVersion() } : { readOnly: true });
  try {
    const record = findScenario(ws, values.scenario);
    const dataset = datasetFor(ws, record, values.dataset);
    warnFit(ws, [record], dataset, io, values.strict === true);
    const ladder = ladderNamed(record.scenario, values.ladder);
    const levers: Record<string, string> = {};
    for (const move of values.move ?? []) {
      const [tier, requirement] = move.split('=').map((s) => s.trim());
      const found = ladder.tiers.find((t) => t.id === tier || t.name.toLowerCase() === tier?.toLowerCase());
      if (!found || !requirement) throw new UsageError(`--move takes TIER=REQUIREMENT_ID with a tier of ${ladder.name} (not "${move}")`);
      levers[found.id] = requirement;
    }
    const request: TargetRequest = { ladderId: ladder.id, targets, levers, limits, round };
    const problem = checkTargetRequest(record.scenario, request);
    if (problem) throw new UserFacingError('invalid_request', problem);
    const data = ws.datasets.load(dataset.id);
    const design = designToTarget(record.scenario, data, request);
    let saved: { id: number; name: string } | null = null;
    if (saveAs) {
      const created = createOnList(ws, { ...design.scenario, name: ws.scenarios.uniqueName(saveAs), baseline: false }, dataset.id);
      saved = { id: created.id, name: created.scenario.name };
    }
    if (values.json) {
      io.out(JSON.stringify({ scenarioName: record.scenario.name, dataset: { id: dataset.id, label: dataset.label }, ...design, saved }, null, 2));
      return 0;
    }
    const currency = datasetCurrency(data.metrics);
    const shown = (metric: string | null, v: number) => formatThreshold(data.metrics, record.scenario, metric, v);
    io.out(`${record.scenario.name} › ${design.ladder} on ${dataset.label} (${formatCount(design.ladderPartners)} partners on the ladder):`);
    for (const t of [...design.tiers].reverse()) {
      const target = t.target === null ? 'kept' : `${formatCount(t.target)}${t.asked !== t.target ? ` of ${formatCount(t.asked!)}` : ''}`;
      const share = design.ladderPartners ? ` (${formatShare(t.achieved / design.ladderPartners)})` : '';
      const moved = t.threshold ? (t.threshold.from === t.threshold.to ? `${shown(t.threshold.metric, t.threshold.to)} (unchanged)` : `${shown(t.threshold.metric, t.threshold.from)} → ${shown(t.threshold.metric, t.threshold.to)}`) : '—';
      io.out(`  ${t.tier.padEnd(20)} target ${target.padStart(12)}  achieved ${formatCount(t.achieved).padStart(8)}${share.padEnd(9)}  today ${formatCount(t.before).padStart(8)}  ${moved}`);
      if (t.reason) io.out(`      ${t.reason}`);
    }
    for (const b of design.budgets) {
      const v = (x: number) => (b.kind === 'hours' ? `${formatCount(Math.round(x))} h` : formatMoney(x, currency));
      io.out(`  ${capitalised(BUDGET_WORDS[b.kind])}: at most ${v(b.limit)}; today ${v(b.before)}, proposed ${v(b.achieved)} — ${b.held ? 'kept' : 'NOT kept'}`);
    }
    for (const note of design.notes) io.out(`  ${note}`);
    if (saved) io.out(`Saved as "${saved.name}".`);
  } finally {
    ws.close();
  }
  return 0;
}

function capitalised(words: string): string {
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
