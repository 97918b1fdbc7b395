/**
 * Import of an action plan sheet (issue 14): the workbook's Plan d'action read back (through
 * LibreOffice too: its real date and euro cells), a hand-made plan typed the French way, refusals
 * named by line, and the live flow with the steering table's rules — the preview shows each
 * action field new / same / conflict, a default confirm never overwrites a typed value, a chosen
 * cell takes the file's.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildExportModel,
  createAction,
  cycleFromTemplate,
  linkRow,
  readActions,
  readCycle,
  rowReferences,
  setActionAmount,
  setActionDate,
  setActionOwner,
  setActionStatus,
  writeCycle,
} from '@pilotis/shared';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';
import { parseSteeringWorkbook } from '../src/features/exports/import-parse.ts';
import {
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  waitFor,
  type Person,
  type RunningServer,
  type Storage,
} from './helpers.ts';

const run = promisify(execFile);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-import-actions-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A cycle with three actions: amounts with cents, real dates, links, one done. */
function planDoc() {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative « Été »', year: 2026 }));
  const model = readCycle(doc);
  const references = rowReferences(model);
  const first = createAction(doc, { title: 'Former le bureau à l’animation ✅' });
  setActionAmount(doc, first, 'budget', '1 234,50 €');
  setActionAmount(doc, first, 'budgetSpent', '38,5');
  setActionDate(doc, first, 'startDate', '01/03/2027');
  setActionDate(doc, first, 'dueDate', '30/06/2027');
  setActionOwner(doc, first, { id: null, name: 'Zoé Lefèvre' });
  for (const row of model.rows.slice(2, 4)) {
    linkRow(doc, first, row.id, `${references.get(row.id)} — ${row.label}`);
  }
  const second = createAction(doc, { title: 'Enquête auprès des usager·ères' });
  setActionStatus(doc, second, 'done');
  setActionDate(doc, second, 'dueDate', '15/12/2027');
  createAction(doc, { title: 'Charte éthique\nà rédiger' });
  return doc;
}

