/**
 * DESIGN D7.5–D7.7: movement against current tiers, the rollout after the policies, near
 * misses. The rollout states partition the downgrades (docs/ENGINE.md, "Rollout
 * policies"): warned + limited + grandfathered + demoted now = downgrades owed.
 */
import type { MovementCounts, NearMiss, RolloutCounts } from '../../../../../shared/engine';
import { formatCount, formatMoney } from '../../../../../shared/model/format';

function Facts({ label, items }: { label: string; items: [string, string, string?][] }) {
  return (
    <dl className="op-facts op-facts-grid" aria-label={label}>
      {items.map(([name, value, testId]) => (
        <div key={name} className="op-fact">
          <dt>{name}</dt>
          <dd className="op-num" data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** `currency`: the grace cost's (the list's, an ISO code); US dollars when not given. */
export function MovementSection({ movement, rollout, nearMiss, currency }: { movement: MovementCounts; rollout: RolloutCounts; nearMiss: NearMiss; currency?: string }) {
  const grace = rollout.graceCost;
  const graceMoney = formatMoney(grace.mdf + grace.fixed + grace.margin, currency);
  const c = formatCount;
  return (
    <section className="op-section" aria-label="Movement">
      <h3 className="op-h">Movement</h3>
      <Facts
        label="Against current tiers"
        items={[
          ['Promoted', c(movement.promoted), 'move-promoted'],
          ['Demoted', c(movement.demoted), 'move-demoted'],
          ['Unchanged', c(movement.unchanged), 'move-unchanged'],
          ['Newly tiered', c(movement.newlyTiered), 'move-newlyTiered'],
          ['Lost tier', c(movement.lostTier), 'move-lostTier'],
          ['Downgrades owed', c(movement.downgrades), 'move-downgrades'],
          ['Exit candidates', c(movement.exitCandidates), 'move-exitCandidates'],
          ['Overridden', c(movement.overridden), 'move-overridden'],
        ]}
      />
      <h4 className="op-h4">Rollout after policies</h4>
      <p className="op-muted" data-testid="rollout-partition">
        {movement.downgrades === 1 ? 'The 1 downgrade owed: warned, limited, grandfathered or demoted now.' : `The ${c(movement.downgrades)} downgrades owed: warned, limited, grandfathered or demoted now.`}
      </p>
      <Facts
        label="Rollout after policies"
        items={[
          ['Warned, not demoted', c(rollout.warned), 'rollout-warned'],
          ['Limited', c(rollout.limited), 'rollout-limited'],
          ['Grandfathered', c(rollout.grandfathered), 'rollout-grandfathered'],
          ['Demoted now', c(rollout.demoted), 'rollout-demoted'],
          ['Grace cost', grace.hours > 0 ? `${graceMoney} · ${c(grace.hours)} h` : graceMoney, 'rollout-graceCost'],
        ]}
      />
      <h4 className="op-h4">Near miss</h4>
      <Facts
        label="Near miss"
        items={[
          ['Within 10 % of the next tier', c(nearMiss.within10), 'nearmiss-10'],
          ['Within 20 %', c(nearMiss.within20), 'nearmiss-20'],
        ]}
      />
    </section>
  );
}
