import { beforeAll, describe, expect, it } from 'vitest';
import { addRow, readCycle } from '@pilotis/shared';
import {
  BACKENDS,
  Person,
  acknowledged,
  connectClient,
  createCycle,
  waitFor,
  type RunningServer,
} from './helpers.ts';
import { cycleWithMember } from './cycle-fixture.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function download(person: Person, path: string) {
  const response = await fetch(`${person.baseUrl}${path}`, { headers: { cookie: person.cookie } });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

async function upload(person: Person, path: string, data: Uint8Array, type = XLSX) {
  const response = await fetch(`${person.baseUrl}${path}`, {
    method: 'POST',
    headers: { cookie: person.cookie, 'content-type': type },
    body: new Blob([new Uint8Array(data)]),
  });
  return { status: response.status, body: await response.json() };
}

describe.each(BACKENDS)('exports, import and versions over HTTP on %s', (backend) => {
  let server: RunningServer;
  let pilote: Person;
  let lecteur: Person;
  let outsider: Person;
  let cycle: { id: string; organisationId: string; documentName: string };

  const fixture = cycleWithMember(backend, 'lecteur', 'Léo Lecteur');
  beforeAll(() => {
    ({ server, pilote, member: lecteur, outsider, cycle } = fixture);
  });

  it('downloads the steering workbook, the dossier and the synthesis of the live cycle', async () => {
    const xlsx = await download(lecteur, `/api/cycles/${cycle.id}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(XLSX);
    expect(xlsx.headers.get('content-disposition')).toMatch(
      /attachment; filename=".*\.xlsx"; filename\*=UTF-8''/,
    );
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    for (const path of ['export.pdf', 'synthese.pdf', 'export.pdf?annexe=commentaires']) {
      const pdf = await download(pilote, `/api/cycles/${cycle.id}/${path}`);
      expect(pdf.status).toBe(200);
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect((await download(outsider, `/api/cycles/${cycle.id}/export.xlsx`)).status).toBe(404);
    // Issue 19: the editable dossier, same access as the others.
    const docx = await download(lecteur, `/api/cycles/${cycle.id}/export.docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.headers.get('content-disposition')).toMatch(/filename=".*\.docx"/);
    expect(docx.body.subarray(0, 2).toString()).toBe('PK');
    expect((await download(outsider, `/api/cycles/${cycle.id}/export.docx`)).status).toBe(404);
    expect(
      (await download(new Person(server.httpUrl), `/api/cycles/${cycle.id}/export.docx`)).status,
    ).toBe(401);
    expect(
      (await download(new Person(server.httpUrl), `/api/cycles/${cycle.id}/export.pdf`)).status,
    ).toBe(401);
  });

  it('imports a workbook into another cycle after a preview, and refuses bad files in French', async () => {
    const source = await connectClient(server.wsUrl, cycle.documentName, pilote);
    const domainId = readCycle(source.doc).domains[2]!.id;
    addRow(source.doc, domainId, {
      label: 'Ligne ajoutée avant l’import',
      baseline: 'Écrit le 26/11',
    });
    await acknowledged(source);
    source.destroy();
    const exported = (await download(pilote, `/api/cycles/${cycle.id}/export.xlsx`)).body;
    const target = await createCycle(server.httpUrl, 2031, pilote);

    const notXlsx = await upload(
      pilote,
      `/api/cycles/${target.id}/import`,
      new TextEncoder().encode('bonjour'),
    );
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body.message).toMatch(/classeur Excel/);
    const huge = await upload(
      pilote,
      `/api/cycles/${target.id}/import`,
      new Uint8Array(20 * 1024 * 1024),
    );
    expect(huge.status).toBe(413);
    expect(huge.body.message).toMatch(/10 Mo/);
    expect((await upload(lecteur, `/api/cycles/${cycle.id}/import`, exported)).status).toBe(403);

    const preview = await upload(pilote, `/api/cycles/${target.id}/import`, exported);
    expect(preview.status).toBe(200);
    expect(preview.body.rows).toBeGreaterThan(40);
    expect(preview.body.preview.merged).toBeGreaterThan(40);
    expect(preview.body.preview.created).toBe(1);

    const client = await connectClient(server.wsUrl, target.documentName, pilote);
    try {
      const confirm = await pilote.post(
        `/api/cycles/${target.id}/import/${preview.body.importId}/confirm`,
      );
      expect(confirm.status).toBe(200);
      expect(
        (await pilote.post(`/api/cycles/${target.id}/import/${preview.body.importId}/confirm`))
          .status,
      ).toBe(404);
      expect(confirm.body.preview.created).toBe(1);
      // Live: the person who has the target cycle open sees the imported row appear.
      await waitFor(
        () =>
          readCycle(client.doc).rows.some((row) => row.label === 'Ligne ajoutée avant l’import'),
        'the imported row on the open client',
      );
      const imported = readCycle(client.doc).rows.find(
        (row) => row.label === 'Ligne ajoutée avant l’import',
      );
      expect(imported?.baseline).toBe('Écrit le 26/11');
      const audit = await pilote.get(`/api/organisations/${target.organisationId}/audit`);
      expect((audit.body as { action: string }[]).map((entry) => entry.action)).toContain(
        'cycle.imported',
      );
    } finally {
      client.destroy();
    }
  });

  it('freezes a named version with its files, readable later, and moves the cycle to that stage', async () => {
    const label = 'Version présentée au CA du 12/03/2027';
    const lecteurTry = await lecteur.post(`/api/cycles/${cycle.id}/versions`, {
      label,
      stage: 'board',
    });
    expect(lecteurTry.status).toBe(403);
    const frozen = await pilote.post(`/api/cycles/${cycle.id}/versions`, { label, stage: 'board' });
    expect(frozen.status).toBe(201);
    expect(frozen.body).toEqual({
      id: expect.any(String),
      label,
      stage: 'board',
      createdAt: expect.any(String),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdBy: 'Pauline Pilote',
      cycleId: cycle.id,
      kind: 'named',
      xlsxHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      pdfHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      publicLink: false,
      // Issue 19: the editable dossier is stored with the version, and the list says so.
      docx: true,
      filesStored: true,
    });
    const list = await lecteur.get(`/api/cycles/${cycle.id}/versions`);
    expect(list.body).toEqual([frozen.body]);
    expect((await pilote.get(`/api/cycles/${cycle.id}`)).body.stage).toBe('board');

    const xlsx = await download(lecteur, `/api/versions/${frozen.body.id}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    const pdf = await download(lecteur, `/api/versions/${frozen.body.id}/export.pdf`);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    // Issue 19: the editable dossier is stored with the version.
    const docx = await download(lecteur, `/api/versions/${frozen.body.id}/export.docx`);
    expect(docx.status).toBe(200);
    expect(docx.body.subarray(0, 2).toString()).toBe('PK');
    expect((await download(outsider, `/api/versions/${frozen.body.id}/export.docx`)).status).toBe(
      404,
    );
    expect((await download(outsider, `/api/versions/${frozen.body.id}/export.pdf`)).status).toBe(
      404,
    );
    expect((await download(pilote, `/api/versions/not-an-id/export.pdf`)).status).toBe(404);
    expect(
      (await pilote.post(`/api/cycles/${cycle.id}/versions`, { label: '  ', stage: 'board' }))
        .status,
    ).toBe(400);

    const audit = await pilote.get(`/api/organisations/${cycle.organisationId}/audit`);
    const actions = (audit.body as { action: string }[]).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['cycle.exported', 'version.frozen']));
  });

  it('keeps a cycle usable after an editor writes junk into its document', async () => {
    const target = await createCycle(server.httpUrl, 2035, pilote);
    const vandal = await connectClient(server.wsUrl, target.documentName, pilote);
    vandal.doc.getMap('rows').set('junk', 1 as never);
    vandal.doc.getMap('meta').set('schemaVersion', 99);
    await acknowledged(vandal);
    vandal.destroy();
    const xlsx = await download(pilote, `/api/cycles/${target.id}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    const reader = await connectClient(server.wsUrl, target.documentName, pilote);
    try {
      expect(readCycle(reader.doc).rows.length).toBeGreaterThan(40);
    } finally {
      reader.destroy();
    }
  });
});
