import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportMapping } from '../../../shared/io/types';
import { ImportService, PREVIEW_IDLE_MS } from '../../../electron/services/import/service';
import { RecentFiles } from '../../../electron/services/recent';
import { AppSession } from '../../../electron/services/session';
import { packTexts } from '../../../shared/model/packed-text';
import { packIdentity } from '../../../electron/services/workspace/partner-texts';
import { useTempDir } from '../../helpers/tmp';

const CSV = [
  'Partner ID,Partner Name,Motion,Current Tier,Sourced ARR,Active Sellers,CSAT',
  'P1,Acme,Reseller,Gold,"$250,000",4,85%',
  'P2,Beta,Services,,"$1,200",,N/A',
  'P3,,Technology,Silver,$90,1,70%',
  'P4,Delta,ISV,Bronze,12abc,2,90%',
  'P1,Echo,Reseller,Bronze,$10,1,50%',
  'P6,Foxtrot,Distributor,,$5,0,60%',
].join('\n');

describe('ImportService', () => {
  const tempDir = useTempDir();
  const sessions: AppSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.close()));

  async function setup() {
    const dir = tempDir();
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    sessions.push(session);
    await session.create(path.join(dir, 'w.tierscape'));
    const imports = new ImportService(session, { now: () => new Date('2026-11-22T12:00:00Z') });
    const file = path.join(dir, 'crm-export.csv');
    writeFileSync(file, CSV);
    return { dir, session, imports, file, ws: session.workspace! };
  }

  const counts = (ws: NonNullable<AppSession['workspace']>) => ({
    datasets: (ws.db.prepare('SELECT count(*) AS n FROM dataset').get() as { n: number }).n,
    partnerLists: (ws.db.prepare('SELECT count(*) AS n FROM partner_text').get() as { n: number }).n,
    metrics: (ws.db.prepare('SELECT count(*) AS n FROM metric').get() as { n: number }).n,
    mappings: (ws.db.prepare('SELECT count(*) AS n FROM import_mapping').get() as { n: number }).n,
  });

  it('previews with a suggested mapping and a report, and writes nothing', async () => {
    const { imports, file, ws } = await setup();
    const before = counts(ws);
    const preview = await imports.preview({ jobId: 'job-00001', path: file });
    expect(preview).toMatchObject({ format: 'csv', delimiter: ',', rowCount: 6, mappingSource: 'suggested', suggestedLabel: 'crm-export' });
    const targets = preview.mapping.columns.map((c) => (c.target.type === 'field' ? c.target.field : c.target.type === 'metric' ? c.target.key : '-'));
    expect(targets.slice(0, 4)).toEqual(['id', 'name', 'motion', 'currentTier']);
    expect(preview.report).toMatchObject({ rowCount: 6, validRows: 3, badRows: 3 });
    const kinds = Object.fromEntries(preview.report.groups.map((g) => [g.kind, g.count]));
    expect(kinds).toMatchObject({ missing_name: 1, duplicate_id: 1, unparseable: 1, unknown_motion: 1 });
    expect(preview.report.groups.find((g) => g.kind === 'unparseable')!.examples[0]!.message).toMatch(/Row 5, column E "Sourced ARR": .*12abc/);
    expect(counts(ws)).toEqual(before);
  });

  it('refuses to write rows with errors unless asked to skip them; then writes exactly the good rows', async () => {
    const { imports, file, ws } = await setup();
    const preview = await imports.preview({ jobId: 'job-00002', path: file });
    const before = counts(ws);
    await expect(
      imports.commit({ jobId: 'job-00002', mapping: preview.mapping, label: 'FY2026', asOf: '2026-06-30', skipBadRows: false }),
    ).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/3 rows have errors/) });
    expect(counts(ws)).toEqual(before);
    const result = await imports.commit({ jobId: 'job-00002', mapping: preview.mapping, label: 'FY2026', asOf: '2026-06-30', skipBadRows: true });
    expect(result).toMatchObject({ imported: 3, skipped: 3, dataset: { label: 'FY2026', asOf: '2026-06-30', sourceFile: 'crm-export.csv', partnerCount: 3 } });
    const loaded = ws.datasets.load(result.dataset.id);
    expect(loaded.partners.map((p) => [p.id, p.name, p.motion, p.currentTier])).toEqual([
      ['P1', 'Acme', 'reseller', 'Gold'],
      ['P2', 'Beta', 'services', null],
      ['P6', 'Foxtrot', 'distributor', null],
    ]);
    const arr = loaded.values[loaded.metrics.findIndex((m) => m.kind === 'currency')]!;
    expect(Array.from(arr)).toEqual([250_000, 1_200, 5]);
    const csat = loaded.values[loaded.metrics.findIndex((m) => m.kind === 'percent')]!;
    expect(csat[0]).toBeCloseTo(0.85);
    expect(Number.isNaN(csat[1]!)).toBe(true); // "N/A" is no data, never 0
  });

  it('remembers the mapping for the next file of the same shape', async () => {
    const { imports, file, dir } = await setup();
    const preview = await imports.preview({ jobId: 'job-00003', path: file });
    const mapping: ImportMapping = {
      ...preview.mapping,
      columns: preview.mapping.columns.map((c) =>
        c.header === 'Active Sellers' ? { ...c, target: { type: 'metric', key: 'sellers', label: 'Sellers', kind: 'count', unit: null } } : c,
      ),
    };
    await imports.commit({ jobId: 'job-00003', mapping, label: 'FY2025', asOf: null, skipBadRows: true });
    const next = path.join(dir, 'crm-export-2027.csv');
    writeFileSync(next, CSV.replace('P1,Acme', 'P9,Acme'));
    const again = await imports.preview({ jobId: 'job-00004', path: next });
    expect(again.mappingSource).toBe('remembered');
    expect(again.mapping).toEqual(mapping);
  });

  it('a failure in the middle of the write leaves the workspace exactly as it was', async () => {
    const { imports, file, ws } = await setup();
    const preview = await imports.preview({ jobId: 'job-00005', path: file });
    const before = counts(ws);
    // the mapping is remembered inside the same transaction, after the partners were inserted
    const spy = vi.spyOn(ws.mappings, 'remember').mockImplementation(() => {
      throw new Error('disk I/O error (injected)');
    });
    await expect(
      imports.commit({ jobId: 'job-00005', mapping: preview.mapping, label: 'Crash', asOf: null, skipBadRows: true }),
    ).rejects.toThrow('injected');
    spy.mockRestore();
    expect(counts(ws)).toEqual(before);
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a failure half-way through the write (a packed list of another length) rolls back every row', async () => {
    const { ws } = await setup();
    const before = counts(ws);
    const partners = Array.from({ length: 1000 }, (_, i) => ({
      id: `P${i}`,
      name: `Partner ${i}`,
      motion: 'reseller',
      currentTier: null,
      region: null,
      segment: null,
      owner: null,
    }));
    expect(() =>
      ws.datasets.insert({
        label: 'Half',
        asOf: null,
        sourceFile: 'x.csv',
        mapping: {},
        importedAt: '2026-11-22',
        metrics: [{ key: 'arr', label: 'ARR', kind: 'currency', unit: 'USD' }],
        values: [new Float64Array(1000)],
        count: partners.length,
        // the metric is written first, then the lists: the last list is one entry short
        packed: { ...packIdentity(partners), owner: packTexts(partners.slice(1).map((p) => p.owner)) },
      }),
    ).toThrow(/the packed owner list holds 999 entries for 1000 partners/);
    expect(counts(ws)).toEqual(before);
  });

  it('a label already used is a conflict, and nothing is written', async () => {
    const { imports, file, ws } = await setup();
    const preview = await imports.preview({ jobId: 'job-00006', path: file });
    await imports.commit({ jobId: 'job-00006', mapping: preview.mapping, label: 'Same', asOf: null, skipBadRows: true });
    const before = counts(ws);
    const again = await imports.preview({ jobId: 'job-00007', path: file });
    await expect(imports.commit({ jobId: 'job-00007', mapping: again.mapping, label: 'Same', asOf: null, skipBadRows: true })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(counts(ws)).toEqual(before);
  });

  it('can be cancelled while it reads a large file, and then writes nothing', async () => {
    const { imports, dir, ws } = await setup();
    const big = path.join(dir, 'big.csv');
    const lines = ['Partner Name,ARR'];
    for (let i = 0; i < 200_000; i += 1) lines.push(`Partner ${i},${i}`);
    writeFileSync(big, lines.join('\n'));
    const before = counts(ws);
    const pending = imports.preview({ jobId: 'job-00008', path: big });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(['reading', 'checking']).toContain(imports.progress('job-00008').stage);
    imports.cancel('job-00008');
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(imports.progress('job-00008').stage).toBe('idle');
    expect(counts(ws)).toEqual(before);
  });

  it('a header-only file previews as zero rows and cannot be committed', async () => {
    const { imports, dir } = await setup();
    const file = path.join(dir, 'header-only.csv');
    writeFileSync(file, 'Partner Name,ARR\n');
    const preview = await imports.preview({ jobId: 'job-00009', path: file });
    expect(preview.report.rowCount).toBe(0);
    await expect(imports.commit({ jobId: 'job-00009', mapping: preview.mapping, label: 'Empty', asOf: null, skipBadRows: true })).rejects.toMatchObject({
      message: expect.stringMatching(/holds no partner that can be imported/),
    });
  });
});

