/** `tierscape info`: a workspace's schema version, datasets and scenarios. */
import { parseArgs } from 'node:util';
import { Workspace } from '../../services/workspace/workspace';
import { LATEST_SCHEMA_VERSION } from '../../services/workspace/migrations';
import type { WorkspaceInfo } from '../../../shared/model/workspace';
import { type CliIo, onePositional, parse } from '../common';

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

export async function cmdInfo(args: string[], io: CliIo): Promise<number> {
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
