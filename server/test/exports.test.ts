/**
 * Exports and import of the steering table, checked through the tools people will open them with:
 * LibreOffice for the workbook, poppler (pdftotext, pdffonts, pdftoppm) for the PDFs.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExportModel, SEED_COLUMNS, type CycleModel, type ExportModel } from '@pilotis/shared';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';
import { PILOTAGE_COLUMNS, pilotageCells } from '../src/features/exports/xlsx-themes.ts';
import { renderDossier, renderSynthesis } from '../src/features/exports/pdf.ts';
import { createExportRunner } from '../src/features/exports/export-runner.ts';

/** This suite's renderer (the app has its own, app.exportRunner). */
const renderer = createExportRunner();
const runExport: typeof renderer.run = (...args) => renderer.run(...args);
import { exportCycle, ORGANISATION } from './fixtures/export-cycle.ts';
import { parseCsv } from './csv.ts';

const run = promisify(execFile);
const ARTIFACTS = path.resolve(import.meta.dirname, '../../e2e/artifacts');
const INFO = {
  versionLabel: 'Version présentée au CA du 12/03/2027',
  exportedAt: new Date('2027-03-12T09:00:00Z'),
  exportedBy: 'Zoé Lefèvre',
};

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-exports-'));
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await renderer.close();
  await rm(dir, { recursive: true, force: true });
});

// --- Helpers -------------------------------------------------------------------------------

let conversions = 0;

