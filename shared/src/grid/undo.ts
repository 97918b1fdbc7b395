/**
 * Per-person undo: an UndoManager that tracks only the transactions of one origin (this tab's),
 * so undoing never removes what someone else typed.
 */
import * as Y from 'yjs';
import { ROOT } from '../schema/keys.ts';

/** Edits closer together than this are undone as one step (a burst of typing). */
export const UNDO_CAPTURE_MS = 600;

export function createUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
  const scope = Object.values(ROOT).map((key) => doc.getMap(key));
  return new Y.UndoManager(scope, {
    trackedOrigins: new Set([origin]),
    captureTimeout: UNDO_CAPTURE_MS,
  });
}
