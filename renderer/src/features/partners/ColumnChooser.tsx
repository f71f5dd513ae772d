import { useEffect, useId, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../../shared/model/workspace';
import { useStore } from '../../stores/store';
import { columnChoices, visibleCount } from './columns';

/** A button that opens a list of the grid's columns, each with a checkbox, and "Show all". */
export function ColumnChooser({ dataset }: { dataset: Pick<DatasetSummary, 'metrics'> }) {
  const [open, setOpen] = useState(false);
  const hidden = useStore((s) => s.hiddenColumns);
  const setVisible = useStore((s) => s.setColumnVisible);
  const showAll = useStore((s) => s.showAllColumns);
  const host = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const choices = columnChoices(dataset);
  const shown = visibleCount(choices, hidden);
  const hiddenSet = new Set(hidden);

  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (host.current && !host.current.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  return (
    <div className="popover-host" ref={host}>
      <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="column-chooser-button">
        Columns <span className="muted">{shown === choices.length ? '' : `${shown}/${choices.length}`}</span>
      </button>
      {open && (
        <div className="popover column-chooser" id={panelId} role="group" aria-label="Columns shown" data-testid="column-chooser">
          <div className="popover-head">
            <strong>Columns shown</strong>
            <button type="button" className="link" onClick={showAll} disabled={shown === choices.length}>
              Show all
            </button>
          </div>
          <ul>
            {choices.map((c) => (
              <li key={c.id}>
                <label className="checkbox" title={c.locked ? 'The partner name is always shown' : undefined}>
                  <input
                    type="checkbox"
                    checked={c.locked || !hiddenSet.has(c.id)}
                    disabled={c.locked}
                    onChange={(e) => setVisible(c.id, e.target.checked)}
                  />
                  {c.label}
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
