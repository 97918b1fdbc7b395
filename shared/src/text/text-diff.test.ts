import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyEdits, diffText, setTextByDiff, shiftPosition } from './text-diff.ts';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemeStarts = (text: string) =>
  new Set([...[...segmenter.segment(text)].map((s) => s.index), text.length]);

/** [name, before, after, caret in after (undefined: no caret)] */
const CASES: [string, string, string, number | undefined][] = [
  ['insertion at the end', 'Bonjour', 'Bonjour !', 9],
  ['deletion', 'Bonjour', 'Bjour', 1],
  ['replacement of a digit', 'Objectif 40 %', 'Objectif 50 %', 10],
  ['repeated letter typed at the caret', 'aa', 'aaa', 1],
  ['repeated word typed at the caret', 'très très', 'très très très', 5],
  ['emoji replaced by a neighbour', 'Bravo 😀', 'Bravo 😁', 8],
  ['emoji replaced in the middle', 'a😀b', 'a😁b', 3],
  ['emoji deleted', 'Bravo 😀 !', 'Bravo  !', 6],
  ['emoji inserted between emoji', '😀😀', '😀😁😀', 4],
  ['ZWJ family grows', 'Famille 👨‍👩‍👧', 'Famille 👨‍👩‍👧‍👦', undefined],
  ['ZWJ sequence shrinks', 'x 👩‍💻 y', 'x 👩 y', undefined],
  ['skin tone added', 'ok 👍', 'ok 👍🏽', 7],
  ['flag changed', 'Pays 🇫🇷', 'Pays 🇧🇪', undefined],
  ['combining accent added', 'ete', 'e\u0301te\u0301', undefined],
  ['combining accent removed', 'e\u0301te', 'ete', undefined],
  ['combining accent changed', 'e\u0301', 'e\u0300', undefined],
  ['precomposed to decomposed', 'été', 'e\u0301te\u0301', undefined],
  ['CRLF line break inserted', 'ligne 1ligne 2', 'ligne 1\r\nligne 2', 9],
  ['CRLF turned into LF', 'a\r\nb', 'a\nb', 2],
  ['LF inserted after CR', 'a\rb', 'a\r\nb', 3],
  [
    'line breaks and accents',
    'Première ligne\nDeuxième',
    'Première ligne\nTroisième\nDeuxième',
    25,
  ],
  ['apostrophe normalised', "l'assemblée d'été", 'l’assemblée d’été', undefined],
  [
    'two distant changes',
    'Objectif 40 % en 2026 pour tous',
    'Objectif 45 % en 2027 pour tous',
    undefined,
  ],
  ['everything replaced', 'abc', 'xyz', 3],
  ['from empty', '', 'Nouveau texte 😀', 16],
  ['to empty', 'Texte à effacer 👋', '', 0],
  ['paste over a selection', 'Le conseil décide', 'Le bureau décide', 9],
  ['backspace in repeated text', 'aaaa', 'aaa', 2],
  ['forward delete in repeated text', 'abab', 'ab', 2],
  ['narrow no-break spaces', 'Pourquoi ?', 'Pourquoi\u202f?', 9],
  ['numbers with thousands spaces', '1234,50 €', '1\u202f234,50\u00a0€', undefined],
  ['Hangul syllable composed', '\u1100', '\u1100\u1161', undefined],
  ['Devanagari cluster', 'कि', 'की', undefined],
  ['caret out of range is ignored', 'abc', 'abd', 99],
  ['keycap sequence', '1 item', '1\ufe0f\u20e3 item', undefined],
];

describe('diffText', () => {
  it.each(CASES)(
    '%s: applied to a Y.Text gives exactly the new string',
    (_n, before, after, caret) => {
      const doc = new Y.Doc();
      const text = doc.getText('t');
      text.insert(0, before);
      const edits = diffText(before, after, caret);
      const oldStarts = graphemeStarts(before);
      const newStarts = graphemeStarts(after);
      let shift = 0;
      for (const edit of edits) {
        // Every hunk begins and ends on a grapheme boundary, in the old and in the new text.
        expect(oldStarts.has(edit.index)).toBe(true);
        expect(oldStarts.has(edit.index + edit.deleteCount)).toBe(true);
        expect(newStarts.has(edit.index + shift)).toBe(true);
        expect(newStarts.has(edit.index + shift + edit.insert.length)).toBe(true);
        shift += edit.insert.length - edit.deleteCount;
      }
      applyEdits(text, edits);
      expect(text.toString()).toBe(after);
      expect(text.toString()).not.toContain('\ufffd');
    },
  );

  it('replaces a whole emoji, never half of a surrogate pair', () => {
    expect(diffText('Bravo 😀', 'Bravo 😁', 8)).toEqual([
      { index: 6, deleteCount: 2, insert: '😁' },
    ]);
  });

  it('inserts at the caret when the same letter repeats', () => {
    expect(diffText('aa', 'aaa', 1)).toEqual([{ index: 0, deleteCount: 0, insert: 'a' }]);
    expect(diffText('aa', 'aaa', 3)).toEqual([{ index: 2, deleteCount: 0, insert: 'a' }]);
  });

  it('gives several small hunks for distant changes', () => {
    const edits = diffText('Objectif 40 % en 2026', 'Objectif 45 % en 2027');
    expect(edits.length).toBe(2);
    expect(edits.every((edit) => edit.deleteCount + edit.insert.length <= 2)).toBe(true);
  });

  it('keeps what a colleague typed between two changed places', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    mine.getText('t').insert(0, 'Objectif 40 % des adhérents en 2026');
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));
    theirs.getText('t').insert(18, 'nouveaux ');
    setTextByDiff(mine.getText('t'), 'Objectif 45 % des adhérents en 2027');
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs));
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));
    expect(mine.getText('t').toString()).toBe('Objectif 45 % des nouveaux adhérents en 2027');
    expect(theirs.getText('t').toString()).toBe(mine.getText('t').toString());
  });

  it('returns no edit when nothing changed', () => {
    expect(diffText('x', 'x')).toEqual([]);
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
