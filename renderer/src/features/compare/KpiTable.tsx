/** The KPI table: one column per scenario, each figure with its delta against the reference scenario. */
import { Fragment } from 'react';
import type { ComparisonResult } from '../../../../shared/engine/compare';
import type { ComparedScenario } from '../../engine/core';
import { kpiRows, referenceIndex, type KpiRow } from '../../../../shared/report/kpis';

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
  const rows = kpiRows(comparison, scenarios).filter((r) => !large || presented(r));
  const reference = referenceIndex(comparison);
  const groups = [...new Set(rows.map((r) => r.group))];
  // large type is read from the back of a room: the scenario in focus is marked, the others stay legible
  const dim = (i: number) => (!large && highlight !== undefined && highlight !== i ? ' cmp-dim' : '');
  return (
    <table className={large ? 'cmp-kpis cmp-large' : 'cmp-kpis'} data-testid="kpi-table">
      <caption className="cmp-sr">
        Key figures per scenario; the differences are against {comparison.scenarios[reference]?.name}
        {comparison.baseline ? ' (the baseline)' : ' (the first scenario; none of these is marked as the baseline)'}.
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="cmp-sr">Figure</span>
          </th>
          {comparison.scenarios.map((k, i) => (
            <th key={k.name} scope="col" className={`cmp-num${dim(i)}${highlight === i ? ' cmp-current' : ''}`} data-testid={`kpi-head-${i}`}>
              <span className="cmp-name">{k.name}</span>
              {i === reference && <span className="cmp-ref">{comparison.baseline ? 'baseline' : 'reference'}</span>}
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
                      {c.deltaText && (
                        <span className={`cmp-delta${c.deltaText === '±0' ? ' cmp-same' : ''}`} data-testid={`kpi-${row.id}-${i}-delta`}>
                          {c.deltaText}
                        </span>
                      )}
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
