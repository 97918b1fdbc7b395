/**
 * This person's undo/redo over the cycle document: tracks only this tab's transactions
 * (LOCAL_ORIGIN), so it never removes someone else's typing. An undo step is what was typed in one
 * field between entering and leaving it, whatever the typing speed.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { createUndoManager } from '@pilotis/shared';
import { LOCAL_ORIGIN } from './collab-text.tsx';

export function useUndo(doc: Y.Doc | null) {
  const manager = useMemo(() => (doc ? createUndoManager(doc, LOCAL_ORIGIN) : null), [doc]);
  const [state, setState] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    if (!manager) return;
    const refresh = () => setState({ canUndo: manager.canUndo(), canRedo: manager.canRedo() });
    manager.on('stack-item-added', refresh);
    manager.on('stack-item-popped', refresh);
    manager.on('stack-cleared', refresh);
    // Steps are closed by actions, not by the clock (see createUndoManager): leaving any field
    // (a cell's editor, a text in the side panel or another view) ends the step being typed.
    const close = () => manager.stopCapturing();
    document.addEventListener('focusout', close);
    return () => {
      document.removeEventListener('focusout', close);
      manager.destroy();
    };
  }, [manager]);
  // Stable functions: the grid's context (and so every line) must not change with each render.
  const undo = useCallback(() => manager?.undo(), [manager]);
  const redo = useCallback(() => manager?.redo(), [manager]);
  /** A structure or typed-field change: its own undo step, never merged with typing. */
  const edit = useCallback(
    (change: () => void) => {
      manager?.stopCapturing();
      doc?.transact(change, LOCAL_ORIGIN);
      manager?.stopCapturing();
    },
    [manager, doc],
  );
  /** Close the current undo step (called when the person moves to another cell). */
  const stopCapturing = useCallback(() => manager?.stopCapturing(), [manager]);
  return { ...state, undo, redo, edit, stopCapturing };
}
