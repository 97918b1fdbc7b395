import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, rowText, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { deleteDomain, deleteRow } from './grid-ops.ts';
import { deletedBy, isDeleted, purgeTrash, readTrash, restore, TRASH_DAYS } from './trash.ts';

function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Test', year: 2026 }));
  return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const DAY = 24 * 60 * 60 * 1000;

describe('the trash', () => {
  it('hides a deleted row from the model, lists it, and restores it with what was typed since', () => {
    const pilote = newDoc();
    const membre = new Y.Doc();
    sync(pilote, membre);
    const row = readCycle(pilote).rows[3]!;
    // The membre types while the pilote deletes: both happen, nothing is lost.
    rowText(membre, row.id, 'baseline').insert(0, 'Début de phrase');
    deleteRow(pilote, row.id, 'Pauline');
    sync(pilote, membre);
    expect(readCycle(membre).rows.some((r) => r.id === row.id)).toBe(false);
    expect(isDeleted(membre, 'row', row.id)).toBe(true);
    expect(deletedBy(membre, row.id)).toBe('Pauline');
    rowText(membre, row.id, 'baseline').insert(15, ', et la suite 😀');
    expect(readTrash(membre)).toMatchObject([{ kind: 'row', id: row.id, deletedBy: 'Pauline' }]);

    restore(membre, 'row', row.id);
    sync(pilote, membre);
    const back = readCycle(pilote).rows.find((r) => r.id === row.id)!;
    expect(back.baseline).toBe('Début de phrase, et la suite 😀');
    expect(readTrash(pilote)).toEqual([]);
    expect(readCycle(pilote)).toEqual(readCycle(membre));
  });

  it('deletes a domain with its rows, and restores them together', () => {
    const doc = newDoc();
    const before = readCycle(doc);
    const domain = before.domains[1]!;
    const count = before.rows.filter((r) => r.domainId === domain.id).length;
    deleteDomain(doc, domain.id, 'Marc');
    const hidden = readCycle(doc);
    expect(hidden.domains.some((d) => d.id === domain.id)).toBe(false);
    expect(hidden.rows).toHaveLength(before.rows.length - count);
    expect(readTrash(doc)).toMatchObject([{ kind: 'domain', id: domain.id, rowCount: count }]);
    restore(doc, 'domain', domain.id);
    expect(readCycle(doc)).toEqual(before);
  });

  it('purges only what is older than 30 days', () => {
    const doc = newDoc();
    const [old, recent] = readCycle(doc).rows;
    const now = Date.now();
    deleteRow(doc, old!.id, 'A');
    const rows = doc.getMap('rows') as Y.Map<Y.Map<unknown>>;
    rows.get(old!.id)!.set('deletedAt', now - (TRASH_DAYS + 1) * DAY);
    deleteRow(doc, recent!.id, 'B');
    expect(purgeTrash(doc, now)).toBe(1);
    expect(rows.has(old!.id)).toBe(false);
    expect(rows.has(recent!.id)).toBe(true);
    expect(readTrash(doc).map((item) => item.id)).toEqual([recent!.id]);
  });
});
