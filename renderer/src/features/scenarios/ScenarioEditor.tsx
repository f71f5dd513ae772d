/**
 * The workbench's editor of the open scenario (DESIGN D4–D7): its name, the list it is
 * evaluated on, undo / redo and the save status; the tabs of its parts (ladders, today's
 * tiers, benefits and rules, settings, derived metrics); and its outcome, a pane beside the
 * editor or, in a narrow window, a tab of its own. Shown by ScenariosView.tsx.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useStore as useZustand } from 'zustand';
import { metricLookup } from '../../../../shared/model/describe';
import { editorMetrics } from '../../lib/editor-metrics';
import type { Scenario } from '../../../../shared/model/scenario';
import { getApi } from '../../api/client';
import { datasetOfScenario } from '../../stores/scenario.slice';
import { useStore } from '../../stores/store';
import { BenefitsEditor } from './editor/BenefitsEditor';
import { DerivedMetricsEditor } from './editor/DerivedMetricsEditor';
import { LadderEditor } from './editor/LadderEditor';
import { RulesEditor } from './editor/RulesEditor';
import { SettingsForm } from './editor/SettingsForm';
import { TodayTiersEditor } from './editor/TodayTiersEditor';
import { FitDialog } from '../../components/FitDialog';
import { ListNotices } from './ListNotices';
import { unsavedText, useInvalidEntries } from './invalid-entries';
import { OutcomePanel } from './outcome/OutcomePanel';
import { bindMetrics } from '../../../../shared/model/fit';
import type { WorkbenchTab } from '../../stores/ui.slice';

/** Each tab's name; a narrow editor shows only its `short` start (styles.css). */
const TABS: readonly { id: WorkbenchTab; label: string; short: string }[] = [
  { id: 'ladders', label: 'Ladders', short: 'Ladders' },
  { id: 'today', label: 'Today’s tiers', short: 'Today’s tiers' },
  { id: 'benefits', label: 'Benefits & rules', short: 'Benefits' },
  { id: 'settings', label: 'Assumptions & policies', short: 'Assumptions' },
  { id: 'derived', label: 'Derived metrics', short: 'Derived' },
];

/** Below this window width the outcome is a tab beside the editor's instead of a pane beside it. */
const NARROW_QUERY = '(max-width: 1279.98px)';

