import { beforeEach, describe, expect, it, vi } from 'vitest';
import { exampleScenarios } from '../../scenarios/examples';
import { generatePartners, generateSnapshots } from '../../scenarios/generator';
import {
  evaluate,
  ladderInfosOf,
  summaryOf,
  compareOutcomes,
  movementFlows,
  partnerDiff,
  findThreshold,
  goalSeek,
  sweep,
  sweepValues,
  type ThresholdRef,
  withThreshold,
  replay,
} from '../../shared/engine';
import { decodeColumns, encodeDataset, type DatasetColumns, type DecodedColumns } from '../../shared/ipc/columns';
import type { ColumnarDataset, PartnerIdentity } from '../../shared/model/dataset';
import type { Scenario } from '../../shared/model/scenario';
import { inPageEngine, type DatasetRef } from '../../renderer/src/engine/client';
import { EngineCore, KEEP_PARTNERS, NOT_LOADED } from '../../renderer/src/engine/core';

/**
 * KEEP_PARTNERS is three million partners: building that many for real takes seconds and
 * hundreds of MB. Columns labelled "sized:N" give a dataset of N (empty) partners, so
 * eviction is tested at the real limit; every other dataset is built for real.
 */
vi.mock(import('../../shared/ipc/columns'), async (importOriginal) => {
  const actual = await importOriginal();
  return {
    ...actual,
    decodeDataset: (columns: DatasetColumns): ColumnarDataset => {
      const sized = /^sized:(\d+)$/.exec(columns.label);
      return sized ? { metrics: [], partners: new Array<PartnerIdentity>(Number(sized[1])), values: [] } : actual.decodeDataset(columns);
    },
  };
});

/** A dataset as the page hands it to the engine: in its wire form (identity lists packed). */
const decoded = (datasetId: number, label: string, set: ColumnarDataset): DatasetColumns => encodeDataset(datasetId, label, set);
/** A dataset as the page holds it (a ref's fetch): decoded from the wire form. */
const fetched = (datasetId: number, label: string, set: ColumnarDataset): DecodedColumns => decodeColumns(encodeDataset(datasetId, label, set));

const none = new Uint8Array(0);
const sizedColumns = (n: number): DatasetColumns => ({
  datasetId: 9,
  label: `sized:${n}`,
  metrics: [],
  identity: { id: none, name: none, motion: none, currentTier: none, region: none, segment: none, owner: none },
  values: [],
});

const data = generatePartners({ seed: 17, count: 400 });
const examples = exampleScenarios();
const byName = (name: string) => examples.find((s) => s.name === name)!;
const asIs = byName('As is: metals on lifetime revenue');
const motionFit = byName('Motion-fit ladders');
const starter = byName('Two-tier starter');
const SELLING_ARR: ThresholdRef = { tierId: 'selling', requirementId: 'selling_arr' };
const clock = () => {
  let t = 0;
  return () => (t += 5);
};

function loaded(): EngineCore {
  const core = new EngineCore();
  core.load(decoded(3, 'FY2026', data), 'k');
  return core;
}

