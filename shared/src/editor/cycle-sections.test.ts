import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entityRoot, metaMap, readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { META, SCHEMA_VERSION } from '../schema/keys.ts';
import { migrateCycle } from '../schema/migrations.ts';
import { cycleFromPrevious, cycleFromTemplate } from '../template/create-cycle.ts';

/** A cycle as schema 1 stored it: theme texts as Y.Text, no sections. */
function schemaOneDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Association Test', year: 2026 }));
  doc.transact(() => {
    entityRoot(doc, 'sections').clear();
    const themes = [...entityRoot(doc, 'themes').values()];
    themes[0]!.set('goodPractices', new Y.Text('AG ouverte à tous\nCompte rendu envoyé ’ 😀'));
    themes[0]!.set('improvements', new Y.Text('Former les élus : 38,5 h'));
    metaMap(doc).set(META.schemaVersion, 1);
  });
  return doc;
}

describe('cycle sections', () => {
  it('migrates a schema 1 cycle: theme texts move into rich sections, once', () => {
    const doc = schemaOneDoc();
    const firstTheme = readCycle(doc).themes[0]!;
    expect(migrateCycle(doc)).toEqual({ from: 1, to: SCHEMA_VERSION });
    const model = readCycle(doc);
    const ofTheme = model.sections.filter((section) => section.themeId === firstTheme.id);
    expect(ofTheme.map((section) => section.kind)).toEqual([
      'theme-stakes',
      'theme-practices',
      'theme-improvements',
    ]);
    expect(ofTheme[1]!.paragraphs).toEqual(['AG ouverte à tous', 'Compte rendu envoyé ’ 😀']);
    expect(ofTheme[2]!.paragraphs).toEqual(['Former les élus : 38,5 h']);
    // One place: the theme no longer holds its own copy, yet reads the same text.
    const themeMap = entityRoot(doc, 'themes').get(firstTheme.id)!;
    expect(themeMap.has('goodPractices')).toBe(false);
    expect(model.themes[0]!.goodPractices).toBe('AG ouverte à tous\nCompte rendu envoyé ’ 😀');
    expect(model.themes[0]!.improvements).toBe('Former les élus : 38,5 h');
    expect(model.sections.map((section) => section.kind)).toEqual(
      expect.arrayContaining(['synthesis', 'method', 'doing', 'annex']),
    );
    expect(model.sections).toHaveLength(4 + 3 * 8);
    // Running it again changes nothing.
    const before = Y.encodeStateAsUpdate(doc);
    expect(migrateCycle(doc)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('carries rich sections into next year’s cycle, tied to the new themes', () => {
    const doc = schemaOneDoc();
    migrateCycle(doc);
    const previous = readCycle(doc);
    const next = new Y.Doc();
    writeCycle(
      next,
      cycleFromPrevious(previous, { organisationName: 'Association Test', year: 2027 }),
    );
    const model = readCycle(next);
    expect(model.sections).toHaveLength(previous.sections.length);
    expect(model.themes[0]!.goodPractices).toBe(previous.themes[0]!.goodPractices);
    const themeIds = new Set(model.themes.map((theme) => theme.id));
    for (const section of model.sections.filter((s) => s.kind.startsWith('theme-'))) {
      expect(themeIds.has(section.themeId!)).toBe(true);
    }
  });
});
