/**
 * Modal dialogs with the same focus rules everywhere: the focus goes into the dialog when it
 * opens, Tab and Maj+Tab cycle inside it, Esc closes it, and the focus returns to what had it
 * before (the button that opened it) when it closes.
 */
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../i18n/i18n.tsx';
import './room.css';

const FOCUSABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * Remembers the focused element when a dialog opens and gives it the focus back on close (when it
 * is still on the page). Call it in the dialog component.
 */
export function useReturnFocus(): void {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    opener.current = document.activeElement as HTMLElement | null;
    return () => {
      const element = opener.current;
      // After the dialog is gone: the browser would otherwise move the focus to <body>.
      requestAnimationFrame(() => {
        if (element?.isConnected) element.focus();
      });
    };
  }, []);
}

/** Keeps Tab / Maj+Tab inside `container`: from the last element to the first and back. */
export function trapTab(event: React.KeyboardEvent, container: HTMLElement | null): void {
  if (event.key !== 'Tab' || !container) return;
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => element.offsetParent !== null || element === document.activeElement,
  );
  if (items.length === 0) return;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog (native `<dialog>`): a title, a close button, the content. `onClose` runs for the
 * close button, Esc, and `close()` from inside.
 */
export function Dialog({
  title,
  onClose,
  children,
  className,
  role = 'dialog',
  describedBy,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
  /** 'alertdialog' for a confirmation that interrupts. */
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useReturnFocus();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal focuses the first focusable element (the ✕): prefer the one marked to start on.
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);
  // In a portal: a dialog opened from a grid line is not inside that line's cells.
  return createPortal(
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={id}
      aria-describedby={describedBy}
      onClose={onClose}
      onKeyDown={(event) => {
        // Keys typed in a dialog never reach the grid behind it (React events cross portals).
        event.stopPropagation();
        trapTab(event, ref.current);
      }}
    >
      <header>
        <h2 id={id}>{title}</h2>
        <button type="button" onClick={() => ref.current?.close()} aria-label={t('common.close')}>
          ✕
        </button>
      </header>
      {children}
    </dialog>,
    document.body,
  );
}

/**
 * Asks to confirm a destructive action. The safe choice (cancel) has the focus first, so Enter
 * pressed by habit does not destroy anything.
 */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const messageId = useId();
  const confirmed = useRef(false);
  return (
    <Dialog
      title={title}
      role="alertdialog"
      describedBy={messageId}
      className="confirm-dialog"
      onClose={() => (confirmed.current ? onConfirm() : onCancel())}
    >
      <p id={messageId}>{message}</p>
      <form method="dialog" className="dialog-actions">
        <button type="submit" data-autofocus>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className="danger"
          onClick={() => {
            confirmed.current = true;
          }}
        >
          {confirmLabel}
        </button>
      </form>
    </Dialog>
  );
}