describe('EngineCore', () => {
  it('compares scenarios with the same KPIs and deltas as compareOutcomes over evaluate (what the CLI prints), plus flows', () => {
    const core = loaded();
    const entries = [
      { name: asIs.name, baseline: true, scenario: asIs },
      { name: motionFit.name, baseline: false, scenario: motionFit },
    ];
    const answer = core.compare('k', entries, clock());
    const outcomes = entries.map((e) => ({ name: e.name, baseline: e.baseline, outcome: evaluate(e.scenario, data) }));
    expect(answer.comparison).toEqual(compareOutcomes(outcomes));
    expect(answer.comparison.baseline).toBe(asIs.name);
    expect(answer.comparison.scenarios[1]!.delta!.tiered).toBe(answer.comparison.scenarios[1]!.tiered - answer.comparison.scenarios[0]!.tiered);
    expect(answer.datasetId).toBe(3);
    expect(answer.partners).toBe(400);
    expect(answer.ms).toBe(5);
    expect(answer.scenarios.map((s) => s.flows)).toEqual(outcomes.map((o) => movementFlows(o.outcome)));
    expect(answer.scenarios.map((s) => s.ladders)).toEqual(outcomes.map((o) => o.outcome.ladders));
    expect(answer.scenarios[1]!.assumptions).toEqual({
      capacityHours: motionFit.assumptions.capacityHours,
      mdfBudget: motionFit.assumptions.mdfBudget,
      marginBudget: motionFit.assumptions.marginBudget,
    });
  });

  it('compares all six examples at once, and refuses fewer than 2 or more than 6', () => {
    const core = loaded();
    const six = examples.map((s, i) => ({ name: s.name, baseline: i === 0, scenario: s }));
    const answer = core.compare('k', six, clock());
    expect(answer.comparison).toEqual(compareOutcomes(six.map((e) => ({ name: e.name, baseline: e.baseline, outcome: evaluate(e.scenario, data) }))));
    expect(() => core.compare('k', six.slice(0, 1), clock())).toThrow(RangeError);
    expect(() => core.compare('k', [], clock())).toThrow(/2 to 6 scenarios, not 0/);
    expect(() => core.compare('k', [...six, { ...six[1]!, name: 'Seventh' }], clock())).toThrow(/2 to 6 scenarios, not 7/);
  });

  it('diffs two scenarios: the count of partnerDiff, rows up to the limit', () => {
    const core = loaded();
    const expected = partnerDiff(evaluate(asIs, data), evaluate(motionFit, data), data);
    expect(expected.count).toBeGreaterThan(5);
    const all = core.diff('k', asIs, motionFit, Number.POSITIVE_INFINITY);
    expect(all.count).toBe(expected.count);
    expect(all.rows).toEqual(expected.rows);
    const few = core.diff('k', asIs, motionFit, 5);
    expect(few.count).toBe(expected.count);
    expect(few.rows).toEqual(expected.rows.slice(0, 5));
    expect(core.diff('k', starter, starter, 10)).toEqual({ count: 0, rows: [] });
  });

  it('sweeps and seeks with the same answers as the shared functions', () => {
    const core = loaded();
    const values = sweepValues(10_000, 400_000, 9);
    const answer = core.sweep('k', motionFit, SELLING_ARR, values, clock());
    expect(answer.points).toEqual(sweep(motionFit, data, SELLING_ARR, values));
    expect(answer.info).toEqual((findThreshold(motionFit, SELLING_ARR) as { ok: true; value: unknown }).value);
    expect(answer.ms).toBe(5);
    expect(() => core.sweep('k', motionFit, { tierId: 'selling', requirementId: 'nope' }, values, clock())).toThrow(/no comparison "nope"/);

    for (const target of [{ count: 40 }, { share: 0.25 }, { count: 0 }]) {
      expect(core.goalSeek('k', motionFit, SELLING_ARR, target)).toEqual(goalSeek(motionFit, data, SELLING_ARR, target));
    }
  });

  it('answers a drag value by value, then the draft with the value applied, then another edit, as the shared functions do', () => {
    const core = loaded();
    // a drag: one value at a time of the same threshold of the same draft
    for (const value of [50_000, 61_000, 48_500, 250_000, 0]) {
      expect(core.sweep('k', motionFit, SELLING_ARR, [value], clock()).points).toEqual(sweep(motionFit, data, SELLING_ARR, [value]));
    }
    // the value the drag ended on is applied: the answer names it and seeks from it
    const moved = withThreshold(motionFit, SELLING_ARR, 61_000);
    const answer = core.sweep('k', moved, SELLING_ARR, [70_000], clock());
    expect(answer.info.value).toBe(61_000);
    expect(answer.points).toEqual(sweep(moved, data, SELLING_ARR, [70_000]));
    expect(core.goalSeek('k', moved, SELLING_ARR, { share: 0.2 })).toEqual(goalSeek(moved, data, SELLING_ARR, { share: 0.2 }));
    // another threshold edited: the same threshold's answers follow the edit
    const edited = withThreshold(moved, { tierId: 'specialist', requirementId: 'specialist_arr' }, 60_000);
    expect(core.sweep('k', edited, SELLING_ARR, [55_000, 90_000], clock()).points).toEqual(sweep(edited, data, SELLING_ARR, [55_000, 90_000]));
  });

  it('replays a scenario over three datasets it holds, in the order asked, as replay() does', () => {
    const snapshots = generateSnapshots({ seed: 5, count: 250, years: 3 });
    const core = new EngineCore();
    snapshots.forEach((s, i) => core.load(decoded(i + 1, s.label, s), `cycle${i}`));
    const cycles = snapshots.map((s, i) => ({ key: `cycle${i}`, label: s.label, asOf: s.asOf }));
    const answer = core.replay(motionFit, cycles);
    expect(answer.cycles).toEqual(replay(motionFit, snapshots.map((s) => ({ label: s.label, asOf: s.asOf, data: s }))));
    expect(answer.cycles.map((c) => c.label)).toEqual(snapshots.map((s) => s.label));
    expect(answer.ladders).toEqual(ladderInfosOf(motionFit));
    // another order is another replay
    const reversed = [...snapshots].reverse();
    expect(core.replay(motionFit, [...cycles].reverse()).cycles).toEqual(replay(motionFit, reversed.map((s) => ({ label: s.label, asOf: s.asOf, data: s }))));
  });

  it('throws NOT_LOADED + the key for a dataset it does not hold, whatever the request', () => {
    const core = loaded();
    const expectNotLoaded = (fn: () => unknown, key: string) => {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message.startsWith(NOT_LOADED)).toBe(true);
      expect(message.endsWith(key)).toBe(true);
      expect(message).toBe(NOT_LOADED + key);
    };
    const entries = [
      { name: 'a', baseline: true, scenario: asIs },
      { name: 'b', baseline: false, scenario: starter },
    ];
    expectNotLoaded(() => core.evaluate('/w/x|1|2026|10', asIs, clock()), '/w/x|1|2026|10');
    expectNotLoaded(() => core.compare('nope', entries, clock()), 'nope');
    expectNotLoaded(() => core.diff('nope', asIs, starter, 10), 'nope');
    expectNotLoaded(() => core.sweep('nope', motionFit, SELLING_ARR, [1, 2], clock()), 'nope');
    expectNotLoaded(() => core.goalSeek('nope', motionFit, SELLING_ARR, { count: 1 }), 'nope');
    expectNotLoaded(
      () =>
        core.replay(motionFit, [
          { key: 'k', label: 'a', asOf: null },
          { key: 'missing', label: 'b', asOf: null },
        ]),
      'missing',
    );
    expect(core.has('k')).toBe(true);
    expect(core.has('nope')).toBe(false);
  });

  it('loading a key again replaces its dataset', () => {
    const core = loaded();
    const other = generatePartners({ seed: 2, count: 60 });
    expect(core.load(decoded(4, 'other', other), 'k')).toEqual({ datasetId: 4, partners: 60 });
    const evaluation = core.evaluate('k', starter, clock());
    expect(evaluation.datasetId).toBe(4);
    expect(evaluation.summary).toEqual(summaryOf(evaluate(starter, other)));
  });

  describe(`keeps at most ${KEEP_PARTNERS} partners`, () => {
    const small = (seed: number) => decoded(1, 'small', generatePartners({ seed, count: 10 }));
    const half = KEEP_PARTNERS / 2;

    it('forgets the least recently used datasets, only as many as needed; using a dataset makes it recent', () => {
      const core = new EngineCore();
      core.load(small(1), 's1');
      core.load(small(2), 's2');
      core.load(sizedColumns(half), 'big1');
      expect(['s1', 's2', 'big1'].map((k) => core.has(k))).toEqual([true, true, true]);
      core.evaluate('s1', starter, clock()); // s1 is now the most recently used
      // 10 + 10 + half + (half - 10) = KEEP_PARTNERS + 10: one small dataset has to go, the least recently used
      expect(core.load(sizedColumns(half - 10), 'big2')).toEqual({ datasetId: 9, partners: half - 10 });
      expect(['s1', 's2', 'big1', 'big2'].map((k) => core.has(k))).toEqual([true, false, true, true]);
      // that left exactly KEEP_PARTNERS, which is kept; ten more push out the least recently used, big1
      core.load(small(3), 's3');
      expect(['s1', 's2', 's3', 'big1', 'big2'].map((k) => core.has(k))).toEqual([true, false, true, false, true]);
    });

    it('never forgets the dataset just loaded, even when it alone is over the limit', () => {
      const core = new EngineCore();
      core.load(small(1), 's1');
      core.load(small(2), 's2');
      core.load(sizedColumns(KEEP_PARTNERS + 1), 'huge');
      expect(core.has('huge')).toBe(true);
      expect(core.has('s1')).toBe(false);
      expect(core.has('s2')).toBe(false);
      expect(() => core.evaluate('s1', starter, clock())).toThrow(NOT_LOADED + 's1');
      // reloading the least recently used key makes it the newest: the others go instead
      const again = new EngineCore();
      again.load(sizedColumns(half), 'a');
      again.load(sizedColumns(half), 'b');
      again.load(sizedColumns(half), 'a');
      expect([again.has('a'), again.has('b')]).toEqual([true, true]);
      again.load(small(4), 'c');
      expect([again.has('a'), again.has('b'), again.has('c')]).toEqual([true, false, true]);
    });
  });
});

