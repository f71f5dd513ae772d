/** `tierscape export`: the leadership workbook (.xlsx) of up to six scenarios. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { datasetFor, findScenario, sharedDataset } from '../../services/evaluation';
import { MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS, type OptionalSheet } from '../../../shared/report/options';
import { formatCount } from '../../../shared/model/format';
import { Workspace } from '../../services/workspace/workspace';
import { type CliIo, onePositional, parse, UsageError, warnFit } from '../common';

export async function cmdExport(args: string[], io: CliIo): Promise<number> {
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
    const { exportWorkbookFile } = await import('../../services/export/service');
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
