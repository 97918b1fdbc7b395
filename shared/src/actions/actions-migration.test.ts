import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entityRoot, readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { META, ROOT, SCHEMA_VERSION } from '../schema/keys.ts';
import { migrateCycle } from '../schema/migrations.ts';
import { actionText } from './action-ops.ts';

/** A version 1 document holding an action as version 1 wrote it (plain strings, no new fields). */
function versionOneDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Asso', year: 2026 }));
  doc.transact(() => {
    doc.getMap(ROOT.meta).set(META.schemaVersion, 1);
    const action = new Y.Map<unknown>();
    action.set('order', 'a');
    action.set('title', 'Former le bureau');
    action.set('owner', 'Amélie');
    action.set('budget', 1500);
    action.set('status', 'in-progress');
    const rowIds = new Y.Array<string>();
    rowIds.push(['r1']);
    action.set('rowIds', rowIds);
    entityRoot(doc, 'actions').set('old', action);
  });
  return doc;
}

describe('migration to version 2 (action plan)', () => {
  it('gives old actions their text fields as Y.Text, keeping what they held', () => {
    const doc = versionOneDoc();
    expect(migrateCycle(doc)).toEqual({ from: 1, to: SCHEMA_VERSION });
    const map = entityRoot(doc, 'actions').get('old')!;
    for (const field of ['title', 'description', 'owner', 'abandonReason', 'notes']) {
      expect(map.get(field), field).toBeInstanceOf(Y.Text);
    }
    expect(map.get('linkLabels')).toBeInstanceOf(Y.Map);
    expect(readCycle(doc).actions[0]).toMatchObject({
      id: 'old',
      title: 'Former le bureau',
      owner: 'Amélie',
      budget: 1500,
      budgetSpent: null,
      description: '',
      status: 'in-progress',
      rowIds: ['r1'],
      deletedAt: null,
    });
    expect(readCycle(doc).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('lets two people type in a migrated description at once without losing either', () => {
    const server = versionOneDoc();
    migrateCycle(server);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(server));
    actionText(a, 'old', 'description').insert(0, 'Première idée');
    actionText(b, 'old', 'description').insert(0, 'Seconde idée');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const text = readCycle(a).actions[0]!.description;
    expect(text).toContain('Première idée');
    expect(text).toContain('Seconde idée');
  });
});
