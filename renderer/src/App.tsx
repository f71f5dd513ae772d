import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MenuCommand } from '../../shared/ipc/channels';
import { formatCount } from '../../shared/model/format';
import { getApi } from './api/client';
import { ErrorBoundary } from './components/ErrorBoundary';
import { NoticeBanner } from './components/NoticeBanner';
import { CompareView } from './features/compare/CompareView';
import { ExportDialog } from './features/export/ExportDialog';
import { FileDropTarget, ImportFilePicker, ImportFlow } from './features/import/ImportFlow';
import { PartnersView } from './features/partners/PartnersView';
import { ScenariosView } from './features/scenarios/ScenariosView';
import { PathPrompt } from './features/workspace/PathPrompt';
import { StartScreen } from './features/workspace/StartScreen';
import { selectDataset, useStore, type Store } from './stores/store';
import { VIEWS, type View } from './stores/ui.slice';

const VIEW_LABELS: Record<View, string> = { partners: 'Partners', scenarios: 'Scenarios', compare: 'Compare' };

/** Runs a menu command (from Electron's native menu, or the app's own buttons and keys in the browser). */
export function runCommand(store: Store, command: MenuCommand, arg?: string): void {
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
    case 'edit:redo':
      // in the workbench and when exploring a threshold: the scenario's edits; elsewhere the text being typed, as the native role would
      if (store.draft && (store.view === 'scenarios' || (store.view === 'compare' && store.compareTab === 'explore'))) {
        if (command === 'edit:undo') store.undoEdit();
        else store.redoEdit();
      } else document.execCommand(command === 'edit:undo' ? 'undo' : 'redo');
      break;
    case 'view:partners':
    case 'view:scenarios':
    case 'view:compare':
      store.setView(command.slice('view:'.length) as View);
      break;
    case 'view:present':
      if (store.presenting) store.leavePresentation();
      else {
        store.setView('compare');
        store.enterPresentation();
      }
      break;
  }
}

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

function Sidebar() {
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  const dataset = useStore(selectDataset);
  const scenarioCount = useStore((s) => s.workspace?.scenarios.length ?? 0);
  const badge: Record<View, string> = {
    partners: dataset ? formatCount(dataset.partnerCount) : '',
    scenarios: scenarioCount ? String(scenarioCount) : '',
    compare: '',
  };
  return (
    <nav className="sidebar" aria-label="Areas">
      {VIEWS.map((v, i) => (
        <button
          key={v}
          type="button"
          className={v === view ? 'nav-item active' : 'nav-item'}
          aria-current={v === view ? 'page' : undefined}
          onClick={() => setView(v)}
          title={`${VIEW_LABELS[v]} (Ctrl+${i + 1})`}
        >
          <span>{VIEW_LABELS[v]}</span>
          {badge[v] && (
            <span className="badge" data-testid={`nav-badge-${v}`}>
              {badge[v]}
            </span>
          )}
        </button>
      ))}
    </nav>
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

function CurrentView() {
  const view = useStore((s) => s.view);
  const labels = VIEW_LABELS[view];
  return (
    <ErrorBoundary area={`the ${labels} view`} key={view}>
      {view === 'partners' && <PartnersView />}
      {view === 'scenarios' && <ScenariosView />}
      {view === 'compare' && <CompareView />}
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
    return () => {
      window.removeEventListener('pagehide', flush);
      stop();
    };
  }, []);

  useEffect(() => {
    if (runtime === undefined) return;
    const onKey = (event: KeyboardEvent) => {
      const command = shortcutCommand(event);
      // Electron's menu handles its shortcuts, except F5: the page takes it, so that going
      // full screen for a presentation follows the person's key press (a user gesture)
      if (!command || (runtime !== 'web' && command !== 'view:present')) return;
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
