/** DESIGN D7.1: partners per tier, count and share, per motion and for all partners. */
import type { DistributionRow, OutcomeSummary } from '../../../../../shared/engine';
import { countOf, formatCount, formatShare } from '../../../../../shared/model/format';
import { rowKey, rowLabel, TableHead, type TierIndex } from '../../../components/outcome/common';
import { DistributionChart } from '../../../components/outcome/DistributionChart';

interface Group {
  motion: string;
  rows: DistributionRow[];
  total: number;
}

function groupsOf(distribution: readonly DistributionRow[]): Group[] {
  const byMotion = new Map<string, DistributionRow[]>();
  for (const row of distribution) {
    const rows = byMotion.get(row.motion);
    if (rows) rows.push(row);
    else byMotion.set(row.motion, [row]);
  }
  const groups = [...byMotion].map(([motion, rows]) => ({ motion, rows, total: rows.reduce((s, r) => s + r.count, 0) }));
  // all partners last
  return [...groups.filter((g) => g.motion !== '*'), ...groups.filter((g) => g.motion === '*')];
}

export function DistributionSection({ outcome, index }: { outcome: OutcomeSummary; index: TierIndex }) {
  const groups = groupsOf(outcome.distribution);
  return (
    <section className="op-section" aria-label="Distribution">
      <h3 className="op-h">Distribution per motion</h3>
      <DistributionChart outcome={outcome} />
      <table className="op-table" data-testid="distribution-table" aria-label="Partners per tier, per motion and for all partners">
        <TableHead first="Tier" numbers={['Partners', 'Share']} />
        {groups.map((group) => {
          const all = group.motion === '*';
          const ladderIds = [...new Set(group.rows.map((r) => r.ladderId).filter((id): id is string => id !== null))];
          const ladders = ladderIds.map((id) => index.ladderName(id)).join(', ');
          return (
            <tbody key={group.motion}>
              <tr className="op-group">
                <th scope="colgroup" colSpan={3}>
                  {all ? 'All partners' : group.motion}
                  <span className="op-muted">
                    {' '}
                    · {countOf(group.total, 'partner')}{!all && (ladders ? ` · ${ladders}` : ' · no ladder')}
                  </span>
                </th>
              </tr>
              {group.rows.map((row) => (
                <tr key={rowKey(row)} className={row.tierId === null ? 'op-untiered' : undefined}>
                  <th scope="row">{rowLabel(row, index, all && index.several)}</th>
                  <td className="op-num" data-testid={`dist-${row.motion}-${row.tierId ?? 'untiered'}`}>
                    {formatCount(row.count)}
                  </td>
                  <td className="op-num">{formatShare(row.share)}</td>
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </section>
  );
}
