import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { buildExportModel } from '../export/export-model.ts';
import {
  addStageDate,
  composition,
  readSetup,
  removeGroupMember,
  setGroupMember,
  setPilots,
  setReferent,
  suggestedPair,
  updateStageDate,
} from './cycle-setup.ts';

function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative l’Envol', year: 2027 }));
  return doc;
}

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('cycle set-up in the document', () => {
  it('keeps pilots, the working group and dated stages, and the exports list them', () => {
    const doc = newDoc();
    setPilots(doc, [
      { userId: 'u1', name: 'Samia Benali', qualite: 'salarie' },
      { userId: 'u2', name: 'Élodie N’Diaye', qualite: 'elu' },
      { userId: 'u1', name: 'Samia Benali', qualite: 'salarie' },
    ]);
    setGroupMember(doc, {
      userId: 'u3',
      name: 'Luc Bénévole',
      qualite: 'benevole',
      themes: [3, 1],
    });
    const ag = addStageDate(doc, 'general-assembly', '2027-06-12', 'AG annuelle');
    addStageDate(doc, 'board', '2027-05-20');
    setReferent(doc, {
      theme: 2,
      userId: 'u2',
      name: 'Élodie N’Diaye',
      from: '2027-01-01',
      to: '2028-12-31',
    });

    const setup = readSetup(doc);
    expect(setup.pilots.map((p) => p.name)).toEqual(['Samia Benali', 'Élodie N’Diaye']);
    expect(setup.group).toEqual([
      { userId: 'u3', name: 'Luc Bénévole', qualite: 'benevole', themes: [1, 3] },
    ]);
    expect(setup.dates.map((d) => [d.stage, d.date])).toEqual([
      ['board', '2027-05-20'],
      ['general-assembly', '2027-06-12'],
    ]);
    expect(setup.referents[0]).toMatchObject({ theme: 2, to: '2028-12-31' });

    updateStageDate(doc, ag, { date: '2027-06-19' });
    updateStageDate(doc, ag, { date: '19/06/2027' }); // not an ISO day: ignored
    expect(readSetup(doc).dates.at(-1)!.date).toBe('2027-06-19');

    const model = buildExportModel(readCycle(doc), {
      versionLabel: null,
      exportedAt: new Date('2027-03-01T10:00:00Z'),
      exportedBy: null,
    });
    expect(model.pilots).toEqual([
      { name: 'Samia Benali', kindLabel: 'Salarié·e' },
      { name: 'Élodie N’Diaye', kindLabel: 'Administrateur·rice / élu·e' },
    ]);
    expect(model.workingGroup).toEqual([
      { name: 'Luc Bénévole', kindLabel: 'Bénévole', themes: '1, 3' },
    ]);
  });

  it('never duplicates a person added to the group by two people at once', () => {
    const a = newDoc();
    const b = new Y.Doc();
    sync(a, b);
    setGroupMember(a, { userId: 'u9', name: 'Marc', qualite: 'usager', themes: [4] });
    setGroupMember(b, { userId: 'u9', name: 'Marc', qualite: 'usager', themes: [5] });
    sync(a, b);
    expect(readSetup(a).group).toHaveLength(1);
    expect(readSetup(a)).toEqual(readSetup(b));
    removeGroupMember(a, 'u9');
    sync(a, b);
    expect(readSetup(b).group).toEqual([]);
  });

  it('shows the composition by qualité and warns when views do not cross', () => {
    const doc = newDoc();
    setPilots(doc, [{ userId: 'u1', name: 'Samia', qualite: 'salarie' }]);
    setGroupMember(doc, { userId: 'u4', name: 'Paul', qualite: 'salarie', themes: [] });
    expect(composition(readSetup(doc))).toMatchObject({ total: 2, warning: 'only-staff' });
    setGroupMember(doc, { userId: 'u5', name: 'Ana', qualite: 'elu', themes: [] });
    const mixed = composition(readSetup(doc));
    expect(mixed).toMatchObject({ total: 3, warning: null });
    expect(mixed.counts).toMatchObject({ salarie: 2, elu: 1 });
    setPilots(doc, []);
    removeGroupMember(doc, 'u4');
    expect(composition(readSetup(doc)).warning).toBe('only-elected');
    expect(composition(readSetup(newDoc())).warning).toBeNull();
  });

  it('suggests the binôme salarié / élu', () => {
    const people = [
      { userId: 'a', name: 'A', qualite: 'benevole' as const },
      { userId: 'b', name: 'B', qualite: 'elu' as const },
      { userId: 'c', name: 'C', qualite: 'salarie' as const },
    ];
    expect(suggestedPair(people).map((p) => p.userId)).toEqual(['c', 'b']);
    expect(suggestedPair(people.slice(0, 2))).toEqual([]);
  });
});
