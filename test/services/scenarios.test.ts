import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { MAX_SCENARIO_FILE_CHARS } from '../../shared/model/scenario';
import motionFit from '../../scenarios/examples/motion-fit.json';
import { caller, makeSession } from '../helpers/session';
import { useTempDir } from '../helpers/tmp';

describe('scenario channels', () => {
  const tempDir = useTempDir();
  const open: { session: { close(): void } }[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.session.close()));

  async function setup() {
    const dir = tempDir();
    const s = makeSession(dir);
    open.push(s);
    await s.dispatch('workspace:new', { path: path.join(dir, 's.tierscape'), sample: true });
    const call = caller(s);
    return { s, dir, call };
  }

  it('the sample workspace holds the example scenarios, with one baseline, on its newest dataset', async () => {
    const { s, call } = await setup();
    const list = contract['scenario:list'].res.parse(await call('scenario:list'));
    expect(list.map((x) => x.name)).toContain('Motion-fit ladders');
    expect(list.filter((x) => x.isBaseline).map((x) => x.name)).toEqual(['As is: metals on lifetime revenue']);
    const newest = s.session.workspace!.datasets.list().at(-1)!;
    expect(new Set(list.map((x) => x.datasetId))).toEqual(new Set([newest.id]));
  });

  it('saves edits, keeps names unique, duplicates, deletes', async () => {
    const { call } = await setup();
    const list = contract['scenario:list'].res.parse(await call('scenario:list'));
    const id = list.find((x) => x.name === 'Motion-fit ladders')!.id;
    const record = contract['scenario:get'].res.parse(await call('scenario:get', { id }));
    const edited = structuredClone(record.scenario);
    const selling = edited.ladders[0]!.tiers[1]!;
    if (selling.requirement?.type !== 'all') throw new Error('expected an all-group');
    const arr = selling.requirement.items[0]!;
    if (arr.type !== 'compare') throw new Error('expected a comparison');
    arr.value = 75_000;
    const saved = contract['scenario:save'].res.parse(await call('scenario:save', { id, scenario: edited }));
    expect(JSON.stringify(saved.scenario)).toContain('75000');
    await expect(call('scenario:save', { id, scenario: { ...edited, name: 'Two-tier starter' } })).rejects.toMatchObject({ code: 'conflict' });
    await expect(call('scenario:save', { id, scenario: { ...edited, ladders: [] } })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/ladders/),
    });
    const copy = contract['scenario:duplicate'].res.parse(await call('scenario:duplicate', { id }));
    expect(copy.scenario.name).toBe('Motion-fit ladders copy');
    expect(copy.scenario.baseline).toBe(false);
    const again = contract['scenario:duplicate'].res.parse(await call('scenario:duplicate', { id }));
    expect(again.scenario.name).toBe('Motion-fit ladders copy (2)');
    const after = contract['scenario:delete'].res.parse(await call('scenario:delete', { id: copy.id }));
    expect(after.map((x) => x.id)).not.toContain(copy.id);
    await expect(call('scenario:get', { id: copy.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('one baseline per dataset: marking another moves the flag', async () => {
    const { call } = await setup();
    const list = contract['scenario:list'].res.parse(await call('scenario:list'));
    const motion = list.find((x) => x.name === 'Motion-fit ladders')!.id;
    await call('scenario:setBaseline', { id: motion, baseline: true });
    const now = contract['scenario:list'].res.parse(await call('scenario:list'));
    expect(now.filter((x) => x.isBaseline).map((x) => x.name)).toEqual(['Motion-fit ladders']);
    const former = contract['scenario:get'].res.parse(await call('scenario:get', { id: list.find((x) => x.isBaseline)!.id }));
    expect(former.scenario.baseline).toBe(false);
  });

  it('exports a file that imports back as an equal scenario under a free name', async () => {
    const { call } = await setup();
    const id = contract['scenario:list'].res.parse(await call('scenario:list')).find((x) => x.name === 'Points-based (Xero-style)')!.id;
    const file = contract['scenario:exportJson'].res.parse(await call('scenario:exportJson', { id }));
    expect(file.fileName).toBe('points-based-xero-style.tierscape-scenario.json');
    expect(JSON.parse(file.text)).toMatchObject({ format: 'tierscape-scenario', version: 1 });
    const imported = contract['scenario:importJson'].res.parse(await call('scenario:importJson', { text: file.text, fileName: file.fileName }));
    expect(imported.scenario.name).toBe('Points-based (Xero-style) (2)');
    const original = contract['scenario:get'].res.parse(await call('scenario:get', { id }));
    expect({ ...imported.scenario, name: original.scenario.name }).toEqual(original.scenario);
  });

  it.each([
    ['not json', /"x\.json" is not JSON/],
    [JSON.stringify({ format: 'excel', version: 1 }), /"x\.json" cannot be imported: This is not a Tierscape scenario file/],
    [JSON.stringify({ ...motionFit, version: 7 }), /newer version of Tierscape \(file version 7/],
    [JSON.stringify({ ...motionFit, ladders: 'none' }), /ladders:/],
    [JSON.stringify({ ...motionFit, extra: { polluted: true } }).replace('"extra"', '"__proto__"'), /__proto__|Unrecognized/i],
    [JSON.stringify({ ...motionFit, constructor: { prototype: { polluted: true } } }), /Unrecognized key: "constructor"/],
    // nested 100,000 levels deep: refused before the schema's recursion could overflow the stack
    [JSON.stringify({ ...motionFit, eligibility: '@' }).replace('"@"', '{"type":"all","id":"g","items":['.repeat(100_000) + ']}'.repeat(100_000)), /nests more than 64 levels deep/],
    [JSON.stringify({ ...motionFit, description: 'x'.repeat(3_000_000) }), /description: Too big: expected string to have <=2000 characters/],
    [JSON.stringify({ ...motionFit, overrides: Array.from({ length: 100_001 }, (_, i) => ({ partnerId: `P${i}`, tierId: 'x', reason: 'r' })) }), /overrides: Too big: expected array to have <=100000 items/],
    [JSON.stringify({ ...motionFit, ladders: [{ ...motionFit.ladders[0], tiers: [{ ...motionFit.ladders[0]!.tiers[0], requirement: { type: 'any', id: 'r', items: [{ type: 'sql', query: 'DROP TABLE partner' }] } }] }] }), /ladders\.0\.tiers\.0\.requirement\.items\.0\.type: Invalid discriminator value/],
    ['[' + '1,'.repeat(1000) + '1]', /one JSON object/],
  ])('refuses a broken or foreign file: %#', async (text, message) => {
    const { call } = await setup();
    const before = contract['scenario:list'].res.parse(await call('scenario:list')).length;
    await expect(call('scenario:importJson', { text, fileName: 'x.json' })).rejects.toMatchObject({ code: 'bad_file', message: expect.stringMatching(message) });
    expect(contract['scenario:list'].res.parse(await call('scenario:list'))).toHaveLength(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a file over the 5 MB limit at the boundary, naming the limit', async () => {
    const { s } = await setup();
    const result = await s.dispatch('scenario:importJson', { text: JSON.stringify({ ...motionFit, pad: ' '.repeat(MAX_SCENARIO_FILE_CHARS) }), fileName: 'big.json' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', issues: [{ path: 'text', message: 'a scenario file is at most 5 MB' }] } });
  });

  it('reads a file saved with a byte-order mark (Windows Notepad)', async () => {
    const { call } = await setup();
    const imported = contract['scenario:importJson'].res.parse(await call('scenario:importJson', { text: `\uFEFF${JSON.stringify(motionFit)}`, fileName: 'bom.json' }));
    expect(imported.scenario.ladders).toHaveLength(motionFit.ladders.length);
  });
});
