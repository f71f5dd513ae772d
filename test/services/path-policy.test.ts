/**
 * A path from the page is honoured only when the person chose it (issue 18, item 9): in
 * the desktop app by a native dialog, a drop or a file input, or from outside; in browser
 * mode, workspaces by the path prompt, partner lists only from the upload folder, and
 * workbooks only as downloads.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserPathPolicy, ChosenPaths } from '../../electron/services/path-policy';
import type { WorkspaceInfo } from '../../shared/model/workspace';
import { makeSession } from '../helpers/session';
import { useTempDir } from '../helpers/tmp';

describe('the desktop’s chosen paths', () => {
  it('honours a path for the use it was chosen for, and nothing else', () => {
    const chosen = new ChosenPaths({ platform: 'linux' });
    chosen.choose('import', '/home/lead/partners.csv');
    chosen.choose('export', '/home/lead/Report.xlsx');
    expect(() => chosen.check('import', '/home/lead/partners.csv')).not.toThrow();
    expect(() => chosen.check('import', '/home/lead/../lead/partners.csv')).not.toThrow();
    expect(() => chosen.check('import', '/home/lead/.ssh/id_rsa')).toThrow(/only reads partner lists from files chosen in its dialog or dropped on its window; "id_rsa" was not chosen/);
    expect(() => chosen.check('export', '/home/lead/partners.csv')).toThrow(/only writes workbooks chosen in its dialog/);
    expect(() => chosen.check('export', '/home/lead/Report.xlsx')).not.toThrow();
    // case counts on Linux, not on Windows or macOS
    expect(() => chosen.check('export', '/home/lead/report.xlsx')).toThrow();
    const mac = new ChosenPaths({ platform: 'darwin' });
    mac.choose('export', '/Users/lead/Report.xlsx');
    expect(() => mac.check('export', '/Users/lead/report.xlsx')).not.toThrow();
  });

  it('opens workspaces from the recent-files list, and names a new one with or without its extension', () => {
    const recent = ['/w/acme.tierscape'];
    const chosen = new ChosenPaths({ platform: 'linux', recent: () => recent });
    expect(() => chosen.check('open', '/w/acme.tierscape')).not.toThrow();
    expect(() => chosen.check('open', '/w/other.tierscape')).toThrow(/only opens workspaces chosen in its dialog or from its recent files/);
    chosen.choose('new', '/w/Plan.tierscape');
    expect(() => chosen.check('new', '/w/Plan')).not.toThrow();
    expect(() => chosen.check('saveAs', '/w/Plan.tierscape')).toThrow();
    chosen.choose('import', '');
    chosen.choose('import', null);
    expect(() => chosen.check('import', '')).toThrow();
  });
});

describe('browser mode’s paths', () => {
  const policy = browserPathPolicy({ uploadsDir: '/tmp/tierscape-uploads-x' });

  it('takes workspaces by typed path, partner lists only from its upload folder, and writes workbooks only as downloads', () => {
    for (const use of ['open', 'new', 'saveAs'] as const) expect(() => policy.check(use, '/anywhere/w.tierscape')).not.toThrow();
    expect(() => policy.check('import', '/tmp/tierscape-uploads-x/abc/partners.csv')).not.toThrow();
    expect(() => policy.check('import', '/tmp/tierscape-uploads-x/../passwd')).toThrow(/only reads partner lists from files uploaded from this page/);
    expect(() => policy.check('import', '/tmp/tierscape-uploads-xyz/partners.csv')).toThrow();
    expect(() => policy.check('export', '/tmp/tierscape-uploads-x/out.xlsx')).toThrow(/only writes workbooks as downloads in browser mode/);
  });
});

describe('the handler table with a path policy', () => {
  const tempDir = useTempDir();
  const open: { session: { close(): void } }[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.session.close()));

  it('refuses a preview, an export and an open the person did not choose, and touches nothing', async () => {
    const dir = tempDir();
    const chosen = new ChosenPaths();
    const s = makeSession(dir, { runtime: 'electron', pathPolicy: chosen });
    open.push(s);
    // the start-up workspace is opened by the main process itself, not through a page's path
    const info = await s.session.create(path.join(dir, 'w.tierscape'), { sample: true });
    const secret = path.join(dir, 'secret.csv');
    writeFileSync(secret, 'Partner,ARR\nAcme,1\n');
    expect(await s.dispatch('import:preview', { jobId: 'job-secret-1', path: secret })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    chosen.choose('import', secret);
    expect(await s.dispatch('import:preview', { jobId: 'job-secret-2', path: secret })).toMatchObject({ ok: true });

    const target = path.join(dir, 'out', 'planted.xlsx');
    mkdirSync(path.dirname(target));
    const scenarioIds = [(info as WorkspaceInfo).scenarios[0]!.id];
    const request = { jobId: 'job-export-1', scenarioIds, datasetId: null, sheets: [], reportCardsFor: null, path: target };
    expect(await s.dispatch('export:workbook', request)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(target)).toBe(false);
    chosen.choose('export', target);
    expect(await s.dispatch('export:workbook', { ...request, jobId: 'job-export-2' })).toMatchObject({ ok: true });
    expect(existsSync(target)).toBe(true);

    expect(await s.dispatch('workspace:open', { path: secret })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await s.dispatch('workspace:new', { path: path.join(dir, 'planted.tierscape') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(path.join(dir, 'planted.tierscape'))).toBe(false);
  });

  it('browser mode: an export to a path is refused, a download is not', async () => {
    const dir = tempDir();
    const s = makeSession(dir, { pathPolicy: browserPathPolicy({ uploadsDir: path.join(dir, 'uploads') }) });
    open.push(s);
    const info = await s.session.create(path.join(dir, 'w.tierscape'), { sample: true });
    const request = { jobId: 'job-export-3', scenarioIds: [info.scenarios[0]!.id], datasetId: null, sheets: [], reportCardsFor: null };
    expect(await s.dispatch('export:workbook', { ...request, path: path.join(dir, 'planted.xlsx') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(path.join(dir, 'planted.xlsx'))).toBe(false);
    expect(await s.dispatch('export:workbook', { ...request, jobId: 'job-export-4', path: null })).toMatchObject({ ok: true, value: { downloadId: expect.any(String) } });
  });
});
