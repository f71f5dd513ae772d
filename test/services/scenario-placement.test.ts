/**
 * A scenario put on a lead's own list — created blank or from an example, imported,
 * duplicated or moved — gets the automatic placements of the list's current-tier labels it
 * does not place yet, and says what it placed, what it could not and which metrics the list
 * lacks. The list is written by hand (test/fixtures/own-list), not made by the generator.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract, type PlacedScenarioDto } from '../../shared/ipc/contract';
import { tierLabelKey } from '../../shared/model/scenario';
import { caller, makeSession } from '../helpers/session';
import { useTempDir } from '../helpers/tmp';

const OWN_LIST = path.resolve(__dirname, '../fixtures/own-list/acme-partners.csv');

describe('scenarios put on an own list', () => {
  const tempDir = useTempDir();
  const open: { session: { close(): void } }[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.session.close()));

  async function setup() {
    const dir = tempDir();
    const s = makeSession(dir);
    open.push(s);
    const call = caller(s);
    await call('workspace:new', { path: path.join(dir, 'w.tierscape'), sample: true });
    const preview = await call<{ mapping: unknown }>('import:preview', { jobId: 'own-list-1', path: OWN_LIST });
    const done = await call<{ dataset: { id: number } }>('import:commit', { jobId: 'own-list-1', mapping: preview.mapping, label: 'ACME FY2026', asOf: '2026-06-30', skipBadRows: false });
    const fy2026 = s.session.workspace!.datasets.list().find((d) => d.label === 'FY2026')!.id;
    return { s, call, acme: done.dataset.id, fy2026 };
  }

  const placed = (x: unknown) => contract['scenario:create'].res.parse(x) as PlacedScenarioDto;
  const levels = (r: PlacedScenarioDto) => Object.fromEntries(r.scenario.tierMapping.map((e) => [tierLabelKey(e.label), e.level]));

  it('reads today’s tiers of the list: spellings merged, counted per label', async () => {
    const { s, acme } = await setup();
    const tiers = s.session.workspace!.datasets.todayTiers(acme);
    expect(tiers.map((t) => [t.label, t.count])).toEqual([
      ['Silver', 8],
      ['Gold', 7],
      ['Platinum', 4],
      ['Registered', 10],
      ['Legacy Elite', 1],
    ]);
    expect(tiers.find((t) => t.label === 'Gold')!.spellings.sort()).toEqual(['GOLD', 'Gold', 'gold'].sort()); // the import trims cells
  });

  it('a blank scenario with the list’s tier names links them by name, and says which label it could not place', async () => {
    const { call, acme } = await setup();
    const tiers = ['Registered', 'Silver', 'Gold', 'Platinum'].map((name, i) => ({
      id: name.toLowerCase(),
      name,
      color: '#888888',
      requirement: i === 0 ? null : { type: 'compare', id: `c${i}`, metric: 'bookings_fy26', op: '>=', value: i * 100_000 },
    }));
    const scenario = { format: 'tierscape-scenario', version: 1, name: 'Own ladder', ladders: [{ id: 'p', motion: '*', name: 'Program', tiers }] };
    const r = placed(await call('scenario:create', { scenario, datasetId: acme }));
    expect(r.datasetId).toBe(acme);
    expect(r.placement.dataset).toBe('ACME FY2026');
    expect(r.placement.mapped.map((e) => [e.label, e.level, e.match])).toEqual([
      ['Silver', 1, 'name'],
      ['Gold', 2, 'name'],
      ['Platinum', 3, 'name'],
      ['Registered', 0, 'name'],
    ]);
    expect(r.placement.unplaced.map((u) => [u.label, u.count])).toEqual([['Legacy Elite', 1]]);
    expect(r.placement.missingMetrics).toEqual([]);
    // stored with the scenario
    const stored = contract['scenario:get'].res.parse(await call('scenario:get', { id: r.id }));
    expect(stored.scenario.tierMapping).toEqual(r.scenario.tierMapping);
  });

  it('an example keeps its own placements, gets the list’s other labels, and names the metrics the list lacks', async () => {
    const { call, acme } = await setup();
    const r = placed(await call('scenario:createFromExample', { name: 'Motion-fit ladders', datasetId: acme }));
    // the example places the sample's metals itself; "Registered" is the name of its entry tiers
    expect(r.placement.mapped.map((e) => [e.label, e.level, e.match])).toEqual([['Registered', 0, 'name']]);
    expect(levels(r)).toMatchObject({ registered: 0, silver: 1, gold: 2, platinum: 3 });
    expect(r.placement.missingMetrics).toEqual(expect.arrayContaining(['sourced_arr', 'certified_consultants']));
    expect(r.placement.missingMetrics).not.toContain('active_sellers'); // the list's "Active sales reps" imported as active_sellers
  });

  it('an imported scenario file and a duplicate onto another list get the automatic placements too', async () => {
    const { call, acme, fy2026 } = await setup();
    const scenario = {
      format: 'tierscape-scenario',
      version: 1,
      name: 'Shared by a colleague',
      ladders: [{ id: 'p', motion: '*', name: 'Program', tiers: [{ id: 'a', name: 'Entry', color: '#888888', requirement: null }, { id: 'b', name: 'Gold', color: '#d4a017', requirement: null }] }],
    };
    const imported = placed(await call('scenario:importJson', { text: JSON.stringify(scenario), datasetId: acme }));
    // Gold by name; Silver one level below it, Platinum above it — the top of a two-level design
    expect(levels(imported)).toEqual({ gold: 1, silver: 0, platinum: 1 });
    expect(imported.placement.unplaced.map((u) => u.label).sort()).toEqual(['Legacy Elite', 'Registered']);

    const onSample = placed(await call('scenario:createFromExample', { name: 'Two-tier starter', datasetId: fy2026 }));
    expect(onSample.placement.mapped).toEqual([]); // the example places every label of the sample
    const copy = placed(await call('scenario:duplicate', { id: onSample.id, datasetId: acme }));
    expect(copy.datasetId).toBe(acme);
    expect(copy.scenario.name).toBe(`${onSample.scenario.name} copy`);
    expect(copy.placement.dataset).toBe('ACME FY2026');
  });

  it('moving a scenario onto another list places that list’s labels and keeps one baseline per list', async () => {
    const { call, acme } = await setup();
    const list = contract['scenario:list'].res.parse(await call('scenario:list'));
    const asIs = list.find((x) => x.isBaseline)!;
    const moved = placed(await call('scenario:setDataset', { id: asIs.id, datasetId: acme }));
    expect(moved.datasetId).toBe(acme);
    expect(moved.scenario.baseline).toBe(true); // ACME had no baseline yet
    // the as-is metals have no tier called Registered, and Registered is no metal: the person places it
    expect(moved.placement.mapped).toEqual([]);
    expect(moved.placement.unplaced.map((u) => u.label)).toEqual(['Registered', 'Legacy Elite']);
    const other = list.find((x) => x.name === 'Motion-fit ladders')!;
    await call('scenario:setBaseline', { id: other.id, baseline: true });
    const second = placed(await call('scenario:setDataset', { id: other.id, datasetId: acme }));
    expect(second.scenario.baseline).toBe(false); // ACME's baseline is the as-is scenario
    await expect(call('scenario:setDataset', { id: other.id, datasetId: 999 })).rejects.toMatchObject({ code: 'not_found' });
  });
});
