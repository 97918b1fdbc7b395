/**
 * Issue 19: the exports as LibreOffice shows and prints them. The workbook is converted to PDF by
 * LibreOffice and its words' positions (pdftotext -bbox) are compared: no word drawn over another,
 * every row's text present. Page images go to e2e/artifacts to be looked at.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExportModel, type CycleModel, type ExportModel } from '@pilotis/shared';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';
import { createExportRunner } from '../src/features/exports/export-runner.ts';

/** This suite's renderer (the app has its own, app.exportRunner). */
const renderer = createExportRunner();
const runExport: typeof renderer.run = (...args) => renderer.run(...args);
import { exportCycle } from './fixtures/export-cycle.ts';
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
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-office-'));
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await renderer.close();
  await rm(dir, { recursive: true, force: true });
});

/** Convert with LibreOffice (private profile, so no clash with another soffice) and return the path. */
async function libreOfficeConvert(
  workDir: string,
  name: string,
  data: Buffer,
  target: string,
): Promise<string> {
  const file = path.join(workDir, name);
  await writeFile(file, data);
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(workDir, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      target,
      '--outdir',
      workDir,
      file,
    ],
    { timeout: 180_000 },
  );
  const extension = target.split(':')[0]!;
  return path.join(workDir, name.replace(/\.[^.]+$/, `.${extension}`));
}

/** One sheet (1-based) of a workbook as LibreOffice reads it, through a UTF-8 CSV conversion. */
async function sheetCsv(workbook: Buffer, sheet: number): Promise<string[][]> {
  const name = `sheet-${sheet}.xlsx`;
  const csv = await libreOfficeConvert(
    dir,
    name,
    workbook,
    `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,${sheet}`,
  );
  // With a sheet number LibreOffice names the file after the sheet too: "sheet-2-Thèmes.csv".
  const base = path.basename(csv, '.csv');
  const file = (await readdir(dir)).find((f) => f.startsWith(base) && f.endsWith('.csv'))!;
  return parseCsv(await readFile(path.join(dir, file), 'utf8'));
}

/** Page images of a PDF under e2e/artifacts (first pages only), to be looked at. */
async function pageImages(pdf: string, prefix: string, pages = 3): Promise<string[]> {
  await run('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    String(pages),
    pdf,
    path.join(ARTIFACTS, prefix),
  ]);
  return (await readdir(ARTIFACTS)).filter((file) => file.startsWith(prefix));
}

interface Word {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** The words of a PDF with their boxes, as pdftotext -bbox gives them. */
async function words(pdf: string): Promise<Word[]> {
  const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const result: Word[] = [];
  stdout.split('<page ').forEach((chunk, index) => {
    if (index === 0) return;
    const pattern =
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
    for (const match of chunk.matchAll(pattern)) {
      result.push({
        page: index,
        xMin: Number(match[1]),
        yMin: Number(match[2]),
        xMax: Number(match[3]),
        yMax: Number(match[4]),
        text: match[5]!,
      });
    }
  });
  return result;
}

/**
 * One text drawn over another: the boxes share more than a point across and more than 40 % of the
 * smaller height (the boxes of two successive lines of one cell touch by their ascent/descent).
 */
function overlaps(a: Word, b: Word): boolean {
  const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  const height = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
  return x > 1 && y > 0.4 * height;
}

const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
const tokens = (text: string) => text.split(/[\s\u00a0\u202f]+/).filter(Boolean);

/** The fixture with cells of several lines and long wrapped paragraphs. */
function multiLineCycle(): CycleModel {
  const cycle = exportCycle();
  const long =
    'Les administrateurs présentent chaque trimestre un point d’étape ; les adhérents votent en AG. ' +
    'Un questionnaire annuel mesure la satisfaction des bénévoles, des salariés et des usagers.';
  cycle.rows.slice(0, 6).forEach((row, index) => {
    row.baseline = `${long}\nLigne ${index + 1} bis : suite du constat.\n\nDernière ligne ${index + 1} !`;
    row.target1y = `Objectif ${index + 1} : ${long}`;
    row.sources = `Source A${index + 1}\nSource B${index + 1}\nSource C${index + 1}\nSource D${index + 1}`;
  });
  return cycle;
}

function model(cycle: CycleModel): ExportModel {
  return buildExportModel(cycle, INFO);
}

describe('Workbook in LibreOffice', () => {
  it(
    'prints every line of multi-line cells without any text over another',
    { timeout: 240_000 },
    async () => {
      const exported = model(multiLineCycle());
      const pdf = await libreOfficeConvert(
        dir,
        'pilotage.xlsx',
        await renderWorkbook(exported),
        'pdf',
      );
      const images = await pageImages(pdf, 'office-xlsx-page');
      expect(images.length).toBeGreaterThan(0);
      const all = await words(pdf);
      expect(all.length).toBeGreaterThan(100);
      const collisions: string[] = [];
      const byPage = new Map<number, Word[]>();
      for (const word of all) byPage.set(word.page, [...(byPage.get(word.page) ?? []), word]);
      for (const [page, list] of byPage) {
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            if (overlaps(list[i]!, list[j]!)) {
              collisions.push(`p${page}: «${list[i]!.text}» / «${list[j]!.text}»`);
            }
          }
        }
      }
      expect(collisions.slice(0, 10)).toEqual([]);
      // Words come line by line across the cells of a printed row, so each cell's words are looked
      // up one by one, and the last line of every tall cell as adjacent words of one printed line.
      const present = new Set(all.map((word) => decode(word.text)));
      for (const line of exported.steeringRows.slice(0, 12)) {
        for (const cell of [line.label, line.baseline, line.target1y, line.sources]) {
          for (const token of tokens(cell)) expect(present, token).toContain(token);
        }
      }
      const printedLines = new Map<string, string>();
      for (const word of all) {
        const key = `${word.page}:${Math.round(word.yMin)}`;
        printedLines.set(key, `${printedLines.get(key) ?? ''} ${decode(word.text)}`);
      }
      const printed = [...printedLines.values()].join('\n');
      for (let n = 1; n <= 6; n++) {
        expect(printed).toContain(`Dernière ligne ${n} !`);
        expect(printed).toContain(`Source D${n}`);
      }
    },
  );

