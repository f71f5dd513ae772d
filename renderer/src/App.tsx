import { Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MIN_COMPARED } from '../../shared/engine';
import type { MenuCommand } from '../../shared/ipc/channels';
import { formatCount } from '../../shared/model/format';
import { getApi } from './api/client';
import { areaChunk } from './components/area-chunk';
import { ErrorBoundary } from './components/ErrorBoundary';
import { NoticeBanner } from './components/NoticeBanner';
import { ExportDialog } from './features/export/ExportDialog';
import { FileDropTarget, ImportFilePicker, ImportFlow } from './features/import/ImportFlow';
import { PartnersView } from './features/partners/PartnersView';
import { PathPrompt } from './features/workspace/PathPrompt';
import { StartScreen } from './features/workspace/StartScreen';
import { defaultSelection, planComparison } from './stores/compare.slice';
import { selectDataset, useStore, type Store } from './stores/store';
import type { View } from './stores/ui.slice';
import { Sidebar, VIEW_LABELS } from './components/Sidebar';

// The window's first chunk holds what the Partners grid needs; Scenarios and Compare are chunks
// of their own, and Chart.js, which both draw with, one more that either brings
// (electron.vite.config.ts). They load when the window is idle after showing its workspace,
// or when first shown if that comes sooner.
const scenariosArea = areaChunk(() => import('./features/scenarios/ScenariosView').then((m) => m.ScenariosView));
const compareArea = areaChunk(() => import('./features/compare/CompareView').then((m) => m.CompareView));
const ScenariosView = scenariosArea.Area;
const CompareView = compareArea.Area;
/** The error panel's Try again: an area whose chunk failed is fetched again. */
const retryAreas = () => [scenariosArea, compareArea].forEach((area) => area.retry());

