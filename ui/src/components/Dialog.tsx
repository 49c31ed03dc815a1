// A modal dialog on the native <dialog>: focus is trapped, Escape closes, the page behind is inert.
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}

export function Dialog({ title, onClose, children, footer, wide }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
    return () => d?.close?.();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="btn-icon" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-foot">{footer}</footer>}
    </dialog>
  );
}

interface ConfirmFooterProps {
  /** Shown above the buttons when the last attempt failed. */
  error?: string | undefined;
  onCancel: () => void;
  onConfirm: () => void;
  disabled?: boolean;
  tone: 'primary' | 'danger';
  children: ReactNode;
}

/** The footer every confirm dialog has: the last error, Cancel, and the action button. */
export function ConfirmFooter({ error, onCancel, onConfirm, disabled, tone, children }: ConfirmFooterProps) {
  return (
    <>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="button" className={`btn btn-${tone}`} disabled={disabled} onClick={onConfirm}>
        {children}
      </button>
    </>
  );
}