  it(
    'has a Thème retenu column in Pilotage and the eight themes with their reasons in Thèmes',
    { timeout: 240_000 },
    async () => {
      const cycle = exportCycle();
      const workbook = await renderWorkbook(model(cycle));
      const [header, ...records] = await sheetCsv(workbook, 1);
      const retained = header!.indexOf('Thème retenu');
      expect(retained).toBeGreaterThan(2);
      expect(header![2]).toBe('Questions ou indicateurs');
      expect(records.filter((record) => /^Thème non retenu/.test(record[2] ?? ''))).toEqual([]);
      const seven = records.filter((record) => record[0]!.startsWith('7.'));
      expect(seven.length).toBeGreaterThan(0);
      expect(new Set(seven.map((record) => record[retained]))).toEqual(new Set(['Non']));
      expect(
        new Set(records.filter((r) => r[0]!.startsWith('1.')).map((r) => r[retained])),
      ).toEqual(new Set(['Oui']));

      const [themesHeader, ...themes] = await sheetCsv(workbook, 2);
      expect(themesHeader).toEqual([
        'N°',
        'Thème',
        'Retenu',
        'Priorité',
        'Raison si non retenu',
        'Bonnes pratiques actuelles',
        'Axes de progrès',
        'Référents',
      ]);
      expect(themes.map((record) => record[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      themes.forEach((record, index) => {
        const theme = [...cycle.themes].sort((a, b) => a.number - b.number)[index]!;
        expect(record[1]).toBe(theme.title);
        expect(record[2]).toBe(theme.retained ? 'Oui' : 'Non');
        expect(record[4]).toBe(theme.retained ? '' : theme.notRetainedReason);
        if (!theme.retained) expect(record[4]).not.toBe('');
      });
      expect(themes[0]![3]).toBe('1');
      expect(themes[0]![5]).toBe(cycle.themes[0]!.goodPractices);
    },
  );
});

describe('French typography of typed text in the PDFs', () => {
  it(
    'puts a no-break space before every question mark typed after a plain space',
    { timeout: 240_000 },
    async () => {
      const cycle = exportCycle();
      const typed = [
        'Les comptes sont-ils lisibles ?',
        'Qui décide ? Le CA ; ou l’AG !',
        'Un budget de 1 500 € : est-ce assez ?',
      ];
      typed.forEach((label, index) => (cycle.rows[index]!.label = label));
      cycle.sections[0]!.paragraphs = ['Pourquoi « lisible » ? Parce que 80 % le demandent.'];
      const exported = model(cycle);
      for (const kind of ['pdf', 'synthesis'] as const) {
        const file = path.join(dir, `typo-${kind}.pdf`);
        await writeFile(file, await runExport(kind, exported));
        // pdftotext turns every Unicode space into a plain one (poppler's text output folds them);
        // pdftohtml -xml, the same poppler text engine, keeps the characters as drawn.
        const { stdout: xml } = await run('pdftohtml', ['-xml', '-stdout', '-i', '-q', file], {
          maxBuffer: 64 * 1024 * 1024,
        });
        const text = decode(xml.replace(/<[^>]+>/g, ''));
        if (kind === 'pdf') {
          const questions = text.match(/.?\?/g) ?? [];
          expect(questions.length).toBeGreaterThanOrEqual(typed.length);
          for (const label of typed) {
            const words = label.split(' ');
            expect(text).toContain(
              words
                .slice(-2)
                .join(' ')
                .replace(/ ([?!;])$/, '\u202f$1'),
            );
          }
          // No question mark anywhere after a plain space or at the start of a line.
          expect(text.match(/.{0,30}[ \n]\?.{0,10}/g)).toBeNull();
          expect(text).toMatch(/1\u202f500\u00a0€/);
        }
        const { stdout: info } = await run('pdfinfo', [file]);
        expect(info).toMatch(/^Title:\s+Guide des bonnes pratiques/m);
        const raw = (await readFile(file)).toString('latin1');
        expect(raw).toMatch(/\/Lang \(fr-FR\)/);
        await pageImages(file, `office-typo-${kind}-page`, 2);
      }
      // What is stored is unchanged.
      expect(cycle.rows[0]!.label).toBe(typed[0]);
    },
  );
});

describe('DOCX dossier', () => {
  it(
    'opens in LibreOffice with every row label and every section title',
    { timeout: 240_000 },
    async () => {
      const exported = model(exportCycle());
      const docx = await runExport('docx', exported);
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      const pdf = await libreOfficeConvert(dir, 'dossier.docx', docx, 'pdf');
      await pageImages(pdf, 'office-docx-page', 4);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      // Table cells wrap anywhere and poppler folds no-break spaces: compare without spaces.
      const flat = stdout.replace(/[\s\u00a0\u202f-]+/g, '');
      const squeeze = (text: string) => text.replace(/[\s\u00a0\u202f-]+/g, '');
      const labels = exported.steeringRows.filter((l) => l.kind === 'row').map((l) => l.label);
      expect(labels.length).toBeGreaterThan(10);
      for (const label of labels) expect(flat).toContain(squeeze(label));
      expect(exported.sections.length).toBeGreaterThan(0);
      for (const section of exported.sections) {
        expect(flat).toContain(squeeze(section.heading ?? section.title));
      }
      for (const action of exported.actions) expect(flat).toContain(squeeze(action.title));
      const { stdout: xml } = await run(
        'unzip',
        ['-p', path.join(dir, 'dossier.docx'), 'word/document.xml'],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      expect(xml).toContain('<w:tblHeader/>');
    },
  );
});

describe('DOCX synthesis', () => {
  it(
    'opens in LibreOffice with the eight themes, the reasons of the themes left aside and the objectives',
    { timeout: 240_000 },
    async () => {
      const exported = model(exportCycle());
      const synthesis = exported.synthesis!;
      expect(synthesis.themes).toHaveLength(8);
      const docx = await runExport('synthesis-docx', exported);
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      const pdf = await libreOfficeConvert(dir, 'synthese.docx', docx, 'pdf');
      await pageImages(pdf, 'office-synthesis-docx-page', 2);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const squeeze = (text: string) => text.replace(/[\s\u00a0\u202f-]+/g, '');
      const flat = squeeze(stdout);
      expect(flat).toContain(squeeze(`Synthèse — ${exported.organisation}`));
      for (const theme of synthesis.themes) {
        expect(flat).toContain(squeeze(`${theme.number}. ${theme.title}`));
        if (!theme.retained) expect(flat).toContain(squeeze(theme.notRetainedReason));
        for (const row of theme.rows) expect(flat).toContain(squeeze(row.label));
      }
      expect(synthesis.themes.some((theme) => !theme.retained)).toBe(true);
      expect(synthesis.themes.some((theme) => theme.rows.length > 0)).toBe(true);
      // No comment (working notes) in the public synthesis.
      for (const comment of exported.comments) expect(flat).not.toContain(squeeze(comment.text));
    },
  );
});
