import { describe, expect, it } from 'vitest';
import { keyToCommand, moveTarget, PAGE_LINES, type KeyContext } from './grid-keyboard.ts';

const press = (
  key: string,
  mods: Partial<Record<'ctrl' | 'meta' | 'alt' | 'shift', boolean>> = {},
) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  altKey: mods.alt ?? false,
  shiftKey: mods.shift ?? false,
});
const onRow: KeyContext = { lineType: 'row', inEditor: false, readOnly: false };
const inText = (atStart: boolean, atEnd: boolean): KeyContext => ({
  ...onRow,
  inEditor: true,
  text: { atStart, atEnd },
});

describe('keyToCommand', () => {
  it('undoes with Ctrl+Z and redoes with Ctrl+Y, Ctrl+Maj+Z or Cmd+Maj+Z, even in an editor', () => {
    expect(keyToCommand(press('z', { ctrl: true }), onRow)).toEqual({ type: 'undo' });
    expect(keyToCommand(press('y', { ctrl: true }), inText(false, false))).toEqual({
      type: 'redo',
    });
    expect(keyToCommand(press('Z', { ctrl: true, shift: true }), onRow)).toEqual({ type: 'redo' });
    expect(keyToCommand(press('Z', { meta: true, shift: true }), onRow)).toEqual({ type: 'redo' });
    expect(keyToCommand(press('z', { ctrl: true, alt: true }), onRow)).toBeNull();
  });

  it('offers row structure shortcuts on rows only, and never to a read-only person', () => {
    expect(keyToCommand(press('Enter', { ctrl: true }), onRow)).toEqual({ type: 'insertRowBelow' });
    expect(keyToCommand(press('ArrowUp', { alt: true }), onRow)).toEqual({
      type: 'moveRow',
      delta: -1,
    });
    expect(keyToCommand(press('ArrowDown', { alt: true }), inText(true, true))).toEqual({
      type: 'moveRow',
      delta: 1,
    });
    expect(keyToCommand(press('Enter', { alt: true }), onRow)).toEqual({ type: 'openPanel' });
    expect(keyToCommand(press('Delete', { ctrl: true }), onRow)).toEqual({ type: 'deleteRow' });
    // Ctrl+Suppr inside a text deletes a word, not the row.
    expect(keyToCommand(press('Delete', { ctrl: true }), inText(false, false))).toBeNull();
    expect(keyToCommand(press('Delete', { ctrl: true }), { ...onRow, readOnly: true })).toBeNull();
    expect(keyToCommand(press('Enter', { ctrl: true }), { ...onRow, lineType: 'domain' })).toEqual({
      type: 'activate',
    });
  });

  it('moves between cells with arrows, Tab (wrapping) and pages', () => {
    expect(keyToCommand(press('ArrowDown'), onRow)).toEqual({ type: 'move', dLine: 1, dCol: 0 });
    expect(keyToCommand(press('ArrowLeft'), onRow)).toMatchObject({
      dLine: 0,
      dCol: -1,
      wrap: true,
    });
    expect(keyToCommand(press('Tab', { shift: true }), onRow)).toMatchObject({
      dCol: -1,
      wrap: true,
    });
    expect(keyToCommand(press('PageDown'), onRow)).toMatchObject({ dLine: PAGE_LINES });
    expect(keyToCommand(press('Home'), onRow)).toEqual({ type: 'lineStart' });
    expect(keyToCommand(press('End', { ctrl: true }), onRow)).toEqual({ type: 'gridEnd' });
  });

  it('leaves a text only at its edges, and Enter goes down a line', () => {
    expect(keyToCommand(press('ArrowUp'), inText(false, true))).toBeNull();
    expect(keyToCommand(press('ArrowUp'), inText(true, false))).toEqual({
      type: 'move',
      dLine: -1,
      dCol: 0,
      edit: true,
    });
    expect(keyToCommand(press('ArrowDown'), inText(false, true))).toMatchObject({
      dLine: 1,
      edit: true,
    });
    expect(keyToCommand(press('Enter'), inText(false, false))).toEqual({
      type: 'move',
      dLine: 1,
      dCol: 0,
    });
    // Maj+Entrée is a line break inside the text.
    expect(keyToCommand(press('Enter', { shift: true }), inText(false, false))).toBeNull();
    expect(keyToCommand(press('Escape'), inText(false, false))).toEqual({ type: 'leaveEditor' });
    expect(keyToCommand(press('Tab'), { ...onRow, inEditor: true })).toEqual({
      type: 'editorTab',
      backward: false,
    });
    // Typing a letter inside an editor is the browser's business.
    expect(keyToCommand(press('é'), inText(false, false))).toBeNull();
  });

  it('starts editing on a printable character, toggles with Space, resizes with Alt+Maj+arrows', () => {
    expect(keyToCommand(press('é'), onRow)).toEqual({ type: 'typeInto' });
    expect(keyToCommand(press('é'), { ...onRow, readOnly: true })).toBeNull();
    expect(keyToCommand(press('ArrowDown'), { ...onRow, readOnly: true })).toMatchObject({
      type: 'move',
    });
    expect(keyToCommand(press(' '), onRow)).toEqual({ type: 'toggle' });
    expect(keyToCommand(press('F2'), onRow)).toEqual({ type: 'activate' });
    expect(keyToCommand(press('ArrowRight', { alt: true, shift: true }), onRow)).toEqual({
      type: 'resizeColumn',
      delta: 24,
    });
    expect(
      keyToCommand(press('ArrowRight', { alt: true, shift: true }), {
        ...onRow,
        lineType: 'theme',
      }),
    ).toMatchObject({ type: 'move', dCol: 1 });
  });
});

