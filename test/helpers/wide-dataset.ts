/**
 * A synthetic dataset of `n` partners × `m` metrics for the column transport's tests: metric
 * values of every bit pattern with NaN (no data) and -0 among them, and identity texts with
 * quotes, accents, astral characters and line breaks.
 */
import { encodeColumns, type DatasetColumns } from '../../shared/ipc/columns';
import type { IdentityColumns } from '../../shared/model/dataset';
import type { MetricDef } from '../../shared/model/workspace';

export function wideDataset(n: number, m: number, seed = 1): DatasetColumns {
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const metrics: MetricDef[] = Array.from({ length: m }, (_, i) => ({ key: `metric_${i}`, label: `Metric ${i}`, kind: 'count', unit: null }));
  const values = Array.from({ length: m }, () => {
    const column = new Float64Array(n);
    const words = new Uint32Array(column.buffer);
    for (let i = 0; i < words.length; i++) words[i] = next();
    for (let i = 0; i < n; i += 7) column[i] = Number.NaN;
    for (let i = 3; i < n; i += 11) column[i] = -0;
    return column;
  });
  const identity: IdentityColumns = {
    id: Array.from({ length: n }, (_, i) => `P${i}`),
    name: Array.from({ length: n }, (_, i) => `Partner "${i}" — Ünïcødé 𝔸 ${i % 13 === 0 ? '\n\\' : ''}`),
    motion: Array.from({ length: n }, (_, i) => ['reseller', 'services', 'technology'][i % 3]!),
    currentTier: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : 'Gold')),
    region: Array.from({ length: n }, (_, i) => (i % 2 ? 'EMEA' : null)),
    segment: Array.from({ length: n }, () => null),
    owner: Array.from({ length: n }, (_, i) => `Owner ${i % 40}`),
  };
  return encodeColumns(9, 'Wide list', metrics, identity, values);
}
