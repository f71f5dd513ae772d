import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels';
import { decodeDataset } from '../../../shared/ipc/columns';
import { contract } from '../../../shared/ipc/contract';
import { makeSession } from '../../helpers/session';
import { MALFORMED } from '../../helpers/malformed';
import { useTempDir } from '../../helpers/tmp';

describe('IPC dispatch', () => {
  const tempDir = useTempDir();
  const sessions: { session: { close(): void } }[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.session.close()));

  it('the contract defines exactly the channels the preload allows', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(MALFORMED).sort()).toEqual([...CHANNELS].sort());
  });

  for (const channel of CHANNELS) {
    it(`${channel} answers malformed payloads with invalid_request, never an exception`, async () => {
      const s = makeSession(tempDir());
      sessions.push(s);
      for (const payload of MALFORMED[channel]!) {
        const result = await s.dispatch(channel, payload);
        expect(result.ok, `${channel} accepted ${JSON.stringify(payload)}`).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_request');
          expect(result.error.issues?.length).toBeGreaterThan(0);
        }
      }
      expect(s.errors).toEqual([]);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  }

  it('unknown channels are refused by name', async () => {
    const s = makeSession(tempDir());
    sessions.push(s);
    for (const channel of ['workspace:delete', '__proto__', 'constructor', 42, null]) {
      const result = await s.dispatch(channel, undefined);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('expected failures keep their code and message', async () => {
    const dir = tempDir();
    const s = makeSession(dir);
    sessions.push(s);
    expect(await s.dispatch('dataset:list', undefined)).toMatchObject({ ok: false, error: { code: 'no_workspace' } });
    expect(await s.dispatch('workspace:open', { path: path.join(dir, 'missing.tierscape') })).toMatchObject({
      ok: false,
      error: { code: 'workspace_refused', message: expect.stringMatching(/does not exist/) },
    });
    expect(await s.dispatch('workspace:pickPath', { purpose: 'open' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await s.dispatch('shell:openExternal', { url: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(s.errors).toEqual([]);
  });

  it('a bug in a handler is reported as internal and logged', async () => {
    const s = makeSession(tempDir());
    sessions.push(s);
    (s.handlers as unknown as Record<string, () => never>)['dataset:list'] = () => {
      throw new TypeError('boom');
    };
    const { createDispatcher } = await import('../../../electron/services/ipc/dispatch');
    const logged: unknown[] = [];
    const dispatch = createDispatcher(s.handlers, { error: (_m, e) => logged.push(e) });
    expect(await dispatch('dataset:list', undefined)).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('boom') } });
    expect(logged).toHaveLength(1);
  });

  it('renames and deletes datasets; a clashing label is a conflict and a deleted dataset takes its partners with it', async () => {
    const dir = tempDir();
    const s = makeSession(dir);
    sessions.push(s);
    await s.dispatch('workspace:new', { path: path.join(dir, 'd.tierscape'), sample: true });
    const ws = s.session.workspace!;
    const [sample] = ws.datasets.list();
    const second = ws.datasets.insert({
      label: 'FY2027 draft',
      asOf: null,
      sourceFile: null,
      mapping: {},
      importedAt: '2026-11-22',
      metrics: [],
      values: [],
      partners: [{ id: 'X', name: 'X', motion: 'reseller', currentTier: null, region: null, segment: null, owner: null }],
    });
    const others = ws.datasets.list().filter((d) => d.id !== sample!.id).map((d) => d.label);
    const renamed = await s.dispatch('dataset:rename', { id: sample!.id, label: '  FY2024 actuals  ' });
    expect(renamed.ok && contract['dataset:rename'].res.parse(renamed.value).datasets.map((d) => d.label).sort()).toEqual(['FY2024 actuals', ...others].sort());
    expect(await s.dispatch('dataset:rename', { id: second, label: 'FY2024 actuals' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await s.dispatch('dataset:rename', { id: 999, label: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await s.dispatch('dataset:rename', { id: second, label: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const deleted = await s.dispatch('dataset:delete', { id: sample!.id });
    expect(deleted.ok && contract['dataset:delete'].res.parse(deleted.value).datasets.map((d) => d.label).sort()).toEqual(others.sort());
    expect(ws.db.prepare('SELECT count(*) AS n FROM partner_text WHERE dataset_id = ?').get(sample!.id)).toEqual({ n: 0 });
    expect(ws.db.prepare('SELECT count(*) AS n FROM metric WHERE dataset_id = ?').get(sample!.id)).toEqual({ n: 0 });
  });

  it('runs New, Open, Save As and Close through the same table', async () => {
    const dir = tempDir();
    const s = makeSession(dir);
    sessions.push(s);
    const created = await s.dispatch('workspace:new', { path: path.join(dir, 'alpha'), sample: true });
    expect(created).toMatchObject({ ok: true, value: { fileName: 'alpha.tierscape' } });
    const page = await s.dispatch('partners:page', { datasetId: 1, limit: 3 });
    expect(page).toMatchObject({ ok: true, value: { offset: 0, rows: expect.any(Array) } });
    if (page.ok) expect(contract['partners:page'].res.parse(page.value).rows).toHaveLength(3);
    // the whole dataset for the renderer's engine, bit for bit (NaN = no data included)
    const columns = await s.dispatch('dataset:columns', { datasetId: 1 });
    expect(columns.ok).toBe(true);
    if (columns.ok) {
      const decoded = decodeDataset(contract['dataset:columns'].res.parse(columns.value));
      const stored = s.session.require().datasets.load(1);
      expect(decoded.partners).toEqual(stored.partners);
      expect(decoded.metrics).toEqual(stored.metrics);
      decoded.values.forEach((column, m) => expect(Buffer.from(column.buffer).equals(Buffer.from(stored.values[m]!.buffer))).toBe(true));
    }
    const examples = await s.dispatch('scenario:examples', undefined);
    expect(examples.ok && contract['scenario:examples'].res.parse(examples.value).map((x) => x.name)).toContain('Motion-fit ladders');
    const fromExample = await s.dispatch('scenario:createFromExample', { name: 'Motion-fit ladders', datasetId: 1 });
    expect(fromExample).toMatchObject({ ok: true, value: { datasetId: 1, scenario: { name: 'Motion-fit ladders (2)', baseline: false } } });
    expect(await s.dispatch('scenario:createFromExample', { name: 'Nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await s.dispatch('dataset:columns', { datasetId: 99 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const copy = await s.dispatch('workspace:saveAs', { path: path.join(dir, 'beta.tierscape') });
    expect(copy).toMatchObject({ ok: true, value: { fileName: 'beta.tierscape' } });
    const recent = await s.dispatch('workspace:recent', undefined);
    expect(recent.ok && contract['workspace:recent'].res.parse(recent.value).map((r) => r.fileName)).toEqual(['beta.tierscape', 'alpha.tierscape']);
    expect(await s.dispatch('workspace:close', undefined)).toEqual({ ok: true, value: null });
    expect(await s.dispatch('workspace:current', undefined)).toEqual({ ok: true, value: null });
    const reopened = await s.dispatch('workspace:open', { path: path.join(dir, 'alpha.tierscape') });
    expect(reopened.ok && contract['workspace:open'].res.parse(reopened.value).datasets[0]?.partnerCount).toBeGreaterThan(0);
  });
});
