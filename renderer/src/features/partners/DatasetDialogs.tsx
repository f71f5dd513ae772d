import { useState } from 'react';
import { formatCount } from '../../../../shared/model/format';
import type { DatasetSummary } from '../../../../shared/model/workspace';
import { Modal } from '../../components/Modal';
import { useStore } from '../../stores/store';
import { labelProblem } from '../../lib/mapping';

interface Props {
  dataset: DatasetSummary;
  onClose(): void;
}

/** Rename a dataset: its label, checked against the other datasets' labels (and by the service). */
export function RenameDatasetDialog({ dataset, onClose }: Props) {
  const datasets = useStore((s) => s.workspace?.datasets ?? []);
  const rename = useStore((s) => s.renameDataset);
  const [label, setLabel] = useState(dataset.label);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = labelProblem(label, datasets, dataset.id);
  const shown = error ?? (label.trim() !== dataset.label && label.trim() !== '' ? problem : null);

  const submit = async () => {
    if (problem) {
      setError(problem);
      return;
    }
    if (label.trim() === dataset.label) return onClose();
    setBusy(true);
    const failure = await rename(dataset.id, label);
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Modal title="Rename dataset" onClose={onClose} onSubmit={() => void submit()} busy={busy} testId="rename-dataset">
      <label className="field">
        <span>Label</span>
        <input
          value={label}
          maxLength={200}
          autoFocus
          aria-label="Dataset label"
          aria-invalid={shown ? true : undefined}
          className={shown ? 'invalid' : undefined}
          onChange={(e) => {
            setLabel(e.target.value);
            setError(null);
          }}
        />
        {shown && (
          <span className="field-error" role="alert" data-testid="rename-error">
            {shown}
          </span>
        )}
      </label>
      <div className="row end">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || problem !== null}>
          Rename
        </button>
      </div>
    </Modal>
  );
}

/** Delete a dataset, after saying which and how many partners go with it. */
export function DeleteDatasetDialog({ dataset, onClose }: Props) {
  const remove = useStore((s) => s.deleteDataset);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    const failure = await remove(dataset.id);
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Modal title={`Delete "${dataset.label}"?`} onClose={onClose} onSubmit={() => void submit()} busy={busy} testId="delete-dataset">
      <p>
        The dataset <strong>{dataset.label}</strong> and its <strong>{formatCount(dataset.partnerCount)} partners</strong>
        {dataset.metrics.length ? ` with ${dataset.metrics.length} metrics` : ''} will be removed from this workspace.
      </p>
      <p className="muted small">
        Scenarios keep their ladders and benefits.{' '}
        {dataset.sourceFile ? `The file it came from, ${dataset.sourceFile}, is not touched: you can import it again. ` : ''}This cannot be undone.
      </p>
      {error && (
        <div className="notice notice-error" role="alert">
          <span>{error}</span>
        </div>
      )}
      <div className="row end">
        <button type="button" onClick={onClose} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="submit" className="danger" disabled={busy}>
          Delete dataset
        </button>
      </div>
    </Modal>
  );
}
