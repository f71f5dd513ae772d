/**
 * The engine's rows of `npm run bench`, in a process of its own (see own-process.ts):
 *
 *   engine-child <partners> <iterations>
 *
 * Times evaluate, one threshold drag step as the engine worker computes it, compare of 5,
 * the 50-step sweep, goal seek and (at 100K and below) design to a target on the bench's
 * generated dataset, and prints one line of JSON: the rows.
 *
 * Why not in the bench's own process: the bench runs under tsx, and once tsx has loaded a
 * CommonJS package there (papaparse, better-sqlite3, yauzl…) an ArrayBuffer has been
 * detached in that isolate. Node 20's V8 then compiles every typed-array read and write with
 * the checks a detached buffer needs: the engine's loops ran 20–30 % slower there than the
 * same code anywhere the app runs it (the CLI's bundle, the window's engine worker). This
 * child is the bundled code in plain Node (own-process.ts builds it, as the CLI is built), and
 * nothing detaches a buffer in it, which the parent checks (docs/PERFORMANCE.md, "Where the
 * engine is timed").
 */
import { Bench } from 'tinybench';
import { exampleScenarios } from '../../scenarios/examples';
import { designToTarget, compareOutcomes, evaluate, goalSeek, sweep, sweepValues, type TargetRequest } from '../../shared/engine';
import { encodeDataset } from '../../shared/ipc/columns';
import { EngineCore } from '../../renderer/src/engine/core';
import { benchDataset } from './bench-dataset';
import { TASK } from './goals';
import { rowOf, type BenchRow } from './row';
import { reportFromChild } from './child-report';

const [partners, iterationsArg] = process.argv.slice(2);

async function main(): Promise<{ rows: BenchRow[] }> {
  const n = Number(partners);
  const iterations = Number(iterationsArg);
  if (!(n > 0) || !(iterations > 0)) throw new Error('usage: engine-child <partners> <iterations>');
  const rows: BenchRow[] = [];
  const run = async (bench: Bench, samples: number) => {
    process.stderr.write(`running ${bench.tasks.map((t) => t.name).join(', ')} × ${samples} on ${n} partners (a process of its own)…\n`);
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result as { latency?: { p50: number; min: number; max: number } };
      if (!r.latency) throw new Error(`${task.name} did not finish: ${JSON.stringify(task.result)}`);
      rows.push({ ...rowOf(task.name, n, [r.latency.p50]), min: r.latency.min, max: r.latency.max, samples });
    }
  };
  const dataset = benchDataset(n);
  const scenarios = exampleScenarios();
  const motionFit = scenarios.find((x) => x.name === 'Motion-fit ladders')!;
  const five = scenarios.slice(0, 5);
  // what a person repeats (dragging a threshold) is measured warm: the JIT has settled
  const quick = n >= 1_000_000 ? 5 : Math.max(iterations, 50);
  const slow = n >= 1_000_000 ? 2 : iterations;
  const fast = new Bench({ iterations: quick, time: 0, warmup: true, warmupIterations: n >= 1_000_000 ? 3 : 30 } as ConstructorParameters<typeof Bench>[0]);
  // the engine worker's side of a threshold drag: the request checked, one value's
  // partners per tier and cost computed (each sample a value further along the range)
  const core = new EngineCore();
  core.load(encodeDataset(1, 'Bench', dataset), 'bench');
  const dragValues = sweepValues(0, 500_000, 401);
  let dragAt = 0;
  fast
    .add(TASK.evaluate, () => void evaluate(motionFit, dataset))
    .add(TASK.dragStep, () =>
      void core.sweep('bench', motionFit, { tierId: 'selling', requirementId: 'selling_arr' }, [dragValues[dragAt++ % dragValues.length]!], () => performance.now()),
    )
    .add('compare 5 scenarios (evaluate each + KPIs)', () =>
      void compareOutcomes(five.map((x) => ({ name: x.name, baseline: x.baseline, outcome: evaluate(x, dataset) }))),
    );
  const search = new Bench({ iterations: slow, time: 0, warmup: false } as ConstructorParameters<typeof Bench>[0]);
  search
    .add(TASK.sweep, () => void sweep(motionFit, dataset, { tierId: 'selling', requirementId: 'selling_arr' }, sweepValues(0, 500_000, 50)))
    .add(TASK.goalSeek, () => void goalSeek(motionFit, dataset, { tierId: 'selling', requirementId: 'selling_arr' }, { share: 0.1 }));
  // design to a target under a limit that binds (so the budget's bisection runs too); at 10K and 100K only
  if (n <= 100_000) {
    const design: TargetRequest = {
      ladderId: 'resale',
      targets: [{ share: 0.8 }, { share: 0.15 }, { share: 0.05 }],
      limits: { mdf: 0.3 * evaluate(motionFit, dataset).resources.totals.mdf },
      round: 10_000,
    };
    search.add(TASK.design, () => void designToTarget(motionFit, dataset, design));
  }
  await run(fast, quick);
  await run(search, slow);
  return { rows };
}

reportFromChild(main);
