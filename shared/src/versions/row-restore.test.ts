import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, rowText, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { addRow, deleteDomain, deleteRow, moveRow, setRowField } from '../grid/grid-ops.ts';
import type { CycleModel } from '../schema/cycle.types.ts';
import { restoreContent } from './restore.ts';
import { previewRowRestore } from './row-restore.ts';

function freshCycle(): { doc: Y.Doc; version: CycleModel } {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coop’ d’Évry', year: 2026 }));
  const first = readCycle(doc).rows[0]!;
  const text = rowText(doc, first.id, 'baseline');
  text.insert(0, 'Comptes envoyés 15 jours avant l’AG');
  return { doc, version: readCycle(doc) };
}

/** Restore the row as the server does, and read what the live row became. */
function restored(doc: Y.Doc, version: CycleModel, rowId: string) {
  restoreContent(doc, version, { kind: 'row', id: rowId });
  return readCycle(doc).rows.find((row) => row.id === rowId);
}

describe('previewing the restore of one row', () => {
  it('lists exactly the cells that differ, and the restore writes the values it shows', () => {
    const { doc, version } = freshCycle();
    const [row, other] = readCycle(doc).rows;
    const text = rowText(doc, row!.id, 'baseline');
    text.insert(text.length, ' — puis modifié');
    setRowField(doc, row!.id, 'treated', false);
    rowText(doc, row!.id, 'notTreatedReason').insert(0, 'Pas cette année');
    rowText(doc, other!.id, 'label').insert(0, 'Autre ligne ');

    const preview = previewRowRestore(readCycle(doc), version, row!.id);
    expect(preview.outcome).toBe('update');
    expect(preview.moved).toBe(false);
    expect(preview.domainRestored).toBe(false);
    expect(preview.cells.filter((cell) => cell.changed).map((cell) => cell.field)).toEqual([
      'baseline',
      'treated',
      'notTreatedReason',
    ]);
    const baseline = preview.cells.find((cell) => cell.field === 'baseline')!;
    expect(baseline.current).toBe('Comptes envoyés 15 jours avant l’AG — puis modifié');
    expect(baseline.version).toBe('Comptes envoyés 15 jours avant l’AG');
    for (const cell of preview.cells.filter((item) => !item.changed))
      expect(cell.current).toBe(cell.version);

    const after = restored(doc, version, row!.id)!;
    for (const cell of preview.cells) expect(after[cell.field]).toBe(cell.version);
    // The other row is left as it is, and the row now has nothing left to restore.
    expect(readCycle(doc).rows.find((r) => r.id === other!.id)!.label).toMatch(/^Autre ligne /);
    expect(previewRowRestore(readCycle(doc), version, row!.id).outcome).toBe('same');
  });

  it('says a row deleted since comes back (and its domain when it was deleted too)', () => {
    const { doc, version } = freshCycle();
    const rows = readCycle(doc).rows;
    const [row] = rows;
    deleteRow(doc, row!.id, 'Pauline');
    const preview = previewRowRestore(readCycle(doc), version, row!.id);
    expect(preview.outcome).toBe('recreate');
    expect(preview.domainRestored).toBe(false);
    expect(preview.cells.every((cell) => cell.current === null)).toBe(true);
    expect(restored(doc, version, row!.id)?.baseline).toBe('Comptes envoyés 15 jours avant l’AG');

    const inOtherDomain = rows.find((r) => r.domainId !== row!.domainId)!;
    deleteDomain(doc, inOtherDomain.domainId, 'Pauline');
    const withDomain = previewRowRestore(readCycle(doc), version, inOtherDomain.id);
    expect(withDomain.outcome).toBe('recreate');
    expect(withDomain.domainRestored).toBe(true);
    expect(withDomain.domainNumber).toMatch(/^\d+\.\d+$/);
    expect(restored(doc, version, inOtherDomain.id)).toBeDefined();
  });

  it('offers nothing for a row the version does not have, and reports a row moved since', () => {
    const { doc, version } = freshCycle();
    const [row] = readCycle(doc).rows;
    const added = addRow(doc, row!.domainId, { label: 'Ajoutée après le gel' });
    const absent = previewRowRestore(readCycle(doc), version, added);
    expect(absent.outcome).toBe('absent');
    expect(absent.cells).toEqual([]);

    expect(moveRow(doc, row!.id, 1)).toBe(true);
    const moved = previewRowRestore(readCycle(doc), version, row!.id);
    expect(moved.outcome).toBe('update');
    expect(moved.moved).toBe(true);
    expect(moved.cells.some((cell) => cell.changed)).toBe(false);
  });
});