/** A dataset ref whose fetches are counted. */
function refTo(key: string, set: ColumnarDataset, datasetId = 1) {
  const fetch = vi.fn(() => Promise.resolve(fetched(datasetId, key, set)));
  return { key, fetch } satisfies DatasetRef;
}

describe('inPageEngine', () => {
  let engine: ReturnType<typeof inPageEngine>;
  beforeEach(() => {
    engine = inPageEngine(clock());
  });

  it('fetches a dataset once for two concurrent requests, and not again while it is held', async () => {
    const ref = refTo('ws|1', data);
    const [a, b] = await Promise.all([engine.evaluate(ref, motionFit), engine.evaluate(ref, asIs)]);
    expect(ref.fetch).toHaveBeenCalledTimes(1);
    expect(a.summary).toEqual(summaryOf(evaluate(motionFit, data)));
    expect(b.summary).toEqual(summaryOf(evaluate(asIs, data)));
    const seek = await engine.goalSeek(ref, motionFit, SELLING_ARR, { count: 30 });
    expect(seek).toEqual(goalSeek(motionFit, data, SELLING_ARR, { count: 30 }));
    expect(ref.fetch).toHaveBeenCalledTimes(1);
  });

  it('shares one load between different concurrent requests (compare, diff, sweep) of one key', async () => {
    const ref = refTo('ws|2', data);
    const entries = [
      { name: asIs.name, baseline: true, scenario: asIs },
      { name: starter.name, baseline: false, scenario: starter },
    ];
    const values = [20_000, 60_000];
    const [compared, diffed, swept] = await Promise.all([engine.compare(ref, entries), engine.diff(ref, asIs, starter, 3), engine.sweep(ref, motionFit, SELLING_ARR, values)]);
    expect(ref.fetch).toHaveBeenCalledTimes(1);
    expect(compared.comparison).toEqual(compareOutcomes(entries.map((e) => ({ name: e.name, baseline: e.baseline, outcome: evaluate(e.scenario, data) }))));
    expect(diffed).toEqual(partnerDiff(evaluate(asIs, data), evaluate(starter, data), data, 3));
    expect(swept.points).toEqual(sweep(motionFit, data, SELLING_ARR, values));
  });

  it('fetches each key once when concurrent requests name different datasets', async () => {
    const other = generatePartners({ seed: 3, count: 80 });
    const one = refTo('ws|1', data);
    const two = refTo('ws|2', other, 2);
    const results = await Promise.all([engine.evaluate(one, starter), engine.evaluate(two, starter), engine.evaluate(one, starter), engine.evaluate(two, starter)]);
    expect(one.fetch).toHaveBeenCalledTimes(1);
    expect(two.fetch).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.summary.partnerCount)).toEqual([400, 80, 400, 80]);
    expect(results.map((r) => r.datasetId)).toEqual([1, 2, 1, 2]);
  });

  it('hands the engine the packed lists a dataset came in (bytes to copy, not a string per partner), or packs lists that came otherwise', async () => {
    const wire = encodeDataset(1, 'FY2026', data);
    const columns = decodeColumns(wire);
    const load = vi.spyOn(EngineCore.prototype, 'load');
    try {
      await engine.evaluate({ key: 'ws|packed', fetch: () => Promise.resolve(columns) }, starter);
      expect(load.mock.calls[0]![0].identity.name).toBe(wire.identity.name);
      // a decoded dataset not made from a wire form (no packed source): its lists are packed to the same bytes
      await engine.evaluate({ key: 'ws|copy', fetch: () => Promise.resolve({ ...columns }) }, starter);
      const sent = load.mock.calls[1]![0].identity;
      expect(sent.name).not.toBe(wire.identity.name);
      expect(sent).toEqual(wire.identity);
    } finally {
      load.mockRestore();
    }
  });

  it('fetches again after the dataset was pushed out to make room', async () => {
    const ref = refTo('ws|1', data);
    await engine.evaluate(ref, starter);
    expect(ref.fetch).toHaveBeenCalledTimes(1);
    // a dataset as big as the limit: loading it forgets ws|1 (the sweep itself then fails on its threshold)
    const huge = {
      key: 'ws|huge',
      fetch: vi.fn(() =>
        Promise.resolve<DecodedColumns>({ ...sizedColumns(KEEP_PARTNERS), identity: { id: [], name: [], motion: [], currentTier: [], region: [], segment: [], owner: [] } }),
      ),
    };
    await expect(engine.sweep(huge, starter, { tierId: 'none', requirementId: 'x' }, [1])).rejects.toThrow(/No tier has the id "none"/);
    expect(huge.fetch).toHaveBeenCalledTimes(1);
    const again = await engine.evaluate(ref, motionFit);
    expect(ref.fetch).toHaveBeenCalledTimes(2);
    expect(again.summary).toEqual(summaryOf(evaluate(motionFit, data)));
  });

  it('lets an error other than NOT_LOADED through, without retrying', async () => {
    const ref = refTo('ws|1', data);
    const send = vi.fn();
    const broken = { ...starter, ladders: 'not a list' } as unknown as Scenario;
    const failure = await engine.evaluate(ref, broken).then(send, (e: unknown) => e);
    expect(send).not.toHaveBeenCalled();
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message.startsWith(NOT_LOADED)).toBe(false);
    expect(ref.fetch).toHaveBeenCalledTimes(1);
    await expect(engine.sweep(ref, motionFit, { tierId: 'selling', requirementId: 'nope' }, [1])).rejects.toThrow(/no comparison "nope"/);
    expect(ref.fetch).toHaveBeenCalledTimes(1);
  });

  it('passes a failed fetch on, and fetches afresh on the next request', async () => {
    let first = true;
    const ref = {
      key: 'ws|1',
      fetch: vi.fn(() => {
        if (first) {
          first = false;
          return Promise.reject(new Error('the workspace is closed'));
        }
        return Promise.resolve(fetched(1, 'FY2026', data));
      }),
    };
    await expect(engine.evaluate(ref, starter)).rejects.toThrow('the workspace is closed');
    const evaluation = await engine.evaluate(ref, starter);
    expect(evaluation.summary.partnerCount).toBe(400);
    expect(ref.fetch).toHaveBeenCalledTimes(2);
  });

  it('replay fetches each of its datasets once and answers as replay() does', async () => {
    const snapshots = generateSnapshots({ seed: 8, count: 200, years: 3 });
    const refs = snapshots.map((s, i) => ({ ...refTo(`ws|${i + 1}`, s, i + 1), label: s.label, asOf: s.asOf }));
    const answer = await engine.replay(motionFit, refs);
    expect(answer.ladders).toEqual(ladderInfosOf(motionFit));
    expect(answer.cycles).toEqual(replay(motionFit, snapshots.map((s) => ({ label: s.label, asOf: s.asOf, data: s }))));
    for (const r of refs) expect(r.fetch).toHaveBeenCalledTimes(1);
    await engine.replay(starter, refs);
    for (const r of refs) expect(r.fetch).toHaveBeenCalledTimes(1);
  });
});