describe('reading an action plan sheet', () => {
  it(
    'reads back the workbook’s own Plan d’action, also after LibreOffice saved it',
    { timeout: 180_000 },
    async () => {
      const doc = planDoc();
      const cycle = readCycle(doc);
      const model = buildExportModel(cycle, {
        versionLabel: null,
        exportedAt: new Date('2027-03-12T09:00:00Z'),
        exportedBy: null,
      });
      const file = path.join(dir, 'plan.xlsx');
      await writeFile(file, await renderWorkbook(model));
      const outDir = path.join(dir, 'lo');
      await run(
        'soffice',
        [
          `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
          '--headless',
          '--convert-to',
          'xlsx',
          '--outdir',
          outDir,
          file,
        ],
        { timeout: 170_000 },
      );
      const references = rowReferences(cycle);
      const firstRefs = cycle.rows.slice(2, 4).map((row) => references.get(row.id));
      for (const bytes of [await readFile(file), await readFile(path.join(outDir, 'plan.xlsx'))]) {
        const result = await parseSteeringWorkbook(new Uint8Array(bytes));
        expect(result.actionSheetName).toBe('Plan d’action');
        const byTitle = new Map(result.actions.map((action) => [action.title, action]));
        expect([...byTitle.keys()].sort()).toEqual(
          cycle.actions.map((action) => action.title).sort(),
        );
        expect(byTitle.get('Former le bureau à l’animation ✅')).toMatchObject({
          owner: 'Zoé Lefèvre',
          budget: 1234.5,
          budgetSpent: 38.5,
          startDate: '2027-03-01',
          dueDate: '2027-06-30',
          rowRefs: firstRefs,
        });
        expect(byTitle.get('Enquête auprès des usager·ères')).toMatchObject({
          status: 'done',
          dueDate: '2027-12-15',
          quarter: '2027-T4',
        });
        expect(result.warnings).toEqual([]);
      }
    },
  );

  it('reads a plan typed by hand the French way, and names each refused value by its line', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Notre plan');
    sheet.addRow(['Plan d’action 2027 — bureau du 12/03']);
    sheet.addRow([]);
    sheet.addRow([
      'Échéance',
      'ACTIONS À MENER',
      'Responsable',
      'Budget\nprévu',
      'Statut',
      'Début',
    ]);
    sheet.addRow(['30/06/2027', 'Réunir le CA', 'Léa N’Diaye', '1 234,50 €', 'en cours', '1/3/27']);
    sheet.addRow(['demain', 'Refaire le site', '', '-300', 'Abandonné', '']);
    sheet.addRow(['01/01/2027', 'Former les bénévoles', '', 'beaucoup', 'Peut-être', '01/02/2027']);
    sheet.addRow(['', '', 'Personne', '', '', '']);
    const result = await parseSteeringWorkbook(
      new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer),
    );
    expect(result.rows).toEqual([]);
    expect(result.actions).toEqual([
      {
        title: 'Réunir le CA',
        owner: 'Léa N’Diaye',
        budget: 1234.5,
        startDate: '2027-03-01',
        dueDate: '2027-06-30',
        status: 'in-progress',
      },
      { title: 'Refaire le site' },
      { title: 'Former les bénévoles', startDate: '2027-02-01' },
    ]);
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(/ligne 5 : « demain » — Date non reconnue/);
    expect(warnings).toMatch(/ligne 5 : « -300 » — Un montant ne peut pas être négatif/);
    expect(warnings).toMatch(/ligne 5 : action abandonnée sans raison/);
    expect(warnings).toMatch(/ligne 6 : « beaucoup » — Montant non reconnu/);
    expect(warnings).toMatch(/ligne 6 : l’échéance précède la date de début/);
    expect(warnings).toMatch(/ligne 6 : statut « Peut-être » non reconnu/);
    expect(warnings).toMatch(/ligne 7 : action sans intitulé/);
  });
});

async function upload(person: Person, url: string, data: Uint8Array) {
  const response = await fetch(`${person.baseUrl}${url}`, {
    method: 'POST',
    headers: { cookie: person.cookie, 'content-type': XLSX },
    body: new Blob([new Uint8Array(data)]),
  });
  return { status: response.status, body: await response.json() };
}

async function planWorkbook(budget: string, notes: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Plan d’action');
  sheet.addRow(['Action', 'Pilote', 'Budget prévu (€)', 'Échéance', 'Notes d’avancement']);
  sheet.addRow(['Former le bureau', 'Zoé Lefèvre', budget, new Date(Date.UTC(2027, 5, 30)), notes]);
  sheet.addRow(['Nouvelle action du fichier 🌱', '', 250, null, '']);
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('import of an action plan on a live server', () => {
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

  it('never overwrites a typed value without a choice; a chosen cell takes the file’s', async () => {
    const cycle = await createCycle(server.httpUrl, 2027);
    const typist = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    try {
      const id = createAction(typist.doc, { title: 'Former le bureau' });
      setActionAmount(typist.doc, id, 'budget', '1 000');
      await acknowledged(typist);
      const file = await planWorkbook('1 234,50 €', 'Deux séances prévues');
      const preview = await upload(cycle.pilote, `/api/cycles/${cycle.id}/import`, file);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ actionSheetName: 'Plan d’action', actions: 2 });
      expect(preview.body.preview).toMatchObject({ actionsCreated: 1, actionsMerged: 1 });
      const cells = preview.body.preview.cells as { key: string; status: string }[];
      const status = (field: string) =>
        cells.find((cell) => cell.key === `action:${id}:${field}`)?.status;
      expect(status('budget')).toBe('conflict');
      expect(status('owner')).toBe('new');
      expect(status('dueDate')).toBe('new');

      const confirm = await cycle.pilote.post(
        `/api/cycles/${cycle.id}/import/${preview.body.importId}/confirm`,
      );
      expect(confirm.status).toBe(200);
      const action = () => readActions(typist.doc).find((a) => a.id === id)!;
      await waitFor(() => action().owner === 'Zoé Lefèvre', 'the new cells on the open client');
      expect(action()).toMatchObject({ budget: 1000, dueDate: '2027-06-30' });
      expect(readActions(typist.doc).map((a) => a.title)).toContain(
        'Nouvelle action du fichier 🌱',
      );

      const again = await upload(cycle.pilote, `/api/cycles/${cycle.id}/import`, file);
      // The action created by the first import is now the same: nothing new the second time.
      expect(again.body.preview).toMatchObject({ actionsCreated: 0, actionsMerged: 2 });
      const chosen = await cycle.pilote.post(
        `/api/cycles/${cycle.id}/import/${again.body.importId}/confirm`,
        { choices: { cells: [`action:${id}:budget`] } },
      );
      expect(chosen.status).toBe(200);
      await waitFor(() => action().budget === 1234.5, 'the chosen budget on the open client');
    } finally {
      typist.destroy();
    }
  });
});
