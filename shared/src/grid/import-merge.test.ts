import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, rowText, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { applyImport, planImport, similarTitles, type ImportContent } from './import-merge.ts';
import { createUndoManager } from './undo.ts';

function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Test', year: 2026 }));
  return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
}

const AG =
  'Le taux de participation à l’Assemblée Générale et son évolution sont-ils satisfaisants ?';

/** The AG row of the template (theme 1), as the file names it. */
function agRow(doc: Y.Doc) {
  return readCycle(doc).rows.find((r) => r.label.startsWith('Le taux de participation'))!;
}

function fileWith(fields: Partial<ImportContent['rows'][number]>): ImportContent {
  return {
    rows: [
      {
        themeNumber: 1,
        domainTitle: 'Participation des membres',
        label: AG,
        baseline: '',
        target1y: '',
        target3y: '',
        ...fields,
      },
    ],
    themes: [],
  };
}

describe('planImport', () => {
  it('marks cells new, same or conflict, with the live text and the file text side by side', () => {
    const doc = newDoc();
    const row = agRow(doc);
    const domainTitle = readCycle(doc).domains.find((d) => d.id === row.domainId)!.title;
    rowText(doc, row.id, 'target1y').delete(0, row.target1y.length);
    rowText(doc, row.id, 'target1y').insert(0, 'Atteindre 40 % de participation');
    const plan = planImport(readCycle(doc), {
      ...fileWith({
        domainTitle,
        baseline: row.baseline,
        target1y: 'Atteindre 50 %',
        sources: 'Feuilles d’émargement',
      }),
    });
    const byField = Object.fromEntries(plan.cells.map((cell) => [cell.field, cell]));
    expect(byField.baseline!.status).toBe('same');
    expect(byField.target1y).toMatchObject({
      status: 'conflict',
      live: 'Atteindre 40 % de participation',
      file: 'Atteindre 50 %',
    });
    expect(byField.sources!.status).toBe('new');
    expect(plan.summary).toMatchObject({ merged: 1, created: 0, conflicts: 1, same: 1 });
  });

  it('matches a shortened domain title under the same number instead of creating a duplicate', () => {
    const doc = newDoc();
    const model = readCycle(doc);
    const theme8 = model.themes.find((t) => t.number === 8)!;
    const domain = model.domains.find((d) => d.themeId === theme8.id)!;
    const short = domain.title.split(' ').slice(0, 2).join(' ');
    const plan = planImport(model, {
      rows: [
        {
          themeNumber: 8,
          domainNumber: '8.1',
          domainTitle: short,
          label: 'Une nouvelle question ?',
          baseline: '',
          target1y: '',
          target3y: '',
        },
      ],
      themes: [],
    });
    expect(plan.summary.domainsCreated).toBe(0);
    expect(plan.newRows).toEqual([{ place: '8.1', label: 'Une nouvelle question ?' }]);
  });

  it.each([
    ['Valeurs écrites', 'Valeurs écrites et partagées', true],
    ['Exercice du pouvoir', 'Exercice  du pouvoir.', true],
    ['Participation des membres', 'Égalité salariale', false],
  ])('similarTitles(%j, %j) is %s', (a, b, same) => {
    expect(similarTitles(a, b)).toBe(same);
  });
});

describe('applyImport', () => {
  it('keeps typed text by default and takes the file’s version only when chosen', () => {
    const doc = newDoc();
    const row = agRow(doc);
    const domainTitle = readCycle(doc).domains.find((d) => d.id === row.domainId)!.title;
    const target = rowText(doc, row.id, 'target1y');
    target.delete(0, target.length);
    target.insert(0, 'Objectif tapé en réunion 😀');
    const content = fileWith({ domainTitle, target1y: 'Objectif du fichier', baseline: 'Autre' });

    const keep = new Y.Doc();
    Y.applyUpdate(keep, Y.encodeStateAsUpdate(doc));
    applyImport(keep, content);
    expect(agRow(keep).target1y).toBe('Objectif tapé en réunion 😀');
    expect(agRow(keep).baseline).toBe(row.baseline);

    applyImport(doc, content, { cells: [`${row.id}:target1y`] });
    expect(agRow(doc).target1y).toBe('Objectif du fichier');
    expect(agRow(doc).baseline).toBe(row.baseline);

    applyImport(doc, content, { all: true });
    expect(agRow(doc).baseline).toBe('Autre');
  });

  it('is one undo step for the importer; a colleague’s later edit elsewhere stays', () => {
    const importer = newDoc();
    const colleague = new Y.Doc();
    sync(importer, colleague);
    const origin = { source: 'importer' };
    const undo = createUndoManager(importer, origin);
    const before = readCycle(importer);
    const row = agRow(importer);
    const domainTitle = before.domains.find((d) => d.id === row.domainId)!.title;
    undo.stopCapturing();
    importer.transact(
      () =>
        applyImport(importer, {
          rows: [
            { ...fileWith({}).rows[0]!, domainTitle, sources: 'Registre', baselineValue: 38.5 },
            {
              themeNumber: 2,
              domainTitle: 'Un domaine nouveau',
              label: 'Une ligne nouvelle',
              baseline: 'x',
              target1y: '',
              target3y: '',
            },
          ],
          themes: [{ themeNumber: 7, notRetainedReason: 'Pas cette année' }],
        }),
      origin,
    );
    undo.stopCapturing();
    sync(importer, colleague);
    const other = readCycle(colleague).rows[5]!;
    rowText(colleague, other.id, 'label').insert(0, 'Ajout ');
    sync(importer, colleague);
    expect(undo.undoStack.length).toBe(1);
    undo.undo();
    sync(importer, colleague);
    const after = readCycle(colleague);
    expect(after.rows.find((r) => r.id === other.id)!.label).toBe(`Ajout ${other.label}`);
    const expected = structuredClone(before);
    expected.rows.find((r) => r.id === other.id)!.label = `Ajout ${other.label}`;
    expect(after).toEqual(expected);
  });

  it('fills new cells by small edits, so text typed meanwhile between them survives', () => {
    const server = newDoc();
    const typist = new Y.Doc();
    sync(server, typist);
    const row = agRow(server);
    const domainTitle = readCycle(server).domains.find((d) => d.id === row.domainId)!.title;
    // The typist adds words inside the baseline while the import (file: a changed baseline) runs.
    const baseline = row.baseline;
    rowText(typist, row.id, 'baseline').insert(baseline.indexOf('('), 'récentes ');
    applyImport(server, fileWith({ domainTitle, baseline: baseline.replace('Pas de', 'Peu de') }), {
      all: true,
    });
    sync(server, typist);
    expect(agRow(server).baseline).toBe(
      baseline.replace('Pas de', 'Peu de').replace('(', 'récentes ('),
    );
    expect(readCycle(typist)).toEqual(readCycle(server));
  });
});
