/**
 * Per-person undo: an UndoManager that tracks only the transactions of one origin (this tab's),
 * so undoing never removes what someone else typed.
 */
import * as Y from 'yjs';
import { ROOT } from '../schema/keys.ts';

/**
 * An undo step is closed by what the person does (moving to another cell, leaving a field, a
 * structure change: `stopCapturing()`), never by the clock: typing slowly, or on a busy computer,
 * must not split one cell's text into many steps (nor typing fast merge two cells).
 */
export const UNDO_CAPTURE_MS = Number.POSITIVE_INFINITY;

/** This person's undo over every root of the cycle document; steps close on `stopCapturing()`. */
export function createUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
  const scope = Object.values(ROOT).map((key) => doc.getMap(key));
  return new Y.UndoManager(scope, {
    trackedOrigins: new Set([origin]),
    captureTimeout: UNDO_CAPTURE_MS,
  });
}
