// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../shared/io/types';
import { metricKeyFor } from '../../shared/io/header-metrics';
import { createApi, httpTransport, setApi, upload } from '../../renderer/src/api/client';
import { runCommand, shortcutCommand } from '../../renderer/src/App';
import { renameMetric } from '../../renderer/src/lib/mapping';
import { NOTHING_WRITTEN } from '../../renderer/src/stores/import.slice';
import { createAppStore } from '../../renderer/src/stores/store';
import {
  appInfo,
  dataset,
  deferred,
  fail,
  installFakeApi,
  ok,
  preview,
  report,
  workspace,
  type Answers,
} from './fake-api';

const sample = workspace('Sample', [dataset(1, 'FY2026', 300)]);

async function setup(runtime: 'web' | 'electron', answers: Answers, options: Parameters<typeof installFakeApi>[1] = {}) {
  const fake = installFakeApi(
    {
      'app:info': () => ok(appInfo(runtime)),
      'workspace:current': () => ok(sample),
      'workspace:recent': () => ok([]),
      'import:progress': () => ok({ stage: 'reading', fraction: 0.5 }),
      'import:discard': () => ok(null),
      'import:cancel': () => ok(null),
      'import:preview': (p) => ok(preview((p as { jobId: string }).jobId)),
      ...answers,
    },
    options,
  );
  const store = createAppStore();
  await store.getState().boot();
  return { store, fake };
}

const csv = () => new File(['ID,Name\nP1,Acme\n'], 'partners.csv', { type: 'text/csv' });

function col4Metric(mapping: ImportMapping) {
  const target = mapping.columns[3]!.target;
  if (target.type !== 'metric') throw new Error('Col4 should be a metric');
  return target;
}