describe('ImportService with browser-mode uploads', () => {
  const tempDir = useTempDir();

  it('keeps an uploaded file while its job reads another sheet, and removes it with the job', async () => {
    const dir = tempDir();
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    await session.create(path.join(dir, 'w.tierscape'));
    const uploads = path.join(dir, 'uploads');
    const imports = new ImportService(session, { uploadsDir: uploads });
    const XLSX = await import('xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Partner Name', 'ARR'], ['Acme', 1]]), 'Partners');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Partner Name', 'ARR'], ['Beta', 2], ['Gamma', 3]]), 'More');
    const { mkdirSync, writeFileSync: write, existsSync } = await import('node:fs');
    mkdirSync(path.join(uploads, 'u1'), { recursive: true });
    const file = path.join(uploads, 'u1', 'book.xlsx');
    write(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const first = await imports.preview({ jobId: 'job-upload1', path: file, displayName: 'book.xlsx' });
    expect(first).toMatchObject({ sheet: 'Partners', rowCount: 1, fileName: 'book.xlsx' });
    const second = await imports.preview({ jobId: 'job-upload1', path: file, sheet: 'More', displayName: 'book.xlsx' });
    expect(second).toMatchObject({ sheet: 'More', rowCount: 2 });
    expect(existsSync(file)).toBe(true);
    imports.discard('job-upload1');
    expect(existsSync(path.dirname(file))).toBe(false);
    session.close();
  });
});

