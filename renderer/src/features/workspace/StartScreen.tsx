import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../stores/store';

/** Shown when no workspace is open: create, open, or pick a recent file. */
export function StartScreen() {
  const { recent, busy } = useStore(useShallow((s) => ({ recent: s.recent, busy: s.busy })));
  const startFileAction = useStore((s) => s.startFileAction);
  const openWorkspace = useStore((s) => s.openWorkspace);
  const forgetRecent = useStore((s) => s.forgetRecent);
  return (
    <section className="start" aria-labelledby="start-title">
      <h1 id="start-title">No workspace is open</h1>
      <p className="muted">
        A workspace is one <code>.tierscape</code> file holding your imported partner lists and the tier scenarios you design on them.
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void startFileAction('new')} disabled={busy}>
          New workspace…
        </button>
        <button type="button" onClick={() => void startFileAction('open')} disabled={busy}>
          Open…
        </button>
      </div>
      {recent.length > 0 && (
        <>
          <h2>Recent</h2>
          <ul className="recent-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button type="button" className="link" onClick={() => void openWorkspace(r.path)} disabled={!r.exists || busy} title={r.path}>
                  {r.fileName}
                </button>
                <span className="muted small">{r.exists ? r.path : `missing: ${r.path}`}</span>
                <button type="button" className="link small" onClick={() => void forgetRecent(r.path)} aria-label={`Remove ${r.fileName} from the list`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
