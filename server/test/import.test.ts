/**
 * Import of a steering workbook: parsing (cells as Excel shows them, the archive guard), the
 * merge planner on real files, and the whole flow on a live server — the default confirm never
 * overwrites typed text, per-cell choices, one undo step for the importer, previews in the
 * database capped per person and per organisation.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { Zip, ZipDeflate } from 'fflate';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyImport,
  buildExportModel,
  createUndoManager,
  cycleFromTemplate,
  planImport,
  readCycle,
  rowText,
  SEED_COLUMNS,
  steeringCells,
  writeCycle,
} from '@pilotis/shared';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';
import { guardArchive, ImportError } from '../src/features/exports/import-archive.ts';
import { matchTheme } from '../src/features/exports/import-columns.ts';
import { parseSteeringWorkbook } from '../src/features/exports/import-parse.ts';
import { parseInChild } from '../src/features/exports/import-runner.ts';
import { exportCycle, ORGANISATION } from './fixtures/export-cycle.ts';
import {
  BACKENDS,
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
const INFO = { versionLabel: null, exportedAt: new Date('2026-11-26T09:00:00Z'), exportedBy: null };

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-import-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A cycle with the eight themes only: what an import starts from. */
function emptyDoc(): Y.Doc {
  const doc = new Y.Doc();
  const cycle = cycleFromTemplate({ organisationName: ORGANISATION, year: 2026 });
  writeCycle(doc, { ...cycle, domains: [], rows: [] });
  return doc;
}

/** A workbook converted by LibreOffice from a fixture of the repository. */
async function libreOfficeXlsx(fixture: string): Promise<Buffer> {
  const source = path.join(dir, fixture);
  await copyFile(path.join(import.meta.dirname, 'fixtures', fixture), source);
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      'xlsx',
      '--outdir',
      dir,
      source,
    ],
    { timeout: 150_000 },
  );
  return readFile(source.replace(/\.[a-z]+$/, '.xlsx'));
}

