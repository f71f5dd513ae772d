import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

interface ModalProps {
  title: string;
  children: ReactNode;
  /** Escape closes it; not while `busy` */
  onClose(): void;
  /** the dialog is a form: Enter submits */
  onSubmit?(event: FormEvent): void;
  busy?: boolean;
  className?: string;
  testId?: string;
}

/** A dialog over the app (the house's `.modal`): focus moves into it, Escape closes it. */
export function Modal({ title, children, onClose, onSubmit, busy = false, className, testId }: ModalProps) {
  const titleId = useId();
  const box = useRef<HTMLFormElement>(null);

  useEffect(() => {
    // React focuses an `autoFocus` element itself; otherwise the first control
    if (box.current && !box.current.contains(document.activeElement)) {
      box.current.querySelector<HTMLElement>('input, select, button')?.focus();
    }
  }, []);

  return (
    <div
      className="modal-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <form
        ref={box}
        className={`modal${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.(e);
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </form>
    </div>
  );
}