/** Loads the areas' chunks when the window is next idle (never before the first paint of a workspace). */
function preloadAreasWhenIdle(): () => void {
  const preload = () => {
    // a failure here is shown, and tried again, when the area is opened
    for (const area of [scenariosArea, compareArea]) area.preload().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(preload, { timeout: 5000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(preload, 2000);
  return () => clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------
// Undo in a text field being typed in: text the scenario does not have first, then the app's edits

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number']);

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  return el instanceof HTMLInputElement && TEXT_INPUTS.has(el.type) && !el.readOnly && !el.disabled;
}

/** Each text field's value before it was typed in (since it got focus, or since the app's undo / redo changed it). */
const textBefore = new WeakMap<Element, string>();
/** Text fields whose typing the browser's undo took back since: its redo comes before the app's. */
const textUndone = new WeakSet<Element>();

/** Watches the page's text fields for the undo commands: what each held before it was typed in. */
export function watchTextFields(target: Pick<Document, 'addEventListener' | 'removeEventListener'> = document): () => void {
  const forget = (event: Event) => {
    if (!(event.target instanceof Element)) return;
    textBefore.delete(event.target);
    textUndone.delete(event.target);
  };
  const beforeInput = (event: Event) => {
    const el = event.target instanceof Element ? event.target : null;
    const type = (event as InputEvent).inputType;
    if (!isTextField(el) || type === 'historyUndo' || type === 'historyRedo') return;
    if (!textBefore.has(el)) textBefore.set(el, el.value);
    textUndone.delete(el);
  };
  target.addEventListener('focusin', forget, true);
  target.addEventListener('beforeinput', beforeInput, true);
  return () => {
    target.removeEventListener('focusin', forget, true);
    target.removeEventListener('beforeinput', beforeInput, true);
  };
}

/**
 * Undo (redo) in the text field being typed in, when it is the text's to take back: the
 * browser's own undo, while the field holds text typed since it got focus that the scenario
 * does not have — text that is not valid (aria-invalid), or a field that is no part of the
 * draft (a new entry's name). Typing the draft has is one undo step of the app's
 * (stores/scenario.slice `typingInto`), taken back whole by the app's undo: the browser
 * would undo it a keystroke at a time, since the live outcome re-renders between keystrokes
 * and that ends the browser's typing step. True when the text changed.
 */
export function undoTyping(kind: 'undo' | 'redo', store: Pick<Store, 'isTypingIn'>): boolean {
  const el = document.activeElement;
  if (!isTextField(el)) return false;
  if (kind === 'undo') {
    const before = textBefore.get(el);
    if (before === undefined || before === el.value) return false;
    if (el.getAttribute('aria-invalid') !== 'true' && el.id !== '' && store.isTypingIn(el.id)) return false;
  } else if (!textUndone.has(el)) return false;
  const value = el.value;
  document.execCommand(kind);
  if (el.value === value) return false;
  if (kind === 'undo') textUndone.add(el);
  return true;
}

/** The app's undo or redo changed the draft, and with it maybe the focused field's text: the field's own history starts again from there. */
function restartTyping(): void {
  const el = document.activeElement;
  if (!el) return;
  textBefore.delete(el);
  textUndone.delete(el);
}

/** Why presentation mode has nothing to show (the Present button is disabled then), or null when it can start. */
export function nothingToPresent(store: Store): string | null {
  const ws = store.workspace;
  if (!ws) return 'Open a workspace first: presentation mode shows a comparison of its scenarios.';
  if (store.comparison) return null;
  if (ws.scenarios.length < MIN_COMPARED) {
    return `There is nothing to present yet: presentation mode shows ${MIN_COMPARED} or more scenarios side by side, and this workspace has ${ws.scenarios.length === 0 ? 'none' : 'one'}. Create scenarios in Scenarios (Ctrl+2) first.`;
  }
  const plan = planComparison(ws.datasets, ws.scenarios, store.comparedIds ?? defaultSelection(ws.datasets, ws.scenarios), store.compareDatasetId);
  return plan.ok ? null : `There is nothing to present yet. ${plan.message}`;
}

/**
 * Runs a menu command (from Electron's native menu, or the app's own buttons and keys in the
 * browser). `update` sets store state (a notice); the app's store unless told otherwise.
 */
export function runCommand(store: Store, command: MenuCommand, arg?: string, update: (patch: Partial<Store>) => void = (patch) => useStore.setState(patch)): void {
  switch (command) {
    case 'file:new':
      void store.startFileAction('new');
      break;
    case 'file:open':
      void store.startFileAction('open');
      break;
    case 'file:saveAs':
      void store.startFileAction('saveAs');
      break;
    case 'file:openRecent':
      if (arg) void store.openWorkspace(arg);
      break;
    case 'file:close':
      void store.closeWorkspace();
      break;
    case 'file:import':
      void store.startImport();
      break;
    case 'file:export':
      store.openExport();
      break;
    case 'edit:undo':
    case 'edit:redo': {
      const kind = command === 'edit:undo' ? 'undo' : 'redo';
      // in the workbench and when exploring a threshold: text being typed that the scenario does not have first, then the
      // scenario's edits (a field's typing is one of them); elsewhere the text being typed, as the native role would
      if (store.draft && (store.view === 'scenarios' || (store.view === 'compare' && (store.compareTab === 'explore' || store.compareTab === 'target')))) {
        if (undoTyping(kind, store)) break;
        if (kind === 'undo') store.undoEdit();
        else store.redoEdit();
        restartTyping();
      } else document.execCommand(kind);
      break;
    }
    case 'view:partners':
    case 'view:scenarios':
    case 'view:compare':
      store.setView(command.slice('view:'.length) as View);
      break;
    case 'view:present': {
      if (store.presenting) {
        store.leavePresentation();
        break;
      }
      // F5 follows the Present button: with nothing to present it says so instead
      const why = nothingToPresent(store);
      if (why) {
        update({ notice: { tone: 'info', text: why } });
        break;
      }
      store.setView('compare');
      store.enterPresentation();
      break;
    }
  }
}

/** The shortcuts the page handles itself in the desktop app too (a handled key never reaches its menu). */
const PAGE_SHORTCUTS = new Set<MenuCommand>(['view:present', 'edit:undo', 'edit:redo']);

/** Browser mode has no native menu: the same shortcuts, handled in the page. */
export function shortcutCommand(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): MenuCommand | null {
  if (event.key === 'F5' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey) return 'view:present';
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'n' && !event.shiftKey) return 'file:new';
  if (key === 'o' && !event.shiftKey) return 'file:open';
  if (key === 's' && event.shiftKey) return 'file:saveAs';
  if (key === 'i' && !event.shiftKey) return 'file:import';
  if (key === 'e' && !event.shiftKey) return 'file:export';
  if (key === 'z') return event.shiftKey ? 'edit:redo' : 'edit:undo';
  if (key === 'y' && !event.shiftKey) return 'edit:redo';
  if (key === '1') return 'view:partners';
  if (key === '2') return 'view:scenarios';
  if (key === '3') return 'view:compare';
  return null;
}

function TitleBar() {
  const { workspace, appInfo, busy } = useStore(useShallow((s) => ({ workspace: s.workspace, appInfo: s.appInfo, busy: s.busy })));
  const dataset = useStore(selectDataset);
  const selectDatasetId = useStore((s) => s.selectDataset);
  const startFileAction = useStore((s) => s.startFileAction);
  const startImport = useStore((s) => s.startImport);
  const openExport = useStore((s) => s.openExport);

  useEffect(() => {
    document.title = workspace ? `${workspace.name}${dataset ? ` — ${dataset.label}` : ''} — Tierscape` : 'Tierscape';
  }, [workspace, dataset]);

  return (
    <header className="titlebar">
      <div className="brand" aria-hidden="true">
        Tierscape
      </div>
      <div className="title" data-testid="workspace-title">
        {workspace ? (
          <>
            <span className="file-name" title={workspace.path}>
              {workspace.name}
            </span>
            {workspace.datasets.length > 1 ? (
              <select
                aria-label="Dataset"
                value={dataset?.id ?? ''}
                onChange={(e) => selectDatasetId(Number(e.target.value))}
              >
                {workspace.datasets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
            ) : (
              dataset && <span className="dataset-label">{dataset.label}</span>
            )}
          </>
        ) : (
          <span className="muted">No workspace open</span>
        )}
      </div>
      {appInfo?.runtime === 'web' && (
        <div className="file-actions" role="toolbar" aria-label="File">
          <button type="button" onClick={() => void startFileAction('new')} disabled={busy} title="New workspace (Ctrl+N)">
            New
          </button>
          <button type="button" onClick={() => void startFileAction('open')} disabled={busy} title="Open workspace (Ctrl+O)">
            Open
          </button>
          <button type="button" onClick={() => void startFileAction('saveAs')} disabled={busy || !workspace} title="Save As (Ctrl+Shift+S)">
            Save As
          </button>
          <button type="button" onClick={() => void startImport()} disabled={busy || !workspace} title="Import a partner list (Ctrl+I)">
            Import
          </button>
          <button type="button" onClick={openExport} disabled={busy || !workspace} title="Export the leadership workbook (Ctrl+E)">
            Export
          </button>
        </div>
      )}
    </header>
  );
}

function StatusBar() {
  const workspace = useStore((s) => s.workspace);
  const dataset = useStore(selectDataset);
  const appInfo = useStore((s) => s.appInfo);
  return (
    <footer className="statusbar">
      <span title={workspace?.path}>{workspace ? workspace.path : 'No workspace'}</span>
      {workspace && <span>schema v{workspace.schemaVersion}</span>}
      {workspace && (
        <span>
          {workspace.datasets.length} dataset{workspace.datasets.length === 1 ? '' : 's'}
        </span>
      )}
      {dataset && <span data-testid="status-partner-count">{formatCount(dataset.partnerCount)} partners</span>}
      <span className="spacer" />
      {appInfo && (
        <span className="muted">
          Tierscape {appInfo.version}
          {appInfo.runtime === 'web' ? ' · browser mode' : ''}
        </span>
      )}
    </footer>
  );
}

/**
 * While an area's chunk loads (shown before the window was idle long enough to load it): the
 * area's title and a busy bar where the area will be, never a blank. The shortcuts keep
 * working meanwhile: they only change the store, and F5's presentation opens once Compare is
 * in (a chunk that fails to load shows the view's error boundary).
 */
function AreaLoading({ view }: { view: View }) {
  const label = VIEW_LABELS[view];
  return (
    <section className="view" aria-busy="true" aria-labelledby="area-loading-title" data-testid="area-loading">
      <header className="view-header">
        <div className="view-title">
          <h1 id="area-loading-title">{label}</h1>
          <p className="muted small" role="status">
            Loading {label}…
          </p>
        </div>
      </header>
      <progress aria-label={`Loading ${label}`} />
    </section>
  );
}

function CurrentView() {
  const view = useStore((s) => s.view);
  const labels = VIEW_LABELS[view];
  return (
    <ErrorBoundary area={`the ${labels} view`} key={view} onRetry={retryAreas}>
      <Suspense fallback={<AreaLoading view={view} />}>
        {view === 'partners' && <PartnersView />}
        {view === 'scenarios' && <ScenariosView />}
        {view === 'compare' && <CompareView />}
      </Suspense>
    </ErrorBoundary>
  );
}

export function App() {
  const booting = useStore((s) => s.booting);
  const hasWorkspace = useStore((s) => s.workspace !== null);
  const runtime = useStore((s) => s.appInfo?.runtime);

  useEffect(() => {
    void useStore.getState().boot();
    // a scenario edit still waiting for its save is sent now when the window goes away
    const flush = () => void useStore.getState().flushSave();
    window.addEventListener('pagehide', flush);
    const stop = getApi().onMenuCommand((command, arg) => runCommand(useStore.getState(), command, arg));
    const unwatch = watchTextFields();
    return () => {
      window.removeEventListener('pagehide', flush);
      stop();
      unwatch();
    };
  }, []);

  useEffect(() => (hasWorkspace ? preloadAreasWhenIdle() : undefined), [hasWorkspace]);

  useEffect(() => {
    if (runtime === undefined) return;
    const onKey = (event: KeyboardEvent) => {
      const command = shortcutCommand(event);
      // Electron's menu handles its shortcuts, except F5: the page takes it, so that going
      // full screen for a presentation follows the person's key press (a user gesture); and
      // undo / redo: in a text field the browser would otherwise undo a keystroke before the
      // menu hears of it (Windows, Linux), where the app undoes the field's typing in one step
      if (!command || (runtime !== 'web' && !PAGE_SHORTCUTS.has(command))) return;
      event.preventDefault();
      runCommand(useStore.getState(), command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runtime]);

  return (
    <div className="app">
      <TitleBar />
      <div className="body">
        {hasWorkspace && <Sidebar />}
        <main className="main">
          <NoticeBanner />
          {booting ? <p className="muted pad">Opening…</p> : hasWorkspace ? <CurrentView /> : <StartScreen />}
        </main>
      </div>
      <StatusBar />
      <PathPrompt />
      <ImportFlow />
      <ExportDialog />
      <ImportFilePicker />
      <FileDropTarget />
    </div>
  );
}
