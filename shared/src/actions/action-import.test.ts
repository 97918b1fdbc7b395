import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { applyImport, planImport, type ImportContent } from '../grid/import-merge.ts';
import { createUndoManager } from '../grid/undo.ts';
import {
  actionText,
  createAction,
  readActions,
  setActionAmount,
  setActionDate,
  setActionStatus,
} from './action-ops.ts';
import { normalRowRef } from './action-import.ts';
import { rowReferences } from './action-calc.ts';

function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative Été', year: 2026 }));
  return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
}

/** A cycle with one typed action: "Former le bureau", 1 234,50 € prévus, from 01/03/2027. */
function typedDoc() {
  const doc = newDoc();
  const id = createAction(doc, { title: 'Former le bureau à l’animation' });
  setActionAmount(doc, id, 'budget', '1 234,50 €');
  setActionDate(doc, id, 'startDate', '01/03/2027');
  const notes = actionText(doc, id, 'notes')!;
  notes.insert(0, 'Tapé en réunion ✅\nDeux séances');
  return { doc, id };
}

function file(actions: ImportContent['actions']): ImportContent {
  return { rows: [], themes: [], actions };
}

describe('import of an action plan sheet', () => {
  it('reads "1.3 n°2" references however they are typed', () => {
    expect(normalRowRef('1.3 n°2')).toBe('1.3 n°2');
    expect(normalRowRef(' 1.3 no 02 ')).toBe('1.3 n°2');
    expect(normalRowRef('1.3 #2')).toBe('1.3 n°2');
    expect(normalRowRef('ligne supprimée (1.1 n°1 — x)')).toBeNull();
  });

  it('plans new, same and conflict cells; a typed value stays unless the file’s is chosen', () => {
    const { doc, id } = typedDoc();
    const model = readCycle(doc);
    const reference = rowReferences(model).get(model.rows[3]!.id)!;
    const content = file([
      {
        // Same title, other apostrophe and case: the same action.
        title: "former le bureau à l'animation",
        budget: 1500,
        startDate: '2027-03-01',
        dueDate: '2027-06-30',
        notes: 'Version du fichier',
        owner: 'Zoé Lefèvre',
        rowRefs: [reference, '9.9 n°1'],
      },
      { title: 'Nouvelle action « Été » 🌱', budget: 38.5, status: 'in-progress' },
    ]);
    const plan = planImport(model, content);
    const byField = Object.fromEntries(plan.cells.map((cell) => [cell.field, cell]));
    expect(byField['action.budget']).toMatchObject({
      status: 'conflict',
      live: '1\u202f234,50\u00a0€',
      file: '1\u202f500,00\u00a0€',
    });
    expect(byField['action.startDate']!.status).toBe('same');
    expect(byField['action.dueDate']).toMatchObject({ status: 'new', file: '30/06/2027' });
    expect(byField['action.notes']!.status).toBe('conflict');
    expect(byField['action.owner']!.status).toBe('new');
    expect(byField['action.rowIds']).toMatchObject({ status: 'new', file: reference });
    expect(plan.summary).toMatchObject({ actionsCreated: 1, actionsMerged: 1 });
    expect(plan.newActions.map((a) => a.label)).toEqual(['Nouvelle action « Été » 🌱']);
    expect(plan.actionWarnings.join(' ')).toMatch(/9\.9 n°1 n’existe pas/);

    // Default: the conflicts keep what was typed; new cells are filled; one action is added.
    const keep = new Y.Doc();
    Y.applyUpdate(keep, Y.encodeStateAsUpdate(doc));
    applyImport(keep, content);
    const kept = readActions(keep).find((a) => a.id === id)!;
    expect(kept.budget).toBe(1234.5);
    expect(kept.notes).toBe('Tapé en réunion ✅\nDeux séances');
    expect(kept.dueDate).toBe('2027-06-30');
    expect(kept.owner).toBe('Zoé Lefèvre');
    expect(kept.rowIds).toEqual([model.rows[3]!.id]);
    const added = readActions(keep).find((a) => a.id !== id)!;
    expect(added).toMatchObject({ budget: 38.5, status: 'in-progress' });

    // Chosen: the file's budget only.
    applyImport(doc, content, { cells: [`action:${id}:budget`] });
    const chosen = readActions(doc).find((a) => a.id === id)!;
    expect(chosen.budget).toBe(1500);
    expect(chosen.notes).toBe('Tapé en réunion ✅\nDeux séances');
  });

  it('never removes a link, never leaves a due date before the start, nor abandonné without reason', () => {
    const { doc, id } = typedDoc();
    setActionStatus(doc, id, 'in-progress');
    const before = readActions(doc).find((a) => a.id === id)!;
    applyImport(
      doc,
      file([{ title: before.title, dueDate: '2027-01-15', status: 'abandoned', rowRefs: [] }]),
      { all: true },
    );
    const after = readActions(doc).find((a) => a.id === id)!;
    expect(after.dueDate).toBeNull();
    expect(after.status).toBe('in-progress');
  });

  it('is one undo step with the steering rows; a colleague’s later edit stays', () => {
    const importer = newDoc();
    const colleague = new Y.Doc();
    sync(importer, colleague);
    const origin = { source: 'importer' };
    const undo = createUndoManager(importer, origin);
    const before = readCycle(importer);
    undo.stopCapturing();
    importer.transact(
      () =>
        applyImport(importer, {
          rows: [
            {
              themeNumber: 2,
              domainTitle: 'Un domaine nouveau',
              label: 'Une ligne nouvelle',
              baseline: 'x',
              target1y: '',
              target3y: '',
            },
          ],
          themes: [],
          actions: [{ title: 'Action du fichier', budget: 1234.5, startDate: '2027-01-05' }],
        }),
      origin,
    );
    undo.stopCapturing();
    sync(importer, colleague);
    expect(readActions(colleague).map((a) => a.title)).toEqual(['Action du fichier']);
    const other = readCycle(colleague).rows[5]!;
    readCycle(colleague);
    colleague.transact(() => {
      const label = colleague.getMap('rows').get(other.id) as Y.Map<unknown>;
      (label.get('label') as Y.Text).insert(0, 'Ajout ');
    });
    sync(importer, colleague);
    expect(undo.undoStack.length).toBe(1);
    undo.undo();
    sync(importer, colleague);
    const after = readCycle(colleague);
    expect(after.actions.filter((a) => a.deletedAt === null)).toEqual([]);
    const expected = structuredClone(before);
    expected.rows.find((r) => r.id === other.id)!.label = `Ajout ${other.label}`;
    expect(after).toEqual(expected);
  });
});
