/**
 * The engine's shortcuts give what the plain paths give, to the bit (issue 23, evaluate):
 * - a comparison decided over the list 0 … n − 1 (read in order, compile.ts `compareDense`)
 *   decides as over any other list, and as `metAt` per partner;
 * - an `any` group's progress, computed for each part only where the parts before are
 *   below 1, is the greatest of its parts' progress;
 * - a `>=` / `>` comparison decided, banded and progressed from the column's finite copy
 *   (Float32 when every value is one exactly), and `isTrue` from its truth copy, give what
 *   the column gives;
 * - evaluate keeps its plan's masks in reused memory, so an outcome's explanations build
 *   the plan again: explaining an outcome after other evaluations (and evaluateTiers) gives
 *   what explaining it at once gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleScenarios } from '../../../scenarios/examples';
import { generatePartners } from '../../../scenarios/generator';
import { evaluate, explainPartner } from '../../../shared/engine';
import { bandOver, compileRequirement, holds, leafProgress, metAt, metOver, writeProgress } from '../../../shared/engine/compile';
import { evaluateTiers } from '../../../shared/engine/evaluate';
import { MetricTable } from '../../../shared/engine/metrics';
import { COMPARISON_OPS, type ComparisonOp } from '../../../shared/model/operators';
import type { Requirement } from '../../../shared/model/scenario';

const METRICS = ['a', 'b', 'c'];

const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 12 }) },
  { weight: 2, arbitrary: fc.double({ min: -20, max: 20, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1e-7, 1e295) },
);

const leaf: fc.Arbitrary<Requirement> = fc
  .record({ metric: fc.constantFrom(...METRICS), op: fc.constantFrom(...COMPARISON_OPS), t: value, t2: value, values: fc.array(value, { minLength: 1, maxLength: 3 }) })
  .map(({ metric, op, t, t2, values }) => ({ type: 'compare', id: 'c', metric, op: op as ComparisonOp, value: t, value2: t2, values }));

const requirement: fc.Arbitrary<Requirement> = fc.letrec<{ req: Requirement }>((tie) => ({
  req: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constantFrom('all' as const, 'any' as const), items: fc.array(tie('req'), { minLength: 0, maxLength: 4 }) }).map(({ type, items }): Requirement => ({ type, id: 'g', items })),
  ),
})).req;

function table(columns: number[][]): MetricTable {
  const t = new MetricTable(columns[0]!.length);
  METRICS.forEach((key, i) => t.set({ key, label: key, kind: 'number', unit: null, column: Float64Array.from(columns[i]!), derived: false }));
  return t;
}

const columns = fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(...METRICS.map(() => fc.array(value, { minLength: n, maxLength: n }))));

describe('the shortcuts decide as the plain paths', () => {
  it('a requirement over every partner (0 … n − 1) is met as over a list with a gap and as metAt', () => {
    fc.assert(
      fc.property(columns, requirement, (cols, req) => {
        const node = compileRequirement(req, table(cols));
        const n = cols[0]!.length;
        const dense = new Uint8Array(n).fill(7);
        metOver(node, Int32Array.from({ length: n }, (_, i) => i), n, dense);
        // the same partners but the first: not 0 … n − 1, so the indexed loops
        const rest = new Uint8Array(n).fill(7);
        metOver(node, Int32Array.from({ length: n - 1 }, (_, i) => i + 1), n - 1, rest);
        for (let p = 0; p < n; p++) {
          expect(dense[p]).toBe(metAt(node, p) ? 1 : 0);
          if (p > 0) expect(rest[p]).toBe(dense[p]);
        }
      }),
      { numRuns: 400, seed: 20261208 },
    );
  });

  it('an any group’s progress is the greatest of its parts’', () => {
    fc.assert(
      fc.property(columns, fc.array(requirement, { minLength: 1, maxLength: 5 }), (cols, items) => {
        const t = table(cols);
        const node = compileRequirement({ type: 'any', id: 'g', items }, t);
        if (node.type !== 'any' || node.children.length === 0) return;
        const n = cols[0]!.length;
        const list = Int32Array.from({ length: n }, (_, i) => i);
        const got = new Float64Array(n).fill(Number.NaN);
        writeProgress(node, list, n, got, false);
        const want = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
        for (const kid of node.children) {
          const part = new Float64Array(n);
          writeProgress(kid, list, n, part, false);
          for (let i = 0; i < n; i++) {
            expect(part[i]).toBeGreaterThanOrEqual(0);
            expect(part[i]).toBeLessThanOrEqual(1);
            want[i] = Math.max(want[i]!, part[i]!);
          }
        }
        expect(Array.from(got)).toEqual(Array.from(want));
      }),
      { numRuns: 400, seed: 20261209 },
    );
  });
});

describe('a comparison read from a copy of its column', () => {
  // compile.ts `readFor`: `>=` / `>` read the column's finite copy (the one their progress
  // reads) for their decision and band state where it decides alike; values and targets
  // around the copy's edges (NaN, ≤ 0, 1e300 and past it) and the ratio kernel's (1e-6, 1e290)
  const edgy = fc.oneof(value, fc.constantFrom(1e-6, 2e-6, 9e-7, 1e290, 1.5e290, 1e300, 2e300, Number.MAX_VALUE, -1e300, 5e-324));
  const one = (v: number) => table([[v], [v], [v]]);
  it('is decided and banded as the column itself decides, value by value', () => {
    fc.assert(
      fc.property(fc.constantFrom<ComparisonOp>('>=', '>'), edgy, fc.array(edgy, { minLength: 1, maxLength: 30 }), fc.constantFrom(0, 5, 10, 50, 99, 100, 150), (op, t, values, band) => {
        const moved = t - (band * Math.abs(t)) / 100;
        for (const v of values) {
          const node = compileRequirement({ type: 'compare', id: 'c', metric: 'a', op, value: t }, one(v));
          const met = new Uint8Array(1);
          metOver(node, Int32Array.of(0), 1, met);
          expect(met[0]).toBe(holds(op, v, t) ? 1 : 0);
          const state = new Int32Array(1);
          bandOver(node, Int32Array.of(0), 1, band, state);
          expect(state[0]).toBe((holds(op, v, t) ? 1 : 0) + (holds(op, v, moved) ? 1 : 0));
        }
      }),
      { numRuns: 600, seed: 20261207 },
    );
  });
  it('whole numbers (a Float32 copy) and any numbers (a Float64 copy) are decided, banded and progressed as one value at a time', () => {
    const whole = fc.oneof(fc.integer({ min: -5, max: 16_777_216 }), fc.constant(Number.NaN));
    const any = fc.oneof(whole, fc.double({ min: -10, max: 2e7, noNaN: true }));
    fc.assert(
      fc.property(fc.constantFrom<ComparisonOp>('>=', '>'), fc.constantFrom(0, 1, 3, 2.5, 50_000, 16_777_217), fc.oneof(fc.array(whole, { minLength: 1, maxLength: 30 }), fc.array(any, { minLength: 1, maxLength: 30 })), (op, t, values) => {
        const node = compileRequirement({ type: 'compare', id: 'c', metric: 'a', op, value: t }, table([values, values, values]));
        const n = values.length;
        const list = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
        const met = new Uint8Array(n);
        metOver(node, list, n, met);
        const state = new Int32Array(n);
        bandOver(node, list, n, 10, state);
        const progress = new Float64Array(n);
        writeProgress(node, list, n, progress, false);
        list.forEach((p, i) => {
          const v = values[p]!;
          expect(met[p]).toBe(holds(op, v, t) ? 1 : 0);
          expect(state[i]).toBe((holds(op, v, t) ? 1 : 0) + (holds(op, v, t - (10 * Math.abs(t)) / 100) ? 1 : 0));
          expect(progress[i]).toBe(leafProgress(op, v, t));
        });
      }),
      { numRuns: 400, seed: 20261211 },
    );
  });
  it('isTrue, read from its truth copy, is decided, banded and progressed as the column reads', () => {
    fc.assert(
      fc.property(fc.array(edgy, { minLength: 1, maxLength: 30 }), fc.constantFrom(0, 10, 150), (values, band) => {
        const node = compileRequirement({ type: 'compare', id: 'c', metric: 'a', op: 'isTrue' }, table([values, values, values]));
        const n = values.length;
        for (const list of [Int32Array.from({ length: n }, (_, i) => i), Int32Array.from({ length: n }, (_, i) => n - 1 - i)]) {
          const met = new Uint8Array(n);
          metOver(node, list, n, met);
          const state = new Int32Array(n);
          bandOver(node, list, n, band, state);
          const progress = new Float64Array(n);
          writeProgress(node, list, n, progress, false);
          list.forEach((p, i) => {
            const yes = holds('isTrue', values[p]!, undefined);
            expect(met[p]).toBe(yes ? 1 : 0);
            expect(state[i]).toBe(yes ? 2 : 0);
            expect(progress[i]).toBe(yes ? 1 : 0);
          });
        }
      }),
      { numRuns: 300, seed: 20261210 },
    );
  });
});

describe('explanations of an outcome after other evaluations', () => {
  it('are those given at once', () => {
    const data = generatePartners({ seed: 3, count: 400 });
    const examples = exampleScenarios();
    const partners = [0, 1, 7, 42, 99, 200, 333, 399];
    const outcomes = examples.map((sc) => {
      const outcome = evaluate(sc, data);
      return { sc, outcome, at: partners.map((p) => explainPartner(outcome, p)) };
    });
    // others evaluated since: the pooled masks hold other scenarios now
    for (const sc of examples) evaluateTiers(sc, data);
    const later = examples.map((sc) => evaluate(sc, data));
    for (const { outcome, at } of outcomes) expect(partners.map((p) => explainPartner(outcome, p))).toStrictEqual(at);
    // and an outcome explained only after the next evaluation: as its twin explained at once
    const first = examples.map((sc) => evaluate(sc, data));
    for (const sc of examples) evaluate(sc, data);
    first.forEach((outcome, i) => expect(partners.map((p) => explainPartner(outcome, p))).toStrictEqual(outcomes[i]!.at));
    expect(later.length).toBe(examples.length);
  });
});
