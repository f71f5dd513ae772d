/**
 * Scenarios an older version stored with two ladders of one motion ("Reseller" and
 * "reseller") or two entries of one current-tier label ("Gold" and "GOLD "): the schema
 * refuses both now, and the workspace's read path opens them as the engine read them — the
 * first wins — saying what it repaired.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { type CliIo } from '../../../electron/cli/common';
import { Workspace } from '../../../electron/services/workspace/workspace';
import { assignmentsOf, evaluate } from '../../../shared/engine';
import { contract } from '../../../shared/ipc/contract';
import { parseScenarioFile, ScenarioSchema, type Scenario } from '../../../shared/model/scenario';
import motionFit from '../../../scenarios/examples/motion-fit.json';
import { dataset } from '../../shared/engine/helpers';
import { useTempDir } from '../../helpers/tmp';

/** The motion-fit example as an older version could store it: its services and technology ladders also on "reseller", Gold placed three times. */
function legacyScenario(): Scenario {
  const parsed = parseScenarioFile(motionFit);
  if (!parsed.ok) throw new Error(parsed.error.join());
  const s = structuredClone(parsed.value);
  s.name = 'Old design';
  s.ladders[1]!.motion = 'Reseller';
  s.ladders[2]!.motion = 'reseller';
  s.tierMapping = [...s.tierMapping, { label: 'GOLD', level: 0 }, { label: 'g old', level: 3, match: 'metal' }];
  return s;
}

function store(ws: Workspace, body: unknown, name = 'Old design'): number {
  const stamp = '2025-01-01T00:00:00.000Z';
  const { lastInsertRowid } = ws.db
    .prepare('INSERT INTO scenario (name, dataset_id, is_baseline, body_json, created_at, updated_at) VALUES (?, NULL, 0, ?, ?, ?)')
    .run(name, JSON.stringify(body), stamp, stamp);
  return Number(lastInsertRowid);
}

const capture = (): CliIo & { stdout: string[]; stderr: string[] } => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
};

describe('a stored scenario with the duplicates older versions accepted', () => {
  const tempDir = useTempDir();

  it('is refused by the schema now, yet opens as the engine read it, saying what was repaired', async () => {
    const legacy = legacyScenario();
    expect(ScenarioSchema.safeParse(legacy).success).toBe(false);
    const file = path.join(tempDir(), 'old.tierscape');
    const ws = await Workspace.create(file);
    try {
      const id = store(ws, legacy);
      const record = ws.scenarios.get(id);
      expect(record.scenario.ladders.map((l) => l.motion)).toEqual([
        'reseller',
        'Reseller (duplicate of Resale partners)',
        'reseller (duplicate of Resale partners) 2', // never the motion of another ladder
      ]);
      expect(record.scenario.tierMapping.map((e) => [e.label, e.level])).toEqual([
        ['Bronze', 0],
        ['Silver', 1],
        ['Gold', 2],
        ['Platinum', 3],
      ]);
      expect(record.repaired).toEqual([
        'Today\'s tier "GOLD" was placed twice; the placement of "Gold", the one the engine read, is kept.',
        'Today\'s tier "g old" was placed twice; the placement of "Gold", the one the engine read, is kept.',
        'The ladder "Services partners" tiered "Reseller", which the ladder "Resale partners" already tiers, so it tiered no one; its motion now reads "Reseller (duplicate of Resale partners)": give it a motion of its own, or delete it.',
        'The ladder "Technology partners" tiered "reseller", which the ladder "Resale partners" already tiers, so it tiered no one; its motion now reads "reseller (duplicate of Resale partners) 2": give it a motion of its own, or delete it.',
      ]);
      // nothing of the later ladders is lost, and what the app receives is a valid scenario
      expect(record.scenario.ladders.map((l) => l.tiers.length)).toEqual(legacy.ladders.map((l) => l.tiers.length));
      expect(contract['scenario:get'].res.safeParse(record).success).toBe(true);
      // and the repairs travel to the page with it, which says them when the scenario opens
      expect(contract['scenario:get'].res.parse(record).repaired).toEqual(record.repaired);

      // the same tiers, movement and today's levels as the engine gave the stored scenario
      const rows = Array.from({ length: 60 }, (_, i) => ({
        id: `P${i}`,
        motion: ['reseller', 'Reseller', 'services', 'technology'][i % 4]!,
        currentTier: ['Gold', 'GOLD', 'gold ', 'Silver', null, 'Platinum'][i % 6]!,
        sourced_arr: (i * 37_000) % 900_000,
        active_sellers: i % 7,
        ipp_fit: i % 3 === 0 ? 1 : 0,
        implementations: i % 9,
        csat: 0.6 + (i % 5) / 10,
        mutual_customers: i % 11,
        co_built_solution: i % 2,
      }));
      const data = dataset(rows);
      const [was, is] = [evaluate(legacy, data), evaluate(record.scenario, data)];
      expect(assignmentsOf(is).map((a) => [a.tier, a.movement])).toEqual(assignmentsOf(was).map((a) => [a.tier, a.movement]));
      expect([...is.currentLevel]).toEqual([...was.currentLevel]);

      // the workspace lists and reopens as before; the next save stores the repaired design
      expect(ws.scenarios.list().map((s) => s.name)).toEqual(['Old design']);
      ws.scenarios.save(id, record.scenario);
      expect(ws.scenarios.get(id).repaired).toBeUndefined();
      expect(ScenarioSchema.safeParse(JSON.parse((ws.db.prepare('SELECT body_json FROM scenario WHERE id = ?').get(id) as { body_json: string }).body_json)).success).toBe(true);
    } finally {
      ws.close();
    }
  });

  it('repairs only those duplicates: a stored scenario with another problem is still reported, not guessed at', async () => {
    const file = path.join(tempDir(), 'bad.tierscape');
    const ws = await Workspace.create(file);
    try {
      const legacy = legacyScenario();
      const id = store(ws, { ...legacy, tierMapping: [...legacy.tierMapping, { label: 'Diamond', level: 42 }] });
      expect(() => ws.scenarios.get(id)).toThrow(/The stored scenario "Old design" is not valid: tierMapping\.6\.level/);
    } finally {
      ws.close();
    }
  });

  it('scenario baseline on the command line says what it repaired, and stores the repaired design', async () => {
    const file = path.join(tempDir(), 'cli.tierscape');
    const ws = await Workspace.create(file);
    store(ws, legacyScenario());
    ws.close();
    const io = capture();
    expect(await runCli(['scenario', 'baseline', file, 'Old design'], io)).toBe(0);
    expect(io.stdout).toEqual(['"Old design" is now the baseline of the scenarios stored without a dataset.']);
    expect(io.stderr).toHaveLength(4);
    expect(io.stderr[0]).toBe('tierscape: warning: "Old design", as an older version stored it: Today\'s tier "GOLD" was placed twice; the placement of "Gold", the one the engine read, is kept.');
    const reopened = await Workspace.open(file, { readOnly: true });
    try {
      const [summary] = reopened.scenarios.list();
      expect(summary).toMatchObject({ name: 'Old design', isBaseline: true });
      expect(reopened.scenarios.get(summary!.id).repaired).toBeUndefined();
    } finally {
      reopened.close();
    }
  });
});
