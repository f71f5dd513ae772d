/**
 * Bench samples in a Node process of their own (the imports, the 1M exports, the engine's
 * rows): the parent builds the children with esbuild into out/bench-<pid> — with the CLI's
 * options (build/scripts/node-bundle.mjs), better-sqlite3 left to node_modules — and runs
 * each in plain Node with --expose-gc, then reads the one line of JSON it prints last; the
 * child reports its result and its resident high-water mark.
 *
 * Bundled, not under tsx as the bench itself runs: that is how the app runs this code (the
 * CLI's bundle, electron-vite's), and under tsx a process whose code has loaded a CommonJS
 * package has detached an ArrayBuffer, after which Node 20's V8 runs every typed-array loop
 * 20–30 % slower (docs/PERFORMANCE.md, "Where the engine is timed"; engine-child.ts).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { nodeBundle } from '../../build/scripts/node-bundle.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** The children, by name: their sources (the values worker is the import's second thread, found beside its caller). */
const CHILDREN = {
  'import-child': 'test/bench/import-child.ts',
  'export-child': 'test/bench/export-child.ts',
  'engine-child': 'test/bench/engine-child.ts',
  'values-worker': 'electron/services/import/read/values-worker.ts',
} as const;

export type ChildName = Exclude<keyof typeof CHILDREN, 'values-worker'>;

let outdir: string | null = null;

/**
 * Builds the children into out/bench-<pid> (once per bench process, a folder of its own, so a
 * second bench running meanwhile does not replace them; removed when the process exits);
 * returns the folder.
 */
function built(): string {
  if (outdir) return outdir;
  const dir = path.join(root, 'out', `bench-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  // loaded here, not imported: the children import this module's neighbours and never build
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  buildSync({
    absWorkingDir: root,
    entryPoints: CHILDREN,
    outdir: dir,
    // as the CLI is bundled (build/scripts/node-bundle.mjs)
    ...nodeBundle(),
    logLevel: 'warning',
  });
  outdir = dir;
  return dir;
}

/**
 * Runs the child `name` with `args` in a fresh Node process and returns the JSON it printed
 * last; `what` names it in an error. `noDetach`: the child runs with V8's
 * --trace-protector-invalidation, and an ArrayBuffer detached in it is an error (its times
 * would not be the app's).
 */
export function runInOwnProcess<T>(name: ChildName, args: readonly string[], what: string, options: { noDetach?: boolean } = {}): T {
  const file = path.join(built(), `${name}.mjs`);
  const flags = ['--expose-gc', ...(options.noDetach ? ['--trace-protector-invalidation'] : [])];
  const result = spawnSync(process.execPath, [...flags, file, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${what} in its own process failed (exit ${result.status ?? result.signal})`);
  const lines = result.stdout.trim().split('\n');
  if (options.noDetach && lines.some((line) => line.includes('ArrayBufferDetaching'))) {
    throw new Error(`${what}: an ArrayBuffer was detached in its process, so its typed-array loops ran slower than the app's (see test/bench/own-process.ts)`);
  }
  return JSON.parse(lines.pop() ?? '') as T;
}