describe('ImportService: abandoned previews are freed (issue 18)', () => {
  const tempDir = useTempDir();
  const sessions: AppSession[] = [];
  afterEach(() => {
    vi.useRealTimers();
    sessions.splice(0).forEach((s) => s.close());
  });

  /** A workspace, an import service on a clock the test moves, and a way to make uploaded copies of the CSV. */
  async function setup(options: { idleMs?: number } = {}) {
    const dir = tempDir();
    const session = new AppSession({ recent: RecentFiles.disabled(), appVersion: 'test' });
    sessions.push(session);
    await session.create(path.join(dir, 'w.tierscape'));
    const clock = { now: Date.parse('2026-11-22T12:00:00Z') };
    const uploads = path.join(dir, 'uploads');
    const imports = new ImportService(session, { uploadsDir: uploads, clock: () => clock.now, ...options });
    let n = 0;
    const upload = () => {
      n += 1;
      mkdirSync(path.join(uploads, `u${n}`), { recursive: true });
      const file = path.join(uploads, `u${n}`, 'crm-export.csv');
      writeFileSync(file, CSV);
      return file;
    };
    /** whether the service still holds the job's preview */
    const isOpen = async (jobId: string) =>
      imports.validate(jobId, { columns: [], dateOrder: 'auto', decimal: 'auto' }).then(
        () => true,
        (error: unknown) => {
          if ((error as { code?: string }).code === 'not_found') return false;
          throw error;
        },
      );
    return { imports, clock, upload, isOpen };
  }

  const MINUTE = 60_000;

  it('a new preview from the same window (owner) discards that window\'s earlier previews and their uploads; other windows keep theirs', async () => {
    const { imports, upload, isOpen } = await setup();
    const first = upload();
    await imports.preview({ jobId: 'job-window-a1', path: first, owner: 'window-aaaa' });
    await imports.preview({ jobId: 'job-window-b1', path: upload(), owner: 'window-bbbb' });
    // the same window reads another sheet of its file: the same job, the upload kept
    await imports.preview({ jobId: 'job-window-a1', path: first, owner: 'window-aaaa' });
    expect(existsSync(first)).toBe(true);
    // the window (reloaded, or on to another file) previews again: its earlier preview goes
    await imports.preview({ jobId: 'job-window-a2', path: upload(), owner: 'window-aaaa' });
    expect(await isOpen('job-window-a1')).toBe(false);
    expect(existsSync(path.dirname(first))).toBe(false);
    expect(await isOpen('job-window-a2')).toBe(true);
    expect(await isOpen('job-window-b1')).toBe(true);
    // previews without an owner (the CLI) are left to the other rules
    await imports.preview({ jobId: 'job-no-owner', path: upload() });
    expect(await isOpen('job-window-b1')).toBe(true);
  });

  it(`a preview unused for ${PREVIEW_IDLE_MS / MINUTE} minutes expires, and takes its upload with it; using it keeps it`, async () => {
    const { imports, clock, upload, isOpen } = await setup();
    const kept = upload();
    const left = upload();
    await imports.preview({ jobId: 'job-kept-0001', path: kept, owner: 'window-aaaa' });
    await imports.preview({ jobId: 'job-left-0001', path: left, owner: 'window-bbbb' });
    clock.now += PREVIEW_IDLE_MS - MINUTE;
    imports.expireIdle();
    // the person changes the mapping: a check, and the preview is in use again
    expect(await isOpen('job-kept-0001')).toBe(true);
    clock.now += 2 * MINUTE;
    imports.expireIdle();
    expect(await isOpen('job-left-0001')).toBe(false);
    expect(existsSync(path.dirname(left))).toBe(false);
    expect(await isOpen('job-kept-0001')).toBe(true);
    clock.now += PREVIEW_IDLE_MS;
    imports.expireIdle();
    await expect(imports.validate('job-kept-0001', { columns: [], dateOrder: 'auto', decimal: 'auto' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'This import is no longer open; choose the file again.',
    });
    expect(existsSync(path.dirname(kept))).toBe(false);
  });

  it('a timer looks for idle previews once a minute while any is open, and never keeps the process alive', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { imports, clock, upload, isOpen } = await setup();
    const refs = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(vi.getTimerCount()).toBe(0);
    await imports.preview({ jobId: 'job-timer-001', path: upload(), owner: 'window-aaaa' });
    expect(vi.getTimerCount()).toBe(1);
    clock.now += PREVIEW_IDLE_MS;
    vi.advanceTimersByTime(MINUTE);
    expect(await isOpen('job-timer-001')).toBe(false);
    // nothing open: no timer
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    const before = refs();
    await imports.preview({ jobId: 'job-timer-002', path: upload(), owner: 'window-aaaa' });
    expect(refs()).toBe(before);
    imports.discardAll();
  });

  it('a preview still reading is not expired, however long it takes', async () => {
    const { imports, clock } = await setup();
    const big = path.join(tempDir(), 'big.csv');
    writeFileSync(big, ['Partner Name,ARR', ...Array.from({ length: 100_000 }, (_, i) => `Partner ${i},${i}`)].join('\n'));
    const pending = imports.preview({ jobId: 'job-busy-0001', path: big, owner: 'window-aaaa' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(imports.progress('job-busy-0001').stage).not.toBe('idle');
    clock.now += 10 * PREVIEW_IDLE_MS;
    imports.expireIdle();
    await expect(pending).resolves.toMatchObject({ rowCount: 100_000 });
    // finished now, and in use from now on
    imports.expireIdle();
    expect(imports.progress('job-busy-0001')).toEqual({ stage: 'idle', fraction: expect.any(Number) });
    clock.now += PREVIEW_IDLE_MS;
    imports.expireIdle();
    await expect(imports.validate('job-busy-0001', { columns: [], dateOrder: 'auto', decimal: 'auto' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a preview let go returns its memory: by a new preview of its window, by expiry, by a discard (child process, measured heap)', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.csv');
    const rows = Array.from({ length: 150_000 }, (_, i) => `P${i},Partner number ${i},Reseller,Gold,EMEA,Enterprise,Owner ${i % 97},${i * 3},${i % 100}%`);
    writeFileSync(big, ['Partner ID,Partner Name,Motion,Current Tier,Region,Segment,Partner Manager,Sourced ARR,CSAT', ...rows].join('\n'));
    const small = path.join(dir, 'small.csv');
    writeFileSync(small, CSV);
    for (const how of ['owner', 'expiry', 'discard'] as const) {
      const result = await runChild(['release', path.join(dir, `${how}.tierscape`), big, small, how]);
      const held = result.withPreviewMb - result.emptyMb;
      expect(result.rowCount, how).toBe(150_000);
      expect(result.stillOpen, how).toBe(false);
      // the preview held megabytes (the file's 10 MB of text, and the check's columns);
      // letting it go returns nearly all of them
      expect(held, how).toBeGreaterThan(8);
      expect(result.afterMb - result.emptyMb, how).toBeLessThan(held * 0.2);
    }
  }, 120_000);
});

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** preview-child.ts in a child process with its heap measured (--expose-gc). */
function runChild(args: string[]): Promise<{ rowCount: number; emptyMb: number; withPreviewMb: number; afterMb: number; stillOpen: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=512', '--expose-gc', '--import', 'tsx', path.join(ROOT, 'test/services/import/preview-child.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop();
      if (code === 0 && line) resolve(JSON.parse(line) as Awaited<ReturnType<typeof runChild>>);
      else reject(new Error(`the child ended with ${signal ?? code}: ${err.slice(0, 600)}`));
    });
  });
}
