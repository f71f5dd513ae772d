/**
 * evaluateTiers is evaluate cut down to what a drag, a sweep and goal seek redraw: the
 * assignment and its cost. It must give evaluate's numbers exactly, on every example
 * scenario, with any threshold moved anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate } from '../../../shared/engine';
import { evaluateTiers } from '../../../shared/engine/evaluate';
import { listThresholds, withThreshold } from '../../../shared/engine/thresholds';
import type { ColumnarDataset } from '../../../shared/model/dataset';
import type { Scenario } from '../../../shared/model/scenario';

const examples = exampleScenarios();
const datasets = [3, 8, 21].map((seed) => generatePartners({ seed, count: 400 }));

function expectSame(scenario: Scenario, data: ColumnarDataset): void {
  const full = evaluate(scenario, data);
  const lean = evaluateTiers(scenario, data);
  expect(lean.partnerCount).toBe(full.partnerCount);
  expect(Array.from(lean.ladderIndex)).toEqual(Array.from(full.ladderIndex));
  expect(Array.from(lean.level)).toEqual(Array.from(full.level));
  expect(lean.resources).toStrictEqual(full.resources);
}

describe('evaluateTiers', () => {
  it('gives evaluate’s assignment and resources on every example scenario', () => {
    for (const scenario of examples) for (const data of datasets) expectSame(scenario, data);
  });

  it('gives them with any threshold of any example moved to any value', () => {
    const cases = examples.flatMap((scenario) => listThresholds(scenario).map((t) => ({ scenario, ref: t.ref, value: t.info.value })));
    expect(cases.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.constantFrom(...datasets),
        fc.oneof(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.integer({ min: -5, max: 5 }), fc.constant(0)),
        ({ scenario, ref }, data, value) => expectSame(withThreshold(scenario, ref, value), data),
      ),
      { numRuns: 200, seed: 20261123 },
    );
  });

  it('does not hand out the plan’s cached ladder list (a caller may write to it)', () => {
    const data = datasets[0]!;
    const a = evaluateTiers(examples[0]!, data);
    a.ladderIndex.fill(9);
    expect(Array.from(evaluateTiers(examples[0]!, data).ladderIndex)).toEqual(Array.from(evaluate(examples[0]!, data).ladderIndex));
  });
});
