/**
 * Year after year in the exports (issue 15): the PDF dossier carries the dashboard (the very
 * figures of the Tableau de bord view, per theme and in total) and the one-year review; the
 * workbook has a *Revue à un an* sheet. Page images are written for a look (PILOTIS_ARTIFACTS).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildExportModel,
  createAction,
  cycleFromPrevious,
  cycleFromTemplate,
  dashboardFigures,
  oneYearReviewComment,
  readCycle,
  setActionStatus,
  setOneYearReview,
  writeCycle,
} from '@pilotis/shared';
import { renderDossier } from '../src/features/exports/pdf.ts';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-year-exports-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function carriedCycle() {
  const last = cycleFromTemplate({ organisationName: 'Asso d’Été', year: 2026 });
  last.rows.slice(0, 4).forEach((row, index) => (row.target1y = `Atteindre ${40 + index} % ; ’26`));
  const doc = new Y.Doc();
  writeCycle(
    doc,
    cycleFromPrevious(
      { schemaVersion: 4, ...last },
      { organisationName: 'Asso d’Été', year: 2027 },
    ),
  );
  const rows = readCycle(doc).rows;
  setOneYearReview(doc, rows[0]!.id, 'yes');
  setOneYearReview(doc, rows[1]!.id, 'partly');
  oneYearReviewComment(doc, rows[1]!.id).insert(0, 'À moitié, faute de budget 🙂');
  const done = createAction(doc, { title: 'Former le bureau', rowIds: [rows[0]!.id] });
  setActionStatus(doc, done, 'done');
  createAction(doc, { title: 'Enquête usagers', rowIds: [rows[2]!.id] });
  return readCycle(doc);
}

const INFO = { versionLabel: null, exportedAt: new Date('2027-03-12T09:00:00Z'), exportedBy: null };

describe('year after year in the exports', () => {
  it(
    'the dossier has the dashboard’s figures and the one-year review',
    { timeout: 60_000 },
    async () => {
      const cycle = carriedCycle();
      const model = buildExportModel(cycle, INFO);
      const figures = dashboardFigures(cycle, '2027-03-12');
      expect(model.dashboard).toEqual(figures);
      const file = path.join(dir, 'dossier.pdf');
      await writeFile(file, await renderDossier(model));
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      const text = stdout.replace(/[\u00a0\u202f]/g, ' ');
      expect(text).toContain('Tableau de bord 2027');
      const total = text.split('\n').find((line) => /^\s*Total\s+\d+\s*\/\s*8\s/.test(line))!;
      expect(total).toBeDefined();
      const { overall } = figures;
      expect(total).toMatch(new RegExp(`\\b${overall.rows}\\b`));
      expect(total).toMatch(new RegExp(`\\s${overall.actionsDone}\\s*/\\s*${overall.actions}\\s`));
      expect(total).toContain(`${overall.reviews!.yes} oui`);
      const reviewed = cycle.rows.filter((row) => row.previous?.target1y.trim()).length;
      expect(overall.reviews).toEqual({ yes: 1, partly: 1, no: 0, pending: reviewed - 2 });
      expect(text).toContain('Revue à un an : objectifs 2026 atteints ?');
      expect(text).toContain('Partiellement');
      expect(text.replace(/\s+/g, ' ')).toContain('À moitié, faute de budget');
      expect((text.match(/À revoir/g) ?? []).length).toBe(reviewed - 2);
      const artifacts = process.env.PILOTIS_ARTIFACTS;
      if (artifacts) {
        const { stdout: info } = await run('pdfinfo', [file]);
        const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
        await run('pdftoppm', [
          '-png',
          '-r',
          '60',
          '-f',
          String(pages - 3),
          file,
          path.join(artifacts, 'dossier-2027'),
        ]);
      }
    },
  );

  it('the workbook has a Revue à un an sheet, one line per reviewed objective', async () => {
    const cycle = carriedCycle();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderWorkbook(buildExportModel(cycle, INFO))) as never);
    const sheet = book.getWorksheet('Revue à un an')!;
    expect(sheet).toBeDefined();
    const lines = sheet
      .getSheetValues()
      .slice(2)
      .map((row) => (row as unknown[]).slice(1, 6));
    const reviewed = cycle.rows.filter((row) => row.previous?.target1y.trim());
    expect(lines).toHaveLength(reviewed.length);
    expect(lines.find((line) => line[3] === 'Partiellement')).toEqual([
      expect.stringMatching(/^\d\.\d n°\d$/),
      cycle.rows[1]!.label,
      'Atteindre 41 % ; ’26',
      'Partiellement',
      'À moitié, faute de budget 🙂',
    ]);
    expect(lines.map((line) => line[3]).sort()).toEqual(
      ['Oui', 'Partiellement', ...reviewed.slice(2).map(() => 'À revoir')].sort(),
    );
    // A first-year cycle has no review sheet.
    const first = new ExcelJS.Workbook();
    const template = new Y.Doc();
    writeCycle(template, cycleFromTemplate({ organisationName: 'Asso', year: 2026 }));
    await first.xlsx.load(
      (await renderWorkbook(buildExportModel(readCycle(template), INFO))) as never,
    );
    expect(first.getWorksheet('Revue à un an')).toBeUndefined();
  });
});
