/**
 * The scenario list's dialogs: naming a scenario (new or renamed), and the new scenario
 * dialog, which starts a blank scenario or an example (DESIGN D12.1) on the partner list
 * chosen. Opened by ScenariosView.tsx and ScenarioList.tsx.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ScenarioSummary } from '../../../../shared/model/workspace';
import { Modal } from '../../components/Modal';
import { selectDataset, useStore } from '../../stores/store';

/** The dialog the scenarios view shows, if any. */
export type Dialog = { kind: 'new' } | { kind: 'rename'; scenario: ScenarioSummary } | { kind: 'delete'; scenario: ScenarioSummary } | null;

export function NameDialog({ title, initial, action, onSubmit, onClose, children }: { title: string; initial: string; action: string; onSubmit: (name: string) => Promise<string | null>; onClose: () => void; children?: ReactNode }) {
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

export function NewScenarioDialog({ onClose }: { onClose: () => void }) {
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
