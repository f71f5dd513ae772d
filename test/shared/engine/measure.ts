/**
 * Quick timing of evaluate() on generated partners (not a test; the goals of DESIGN D13
 * are measured by `npm run bench`):
 *   npx tsx test/shared/engine/measure.ts [count] [runs]
 * Times the motion-fit ladders of the test helper and the shipped motion-fit example.
 */
import { generatePartners } from '../../../scenarios/generator';
import { exampleScenarios } from '../../../scenarios/examples';
import { evaluate } from '../../../shared/engine';
import type { Scenario } from '../../../shared/model/scenario';
import { motionFitScenario } from './helpers';

const count = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 20);
const dataset = generatePartners({ seed: 1, count });

function time(label: string, scenario: Scenario): void {
  const first = performance.now();
  evaluate(scenario, dataset);
  const firstMs = performance.now() - first;
  for (let i = 0; i < 5; i++) evaluate(scenario, dataset); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    evaluate(scenario, dataset);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  console.log(`${label}: ${count} partners, ${runs} runs: first ${firstMs.toFixed(1)} ms, median ${median.toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms`);
}

time('motion-fit (test helper)', motionFitScenario());
const shipped = exampleScenarios().find((s) => s.name.toLowerCase().includes('motion'));
if (shipped) time(`shipped "${shipped.name}"`, shipped);