function subscribeNarrow(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the window is too narrow for the editor and the outcome side by side. */
function useNarrowWindow(): boolean {
  return useSyncExternalStore(
    subscribeNarrow,
    () => typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches,
    () => false,
  );
}

/** A few partners' values, for the derived-metric preview. */
function usePreview(datasetId: number | null) {
  const [preview, setPreview] = useState<{ names: string[]; columns: ReadonlyMap<string, Float64Array> } | null>(null);
  useEffect(() => {
    if (datasetId === null) return;
    let cancelled = false;
    getApi()
      .call('partners:page', { datasetId, offset: 0, limit: 5 })
      .then((page) => {
        if (cancelled) return;
        const columns = new Map(page.metrics.map((m, k) => [m.key, Float64Array.from(page.rows, (r) => r.values[k] ?? Number.NaN)] as const));
        setPreview({ names: page.rows.map((r) => r.name), columns });
      })
      .catch(() => !cancelled && setPreview(null));
    return () => {
      cancelled = true;
    };
  }, [datasetId]);
  return datasetId === null ? null : preview;
}

function SaveStatus({ invalid }: { invalid: readonly string[] }) {
  const saveState = useStore((s) => s.saveState);
  const saveError = useStore((s) => s.saveError);
  if (saveState === 'error') {
    return (
      <span className="save-status error" role="alert">
        {saveError}
      </span>
    );
  }
  if (invalid.length > 0) {
    // an entry that is not valid stays in its field and is never saved: say so, never "All changes saved"
    return (
      <span className="save-status warn small" role="status" data-testid="save-status">
        {saveState === 'saved' ? '' : 'Saving the valid edits… '}
        {unsavedText(invalid)}
      </span>
    );
  }
  return (
    <span className="save-status muted small" role="status" data-testid="save-status">
      {saveState === 'saved' ? 'All changes saved' : 'Saving…'}
    </span>
  );
}

/** The list the scenario is evaluated on, said and changeable: another list moves the scenario onto it. */
function ListPicker({ scenarioId, datasetId }: { scenarioId: number; datasetId: number | null }) {
  const datasets = useStore((s) => s.workspace?.datasets ?? []);
  const moveScenario = useStore((s) => s.moveScenario);
  const [error, setError] = useState<string | null>(null);
  const dataset = datasetOfScenario(datasets, datasetId);
  if (!dataset) return <span className="muted small">evaluated on no list yet: import a partner list</span>;
  return (
    <span className="muted small wb-list-picker">
      <label>
        evaluated on{' '}
        <select value={dataset.id} aria-label="Partner list this scenario is evaluated on" onChange={(e) => void moveScenario(scenarioId, Number(e.target.value)).then(setError)} data-testid="scenario-list">
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </label>{' '}
      ({dataset.partnerCount.toLocaleString('en-US')} partners)
      {error && (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}

/** The open scenario's editor and its outcome. */
export function ScenarioEditor({ scenario }: { scenario: Scenario }) {
  const editScenario = useStore((s) => s.editScenario);
  const undoEdit = useStore((s) => s.undoEdit);
  const redoEdit = useStore((s) => s.redoEdit);
  const evaluation = useStore((s) => s.evaluation);
  const evaluating = useStore((s) => s.evaluating);
  const evaluationError = useStore((s) => s.evaluationError);
  const active = useStore((s) => s.activeScenario);
  const datasets = useStore((s) => s.workspace?.datasets ?? []);
  const canUndo = useZustand(useStore.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useZustand(useStore.temporal, (t) => t.futureStates.length > 0);
  const editorRef = useRef<HTMLDivElement>(null);
  const invalid = useInvalidEntries(editorRef);
  const tab = useStore((s) => s.workbenchTab);
  const setTab = useStore((s) => s.setWorkbenchTab);
  const placementNote = useStore((s) => (s.placementNote?.scenarioId === s.activeScenario?.id ? s.placementNote : null));
  const dismissPlacementNote = useStore((s) => s.dismissPlacementNote);
  const fitOpen = useStore((s) => s.fitOpen);
  const openFit = useStore((s) => s.openFit);
  const closeFit = useStore((s) => s.closeFit);
  const [focusTier, setFocusTier] = useState<{ ladderId: string; tierId: string | null } | null>(null);
  const narrow = useNarrowWindow();
  const [outcomeTab, setOutcomeTab] = useState(false);
  const showOutcomeTab = narrow && outcomeTab;
  const panelRef = useRef<HTMLDivElement>(null);
  const openTab = (id: WorkbenchTab) => {
    setOutcomeTab(false);
    setTab(id);
  };
  const dataset = datasetOfScenario(datasets, active?.datasetId ?? null);
  const datasetMetrics = useMemo(() => dataset?.metrics ?? [], [dataset]);
  const metrics = useMemo(() => editorMetrics(datasetMetrics, scenario), [datasetMetrics, scenario]);
  const lookup = useMemo(() => metricLookup(metrics), [metrics]);
  const preview = usePreview(dataset?.id ?? null);

  useEffect(() => {
    if (!focusTier) return;
    const el = document.getElementById(focusTier.tierId ? `tier-${focusTier.ladderId}-${focusTier.tierId}` : `ladder-${focusTier.ladderId}`);
    const panel = panelRef.current;
    if (!el || !panel) return;
    // scroll the editor's own panel (scrollIntoView would scroll every ancestor, the app's shell too):
    // the tier in the middle, or its top at the top when it is taller than the panel
    const offset = el.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    panel.scrollTo({ top: Math.max(0, offset - Math.max(0, (panel.clientHeight - el.offsetHeight) / 2)) });
  }, [focusTier]);

  // the outcome: a pane beside the editor, or (narrow window) the panel of its own tab
  const outcome = (
    <>
      {dataset && (
        <ListNotices
          scenario={scenario}
          listLabel={dataset.label}
          listMetrics={dataset.metrics}
          todayTiers={evaluation && evaluation.datasetId === dataset.id ? evaluation.summary.todayTiers : null}
          note={placementNote}
          onFit={openFit}
          onPlaceTiers={() => openTab('today')}
          onDismissNote={dismissPlacementNote}
        />
      )}
      <OutcomePanel
        outcome={evaluation?.summary ?? null}
        scenario={scenario}
        pending={evaluating}
        error={evaluationError}
        lookup={lookup}
        onSelectTier={(ladderId, tierId) => {
          openTab('ladders');
          setFocusTier({ ladderId, tierId });
        }}
      />
      {evaluation && (
        <p className="muted small" role="status">
          {evaluation.summary.partnerCount.toLocaleString('en-US')} partners evaluated in {evaluation.ms.toFixed(1)} ms
        </p>
      )}
    </>
  );

  return (
    <div className={narrow ? 'wb-main wb-narrow' : 'wb-main'}>
      <div className="wb-editor" ref={editorRef}>
        <header className="wb-editor-head">
          <h2>{scenario.name}</h2>
          {active && <ListPicker scenarioId={active.id} datasetId={active.datasetId} />}
          <span className="row">
            <button type="button" onClick={undoEdit} disabled={!canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" onClick={redoEdit} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
            <SaveStatus invalid={invalid} />
          </span>
        </header>
        <div role="tablist" aria-label="Parts of the scenario" className="wb-tabs">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={!showOutcomeTab && tab === t.id}
              aria-controls={`panel-${t.id}`}
              aria-label={t.short === t.label ? undefined : t.label}
              title={t.short === t.label ? undefined : t.label}
              onClick={() => openTab(t.id)}
            >
              {t.short}
              {t.short !== t.label && <span className="wb-tab-more">{t.label.slice(t.short.length)}</span>}
            </button>
          ))}
          {narrow && (
            <button type="button" role="tab" id="tab-outcome" className="wb-outcome-tab" aria-selected={showOutcomeTab} aria-controls="panel-outcome" onClick={() => setOutcomeTab(true)}>
              Outcome
            </button>
          )}
        </div>
        {showOutcomeTab && (
          <div role="tabpanel" id="panel-outcome" aria-labelledby="tab-outcome" className="wb-panel wb-outcome-panel">
            {outcome}
          </div>
        )}
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="wb-panel" ref={panelRef} hidden={showOutcomeTab}>
          {tab === 'ladders' && <LadderEditor scenario={scenario} onChange={editScenario} metrics={metrics} motions={dataset?.motions.map((m) => m.motion) ?? []} focusTier={focusTier} />}
          {tab === 'today' && (
            <TodayTiersEditor
              scenario={scenario}
              onChange={editScenario}
              tiers={evaluation && evaluation.datasetId === dataset?.id ? evaluation.summary.todayTiers : null}
              listLabel={dataset?.label ?? null}
            />
          )}
          {tab === 'benefits' && (
            <>
              <BenefitsEditor scenario={scenario} onChange={editScenario} metrics={metrics} />
              <RulesEditor scenario={scenario} onChange={editScenario} metrics={metrics} />
            </>
          )}
          {tab === 'settings' && <SettingsForm scenario={scenario} onChange={editScenario} metrics={metrics} />}
          {tab === 'derived' && <DerivedMetricsEditor scenario={scenario} onChange={editScenario} metrics={datasetMetrics} preview={preview} />}
        </div>
      </div>
      {!narrow && <div className="wb-outcome">{outcome}</div>}
      {fitOpen && dataset && (
        <FitDialog
          scenario={scenario}
          dataset={dataset}
          action="Bind"
          note="Binding edits this scenario (Undo takes it back)."
          onApply={(bindings) => {
            if (bindings.size > 0) editScenario(bindMetrics(scenario, bindings));
          }}
          onClose={closeFit}
        />
      )}
    </div>
  );
}
