/**
 * Turns a textarea's new value into the smallest Y.Text edit (one delete + one insert), so
 * concurrent typing by others elsewhere in the same cell is preserved character by character.
 */
import type * as Y from 'yjs';

export interface TextEdit {
  index: number;
  deleteCount: number;
  insert: string;
}

/**
 * The edit from `before` to `after`. `caret` (the caret position after the change) resolves
 * ambiguity when the same character repeats: typing "a" in "aa" inserts at the caret.
 */
export function diffText(before: string, after: string, caret = after.length): TextEdit | null {
  if (before === after) return null;
  const maxPrefix = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < maxPrefix && before[prefix] === after[prefix]) prefix++;
  // The changed region in `after` must end at or after the caret.
  const inserted = after.length - before.length;
  prefix = Math.min(prefix, Math.max(0, caret - Math.max(0, inserted)));
  let suffix = 0;
  const maxSuffix = Math.min(before.length, after.length) - prefix;
  while (
    suffix < maxSuffix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  return {
    index: prefix,
    deleteCount: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

export function applyEdit(text: Y.Text, edit: TextEdit): void {
  if (edit.deleteCount > 0) text.delete(edit.index, edit.deleteCount);
  if (edit.insert) text.insert(edit.index, edit.insert);
}

/** Where a caret at `position` moves when a remote change (a Yjs delta) is applied before it. */
export function shiftPosition(
  position: number,
  delta: { insert?: unknown; delete?: number; retain?: number }[],
): number {
  let index = 0;
  let shifted = position;
  for (const op of delta) {
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (typeof op.insert === 'string') {
      if (index < position) shifted += op.insert.length;
      index += op.insert.length;
    } else if (op.delete !== undefined) {
      if (index < position) shifted -= Math.min(op.delete, position - index);
    }
    if (index >= position) break;
  }
  return Math.max(0, shifted);
}
