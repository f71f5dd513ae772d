import { memo, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  columnLetter,
  DateOrderSchema,
  DecimalSeparatorSchema,
  type ColumnMapping,
  type ColumnTarget,
  type DateOrder,
  type DecimalSeparator,
  type RawCell,
} from '../../../../shared/io/types';
import { formatCount } from '../../../../shared/model/format';
import { METRIC_KINDS, type MetricKind } from '../../../../shared/model/workspace';
import { useStore } from '../../stores/store';
import { ImportProgressBar } from './ImportProgressBar';
import { ValidationReportView } from './ValidationReportView';
import {
  choiceOf,
  DATE_ORDER_LABELS,
  DECIMAL_LABELS,
  describeSource,
  importButtonText,
  importReadiness,
  KIND_LABELS,
  renameMetric,
  sampleColumn,
  samplesOf,
  TARGET_CHOICES,
  targetForChoice,
  type TargetChoice,
} from '../../lib/mapping';

interface RowProps {
  column: ColumnMapping;
  samples: string[];
  sampleCells: RawCell[];
  original: ColumnTarget | undefined;
  error: string | undefined;
  onChange(index: number, target: ColumnTarget): void;
}

const MappingRow = memo(function MappingRow({ column, samples, sampleCells, original, error, onChange }: RowProps) {
  const letter = columnLetter(column.index);
  const target = column.target;
  const headerText = column.header.trim();
  const name = headerText ? `${letter} (${headerText})` : letter;
  return (
    <tr className={target.type === 'ignore' ? 'ignored' : undefined} data-testid={`mapping-row-${letter}`}>
      <th scope="row" className="mapping-source">
        <div className="source-cell">
          <span className="col-letter" aria-hidden="true">
            {letter}
          </span>
          <span className="col-header" title={column.header}>
            {headerText || <em className="muted">no header</em>}
          </span>
        </div>
      </th>
      <td className="mapping-samples">
        {samples.length ? (
          samples.map((s, i) => (
            <span key={i} className="sample" title={s}>
              {s}
            </span>
          ))
        ) : (
          <span className="muted small">empty</span>
        )}
      </td>
      <td className="mapping-target">
        <select
          aria-label={`Import column ${name} as`}
          value={choiceOf(target)}
          onChange={(e) => onChange(column.index, targetForChoice(e.target.value as TargetChoice, column, sampleCells, original))}
        >
          <optgroup label="Partner field">
            {TARGET_CHOICES.filter((c) => c.value.startsWith('field:')).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </optgroup>
          <option value="metric">Metric</option>
          <option value="ignore">Ignore</option>
        </select>
      </td>
      <td className="mapping-metric">
        {target.type === 'metric' && (
          <div className="metric-fields">
            <input
              className={error ? 'invalid' : undefined}
              aria-label={`Metric name for column ${letter}`}
              aria-invalid={error ? true : undefined}
              value={target.label}
              title={target.label}
              maxLength={200}
              placeholder="Metric name"
              onChange={(e) => onChange(column.index, renameMetric(target, e.target.value))}
            />
            <select
              aria-label={`Kind of column ${letter}`}
              value={target.kind}
              onChange={(e) => onChange(column.index, { ...target, kind: e.target.value as MetricKind })}
            >
              {METRIC_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <input
              className="unit"
              aria-label={`Unit of column ${letter}`}
              value={target.unit ?? ''}
              maxLength={32}
              placeholder="unit"
              onChange={(e) => onChange(column.index, { ...target, unit: e.target.value === '' ? null : e.target.value })}
            />
            <span className="metric-key small muted" data-testid={`metric-key-${letter}`} title="The key formulas and requirements use">
              {target.key ? `key ${target.key}` : ''}
            </span>
          </div>
        )}
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </td>
    </tr>
  );
});

/** The column mapping (DESIGN D9.2): one row per source column, file-wide reading options. */
export function MappingTable() {
  const { preview, mapping, columnErrors } = useStore(
    useShallow((s) => ({ preview: s.importFlow?.preview ?? null, mapping: s.importFlow?.mapping ?? null, columnErrors: s.importFlow?.columnErrors })),
  );
  const setTarget = useStore((s) => s.setImportTarget);
  const setOptions = useStore((s) => s.setImportOptions);

  const originals = useMemo(() => new Map(preview?.mapping.columns.map((c) => [c.index, c.target])), [preview]);
  const samples = useMemo(() => {
    const rows = preview?.sampleRows ?? [];
    return new Map(
      (preview?.headers ?? []).map((_, index) => [index, { text: samplesOf(rows, index), cells: sampleColumn(rows, index) }] as const),
    );
  }, [preview]);

  if (!preview || !mapping) return null;
  return (
    <div className="import-mapping">
      <div className="import-options">
        <label className="inline-field">
          <span>Dates</span>
          <select aria-label="Date order" value={mapping.dateOrder} onChange={(e) => setOptions({ dateOrder: e.target.value as DateOrder })}>
            {DateOrderSchema.options.map((o) => (
              <option key={o} value={o}>
                {DATE_ORDER_LABELS[o]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Decimal separator</span>
          <select aria-label="Decimal separator" value={mapping.decimal} onChange={(e) => setOptions({ decimal: e.target.value as DecimalSeparator })}>
            {DecimalSeparatorSchema.options.map((o) => (
              <option key={o} value={o}>
                {DECIMAL_LABELS[o]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="mapping-scroll">
        <table className="mapping-table">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">First values</th>
              <th scope="col">Import as</th>
              <th scope="col">Metric: name · kind · unit</th>
            </tr>
          </thead>
          <tbody>
            {mapping.columns.map((column) => (
              <MappingRow
                key={column.index}
                column={column}
                samples={samples.get(column.index)?.text ?? []}
                sampleCells={samples.get(column.index)?.cells ?? []}
                original={originals.get(column.index)}
                error={columnErrors?.[column.index]}
                onChange={setTarget}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The bottom of the mapping screen: dataset label and date, skip bad rows, Import / Cancel. */
export function ImportActions() {
  const flow = useStore(
    useShallow((s) => {
      const f = s.importFlow;
      return {
        phase: f?.phase ?? 'reading',
        validating: f?.validating ?? false,
        columnErrors: f?.columnErrors ?? {},
        report: f?.report ?? null,
        skipBadRows: f?.skipBadRows ?? false,
        labelError: f?.labelError ?? null,
        label: f?.label ?? '',
        asOf: f?.asOf ?? '',
        progress: f?.progress ?? null,
        message: f?.message ?? null,
        fileName: f?.fileName ?? '',
      };
    }),
  );
  const setDetails = useStore((s) => s.setImportDetails);
  const close = useStore((s) => s.closeImport);
  const cancelWork = useStore((s) => s.cancelImportWork);
  const readiness = importReadiness(flow);
  const badRows = flow.report?.badRows ?? 0;
  const committing = flow.phase === 'committing';

  return (
    <footer className="import-foot">
      {flow.message && (
        <div className={`notice notice-${flow.message.tone}`} role={flow.message.tone === 'error' ? 'alert' : 'status'} data-testid="import-message">
          <span>{flow.message.text}</span>
        </div>
      )}
      <div className="import-foot-row">
        <label className="field label-field">
          <span>Dataset label</span>
          <input
            value={flow.label}
            maxLength={200}
            disabled={committing}
            aria-invalid={flow.labelError ? true : undefined}
            aria-describedby={flow.labelError ? 'import-label-error' : undefined}
            className={flow.labelError ? 'invalid' : undefined}
            onChange={(e) => setDetails({ label: e.target.value })}
          />
          {flow.labelError && (
            <span className="field-error" id="import-label-error" role="alert" data-testid="label-error">
              {flow.labelError}
            </span>
          )}
        </label>
        <label className="field">
          <span>As of</span>
          <input type="date" value={flow.asOf} disabled={committing} onChange={(e) => setDetails({ asOf: e.target.value })} />
        </label>
        <div className="import-decision">
          {badRows > 0 && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={flow.skipBadRows}
                disabled={committing}
                onChange={(e) => setDetails({ skipBadRows: e.target.checked })}
              />
              Skip the {formatCount(badRows)} row{badRows === 1 ? '' : 's'} with errors
            </label>
          )}
          {committing ? (
            <ImportProgressBar progress={flow.progress} onCancel={() => void cancelWork()} label={`Importing ${flow.fileName}`} />
          ) : (
            <div className="row end">
              {!readiness.ready && readiness.reason && (
                <span className="muted small import-why" data-testid="import-why">
                  {readiness.reason}
                </span>
              )}
              <button type="button" onClick={() => void close()}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={!readiness.ready} data-testid="import-commit">
                {importButtonText(readiness.partners)}
              </button>
            </div>
          )}
        </div>
      </div>
    </footer>
  );
}

/** The mapping screen: what was read, how each column is imported, and the report on it. */
export function MappingScreen() {
  const preview = useStore((s) => s.importFlow?.preview ?? null);
  const { mappingSource, fileName, phase } = useStore(
    useShallow((s) => ({
      mappingSource: s.importFlow?.preview?.mappingSource ?? 'suggested',
      fileName: s.importFlow?.fileName ?? '',
      phase: s.importFlow?.phase,
    })),
  );
  const { report, columnErrors, validating } = useStore(
    useShallow((s) => ({ report: s.importFlow?.report ?? null, columnErrors: s.importFlow?.columnErrors ?? {}, validating: s.importFlow?.validating ?? false })),
  );
  const chooseSheet = useStore((s) => s.chooseImportSheet);
  const commit = useStore((s) => s.commitImport);
  const close = useStore((s) => s.closeImport);
  const panel = useRef<HTMLFormElement>(null);

  // the screen takes the focus when it opens, and Escape leaves it wherever the focus is
  useEffect(() => {
    if (panel.current && !panel.current.contains(document.activeElement)) panel.current.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && useStore.getState().importFlow?.phase === 'mapping') {
        e.preventDefault();
        void close();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  if (!preview) return null;

  return (
    <div className="modal-backdrop import-backdrop">
      <form
        ref={panel}
        tabIndex={-1}
        className="import-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-title"
        data-testid="import-mapping"
        onSubmit={(e) => {
          e.preventDefault();
          void commit();
        }}
      >
        <header className="import-head">
          <div className="import-head-text">
            <h2 id="import-title">
              Import partners from <span className="file-name">{fileName}</span>
            </h2>
            <p className="muted small" data-testid="import-source">
              {describeSource(preview)} · {formatCount(preview.rowCount)} row{preview.rowCount === 1 ? '' : 's'} · {preview.headers.length}{' '}
              columns
            </p>
          </div>
          {preview.sheets.length > 1 && (
            <label className="inline-field">
              <span>Sheet</span>
              <select aria-label="Sheet" value={preview.sheet ?? ''} onChange={(e) => void chooseSheet(e.target.value)} disabled={phase !== 'mapping'}>
                {preview.sheets.map((sheet) => (
                  <option key={sheet} value={sheet}>
                    {sheet}
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className={`mapping-source-note ${mappingSource}`} data-testid="mapping-source">
            {mappingSource === 'remembered' ? 'Mapping: remembered from the last import of this layout' : 'Mapping: suggested from the column names — check it'}
          </p>
        </header>
        <div className="import-body">
          <MappingTable />
          <aside className="import-side">
            <ValidationReportView report={report} columnErrors={columnErrors} validating={validating} />
          </aside>
        </div>
        <ImportActions />
      </form>
    </div>
  );
}
