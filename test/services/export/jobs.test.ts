import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { exportWorkbookFile } from '../../../electron/services/export/service';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import type { ExportResult } from '../../../shared/ipc/contract';
import { DOWNLOAD_PATH } from '../../../shared/ipc/http';
import type { WorkspaceInfo } from '../../../shared/model/workspace';
import { workbookFileName } from '../../../shared/report/options';
import { makeSession } from '../../helpers/session';
import { useTempDir } from '../../helpers/tmp';

function get(server: WebServer, urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('export jobs over the handler table', () => {
  const tempDir = useTempDir();
  const closing: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  async function sampleSession(ports: Parameters<typeof makeSession>[1] = {}) {
    const dir = tempDir();
    const s = makeSession(dir, ports);
    closing.push(() => s.session.close());
    const info = await s.dispatch('workspace:new', { path: path.join(dir, 'w.tierscape'), sample: true });
    if (!info.ok) throw new Error(info.error.message);
    const value = info.value as WorkspaceInfo;
    const ids = Object.fromEntries(value.scenarios.map((x) => [x.name, x.id]));
    const datasets = Object.fromEntries(value.datasets.map((d) => [d.label, d.id]));
    return { ...s, dir, ids, datasets };
  }

  it('writes a download in browser mode, served once over HTTP with the token', async () => {
    const s = await sampleSession();
    const request = {
      jobId: 'job-0001',
      scenarioIds: [s.ids['Motion-fit ladders']!, s.ids['As is: metals on lifetime revenue']!],
      datasetId: s.datasets['FY2024']!,
      sheets: ['resources', 'assignments'],
      reportCardsFor: s.ids['Motion-fit ladders']!,
      path: null,
    };
    const answer = await s.dispatch('export:workbook', request);
    if (!answer.ok) throw new Error(answer.error.message);
    const result = { value: answer.value as ExportResult };
    expect(result.value).toMatchObject({
      fileName: workbookFileName(['Motion-fit ladders', 'As is: metals on lifetime revenue'], 'FY2024'),
      path: null,
      sheets: ['Summary', 'Charts', 'Resources', 'Assignments – Motion-fit ladde…', 'Assignments – As is metals on…', 'Report cards – Motion-fit ladd…'],
      partners: 300,
      dataset: 'FY2024',
    });
    expect(result.value.downloadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await s.dispatch('export:progress', { jobId: 'job-0001' })).toEqual({ ok: true, value: { stage: 'idle', fraction: 0, sheet: null } });

    const rendererDir = path.join(s.dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>T</title>');
    const server = await startWebServer({ rendererDir, dispatch: s.dispatch, downloads: s.exports });
    closing.unshift(() => server.close());
    const url = `${DOWNLOAD_PATH}?id=${result.value.downloadId}`;
    expect((await get(server, url)).status).toBe(403);
    const reply = await get(server, url, { 'x-tierscape-token': server.token });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(reply.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent(result.value.fileName)}`);
    expect(reply.body.length).toBe(result.value.bytes);
    expect(XLSX.read(reply.body, { type: 'buffer' }).SheetNames).toEqual(result.value.sheets);
    // once only, and the temporary file is gone
    expect((await get(server, url, { 'x-tierscape-token': server.token })).status).toBe(404);
    await vi.waitFor(() => expect(readdirSync(path.join(s.dir, 'downloads'))).toEqual([]));
  });

  it('refuses malformed requests and what the runtime cannot do', async () => {
    const s = await sampleSession();
    const base = { jobId: 'job-0002', scenarioIds: [s.ids['Motion-fit ladders']!], datasetId: null, sheets: [], reportCardsFor: null, path: null };
    const code = async (channel: string, payload: unknown) => {
      const r = await s.dispatch(channel, payload);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code('export:workbook', { ...base, scenarioIds: [] })).toBe('invalid_request');
    expect(await code('export:workbook', { ...base, scenarioIds: [1, 2, 3, 4, 5, 6, 7] })).toBe('invalid_request');
    expect(await code('export:workbook', { ...base, sheets: ['charts'] })).toBe('invalid_request');
    expect(await code('export:workbook', { ...base, extra: true })).toBe('invalid_request');
    expect(await code('export:workbook', { ...base, reportCardsFor: s.ids['Two-tier starter'] })).toBe('invalid_request');
    expect(await code('export:workbook', { ...base, scenarioIds: [s.ids['Motion-fit ladders'], s.ids['Motion-fit ladders']] })).toBe('invalid_request');
    expect(await code('export:workbook', { ...base, scenarioIds: [9999] })).toBe('not_found');
    expect(await code('export:pickPath', { suggestedName: 'x.xlsx' })).toBe('unsupported');
    expect(await code('export:openFile', { path: path.join(s.dir, 'x.xlsx') })).toBe('unsupported');
    expect(await code('export:cancel', { jobId: 'job-0009' })).toBe('ok');
  });

  it('in the desktop app: writes where the save dialog said (adding .xlsx) and opens only what it wrote', async () => {
    const openPath = vi.fn(async () => undefined);
    const s = await sampleSession({ runtime: 'electron', pickExportPath: async (name) => `/chosen/${name}`, openPath });
    expect(await s.dispatch('export:pickPath', { suggestedName: 'a.xlsx' })).toEqual({ ok: true, value: '/chosen/a.xlsx' });
    const target = path.join(s.dir, 'report');
    const answer = await s.dispatch('export:workbook', {
      jobId: 'job-0003',
      scenarioIds: [s.ids['Two-tier starter']!],
      datasetId: null,
      sheets: ['ladders'],
      reportCardsFor: null,
      path: target,
    });
    if (!answer.ok) throw new Error(answer.error.message);
    const result = { value: answer.value as ExportResult };
    expect(result.value).toMatchObject({ path: `${target}.xlsx`, fileName: 'report.xlsx', downloadId: null, sheets: ['Summary', 'Ladders'] });
    expect(existsSync(`${target}.xlsx`)).toBe(true);
    expect(existsSync(`${target}.xlsx.partial`)).toBe(false);
    const other = await s.dispatch('export:openFile', { path: path.join(s.dir, 'w.tierscape') });
    expect(other.ok ? null : other.error.code).toBe('forbidden');
    expect(openPath).not.toHaveBeenCalled();
    expect(await s.dispatch('export:openFile', { path: `${target}.xlsx` })).toEqual({ ok: true, value: null });
    expect(openPath).toHaveBeenCalledWith(`${target}.xlsx`);
  });

  it('a cancelled export leaves no file, and an existing file untouched', async () => {
    const s = await sampleSession();
    const ws = s.session.require();
    const records = [ws.scenarios.get(s.ids['Motion-fit ladders']!)];
    const file = path.join(s.dir, 'keep.xlsx');
    writeFileSync(file, 'the earlier report');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(exportWorkbookFile(ws, { records, dataset: null, sheets: ['assignments'], reportCards: null }, file, { signal: controller.signal })).rejects.toThrow('stop');
    expect(readFileSync(file, 'utf8')).toBe('the earlier report');
    expect(readdirSync(s.dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });
});
