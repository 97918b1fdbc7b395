import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, readRows, rowText, writeCycle } from './cycle-doc.ts';
import { addDomain, addRow, deleteRow, setRowField, setThemeRetained } from '../grid/grid-ops.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import type { CycleModel } from './cycle.types.ts';
import { migrateCycle, SchemaTooNewError } from './migrations.ts';
import { META, ROOT, SCHEMA_VERSION } from './keys.ts';

function newCycleDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative Test', year: 2026 }));
  return doc;
}

/** Copy a doc into a new peer, as a client would after its first sync. */
function peerOf(doc: Y.Doc): Y.Doc {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  return peer;
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('cycle document accessors', () => {
  it('round-trips every kind of entity through writeCycle/readCycle', () => {
    const model: Omit<CycleModel, 'schemaVersion'> = {
      meta: {
        organisationName: 'Mutuelle des Œuvres',
        year: 2027,
        stage: 'board',
        pilots: [
          { id: 'p1', name: 'Amélie Durand', kind: 'salarie' },
          { id: 'p2', name: 'Jérôme Œhler', kind: 'elu' },
        ],
      },
      themes: [
        {
          id: 't1',
          number: 1,
          title: 'Gouvernance démocratique',
          retained: false,
          priority: 2,
          notRetainedReason: 'Traité l’an prochain',
          goodPractices: 'AG ouverte',
          improvements: 'Mieux informer',
        },
      ],
      domains: [{ id: 'd1', themeId: 't1', order: 'i', title: 'Transparence' }],
      rows: [
        {
          id: 'r1',
          domainId: 'd1',
          order: 'i',
          kind: 'indicator',
          nature: 'quantitative',
          unit: '€',
          label: 'Budget de formation\nsur deux lignes',
          baseline: '1 234,50 €',
          baselineValue: 1234.5,
          target1y: '=SUM(A1)',
          target3y: '« doubler »',
          treated: false,
          notTreatedReason: 'Hors périmètre',
          sources: 'Bilan social',
        },
      ],
      actions: [
        {
          id: 'a1',
          order: 'i',
          title: 'Former le bureau',
          description: 'Deux sessions\navec l’URSCOP',
          owner: 'Amélie',
          ownerId: null,
          budget: 1500,
          budgetSpent: 250.5,
          startDate: '2027-01-15',
          dueDate: null,
          quarter: '2027-T1',
          status: 'in-progress',
          abandonReason: '',
          rowIds: ['r1'],
          linkLabels: { r1: '1.1 n°1' },
          notes: '',
          deletedAt: null,
        },
      ],
      sections: [
        {
          id: 's1',
          order: 'i',
          kind: 'method',
          title: 'Notre méthode',
          paragraphs: ['Premier', 'Second ?'],
        },
      ],
      stakeholders: [
        {
          id: 'k1',
          order: 'i',
          name: 'Salariés',
          category: 'interne',
          relation: 'Réunion mensuelle',
        },
      ],
    };
    const doc = new Y.Doc();
    writeCycle(doc, model);
    // The model's own sections, among the standard ones every cycle gets.
    const given = (read: CycleModel) => ({
      ...read,
      sections: read.sections
        .filter((section) => section.id === 's1')
        .map(({ id, order, kind, title, paragraphs }) => ({ id, order, kind, title, paragraphs })),
      stakeholders: read.stakeholders.map(({ id, order, name, category, relation }) => ({
        id,
        order,
        name,
        category,
        relation,
      })),
    });
    expect(given(readCycle(doc))).toEqual({ schemaVersion: SCHEMA_VERSION, ...model });
    // And through the binary encoding a client receives.
    expect(given(readCycle(peerOf(doc)))).toEqual({ schemaVersion: SCHEMA_VERSION, ...model });
  });

  it('stores every free-text cell as collaborative text', () => {
    const doc = newCycleDoc();
    const rowId = readRows(doc)[0]!.id;
    const row = doc.getMap<Y.Map<unknown>>(ROOT.rows).get(rowId)!;
    for (const field of [
      'label',
      'baseline',
      'target1y',
      'target3y',
      'notTreatedReason',
      'sources',
    ]) {
      expect(row.get(field), field).toBeInstanceOf(Y.Text);
    }
  });

  it('keeps both insertions when two people type in the same cell at the same time', () => {
    const alice = newCycleDoc();
    const bob = peerOf(alice);
    const rowId = readRows(alice)[0]!.id;
    const before = rowText(alice, rowId, 'baseline').toString();

    rowText(alice, rowId, 'baseline').insert(0, 'Alice écrit ');
    rowText(bob, rowId, 'baseline').insert(before.length, ' — et Bob complète');
    rowText(bob, rowId, 'baseline').insert(0, 'Bob ');
    exchange(alice, bob);

    const merged = rowText(alice, rowId, 'baseline').toString();
    expect(rowText(bob, rowId, 'baseline').toString()).toBe(merged);
    expect(merged).toContain('Alice écrit ');
    expect(merged).toContain('Bob ');
    expect(merged).toContain(' — et Bob complète');
    expect(merged).toContain(before);
    expect(merged.length).toBe(
      before.length + 'Alice écrit '.length + 'Bob '.length + ' — et Bob complète'.length,
    );
  });

  it('converges when one person deletes a row another is editing', () => {
    const alice = newCycleDoc();
    const bob = peerOf(alice);
    const rowId = readRows(alice)[0]!.id;
    deleteRow(alice, rowId);
    rowText(bob, rowId, 'label').insert(0, 'x');
    exchange(alice, bob);
    expect(readCycle(alice)).toEqual(readCycle(bob));
  });

  it('adds rows in order, sets typed fields, adds domains, drops themes with a reason', () => {
    const doc = newCycleDoc();
    const cycle = readCycle(doc);
    const domain = cycle.domains[2]!;
    const first = cycle.rows.find((r) => r.domainId === domain.id)!;
    const inserted = addRow(doc, domain.id, { label: 'Nouvelle question' }, first.id);
    const inDomain = readRows(doc).filter((r) => r.domainId === domain.id);
    expect(inDomain[1]?.id).toBe(inserted);
    expect(inDomain[1]?.label).toBe('Nouvelle question');

    setRowField(doc, inserted, 'nature', 'quantitative');
    setRowField(doc, inserted, 'unit', '%');
    expect(readRows(doc).find((r) => r.id === inserted)).toMatchObject({
      nature: 'quantitative',
      unit: '%',
    });

    const theme = cycle.themes[6]!;
    const domainId = addDomain(doc, theme.id, 'Biodiversité');
    const domains = readCycle(doc).domains.filter((d) => d.themeId === theme.id);
    expect(domains.at(-1)?.id).toBe(domainId);

    setThemeRetained(doc, theme.id, false, 'Pas de moyens cette année');
    expect(readCycle(doc).themes[6]).toMatchObject({
      retained: false,
      notRetainedReason: 'Pas de moyens cette année',
    });
  });
});

describe('schema migrations', () => {
  it('stamps an unversioned document with the current version', () => {
    const doc = newCycleDoc();
    doc.getMap(ROOT.meta).delete(META.schemaVersion);
    expect(migrateCycle(doc)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(readCycle(doc).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('leaves a current document untouched (no update produced)', () => {
    const doc = newCycleDoc();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateCycle(doc)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(updates).toBe(0);
  });

  it('refuses a document written by a newer build', () => {
    const doc = newCycleDoc();
    doc.getMap(ROOT.meta).set(META.schemaVersion, SCHEMA_VERSION + 1);
    expect(() => migrateCycle(doc)).toThrow(SchemaTooNewError);
  });
});
