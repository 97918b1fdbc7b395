import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyEdit, diffText, shiftPosition } from './text-diff.ts';

describe('diffText', () => {
  it.each([
    ['insertion', 'Bonjour', 'Bonjour !', 9, { index: 7, deleteCount: 0, insert: ' !' }],
    ['deletion', 'Bonjour', 'Bjour', 1, { index: 1, deleteCount: 2, insert: '' }],
    [
      'replacement',
      'Objectif 40 %',
      'Objectif 50 %',
      10,
      { index: 9, deleteCount: 1, insert: '5' },
    ],
    [
      'repeated letter typed at the caret',
      'aa',
      'aaa',
      1,
      { index: 0, deleteCount: 0, insert: 'a' },
    ],
  ])('finds the minimal edit for a %s', (_name, before, after, caret, expected) => {
    expect(diffText(before, after, caret)).toEqual(expected);
  });

  it('returns null when nothing changed', () => {
    expect(diffText('x', 'x')).toBeNull();
  });

  it('reproduces the new value when applied to a Y.Text', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'État des lieux : à faire');
    const after = 'État des lieux (N0) : fait';
    applyEdit(text, diffText(text.toString(), after, after.length)!);
    expect(text.toString()).toBe(after);
  });
});

describe('shiftPosition', () => {
  it('moves the caret right for remote text inserted before it, not after', () => {
    expect(shiftPosition(5, [{ insert: 'abc' }])).toBe(8);
    expect(shiftPosition(5, [{ retain: 6 }, { insert: 'abc' }])).toBe(5);
  });

  it('moves the caret left for remote text deleted before it', () => {
    expect(shiftPosition(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(shiftPosition(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
  });
});