/** A zip whose one entry inflates to `megabytes` of zeros (a few hundred kilobytes compressed). */
function zipBomb(megabytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  const types = new ZipDeflate('[Content_Types].xml');
  zip.add(types);
  types.push(new TextEncoder().encode('<Types/>'), true);
  const workbook = new ZipDeflate('xl/workbook.xml', { level: 1 });
  zip.add(workbook);
  const zeros = new Uint8Array(1024 * 1024);
  for (let i = 0; i < megabytes; i++) workbook.push(zeros, i === megabytes - 1);
  zip.end();
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** One bomb for the tests below: 110 Mo of zeros, over the 100 Mo cap. */
let bombCache: Uint8Array | null = null;
const bomb = () => (bombCache ??= zipBomb(110));

// --- Parsing -------------------------------------------------------------------------------

describe('reading a steering workbook', () => {
  it('round-trips: export, import into an empty cycle, export again gives the same table', async () => {
    const original = buildExportModel(exportCycle(), INFO);
    const parsed = await parseSteeringWorkbook(await renderWorkbook(original));
    expect(parsed.sheetName).toBe('Pilotage');
    expect(parsed.warnings).toEqual([]);
    const doc = emptyDoc();
    const summary = applyImport(doc, parsed);
    const cycle = exportCycle();
    expect(summary).toMatchObject({
      created: cycle.rows.length,
      merged: 0,
      domainsCreated: cycle.domains.length,
      themesNotRetained: 1,
    });
    const again = buildExportModel(readCycle(doc), INFO);
    expect(again.steeringRows.map(steeringCells)).toEqual(original.steeringRows.map(steeringCells));
  });

  it(
    'reads percent, currency, date and number cells written by LibreOffice as they are shown',
    { timeout: 180_000 },
    async () => {
      const parsed = await parseSteeringWorkbook(await libreOfficeXlsx('import-formats.fods'));
      const byLabel = new Map(parsed.rows.map((row) => [row.label, row]));
      expect(byLabel.get('Taux de participation à l’AG')).toMatchObject({
        baseline: '72\u00a0%',
        target1y: '80\u00a0%',
        baselineValue: 72,
        unit: '%',
      });
      expect(byLabel.get('Budget de formation des élus')).toMatchObject({
        baseline: '1\u202f234,50\u00a0€',
        target1y: '2\u202f000,00\u00a0€',
        baselineValue: 1234.5,
        unit: '€',
      });
      expect(byLabel.get('Date de la dernière assemblée générale')!.baseline).toBe('26/11/2026');
      expect(byLabel.get('Nombre d’adhérents')).toMatchObject({
        baseline: '1\u202f234,5',
        baselineValue: 1234.5,
      });
      const notTreated = byLabel.get('Pourcentage d’admin ayant reçu une formation dans l’année')!;
      expect(notTreated).toMatchObject({
        baseline: '',
        treated: false,
        notTreatedReason:
          'Question non traitée car nos admin ont été choisis au regard de leur expertise',
      });
      // Apostrophes typed straight in the spreadsheet arrive as the app's ’.
      expect(JSON.stringify(parsed.rows)).not.toContain("'");

      // Merged into the template: the shortened "8.1 Valeurs écrites" is the existing domain,
      // the percent row is quantitative with its unit, the non-treated row keeps an empty baseline.
      const doc = new Y.Doc();
      writeCycle(doc, cycleFromTemplate({ organisationName: ORGANISATION, year: 2026 }));
      const domainsBefore = readCycle(doc).domains.length;
      const plan = planImport(readCycle(doc), parsed);
      expect(plan.summary.domainsCreated).toBe(0);
      applyImport(doc, parsed);
      const cycle = readCycle(doc);
      expect(cycle.domains).toHaveLength(domainsBefore);
      const percent = cycle.rows.find((row) => row.label === 'Taux de participation à l’AG')!;
      expect(percent).toMatchObject({ nature: 'quantitative', baselineValue: 72, unit: '%' });
      const template = cycle.rows.find((row) =>
        row.label.startsWith('Pourcentage d’admin ayant reçu'),
      )!;
      expect(template).toMatchObject({ treated: false, baseline: '' });
      expect(template.notTreatedReason).toMatch(/^Question non traitée car nos admin/);
    },
  );

  it('reads a hand-made table: shuffled, accent-less, multi-line headers, merged themes, extra column', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').getCell('A1').value = 'Rien à voir ici';
    const sheet = book.addWorksheet('Tableau 2026');
    sheet.getCell('A1').value = 'Guide des bonnes pratiques — tableau de suivi';
    sheet.getRow(3).values = [
      'Questions ou indicateurs',
      'Objectif a 3 ans\n(annee N+3)',
      'THEME',
      "Domaine d'action",
      'Commentaire libre',
      'Etat des lieux (annee N0)',
      'Objectif à 1 an\n(année N+1)',
      'Valeur  N0',
      'Traitée',
    ];
    const rows = [
      [
        'Taux de participation à l’AG ?',
        'Atteindre 50 %',
        'Gouver-nance',
        '1.3 Exercice du pouvoir',
        'à revoir',
        '42 %',
        'Relancer par SMS',
        '42,5',
        'Oui',
      ],
      ['Administrateurs formés ?', '', '', '', '', '', '', '', 'Non'],
      [
        'Comptes envoyés à temps ?',
        'Toujours',
        '',
        'Transparence',
        '',
        'Souvent en retard\nsurtout en été',
        '',
        12,
        '',
      ],
      [
        'Femmes au CA',
        '50 %',
        '6. Diversité, égalité F/H',
        '6.4 Équilibre femmes-hommes',
        '',
        '30 %',
        '40 %',
        '',
        '',
      ],
      ['Bilan carbone', '', 'Développement durable', 'Énergie', '', '', '', '', ''],
      ['Ligne orpheline', '', 'Thème inconnu', 'X', '', '', '', '', ''],
    ];
    rows.forEach((values, index) => (sheet.getRow(4 + index).values = values));
    sheet.mergeCells('C4:C6');
    const data = await book.xlsx.writeBuffer();
    const parsed = await parseSteeringWorkbook(new Uint8Array(data as ArrayBuffer));
    expect(parsed.sheetName).toBe('Tableau 2026');
    expect(parsed.rows.map((r) => [r.themeNumber, r.domainTitle, r.label])).toEqual([
      [1, 'Exercice du pouvoir', 'Taux de participation à l’AG ?'],
      [1, 'Exercice du pouvoir', 'Administrateurs formés ?'],
      [1, 'Transparence', 'Comptes envoyés à temps ?'],
      [6, 'Équilibre femmes-hommes', 'Femmes au CA'],
      [7, 'Énergie', 'Bilan carbone'],
    ]);
    expect(parsed.rows[0]).toMatchObject({
      baseline: '42 %',
      target1y: 'Relancer par SMS',
      target3y: 'Atteindre 50 %',
      baselineValue: 42.5,
      treated: true,
    });
    expect(parsed.rows[1]!.treated).toBe(false);
    expect(parsed.rows[2]).toMatchObject({
      baseline: 'Souvent en retard\nsurtout en été',
      baselineValue: 12,
    });
    expect(parsed.rows[2]!.treated).toBeUndefined();
    expect(JSON.stringify(parsed.rows)).not.toContain('à revoir');
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatch(/^Ligne 9 : thème « Thème inconnu » non reconnu/);
  });

  it('maps theme cells by number or words', () => {
    expect(matchTheme('Gouver-nance')).toBe(1);
    expect(matchTheme('Gouvernance démocratique')).toBe(1);
    expect(matchTheme('1. Gouvernance démocratique')).toBe(1);
    expect(matchTheme('Thème 4')).toBe(4);
    expect(matchTheme('Concertation')).toBe(2);
    expect(matchTheme('Territorialisation de l’activité économique')).toBe(3);
    expect(matchTheme('Politique salariale et exemplarité sociale')).toBe(4);
    expect(matchTheme('Lien avec les usagers / bénéficiaires')).toBe(5);
    expect(matchTheme('Égalité femmes-hommes')).toBe(6);
    expect(matchTheme('DEVELOPPEMENT DURABLE')).toBe(7);
    expect(matchTheme('Ethique et deontologie')).toBe(8);
    expect(matchTheme('Banane')).toBeNull();
    expect(matchTheme('12. Autre')).toBeNull();
  });

  async function rejection(data: Uint8Array): Promise<ImportError> {
    const error = await parseSteeringWorkbook(data).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }

  it('refuses what it cannot read, with a French message', async () => {
    const text = await rejection(new TextEncoder().encode('Bonjour, ceci est un fichier texte.'));
    expect(text.code).toBe('not_xlsx');
    expect(text.message).toBe('Ce fichier n’est pas un classeur Excel (.xlsx) lisible.');

    await writeFile(path.join(dir, 'note.txt'), 'pas un classeur');
    await run('zip', ['-j', '-q', path.join(dir, 'plain.zip'), path.join(dir, 'note.txt')]);
    expect((await rejection(await readFile(path.join(dir, 'plain.zip')))).code).toBe('not_xlsx');

    const workbook = await renderWorkbook(buildExportModel(exportCycle(), INFO));
    const truncated = await rejection(workbook.subarray(0, Math.floor(workbook.length / 2)));
    expect(truncated.code).toBe('not_xlsx');

    const unrelated = new ExcelJS.Workbook();
    unrelated.addWorksheet('Budget').addRows([
      ['Poste', 'Montant'],
      ['Loyer', 1200],
    ]);
    const noHeader = await rejection(
      new Uint8Array((await unrelated.xlsx.writeBuffer()) as ArrayBuffer),
    );
    expect(noHeader.code).toBe('no_header');
    expect(noHeader.message).toMatch(
      /^Aucun tableau de pilotage reconnu : la ligne d’en-tête doit contenir les colonnes Thème, Domaine d’action, Questions ou indicateurs/,
    );

    const huge = await rejection(new Uint8Array(20 * 1024 * 1024));
    expect(huge.code).toBe('too_large');
    expect(huge.message).toMatch(/trop volumineux/);

    const headerOnly = new ExcelJS.Workbook();
    headerOnly.addWorksheet('Pilotage').addRow([...SEED_COLUMNS]);
    const empty = await rejection(
      new Uint8Array((await headerOnly.xlsx.writeBuffer()) as ArrayBuffer),
    );
    expect(empty.code).toBe('empty');
    expect(empty.message).toMatch(/vide/);
  });

  it('stops inflating a zip bomb at the cap, whatever sizes the archive declares', () => {
    // The real cap is tried on the import process below; here a 10 Mo cap keeps the test quick.
    const small = zipBomb(12);
    expect(small.length).toBeLessThan(200 * 1024);
    let error: unknown = null;
    try {
      guardArchive(small, 10 * 1024 * 1024);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('too_large');
    // Under the cap, the same kind of archive passes the guard (and is re-packed as read).
    expect(guardArchive(small, 20 * 1024 * 1024).length).toBeGreaterThan(12 * 1024 * 1024);
  });

  it('parses in the import process, and answers a bomb with a French refusal', async () => {
    const workbook = await renderWorkbook(buildExportModel(exportCycle(), INFO));
    expect((await parseInChild(workbook)).rows.length).toBe(exportCycle().rows.length);
    const refused = await parseInChild(bomb()).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).code).toBe('too_large');
    expect((refused as ImportError).message).toMatch(/se décompresse en plus de 100 Mo/);
  });
});

