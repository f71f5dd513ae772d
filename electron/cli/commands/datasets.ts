/** `tierscape datasets`: the datasets of a workspace. */
import { parseArgs } from 'node:util';
import { Workspace } from '../../services/workspace/workspace';
import { type CliIo, onePositional, parse } from '../common';

export async function cmdDatasets(args: string[], io: CliIo): Promise<number> {
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