describe('import flow (store)', () => {
  afterEach(() => setApi(null));

  it('browser mode: uploads a dropped file, previews it, re-validates a changed mapping, and commits', async () => {
    const imported = workspace('Sample', [dataset(1, 'FY2026', 300), dataset(2, 'Partners FY27', 4)]);
    const { store, fake } = await setup('web', {
      'import:validate': () => ok(report({ validRows: 4, badRows: 1 })),
      'import:commit': () => ok({ dataset: imported.datasets[1], imported: 4, skipped: 1, workspace: imported }),
    });
    store.getState().setView('compare');

    await store.getState().importFile(csv());
    expect(fake.uploads.map((f) => f.name)).toEqual(['partners.csv']);
    const previewReq = fake.last('import:preview') as { jobId: string; path: string; displayName: string };
    expect(previewReq).toMatchObject({ path: '/tmp/uploads/x/partners.csv', displayName: 'partners.csv' });
    expect(previewReq.jobId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);

    const flow = store.getState().importFlow!;
    expect(flow.phase).toBe('mapping');
    expect(flow.label).toBe('partners');
    expect(flow.asOf).toBe('2026-06-30');
    expect(flow.report?.badRows).toBe(1);

    // rename the badly named metric: its key follows, and the report is asked for again (once, after a pause)
    const renamed = renameMetric(col4Metric(flow.mapping!), 'Active Sellers');
    store.getState().setImportTarget(3, renamed);
    store.getState().setImportTarget(3, { ...renamed, kind: 'count' });
    expect(store.getState().importFlow!.validating).toBe(true);
    await expect.poll(() => store.getState().importFlow!.validating).toBe(false);
    expect(fake.channels().filter((c) => c === 'import:validate')).toHaveLength(1);
    const validated = fake.last('import:validate') as { jobId: string; mapping: ImportMapping };
    expect(validated.jobId).toBe(previewReq.jobId);
    expect(col4Metric(validated.mapping)).toEqual({ type: 'metric', key: metricKeyFor('Active Sellers'), label: 'Active Sellers', kind: 'count', unit: null });

    // bad rows block the import until they are skipped
    expect(await store.getState().commitImport()).toBe(false);
    expect(fake.channels()).not.toContain('import:commit');
    store.getState().setImportDetails({ skipBadRows: true, label: '  Partners FY27 ', asOf: '2027-01-31' });
    expect(await store.getState().commitImport()).toBe(true);
    expect(fake.last('import:commit')).toEqual({
      workspace: expect.stringMatching(/^opening-/),
      jobId: previewReq.jobId,
      mapping: validated.mapping,
      label: 'Partners FY27',
      asOf: '2027-01-31',
      skipBadRows: true,
    });

    const s = store.getState();
    expect(s.importFlow).toBeNull();
    expect(s.workspace?.datasets).toHaveLength(2);
    expect(s.selectedDatasetId).toBe(2);
    expect(s.view).toBe('partners');
    expect(s.notice).toEqual({ tone: 'info', text: 'Imported 4 partners into "Partners FY27" (1 row with errors skipped).' });
  });

  it('asks for progress while a file is read, and Cancel stops it: nothing written', async () => {
    const answer = deferred<ReturnType<typeof fail>>();
    const { store, fake } = await setup('electron', { 'import:preview': () => answer.promise }, { pathForFile: () => '/data/big.csv' });
    const running = store.getState().importFile(new File(['x'], 'big.csv'));
    await expect.poll(() => store.getState().importFlow?.progress?.fraction).toBe(0.5);
    expect(fake.channels()).toContain('import:progress');
    expect(fake.last('import:preview')).toMatchObject({ path: '/data/big.csv' });
    expect(store.getState().importFlow?.phase).toBe('reading');

    await store.getState().cancelImportWork();
    const jobId = store.getState().importFlow!.jobId;
    expect(fake.last('import:cancel')).toEqual({ jobId });
    answer.resolve(fail('cancelled', 'Reading the file was cancelled; nothing was written.'));
    await running;
    const flow = store.getState().importFlow!;
    expect(flow.phase).toBe('stopped');
    expect(flow.message).toEqual({ tone: 'info', text: NOTHING_WRITTEN });
    const polls = fake.channels().filter((c) => c === 'import:progress').length;
    await new Promise((r) => setTimeout(r, 450));
    expect(fake.channels().filter((c) => c === 'import:progress').length).toBe(polls);
  });

  it('Cancel while writing goes back to the mapping and says nothing was written', async () => {
    const answer = deferred<ReturnType<typeof fail>>();
    const { store, fake } = await setup('web', { 'import:commit': () => answer.promise });
    await store.getState().importFile(csv());
    store.getState().setImportDetails({ skipBadRows: true });
    const committing = store.getState().commitImport();
    expect(store.getState().importFlow?.phase).toBe('committing');
    await store.getState().cancelImportWork();
    expect(fake.channels()).toContain('import:cancel');
    answer.resolve(fail('cancelled', 'The check was cancelled; nothing was written.'));
    expect(await committing).toBe(false);
    const flow = store.getState().importFlow!;
    expect(flow.phase).toBe('mapping');
    expect(flow.message).toEqual({ tone: 'info', text: NOTHING_WRITTEN });
    expect(store.getState().workspace).toEqual(sample);
  });

  it('a bad file shows its message in the flow; another file can be chosen, and closing discards the job', async () => {
    const { store, fake } = await setup('web', {
      'import:preview': () => fail('bad_file', '"chart.xlsx" is a PNG image, not a spreadsheet or CSV file.'),
    });
    await store.getState().importFile(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'chart.xlsx'));
    const flow = store.getState().importFlow!;
    expect(flow.phase).toBe('stopped');
    expect(flow.message).toEqual({ tone: 'error', text: '"chart.xlsx" is a PNG image, not a spreadsheet or CSV file.' });
    expect(store.getState().workspace).toEqual(sample);

    // "Choose another file…" opens the page's picker again
    const before = store.getState().importPickerRequest;
    await store.getState().startImport();
    expect(store.getState().importPickerRequest).toBe(before + 1);

    await store.getState().closeImport();
    expect(store.getState().importFlow).toBeNull();
    expect(fake.last('import:discard')).toEqual({ jobId: flow.jobId });
  });

  it('a failed upload is shown like a bad file', async () => {
    const { store, fake } = await setup('web', {}, { upload: () => fail('bad_file', '"huge.csv" is larger than 200 MB, the most Tierscape imports.') });
    await store.getState().importFile(new File(['x'], 'huge.csv'));
    expect(store.getState().importFlow?.message?.text).toMatch(/larger than 200 MB/);
    expect(fake.channels()).not.toContain('import:preview');
  });

  it('a label already used is refused inline, next to the label, and can be corrected', async () => {
    let attempts = 0;
    const imported = workspace('Sample', [dataset(1, 'FY2026', 300), dataset(2, 'FY2027', 4)]);
    const { store } = await setup('web', {
      'import:preview': (p) => ok(preview((p as { jobId: string }).jobId, { report: report({ badRows: 0, groups: [] }) })),
      'import:commit': (p) => {
        attempts += 1;
        return (p as { label: string }).label === 'Taken elsewhere'
          ? fail('conflict', 'A dataset labelled "Taken elsewhere" already exists in this workspace.')
          : ok({ dataset: imported.datasets[1], imported: 4, skipped: 0, workspace: imported });
      },
    });
    await store.getState().importFile(csv());

    // a label of a dataset the page knows is refused before asking
    store.getState().setImportDetails({ label: 'FY2026' });
    expect(store.getState().importFlow!.labelError).toBe('Another dataset is already labelled "FY2026".');
    expect(await store.getState().commitImport()).toBe(false);
    expect(attempts).toBe(0);

    // a clash only the service knows of comes back next to the label
    store.getState().setImportDetails({ label: 'Taken elsewhere' });
    expect(await store.getState().commitImport()).toBe(false);
    const flow = store.getState().importFlow!;
    expect(flow.phase).toBe('mapping');
    expect(flow.labelError).toMatch(/already exists/);
    expect(flow.message).toBeNull();

    store.getState().setImportDetails({ label: 'FY2027' });
    expect(store.getState().importFlow!.labelError).toBeNull();
    expect(await store.getState().commitImport()).toBe(true);
    expect(store.getState().notice?.text).toBe('Imported 4 partners into "FY2027".');
  });

  it('an empty metric name is caught in the page: no validate call, Import disabled', async () => {
    const { store, fake } = await setup('web', { 'import:validate': () => ok(report()) });
    await store.getState().importFile(csv());
    const target = col4Metric(store.getState().importFlow!.mapping!);
    store.getState().setImportTarget(3, renameMetric(target, '   '));
    expect(store.getState().importFlow!.columnErrors).toEqual({ 3: 'A metric needs a name.' });
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.channels()).not.toContain('import:validate');
    expect(store.getState().importFlow!.validating).toBe(false);
    store.getState().setImportDetails({ skipBadRows: true });
    expect(await store.getState().commitImport()).toBe(false);
  });

  it('choosing another sheet previews the same job on that sheet (reading the upload already on the server)', async () => {
    const { store, fake } = await setup('web', {
      'import:preview': (p) => {
        const req = p as { jobId: string; sheet?: string };
        return ok(preview(req.jobId, { format: 'xlsx', encoding: null, delimiter: null, sheets: ['Summary', 'Partners'], sheet: req.sheet ?? 'Summary' }));
      },
    });
    await store.getState().importFile(new File(['x'], 'book.xlsx'));
    const jobId = store.getState().importFlow!.jobId;
    await store.getState().chooseImportSheet('Partners');
    const first = fake.calls.filter((c) => c.channel === 'import:preview')[0]!.payload as { path: string };
    expect(fake.last('import:preview')).toMatchObject({ jobId, sheet: 'Partners', displayName: 'book.xlsx', path: first.path });
    expect(fake.uploads).toHaveLength(1);
    expect(store.getState().importFlow?.preview?.sheet).toBe('Partners');
    expect(fake.channels()).not.toContain('import:discard');
  });

  it('File > Import: the native dialog in Electron, the page picker in the browser; nothing without a workspace', async () => {
    const electron = await setup('electron', { 'import:pickFile': () => ok('/data/partners.csv') });
    runCommand(electron.store.getState(), 'file:import');
    await expect.poll(() => electron.store.getState().importFlow?.phase).toBe('mapping');
    expect(electron.fake.last('import:preview')).toMatchObject({ path: '/data/partners.csv' });

    const cancelled = await setup('electron', { 'import:pickFile': () => ok(null) });
    runCommand(cancelled.store.getState(), 'file:import');
    await expect.poll(() => cancelled.fake.channels()).toContain('import:pickFile');
    expect(cancelled.store.getState().importFlow).toBeNull();

    const web = await setup('web', {});
    runCommand(web.store.getState(), 'file:import');
    expect(web.store.getState().importPickerRequest).toBe(1);
    expect(web.fake.channels()).not.toContain('import:pickFile');

    const empty = await setup('web', { 'workspace:current': () => ok(null) });
    runCommand(empty.store.getState(), 'file:import');
    expect(empty.store.getState().importPickerRequest).toBe(0);
    expect(empty.store.getState().notice?.text).toMatch(/Open or create a workspace first/);
  });

  it('Electron: a dropped file without a path on disk is explained', async () => {
    const { store, fake } = await setup('electron', {}, { pathForFile: () => '' });
    await store.getState().importFile(new File(['x'], 'from-mail.csv'));
    expect(store.getState().importFlow?.message?.text).toMatch(/cannot tell where "from-mail.csv" is/);
    expect(fake.channels()).not.toContain('import:preview');
  });

  it('Ctrl+I is File > Import in the browser', () => {
    expect(shortcutCommand({ key: 'i', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false })).toBe('file:import');
    expect(shortcutCommand({ key: 'I', ctrlKey: false, metaKey: true, shiftKey: false, altKey: false })).toBe('file:import');
    expect(shortcutCommand({ key: 'i', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false })).toBeNull();
  });
});

