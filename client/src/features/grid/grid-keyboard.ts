/**
 * The grid's keyboard model as a pure function: a key press, where it happened (which kind of line,
 * on the cell or inside its editor) → the command to run. The view runs the command; keeping the
 * decision pure lets every shortcut be unit-tested without a browser.
 */

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface KeyContext {
  lineType: 'theme' | 'domain' | 'row';
  /** The focus is inside the cell's editor (textarea, input, button), not on the cell itself. */
  inEditor: boolean;
  /** The editor is a multi-line text; `atStart` / `atEnd`: the caret is at its first / last position. */
  text?: { atStart: boolean; atEnd: boolean };
  readOnly: boolean;
}

export type GridCommand =
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'insertRowBelow' }
  | { type: 'moveRow'; delta: -1 | 1 }
  | { type: 'openPanel' }
  | { type: 'deleteRow' }
  /** Back from the editor to its cell. */
  | { type: 'leaveEditor' }
  /** Tab inside an editor: next editor of the same cell, else the next cell (editing it). */
  | { type: 'editorTab'; backward: boolean }
  /** Relative move; `wrap`: past the last cell of a line goes to the next line (Tab order). */
  | { type: 'move'; dLine: number; dCol: number; edit?: boolean; wrap?: boolean }
  | { type: 'lineStart' }
  | { type: 'lineEnd' }
  | { type: 'gridStart' }
  | { type: 'gridEnd' }
  | { type: 'resizeColumn'; delta: number }
  /** Enter / F2: into the cell's editor (a button or a checkbox is pressed). */
  | { type: 'activate' }
  /** Space on a cell: toggles its checkbox, if any. */
  | { type: 'toggle' }
  /** A printable character on a text cell: start editing it, keeping what is there. */
  | { type: 'typeInto' };

/** Lines a PageUp / PageDown moves the active cell by. */
export const PAGE_LINES = 10;
/** Pixels Alt+Maj+←/→ widens or narrows the active column by. */
export const RESIZE_STEP = 24;

/**
 * The command for a key press in the grid, or null when the browser's default should apply
 * (typing in an editor, a shortcut that does not exist on this kind of line).
 */
export function keyToCommand(press: KeyPress, at: KeyContext): GridCommand | null {
  const mod = press.ctrlKey || press.metaKey;
  const { key } = press;

  if (mod && !press.altKey && (key === 'z' || key === 'Z' || key === 'y')) {
    return key === 'y' || press.shiftKey ? { type: 'redo' } : { type: 'undo' };
  }
  if (at.lineType === 'row' && !at.readOnly) {
    if (mod && key === 'Enter') return { type: 'insertRowBelow' };
    if (press.altKey && (key === 'ArrowUp' || key === 'ArrowDown'))
      return { type: 'moveRow', delta: key === 'ArrowUp' ? -1 : 1 };
    if (press.altKey && key === 'Enter') return { type: 'openPanel' };
    if (mod && key === 'Delete' && !at.inEditor) return { type: 'deleteRow' };
  }

  if (at.inEditor) {
    if (key === 'Escape') return { type: 'leaveEditor' };
    if (key === 'Tab') return { type: 'editorTab', backward: press.shiftKey };
    const text = at.text;
    if (!text) return null;
    if (key === 'Enter' && !press.shiftKey && !press.altKey && !mod)
      return { type: 'move', dLine: 1, dCol: 0 };
    if (key === 'ArrowUp' && text.atStart) return { type: 'move', dLine: -1, dCol: 0, edit: true };
    if (key === 'ArrowDown' && text.atEnd) return { type: 'move', dLine: 1, dCol: 0, edit: true };
    return null;
  }

  if (
    press.altKey &&
    press.shiftKey &&
    (key === 'ArrowLeft' || key === 'ArrowRight') &&
    at.lineType === 'row'
  ) {
    return { type: 'resizeColumn', delta: key === 'ArrowRight' ? RESIZE_STEP : -RESIZE_STEP };
  }

  switch (key) {
    case 'ArrowUp':
      return { type: 'move', dLine: -1, dCol: 0 };
    case 'ArrowDown':
      return { type: 'move', dLine: 1, dCol: 0 };
    case 'ArrowLeft':
      return { type: 'move', dLine: 0, dCol: -1, wrap: true };
    case 'ArrowRight':
      return { type: 'move', dLine: 0, dCol: 1, wrap: true };
    case 'Tab':
      return { type: 'move', dLine: 0, dCol: press.shiftKey ? -1 : 1, wrap: true };
    case 'Home':
      return mod ? { type: 'gridStart' } : { type: 'lineStart' };
    case 'End':
      return mod ? { type: 'gridEnd' } : { type: 'lineEnd' };
    case 'PageDown':
      return { type: 'move', dLine: PAGE_LINES, dCol: 0 };
    case 'PageUp':
      return { type: 'move', dLine: -PAGE_LINES, dCol: 0 };
    case 'Enter':
    case 'F2':
      return { type: 'activate' };
    case ' ':
      return at.readOnly ? null : { type: 'toggle' };
    default:
      return key.length === 1 && !mod && !press.altKey && !at.readOnly
        ? { type: 'typeInto' }
        : null;
  }
}

/** What `moveTarget` needs to know about the grid's lines. */
export interface LineShape {
  count: number;
  /** Number of keyboard cells of line `index`. */
  cells(index: number): number;
  kind(index: number): 'theme' | 'domain' | 'row';
}

/**
 * Where a relative move lands: clamped to the grid, wrapping to the next / previous line for
 * Tab-like moves. A vertical move onto a header line (theme, domain) lands on its first cell — never
 * on a structure button such as "Supprimer le domaine" just because of the column it came from —
 * and back on a row it returns to `rowCol`, the row column the person was in.
 */
export function moveTarget(
  from: { index: number; col: number },
  move: { dLine: number; dCol: number; wrap?: boolean },
  lines: LineShape,
  rowCol: number = from.col,
): { index: number; col: number } | null {
  if (lines.count === 0) return null;
  let index = from.index + move.dLine;
  let col = from.col + move.dCol;
  if (move.wrap && move.dLine === 0) {
    if (col >= lines.cells(from.index)) {
      index += 1;
      col = 0;
    } else if (col < 0) {
      index -= 1;
      col = index >= 0 ? lines.cells(index) - 1 : 0;
    }
  }
  index = Math.max(0, Math.min(lines.count - 1, index));
  if (move.dLine !== 0 && index !== from.index) {
    const kind = lines.kind(index);
    if (kind !== lines.kind(from.index)) col = kind === 'row' ? rowCol : 0;
  }
  col = Math.max(0, Math.min(lines.cells(index) - 1, col));
  return { index, col };
}
