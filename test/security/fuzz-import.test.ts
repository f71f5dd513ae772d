/**
 * Issue 8: hostile and broken import files. Over a thousand generated CSV and XLSX files
 * (fuzz-files.ts: truncations, byte flips, NUL bytes, invalid UTF-8, 1–5 MB cells, 16K
 * columns, deep nesting, formula cells, `__proto__` headers; truncated or lying ZIPs,
 * malformed or entity-laden XML, broken shared strings and content types; issue 18's
 * sparse sheets and bombs in every part, headers honest or lying …) go through
 * the real ImportService over a real workspace, as the app drives it: preview, then
 * commit with the suggested mapping when the preview succeeds, then discard.
 *
 * Every file must end in a value or a UserFacingError whose message names the file —
 * never a TypeError or a library error — within 10 s; no prototype may change; and the
 * workspace is written only by a commit that succeeds, which adds exactly one dataset
 * whose partners hold the file's text literally (formula cells never evaluated).
 *
 * Deterministic: a fixed fast-check seed, printed in the test names. To explore, run
 * with TIERSCAPE_FUZZ_SEED=<n>; TIERSCAPE_FUZZ_VERBOSE=1 prints every refusal message
 * template with its count.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { decodeText } from '../../electron/services/import/decode';
import { BadFileError } from '../../electron/services/import/errors';
import { MAX_IMPORT_BYTES } from '../../electron/services/import/read';
import { ImportService, type ImportPreview, type ImportResult } from '../../electron/services/import/service';
import { RecentFiles } from '../../electron/services/recent';
import { AppSession } from '../../electron/services/session';
import { UserFacingError } from '../../electron/services/workspace/errors';
import type { Workspace } from '../../electron/services/workspace/workspace';
import type { PartnerIdentity } from '../../shared/model/dataset';
import { packedCount } from '../../shared/model/packed-text';
import {
  badMetadataWorkbook,
  baseGrid,
  baseSheetRows,
  buildCsv,
  buildXlsx,
  cachedFormulaText,
  csvCase,
  cutDeflateEntries,
  EXCEL_COLUMNS,
  EXCEL_ROWS,
  BOMB_PARTS,
  csvKinds,
  FORMULA_PAYLOADS,
  sheetJsXlsx,
  xlsxCase,
  xlsxKinds,
  workbookWithRawCell,
  partBomb,
  sparseWorkbook,
  zipBomb,
  zipSync,
  type CsvCase,
  type SparseShape,
  type XlsxCase,
} from './fuzz-files';

const SEED = Number(process.env.TIERSCAPE_FUZZ_SEED ?? 20_261_122);
const CSV_RUNS = 650;
const XLSX_RUNS = 450;
/** issue 8: no file may take longer than this, preview and commit together */
const FILE_LIMIT_MS = 10_000;
/** a synchronous hang never lets a timer fire: a watchdog thread kills the test process after this */
const WATCHDOG_MS = FILE_LIMIT_MS + 10_000;
const VERBOSE = Boolean(process.env.TIERSCAPE_FUZZ_VERBOSE);

// ---------------------------------------------------------------------------------------
// Prototype pollution

const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Function.prototype', Function.prototype],
];
const prototypeNames = () => Object.fromEntries(PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
const PRISTINE = prototypeNames();

function expectNoPollution(where: string): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined) {
    throw new Error(`prototype polluted after ${where}: ({}).polluted = ${String(probe.polluted)}`);
  }
  expect(prototypeNames(), `prototypes changed after ${where}`).toEqual(PRISTINE);
}

// ---------------------------------------------------------------------------------------
// A hang guard: a timer race catches an awaited hang; a synchronous one (a parser stuck in
// a loop) blocks the timers too, so a worker thread watches the clock and kills the test
// process, naming the file, when one file runs far too long.