describe('moveTarget', () => {
  const cells = [6, 5, 10, 10]; // theme, domain, row, row
  const kinds = ['theme', 'domain', 'row', 'row'] as const;
  const lines = { count: 4, cells: (i: number) => cells[i] ?? 1, kind: (i: number) => kinds[i]! };
  it('clamps to the grid and to the target line’s cells', () => {
    expect(moveTarget({ index: 3, col: 2 }, { dLine: 10, dCol: 0 }, lines)).toEqual({
      index: 3,
      col: 2,
    });
    expect(moveTarget({ index: 0, col: 0 }, { dLine: -10, dCol: 0 }, lines)).toEqual({
      index: 0,
      col: 0,
    });
    expect(moveTarget({ index: 2, col: 9 }, { dLine: 1, dCol: 0 }, lines)).toEqual({
      index: 3,
      col: 9,
    });
  });
  it('lands on the first cell of a header line, never on its last button, and back on the row column', () => {
    // From the last column of a row up to the domain line: its title, not "Supprimer le domaine".
    expect(moveTarget({ index: 2, col: 9 }, { dLine: -1, dCol: 0 }, lines)).toEqual({
      index: 1,
      col: 0,
    });
    expect(moveTarget({ index: 1, col: 0 }, { dLine: 1, dCol: 0 }, lines, 7)).toEqual({
      index: 2,
      col: 7,
    });
    expect(moveTarget({ index: 1, col: 3 }, { dLine: -1, dCol: 0 }, lines)).toEqual({
      index: 0,
      col: 0,
    });
  });
  it('wraps Tab-like moves to the next and previous line', () => {
    expect(moveTarget({ index: 1, col: 4 }, { dLine: 0, dCol: 1, wrap: true }, lines)).toEqual({
      index: 2,
      col: 0,
    });
    expect(moveTarget({ index: 2, col: 0 }, { dLine: 0, dCol: -1, wrap: true }, lines)).toEqual({
      index: 1,
      col: 4,
    });
    expect(moveTarget({ index: 0, col: 0 }, { dLine: 0, dCol: -1, wrap: true }, lines)).toEqual({
      index: 0,
      col: 0,
    });
  });
  it('has nowhere to go in an empty grid', () => {
    expect(
      moveTarget({ index: 0, col: 0 }, { dLine: 1, dCol: 0 }, { ...lines, count: 0 }),
    ).toBeNull();
  });
});
