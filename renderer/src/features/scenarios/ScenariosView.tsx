/**
 * The scenario workbench (DESIGN D4–D7): the scenarios of the workspace on the left, the
 * one being edited in the middle (ladders, benefits and rules, settings, derived metrics)
 * and its outcome on the right, re-evaluated on every edit and saved as it happens.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useStore as useZustand } from 'zustand';
import { metricLookup } from '../../../../shared/model/describe';
import { editorMetrics } from '../../lib/editor-metrics';
import { MAX_SCENARIO_FILE_CHARS, type Scenario } from '../../../../shared/model/scenario';
import type { ScenarioSummary } from '../../../../shared/model/workspace';
import { getApi } from '../../api/client';
import { Modal } from '../../components/Modal';
import { datasetOfScenario } from '../../stores/scenario.slice';
import { selectDataset, useStore } from '../../stores/store';
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
import { saveFile } from '../../components/save-file';

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

type Dialog = { kind: 'new' } | { kind: 'rename'; scenario: ScenarioSummary } | { kind: 'delete'; scenario: ScenarioSummary } | null;

function ScenarioList({ onDialog, onError, hidden }: { onDialog: (d: Dialog) => void; onError: (message: string | null) => void; hidden: boolean }) {
  const scenarios = useStore((s) => s.workspace?.scenarios ?? []);
  const datasets = useStore((s) => s.workspace?.datasets ?? []);
  const activeId = useStore((s) => s.activeScenario?.id ?? null);
  const openScenario = useStore((s) => s.openScenario);
  const duplicateScenario = useStore((s) => s.duplicateScenario);
  const setBaseline = useStore((s) => s.setBaseline);
  const exportScenarioFile = useStore((s) => s.exportScenarioFile);
  const importScenarioFile = useStore((s) => s.importScenarioFile);
  const fileInput = useRef<HTMLInputElement>(null);
  const active = scenarios.find((s) => s.id === activeId) ?? null;

  const importFile = async (file: File) => {
    if (file.size > MAX_SCENARIO_FILE_CHARS) {
      onError(`"${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MB; a scenario file is at most ${MAX_SCENARIO_FILE_CHARS / 1024 / 1024} MB, so it was not read.`);
      return;
    }
    const text = await file.text().catch((e: unknown) => {
      onError(`"${file.name}" could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    });
    if (text === null) return;
    onError(await importScenarioFile(text, file.name));
  };

  return (
    <aside className="wb-list" id="wb-list" aria-label="Scenarios" hidden={hidden}>
      <div className="row">
        <button type="button" className="primary" onClick={() => onDialog({ kind: 'new' })}>
          New scenario
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import JSON…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Scenario file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      <ul>
        {scenarios.map((s) => (
          <li key={s.id}>
            <button type="button" className={s.id === activeId ? 'active' : ''} aria-current={s.id === activeId ? 'true' : undefined} onClick={() => void openScenario(s.id)}>
              <span>{s.name}</span>
              <span className="muted small">
                {s.isBaseline ? 'baseline · ' : ''}
                {datasetOfScenario(datasets, s.datasetId)?.label ?? 'no dataset'} · changed {s.updatedAt.slice(0, 10)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {active && (
        <div className="wb-list-actions" aria-label={`Actions for ${active.name}`} role="group">
          <button type="button" onClick={() => onDialog({ kind: 'rename', scenario: active })}>
            Rename
          </button>
          <button type="button" onClick={() => void duplicateScenario(active.id).then(onError)}>
            Duplicate
          </button>
          <button type="button" onClick={() => void setBaseline(active.id, !active.isBaseline).then(onError)}>
            {active.isBaseline ? 'Unmark baseline' : 'Mark as baseline'}
          </button>
          <button
            type="button"
            onClick={() =>
              void exportScenarioFile(active.id)
                .then((file) => saveFile(file.fileName, new Blob([file.text], { type: 'application/json' })))
                .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)))
            }
          >
            Export JSON
          </button>
          <button type="button" className="danger" onClick={() => onDialog({ kind: 'delete', scenario: active })}>
            Delete…
          </button>
        </div>
      )}
    </aside>
  );
}

function NameDialog({ title, initial, action, onSubmit, onClose, children }: { title: string; initial: string; action: string; onSubmit: (name: string) => Promise<string | null>; onClose: () => void; children?: ReactNode }) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = name.trim() === '' ? 'A scenario needs a name.' : null;
  const submit = () => {
    if (problem || busy) return;
    setBusy(true);
    void onSubmit(name.trim()).then((why) => {
      setBusy(false);
      if (why) setError(why);
      else onClose();
    });
  };
  return (
    <Modal title={title} onClose={onClose} onSubmit={submit} busy={busy}>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} aria-invalid={problem ? 'true' : undefined} autoFocus />
      </label>
      {(problem ?? error) && (
        <p className="field-error" role="alert">
          {problem ?? error}
        </p>
      )}
      {children}
      <div className="row end">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || problem !== null}>
          {action}
        </button>
      </div>
    </Modal>
  );
}

/** The partner list a new scenario is evaluated on: the one in the header by default. */
function ListField({ value, onChange }: { value: number | null; onChange: (id: number) => void }) {
  const datasets = useStore((s) => s.workspace?.datasets ?? []);
  if (datasets.length === 0) return <p className="muted small">There is no partner list yet: the scenario is evaluated once you import one.</p>;
  return (
    <label className="field">
      <span>Partner list it is evaluated on</span>
      <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} data-testid="new-scenario-list">
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label} ({d.partnerCount.toLocaleString('en-US')} partners{d.asOf ? `, as of ${d.asOf}` : ''})
          </option>
        ))}
      </select>
    </label>
  );
}

