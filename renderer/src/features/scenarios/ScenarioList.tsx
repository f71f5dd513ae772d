/**
 * The workbench's list of the workspace's scenarios: open one, create one or import a
 * scenario file (DESIGN D10.3), and the open one's actions: rename, duplicate, mark as the
 * baseline (D6.3), export as a file, delete. Shown by ScenariosView.tsx.
 */
import { useRef } from 'react';
import { MAX_SCENARIO_FILE_CHARS } from '../../../../shared/model/scenario';
import { datasetOfScenario } from '../../stores/scenario.slice';
import { useStore } from '../../stores/store';
import { saveFile } from '../../components/save-file';
import { messageOf } from '../../lib/errors';
import type { Dialog } from './ScenarioDialogs';

/** The scenarios of the workspace; `onDialog` opens a dialog, `onError` shows why an action failed (null: clears it). */
export function ScenarioList({ onDialog, onError, hidden }: { onDialog: (d: Dialog) => void; onError: (message: string | null) => void; hidden: boolean }) {
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
      onError(`"${file.name}" could not be read: ${messageOf(e)}`);
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
                .catch((e: unknown) => onError(messageOf(e)))
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
