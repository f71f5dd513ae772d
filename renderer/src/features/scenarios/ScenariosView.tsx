/**
 * The scenario workbench (DESIGN D4–D7): the scenarios of the workspace on the left, the
 * one being edited in the middle (ladders, benefits and rules, settings, derived metrics)
 * and its outcome on the right, re-evaluated on every edit and saved as it happens.
 */
import { useEffect, useMemo, useState } from 'react';
import { Modal } from '../../components/Modal';
import { useStore } from '../../stores/store';
import { NameDialog, NewScenarioDialog, type Dialog } from './ScenarioDialogs';
import { ScenarioEditor } from './ScenarioEditor';
import { ScenarioList } from './ScenarioList';

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
          <ScenarioEditor scenario={draft} />
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
