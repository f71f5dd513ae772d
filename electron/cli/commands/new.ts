/** `tierscape new`: creates a workspace, empty or with the sample partner list. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { withWorkspaceExtension } from '../../services/session';
import { packageVersion } from '../../services/paths';
import { UserFacingError } from '../../services/workspace/errors';
import { Workspace } from '../../services/workspace/workspace';
import { type CliIo, onePositional, parse } from '../common';

export async function cmdNew(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({ args, options: { sample: { type: 'boolean' }, force: { type: 'boolean' } }, allowPositionals: true, strict: true }),
  );
  const file = path.resolve(withWorkspaceExtension(onePositional(positionals, 'workspace file')));
  if (existsSync(file) && !values.force) {
    throw new UserFacingError('file_exists', `${file} already exists; pass --force to replace it.`);
  }
  // the sample's generator, the spreadsheet reader and the workbook writer load only for
  // the commands that use them: a start parses what its command needs
  const fillSample = values.sample ? (await import('../../services/sample')).fillSampleWorkspace : null;
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