describe('browser-mode upload', () => {
  it('posts the file with the session token and its encoded name, and returns where the server kept it', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const transport = httpTransport('tok', async (url, init) => {
      seen.push({ url: String(url), init: init! });
      return new Response(JSON.stringify({ ok: true, value: { path: '/tmp/u/1/Partner list é.csv', fileName: 'Partner list é.csv', size: 9 } }));
    });
    const file = new File(['ID,Name\n'], 'Partner list é.csv');
    expect(await transport.upload!(file)).toEqual({ ok: true, value: { path: '/tmp/u/1/Partner list é.csv', fileName: 'Partner list é.csv', size: 9 } });
    expect(seen[0]!.url).toBe('/api/upload');
    expect(seen[0]!.init.method).toBe('POST');
    const headers = seen[0]!.init.headers as Record<string, string>;
    expect(headers['X-Tierscape-Token']).toBe('tok');
    expect(headers['x-file-name']).toBe(encodeURIComponent('Partner list é.csv'));
    expect(seen[0]!.init.body).toBe(file);
  });

  it('passes the server refusal through and never throws on a lost server', async () => {
    const refused = httpTransport('tok', async () =>
      new Response(JSON.stringify({ ok: false, error: { code: 'bad_file', message: '"big.csv" is 300 MB' } }), { status: 413 }),
    );
    expect(await refused.upload!(new File(['x'], 'big.csv'))).toEqual({ ok: false, error: { code: 'bad_file', message: '"big.csv" is 300 MB' } });
    const down = httpTransport('tok', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await down.upload!(new File(['x'], 'a.csv'))).toMatchObject({ ok: false, error: { code: 'io', message: /upload of "a.csv" failed/ } });
    // the API turns a refusal into an ApiError with its code
    setApi(createApi(refused));
    await expect(upload(new File(['x'], 'big.csv'))).rejects.toMatchObject({ code: 'bad_file' });
    setApi(null);
  });
});
