/**
 * Moving the keyboard focus to a grid cell that may not be rendered yet: the line can be just
 * created (it appears after the next model refresh) or outside the virtualised window (it must be
 * scrolled in first). The request is retried on animation frames, a bounded number of times.
 */
import { useCallback, useMemo, useRef, type RefObject } from 'react';

/** Frames a focus request waits for its line or cell before it is dropped (about one second). */
export const FOCUS_MAX_TRIES = 60;
const EDITABLE = 'textarea, input, select, button';

interface FocusRequest {
  key: string;
  col: number;
  edit: boolean;
  tries: number;
}

/**
 * Returns `request(key, col, edit)` to ask for the focus and `flush()` to try now (the view calls
 * it after each render). `indexOf` maps a line key to its current index; `scrollToIndex` brings a
 * line into the virtualised window.
 */
export function useFocusScheduler(
  container: RefObject<HTMLElement | null>,
  indexOf: (key: string) => number | undefined,
  scrollToIndex: (index: number) => void,
) {
  const pending = useRef<FocusRequest | null>(null);
  // flush runs from animation frames: read the latest callbacks through refs.
  const latest = useRef({ indexOf, scrollToIndex });
  latest.current = { indexOf, scrollToIndex };

  const flush = useCallback(() => {
    const target = pending.current;
    const root = container.current;
    if (!target || !root) return;
    const retry = () => {
      target.tries += 1;
      if (target.tries < FOCUS_MAX_TRIES) requestAnimationFrame(flush);
      else if (pending.current === target) pending.current = null;
    };
    const index = latest.current.indexOf(target.key);
    if (index === undefined) return retry();
    const cell = root.querySelector<HTMLElement>(
      `[data-line="${index}"][data-col="${target.col}"]`,
    );
    if (!cell) {
      latest.current.scrollToIndex(index);
      return retry();
    }
    pending.current = null;
    const editor = target.edit ? cell.querySelector<HTMLElement>(EDITABLE) : null;
    if (editor) {
      editor.focus();
      if (editor instanceof HTMLTextAreaElement)
        editor.setSelectionRange(editor.value.length, editor.value.length);
    } else {
      cell.focus();
    }
    cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [container]);

  const request = useCallback((key: string, col: number, edit: boolean) => {
    pending.current = { key, col, edit, tries: 0 };
  }, []);

  const hasPending = useCallback(() => pending.current !== null, []);

  return useMemo(() => ({ request, flush, hasPending }), [request, flush, hasPending]);
}

export { EDITABLE };
