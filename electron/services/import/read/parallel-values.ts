/**
 * A CSV file's metric cells read on a second thread while the main thread checks its
 * partners (docs/PERFORMANCE.md, "Issue 23"): an import otherwise uses one core of two. One
 * worker (values-worker.ts) serves every import of the process; it is started on the first
 * CSV import, and holds the process open only while it is answering. The main thread
 * checks the partners meanwhile as if every cell reads, and again in the rare case that
 * one does not (shared/io/analyse.ts). At 1M partners the import went from about 4.9 to
 * 4.4 s, at 100K from about 620 to 560 ms (docs/PERFORMANCE.md). When every cell reads, the
 * worker also encodes the columns as the workspace stores them, which the main thread
 * would otherwise do at the commit (workspace/metric-values.ts, rememberEncoded).
 *
 * Nothing here is needed for a right answer: where the worker cannot be started, fails, or
 * answers with something else than the table the main thread read, `read` gives null and
 * the check reads the cells itself, as it always did (shared/io/analyse.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MetricValues, ValueColumn, ValuesElsewhere } from '../../../../shared/io/types';
import type { CsvFields } from './csv-scan';
import { rememberEncoded } from '../../workspace/metric-values';
import type { EncodedColumns, ValuesReply, ValuesRequest } from './values-protocol';

/** The worker's code beside a built bundle: the app's main process (out/main), the CLI (out/cli). */
const BUILT = ['./values-worker.js', './values-worker.mjs'];

/** the worker, once started; null where it cannot be (every read is then the main thread's) */
let started: Promise<Worker | null> | null = null;
let worker: Worker | null = null;
let nextJob = 1;
let nextRequest = 1;
/** the reads waiting for the worker, by request */
const waiting = new Map<number, (reply: MetricValues | null) => void>();

function theWorker(): Promise<Worker | null> {
  started ??= start().catch(() => null);
  return started;
}

async function start(): Promise<Worker | null> {
  const built = BUILT.map((e) => new URL(e, import.meta.url)).find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
  let w: Worker;
  if (built) w = new Worker(built);
  else if (import.meta.url.endsWith('.ts')) {
    // run from the TypeScript (browser mode, the tests, the bench): a worker thread does not
    // take tsx's loader, so its code is bundled here once, with esbuild (a dev dependency)
    // (loaded through createRequire, which the bundlers leave alone: the built app and CLI
    // never come here, and ship no esbuild)
    const load = createRequire(import.meta.url);
    const { build } = load('esbuild') as typeof import('esbuild');
    const out = await build({ entryPoints: [fileURLToPath(new URL('./values-worker.ts', import.meta.url))], bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent' });
    w = new Worker(out.outputFiles[0]!.text, { eval: true });
  } else return null;
  w.unref();
  w.on('message', (reply: ValuesReply) => settle(reply.request, 'values' in reply ? received(reply) : null));
  const fail = () => {
    started = Promise.resolve(null);
    worker = null;
    for (const request of [...waiting.keys()]) settle(request, null);
  };
  w.on('error', fail);
  w.on('exit', fail);
  worker = w;
  return w;
}

/* The reply's values, each column's encoding remembered for the workspace's write (metric-values.ts). */
function received(reply: MetricValues & { encoded?: EncodedColumns }): MetricValues {
  reply.encoded?.forEach((column, m) => {
    const values = reply.values[m];
    if (column && values) rememberEncoded(values, column.width, column.bytes);
  });
  return { values: reply.values, unreadable: reply.unreadable };
}

function settle(request: number, reply: MetricValues | null): void {
  const resolve = waiting.get(request);
  if (!resolve) return;
  waiting.delete(request);
  if (waiting.size === 0) worker?.unref();
  resolve(reply);
}

/* Sends `message` once the worker is there; false where there is none. */
async function post(message: ValuesRequest): Promise<boolean> {
  const w = await theWorker();
  if (!w) return false;
  try {
    w.postMessage(message);
    return true;
  } catch {
    return false;
  }
}

/**
 * Hands a CSV table to the worker: the file's text (copied, about 80 ms of this thread at
 * 150 MB) and the places of its fields (shared, not copied). The handle reads its metric
 * cells there (`RawTable.values` over every row); `read` gives null where there is no
 * worker or it failed. `dispose` lets the worker drop the table (the import's job ends).
 */
export function valuesElsewhere(text: string, fields: CsvFields): ValuesElsewhere & { dispose(): void } {
  const job = nextJob++;
  // in order: the table before any request for its values
  let sent = post({ type: 'table', job, text, fields });
  let disposed = false;
  /** the read waiting for the worker, if any */
  let pending = 0;
  return {
    read(columns: readonly ValueColumn[], rows: number): Promise<MetricValues | null> {
      if (disposed) return Promise.resolve(null);
      const request = nextRequest++;
      pending = request;
      const reply = new Promise<MetricValues | null>((resolve) => waiting.set(request, resolve));
      sent = sent.then(async (ok) => {
        if (ok && (await post({ type: 'values', job, request, columns: [...columns], rows }))) worker?.ref();
        else settle(request, null);
        return ok;
      });
      return reply;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      settle(pending, null);
      sent = sent.then((ok) => ok && post({ type: 'drop', job }));
    },
  };
}
