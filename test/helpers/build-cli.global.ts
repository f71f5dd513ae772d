/** Vitest global setup: builds the CLI (out/cli) the CLI tests run, from the sources as they are now. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildCli(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const result = spawnSync(process.execPath, [path.join(root, 'build', 'scripts', 'build-cli.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the CLI (build/scripts/build-cli.mjs) failed');
}
