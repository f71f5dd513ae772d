/**
 * Above the key figures, per scenario: what makes its numbers not the design's on the list
 * compared — metrics the list lacks (requirements on them never met), today's tiers it does
 * not place (their partners count as having no tier today). Each with the way out: fit a
 * copy to the list, or place today's tiers in the workbench.
 */
import { useState } from 'react';
import type { ScenarioKpis } from '../../../../shared/engine';
import { humanKey } from '../../../../shared/model/fit';
import type { Scenario } from '../../../../shared/model/scenario';
import type { DatasetSummary } from '../../../../shared/model/workspace';
import { getApi } from '../../api/client';
import { datasetOfScenario } from '../../stores/scenario.slice';
import { useStore } from '../../stores/store';
import { FitDialog } from '../../components/FitDialog';
import { messageOf } from '../../lib/errors';

const quoted = (items: readonly string[]) => items.map((x) => `“${x}”`).join(', ');

export interface FitWarningsProps {
  ids: readonly number[];
  scenarios: readonly Pick<ScenarioKpis, 'name' | 'missingMetrics' | 'unplacedTiers'>[];
  list: DatasetSummary;
  /** presentation: the sentences only, no buttons */
  plain?: boolean;
}

export function FitWarnings({ ids, scenarios, list, plain = false }: FitWarningsProps) {
  const summaries = useStore((s) => s.workspace?.scenarios ?? []);
  const datasets = useStore((s) => s.workspace?.datasets ?? []);
  const fitCopy = useStore((s) => s.fitCopyIntoComparison);
  const openScenario = useStore((s) => s.openScenario);
  const setView = useStore((s) => s.setView);
  const setWorkbenchTab = useStore((s) => s.setWorkbenchTab);
  const [fitting, setFitting] = useState<{ id: number; scenario: Scenario } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const flagged = scenarios.map((k, i) => ({ k, id: ids[i]! })).filter(({ k }) => k.missingMetrics.length > 0 || k.unplacedTiers.length > 0);
  if (flagged.length === 0) return null;

  const startFit = async (id: number) => {
    try {
      setFitting({ id, scenario: (await getApi().call('scenario:get', { id })).scenario });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const placeTiers = (id: number) => {
    setWorkbenchTab('today');
    setView('scenarios');
    void openScenario(id);
  };

  return (
    <div className="cmp-fit-warnings" data-testid="compare-fit-warnings">
      {flagged.map(({ k, id }) => {
        const own = datasetOfScenario(datasets, summaries.find((s) => s.id === id)?.datasetId ?? null);
        return (
          <div key={id} className="list-notice warning" role="alert" data-testid={`fit-warning-${k.name}`}>
            {k.missingMetrics.length > 0 && (
              <p>
                <strong>{k.name}</strong> reads {k.missingMetrics.length === 1 ? 'a metric' : 'metrics'} {list.label} does not have ({quoted(k.missingMetrics.map(humanKey))}):
                requirements on {k.missingMetrics.length === 1 ? 'it are' : 'them are'} never met, so its figures below are not the design’s.{' '}
                {!plain && (
                  <button type="button" onClick={() => void startFit(id)}>
                    Fit a copy to {list.label}…
                  </button>
                )}
              </p>
            )}
            {k.unplacedTiers.length > 0 && (
              <p>
                <strong>{k.name}</strong> does not place today’s {k.unplacedTiers.length === 1 ? 'tier' : 'tiers'} {quoted(k.unplacedTiers)} of {list.label}: their partners
                count as having no tier today (newly tiered, never promoted or demoted).{' '}
                {!plain && own?.id === list.id && (
                  <button type="button" onClick={() => placeTiers(id)}>
                    Place today’s tiers…
                  </button>
                )}
              </p>
            )}
          </div>
        );
      })}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {fitting && (
        <FitDialog
          scenario={fitting.scenario}
          dataset={list}
          action="Make a fitted copy"
          note={`The copy is saved as a new scenario on ${list.label} and compared in place of ${fitting.scenario.name}; the original is kept as it is.`}
          onApply={(bindings) => fitCopy(fitting.id, bindings)}
          onClose={() => setFitting(null)}
        />
      )}
    </div>
  );
}
