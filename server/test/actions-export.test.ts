/**
 * The action plan in the exports (issue 14): the workbook's Plan d'action sheet read back by
 * LibreOffice has numeric amounts and real dates whose column sum equals the app's total, linked
 * rows as "1.3 n°2"; the PDF dossier carries the plan by theme and its calendar.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  buildExportModel,
  createAction,
  cycleFromTemplate,
  deleteRow,
  linkRow,
  planTotals,
  readCycle,
  rowReferences,
  setActionAmount,
  setActionDate,
  setActionOwner,
  setActionStatus,
  writeCycle,
} from '@pilotis/shared';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';
import { renderDossier } from '../src/features/exports/pdf.ts';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-actions-export-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A cycle with twelve actions: amounts with cents, thousands, none; dates; a deleted linked row. */
function planCycle() {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative « Été »', year: 2026 }));
  const model = readCycle(doc);
  const references = rowReferences(model);
  const amounts = [
    '1 234,50',
    '12 500 €',
    '0,10',
    '0,20',
    '',
    '999,99',
    '38,5',
    '7 000',
    '',
    '3',
    '45,45',
    '100',
  ];
  amounts.forEach((amount, index) => {
    const row = model.rows[(index * 5 + 2) % model.rows.length]!;
    const id = createAction(doc, { title: `Action n°${index + 1} — l’équipe ✅` });
    linkRow(doc, id, row.id, `${references.get(row.id)} — ${row.label}`);
    setActionAmount(doc, id, 'budget', amount);
    setActionAmount(doc, id, 'budgetSpent', index % 2 ? '10,05' : '');
    setActionOwner(doc, id, { id: null, name: 'Zoé Lefèvre' });
    setActionDate(doc, id, 'startDate', `0${(index % 9) + 1}/0${(index % 6) + 1}/2027`);
    setActionDate(doc, id, 'dueDate', `28/${String((index % 6) + 4).padStart(2, '0')}/2027`);
    if (index === 2) setActionStatus(doc, id, 'done');
  });
  const first = readCycle(doc).actions[0]!;
  for (const row of model.rows.slice(0, 2)) {
    linkRow(doc, first.id, row.id, `${references.get(row.id)} — ${row.label}`);
  }
  deleteRow(doc, model.rows[0]!.id);
  return readCycle(doc);
}

interface FodsCell {
  type: string;
  value: string;
  text: string;
}

/** The rows of one sheet of a flat ODS as LibreOffice wrote it: each cell's type, raw value and text. */
function fodsSheet(xml: string, name: string): FodsCell[][] {
  const start = xml.indexOf(`<table:table table:name="${name}"`);
  expect(start, `sheet ${name}`).toBeGreaterThan(-1);
  const table = xml.slice(start, xml.indexOf('</table:table>', start));
  const rows: FodsCell[][] = [];
  for (const rowMatch of table.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)) {
    const cells: FodsCell[] = [];
    for (const cell of rowMatch[1]!.matchAll(
      /<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g,
    )) {
      const attributes = cell[1]!;
      const repeat = Number(/table:number-columns-repeated="(\d+)"/.exec(attributes)?.[1] ?? 1);
      const type = /office:value-type="([^"]+)"/.exec(attributes)?.[1] ?? '';
      const value = /office:(?:date-)?value="([^"]+)"/.exec(attributes)?.[1] ?? '';
      const text = [...(cell[2] ?? '').matchAll(/<text:p[^>]*>([\s\S]*?)<\/text:p>/g)]
        .map((p) =>
          p[1]!
            .replace(/<text:s[^>]*\/>/g, ' ')
            .replace(/<text:line-break\/>/g, '\n')
            .replace(/<[^>]+>/g, '')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&amp;/g, '&'),
        )
        .join('\n');
      for (let i = 0; i < Math.min(repeat, 20); i++) cells.push({ type, value, text });
    }
    rows.push(cells);
  }
  return rows;
}

