// Builds the command-line interface with esbuild into out/cli, ES modules for Node 20:
//   out/cli/tierscape.mjs  the program (electron/cli/main.ts) that `npm run cli`, the
//                          `tierscape` bin and the desktop app's --cli mode run;
//   out/cli/index.mjs      runCli and USAGE (electron/cli/index.ts), for the CLI tests;
//   out/cli/*-[hash].mjs   what they share, and what only some commands load (the sample's
//                          generator, the spreadsheet reader, the workbook writer).
// Everything but better-sqlite3 (a native module, loaded from node_modules) is bundled:
// a start parses JavaScript instead of compiling TypeScript (tsx took ~1.5 s of CPU
// before the first command ran), and `help` loads nothing but the usage text.
//
//   node build/scripts/build-cli.mjs            (part of `npm run build`)
//   node build/scripts/build-cli.mjs --outdir D (tests build into their own folder)
import { build } from 'esbuild';
import { chmodSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { nodeBundle } from './node-bundle.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' }, quiet: { type: 'boolean' } } });
const outdir = path.resolve(values.outdir ?? path.join(root, 'out', 'cli'));

const started = performance.now();
// chunk names carry a hash: built into a folder of its own, which then takes the place of the
// last build (no stale chunk left behind; a CLI running meanwhile finds a whole build)
const building = `${outdir}.building-${process.pid}`;
rmSync(building, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // values-worker: the import's second thread (electron/services/import/read/parallel-values.ts)
  entryPoints: { tierscape: 'electron/cli/main.ts', index: 'electron/cli/index.ts', 'values-worker': 'electron/services/import/read/values-worker.ts' },
  outdir: building,
  ...nodeBundle('#!/usr/bin/env node\n'),
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
}).catch((error) => {
  rmSync(building, { recursive: true, force: true });
  throw error;
});
chmodSync(path.join(building, 'tierscape.mjs'), 0o755);
rmSync(outdir, { recursive: true, force: true });
renameSync(building, outdir);
if (!values.quiet) {
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .reduce((sum, [, out]) => sum + out.bytes, 0);
  console.log(`cli: ${path.relative(root, outdir)}/tierscape.mjs (${(bytes / 1024).toFixed(0)} kB of JS) in ${Math.round(performance.now() - started)} ms`);
}
