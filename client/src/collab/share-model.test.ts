import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  cycleFromTemplate,
  domainText,
  moveSection,
  NO_FILTER,
  paragraphElements,
  readCycle,
  rowText,
  sectionBody,
  sectionTitle,
  setThemeRetained,
  writeCycle,
} from '@pilotis/shared';
import {
  patchRowTexts,
  patchTyping,
  sameValue,
  shareModel,
  type ChangedType,
} from './share-model.ts';
import { buildLines, shareLines } from '../features/grid/grid-lines.ts';

function cycle() {
  const doc = new Y.Doc();
  writeCycle(
    doc,
    cycleFromTemplate({ organisationName: 'Fédération d’Île-de-France', year: 2026 }),
  );
  return doc;
}

describe('structural sharing between two readings of a cycle', () => {
  it('gives a new object only to the row that was typed in', () => {
    const doc = cycle();
    const before = readCycle(doc);
    const typed = before.rows[3]!;
    rowText(doc, typed.id, 'baseline').insert(0, 'Taux d’adhésion : 38,5 % — « 1 234,50 € » 🎉\n');
    const after = shareModel(before, readCycle(doc));
    const changed = after.rows.filter((row, i) => row !== before.rows[i]);
    expect(changed.map((row) => row.id)).toEqual([typed.id]);
    expect(changed[0]!.baseline).toContain('38,5 %');
    expect(after.themes).toBe(before.themes);
    expect(after.domains).toBe(before.domains);
  });

  it('keeps every line but the typed row’s line, so one line component renders', () => {
    const doc = cycle();
    const first = readCycle(doc);
    const lines = buildLines(first, NO_FILTER);
    const typed = first.rows[0]!;
    rowText(doc, typed.id, 'label').insert(0, 'Élu·e·s ');
    const next = shareLines(lines, buildLines(shareModel(first, readCycle(doc)), NO_FILTER));
    const changed = next.filter((line, i) => line !== lines[i]);
    expect(changed.map((line) => line.key)).toEqual([`r:${typed.id}`]);
  });

  it('renews a theme line and its rows when the theme changes', () => {
    const doc = cycle();
    const first = readCycle(doc);
    const lines = buildLines(first, NO_FILTER);
    const theme = first.themes[0]!;
    setThemeRetained(doc, theme.id, false);
    const next = shareLines(lines, buildLines(shareModel(first, readCycle(doc)), NO_FILTER));
    const changed = new Set(next.filter((line, i) => line !== lines[i]).map((line) => line.key));
    expect(changed.has(`t:${theme.id}`)).toBe(true);
    const rowsOfTheme = next.filter((line) => line.type === 'row' && line.theme.id === theme.id);
    expect(rowsOfTheme.length).toBeGreaterThan(0);
    expect(rowsOfTheme.every((line) => changed.has(line.key))).toBe(true);
    const otherRows = next.filter((line) => line.type === 'row' && line.theme.id !== theme.id);
    expect(otherRows.some((line) => changed.has(line.key))).toBe(false);
  });

  it('compares plain values deeply and other objects by identity', () => {
    expect(sameValue({ a: [1, { b: 'é' }] }, { a: [1, { b: 'é' }] })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue(new Y.Text(), new Y.Text())).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });

  it('re-reads only the texts typed in, with the same result as reading the whole document', () => {
    const doc = cycle();
    const before = readCycle(doc);
    const changed: ChangedType[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) =>
      changed.push(...transaction.changed.keys()),
    );
    const [a, b] = [before.rows[0]!, before.rows[7]!];
    rowText(doc, a.id, 'target1y').insert(0, 'Atteindre 38,5 % d’ici l’été');
    rowText(doc, b.id, 'sources').insert(0, 'Rapport « 1 234,50 € »\nPV du 3 mars 🎉');
    const patched = patchRowTexts(doc, before, changed)!;
    expect(patched).toEqual(readCycle(doc));
    expect(patched.rows.filter((row, i) => row !== before.rows[i]).map((row) => row.id)).toEqual([
      a.id,
      b.id,
    ]);
    expect(patched.themes).toBe(before.themes);
  });

  it('leaves any other change to a whole reading', () => {
    const doc = cycle();
    const before = readCycle(doc);
    const changed: ChangedType[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) =>
      changed.push(...transaction.changed.keys()),
    );
    domainText(doc, before.domains[0]!.id, 'title').insert(0, 'Vie associative — ');
    expect(patchRowTexts(doc, before, changed)).toBeNull();
    changed.length = 0;
    setThemeRetained(doc, before.themes[0]!.id, false);
    expect(patchRowTexts(doc, before, changed)).toBeNull();
  });
});

