/**
 * Derived metrics as a whole (DESIGN D3.1): each definition's key checked, its formula parsed
 * against the dataset's metrics and the other derived metrics, and the definitions put in
 * dependency order, with circular references reported. The engine computes them in that
 * order (computeDerived in shared/engine/formula-eval.ts).
 */
import { err, ok, type Result } from '../result';
import { MetricKeySchema } from '../workspace';
import type { FormulaNode, ParsedFormula } from './ast';
import { clip, parseFormula } from './parse';

export interface DerivedDef {
  key: string;
  formula: string;
}

export type DerivedError = { key: string; error: string };

/**
 * Orders derived metrics so that each comes after the ones it uses (depth-first in the
 * given order: a metric's inputs are placed just before it). Errors, one per key: an
 * invalid or duplicate key, a key that shadows a metric of the dataset, a formula that does
 * not parse or uses an unknown metric, and cycles (`circular reference: growth → margin →
 * growth`, reported for every metric on the cycle, starting from that metric).
 */
export function orderDerived(
  defs: readonly DerivedDef[],
  baseKeys: ReadonlySet<string>,
): Result<({ key: string } & ParsedFormula)[], DerivedError[]> {
  const errors = new Map<string, string>();
  const addError = (key: string, error: string): void => {
    if (!errors.has(key)) errors.set(key, error);
  };

  const derivedKeys = new Set<string>();
  const valid: DerivedDef[] = [];
  for (const def of defs) {
    if (!MetricKeySchema.safeParse(def.key).success) {
      addError(def.key, `"${clip(def.key)}" is not a valid metric key (lower-case letters, digits and _, starting with a letter)`);
    } else if (baseKeys.has(def.key)) {
      addError(def.key, `"${def.key}" is already a metric of the dataset; a derived metric needs its own key`);
    } else if (derivedKeys.has(def.key)) {
      addError(def.key, `"${def.key}" is defined more than once`);
    } else {
      derivedKeys.add(def.key);
      valid.push(def);
    }
  }

  const known = new Set<string>([...baseKeys, ...derivedKeys]);
  const parsed = new Map<string, { key: string; ast: FormulaNode; refs: string[] }>();
  for (const def of valid) {
    const result = parseFormula(def.formula, known);
    if (result.ok) parsed.set(def.key, { key: def.key, ...result.value });
    else addError(def.key, result.error.message);
  }

  // depth-first, in the given order; a reference back to a metric still on the path is a cycle
  const order: { key: string; ast: FormulaNode; refs: string[] }[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): void => {
    const entry = parsed.get(key);
    if (entry === undefined || state.get(key) === 'done') return;
    state.set(key, 'visiting');
    path.push(key);
    for (const ref of entry.refs) {
      if (!derivedKeys.has(ref)) continue;
      if (state.get(ref) === 'visiting') {
        const cycle = path.slice(path.indexOf(ref));
        for (let i = 0; i < cycle.length; i++) {
          const rotated = [...cycle.slice(i), ...cycle.slice(0, i)];
          addError(rotated[0]!, `circular reference: ${[...rotated, rotated[0]].join(' → ')}`);
        }
      } else {
        visit(ref);
      }
    }
    path.pop();
    state.set(key, 'done');
    order.push(entry);
  };
  for (const def of valid) visit(def.key);

  if (errors.size > 0) {
    return err([...errors].map(([key, error]) => ({ key, error })));
  }
  return ok(order);
}
