/**
 * Turns a textarea's (or an imported cell's) new value into small Y.Text edits computed by
 * fast-diff, so concurrent typing by others elsewhere in the same cell is preserved character by
 * character. Hunk edges always fall on grapheme boundaries (Intl.Segmenter): an emoji, a ZWJ
 * sequence or a letter with its combining accent is replaced whole, never split.
 */
import fastDiff from 'fast-diff';
import type * as Y from 'yjs';

export interface TextEdit {
  /** Position in the text before any of the edits of the same diff. */
  index: number;
  deleteCount: number;
  insert: string;
}

interface Hunk {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Grapheme boundaries of `text` (0 and length included). */
function boundaries(text: string): Set<number> {
  const set = new Set<number>([0, text.length]);
  for (const { index } of segmenter.segment(text)) set.add(index);
  return set;
}

function rawHunks(before: string, after: string, caret: number | undefined): Hunk[] {
  const grown = after.length - before.length;
  const oldCursor = caret === undefined ? -1 : caret - grown;
  const parts =
    caret !== undefined && oldCursor >= 0 && oldCursor <= before.length && caret <= after.length
      ? fastDiff(before, after, {
          oldRange: { index: oldCursor, length: 0 },
          newRange: { index: caret, length: 0 },
        })
      : fastDiff(before, after);
  const hunks: Hunk[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  let current: Hunk | null = null;
  for (const [op, text] of parts) {
    if (op === 0) {
      if (current) hunks.push(current);
      current = null;
      oldIndex += text.length;
      newIndex += text.length;
      continue;
    }
    current ??= { oldStart: oldIndex, oldEnd: oldIndex, newStart: newIndex, newEnd: newIndex };
    if (op === -1) {
      oldIndex += text.length;
      current.oldEnd = oldIndex;
    } else {
      newIndex += text.length;
      current.newEnd = newIndex;
    }
  }
  if (current) hunks.push(current);
  return hunks;
}

/** Widen each hunk to grapheme boundaries of both texts, merging hunks that come to touch. */
function alignHunks(before: string, after: string, hunks: Hunk[]): Hunk[] {
  if (hunks.length === 0) return hunks;
  const oldBounds = boundaries(before);
  const newBounds = boundaries(after);
  const result: Hunk[] = [];
  let i = 0;
  while (i < hunks.length) {
    const current = { ...hunks[i]! };
    i++;
    // Between two hunks the texts are equal, so both sides move in step. The previous hunk's end
    // is aligned, hence the walk back stops there at the latest.
    while (!(oldBounds.has(current.oldStart) && newBounds.has(current.newStart))) {
      current.oldStart--;
      current.newStart--;
    }
    const previous = result[result.length - 1];
    let target = current;
    if (previous && current.oldStart <= previous.oldEnd) {
      previous.oldEnd = current.oldEnd;
      previous.newEnd = current.newEnd;
      target = previous;
    } else {
      result.push(current);
    }
    while (!(oldBounds.has(target.oldEnd) && newBounds.has(target.newEnd))) {
      const next = hunks[i];
      if (next && target.oldEnd >= next.oldStart) {
        target.oldEnd = next.oldEnd;
        target.newEnd = next.newEnd;
        i++;
      } else if (target.oldEnd < before.length) {
        target.oldEnd++;
        target.newEnd++;
      } else {
        break;
      }
    }
  }
  return result;
}

/**
 * The edits from `before` to `after`, in increasing position order, each `index` relative to
 * `before` (apply them with `applyEdits`, which goes from the last to the first). `caret` (the
 * caret position in `after`, e.g. a textarea's selectionEnd) resolves ambiguity when the same
 * characters repeat: typing "a" in "aa" inserts at the caret. Without it, fast-diff's smallest
 * diff is used. Empty when nothing changed.
 */
export function diffText(before: string, after: string, caret?: number): TextEdit[] {
  if (before === after) return [];
  const hunks = alignHunks(before, after, rawHunks(before, after, caret));
  return hunks.map((h) => ({
    index: h.oldStart,
    deleteCount: h.oldEnd - h.oldStart,
    insert: after.slice(h.newStart, h.newEnd),
  }));
}

/** Apply one edit to a Y.Text (callers wrap it in a transaction with their origin). */
export function applyEdit(text: Y.Text, edit: TextEdit): void {
  if (edit.deleteCount > 0) text.delete(edit.index, edit.deleteCount);
  if (edit.insert) text.insert(edit.index, edit.insert);
}

/** Apply the edits of one `diffText`, last first, so each index still points where it was computed. */
export function applyEdits(text: Y.Text, edits: readonly TextEdit[]): void {
  for (let i = edits.length - 1; i >= 0; i--) applyEdit(text, edits[i]!);
}

/**
 * Bring `text` to `after` with the fewest characters touched (several small edits), so what
 * someone else typed between two changed places survives. Returns whether anything changed.
 */
export function setTextByDiff(text: Y.Text, after: string, caret?: number): boolean {
  const edits = diffText(text.toString(), after, caret);
  applyEdits(text, edits);
  return edits.length > 0;
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
