/**
 * What changed between the designs (issue 24): under the key figures, the changes from the
 * reference scenario (the baseline, else the first) to another compared one, as sentences
 * grouped by the part of the design — the same words as the workbook's Summary and the CLI's
 * `compare --json` (shared/engine design-diff). With more than two compared, a chooser picks
 * the other one; a long list shows its first changes and a button for the rest.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { designDiff, type DesignDiff, type DesignDiffMetric, type DesignDiffSection } from '../../../../shared/engine';
import { countOf } from '../../../../shared/model/format';
import type { Scenario } from '../../../../shared/model/scenario';
import { referenceIndex } from '../../../../shared/report/kpis';
import { getApi } from '../../api/client';
import { messageOf } from '../../lib/errors';
import { useStore } from '../../stores/store';

/** How many changes show before "Show all …". */
export const DESIGN_CHANGES_SHOWN = 12;

/** The first `limit` changes, part by part (a part cut short keeps its heading). */
function firstChanges(sections: readonly DesignDiffSection[], limit: number): DesignDiffSection[] {
  const out: DesignDiffSection[] = [];
  let left = limit;
  for (const s of sections) {
    if (left <= 0) break;
    out.push(s.changes.length <= left ? s : { ...s, changes: s.changes.slice(0, left) });
    left -= s.changes.length;
  }
  return out;
}

export interface DesignChangesProps {
  /** the compared scenarios, in the comparison's order */
  scenarios: readonly Scenario[];
  /** their names as the comparison shows them */
  names: readonly string[];
  /** the one the changes are against */
  reference: number;
  /** a marked baseline (else the reference is the first) */
  baselineMarked: boolean;
  /** the metrics of the list compared on (labels, kinds, its currency) */
  metrics: readonly DesignDiffMetric[];
}

/** The changes from the reference to one other compared scenario, chosen when there are several. */
export function DesignChanges({ scenarios, names, reference, baselineMarked, metrics }: DesignChangesProps) {
  const others = scenarios.map((_, i) => i).filter((i) => i !== reference);
  const [picked, setPicked] = useState<number>(others[0] ?? 0);
  const [all, setAll] = useState(false);
  const other = others.includes(picked) ? picked : (others[0] ?? 0);
  const listId = useId();
  const alone = others.length === 0;
  const diff: DesignDiff | null = useMemo(() => (alone ? null : designDiff(scenarios[reference]!, scenarios[other]!, metrics)), [alone, scenarios, reference, other, metrics]);
  if (!diff) return null;
  const against = `${names[reference]}${baselineMarked ? ' (the baseline)' : ' (the reference)'}`;
  const long = diff.count > DESIGN_CHANGES_SHOWN;
  const shown = long && !all ? firstChanges(diff.sections, DESIGN_CHANGES_SHOWN) : diff.sections;
  return (
    <div className="cmp-dd" data-testid="design-diff">
      <p className="cmp-dd-pair" data-testid="design-diff-pair">
        {others.length > 1 ? (
          <select
            aria-label="Scenario whose design changes to show"
            value={other}
            onChange={(e) => {
              setPicked(Number(e.target.value));
              setAll(false);
            }}
          >
            {others.map((i) => (
              <option key={i} value={i}>
                {names[i]}
              </option>
            ))}
          </select>
        ) : (
          <strong>{names[other]}</strong>
        )}{' '}
        against {against}: {diff.same ? 'the same design (they differ only in name and description)' : countOf(diff.count, 'change')}
      </p>
      {!diff.same && (
        <div className="cmp-dd-parts" id={listId}>
          {shown.map((s) => (
            <section key={s.kind} className="cmp-dd-part" aria-label={s.title}>
              <h3>{s.title}</h3>
              <ul>
                {s.changes.map((c) => (
                  <li key={c.key}>{c.text}</li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {long && (
        <button type="button" className="link" aria-expanded={all} aria-controls={listId} onClick={() => setAll(!all)} data-testid="design-diff-more">
          {all ? `Show the first ${DESIGN_CHANGES_SHOWN} changes` : `Show all ${diff.count} changes`}
        </button>
      )}
    </div>
  );
}

/**
 * The stored scenarios of the comparison (the open draft where it is one of them), read again
 * for each comparison; until they arrive, those of the last one on the same scenarios (an
 * edit does not blank the list).
 */
function useComparedScenarios(): { scenarios: Scenario[] | null; error: string | null } {
  const comparison = useStore((s) => s.comparison);
  const activeId = useStore((s) => s.activeScenario?.id ?? null);
  const [loaded, setLoaded] = useState<{ ids: string; scenarios: Scenario[] | null; error: string | null }>({ ids: '', scenarios: null, error: null });
  useEffect(() => {
    if (!comparison) return;
    let live = true;
    const { draft, ids } = comparison;
    Promise.all(ids.map(async (id) => (draft && id === activeId ? draft : (await getApi().call('scenario:get', { id })).scenario)))
      .then((scenarios) => live && setLoaded({ ids: ids.join(','), scenarios, error: null }))
      .catch((error: unknown) => live && setLoaded({ ids: ids.join(','), scenarios: null, error: messageOf(error) }));
    return () => {
      live = false;
    };
  }, [comparison, activeId]);
  return comparison && loaded.ids === comparison.ids.join(',') ? loaded : { scenarios: null, error: null };
}

/** The card under the key figures. */
export function DesignDiffCard() {
  const comparison = useStore((s) => s.comparison);
  const datasets = useStore((s) => s.workspace?.datasets);
  const { scenarios, error } = useComparedScenarios();
  const metrics = useMemo(() => datasets?.find((d) => d.id === comparison?.datasetId)?.metrics ?? [], [datasets, comparison?.datasetId]);
  if (!comparison) return null;
  return (
    <section className="cmp-card" aria-labelledby="design-diff-title">
      <h2 id="design-diff-title">What changed between the designs</h2>
      {error && <p className="field-error">The designs could not be read: {error}</p>}
      {!error && !scenarios && <p className="muted small">Reading the designs…</p>}
      {scenarios && (
        <DesignChanges
          scenarios={scenarios}
          names={comparison.names}
          reference={referenceIndex(comparison.comparison)}
          baselineMarked={comparison.comparison.baseline !== null}
          metrics={metrics}
        />
      )}
    </section>
  );
}
