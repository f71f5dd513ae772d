/**
 * Before any number of the outcome: what stands between the design and the list it is
 * evaluated on — metrics the list lacks (with where they are read, and "Fit to this list…"),
 * today's tiers it does not place (with "Place today's tiers…"), and what Tierscape placed
 * automatically when the scenario was put on the list.
 */
import type { TodayTierRow } from '../../../../shared/engine';
import { missingMetrics } from '../../../../shared/model/fit';
import { formatCount } from '../../../../shared/model/format';
import type { Scenario } from '../../../../shared/model/scenario';
import { describeMatch } from '../../../../shared/model/tier-mapping';
import type { MetricDef } from '../../../../shared/model/workspace';
import type { PlacementNote } from '../../stores/scenario.slice';

export interface ListNoticesProps {
  scenario: Scenario;
  listLabel: string;
  listMetrics: readonly MetricDef[];
  todayTiers: readonly TodayTierRow[] | null;
  note: PlacementNote | null;
  onFit(): void;
  onPlaceTiers(): void;
  onDismissNote(): void;
}

const HOW: Record<PlacementNote['how'], string> = { created: 'created on', imported: 'imported onto', duplicated: 'copied onto', moved: 'moved onto' };

export function ListNotices({ scenario, listLabel, listMetrics, todayTiers, note, onFit, onPlaceTiers, onDismissNote }: ListNoticesProps) {
  const missing = missingMetrics(scenario, listMetrics);
  const unplaced = todayTiers?.filter((t) => !t.placed) ?? [];
  const partners = unplaced.reduce((s, t) => s + t.count, 0);
  if (missing.length === 0 && unplaced.length === 0 && !(note && note.placement.mapped.length > 0)) return null;
  return (
    <div className="list-notices" data-testid="list-notices">
      {missing.length > 0 && (
        <div className="list-notice warning" role="alert" data-testid="missing-metrics">
          <strong>
            {missing.length === 1 ? `${listLabel} has no metric “${missing[0]!.label}”` : `${listLabel} lacks ${missing.length} metrics this design reads`}
          </strong>
          <details open={missing.length <= 3}>
            <summary>{missing.length === 1 ? 'Where it is read' : `${missing.slice(0, 3).map((m) => m.label).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`}</summary>
            <ul>
              {missing.map((m) => (
                <li key={m.key}>
                  {m.label} <code>{m.key}</code>: read by {m.uses.map((u) => u.where).join(', ')}
                </li>
              ))}
            </ul>
          </details>
          <p>Until {missing.length === 1 ? 'it is' : 'they are'} bound to a column of the list, requirements on {missing.length === 1 ? 'it' : 'them'} are never met: the numbers below are not this design’s.</p>
          <button type="button" className="primary" onClick={onFit}>
            Fit to this list…
          </button>
        </div>
      )}
      {unplaced.length > 0 && (
        <div className="list-notice warning" role="alert" data-testid="unplaced-tiers">
          <strong>
            Today’s {unplaced.length === 1 ? 'tier' : 'tiers'} {unplaced.map((t) => `“${t.label}”`).join(', ')} {unplaced.length === 1 ? 'is' : 'are'} not placed on this design
          </strong>
          <p>
            {formatCount(partners)} partner{partners === 1 ? ' counts' : 's count'} as having no tier today: movement shows them as newly tiered, never as promoted or
            demoted.
          </p>
          <button type="button" onClick={onPlaceTiers}>
            Place today’s tiers…
          </button>
        </div>
      )}
      {note && note.placement.mapped.length > 0 && (
        <div className="list-notice info" role="status" data-testid="placement-note">
          <p>
            {scenario.name} was {HOW[note.how]} {note.placement.dataset ?? listLabel}. Tierscape placed its tier labels:{' '}
            {note.placement.mapped.map((e) => describeMatch(e, scenario)).join('; ')}.
          </p>
          <span className="row">
            <button type="button" onClick={onPlaceTiers}>
              Review today’s tiers
            </button>
            <button type="button" className="link" onClick={onDismissNote}>
              Dismiss
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