function NewScenarioDialog({ onClose }: { onClose: () => void }) {
  const examples = useStore((s) => s.examples);
  const loadExamples = useStore((s) => s.loadExamples);
  const createFromExample = useStore((s) => s.createFromExample);
  const createBlank = useStore((s) => s.createBlank);
  const shown = useStore((s) => selectDataset(s)?.id ?? s.workspace?.datasets.at(-1)?.id ?? null);
  const [list, setList] = useState<number | null>(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void loadExamples(), [loadExamples]);
  return (
    <NameDialog title="New scenario" initial="New scenario" action="Create blank scenario" onSubmit={(name) => createBlank(name, list)} onClose={onClose}>
      <ListField value={list} onChange={setList} />
      <p className="muted small">A blank scenario starts with one ladder for every partner and an entry tier. Or start from an example:</p>
      <ul className="wb-examples">
        {examples.map((x) => (
          <li key={x.name}>
            <button type="button" onClick={() => void createFromExample(x.name, list).then((why) => (why ? setError(why) : onClose()))}>
              {x.name}
            </button>
            <span className="muted small">{x.description}</span>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </NameDialog>
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

function Editor({ scenario }: { scenario: Scenario }) {
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

/** The scenarios stored in the workspace, and the workbench for the one being edited. */
export function ScenariosView() {
  const workspace = useStore((s) => s.workspace);
  const scenarios = useMemo(() => workspace?.scenarios ?? [], [workspace]);
  const draft = useStore((s) => s.draft);
  const activeId = useStore((s) => s.activeScenario?.id ?? null);
  const openScenario = useStore((s) => s.openScenario);
  const renameScenario = useStore((s) => s.renameScenario);
  const deleteScenario = useStore((s) => s.deleteScenario);
  const setView = useStore((s) => s.setView);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<string | null>(null);
  const [listShown, setListShown] = useState(true);
  const hasDatasets = (workspace?.datasets.length ?? 0) > 0;

  // open the first scenario when none is open (or the open one was deleted)
  useEffect(() => {
    if (activeId === null && scenarios.length > 0) void openScenario(scenarios[0]!.id);
  }, [activeId, scenarios, openScenario]);

  return (
    <section className="view workbench" aria-labelledby="scenarios-title">
      <header className="view-header">
        <h1 id="scenarios-title">Scenarios</h1>
        <button type="button" className="wb-list-toggle" aria-expanded={listShown} aria-controls="wb-list" onClick={() => setListShown(!listShown)} title="The list of the workspace's scenarios">
          {listShown ? 'Hide list' : 'Show list'}
        </button>
      </header>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}{' '}
          <button type="button" className="link" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      {!hasDatasets && (
        <div className="notice" role="note">
          This workspace has no partner data yet, so there is nothing to evaluate.{' '}
          <button type="button" className="link" onClick={() => setView('partners')}>
            Import a partner list
          </button>
        </div>
      )}
      <div className={listShown ? 'wb-layout' : 'wb-layout wb-list-hidden'}>
        <ScenarioList onDialog={setDialog} onError={setError} hidden={!listShown} />
        {draft ? (
          <Editor scenario={draft} />
        ) : (
          <div className="empty">
            <h2>{scenarios.length === 0 ? 'This workspace has no scenarios yet' : 'Opening…'}</h2>
            {scenarios.length === 0 && (
              <>
                <p className="muted">
                  A scenario is one tier design: a ladder of tiers per motion, the requirements to reach each tier, the benefits each tier earns, and the
                  rules that keep those benefits in check.
                </p>
                <button type="button" className="primary" onClick={() => setDialog({ kind: 'new' })}>
                  Start from an example…
                </button>
              </>
            )}
          </div>
        )}
      </div>
      {dialog?.kind === 'new' && <NewScenarioDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && (
        <NameDialog title={`Rename ${dialog.scenario.name}`} initial={dialog.scenario.name} action="Rename" onSubmit={(name) => renameScenario(dialog.scenario.id, name)} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && (
        <Modal title={`Delete ${dialog.scenario.name}?`} onClose={() => setDialog(null)}>
          <p>The scenario and its design are removed from the workspace. This cannot be undone.</p>
          <div className="row end">
            <button type="button" onClick={() => setDialog(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() =>
                void deleteScenario(dialog.scenario.id).then((why) => {
                  setError(why);
                  setDialog(null);
                })
              }
            >
              Delete scenario
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
