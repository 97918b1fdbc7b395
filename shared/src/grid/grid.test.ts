import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, rowText, themeText, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import {
  addRow,
  deleteDomain,
  duplicateRow,
  lastChange,
  moveDomain,
  moveDomainTo,
  moveRow,
  moveRowTo,
  setRowField,
  setThemeRetained,
} from './grid-ops.ts';
import { completion, findIssues, NO_FILTER, rowMatches, themeBalance } from './grid-checks.ts';
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

const rowsIn = (doc: Y.Doc, domainId: string) =>
  readCycle(doc).rows.filter((r) => r.domainId === domainId);

describe('structure editing', () => {
  it('duplicates a row right below it with every field', () => {
    const doc = newDoc();
    const domain = readCycle(doc).domains[2]!;
    const source = rowsIn(doc, domain.id)[0]!;
    const copyId = duplicateRow(doc, source.id);
    const rows = rowsIn(doc, domain.id);
    expect(rows[1]?.id).toBe(copyId);
    const { id: _a, order: _b, ...expected } = source;
    const { id: _c, order: _d, ...copy } = rows[1]!;
    expect(copy).toEqual(expected);
  });

  it('moves rows up and down, across into the neighbouring domain at an edge', () => {
    const doc = newDoc();
    const [d1, d2] = readCycle(doc).domains;
    const [first, second] = rowsIn(doc, d1!.id);
    expect(moveRow(doc, second!.id, -1)).toBe(true);
    expect(
      rowsIn(doc, d1!.id)
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual([second!.id, first!.id]);

    const last = rowsIn(doc, d1!.id).at(-1)!;
    expect(moveRow(doc, last.id, 1)).toBe(true);
    expect(rowsIn(doc, d2!.id)[0]?.id).toBe(last.id);
    expect(moveRow(doc, last.id, -1)).toBe(true);
    expect(rowsIn(doc, d1!.id).at(-1)?.id).toBe(last.id);

    const top = rowsIn(doc, d1!.id)[0]!;
    expect(moveRow(doc, top.id, -1)).toBe(false);
  });

  it('moves a row before another one of any domain', () => {
    const doc = newDoc();
    const [d1, d2] = readCycle(doc).domains;
    const moved = rowsIn(doc, d1!.id)[0]!;
    const target = rowsIn(doc, d2!.id)[1]!;
    moveRowTo(doc, moved.id, d2!.id, target.id);
    const rows = rowsIn(doc, d2!.id);
    expect(rows.findIndex((r) => r.id === moved.id)).toBe(
      rows.findIndex((r) => r.id === target.id) - 1,
    );
  });

  it('keeps text typed concurrently into a row that someone else moves', () => {
    const alice = newDoc();
    const bob = new Y.Doc();
    sync(alice, bob);
    const [d1, d2] = readCycle(alice).domains;
    const row = rowsIn(alice, d1!.id)[0]!;
    moveRowTo(alice, row.id, d2!.id, null);
    rowText(bob, row.id, 'baseline').insert(0, 'Texte de Bob');
    sync(alice, bob);
    const moved = readCycle(alice).rows.find((r) => r.id === row.id);
    expect(moved).toMatchObject({ domainId: d2!.id, baseline: 'Texte de Bob' });
    expect(readCycle(bob)).toEqual(readCycle(alice));
  });

  it('reorders domains within a theme and deletes a domain with its rows', () => {
    const doc = newDoc();
    const theme = readCycle(doc).themes[0]!;
    const domains = () => readCycle(doc).domains.filter((d) => d.themeId === theme.id);
    const [a, b] = domains();
    expect(moveDomain(doc, b!.id, -1)).toBe(true);
    expect(
      domains()
        .slice(0, 2)
        .map((d) => d.id),
    ).toEqual([b!.id, a!.id]);
    expect(moveDomain(doc, b!.id, -1)).toBe(false);

    moveDomainTo(doc, b!.id, null);
    expect(domains().at(-1)?.id).toBe(b!.id);
    moveDomainTo(doc, b!.id, a!.id);
    expect(
      domains()
        .slice(0, 2)
        .map((d) => d.id),
    ).toEqual([b!.id, a!.id]);

    const rowCount = readCycle(doc).rows.length;
    const removed = rowsIn(doc, a!.id).length;
    deleteDomain(doc, a!.id);
    expect(readCycle(doc).rows.length).toBe(rowCount - removed);
    expect(domains().some((d) => d.id === a!.id)).toBe(false);
  });

  it('records who last changed a typed field', () => {
    const doc = newDoc();
    const row = readCycle(doc).rows[0]!;
    setRowField(doc, row.id, 'nature', 'quantitative', { name: 'Nadia', color: '#c00' });
    expect(lastChange(doc, 'rows', row.id, 'nature')).toMatchObject({
      name: 'Nadia',
      color: '#c00',
    });
    expect(lastChange(doc, 'rows', row.id, 'unit')).toBeNull();
    expect(readCycle(doc).rows[0]!.nature).toBe('quantitative');
  });
});

describe('per-person undo', () => {
  it('undoes my typing and never removes yours, even in the same cell', () => {
    const alice = newDoc();
    const bob = new Y.Doc();
    sync(alice, bob);
    const mine = { who: 'alice' };
    const undo = createUndoManager(alice, mine);
    const rowId = readCycle(alice).rows[0]!.id;

    alice.transact(() => rowText(alice, rowId, 'baseline').insert(0, 'Alice'), mine);
    sync(alice, bob);
    bob.transact(() => rowText(bob, rowId, 'baseline').insert(5, ' et Bob'), 'bob');
    sync(alice, bob);
    expect(rowText(alice, rowId, 'baseline').toString()).toBe('Alice et Bob');

    undo.undo();
    expect(rowText(alice, rowId, 'baseline').toString()).toBe(' et Bob');
    sync(alice, bob);
    expect(rowText(bob, rowId, 'baseline').toString()).toBe(' et Bob');
    undo.redo();
    expect(rowText(alice, rowId, 'baseline').toString()).toBe('Alice et Bob');
  });

  it('undoes a structure change (a row added) as one step', () => {
    const doc = newDoc();
    const mine = {};
    const undo = createUndoManager(doc, mine);
    const domainId = readCycle(doc).domains[0]!.id;
    const before = readCycle(doc).rows.length;
    doc.transact(() => addRow(doc, domainId, { label: 'Nouvelle' }), mine);
    expect(readCycle(doc).rows.length).toBe(before + 1);
    undo.undo();
    expect(readCycle(doc).rows.length).toBe(before);
  });

  it('ignores edits from other origins (remote, storage)', () => {
    const doc = newDoc();
    const undo = createUndoManager(doc, {});
    doc.transact(
      () => rowText(doc, readCycle(doc).rows[0]!.id, 'sources').insert(0, 'x'),
      'remote',
    );
    expect(undo.canUndo()).toBe(false);
  });
});

describe('checks and filters', () => {
  it('flags a theme that is not retained without a reason, and clears the flag once given', () => {
    const doc = newDoc();
    const theme = readCycle(doc).themes[7]!;
    setThemeRetained(doc, theme.id, false);
    expect(findIssues(readCycle(doc))).toContainEqual({
      type: 'theme-reason-missing',
      themeId: theme.id,
    });
    themeText(doc, theme.id, 'notRetainedReason').insert(0, 'Traité par la fédération');
    expect(findIssues(readCycle(doc)).some((i) => i.type === 'theme-reason-missing')).toBe(false);
  });

  it('flags an untreated row without reason (the template example has one)', () => {
    const model = readCycle(newDoc());
    expect(findIssues(model).filter((i) => i.type === 'row-reason-missing')).toEqual([]);
    const row = model.rows[0]!;
    const edited = { ...model, rows: [{ ...row, treated: false, notTreatedReason: ' ' }] };
    expect(findIssues(edited)).toContainEqual({ type: 'row-reason-missing', rowId: row.id });
  });

  it('counts the qualitative/quantitative balance of a theme', () => {
    const model = readCycle(newDoc());
    const balance = themeBalance(model, model.themes[0]!.id);
    expect(balance.qualitative).toBeGreaterThan(0);
    expect(balance.quantitative).toBeGreaterThan(0);
  });

  it('filters by text without accents, nature, theme and what is still missing', () => {
    const doc = newDoc();
    const model = readCycle(doc);
    const themeOf = (domainId: string) =>
      model.themes.find((t) => t.id === model.domains.find((d) => d.id === domainId)?.themeId);
    const visible = (filter: Partial<typeof NO_FILTER>) =>
      model.rows.filter((row) =>
        rowMatches(row, themeOf(row.domainId), '', { ...NO_FILTER, ...filter }),
      );

    expect(visible({})).toHaveLength(model.rows.length);
    expect(visible({ text: 'ASSEMBLEE GENERALE' }).map((r) => r.label)).toEqual([
      expect.stringContaining('Assemblée Générale'),
    ]);
    expect(visible({ nature: 'quantitative' }).every((r) => r.nature === 'quantitative')).toBe(
      true,
    );
    expect(
      visible({ themeIds: [model.themes[1]!.id] }).every((r) => themeOf(r.domainId)?.number === 2),
    ).toBe(true);
    // Only the seed example row has its état des lieux filled in the template.
    expect(visible({ missing: 'baseline' })).toHaveLength(completion(model).missingBaseline);
    expect(completion(model).missingBaseline).toBe(model.rows.filter((r) => r.treated).length - 1);
  });
});

describe('applying an import to a live document', () => {
  it('adds new rows, edits changed texts in place and keeps what someone typed meanwhile', async () => {
    const { applyModelChanges } = await import('./apply-changes.ts');
    const alice = newDoc();
    const bob = new Y.Doc();
    sync(alice, bob);
    const model = readCycle(alice);
    const row = model.rows[0]!;
    const domain = model.domains[0]!;
    const target = {
      themes: model.themes,
      domains: model.domains,
      rows: [
        ...model.rows.map((r) => (r.id === row.id ? { ...r, baseline: 'Importé du tableur' } : r)),
        { ...row, id: 'imported-row', label: 'Nouvelle ligne importée', order: 'zz' },
      ],
    };
    rowText(bob, row.id, 'target1y').insert(0, 'Bob tape ');
    const result = applyModelChanges(alice, target);
    expect(result).toEqual({ added: 1, updated: 1 });
    sync(alice, bob);
    const merged = readCycle(bob);
    expect(merged.rows.find((r) => r.id === row.id)).toMatchObject({
      baseline: 'Importé du tableur',
      target1y: 'Bob tape ',
    });
    expect(merged.rows.find((r) => r.id === 'imported-row')).toMatchObject({
      domainId: domain.id,
      label: 'Nouvelle ligne importée',
    });
    expect(readCycle(alice)).toEqual(merged);
  });
});
