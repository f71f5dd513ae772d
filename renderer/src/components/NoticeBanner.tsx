import { useStore } from '../stores/store';

export function NoticeBanner() {
  const notice = useStore((s) => s.notice);
  const dismiss = useStore((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" className="link" onClick={dismiss} aria-label="Dismiss message">
        Dismiss
      </button>
    </div>
  );
}
