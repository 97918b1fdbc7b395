import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { paragraphElements } from '../editor/section-content.ts';
import { sectionBody } from '../editor/section-ops.ts';
import { restoreContent } from './restore.ts';

function setText(doc: Y.Doc, sectionId: string, text: string) {
  const body = sectionBody(doc, sectionId)!;
  doc.transact(() => {
    body.delete(0, body.length);
    body.insert(0, paragraphElements(text));
  });
}

describe('restoring one theme', () => {
  it('brings back the theme’s own texts and leaves the other themes’ texts alone', () => {
    const doc = new Y.Doc();
    writeCycle(doc, cycleFromTemplate({ organisationName: 'Coop’ d’Évry', year: 2026 }));
    const [one, two] = readCycle(doc).themes;
    const sectionOf = (themeId: string, kind: string) =>
      readCycle(doc).sections.find((s) => s.themeId === themeId && s.kind === kind)!.id;
    const stakesOne = sectionOf(one!.id, 'theme-stakes');
    const practicesOne = sectionOf(one!.id, 'theme-practices');
    const stakesTwo = sectionOf(two!.id, 'theme-stakes');
    setText(doc, stakesOne, 'Enjeux du thème 1 : 38,5 % d’adhérents votants.');
    setText(doc, practicesOne, 'AG ouverte à tous 🙂');
    setText(doc, stakesTwo, 'Enjeux du thème 2 au gel.');
    const version = readCycle(doc);

    setText(doc, stakesOne, 'Réécrit après le gel.');
    setText(doc, practicesOne, '');
    setText(doc, stakesTwo, 'Thème 2 réécrit après le gel.');
    restoreContent(doc, version, { kind: 'theme', id: one!.id });

    const after = readCycle(doc);
    const text = (id: string) => after.sections.find((s) => s.id === id)!.paragraphs.join('\n');
    expect(text(stakesOne)).toBe('Enjeux du thème 1 : 38,5 % d’adhérents votants.');
    expect(text(practicesOne)).toBe('AG ouverte à tous 🙂');
    expect(text(stakesTwo)).toBe('Thème 2 réécrit après le gel.');
  });
});
