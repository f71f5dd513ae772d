/** DESIGN D5 / D7.4: how much of the conflict-prone benefits the enabled offsetting rules cover. */
import type { Coverage } from '../../../../../shared/engine';
import { formatCount } from '../../../../../shared/model/format';
import { ofTotal, TierLabel, type SelectTier, type TierIndex } from '../../../components/outcome/common';

/** "lead_routing" → "lead routing" */
export function conflictLabel(type: string): string {
  return type.replace(/_/g, ' ');
}

export function CoverageSection({ coverage, index, onSelectTier }: { coverage: Coverage; index: TierIndex; onSelectTier?: SelectTier | undefined }) {
  const { pairs, grants, uncovered } = coverage;
  return (
    <section className="op-section" aria-label="Conflict coverage">
      <h3 className="op-h">Conflict coverage</h3>
      <dl className="op-facts">
        <dt>Tier–benefit pairs covered</dt>
        <dd className="op-num" data-testid="coverage-pairs">
          {pairs.total === 0 ? 'no conflict-prone benefits' : ofTotal(pairs.covered, pairs.total, formatCount)}
        </dd>
        <dt>Grants covered</dt>
        <dd className="op-num" data-testid="coverage-grants">
          {grants.total === 0 ? 'no grants' : ofTotal(grants.covered, grants.total, formatCount)}
        </dd>
      </dl>
      {uncovered.length === 0 ? (
        pairs.total > 0 && <p className="op-muted op-ok">Every conflict-prone benefit is covered by an enabled offsetting rule.</p>
      ) : (
        <table className="op-table" aria-label="Uncovered pairs" data-testid="uncovered-table">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Benefit</th>
              <th scope="col">Conflict</th>
              <th scope="col" className="op-num">
                Partners
              </th>
            </tr>
          </thead>
          <tbody>
            {uncovered.map((u) => {
              const info = index.tier(u.ladderId, u.tierId);
              const label = <TierLabel name={u.tier} color={info?.color ?? 'transparent'} ladderName={info?.ladderName} />;
              return (
                <tr key={`${u.ladderId}/${u.tierId}/${u.benefitId}`}>
                  <td>
                    {onSelectTier ? (
                      <button type="button" className="op-tier-button" onClick={() => onSelectTier(u.ladderId, u.tierId)}>
                        {label}
                      </button>
                    ) : (
                      label
                    )}
                  </td>
                  <td>{u.benefit}</td>
                  <td>{conflictLabel(u.conflictType)}</td>
                  <td className="op-num">{formatCount(u.partners)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
