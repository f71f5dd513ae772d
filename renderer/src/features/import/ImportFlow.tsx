import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Modal } from '../../components/Modal';
import { registerImportPicker } from '../../stores/import.slice';
import { useStore } from '../../stores/store';
import { ImportProgressBar } from './ImportProgressBar';
import { IMPORT_ACCEPT } from '../../lib/mapping';
import { MappingScreen } from './MappingScreen';

/** While the file is uploaded and read: its name, the stage, and Cancel. */
function ReadingPanel() {
  const { fileName, progress } = useStore(useShallow((s) => ({ fileName: s.importFlow?.fileName ?? '', progress: s.importFlow?.progress ?? null })));
  const cancel = useStore((s) => s.cancelImportWork);
  return (
    <Modal title={`Reading ${fileName}`} onClose={() => void cancel()} className="import-small" testId="import-reading">
      <p className="muted">Nothing is written to the workspace until you have checked the mapping and pressed Import.</p>
      <ImportProgressBar progress={progress} onCancel={() => void cancel()} label={`Reading ${fileName}`} />
    </Modal>
  );
}

/** The file could not be read, or the reading was cancelled: say so, offer another file. */
function StoppedPanel() {
  const { fileName, message } = useStore(useShallow((s) => ({ fileName: s.importFlow?.fileName ?? '', message: s.importFlow?.message ?? null })));
  const close = useStore((s) => s.closeImport);
  const startImport = useStore((s) => s.startImport);
  const failed = message?.tone === 'error';
  return (
    <Modal title={failed ? `Cannot import ${fileName}` : 'Import cancelled'} onClose={() => void close()} className="import-small" testId="import-stopped">
      {message && (
        <div className={`notice notice-${message.tone}`} role={failed ? 'alert' : 'status'} data-testid="import-stopped-message">
          <span>{message.text}</span>
        </div>
      )}
      {failed && <p className="muted small">The workspace is unchanged. Tierscape reads CSV and text files, Excel workbooks (.xlsx, .xls) and OpenDocument spreadsheets (.ods).</p>}
      <div className="row end">
        <button type="button" onClick={() => void close()}>
          Close
        </button>
        <button type="button" className="primary" onClick={() => void startImport()}>
          Choose another file…
        </button>
      </div>
    </Modal>
  );
}

/** The import flow, whichever step it is at. */
export function ImportFlow() {
  const phase = useStore((s) => s.importFlow?.phase ?? null);
  const hasPreview = useStore((s) => s.importFlow?.preview != null);
  if (!phase) return null;
  if (phase === 'stopped') return <StoppedPanel />;
  if (phase === 'reading' || !hasPreview) return <ReadingPanel />;
  return <MappingScreen />;
}

/** Browser mode's file picker: a hidden input the store opens through `importPickerRequest`. */
export function ImportFilePicker() {
  const request = useStore((s) => s.importPickerRequest);
  const importFile = useStore((s) => s.importFile);
  const input = useRef<HTMLInputElement>(null);
  const handled = useRef(request);

  useEffect(() => {
    if (request === handled.current) return;
    handled.current = request;
    input.current?.click();
  }, [request]);

  // the direct way in, used inside the user's gesture (see registerImportPicker)
  useEffect(() => {
    registerImportPicker(() => input.current?.click());
    return () => registerImportPicker(null);
  }, []);

  return (
    <input
      ref={input}
      type="file"
      accept={IMPORT_ACCEPT}
      hidden
      data-testid="import-file-input"
      aria-label="Partner file to import"
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file) void importFile(file);
      }}
    />
  );
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** Drag a file anywhere on the window: an overlay says what dropping does, and dropping imports it. */
export function FileDropTarget() {
  const [dragging, setDragging] = useState(false);
  const hasWorkspace = useStore((s) => s.workspace !== null);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void useStore.getState().importFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-card">
        <strong>{hasWorkspace ? 'Drop to import a partner list' : 'Open a workspace first'}</strong>
        <span className="muted">CSV or text, Excel (.xlsx, .xls) or OpenDocument (.ods)</span>
      </div>
    </div>
  );
}
