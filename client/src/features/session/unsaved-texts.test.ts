import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  cycleFromTemplate,
  GUIDE_TEMPLATE,
  readCycle,
  rowText,
  setTextByDiff,
  writeCycle,
} from '@pilotis/shared';
import { fr, type MessageKey } from '../../i18n/fr.ts';
import { unsavedFile, unsavedTexts } from './unsaved-texts.ts';

const t = (key: MessageKey, values?: Record<string, string | number>) =>
  fr[key].replace(/\{(\w+)\}/g, (match, name: string) =>
    values && name in values ? String(values[name]) : match,
  );

function cycleDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(
    doc,
    cycleFromTemplate({ organisationName: 'Asso', year: 2027 }, GUIDE_TEMPLATE.slice(0, 2)),
  );
  return doc;
}

describe('what is not saved yet', () => {
  it('lists the texts changed since the acknowledged state, where they belong, in full', () => {
    const doc = cycleDoc();
    const saved = Y.encodeStateAsUpdate(doc);
    const [first, second] = readCycle(doc).rows;
    setTextByDiff(rowText(doc, first!.id, 'baseline'), 'Mesuré : 38,5 % l’été 😀\nsuite');
    setTextByDiff(rowText(doc, second!.id, 'target1y'), 'Objectif « 1 234,50 € »');
    const texts = unsavedTexts(saved, doc, t);
    expect(texts).toEqual([
      { where: 'État des lieux (N0), ligne 1.1 n° 1', text: 'Mesuré : 38,5 % l’été 😀\nsuite' },
      { where: 'Objectif à 1 an, ligne 1.1 n° 2', text: 'Objectif « 1 234,50 € »' },
    ]);
    expect(unsavedFile('Titre', texts)).toBe(
      'Titre\n\nÉtat des lieux (N0), ligne 1.1 n° 1\nMesuré : 38,5 % l’été 😀\nsuite\n\nObjectif à 1 an, ligne 1.1 n° 2\nObjectif « 1 234,50 € »\n',
    );
  });

  it('lists nothing when everything was acknowledged, and every text when nothing was', () => {
    const doc = cycleDoc();
    expect(unsavedTexts(Y.encodeStateAsUpdate(doc), doc, t)).toEqual([]);
    const all = unsavedTexts(null, doc, t);
    expect(all.length).toBeGreaterThan(5);
    expect(all.every((entry) => entry.text !== '')).toBe(true);
  });
});