/** The first sheet of a workbook as LibreOffice reads it, through a UTF-8 CSV conversion. */
async function libreOfficeCsv(workbook: Buffer): Promise<string[][]> {
  const name = `book-${++conversions}`;
  const file = path.join(dir, `${name}.xlsx`);
  await writeFile(file, workbook);
  await run(
    'soffice',
    [
      // A private profile: no clash with another LibreOffice running on the machine.
      `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1',
      '--outdir',
      dir,
      file,
    ],
    { timeout: 120_000 },
  );
  return parseCsv(await readFile(path.join(dir, `${name}.csv`), 'utf8'));
}

/** What each exported cell should read as in a CSV: numbers as LibreOffice prints them. */
function asCsvCell(value: string | number | null): string {
  return value === null ? '' : String(value);
}

async function readBack(workbook: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook as unknown as ExcelJS.Buffer);
  return book;
}

async function unzipped(file: Buffer, pattern: string): Promise<string> {
  const zipPath = path.join(dir, `unzip-${++conversions}.xlsx`);
  await writeFile(zipPath, file);
  const { stdout } = await run('unzip', ['-p', zipPath, pattern], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function pdfText(pdf: Buffer, name: string): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/**
 * Text compared without its layout: table cells wrap anywhere, and pdftotext joins a line ending
 * with a hyphen to the next one (dropping the hyphen), so spaces and hyphens are left out.
 */
const squeeze = (text: string) => text.replace(/[\s-]+/g, '');

function model(
  cycle: CycleModel = exportCycle(),
  commentCounts?: Record<string, number>,
): ExportModel {
  return buildExportModel(cycle, { ...INFO, commentCounts });
}

// --- Workbook ------------------------------------------------------------------------------

describe('Excel workbook', () => {
  it(
    'reads back in LibreOffice with the seed columns, every row and every theme',
    { timeout: 180_000 },
    async () => {
      const exported = model();
      const workbook = await renderWorkbook(exported);
      const [header, ...records] = await libreOfficeCsv(workbook);
      expect(header).toEqual([...PILOTAGE_COLUMNS]);
      expect(header!.slice(0, 6)).toEqual([...SEED_COLUMNS]);
      expect(records).toHaveLength(exported.steeringRows.length);
      records.forEach((record, index) => {
        const expected = pilotageCells(exported.steeringRows[index]!, exported);
        expect(record.map((cell, column) => (column === 8 && cell ? Number(cell) : cell))).toEqual(
          expected.map((value, column) => (column === 8 ? (value ?? '') : asCsvCell(value))),
        );
      });
      const cycle = exportCycle();
      const labels = records.map((record) => record[2]);
      expect(labels).toContain(cycle.rows[0]!.label);
      // Multi-line text, accents, œ, € and « » survive as typed.
      const first = records[0]!;
      expect(first[3]).toContain('\nLe rapport d’activité est « lisible »');
      expect(first[4]).toContain('1 500 €');
      expect(first[5]).toContain('œuvré');
      expect(new Set(records.map((record) => record[0]))).toEqual(
        new Set(cycle.themes.map((theme) => `${theme.number}. ${theme.title}`)),
      );
      const dropped = records.find((record) => record[0]!.startsWith('7.'))!;
      expect(dropped[2]).toBe('');
      expect(dropped[10]).toMatch(/^Priorité donnée/);
      expect(dropped[13]).toBe('Non');
    },
  );

  it('has the six sheets, a frozen filtered header and print setup', async () => {
    const book = await readBack(await renderWorkbook(model()));
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
      'Pilotage',
      'Thèmes',
      'Plan d’action',
      'Commentaires',
      'Parties prenantes',
      'Sections',
      'À propos',
    ]);
    const sheet = book.getWorksheet('Pilotage')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    // Thirteen columns fitted to one A4 width would print below 8 pt: full size, first columns repeated.
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: false });
    expect(sheet.pageSetup.printTitlesColumn).toMatch(/^A:[A-C]$/);
    expect(sheet.headerFooter.oddFooter).toContain('Page &P / &N');
    const xml = await unzipped(await renderWorkbook(model()), 'xl/workbook.xml');
    expect(xml).toContain('_xlnm.Print_Titles');
    const about = book.getWorksheet('À propos')!;
    expect(about.getCell('B1').value).toBe(ORGANISATION);
    expect(about.getCell('B3').value).toBe(INFO.versionLabel);
    expect(about.getCell('B5').value).toBe('12/03/2027');
    const actions = book.getWorksheet('Plan d’action')!;
    expect(actions.getCell('C2').value).toBe(1234.5);
  });

  const PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    '=1+1',
    '+1+1',
    '-2',
    '-2+3',
    '@SUM(A1)',
    '\t=1+1',
    '\r=1+1',
    '＝1+1',
    '＋1+1',
    '－2',
    '＠SUM(A1)',
    "=cmd|' /C calc'!A0",
    '=IMPORTXML("http://x","//a")',
    '=WEBSERVICE("http://x")',
    '@',
    '+',
    '-',
    '=',
    '--1',
    '=A1',
    '=1+1\nsuite',
    'texte\r\nWindows',
    'littéral _x000D_ tapé',
    'DDE =1+1 au milieu',
  ];

  it(
    'stores formula-looking texts as text, read back identical by exceljs and LibreOffice',
    { timeout: 180_000 },
    async () => {
      const cycle = exportCycle();
      const fields = ['label', 'baseline', 'target1y', 'target3y', 'sources'] as const;
      PAYLOADS.forEach((payload, index) => {
        const row = cycle.rows[index]!;
        for (const field of fields) row[field] = payload;
      });
      cycle.actions[0]!.title = '=1+1';
      cycle.stakeholders[0]!.name = '@SUM(A1)';
      const exported = model(cycle);
      const workbook = await renderWorkbook(exported);

      const sheets = await unzipped(workbook, 'xl/worksheets/*.xml');
      expect(sheets).toContain('<sheetData>');
      expect(sheets).not.toMatch(/<f[\s>/]/);

      const book = await readBack(workbook);
      const sheet = book.getWorksheet('Pilotage')!;
      const lineOf = (rowId: string) =>
        exported.steeringRows.findIndex((l) => l.rowId === rowId) + 2;
      PAYLOADS.forEach((payload, index) => {
        const row = sheet.getRow(lineOf(cycle.rows[index]!.id));
        for (const column of [3, 4, 5, 6, 12]) {
          expect(row.getCell(column).value, `${JSON.stringify(payload)} col ${column}`).toBe(
            payload,
          );
        }
        if (/^[=+\-@\t\r＝＋－＠]/.test(payload)) expect(row.getCell(3).numFmt).toBe('@');
      });
      expect(book.getWorksheet('Plan d’action')!.getCell('A2').value).toBe('=1+1');

      const [, ...records] = await libreOfficeCsv(workbook);
      PAYLOADS.forEach((payload, index) => {
        const record = records[lineOf(cycle.rows[index]!.id) - 2]!;
        // LibreOffice keeps a line break inside a cell as LF only (a lone CR stays as typed).
        const expected = payload.replace(/\r\n/g, '\n');
        expect(
          [record[2], record[3], record[4], record[5], record[11]],
          JSON.stringify(payload),
        ).toEqual([expected, expected, expected, expected, expected]);
      });
    },
  );
});

// --- PDF -----------------------------------------------------------------------------------

describe('PDF dossier and synthesis', () => {
  it(
    'holds every theme and row, embeds its fonts and numbers its pages',
    { timeout: 120_000 },
    async () => {
      const cycle = exportCycle();
      const exported = model(cycle, { [cycle.rows[0]!.id]: 2 });
      const pdf = await renderDossier(exported, { includeComments: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(pdf, 'dossier');
      const flat = squeeze(text);
      for (const theme of cycle.themes) expect(flat).toContain(squeeze(theme.title));
      for (const row of cycle.rows) expect(flat, row.label).toContain(squeeze(row.label));
      for (const expected of [
        'Sommaire',
        'Tableau de pilotage',
        'Plan d’action',
        'Cartographie des parties prenantes',
        'Annexe : commentaires',
        'Notre méthode',
        '1 234,50 €',
        'Œuvres',
        'œuvré',
        'Thème non retenu',
        INFO.versionLabel,
      ]) {
        expect(flat).toContain(squeeze(expected));
      }
      const { stdout: info } = await run('pdfinfo', [path.join(dir, 'dossier.pdf')]);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(text).toContain(`Page 2 / ${pages}`);
      expect(text).toContain(`Page ${pages} / ${pages}`);
      const { stdout: fonts } = await run('pdffonts', [path.join(dir, 'dossier.pdf')]);
      const fontLines = fonts.trim().split('\n').slice(2);
      expect(fontLines.length).toBeGreaterThan(0);
      for (const line of fontLines) {
        expect(line).toMatch(/DejaVuSans/);
        expect(line.split(/\s+/).at(-5)).toBe('yes'); // emb
      }
      // Pictures for a person to look at: the cover and the first grid page.
      const file = path.join(dir, 'dossier.pdf');
      await run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        file,
        path.join(ARTIFACTS, 'export-dossier-cover'),
      ]);
      const gridPage = String(/Tableau de pilotage\s+(\d+)/.exec(text)![1]);
      await run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        gridPage,
        '-l',
        gridPage,
        '-singlefile',
        file,
        path.join(ARTIFACTS, 'export-dossier-grid'),
      ]);
    },
  );

  it('keeps a row taller than a page instead of dropping it', async () => {
    const cycle = exportCycle();
    const long = Array.from({ length: 120 }, (_, i) => `Constat détaillé numéro ${i + 1}.`).join(
      '\n',
    );
    cycle.rows[0]!.baseline = long;
    const text = squeeze(await pdfText(await renderDossier(model(cycle)), 'tall'));
    expect(text).toContain(squeeze('Constat détaillé numéro 1.'));
    expect(text).toContain(squeeze('Constat détaillé numéro 120.'));
  });

  it('writes a synthesis with every theme, the reason of a dropped one and the good practices', async () => {
    const cycle = exportCycle();
    const pdf = await renderSynthesis(model(cycle));
    const text = squeeze(await pdfText(pdf, 'synthesis'));
    for (const theme of cycle.themes)
      expect(text).toContain(squeeze(`${theme.number}. ${theme.title}`));
    expect(text).toContain(squeeze(cycle.themes[6]!.notRetainedReason));
    expect(text).toContain(squeeze('Vote électronique testé en 2025.'));
    expect(text).toContain(squeeze('Former les nouveaux élus dès leur arrivée.'));
    expect(text).toContain(squeeze('Une année consacrée à la vie démocratique'));
    await writeFile(path.join(dir, 'synthesis.pdf'), pdf);
    await run('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      path.join(dir, 'synthesis.pdf'),
      path.join(ARTIFACTS, 'export-synthesis'),
    ]);
  });
});

// --- Worker --------------------------------------------------------------------------------

describe('export worker', () => {
  it('renders a workbook off the main thread', async () => {
    const workbook = await runExport('xlsx', model());
    const book = await readBack(workbook);
    expect(book.worksheets[0]!.name).toBe('Pilotage');
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('Thème');
    const pdf = await runExport('pdf', model(), { includeComments: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('fails only the job that throws', async () => {
    const broken = { ...model(), steeringRows: null } as unknown as ExportModel;
    const results = await Promise.allSettled([
      runExport('xlsx', broken),
      runExport('synthesis', model()),
    ]);
    expect(results[0]!.status).toBe('rejected');
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(
      /^Le rendu de l’export a échoué/,
    );
    expect(results[1]!.status).toBe('fulfilled');
  });

  it('survives a crashing renderer: that job fails, queued jobs run on a new one', async () => {
    const runner = createExportRunner({
      workerUrl: new URL('./fixtures/crashing-export-worker.ts', import.meta.url),
    });
    const stub = (organisation: string) => ({ ...model(), organisation });
    try {
      const [first, crash, after] = await Promise.allSettled([
        runner.run('xlsx', stub('A')),
        runner.run('pdf', stub('CRASH')),
        runner.run('synthesis', stub('B')),
      ]);
      expect(first.status).toBe('fulfilled');
      expect(crash.status).toBe('rejected');
      expect((crash as PromiseRejectedResult).reason.message).toMatch(
        /rendu de l’export a échoué.*arrêté/,
      );
      expect(after.status).toBe('fulfilled');
      const [kindA, processA] = (first as PromiseFulfilledResult<Buffer>).value
        .toString()
        .split(':');
      const [kindB, processB] = (after as PromiseFulfilledResult<Buffer>).value
        .toString()
        .split(':');
      expect([kindA, kindB]).toEqual(['xlsx', 'synthesis']);
      expect(processB).not.toBe(processA);
    } finally {
      await runner.close();
    }
  });

  it('abandons a job over time and refuses jobs once closed', async () => {
    const runner = createExportRunner({
      workerUrl: new URL('./fixtures/crashing-export-worker.ts', import.meta.url),
      // Long enough for a fresh worker to start on a loaded machine; the HANG job never answers.
      jobTimeoutMs: 5_000,
    });
    const stub = (organisation: string) => ({ ...model(), organisation });
    await expect(runner.run('xlsx', stub('HANG'))).rejects.toThrow(/délai/);
    await expect(runner.run('xlsx', stub('A'))).resolves.toBeInstanceOf(Buffer);
    const pending = Promise.allSettled([
      runner.run('xlsx', stub('HANG')),
      runner.run('xlsx', stub('A')),
    ]);
    await runner.close();
    const [running, queued] = await pending;
    expect(running).toMatchObject({ status: 'rejected' });
    expect(queued).toMatchObject({ status: 'rejected' });
    expect((running as PromiseRejectedResult).reason.message).toMatch(/arrêté/);
    expect((queued as PromiseRejectedResult).reason.message).toMatch(/arrêté/);
    await expect(runner.run('xlsx', stub('A'))).rejects.toThrow(/arrêté/);
  });
});
