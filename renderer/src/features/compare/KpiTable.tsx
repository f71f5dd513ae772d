/** The KPI table: one column per scenario, each figure with its delta against the reference scenario. */
import { Fragment, useMemo } from 'react';
import type { ComparisonResult } from '../../../../shared/engine';
import type { ComparedScenario } from '../../engine/core';
import { deltaTone, kpiRows, referenceIndex, type KpiRow, type Tone } from '../../../../shared/report/kpis';
import { compareDistributionData } from './charts/CompareDistributionChart';

/** The figures presentation mode shows: the room reads a few large numbers (its next slide charts every tier). */
const PRESENTED = new Set(['tiered', 'topTierShare', 'topTierValueShare', 'hours', 'mdf', 'margin', 'pairCoverage', 'promoted', 'downgrades', 'alerts', 'reviewFindings']);
const presented = (r: KpiRow) => PRESENTED.has(r.id);

export function KpiTable({
  comparison,
  scenarios,
  highlight,
  large = false,
}: {
  comparison: ComparisonResult;
  scenarios: readonly ComparedScenario[];
  /** a scenario (index) to stand out, as presentation mode steps through them */
  highlight?: number | undefined;
  large?: boolean;
}) {
  // a tier row's swatch in the colour the distribution chart gives that tier name (distinct, not the ladder's own)
  const swatches = useMemo(() => {
    const { datasets } = compareDistributionData(comparison, scenarios, undefined, 'tier');
    return new Map(datasets.map((d, i) => [i === datasets.length - 1 ? 'tier:untiered' : `tier:${d.key}`, d.color]));
  }, [comparison, scenarios]);
  const rows = kpiRows(comparison, scenarios)
    .filter((r) => !large || presented(r))
    .map((r) => (r.color ? { ...r, color: swatches.get(r.id) ?? r.color } : r));
  const reference = referenceIndex(comparison);
  // the engine names a baseline only when one is marked; otherwise the changes are against the first
  const marked = comparison.baseline !== null;
  const groups = [...new Set(rows.map((r) => r.group))];
  // large type is read from the back of a room: the scenario in focus is marked, the others stay legible
  const dim = (i: number) => (!large && highlight !== undefined && highlight !== i ? ' cmp-dim' : '');
  return (
    <table className={large ? 'cmp-kpis cmp-large' : 'cmp-kpis'} data-testid="kpi-table">
      {marked ? (
        <caption className="cmp-sr">Key figures per scenario; the differences are against {comparison.scenarios[reference]?.name} (the baseline).</caption>
      ) : (
        // no baseline is marked: the scenario the changes are against is named, never called the baseline
        <caption className="muted small" style={{ textAlign: 'left' }} data-testid="kpi-reference">
          Changes against {comparison.scenarios[reference]?.name} (the first scenario; none of these is marked as the baseline).
        </caption>
      )}
      <thead>
        <tr>
          <th scope="col">
            <span className="cmp-sr">Figure</span>
          </th>
          {comparison.scenarios.map((k, i) => (
            <th key={k.name} scope="col" className={`cmp-num${dim(i)}${highlight === i ? ' cmp-current' : ''}`} data-testid={`kpi-head-${i}`}>
              <span className="cmp-name">{k.name}</span>
              {i === reference && <span className="cmp-ref">{marked ? 'baseline' : 'reference'}</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <Fragment key={group}>
            <tr className={large ? 'cmp-group cmp-sr-row' : 'cmp-group'}>
              <th scope="colgroup" colSpan={comparison.scenarios.length + 1}>
                {group}
              </th>
            </tr>
            {rows
              .filter((r) => r.group === group)
              .map((row) => (
                <tr key={row.id}>
                  <th scope="row" title={row.help}>
                    {row.color && <span className="op-swatch" style={{ background: row.color }} aria-hidden="true" />}
                    {row.label}
                  </th>
                  {row.cells.map((c, i) => (
                    <td
                      key={i}
                      className={`cmp-num${c.warn ? ' cmp-warn' : ''}${dim(i)}${highlight === i ? ' cmp-current' : ''}`}
                      data-testid={`kpi-${row.id}-${i}`}
                      data-value={c.value ?? ''}
                    >
                      <span className="cmp-value">{c.text}</span>
                      {c.deltaText && <Delta text={c.deltaText} tone={c.deltaText === '±0' ? null : deltaTone(row.better, c.delta)} testId={`kpi-${row.id}-${i}-delta`} />}
                      {c.note && <span className="cmp-note">{c.note}</span>}
                    </td>
                  ))}
                </tr>
              ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A change against the reference, its sign as computed, coloured by whether it is good for
 * the program (the row's `better`): good green, bad the warning colour, neither the ink.
 */
function Delta({ text, tone, testId }: { text: string; tone: Tone | null; testId: string }) {
  const kind = text === '±0' ? ' cmp-same' : tone === 'good' ? ' cmp-good' : tone === 'bad' ? ' cmp-bad' : '';
  return (
    <>
      <span className={`cmp-delta${kind}`} data-testid={testId} data-tone={tone ?? 'neutral'} title={tone === 'good' ? 'better for the program' : tone === 'bad' ? 'worse for the program' : undefined}>
        {text}
      </span>
      {tone && <span className="cmp-sr">{tone === 'good' ? ' (better)' : ' (worse)'}</span>}
    </>
  );
}
