/**
 * File › Export Workbook (DESIGN D10.1): choose the scenarios (1–6, in workbook order), the
 * partner list they are evaluated on, the sheets and the report cards, then export. The
 * desktop app asks where to save and can open the file afterwards; browser mode downloads it.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { missingMetrics } from '../../../../shared/model/fit';
import type { DatasetSummary } from '../../../../shared/model/workspace';
import { getApi } from '../../api/client';
import { formatCount } from '../../../../shared/model/format';
import { CHART_SOURCES, MAX_REPORT_SCENARIOS, OPTIONAL_SHEETS, SHEET_TITLES } from '../../../../shared/report/options';
import { Modal } from '../../components/Modal';
import { ProgressBar } from '../../components/ProgressBar';
import { exportProblem } from '../../stores/export.slice';
import { useStore } from '../../stores/store';

const STAGES: Record<string, string> = { idle: 'Starting', evaluating: 'Evaluating the scenarios', writing: 'Writing', done: 'Finishing' };

/**
 * Before the export: each chosen scenario that reads metrics the chosen list lacks, said
 * here as the workbook says it at the top of its Summary.
 */
function FitCheck({ ids, list }: { ids: readonly number[]; list: DatasetSummary | undefined }) {
  const [lines, setLines] = useState<{ name: string; missing: string[] }[]>([]);
  const key = `${ids.join(',')}|${list?.id ?? ''}`;
  useEffect(() => {
    let cancelled = false;
    if (!list) return;
    void Promise.all(ids.map((id) => getApi().call('scenario:get', { id }).catch(() => null))).then((records) => {
      if (cancelled) return;
      setLines(
        records
          .filter((r) => r !== null)
          .map((r) => ({ name: r.scenario.name, missing: missingMetrics(r.scenario, list.metrics).map((m) => m.label) }))
          .filter((x) => x.missing.length > 0),
      );
    });
    return () => {
      cancelled = true;
    };
  }, [key]);
  if (!list || lines.length === 0) return null;
  return (
    <div className="list-notice warning" role="alert" data-testid="export-fit-warning">
      {lines.map((l) => (
        <p key={l.name}>
          <strong>{l.name}</strong> reads {l.missing.length === 1 ? 'a metric' : 'metrics'} {list.label} does not have ({l.missing.map((m) => `“${m}”`).join(', ')}): requirements on{' '}
          {l.missing.length === 1 ? 'it' : 'them'} are never met. The workbook says so at the top of its Summary; fit the scenario to the list first (Scenarios › Fit to this list) for its real figures.
        </p>
      ))}
    </div>
  );
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${formatCount(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/**
 * The export dialog of a workspace with no scenario (or no partner list) yet: there is
 * nothing to put in a workbook, so it says so and how to get there, instead of a form
 * that could only answer "Choose at least one scenario."
 */
function NothingToExport({ noList, onClose }: { noList: boolean; onClose: () => void }) {
  const setView = useStore((s) => s.setView);
  const startImport = useStore((s) => s.startImport);
  const go = () => {
    onClose();
    if (noList) void startImport();
    else setView('scenarios');
  };
  return (
    <Modal title="Export workbook" onClose={onClose} className="export-dialog" testId="export-dialog">
      <div data-testid="export-empty">
        <p>
          <strong>There is nothing to export yet.</strong>
        </p>
        {noList ? (
          <p className="muted">
            The workbook shows scenarios evaluated on a partner list, and this workspace has no partner list. Import one first (File › Import, Ctrl+I), then design a scenario in
            Scenarios.
          </p>
        ) : (
          <p className="muted">
            The workbook compares scenarios side by side, and this workspace has none. Make one in Scenarios: New scenario, blank or from one of the examples (today’s tiers as the
            baseline, motion-fit ladders …); then export it here.
          </p>
        )}
      </div>
      <div className="row end">
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" className="primary" onClick={go} data-testid="export-empty-go">
          {noList ? 'Import a partner list…' : 'Go to Scenarios'}
        </button>
      </div>
    </Modal>
  );
}

export function ExportDialog() {
  const { open, form, exporting, result, error, workspace, native } = useStore(
    useShallow((s) => ({
      open: s.exportOpen,
      form: s.exportForm,
      exporting: s.exporting,
      result: s.exportResult,
      error: s.exportError,
      workspace: s.workspace,
      native: s.appInfo?.nativeDialogs === true,
    })),
  );
  const { closeExport, setExportForm, toggleExportScenario, toggleExportSheet, runExport, cancelExport, openExportedFile } = useStore(
    useShallow((s) => ({
      closeExport: s.closeExport,
      setExportForm: s.setExportForm,
      toggleExportScenario: s.toggleExportScenario,
      toggleExportSheet: s.toggleExportSheet,
      runExport: s.runExport,
      cancelExport: s.cancelExport,
      openExportedFile: s.openExportedFile,
    })),
  );
  if (!open || !workspace) return null;
  if (workspace.scenarios.length === 0 || workspace.datasets.length === 0) return <NothingToExport noList={workspace.datasets.length === 0} onClose={closeExport} />;

  const busy = exporting !== null;
  const problem = exportProblem(form);
  const scenarios = workspace.scenarios;
  const chosen = form.scenarioIds.map((id) => scenarios.find((s) => s.id === id)).filter((s) => s !== undefined);
  const progress = exporting?.progress;

  return (
    <Modal title="Export workbook" onClose={closeExport} onSubmit={() => void runExport()} busy={busy} className="export-dialog" testId="export-dialog">
      <p className="muted">
        An Excel workbook for leadership: the scenarios side by side with their changes against the baseline, and a sheet for each part of the
        comparison. It is computed by the same engine as the Compare view.
      </p>
      <fieldset className="export-scenarios" disabled={busy}>
        <legend>
          Scenarios <span className="muted">({chosen.length} of at most {MAX_REPORT_SCENARIOS}, in the order ticked)</span>
        </legend>
        <ul>
          {scenarios.map((s) => {
            const on = form.scenarioIds.includes(s.id);
            const order = form.scenarioIds.indexOf(s.id);
            return (
              <li key={s.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={on}
                    disabled={!on && form.scenarioIds.length >= MAX_REPORT_SCENARIOS}
                    onChange={() => toggleExportScenario(s.id)}
                    data-testid={`export-scenario-${s.id}`}
                  />
                  <span>
                    {on && <span className="export-order">{order + 1}</span>}
                    {s.name}
                    {s.isBaseline && <span className="muted"> (baseline)</span>}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <label className="field">
        <span>Evaluated on the partner list</span>
        <select
          aria-label="Dataset to export on"
          value={form.datasetId ?? ''}
          disabled={busy}
          onChange={(e) => setExportForm({ datasetId: e.target.value ? Number(e.target.value) : null })}
        >
          {workspace.datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label} ({formatCount(d.partnerCount)} partners)
            </option>
          ))}
        </select>
      </label>
      <FitCheck ids={form.scenarioIds} list={workspace.datasets.find((d) => d.id === form.datasetId)} />
      <fieldset className="export-sheets" disabled={busy}>
        <legend>Sheets</legend>
        <label className="checkbox">
          <input type="checkbox" checked disabled />
          <span>Summary (always)</span>
        </label>
        <label className="checkbox" title="Native spreadsheet charts that read the Distribution, Resources and Summary cells">
          <input type="checkbox" checked={CHART_SOURCES.some((s) => form.sheets.includes(s))} disabled />
          <span>Charts (with Distribution, Resources or Conflict coverage)</span>
        </label>
        {OPTIONAL_SHEETS.map((sheet) => (
          <label key={sheet} className="checkbox">
            <input type="checkbox" checked={form.sheets.includes(sheet)} onChange={() => toggleExportSheet(sheet)} data-testid={`export-sheet-${sheet}`} />
            <span>{SHEET_TITLES[sheet]}</span>
          </label>
        ))}
      </fieldset>
      <div className="inline-field export-cards">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.reportCardsFor !== null}
            disabled={busy || chosen.length === 0}
            onChange={(e) => setExportForm({ reportCardsFor: e.target.checked ? (chosen.find((s) => !s.isBaseline) ?? chosen[0])?.id ?? null : null })}
            data-testid="export-report-cards"
          />
          <span>Partner report cards for</span>
        </label>
        <select
          aria-label="Scenario for the report cards"
          value={form.reportCardsFor ?? ''}
          disabled={busy || form.reportCardsFor === null}
          onChange={(e) => setExportForm({ reportCardsFor: Number(e.target.value) })}
        >
          {form.reportCardsFor === null && <option value="">—</option>}
          {chosen.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {native && (
        <label className="checkbox">
          <input type="checkbox" checked={form.openAfter} disabled={busy} onChange={(e) => setExportForm({ openAfter: e.target.checked })} />
          <span>Open the workbook in the spreadsheet app when it is saved</span>
        </label>
      )}
      {result && (
        <div className="notice notice-info" role="status" data-testid="export-result">
          <span>
            {result.path ? `Saved ${result.path}` : `Downloaded ${result.fileName}`} — {result.sheets.length} sheets, {formatCount(result.partners)} partners of{' '}
            {result.dataset}, {sizeText(result.bytes)}, in {(result.ms / 1000).toFixed(1)} s.
          </span>
          {result.path && (
            <button type="button" onClick={() => void openExportedFile()}>
              Open
            </button>
          )}
        </div>
      )}
      {error && (
        <div className="notice notice-error" role="alert" data-testid="export-error">
          {error}
        </div>
      )}
      {/* while it runs, the progress (with its own Cancel, which stops the export) takes the buttons' place, as in the import */}
      {exporting ? (
        <ProgressBar
          stage={`${STAGES[progress?.stage ?? 'idle']}${progress?.stage === 'writing' && progress.sheet ? ` “${progress.sheet}”` : ''}…`}
          fraction={progress?.fraction ?? 0}
          label="Exporting the workbook"
          onCancel={() => void cancelExport()}
          testId="export-progress"
        />
      ) : (
        <div className="row end">
          {problem && <span className="field-error">{problem}</span>}
          <span className="spacer" />
          <button type="button" onClick={closeExport}>
            {result ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={problem !== null} data-testid="export-run">
            {native ? 'Export…' : 'Export'}
          </button>
        </div>
      )}
    </Modal>
  );
}
