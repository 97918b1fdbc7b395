import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, rowText, setThemeRetained } from '@pilotis/shared';
import { runCheckpoints } from '../src/features/versions/versions.service.ts';
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

const run = promisify(execFile);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function bytes(person: Person | null, url: string) {
  const response = await fetch(url.startsWith('http') ? url : `${person!.baseUrl}${url}`, {
    headers: person?.cookie ? { cookie: person.cookie } : {},
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

async function pdfText(data: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-pdf-'));
  try {
    await writeFile(path.join(dir, 'file.pdf'), data);
    const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'file.pdf'), '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdftotext wraps long labels and may split words: compare without line breaks and spaces. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

describe.each(BACKENDS)('versions on %s', (backend) => {
  let server: RunningServer;
  let pilote: Person;
  let membre: Person;
  let outsider: Person;
  let cycle: { id: string; organisationId: string; documentName: string };

  const fixture = cycleWithMember(backend, 'membre', 'Maëlle Membre');
  beforeAll(() => {
    ({ server, pilote, member: membre, outsider, cycle } = fixture);
  });

  const freeze = async (label: string, stage = 'board') => {
    const reply = await pilote.post(`/api/cycles/${cycle.id}/versions`, { label, stage });
    expect(reply.status).toBe(201);
    return reply.body as { id: string; hash: string; xlsxHash: string; pdfHash: string };
  };

  it('keeps a version byte-identical after edits and a second freeze; the database refuses UPDATE and DELETE', async () => {
    const first = await freeze('Version présentée au CA du 12/03/2027');
    const files = async (id: string) => ({
      state: (await bytes(pilote, `/api/versions/${id}/state`)).body,
      xlsx: (await bytes(pilote, `/api/versions/${id}/export.xlsx`)).body,
      pdf: (await bytes(pilote, `/api/versions/${id}/export.pdf`)).body,
    });
    const before = await files(first.id);
    expect(sha256(before.state)).toBe(first.hash);
    expect(sha256(before.xlsx)).toBe(first.xlsxHash);
    expect(sha256(before.pdf)).toBe(first.pdfHash);

    const client = await connectClient(server.wsUrl, cycle.documentName, pilote);
    const rowId = readCycle(client.doc).rows[0]!.id;
    rowText(client.doc, rowId, 'baseline').insert(0, 'Taux d’accès : 38,5 % 🌱 ');
    await acknowledged(client);
    client.destroy();
    const second = await freeze('Version pour l’AG', 'general-assembly');
    expect(second.hash).not.toBe(first.hash);

    const after = await files(first.id);
    expect(sha256(after.state)).toBe(first.hash);
    expect(sha256(after.xlsx)).toBe(first.xlsxHash);
    expect(sha256(after.pdf)).toBe(first.pdfHash);
    expect(after.pdf.equals(before.pdf)).toBe(true);
    const frozenDoc = new Y.Doc();
    Y.applyUpdate(frozenDoc, after.state);
    expect(readCycle(frozenDoc).rows[0]!.baseline).not.toContain('38,5');

    for (const statement of [
      `UPDATE versions SET label = 'falsifiée' WHERE id = '${first.id}'`,
      `UPDATE versions SET xlsx = '\\x00'::bytea WHERE id = '${first.id}'`,
      `DELETE FROM versions WHERE id = '${first.id}'`,
      'TRUNCATE versions CASCADE',
    ]) {
      await expect(server.app.db.query(statement), statement).rejects.toThrow(/immutable/);
    }
    const [row] = await server.app.db.query<{ label: string }>(
      'SELECT label FROM versions WHERE id = $1',
      [first.id],
    );
    expect(row!.label).toBe('Version présentée au CA du 12/03/2027');
    // The API offers no way either.
    expect((await pilote.delete(`/api/versions/${first.id}`)).status).toBe(404);
  }, 240_000);

  it('compares a version with another or with the live cycle, and exports what changed', async () => {
    const base = await freeze('Version présentée au CA du 12/03/2027');
    const client = await connectClient(server.wsUrl, cycle.documentName, pilote);
    const model = readCycle(client.doc);
    const [a, b] = model.rows;
    rowText(client.doc, a!.id, 'target1y').insert(0, 'Atteindre 41,2 % ');
    rowText(client.doc, b!.id, 'label').insert(0, 'Modifiée ’ ');
    setThemeRetained(
      client.doc,
      model.themes[7]!.id,
      !model.themes[7]!.retained,
      'Pas cette année',
    );
    await acknowledged(client);
    client.destroy();

    const live = await membre.get(`/api/versions/${base.id}/compare?with=live`);
    expect(live.status).toBe(200);
    expect(live.body.cells).toEqual(
      expect.arrayContaining([
        {
          rowId: a!.id,
          field: 'target1y',
          before: a!.target1y,
          after: `Atteindre 41,2 % ${a!.target1y}`,
        },
        { rowId: b!.id, field: 'label', before: b!.label, after: `Modifiée ’ ${b!.label}` },
      ]),
    );
    expect(live.body.themes).toHaveLength(1);
    expect(live.body.rowsAdded).toEqual([]);
    expect(live.body.rowsMoved).toEqual([]);

    const later = await freeze('Après le CA');
    const between = await membre.get(`/api/versions/${base.id}/compare?with=${later.id}`);
    expect(between.body.cells).toEqual(live.body.cells);
    const foreign = await createCycle(server.httpUrl, 2030);
    const foreignVersion = await foreign.pilote.post(`/api/cycles/${foreign.id}/versions`, {
      label: 'Ailleurs',
      stage: 'board',
    });
    expect(
      (await pilote.get(`/api/versions/${base.id}/compare?with=${foreignVersion.body.id}`)).status,
    ).toBe(404);
    expect((await outsider.get(`/api/versions/${base.id}/compare?with=live`)).status).toBe(404);
    expect((await pilote.get(`/api/versions/${base.id}/compare`)).status).toBe(400);

    const pdf = await bytes(membre, `/api/versions/${base.id}/changes.pdf?with=live`);
    expect(pdf.status).toBe(200);
    const text = squeeze(await pdfText(pdf.body));
    expect(text).toContain(squeeze('Ce qui a changé'));
    for (const rowId of live.body.cells.map((c: { rowId: string }) => c.rowId))
      expect(text).toContain(squeeze(live.body.rows[rowId].label).slice(0, 40));
    const xlsx = await bytes(membre, `/api/versions/${base.id}/changes.xlsx?with=live`);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('restores a version as a new change: frozen first, seen live, concurrent edits kept', async () => {
    const watcher = await connectClient(server.wsUrl, cycle.documentName, membre);
    const typist = await connectClient(server.wsUrl, cycle.documentName, membre);
    const rows = readCycle(watcher.doc).rows;
    const [target, other] = [rows[2]!, rows[3]!];
    const version = await freeze('Avant les essais');
    rowText(watcher.doc, target.id, 'baseline').insert(0, 'À annuler ');
    await acknowledged(watcher);

    expect((await membre.post(`/api/versions/${version.id}/restore`)).status).toBe(403);
    const restoring = pilote.post(`/api/versions/${version.id}/restore`);
    // Typed in another row once the restore has frozen the state before it, while it runs.
    const safetyListed = async () =>
      (await pilote.get(`/api/cycles/${cycle.id}/versions`)).body.some(
        (v: { kind: string }) => v.kind === 'safety',
      );
    while (!(await safetyListed())) await new Promise((resolve) => setTimeout(resolve, 5));
    rowText(typist.doc, other.id, 'sources').insert(0, 'Saisi pendant la restauration ');
    const restored = await restoring;
    expect(restored.status).toBe(200);
    expect(restored.body.safetyVersionId).toEqual(expect.any(String));
    await acknowledged(typist);

    await waitFor(
      () => !rowText(watcher.doc, target.id, 'baseline').toString().startsWith('À annuler'),
      'the restored cell on the other client',
    );
    await waitFor(
      () =>
        rowText(watcher.doc, other.id, 'sources')
          .toString()
          .includes('Saisi pendant la restauration'),
      'the concurrent edit to survive',
    );
    const list = await pilote.get(`/api/cycles/${cycle.id}/versions`);
    const safety = list.body.find((v: { id: string }) => v.id === restored.body.safetyVersionId);
    expect(safety.kind).toBe('safety');
    expect(safety.label).toMatch(/^Avant restauration du \d\d\/\d\d\/\d{4}/);
    // The safety version holds the state before the restore.
    const state = (await bytes(pilote, `/api/versions/${safety.id}/state`)).body;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(rowText(doc, target.id, 'baseline').toString()).toMatch(/^À annuler/);

    // One row only.
    rowText(watcher.doc, target.id, 'label').insert(0, 'X ');
    rowText(watcher.doc, other.id, 'label').insert(0, 'Y ');
    await acknowledged(watcher);
    const one = await pilote.post(`/api/versions/${version.id}/restore`, {
      scope: { kind: 'row', id: target.id },
    });
    expect(one.status).toBe(200);
    await waitFor(
      () => !rowText(watcher.doc, target.id, 'label').toString().startsWith('X '),
      'the one row restored',
    );
    expect(rowText(watcher.doc, other.id, 'label').toString()).toMatch(/^Y /);
    expect(
      (
        await pilote.post(`/api/versions/${version.id}/restore`, {
          scope: { kind: 'row', id: 'nope' },
        })
      ).status,
    ).toBe(404);
    watcher.destroy();
    typist.destroy();
  });

  it('answers a restore once the state before it is stored; that version’s files follow and download', async () => {
    const client = await connectClient(server.wsUrl, cycle.documentName, membre);
    const row = readCycle(client.doc).rows[4]!;
    const version = await freeze('Avant le libellé provisoire');
    rowText(client.doc, row.id, 'label').insert(0, 'Libellé provisoire ');
    await acknowledged(client);
    // The app's renderer, held until released: no file of any version can be rendered meanwhile.
    const runner = server.app.exportRunner;
    const render = runner.run;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    runner.run = async (...job) => {
      await held;
      return render(...job);
    };
    try {
      let answer: { status: number; body: { safetyVersionId: string } } | null = null;
      void pilote
        .post(`/api/versions/${version.id}/restore`, { scope: { kind: 'row', id: row.id } })
        .then((reply) => (answer = reply));
      await waitFor(() => answer !== null, 'the restore to answer while nothing can be rendered');
      expect(answer!.status).toBe(200);
      await waitFor(
        () => !rowText(client.doc, row.id, 'label').toString().startsWith('Libellé provisoire'),
        'the row restored in the live document',
      );
      const safetyId = answer!.body.safetyVersionId;
      const listed = async () =>
        (await pilote.get(`/api/cycles/${cycle.id}/versions`)).body.find(
          (v: { id: string }) => v.id === safetyId,
        );
      expect(await listed()).toMatchObject({ kind: 'safety', filesStored: false, docx: false });
      // Asked for while its render waits: the download waits for it too.
      const pdf = bytes(pilote, `/api/versions/${safetyId}/export.pdf`);
      release();
      const dossier = await pdf;
      expect(dossier.status).toBe(200);
      expect(squeeze(await pdfText(dossier.body))).toContain(squeeze('Libellé provisoire'));
      const xlsx = await bytes(pilote, `/api/versions/${safetyId}/export.xlsx`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
      // The editable dossier is stored once rendered, and the list then offers it.
      const deadline = Date.now() + 30_000;
      while (!(await listed()).docx) {
        if (Date.now() > deadline) throw new Error('Timed out waiting for the DOCX to be stored');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const docx = await bytes(pilote, `/api/versions/${safetyId}/export.docx`);
      expect(docx.status).toBe(200);
      expect(docx.body.subarray(0, 2).toString()).toBe('PK');
    } finally {
      runner.run = render;
      release();
      client.destroy();
    }
  });

  it('renders the files of a version before a restore on request when their background render failed', async () => {
    const version = await freeze('Avant une panne du rendu');
    const runner = server.app.exportRunner;
    const render = runner.run;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    runner.run = async () => {
      await held;
      throw new Error('renderer down');
    };
    try {
      const restored = await pilote.post(`/api/versions/${version.id}/restore`);
      expect(restored.status).toBe(200);
      const safetyId = restored.body.safetyVersionId;
      const pdf = bytes(pilote, `/api/versions/${safetyId}/export.pdf`);
      runner.run = render;
      release();
      expect((await pdf).status).toBe(200);
      expect((await pdf).body.subarray(0, 5).toString()).toBe('%PDF-');
      const xlsx = await bytes(pilote, `/api/versions/${safetyId}/export.xlsx`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
      expect((await pilote.get(`/api/versions/${safetyId}`)).body).toMatchObject({
        kind: 'safety',
        filesStored: false,
      });
    } finally {
      runner.run = render;
      release();
    }
  });

  it('opens a version through a public link without an account, counts openings, and stops at revocation or expiry', async () => {
    const version = await freeze('Version publique');
    expect((await membre.post(`/api/versions/${version.id}/links`)).status).toBe(403);
    const link = await pilote.post(`/api/versions/${version.id}/links`, {});
    expect(link.status).toBe(201);
    expect(link.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        token: expect.any(String),
        url: expect.any(String),
      }),
    );
    expect(link.body.token.length).toBeGreaterThanOrEqual(40);
    expect(new URL(link.body.url).pathname).toBe(`/public/${link.body.token}`);
    const anonymous = new Person(server.httpUrl);
    const opened = await anonymous.get(`/api/public/${link.body.token}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual(
      expect.objectContaining({ label: 'Version publique', pdfHash: version.pdfHash }),
    );
    expect(JSON.stringify(opened.body)).not.toContain(cycle.id);
    await anonymous.get(`/api/public/${link.body.token}`);
    const pdf = await bytes(null, `${server.httpUrl}/api/public/${link.body.token}/export.pdf`);
    expect(sha256(pdf.body)).toBe(version.pdfHash);
    const xlsx = await bytes(null, `${server.httpUrl}/api/public/${link.body.token}/export.xlsx`);
    expect(sha256(xlsx.body)).toBe(version.xlsxHash);
    const links = await pilote.get(`/api/versions/${version.id}/links`);
    expect(links.body[0]).toEqual(
      expect.objectContaining({ openCount: 2, lastOpenedAt: expect.any(String) }),
    );
    expect((await pilote.get(`/api/versions/${version.id}`)).body.publicLink).toBe(true);

    // The token is no session: nothing else answers.
    const withToken = new Person(server.httpUrl);
    withToken.cookie = `pilotis_session=${link.body.token}`;
    expect((await withToken.get(`/api/cycles/${cycle.id}`)).status).toBe(401);
    expect((await withToken.get(`/api/versions/${version.id}`)).status).toBe(401);
    expect((await withToken.post(`/api/versions/${version.id}/restore`)).status).toBe(401);
    expect(
      (await withToken.post(`/api/cycles/${cycle.id}/versions`, { label: 'x', stage: 'board' }))
        .status,
    ).toBe(401);

    expect((await membre.delete(`/api/links/${link.body.id}`)).status).toBe(403);
    expect((await outsider.delete(`/api/links/${link.body.id}`)).status).toBe(404);
    expect((await pilote.delete(`/api/links/${link.body.id}`)).status).toBe(204);
    for (const suffix of ['', '/state', '/export.pdf', '/export.xlsx'])
      expect((await anonymous.get(`/api/public/${link.body.token}${suffix}`)).status).toBe(404);

    const expiring = await pilote.post(`/api/versions/${version.id}/links`, {
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await anonymous.get(`/api/public/${expiring.body.token}`)).status).toBe(200);
    await server.app.db.query(
      `UPDATE version_links SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [expiring.body.id],
    );
    const expired = await anonymous.get(`/api/public/${expiring.body.token}`);
    expect(expired.status).toBe(404);
    expect(Object.keys(expired.body).sort()).toEqual(['error', 'message']);
    expect((await anonymous.get('/api/public/pas-un-jeton')).status).toBe(404);
    expect(
      (
        await pilote.post(`/api/versions/${version.id}/links`, {
          expiresAt: '2001-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(400);
  });

  it('records the AG on its version, freezes the record into the follow-up version and prints it', async () => {
    const board = await freeze('Version du CA');
    const ag = await freeze('Version présentée à l’AG du 20/06/2027', 'general-assembly');
    const reader = await connectClient(server.wsUrl, cycle.documentName, pilote);
    const rowId = readCycle(reader.doc).rows[0]!.id;
    reader.destroy();
    const record = {
      heldOn: '2027-06-20',
      present: 42,
      represented: 7,
      debate: 'Les salarié·es demandent un indicateur d’égalité.\nLe budget formation est discuté.',
      adjustments: [
        { text: 'Ajouter l’écart de rémunération', target: { kind: 'row', id: rowId } },
      ],
      vote: { for: 45, against: 2, abstain: 2, outcome: 'Adopté à la majorité' },
    };
    expect((await pilote.request('PUT', `/api/versions/${board.id}/record`, record)).status).toBe(
      409,
    );
    expect((await membre.request('PUT', `/api/versions/${ag.id}/record`, record)).status).toBe(403);
    expect(
      (await pilote.request('PUT', `/api/versions/${ag.id}/record`, { ...record, present: -1 }))
        .status,
    ).toBe(400);
    const saved = await pilote.request('PUT', `/api/versions/${ag.id}/record`, record);
    expect(saved.status).toBe(200);
    const read = await membre.get(`/api/versions/${ag.id}/record`);
    expect(read.body).toEqual(expect.objectContaining({ record, applicable: true }));

    const followUp = await freeze('Version de suivi', 'follow-up');
    const frozen = await membre.get(`/api/versions/${followUp.id}/record`);
    expect(frozen.body.frozen).toEqual([
      expect.objectContaining({ versionId: ag.id, stage: 'general-assembly', record }),
    ]);
    const text = squeeze(
      await pdfText((await bytes(membre, `/api/versions/${followUp.id}/export.pdf`)).body),
    );
    expect(text).toContain(squeeze('Comptes rendus des réunions'));
    expect(text).toContain(squeeze('Assemblée générale du 20/06/2027'));
    expect(text).toContain(squeeze('Adopté à la majorité'));
    // Edited later: the follow-up version keeps what it froze.
    await pilote.request('PUT', `/api/versions/${ag.id}/record`, { ...record, present: 43 });
    expect(
      (await membre.get(`/api/versions/${followUp.id}/record`)).body.frozen[0].record.present,
    ).toBe(42);
  });

  it('makes automatic checkpoints at most every 10 minutes of activity, listed on request', async () => {
    const own = await createCycle(server.httpUrl, 2031, pilote);
    const client = await connectClient(server.wsUrl, own.documentName, pilote);
    rowText(client.doc, readCycle(client.doc).rows[0]!.id, 'sources').insert(0, 'Activité ');
    await acknowledged(client);
    client.destroy();
    const deps = {
      db: server.app.db,
      documents: server.app.documents,
      hocuspocus: server.app.hocuspocus,
      exportRunner: server.app.exportRunner,
    };
    const made = await runCheckpoints(deps);
    const mine = (await pilote.get(`/api/cycles/${own.id}/versions?checkpoints=1`)).body.filter(
      (v: { kind: string }) => v.kind === 'checkpoint',
    );
    expect(mine).toHaveLength(1);
    expect(made).toContain(mine[0].id);
    expect((await pilote.get(`/api/cycles/${own.id}/versions`)).body).toEqual([]);
    // Immediately again: nothing new for this cycle (no activity since, and under 10 minutes).
    expect(await runCheckpoints(deps)).not.toContain(mine[0].id);
    expect((await pilote.get(`/api/cycles/${own.id}/versions?checkpoints=1`)).body).toHaveLength(1);
    // It keeps the document only; its files are rendered from it on request.
    const pdf = await bytes(pilote, `/api/versions/${mine[0].id}/export.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    // A young checkpoint cannot be deleted either.
    await expect(
      server.app.db.query('DELETE FROM versions WHERE id = $1', [mine[0].id]),
    ).rejects.toThrow(/immutable/);
  });
});