const WATCHDOG_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let current = null;
parentPort.on('message', (m) => { current = m; });
setInterval(() => {
  if (current && Date.now() - current.since > current.limit) {
    writeSync(2, '\\n[fuzz-import] HANG: ' + current.label + ' has run ' + (Date.now() - current.since) + ' ms; killing the test process\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, 200);
`;

class Watchdog {
  private readonly worker = new Worker(WATCHDOG_SOURCE, { eval: true });
  constructor() {
    this.worker.unref();
  }
  watch(label: string): void {
    this.worker.postMessage({ label, since: Date.now(), limit: WATCHDOG_MS });
  }
  clear(): void {
    this.worker.postMessage(null);
  }
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

async function withinLimit<T>(work: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${label} did not finish within ${FILE_LIMIT_MS / 1000} s`)), FILE_LIMIT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------
// The workspace: row counts of every table, and SQLite's count of changes made

const TABLES = ['dataset', 'partner_text', 'metric', 'import_mapping', 'scenario'] as const;
type Counts = Record<(typeof TABLES)[number] | 'changes', number>;

function counts(ws: Workspace): Counts {
  const n = (sql: string) => (ws.db.prepare(sql).get() as { n: number }).n;
  const out = { changes: n('SELECT total_changes() AS n') } as Counts;
  for (const table of TABLES) out[table] = n(`SELECT count(*) AS n FROM ${table}`);
  return out;
}

// ---------------------------------------------------------------------------------------
// Literal text: every imported name and id must be text of the file itself

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

function unescapeXml(text: string): string {
  const code = (n: number, whole: string) => {
    try {
      return String.fromCodePoint(n);
    } catch {
      return whole;
    }
  };
  return text
    .replace(/&#x([0-9a-f]+);/gi, (whole, hex: string) => code(parseInt(hex, 16), whole))
    .replace(/&#(\d+);/g, (whole, dec: string) => code(Number(dec), whole))
    .replace(/_x([0-9a-f]{4})_/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The file's text in the forms a cell's text can be found in; null when it cannot be read back. */
function sourceTexts(bytes: Buffer, format: 'csv' | 'xlsx'): string[] | null {
  if (format === 'csv') {
    const text = collapse(decodeText(bytes).text);
    return [text, text.replace(/""/g, '"')];
  }
  try {
    const cfb = XLSX.CFB.read(bytes, { type: 'buffer' }) as { FileIndex: { type: number; content?: Uint8Array }[] };
    const xml = cfb.FileIndex.filter((e) => e.type === 2 && e.content)
      .map((e) => Buffer.from(e.content!).toString('utf8'))
      .join('\n');
    // with the tags, and without them (rich text: <r><t>rich</t></r><r><t> text</t></r>;
    // CDATA sections: <![CDATA[a]]]]><![CDATA[>]]> is "a]]>")
    const text = xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<[^>]*>/g, '');
    return [collapse(unescapeXml(xml)), collapse(unescapeXml(text))];
  } catch {
    return null;
  }
}

/** Values a spreadsheet reader derives rather than copies: numbers, booleans, error codes, ISO dates. */
const DERIVED_CELL = /^(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|-?Infinity|NaN|true|false|#[A-Z/0!?_]+|\d{4,}-\d{2}-\d{2})$/i;
/** An id made from the name (slug, "-2" …) when the file gives none. */
const DERIVED_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DERIVED_CELL_OR_ID = new RegExp(`${DERIVED_CELL.source}|${DERIVED_ID.source}`, 'i');

/**
 * A long value is looked for by a few short pieces: searching for a megabyte of quotes in
 * a file of quotes is quadratic in the search itself.
 */
function probes(value: string): string[] {
  if (value.length <= 200) return [value];
  const at = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.min(value.length - 48, Math.floor(f * value.length)));
  return at.map((i) => value.slice(i, i + 48));
}

function expectLiteral(texts: string[] | null, value: string, what: string, derived: RegExp): void {
  const wanted = collapse(value);
  if (texts === null || (wanted.length < 200 && derived.test(wanted))) return;
  const pieces = probes(wanted);
  if (!texts.some((t) => pieces.every((p) => t.includes(p)))) {
    throw new Error(`${what} ${JSON.stringify(wanted.slice(0, 200))} is not text of the file (evaluated or made up?)`);
  }
}

// ---------------------------------------------------------------------------------------
// The harness

type Outcome =
  | { stage: 'preview' | 'commit'; error: UserFacingError; preview: ImportPreview | null }
  | { stage: 'committed'; preview: ImportPreview; result: ImportResult };

interface Stats {
  runs: number;
  kinds: Map<string, number>;
  outcomes: Map<string, number>;
  messages: Map<string, number>;
  largestReport: number;
  slowest: { ms: number; label: string };
  totalMs: number;
}

const newStats = (): Stats => ({
  runs: 0,
  kinds: new Map(),
  outcomes: new Map(),
  messages: new Map(),
  largestReport: 0,
  slowest: { ms: 0, label: '' },
  totalMs: 0,
});

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** A refusal message with the file name and numbers taken out, to count kinds of messages. */
const template = (message: string, fileName: string) =>
  message
    .split(`"${fileName}"`)
    .join('"<file>"')
    .replace(/\d+/g, '#')
    .slice(0, 160);

/** Messages that mean a library's internals leaked into what the person reads. */
const INTERNAL_TEXT = /Cannot read propert|is not a function|is not defined|undefined \(reading|Maximum call stack|Invalid array length|\bat .+:\d+:\d+\)/;

describe('fuzz: hostile and broken import files through preview and commit', () => {
  let dir: string;
  let session: AppSession;
  let imports: ImportService;
  let ws: Workspace;
  let watchdog: Watchdog;
  let serial = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tierscape-fuzz-'));
    session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    // the sample workspace: datasets and scenarios that must survive every file untouched
    await session.create(path.join(dir, 'fuzz.tierscape'), { sample: true });
    imports = new ImportService(session, { now: () => new Date('2026-11-22T12:00:00Z') });
    ws = session.workspace!;
    watchdog = new Watchdog();
    console.log(`[fuzz-import] seed ${SEED}: ${CSV_RUNS} CSV + ${XLSX_RUNS} XLSX files (TIERSCAPE_FUZZ_SEED=${SEED} reproduces)`);
  }, 60_000);

  afterAll(async () => {
    imports?.discardAll();
    session?.close();
    await watchdog?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function expectRefusal(error: unknown, stage: 'preview' | 'commit', fileName: string, label: string): UserFacingError {
    if (!(error instanceof UserFacingError)) {
      const e = error as Error;
      throw new Error(`${label}: ${stage} threw ${e?.name ?? typeof error} (not a UserFacingError): ${e?.message}\n${e?.stack ?? ''}`);
    }
    const named = error.message.includes(`"${fileName}"`);
    if (stage === 'preview') {
      expect(error.code, `${label}: ${error.message}`).toBe('bad_file');
      expect(named, `${label}: the refusal does not name the file: ${error.message}`).toBe(true);
    } else {
      // the commit refuses a mapping with problems (no name column …) in the words of the
      // import dialog, which shows the file; every other commit refusal names the file
      expect(error.code, `${label}: ${error.message}`).toBe('invalid_request');
      expect(named || error.message.startsWith('The column mapping has problems:'), `${label}: ${error.message}`).toBe(true);
    }
    expect(error.message, `${label}: internals leak into the message`).not.toMatch(INTERNAL_TEXT);
    expect(error.message.length, `${label}: a message of ${error.message.length} characters`).toBeLessThan(2_000);
    return error;
  }

  async function importOnce(file: string, fileName: string, label: string, stats: Stats | null): Promise<Outcome> {
    const jobId = `fuzz-job-${String(serial).padStart(6, '0')}`;
    let preview: ImportPreview;
    try {
      preview = await imports.preview({ jobId, path: file });
    } catch (error) {
      return { stage: 'preview', error: expectRefusal(error, 'preview', fileName, label), preview: null };
    }
    try {
      expect(preview.fileName).toBe(fileName);
      const request = { jobId, mapping: preview.mapping, label: `Fuzz ${serial}`, asOf: null, skipBadRows: true };
      // the app sends the suggested mapping back over IPC (naming the workspace opening): its contract must accept it
      const checked = contract['import:commit'].req.safeParse({ ...request, workspace: 'opening-fuzz-0001' });
      if (!checked.success) {
        const issues = checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
        throw new Error(`${label}: the commit request with the previewed mapping breaks the IPC contract: ${issues.join('; ')}`);
      }
      // the report names problem cells, it does not carry them: a few examples, cut short
      const reportSize = JSON.stringify(preview.report).length;
      expect(reportSize, `${label}: a validation report of ${reportSize} characters`).toBeLessThan(256 * 1024);
      if (stats) stats.largestReport = Math.max(stats.largestReport, reportSize);
      try {
        return { stage: 'committed', preview, result: await imports.commit(request) };
      } catch (error) {
        return { stage: 'commit', error: expectRefusal(error, 'commit', fileName, label), preview };
      }
    } finally {
      imports.discard(jobId);
    }
  }

  /** One file through the service, with every check of issue 8; the watchdog covers the checks too. */
  async function runFile(...args: Parameters<typeof checkFile>): Promise<Outcome> {
    try {
      return await checkFile(...args);
    } finally {
      watchdog.clear();
    }
  }

  async function checkFile(
    bytes: Buffer,
    ext: string,
    format: 'csv' | 'xlsx',
    describeCase: string,
    stats: Stats | null,
    checkPartners?: (partners: PartnerIdentity[]) => void,
  ): Promise<Outcome> {
    serial += 1;
    const fileName = `fuzz-${format}-${String(serial).padStart(5, '0')}${ext}`;
    const file = path.join(dir, fileName);
    const label = `${fileName} ${describeCase}`;
    writeFileSync(file, bytes);
    const before = counts(ws);
    watchdog.watch(label);
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = await withinLimit(importOnce(file, fileName, label, stats), label);
    } finally {
      rmSync(file, { force: true });
    }
    const ms = performance.now() - started;
    if (VERBOSE && ms > 1_000) console.log(`[fuzz-import] slow: ${Math.round(ms)} ms ${outcome.stage} ${label.slice(0, 400)}`);
    expect(ms, `${label} took ${Math.round(ms)} ms`).toBeLessThan(FILE_LIMIT_MS);
    expectNoPollution(label);

    const after = counts(ws);
    if (outcome.stage !== 'committed') {
      // nothing written: no row of any table, and not one change by SQLite
      expect(after, `${label}: the workspace changed after a refusal (${outcome.error.message})`).toEqual(before);
    } else {
      const { result } = outcome;
      const id = result.dataset.id;
      const row = ws.db.prepare('SELECT partner_count AS n FROM dataset WHERE id = ?').get(id) as { n: number };
      const partners = packedCount(ws.db.prepare("SELECT texts FROM partner_text WHERE dataset_id = ? AND field = 'id'").pluck().get(id) as Buffer);
      const metrics = (ws.db.prepare('SELECT count(*) AS n FROM metric WHERE dataset_id = ?').get(id) as { n: number }).n;
      expect(row.n, label).toBe(result.imported);
      expect(partners, label).toBe(result.imported);
      expect(result.imported, label).toBeGreaterThan(0);
      expect({ ...after, changes: 0 }, label).toEqual({
        ...before,
        changes: 0,
        dataset: before.dataset + 1,
        partner_text: before.partner_text + 7,
        metric: before.metric + metrics,
        import_mapping: after.import_mapping === before.import_mapping ? before.import_mapping : before.import_mapping + 1,
      });
      expect(metrics, label).toBe(result.dataset.metrics.length);
      expect(ws.db.pragma('integrity_check', { simple: true }), label).toBe('ok');
      const texts = sourceTexts(bytes, format);
      const stored = ws.datasets.load(id).partners;
      // each id once, as stored (the check of the import is the only guard since schema 6)
      expect(new Set(stored.map((p) => p.id)).size, `${label}: partner ids are unique`).toBe(stored.length);
      checkPartners?.(stored);
      for (const p of stored) {
        expectLiteral(texts, p.name, `${label}: partner name`, format === 'csv' ? /^$/ : DERIVED_CELL);
        expectLiteral(texts, p.id, `${label}: partner id`, format === 'csv' ? DERIVED_ID : DERIVED_CELL_OR_ID);
      }
      // keep the workspace small: the next file starts from the same datasets
      ws.datasets.delete(id);
    }
    if (stats) {
      stats.runs += 1;
      stats.totalMs += ms;
      if (ms > stats.slowest.ms) stats.slowest = { ms, label };
      bump(stats.outcomes, outcome.stage);
      if (outcome.stage !== 'committed') bump(stats.messages, `${outcome.stage}: ${template(outcome.error.message, fileName)}`);
    }
    return outcome;
  }

  function report(name: string, stats: Stats): void {
    const kinds = [...stats.kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    const outcomes = [...stats.outcomes].map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `[fuzz-import] ${name}: ${stats.runs} files in ${(stats.totalMs / 1000).toFixed(1)} s (seed ${SEED}); ${outcomes}; ` +
        `slowest ${Math.round(stats.slowest.ms)} ms (${stats.slowest.label.slice(0, 160)}); largest validation report ${stats.largestReport} characters` +
        `\n  mutations: ${kinds.join(', ')}`,
    );
    if (VERBOSE) {
      for (const [m, n] of [...stats.messages].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)} × ${m}`);
    }
  }

  // -------------------------------------------------------------------------------------

  it('the base files are valid: 8 partners from the CSV and from the SheetJS workbook', async () => {
    const csv = Buffer.from(`${baseGrid().map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n')}\n`);
    for (const [bytes, ext, format] of [
      [csv, '.csv', 'csv'],
      [sheetJsXlsx(baseSheetRows(), true), '.xlsx', 'xlsx'],
      [sheetJsXlsx(baseSheetRows(), false), '.xlsx', 'xlsx'],
    ] as const) {
      const outcome = await runFile(bytes, ext, format, 'base', null);
      expect(outcome.stage).toBe('committed');
      if (outcome.stage === 'committed') expect(outcome.result).toMatchObject({ imported: 8, skipped: 0 });
    }
  });

  it(`${CSV_RUNS} mutated CSV files (fast-check seed ${SEED})`, async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(csvCase, async (c) => {
        for (const k of csvKinds(c)) bump(stats.kinds, k);
        if (csvKinds(c).length === 0) bump(stats.kinds, 'none');
        await runFile(buildCsv(c), c.ext, 'csv', JSON.stringify(c), stats);
      }),
      { seed: SEED, numRuns: CSV_RUNS, endOnFailure: true },
    );
    report('CSV', stats);
    expect(stats.runs).toBe(CSV_RUNS);
    for (const kind of ['truncate', 'byteFlips', 'nulBytes', 'invalidUtf8', 'hugeCell', 'wide', 'deepNesting', 'quoteStorm', 'formula', 'hostileHeader']) {
      expect(stats.kinds.get(kind) ?? 0, `CSV files with ${kind}`).toBeGreaterThanOrEqual(10);
    }
    expect(stats.outcomes.get('committed') ?? 0, 'some mutated CSV files still import').toBeGreaterThan(50);
  }, 150_000);

  it(`${XLSX_RUNS} mutated XLSX files (fast-check seed ${SEED})`, async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(xlsxCase, async (c) => {
        for (const k of xlsxKinds(c)) bump(stats.kinds, k);
        await runFile(buildXlsx(c), c.ext, 'xlsx', JSON.stringify(c), stats, cachedFormulaCheck(c));
      }),
      { seed: SEED + 1, numRuns: XLSX_RUNS, endOnFailure: true },
    );
    report('XLSX', stats);
    expect(stats.runs).toBe(XLSX_RUNS);
    for (const kind of [
      'valid',
      'truncatedZip',
      'malformedSheet',
      'deepNesting',
      'entities',
      'formulaCells',
      'sharedStrings',
      'contentTypes',
      'wideSheet',
      'structure',
      'zipLies',
      'cellValues',
      'byteFlips',
      'sparse',
      'partBomb',
    ]) {
      expect(stats.kinds.get(kind) ?? 0, `XLSX files with ${kind}`).toBeGreaterThanOrEqual(8);
    }
    expect(stats.outcomes.get('committed') ?? 0, 'some mutated workbooks still import').toBeGreaterThan(30);
  }, 150_000);

  /** A formula cell gives its cached value, as text, never the formula's result. */
  function cachedFormulaCheck(c: XlsxCase): ((partners: PartnerIdentity[]) => void) | undefined {
    const m = c.mutation;
    if (m.kind !== 'formulaCells' || c.flips.length) return undefined;
    const last = new Map(m.cells.map((cell) => [cell.row, cell]));
    return (partners) => {
      const byId = new Map(partners.map((p) => [p.id, p.name]));
      for (const [row, cell] of last) {
        const name = byId.get(`P${row}`);
        if (cell.cached === 'str' || cell.cached === 'shared') expect(name, `row ${row}`).toBe(cachedFormulaText(row, cell.formula));
        if (cell.cached === 'num') expect(name, `row ${row}`).toBe('42');
        if (cell.cached === 'none') expect(name, `row ${row}: a formula without a cached value is an empty cell`).toBeUndefined();
      }
    };
  }

  it('targeted: __proto__ / constructor.prototype headers with {"polluted":1} values import literally and pollute nothing', async () => {
    const headers = ['Partner Name', '__proto__', 'constructor.prototype.polluted', '__proto__.polluted', 'constructor', 'prototype', 'hasOwnProperty'];
    const rows = [
      ['Acme', '{"polluted":1}', 'yes', '{"__proto__":{"polluted":1}}', '{"prototype":{"polluted":1}}', 'polluted', 'toString'],
      ['Beta', '{"polluted":1}', 'yes', '{"__proto__":{"polluted":1}}', '__proto__', 'constructor', '__proto__'],
    ];
    const csv = Buffer.from(`${[headers, ...rows].map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`);
    const xlsx = sheetJsXlsx([headers, ...rows], true);
    for (const [bytes, ext, format] of [
      [csv, '.csv', 'csv'],
      [xlsx, '.xlsx', 'xlsx'],
    ] as const) {
      const first = await runFile(bytes, ext, format, 'targeted __proto__', null, (partners) => {
        expect(partners.map((p) => p.name)).toEqual(['Acme', 'Beta']);
      });
      expect(first.stage).toBe('committed');
      if (first.stage !== 'committed') continue;
      expect(first.preview.headers).toEqual(headers);
      expect(first.preview.sampleRows[0]).toEqual(rows[0]);
      expect(first.result.imported).toBe(2);
      // the mapping remembered under that shape comes back for the next file (Map lookups, not an object)
      const again = await runFile(bytes, ext, format, 'targeted __proto__ again', null);
      expect(again.stage).toBe('committed');
      if (again.stage === 'committed') {
        expect(again.preview.mappingSource).toBe('remembered');
        expect(again.preview.mapping).toEqual(first.preview.mapping);
      }
      const remembered = ws.db.prepare('SELECT used_count AS n FROM import_mapping WHERE headers_json = ?').get(JSON.stringify(headers)) as { n: number } | undefined;
      expect(remembered?.n).toBeGreaterThanOrEqual(2);
    }
    expectNoPollution('the targeted __proto__ files');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('targeted: formula-looking names are stored as the literal text', async () => {
    const payloads = FORMULA_PAYLOADS.filter((p) => p.trim() === p);
    const lines = ['Partner ID,Partner Name,Motion', ...payloads.map((p, i) => `F${i},"${p.replace(/"/g, '""')}",Reseller`)];
    const outcome = await runFile(Buffer.from(`${lines.join('\r\n')}\r\n`), '.csv', 'csv', 'targeted formulas', null, (partners) => {
      expect(partners.map((p) => p.name)).toEqual(payloads);
    });
    expect(outcome.stage).toBe('committed');
    if (outcome.stage !== 'committed') return;
    expect(outcome.result.imported).toBe(payloads.length);
    expect(outcome.preview.sampleRows.map((r) => r[1])).toEqual(payloads.slice(0, 12));
  });

  it('a ZIP bomb: a workbook of under 1 MB whose sheet inflates to 768 MB is refused quickly, writing nothing', async () => {
    const bomb = zipBomb(768);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const outcome = await runFile(bomb, '.xlsx', 'xlsx', 'zip bomb 768 MB', null);
    expect(outcome.stage).toBe('preview');
    if (outcome.stage === 'preview') {
      expect(outcome.error).toBeInstanceOf(BadFileError);
      // a worksheet this size would be read in pieces (large-sheet.ts), but no sheet packs 768 MB into under 1: refused before inflating
      expect(outcome.error.message).toMatch(
        /^"fuzz-xlsx-\d+\.xlsx" could not be read: a part of it \(xl\/worksheets\/sheet1\.xml\) unpacks to \d{3,} times its packed size; no workbook part is packed more than 100 to 1: this is a "ZIP bomb", not a workbook\.$/,
      );
    }
  }, 30_000);

  it(`the ${MAX_IMPORT_BYTES / 1024 / 1024} MB import limit: a larger file is refused at preview with a clear message, quickly, writing nothing`, async () => {
    for (const name of ['partners-too-big.csv', 'partners-too-big.xlsx']) {
      const file = path.join(dir, name);
      const fd = openSync(file, 'w');
      ftruncateSync(fd, MAX_IMPORT_BYTES + 1); // sparse: nothing is written to the disk
      closeSync(fd);
      const before = counts(ws);
      const started = performance.now();
      const error = await imports.preview({ jobId: 'fuzz-size-limit', path: file }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(performance.now() - started, 'refused from the size alone, without reading').toBeLessThan(2_000);
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error).toMatchObject({ code: 'bad_file' });
      const message = (error as Error).message;
      expect(message).toContain(`"${name}"`);
      expect(message).toContain(`up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      expect(counts(ws)).toEqual(before);
      expect(imports.progress('fuzz-size-limit')).toEqual({ stage: 'idle', fraction: 0 });
      rmSync(file);
    }
  });

  describe('issue 18: sparse extremes and a bomb in every part', () => {
    it('a sheet of a few cells far apart is refused, naming the file, the sheet and the cell; one that only declares a huge range imports', async () => {
      const cases: [SparseShape, number, number, RegExp | null][] = [
        ['corners', 0, 0, /too sparse to be a partner list: sheet "Partners" .*the cell at XFD1048576 stretches it/],
        ['headerAndFarCell', 200_000, 999, /too sparse to be a partner list: sheet "Partners" .*the cell at ALL200000 stretches it/],
        ['headerAndFarCell', EXCEL_ROWS, EXCEL_COLUMNS - 1, /too sparse .*XFD1048576/],
        ['strayRow', EXCEL_ROWS, 0, /too sparse .*the cell at A1048576 stretches it/],
        ['scattered', EXCEL_ROWS, EXCEL_COLUMNS - 1, /too sparse .*sheet "Partners"/],
        ['scattered', 600_000, 300, /too sparse .*sheet "Partners"/],
        ['declaredOnly', 0, 0, null],
      ];
      for (const [shape, row, col, refused] of cases) {
        const label = `sparse ${shape} ${row} ${col}`;
        const heap = process.memoryUsage().heapUsed;
        const outcome = await runFile(sparseWorkbook(shape, row, col), '.xlsx', 'xlsx', label, null);
        expect((process.memoryUsage().heapUsed - heap) / 2 ** 20, `${label}: heap growth in MB`).toBeLessThan(200);
        if (refused === null) {
          expect(outcome.stage, label).toBe('committed');
          if (outcome.stage === 'committed') expect(outcome.result.imported).toBe(8);
        } else {
          expect(outcome.stage, label).toBe('preview');
          if (outcome.stage === 'preview') expect(outcome.error.message, label).toMatch(refused);
        }
      }
    });

    it('a bomb in any part, packed 265 or 1,000 to 1, its size declared or hidden, is refused naming the file; nothing is written', async () => {
      for (const part of BOMB_PARTS) {
        for (const fill of ['spaces', 'text'] as const) {
          for (const lie of [false, true]) {
            const label = `bomb in ${part}, ${fill}${lie ? ', size hidden' : ''}`;
            const outcome = await runFile(partBomb({ part, megabytes: 200, fill, lie }), '.xlsx', 'xlsx', label, null);
            expect(outcome.stage, label).toBe('preview');
            if (outcome.stage === 'preview') expect(outcome.error.message, label).toMatch(/could not be read: (a part of it|its parts) .*unpack/);
          }
        }
      }
    }, 60_000);
  });

  // -------------------------------------------------------------------------------------
  // What this fuzz found, kept as fixed cases (each hung, crashed or misled before its fix)

  describe('regressions found by the fuzz', () => {
    it('a cell reference past column XFD or row 1,048,576 is refused at once (was: a sparse row of 321 million cells, minutes to walk)', async () => {
      for (const ref of ['ZZZZZZ1', 'XFE2', 'A1048577', 'A99999999']) {
        const outcome = await runFile(workbookWithRawCell(`<c r="${ref}"><v>1</v></c>`), '.xlsx', 'xlsx', `cell ${ref}`, null);
        expect(outcome.stage, ref).toBe('preview');
        if (outcome.stage === 'preview') expect(outcome.error.message).toMatch(/has cells beyond the last row or column a spreadsheet can hold/);
      }
    });

    it('a worksheet whose deflate stream is cut short is refused (was: SheetJS\'s own inflater looped forever)', async () => {
      for (const fraction of [0.3, 0.5, 0.8]) {
        const outcome = await runFile(zipSync(cutDeflateEntries(fraction)), '.xlsx', 'xlsx', `deflate cut at ${fraction}`, null);
        expect(outcome.stage).toBe('preview');
        if (outcome.stage === 'preview') expect(outcome.error.message).toMatch(/is not a readable workbook/);
      }
    });

    it('a TypeError inside SheetJS (cell metadata of an undeclared type) is refused in words, not as the TypeError\'s text', async () => {
      const outcome = await runFile(badMetadataWorkbook(), '.xlsx', 'xlsx', 'metadata type 2 of 1', null);
      expect(outcome.stage).toBe('preview');
      if (outcome.stage === 'preview') expect(outcome.error.message).toMatch(/could not be read \(sheet "Partners"\): a part of it is damaged or not as Excel writes it/);
    });

    it('30,000 partners of one name and no ids get ids acme … acme-30000 in linear time (was: each searched acme-2, acme-3 … again)', async () => {
      const text = `Partner Name,Motion\n${'Acme,Reseller\n'.repeat(30_000)}`;
      const outcome = await runFile(Buffer.from(text), '.csv', 'csv', '30,000 × Acme', null, (partners) => {
        expect(partners.map((p) => p.id).slice(-2)).toEqual(['acme-29999', 'acme-30000']);
      });
      expect(outcome.stage).toBe('committed');
      if (outcome.stage === 'committed') expect(outcome.result.imported).toBe(30_000);
    });

    it('16,384 columns under one repeated header map in linear time (was: minutes choosing metric keys arr_2 … arr_16384)', async () => {
      const c: CsvCase = { ext: '.csv', delimiter: ',', encoding: 'utf-8', grid: [{ kind: 'wide', columns: EXCEL_COLUMNS, dataRows: 2, header: 'same' }], text: [], bytes: [] };
      const outcome = await runFile(buildCsv(c), '.csv', 'csv', 'wide, one header', null);
      expect(outcome.stage).toBe('committed');
      if (outcome.stage === 'committed') {
        const keys = outcome.preview.mapping.columns.flatMap((m) => (m.target.type === 'metric' ? [m.target.key] : []));
        expect(keys).toHaveLength(EXCEL_COLUMNS - 4); // all but the four partner fields
        expect(new Set(keys).size).toBe(keys.length);
      }
    });

    it('a 16 MB quoted field of doubled quotes reads in linear time (was: Papa Parse re-read it with every 1 MB chunk)', async () => {
      const text = `Partner ID,Partner Name,Notes\nP1,Acme,"${'""'.repeat(8 * 1024 * 1024)}"\nP2,Beta,plain\n`;
      const outcome = await runFile(Buffer.from(text), '.csv', 'csv', '16 MB of ""', null);
      expect(outcome.stage).toBe('committed');
      if (outcome.stage === 'committed') expect(outcome.preview.sampleRows[1]).toEqual(['P2', 'Beta', 'plain']);
    });

    it('a quoted field never closed, after the first megabyte, is reported on its own row (was: the row within the last chunk)', async () => {
      const rows = Array.from({ length: 60_000 }, (_, i) => `P${i},Partner ${i},${i}`);
      const text = ['Partner ID,Partner Name,ARR', ...rows.slice(0, 50_000), 'Z,"never closed,1', ...rows.slice(50_000)].join('\n');
      const outcome = await runFile(Buffer.from(text), '.csv', 'csv', 'unclosed late', null);
      expect(outcome.stage).toBe('preview');
      if (outcome.stage === 'preview') expect(outcome.error.message).toMatch(/a quoted field that starts on row 50002 is never closed/);
    });

    it('a header cell of megabytes is cut to 1,000 characters, so the mapping can be sent back over IPC and committed', async () => {
      const text = `Partner ID,Partner Name,"${'Note '.repeat(400_000)}"\nP1,Acme,1\nP2,Beta,2\n`;
      const outcome = await runFile(Buffer.from(text), '.csv', 'csv', 'huge header', null);
      expect(outcome.stage).toBe('committed');
      if (outcome.stage === 'committed') expect(outcome.preview.headers[2]).toHaveLength(1000);
    });

    it('more columns than a mapping can name (20,000) is refused with the count, not left for the commit to fail', async () => {
      const c: CsvCase = { ext: '.csv', delimiter: ',', encoding: 'utf-8', grid: [{ kind: 'wide', columns: 20_001, dataRows: 1, header: 'labels' }], text: [], bytes: [] };
      const outcome = await runFile(buildCsv(c), '.csv', 'csv', '20,001 columns', null);
      expect(outcome.stage).toBe('preview');
      if (outcome.stage === 'preview') expect(outcome.error.message).toMatch(/has 20,001 columns; Tierscape imports up to 20,000/);
    });

    it('a megabyte motion or duplicate id is cut short in the report (was: the whole cell, twice, in every example)', async () => {
      const huge = 'Distributor '.repeat(100_000);
      const text = `Partner ID,Partner Name,Motion\nP1,Acme,"${huge}"\n"${huge}",Beta,Reseller\n"${huge}",Gamma,Reseller\n`;
      const outcome = await runFile(Buffer.from(text), '.csv', 'csv', 'huge motion and id', null);
      expect(outcome.stage).toBe('committed');
      if (outcome.stage === 'committed') {
        expect(JSON.stringify(outcome.preview.report).length).toBeLessThan(5_000);
        const messages = outcome.preview.report.groups.flatMap((g) => g.examples.map((e) => e.message));
        expect(messages).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^Row 2, column C "Motion": "Distributor Distributor Distributor D…" is not reseller/),
            expect.stringMatching(/^Row 4, column A "Partner ID": partner ID "Distributor Distributor Distributor D…" is already used by row 3\.$/),
          ]),
        );
      }
    });
  });
});