describe('the action plan in the exports', () => {
  it(
    'the workbook read back by LibreOffice has numeric amounts, real dates and the app’s total',
    { timeout: 180_000 },
    async () => {
      const cycle = planCycle();
      const model = buildExportModel(cycle, {
        versionLabel: null,
        exportedAt: new Date('2027-03-12T09:00:00Z'),
        exportedBy: null,
      });
      const file = path.join(dir, 'plan.xlsx');
      await writeFile(file, await renderWorkbook(model));
      await run(
        'soffice',
        [
          `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
          '--headless',
          '--convert-to',
          'fods',
          '--outdir',
          dir,
          file,
        ],
        { timeout: 170_000 },
      );
      const rows = fodsSheet(await readFile(path.join(dir, 'plan.fods'), 'utf8'), 'Plan d’action');
      expect(rows[0]!.slice(0, 6).map((c) => c.text)).toEqual([
        'Action',
        'Pilote',
        'Budget prévu (€)',
        'Budget engagé (€)',
        'Début',
        'Échéance',
      ]);
      const lines = rows.slice(1).filter((row) => row[0]?.text);
      expect(lines).toHaveLength(12);
      const planned = lines.map((row) => row[2]!).filter((cell) => cell.text !== '');
      const spent = lines.map((row) => row[3]!).filter((cell) => cell.text !== '');
      for (const cell of [...planned, ...spent]) {
        // A number to LibreOffice: 'currency' (a float with the euro format) or 'float'.
        expect(['currency', 'float']).toContain(cell.type);
        expect(Number.isFinite(Number(cell.value))).toBe(true);
        expect(cell.text).toMatch(/€$/);
      }
      for (const row of lines) {
        expect(row[4]!.type).toBe('date');
        expect(row[5]!.type).toBe('date');
        expect(row[4]!.text).toMatch(/^\d{2}\/\d{2}\/2027$/);
      }
      const first = lines.find((row) => row[0]!.text.startsWith('Action n°1 '))!;
      expect(first[4]!.value).toBe('2027-01-01');
      expect(first[5]!.value).toBe('2027-04-28');
      expect(first[4]!.text).toBe('01/01/2027');
      const totals = planTotals(cycle);
      const sumCents = (cells: FodsCell[]) =>
        cells.reduce((total, cell) => total + Math.round(Number(cell.value) * 100), 0);
      expect(sumCents(planned)).toBe(Math.round(totals.overall.planned * 100));
      expect(sumCents(spent)).toBe(Math.round(totals.overall.spent * 100));
      expect(totals.overall.planned).toBe(21921.74);
      // Linked rows as "1.3 n°2"; the deleted one says so.
      const refs = first[8]!.text;
      expect(refs).toMatch(/^\d\.\d n°\d+, ligne supprimée \(1\.1 n°1 — .+\), 1\.1 n°1$/);
      expect(lines.find((row) => row[0]!.text.startsWith('Action n°2 '))![8]!.text).toMatch(
        /^\d\.\d n°\d+$/,
      );
    },
  );

  it(
    'the PDF dossier has the plan by theme with its totals and the calendar',
    { timeout: 120_000 },
    async () => {
      const cycle = planCycle();
      const model = buildExportModel(cycle, {
        versionLabel: null,
        exportedAt: new Date('2027-05-12T09:00:00Z'),
        exportedBy: null,
      });
      const file = path.join(dir, 'dossier.pdf');
      await writeFile(file, await renderDossier(model));
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const flat = stdout.replace(/[\s-]+/g, '');
      for (const expected of [
        'Plan d’action',
        'Total général',
        'Total du thème',
        'Calendrier du plan d’action',
        'T2 2027',
        'EN RETARD',
        '21 921,74 €',
        'Action n°12 — l’équipe',
      ]) {
        expect(flat, expected).toContain(expected.replace(/[\s-]+/g, ''));
      }
    },
  );
});