// --- On a live server ----------------------------------------------------------------------

async function upload(person: Person, url: string, data: Uint8Array) {
  const response = await fetch(`${person.baseUrl}${url}`, {
    method: 'POST',
    headers: { cookie: person.cookie, 'content-type': XLSX },
    body: new Blob([new Uint8Array(data)]),
  });
  return { status: response.status, body: await response.json() };
}

/** A workbook with the AG row of the template, its 1-year objective and sources from the file. */
async function agWorkbook(target1y: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Pilotage');
  sheet.addRow([...SEED_COLUMNS, 'Sources']);
  sheet.addRow([
    '1. Gouvernance démocratique',
    '1.3 Exercice du pouvoir',
    'Le taux de participation à l’Assemblée Générale et son évolution sont-ils satisfaisants ?',
    '',
    target1y,
    '',
    "Feuilles d'émargement 2026",
  ]);
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

const agRow = (doc: Y.Doc) =>
  readCycle(doc).rows.find((row) => row.label.startsWith('Le taux de participation'))!;

describe.each(BACKENDS)('import on a live server (%s)', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  /** A cycle where someone typed the AG row's 1-year objective in the meeting. */
  async function typedCycle() {
    const cycle = await createCycle(server.httpUrl, 2026);
    const typist = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const row = agRow(typist.doc);
    const target = rowText(typist.doc, row.id, 'target1y');
    typist.doc.transact(() => {
      target.delete(0, target.length);
      target.insert(0, 'Objectif tapé en réunion : 40 % 😀');
    });
    await acknowledged(typist);
    return { cycle, typist, rowId: row.id };
  }

  it('keeps typed text on a default confirm; a per-cell choice takes the file’s', async () => {
    const { cycle, typist, rowId } = await typedCycle();
    try {
      const file = await agWorkbook('Objectif du fichier : 60 %');
      const preview = await upload(cycle.pilote, `/api/cycles/${cycle.id}/import`, file);
      expect(preview.status).toBe(200);
      const cells = preview.body.preview.cells as { key: string; status: string; live: string }[];
      const conflict = cells.find((cell) => cell.key === `${rowId}:target1y`)!;
      expect(conflict).toMatchObject({
        status: 'conflict',
        live: 'Objectif tapé en réunion : 40 % 😀',
        file: 'Objectif du fichier : 60 %',
      });
      expect(cells.find((cell) => cell.key === `${rowId}:sources`)!.status).toBe('new');

      const confirm = await cycle.pilote.post(
        `/api/cycles/${cycle.id}/import/${preview.body.importId}/confirm`,
      );
      expect(confirm.status).toBe(200);
      await waitFor(() => agRow(typist.doc).sources !== '', 'the new cell on the open client');
      expect(agRow(typist.doc)).toMatchObject({
        target1y: 'Objectif tapé en réunion : 40 % 😀',
        sources: 'Feuilles d’émargement 2026',
      });

      const again = await upload(cycle.pilote, `/api/cycles/${cycle.id}/import`, file);
      const chosen = await cycle.pilote.post(
        `/api/cycles/${cycle.id}/import/${again.body.importId}/confirm`,
        { choices: { cells: [`${rowId}:target1y`] } },
      );
      expect(chosen.status).toBe(200);
      await waitFor(
        () => agRow(typist.doc).target1y === 'Objectif du fichier : 60 %',
        'the chosen file version on the open client',
      );
    } finally {
      typist.destroy();
    }
  });

  it('is one undo step for the importer; another person’s later edit elsewhere stays', async () => {
    const { cycle, typist: importer, rowId } = await typedCycle();
    const colleague = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    try {
      const before = readCycle(importer.doc);
      const preview = await upload(
        cycle.pilote,
        `/api/cycles/${cycle.id}/import`,
        await agWorkbook('Objectif du fichier : 60 %'),
      );
      // The dialog: the importer's tab applies the merge in one transaction of its own origin.
      const origin = { source: 'pilotis-local-typing' };
      const undo = createUndoManager(importer.doc, origin);
      importer.doc.transact(
        () => applyImport(importer.doc, preview.body.content, { all: true }),
        origin,
      );
      undo.stopCapturing();
      const confirm = await cycle.pilote.post(
        `/api/cycles/${cycle.id}/import/${preview.body.importId}/confirm`,
        { choices: { all: true }, applied: true },
      );
      expect(confirm.status).toBe(200);
      await acknowledged(importer);
      await waitFor(
        () => agRow(colleague.doc).target1y === 'Objectif du fichier : 60 %',
        'the import on the colleague’s client',
      );
      // Later, the colleague types elsewhere.
      const other = readCycle(colleague.doc).rows[7]!;
      rowText(colleague.doc, other.id, 'baseline').insert(0, 'Noté après l’import. ');
      await acknowledged(colleague);
      await waitFor(
        () => readCycle(importer.doc).rows[7]!.baseline.startsWith('Noté après'),
        'the colleague’s edit on the importer’s client',
      );

      expect(undo.undoStack).toHaveLength(1);
      undo.undo();
      await acknowledged(importer);
      const expected = structuredClone(before);
      expected.rows[7]!.baseline = `Noté après l’import. ${before.rows[7]!.baseline}`;
      await waitFor(
        () => agRow(colleague.doc).target1y === 'Objectif tapé en réunion : 40 % 😀',
        'the undo on the colleague’s client',
      );
      expect(readCycle(colleague.doc)).toEqual(expected);
      expect(readCycle(importer.doc)).toEqual(expected);
      expect(agRow(colleague.doc).id).toBe(rowId);
    } finally {
      importer.destroy();
      colleague.destroy();
    }
  });

  it('keeps previews in the database, capped per person, never evicted by another organisation', async () => {
    const mine = await createCycle(server.httpUrl, 2026);
    const theirs = await createCycle(server.httpUrl, 2026);
    const file = await agWorkbook('x');
    const first = await upload(mine.pilote, `/api/cycles/${mine.id}/import`, file);
    // Someone of another organisation uploads many previews.
    for (let i = 0; i < 5; i++) {
      expect((await upload(theirs.pilote, `/api/cycles/${theirs.id}/import`, file)).status).toBe(
        200,
      );
    }
    const stored = await server.app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM import_previews WHERE organisation_id = $1`,
      [theirs.organisationId],
    );
    expect(stored[0]!.n).toBe(1); // one per person and cycle
    // A foreign person cannot confirm my preview; I still can.
    expect(
      (await theirs.pilote.post(`/api/cycles/${mine.id}/import/${first.body.importId}/confirm`))
        .status,
    ).toBe(404);
    expect(
      (await mine.pilote.post(`/api/cycles/${mine.id}/import/${first.body.importId}/confirm`))
        .status,
    ).toBe(200);
  });
});
