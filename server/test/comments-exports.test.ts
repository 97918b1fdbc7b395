/**
 * Comments in versions and exports: a frozen version keeps its threads as they were; the workbook's
 * Commentaires sheet, read back by LibreOffice, lists every comment with its thread's status, and
 * the Pilotage count column matches it; the PDF dossier's annex lists them; the synthesis does not.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRow, readCycle, STEERING_COLUMNS, type CycleModel } from '@pilotis/shared';
import {
  BACKENDS,
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type Json,
  type Person,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';
import { join, rowId } from './comments-helpers.ts';
import { parseCsv } from './csv.ts';

const run = promisify(execFile);

async function download(person: Person, url: string): Promise<Buffer> {
  const response = await fetch(url, { headers: { cookie: person.cookie } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe.each(BACKENDS)('comments in versions and exports on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let pilote: Person;
  let commentateur: Person;
  let cycle: { id: string; organisationId: string; documentName: string };
  let model: CycleModel;
  let client: TestClient;
  let dir: string;

  /** One sheet (1-based) of a workbook as LibreOffice reads it, through a UTF-8 CSV conversion. */
  /** The named sheet read back by LibreOffice (its position comes from the workbook itself). */
  async function sheetCsv(workbook: Buffer, name: string): Promise<string[][]> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook as unknown as ArrayBuffer);
    const sheet = book.worksheets.findIndex((worksheet) => worksheet.name === name) + 1;
    expect(sheet, `sheet ${name}`).toBeGreaterThan(0);
    const file = path.join(dir, `book-${sheet}-${Date.now()}.xlsx`);
    await writeFile(file, workbook);
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
        '--headless',
        '--convert-to',
        `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,${sheet}`,
        '--outdir',
        dir,
        file,
      ],
      { timeout: 120_000 },
    );
    // LibreOffice names the output after the workbook and the sheet.
    const base = path.basename(file, '.xlsx');
    const [output] = (await readdir(dir)).filter(
      (name) => name.startsWith(`${base}-`) && name.endsWith('.csv'),
    );
    return parseCsv(await readFile(path.join(dir, output ?? `${base}.csv`), 'utf8'));
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-comments-'));
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
    const created = await createCycle(server.httpUrl, 2026);
    pilote = created.pilote;
    cycle = created;
    commentateur = await join(server, pilote, cycle.organisationId, 'commentateur', 'Chloé');
    client = await connectClient(server.wsUrl, cycle.documentName, pilote);
    model = readCycle(client.doc);
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await storage?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every comment with its status in the Commentaires sheet; the Pilotage counts match; the PDF annex has them; the synthesis does not', async () => {
    const open = async (anchor: { kind: string; id: string }, body: string, who = commentateur) => {
      const reply = await who.post(`/api/cycles/${cycle.id}/threads`, { anchor, body });
      expect(reply.status).toBe(201);
      return reply.body as Json;
    };
    const first = rowId(model, '1.3', 1);
    const second = rowId(model, '1.3', 2);
    const doomed = rowId(model, '2.1', 1);
    const a = await open({ kind: 'row', id: first }, 'Faut-il compter les bénévoles ? 38,5 %');
    await pilote.post(`/api/threads/${a.id}/messages`, { body: 'Oui, l’an dernier 🙂' });
    const b = await open({ kind: 'row', id: second }, 'Chiffre à vérifier');
    await pilote.post(`/api/threads/${b.id}/resolve`);
    await open({ kind: 'row', id: doomed }, 'Ligne bientôt supprimée');
    const deleted = await open({ kind: 'row', id: second }, 'Message à retirer');
    await commentateur.delete(`/api/threads/${deleted.id}/messages/${deleted.messages[0].id}`);
    await open({ kind: 'theme', id: model.themes[1]!.id }, 'Sur le thème 2');
    deleteRow(client.doc, doomed);
    await acknowledged(client);

    const workbook = await download(pilote, `${server.httpUrl}/api/cycles/${cycle.id}/export.xlsx`);
    const comments = await sheetCsv(workbook, 'Commentaires');
    expect(comments[0]).toEqual([
      'Thème',
      'Domaine d’action',
      'Ligne',
      'Auteur',
      'Date',
      'Texte',
      'Statut',
    ]);
    const body = comments.slice(1).filter((record) => record.some(Boolean));
    const label = (id: string) => model.rows.find((row) => row.id === id)!.label;
    const byText = (text: string) => body.find((record) => record[5] === text);
    expect(byText('Faut-il compter les bénévoles ? 38,5 %')).toEqual([
      expect.stringMatching(/^1\. /),
      expect.stringMatching(/^1\.3 /),
      label(first),
      'Chloé',
      expect.stringMatching(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/),
      'Faut-il compter les bénévoles ? 38,5 %',
      'Ouvert',
    ]);
    expect(byText('Oui, l’an dernier 🙂')?.[6]).toBe('Ouvert');
    expect(byText('Chiffre à vérifier')?.[6]).toBe('Résolu');
    expect(byText('message supprimé')?.[6]).toBe('Ouvert');
    expect(byText('Ligne bientôt supprimée')?.slice(2)).toEqual([
      label(doomed),
      'Chloé',
      expect.any(String),
      'Ligne bientôt supprimée',
      'Détaché',
    ]);
    expect(byText('Sur le thème 2')?.[2]).toBe('Thème');
    expect(body).toHaveLength(6);

    // Pilotage: the count column is the number of comments (deleted ones aside) on each row.
    const pilotage = await sheetCsv(workbook, 'Pilotage');
    const countColumn = STEERING_COLUMNS.indexOf('Nombre de commentaires');
    expect(pilotage[0]![countColumn]).toBe('Nombre de commentaires');
    const countOf = (id: string) =>
      pilotage.find((record) => record[2] === label(id))?.[countColumn];
    expect(countOf(first)).toBe('2');
    expect(countOf(second)).toBe('1');
    const listed = body.filter((record) => record[6] !== 'Détaché' && record[2] === label(first));
    expect(String(listed.length)).toBe(countOf(first));

    const pdfFile = path.join(dir, 'dossier.pdf');
    await writeFile(
      pdfFile,
      await download(
        pilote,
        `${server.httpUrl}/api/cycles/${cycle.id}/export.pdf?annexe=commentaires`,
      ),
    );
    const { stdout: dossier } = await run('pdftotext', ['-enc', 'UTF-8', pdfFile, '-']);
    expect(dossier).toContain('Annexe : commentaires');
    expect(dossier).toContain('Ligne bientôt supprimée');
    const synthesisFile = path.join(dir, 'synthese.pdf');
    await writeFile(
      synthesisFile,
      await download(pilote, `${server.httpUrl}/api/cycles/${cycle.id}/synthese.pdf`),
    );
    const { stdout: synthesis } = await run('pdftotext', ['-enc', 'UTF-8', synthesisFile, '-']);
    expect(synthesis).not.toContain('bénévoles');
    expect(synthesis).not.toContain('Commentaire');
    // Two LibreOffice conversions and two PDFs: slow on a busy machine.
  }, 300_000);

  it('keeps a frozen version’s threads as they were while the live ones change', async () => {
    const thread = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '3.1', 1) },
      body: 'Avant le gel',
    });
    const version = await pilote.post(`/api/cycles/${cycle.id}/versions`, {
      label: 'Version présentée au CA',
      stage: 'board',
    });
    expect(version.status).toBe(201);
    const frozen = await commentateur.get(`/api/versions/${version.body.id}/threads`);
    expect(frozen.status).toBe(200);
    const before = frozen.body.threads.find((t: Json) => t.id === thread.body.id);
    expect(before).toMatchObject({ status: 'open', messages: [{ body: 'Avant le gel' }] });

    await pilote.post(`/api/threads/${thread.body.id}/messages`, { body: 'Après le gel' });
    await pilote.post(`/api/threads/${thread.body.id}/resolve`);
    await commentateur.patch(
      `/api/threads/${thread.body.id}/messages/${thread.body.messages[0].id}`,
      { body: 'Réécrit après le gel' },
    );
    await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '3.1', 1) },
      body: 'Nouveau fil après le gel',
    });

    const live = (await pilote.get(`/api/cycles/${cycle.id}/threads`)).body.find(
      (t: Json) => t.id === thread.body.id,
    );
    expect(live.status).toBe('resolved');
    expect(live.messages.map((m: Json) => m.body)).toEqual([
      'Réécrit après le gel',
      'Après le gel',
    ]);
    const again = await commentateur.get(`/api/versions/${version.body.id}/threads`);
    expect(again.body).toEqual(frozen.body);
  });
});
