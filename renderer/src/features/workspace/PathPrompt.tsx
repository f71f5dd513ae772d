import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PickPurpose } from '../../../../shared/ipc/contract';
import { useStore } from '../../stores/store';

const TITLES: Record<PickPurpose, { title: string; action: string; hint: string }> = {
  open: { title: 'Open workspace', action: 'Open', hint: 'Path of a .tierscape file on this computer' },
  new: { title: 'New workspace', action: 'Create', hint: 'Where to create the new .tierscape file' },
  saveAs: { title: 'Save workspace as', action: 'Save copy', hint: 'Where to write a copy of the open workspace' },
};

/** The path the prompt suggests: the last workspace that still exists (Open), Untitled (New), a copy's name (Save As). */
function suggestedPath(
  purpose: PickPurpose | undefined,
  dir: string,
  recent: readonly { path: string; exists: boolean }[],
  workspace: { path: string; name: string } | null,
): string {
  if (purpose === 'open') return recent.find((r) => r.exists && r.path !== workspace?.path)?.path ?? '';
  if (purpose === 'new') return joinPath(dir, 'Untitled.tierscape');
  return joinPath(dir, `${workspace?.name ?? 'Workspace'} copy.tierscape`);
}

function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/** Browser mode has no native file dialogs: the person types a path on this computer. */
export function PathPrompt() {
  const purpose = useStore((s) => s.pathPrompt?.purpose);
  // a new form for each prompt: its suggested path is there from its first frame, so what
  // the person types at once is never merged with a suggestion that arrives a moment later
  return purpose ? <PathForm key={purpose} /> : null;
}

function PathForm() {
  const { prompt, appInfo, workspace, recent, busy } = useStore(
    useShallow((s) => ({ prompt: s.pathPrompt, appInfo: s.appInfo, workspace: s.workspace, recent: s.recent, busy: s.busy })),
  );
  const submitPath = useStore((s) => s.submitPath);
  const cancel = useStore((s) => s.cancelPathPrompt);
  const [path, setPath] = useState(() => suggestedPath(prompt?.purpose, appInfo?.documentsDir ?? '', recent, workspace));
  const [sample, setSample] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // the suggestion selected, so typing replaces it
  useEffect(() => input.current?.select(), []);

  if (!prompt) return null;
  const text = TITLES[prompt.purpose];

  const submit = (event: FormEvent, overwrite = false) => {
    event.preventDefault();
    void submitPath(prompt.purpose, path, { sample, overwrite });
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <form className="modal" role="dialog" aria-modal="true" aria-labelledby="path-prompt-title" onSubmit={submit}>
        <h2 id="path-prompt-title">{text.title}</h2>
        <label className="field">
          <span>{text.hint}</span>
          <input ref={input} value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} autoFocus aria-label="File path" />
        </label>
        {prompt.purpose === 'new' && (
          <label className="checkbox">
            <input type="checkbox" checked={sample} onChange={(e) => setSample(e.target.checked)} />
            Fill it with the sample partner list
          </label>
        )}
        {prompt.error && (
          <div className="notice notice-error" role="alert">
            <span>{prompt.error}</span>
          </div>
        )}
        {prompt.confirmReplace && (
          <div className="notice notice-error" role="alert">
            <span>{prompt.confirmReplace}</span>
            <button type="button" className="danger" onClick={(e) => submit(e, true)} disabled={busy}>
              Replace it
            </button>
          </div>
        )}
        <div className="row end">
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {text.action}
          </button>
        </div>
      </form>
    </div>
  );
}
