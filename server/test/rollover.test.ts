/**
 * Year after year (issue 15) on a live server: the rollover preview, then 2026 → 2027 → 2028.
 * Every row is carried with its lineage, last year's measured state is readable as last year's,
 * a 3-year objective keeps its calendar year (2029, in 2027 and in 2028), theme retention is
 * proposed (not decided), open actions only are carried, the review entries exist, the cycles'
 * figures are listed year by year — and the 2026 cycle and its frozen version are byte-identical
 * before and after (hashes).
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAction,
  ONE_YEAR_REVIEWS,
  readCycle,
  readSetup,
  rowText,
  setGroupMember,
  setPilots,
  setReferent,
  setActionStatus,
  setOneYearReview,
  setRowField,
  setThemeRetained,
  type CycleModel,
} from '@pilotis/shared';
import {
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  signUp,
  startServer,
  testConfig,
  type Person,
  type RunningServer,
  type Storage,
} from './helpers.ts';

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

async function bytes(person: Person, url: string) {
  const response = await fetch(`${person.baseUrl}${url}`, { headers: { cookie: person.cookie } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('rolling a cycle over to next year', () => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  /** What a fresh reader sees of a cycle: its model and its state vector (any new update changes it). */
  async function snapshot(documentName: string, person: Person) {
    const client = await connectClient(server.wsUrl, documentName, person);
    try {
      const model = readCycle(client.doc);
      return {
        model,
        hash: sha256(JSON.stringify(model)) + sha256(Y.encodeStateVector(client.doc)),
      };
    } finally {
      client.destroy();
    }
  }

  it('previews, then carries every row with last year’s values and the 3-year target year', async () => {
    const y2026 = await createCycle(server.httpUrl, 2026);
    const pilote = y2026.pilote;
    const typist = await connectClient(server.wsUrl, y2026.documentName, pilote);
    const model2026 = readCycle(typist.doc);
    const [first, second, third] = model2026.rows;
    typist.doc.transact(() => {
      rowText(typist.doc, first!.id, 'baseline').insert(0, '38,5 % des adhérent·es à l’AG ');
      rowText(typist.doc, first!.id, 'target3y').delete(0, first!.target3y.length);
      rowText(typist.doc, first!.id, 'target3y').insert(0, '60 % en 2029 🎯');
      rowText(typist.doc, first!.id, 'target1y').insert(0, '45 % ; ');
      rowText(typist.doc, second!.id, 'baseline').insert(0, 'Budget formation : 1 234,5 €');
    });
    setRowField(typist.doc, first!.id, 'baselineValue', 38.5);
    setRowField(typist.doc, second!.id, 'baselineValue', 1234.5);
    const theme7 = model2026.themes.find((theme) => theme.number === 7)!;
    setThemeRetained(typist.doc, theme7.id, false, 'Pas de moyens cette année ; à revoir');
    const open = createAction(typist.doc, { title: 'Former le bureau', rowIds: [third!.id] });
    const done = createAction(typist.doc, { title: 'Refaire les statuts' });
    setActionStatus(typist.doc, done, 'done');
    await acknowledged(typist);
    typist.destroy();

    const version = await pilote.post(`/api/cycles/${y2026.id}/versions`, {
      label: 'Version de l’AG 2026',
      stage: 'general-assembly',
    });
    expect(version.status).toBe(201);
    const versionFiles = async () =>
      [
        await bytes(pilote, `/api/versions/${version.body.id}/state`),
        await bytes(pilote, `/api/versions/${version.body.id}/export.xlsx`),
        await bytes(pilote, `/api/versions/${version.body.id}/export.pdf`),
      ].map((data) => sha256(data));
    const versionBefore = await versionFiles();
    expect(versionBefore[0]).toBe(version.body.hash);
    const before = await snapshot(y2026.documentName, pilote);

    // The preview: nothing created yet.
    const preview = await pilote.get(`/api/cycles/${y2026.id}/rollover-preview?year=2027`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      fromYear: 2026,
      year: 2027,
      rows: model2026.rows.length,
      rowsWithMeasure: before.model.rows.filter(
        (row) => row.baseline.trim() || row.baselineValue !== null,
      ).length,
      actionsCarried: 1,
      actionsLeft: 1,
    });
    expect(preview.body.target3yByYear).toContainEqual({ year: 2029, rows: expect.any(Number) });
    expect(preview.body.themes.find((t: { number: number }) => t.number === 7)).toEqual({
      number: 7,
      title: theme7.title,
      retained: false,
      reason: 'Pas de moyens cette année ; à revoir',
    });
    const bad = await pilote.get(`/api/cycles/${y2026.id}/rollover-preview?year=deux`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.any(String));
    const list = await pilote.get(`/api/organisations/${y2026.organisationId}/cycles`);
    expect(list.body).toHaveLength(1);

    const next = await pilote.post(`/api/organisations/${y2026.organisationId}/cycles`, {
      year: 2027,
      from: y2026.id,
    });
    expect(next.status).toBe(201);
    const reader = await connectClient(server.wsUrl, next.body.documentName, pilote);
    const model2027 = readCycle(reader.doc);
    // Every row carried, each pointing back to its 2026 row with the same label and domain title.
    expect(model2027.rows).toHaveLength(model2026.rows.length);
    const after2026 = before.model;
    const byId = new Map(after2026.rows.map((row) => [row.id, row]));
    const domainTitle = (model: CycleModel, id: string) =>
      model.domains.find((domain) => domain.id === id)!.title;
    for (const row of model2027.rows) {
      const source = byId.get(row.previous!.sourceRowId!)!;
      expect(source.label).toBe(row.label);
      expect(domainTitle(model2027, row.domainId)).toBe(domainTitle(after2026, source.domainId));
      expect(row.previous).toMatchObject({
        year: 2026,
        baseline: source.baseline,
        baselineValue: source.baselineValue,
        target1y: source.target1y,
        target3y: source.target3y,
        target3yYear: 2029,
      });
      expect(row.baseline).toBe('');
      expect(row.baselineValue).toBeNull();
      expect(row.target3yYear).toBe(2029);
    }
    const carried = model2027.rows.find((row) => row.previous!.sourceRowId === first!.id)!;
    expect(carried.previous).toMatchObject({
      baseline: '38,5 % des adhérent·es à l’AG ' + first!.baseline,
      baselineValue: 38.5,
    });
    expect(carried.target3y).toBe('60 % en 2029 🎯');
    // Retention is proposed from 2026, not decided; open actions only; review entries exist.
    const proposed = model2027.themes.find((theme) => theme.number === 7)!;
    expect(proposed).toMatchObject({ retained: false, retentionProposedFrom: 2026 });
    expect(model2027.themes.every((theme) => theme.retentionProposedFrom === 2026)).toBe(true);
    expect(model2027.actions.map((action) => action.title)).toEqual(['Former le bureau']);
    expect(model2027.actions[0]!.id).not.toBe(open);
    expect(reader.doc.getMap(ONE_YEAR_REVIEWS).size).toBe(model2027.rows.length);
    setOneYearReview(reader.doc, carried.id, 'yes');
    await acknowledged(reader);
    reader.destroy();

    // 2027 → 2028: the 2026 objective still aims at 2029.
    const third2028 = await pilote.post(`/api/organisations/${y2026.organisationId}/cycles`, {
      year: 2028,
      from: next.body.id,
    });
    expect(third2028.status).toBe(201);
    const model2028 = (await snapshot(third2028.body.documentName, pilote)).model;
    const again = model2028.rows.find((row) => row.previous!.sourceRowId === carried.id)!;
    expect(again.target3yYear).toBe(2029);
    expect(again.previous).toMatchObject({ year: 2027, target3yYear: 2029 });

    // Figures year after year.
    const years = await pilote.get(`/api/cycles/${third2028.body.id}/years`);
    expect(years.status).toBe(200);
    expect(years.body.years.map((y: { year: number }) => y.year)).toEqual([2026, 2027, 2028]);
    expect(years.body.years[1]).toMatchObject({ reached: 1, actions: 1 });

    // The 2026 cycle and its version did not change by one byte.
    expect((await snapshot(y2026.documentName, pilote)).hash).toBe(before.hash);
    expect(await versionFiles()).toEqual(versionBefore);
  });

  it('carries the working group and the referents whose mandate runs into next year', async () => {
    const y2026 = await createCycle(server.httpUrl, 2026);
    const pilote = y2026.pilote;
    const orgId = y2026.organisationId;
    const join = async (name: string) => {
      const person = await signUp(server.httpUrl, name);
      const invite = await pilote.post(`/api/organisations/${orgId}/invitations`, {
        role: 'membre',
      });
      expect((await person.post(`/api/invitations/${invite.body.token}/accept`)).status).toBe(200);
      return person.user!;
    };
    const amel = await join('Amel Ben Saïd');
    const leaving = await join('Bruno L’Hôte');
    const me = pilote.user!;
    const editor = await connectClient(server.wsUrl, y2026.documentName, pilote);
    setPilots(editor.doc, [
      { userId: me.id, name: me.name, qualite: 'salarie' },
      { userId: leaving.id, name: leaving.name, qualite: 'elu' },
    ]);
    for (const person of [me, amel, leaving]) {
      setGroupMember(editor.doc, {
        userId: person.id,
        name: person.name,
        qualite: 'elu',
        themes: [1],
      });
    }
    const referent = (theme: number, person: { id: string; name: string }, to: string) =>
      setReferent(editor.doc, {
        theme,
        userId: person.id,
        name: person.name,
        from: '2026-01-01',
        to,
      });
    referent(1, amel, ''); // open mandate: carried
    referent(2, amel, '2026-12-31'); // over before 2027
    referent(3, me, '2027-06-30'); // runs into 2027: carried
    referent(4, leaving, ''); // left the organisation
    await acknowledged(editor);
    editor.destroy();
    const removed = await pilote.delete(`/api/organisations/${orgId}/members/${leaving.id}`);
    expect(removed.status).toBeLessThan(300);

    const preview = await pilote.get(`/api/cycles/${y2026.id}/rollover-preview?year=2027`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      groupCarried: 2,
      referentsCarried: [
        { theme: 1, name: 'Amel Ben Saïd', to: '' },
        { theme: 3, name: me.name, to: '2027-06-30' },
      ],
      referentsEnded: [
        { theme: 2, name: 'Amel Ben Saïd', to: '2026-12-31' },
        { theme: 4, name: 'Bruno L’Hôte', to: '' },
      ],
    });

    const next = await pilote.post(`/api/organisations/${orgId}/cycles`, {
      year: 2027,
      from: y2026.id,
    });
    expect(next.status).toBe(201);
    const reader = await connectClient(server.wsUrl, next.body.documentName, pilote);
    const setup = readSetup(reader.doc);
    reader.destroy();
    expect(setup.pilots.map((pilot) => pilot.userId)).toEqual([me.id]);
    expect(setup.group.map((person) => person.userId).sort()).toEqual([me.id, amel.id].sort());
    expect(setup.referents.map(({ theme, userId, to }) => ({ theme, userId, to }))).toEqual([
      { theme: 1, userId: amel.id, to: '' },
      { theme: 3, userId: me.id, to: '2027-06-30' },
    ]);
    expect(setup.dates).toEqual([]);
  });
});