describe('typing in a section (the Textes view)', () => {
  /** A cycle whose sections all hold some text, and the types each later transaction changes. */
  function filled() {
    const doc = cycle();
    for (const section of readCycle(doc).sections) {
      sectionBody(doc, section.id)!.insert(0, paragraphElements(`Texte de ${section.title}`));
    }
    const changed: ChangedType[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) =>
      changed.push(...transaction.changed.keys()),
    );
    return { doc, changed, before: readCycle(doc) };
  }
  /** The first text run of a section's body. */
  const firstRun = (doc: Y.Doc, id: string) =>
    (sectionBody(doc, id)!.get(0) as Y.XmlElement).get(0) as Y.XmlText;

  it('re-reads only the section typed in, with the same result as reading the whole document', () => {
    const { doc, changed, before } = filled();
    const method = before.sections.find((section) => section.kind === 'method')!;
    firstRun(doc, method.id).insert(0, 'Début « 38,5 % » 🎉 ');
    // A new paragraph too (a change of the body itself, not only of a text run).
    sectionBody(doc, method.id)!.insert(1, paragraphElements('Deuxième paragraphe'));
    const patched = patchTyping(doc, before, changed)!;
    expect(patched).toEqual(readCycle(doc));
    const renewed = patched.sections.filter((section, i) => section !== before.sections[i]);
    expect(renewed.map((section) => section.id)).toEqual([method.id]);
    expect(patched.themes).toBe(before.themes);
    expect(patched.rows).toBe(before.rows);
  });

  it('renews the theme whose good practices are typed, and reads a renamed section', () => {
    const { doc, changed, before } = filled();
    const practices = before.sections.find((section) => section.kind === 'theme-practices')!;
    const method = before.sections.find((section) => section.kind === 'method')!;
    firstRun(doc, practices.id).insert(0, 'Un binôme salarié élu. ');
    sectionTitle(doc, method.id)!.insert(0, 'Toute ');
    const patched = patchTyping(doc, before, changed)!;
    expect(patched).toEqual(readCycle(doc));
    const theme = patched.themes.find((item) => item.id === practices.themeId)!;
    expect(theme.goodPractices).toContain('Un binôme salarié élu.');
    expect(patched.themes.filter((item, i) => item !== before.themes[i])).toEqual([theme]);
  });

  it('typing in a row and in a section in one frame patches both', () => {
    const { doc, changed, before } = filled();
    const row = before.rows[2]!;
    const section = before.sections[3]!;
    rowText(doc, row.id, 'baseline').insert(0, 'État des lieux');
    firstRun(doc, section.id).insert(0, 'Ajout ');
    const patched = patchTyping(doc, before, changed)!;
    expect(patched).toEqual(readCycle(doc));
    expect(patched.rows.filter((item, i) => item !== before.rows[i])).toHaveLength(1);
    expect(patched.sections.filter((item, i) => item !== before.sections[i])).toHaveLength(1);
  });

  it('leaves a section moved, added or deleted to a whole reading', () => {
    const { doc, changed, before } = filled();
    moveSection(doc, before.sections[1]!.id, 1);
    expect(patchTyping(doc, before, changed)).toBeNull();
  });

  it('keeps the objects of sections that did not change across whole readings', () => {
    const { doc, before } = filled();
    const section = before.sections[5]!;
    firstRun(doc, section.id).insert(0, 'Ajout ');
    const after = shareModel(before, readCycle(doc));
    const renewed = after.sections.filter((item, i) => item !== before.sections[i]);
    expect(renewed.map((item) => item.id)).toEqual([section.id]);
  });
});
