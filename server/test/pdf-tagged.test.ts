/**
 * Issue 19: the dossier, the synthesis and the "ce qui a changé" PDF are tagged PDFs with a real
 * structure tree, read back with poppler (`pdfinfo -struct-text`): headings as H1–H3, the steering
 * grid as tables whose header rows are TH cells, each row's label in a paragraph of its cell, lists
 * as L/LI, the page footers and the table headers repeated on later pages left out as artifacts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExportModel, compareCycles, SEED_COLUMNS, type RichDoc } from '@pilotis/shared';
import { createExportRunner } from '../src/features/exports/export-runner.ts';
import { renderChangesPdf } from '../src/features/versions/changes-export.ts';
import { exportCycle } from './fixtures/export-cycle.ts';

const run = promisify(execFile);
const renderer = createExportRunner();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-tagged-'));
});
afterAll(async () => {
  await renderer.close();
  await rm(dir, { recursive: true, force: true });
});

/** One element of the structure tree as `pdfinfo -struct-text` prints it. */
interface StructNode {
  type: string;
  attributes: string[];
  /** The text of its own marked content, line by line. */
  lines: string[];
  children: StructNode[];
}

function parseStructText(output: string): StructNode {
  const root: StructNode = { type: 'root', attributes: [], lines: [], children: [] };
  const stack: { indent: number; node: StructNode }[] = [{ indent: -1, node: root }];
  for (const raw of output.split('\n')) {
    if (raw.trim() === '') continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    while (stack.length > 1 && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)!.node;
    if (line.startsWith('"')) {
      parent.lines.push(line.slice(1, -1));
    } else if (line.startsWith('/')) {
      parent.attributes.push(line);
    } else {
      const node: StructNode = {
        type: line.split(/[\s:]/)[0]!,
        attributes: [],
        lines: [],
        children: [],
      };
      parent.children.push(node);
      stack.push({ indent, node });
    }
  }
  return root;
}

const all = (node: StructNode): StructNode[] => [node, ...node.children.flatMap(all)];
const textOf = (node: StructNode): string => [...node.lines, ...node.children.map(textOf)].join('');
/** Text compared without spaces: lines wrap anywhere, and French typography adds no-break spaces. */
const squeeze = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, '');
const ofType = (root: StructNode, type: string) => all(root).filter((node) => node.type === type);

async function readBack(kind: 'pdf' | 'synthesis' | 'changes', data: Buffer) {
  const file = path.join(dir, `${kind}.pdf`);
  await writeFile(file, data);
  const { stdout: info } = await run('pdfinfo', [file]);
  const { stdout: tree } = await run('pdfinfo', ['-struct-text', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return { info, root: parseStructText(tree), text };
}

const INFO = {
  versionLabel: 'Version présentée au CA du 12/03/2027',
  exportedAt: new Date('2027-03-12T09:00:00Z'),
  exportedBy: 'Zoé Lefèvre',
};

const t = (text: string) => ({ type: 'text', text });
const para = (text: string) => ({ type: 'paragraph', content: [t(text)] });
/** A section written in the editor: a heading, a paragraph with a link, a list. */
const METHOD_BODY = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [t('Pilotage du binôme')] },
    {
      type: 'paragraph',
      content: [
        t('Le groupe s’est réuni cinq fois, '),
        {
          ...t('voir le site'),
          marks: [{ type: 'link', attrs: { href: 'https://www.ess-france.org/' } }],
        },
        t('.'),
      ],
    },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [para('Salariés consultés')] },
        { type: 'listItem', content: [para('Bénévoles associés')] },
      ],
    },
  ],
} as unknown as RichDoc;

describe('tagged PDFs', () => {
  it(
    'the dossier has headings, tables with header cells, paragraphs and lists',
    { timeout: 120_000 },
    async () => {
      const model = buildExportModel(exportCycle(), INFO);
      model.sections[0]!.body = METHOD_BODY;
      const { info, root, text } = await readBack('pdf', await renderer.run('pdf', model));

      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(root.children.map((node) => node.type)).toEqual(['Document']);

      const h1 = ofType(root, 'H1').map(textOf);
      expect(h1).toEqual(
        expect.arrayContaining([
          'Sommaire',
          'Les thèmes de l’année',
          'Tableau de pilotage',
          'Textes du guide',
          'Plan d’action',
        ]),
      );
      const h2 = ofType(root, 'H2').map(textOf);
      expect(h2).toEqual(expect.arrayContaining(['Notre méthode']));
      expect(ofType(root, 'H3').map(textOf)).toContain('Pilotage du binôme');
      // Themes with good practices are titled in the overview's details.
      for (const theme of model.themes.filter((theme) => theme.goodPractices.trim())) {
        expect(ofType(root, 'H3').map((node) => squeeze(textOf(node)))).toContain(
          squeeze(`${theme.number}. ${theme.title}`),
        );
      }

      // The steering grid: one table per theme, its column titles as TH heading their columns,
      // once each (the copies repeated on later pages are artifacts).
      const columns = SEED_COLUMNS.slice(1);
      const grids = ofType(root, 'Table').filter((table) => {
        const first = table.children[0]!;
        return first.children.map(textOf).join('|') === columns.join('|');
      });
      const themesInGrid = new Set(model.steeringRows.map((line) => line.themeNumber));
      expect(grids.length).toBe(themesInGrid.size);
      for (const grid of grids) {
        expect(grid.children.every((row) => row.type === 'TR')).toBe(true);
        const header = grid.children[0]!.children;
        expect(header.map((cell) => cell.type)).toEqual(columns.map(() => 'TH'));
        expect(header.every((cell) => cell.attributes.includes('/Scope /Column'))).toBe(true);
      }
      const drawnTitles = text.split('\n').filter((line) => line.includes(columns[0]!)).length;
      expect(drawnTitles).toBeGreaterThanOrEqual(grids.length);

      // Every row's label is a paragraph of a data cell of the grid.
      const labelParagraphs = new Set(
        grids.flatMap((grid) =>
          grid.children
            .flatMap((row) => row.children.filter((cell) => cell.type === 'TD'))
            .flatMap((cell) => cell.children.filter((child) => child.type === 'P'))
            .map((paragraph) => squeeze(textOf(paragraph))),
        ),
      );
      const labels = model.steeringRows.filter((line) => line.kind === 'row');
      expect(labels.length).toBeGreaterThan(10);
      for (const line of labels) expect(labelParagraphs).toContain(squeeze(line.label));

      // A list of the section.
      const items = ofType(root, 'L').flatMap((list) => list.children);
      expect(items.map((item) => item.type)).toContain('LI');
      expect(items.map((item) => squeeze(textOf(item)))).toEqual(
        expect.arrayContaining([squeeze('Salariés consultés'), squeeze('Bénévoles associés')]),
      );
      expect(items.flatMap((item) => item.children.map((child) => child.type))).toContain('LBody');

      // A link is a Link element of its paragraph, holding its text and its annotations.
      const links = ofType(root, 'Link');
      const web = links.find((link) => textOf(link) === 'voir le site');
      expect(web).toBeDefined();
      expect(web!.children.some((child) => child.type === 'Object')).toBe(true);
      expect(ofType(root, 'P').some((paragraph) => paragraph.children.includes(web!))).toBe(true);
      // So is each entry of the contents.
      const entries = ofType(root, 'TOCI').map((entry) => ofType(entry, 'Link').map(textOf));
      expect(entries).toContainEqual(['Tableau de pilotage', expect.stringMatching(/^\d+$/)]);

      // Page furniture is drawn but not read: the footer is in the page text, not in the tree.
      expect(text).toMatch(/Page 2 \/ \d+/);
      expect(textOf(root)).not.toMatch(/Page \d+ \/ \d+/);
    },
  );

  it(
    'the synthesis has the eight themes as H2 and their objectives as tables',
    { timeout: 120_000 },
    async () => {
      const model = buildExportModel(exportCycle(), INFO);
      const { info, root } = await readBack('synthesis', await renderer.run('synthesis', model));

      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(ofType(root, 'H1').map(textOf)).toEqual(['Synthèse du guide des bonnes pratiques']);
      const themes = model.synthesis!.themes;
      expect(themes.length).toBe(8);
      expect(ofType(root, 'H2').map((node) => squeeze(textOf(node)))).toEqual(
        themes.map((theme) => squeeze(`${theme.number}. ${theme.title}`)),
      );
      expect(ofType(root, 'H3').map(textOf)).toContain('Objectifs');

      const tables = ofType(root, 'Table');
      expect(tables.length).toBe(
        themes.filter((theme) => theme.retained && theme.rows.length).length,
      );
      for (const table of tables) {
        const [header, ...rows] = table.children;
        expect(header!.children.map((cell) => cell.type)).toEqual(['TH', 'TH', 'TH', 'TH']);
        expect(header!.children.map(textOf)).toContain('Question ou indicateur');
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((row) => row.children.every((cell) => cell.type === 'TD'))).toBe(true);
      }
      const cells = new Set(
        tables.flatMap((table) => ofType(table, 'TD').map((cell) => squeeze(textOf(cell)))),
      );
      const firstRow = themes.find((theme) => theme.rows.length > 0)!.rows[0]!;
      expect(cells).toContain(squeeze(firstRow.label));
      expect(ofType(root, 'P').length).toBeGreaterThan(8);
    },
  );

  it(
    'the "ce qui a changé" PDF has headings, tables with header cells and lists',
    { timeout: 120_000 },
    async () => {
      const before = exportCycle();
      const after = structuredClone(before);
      // Enough changed cells in the first theme for its table to run over a page.
      for (const row of after.rows.slice(0, 30)) row.target1y = `Objectif revu ${row.target1y}`;
      after.rows[1]!.label = `Modifiée ${after.rows[1]!.label}`;
      after.rows.splice(40, 1);
      after.themes[7]!.retained = !after.themes[7]!.retained;
      after.actions[0]!.status = 'done';
      after.sections[0]!.paragraphs[1] = 'Le thème 7 attendra 2028.';
      const comparison = compareCycles(before, after);
      const fromLabel = 'Version présentée au CA du 12/03/2027';
      const data = await renderChangesPdf({
        comparison,
        before,
        after,
        fromLabel,
        toLabel: 'le cycle en cours',
      });
      const { info, root, text } = await readBack('changes', data);

      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toMatch(new RegExp(`^Title:\\s+Ce qui a changé depuis ${fromLabel}$`, 'm'));
      // PDFKit writes the catalog uncompressed: the language and the title shown in the window bar.
      expect(data.toString('latin1')).toMatch(/\/Lang \(fr-FR\)/);
      expect(data.toString('latin1')).toMatch(/\/DisplayDocTitle true/);
      expect(root.children.map((node) => node.type)).toEqual(['Document']);

      expect(ofType(root, 'H1').map(textOf)).toEqual(['Ce qui a changé']);
      const themes = new Set(Object.values(comparison.rows).map((row) => row.themeId));
      const themeTitles = after.themes
        .filter((theme) => themes.has(theme.id))
        .map((theme) => squeeze(`${theme.number}. ${theme.title}`));
      expect(themeTitles.length).toBeGreaterThan(1);
      expect(ofType(root, 'H2').map((node) => squeeze(textOf(node)))).toEqual([
        'Thèmes',
        ...themeTitles,
        squeeze('Plan d’action'),
        squeeze('Sections rédigées'),
      ]);
      expect(ofType(root, 'H3').map(textOf)).toEqual(['Notre méthode — modifiée']);

      // One table per theme, its column titles as TH heading their columns, once each.
      const tables = ofType(root, 'Table');
      expect(tables.length).toBe(themeTitles.length);
      for (const table of tables) {
        const [header, ...rows] = table.children;
        expect(table.children.every((row) => row.type === 'TR')).toBe(true);
        expect(header!.children.map((cell) => cell.type)).toEqual(['TH', 'TH', 'TH']);
        expect(header!.children.map(textOf)).toEqual(['Champ', 'Avant', 'Après']);
        expect(header!.children.every((cell) => cell.attributes.includes('/Scope /Column'))).toBe(
          true,
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((row) => row.children.every((cell) => cell.type === 'TD'))).toBe(true);
      }
      expect(ofType(root, 'TH').length).toBe(3 * tables.length);
      // A table runs over a page: its header is drawn again there, as an artifact.
      // (pdftotext starts each page after the first with a form feed.)
      const drawnHeaders = text.split(/[\n\f]/).filter((line) => line === 'Champ').length;
      expect(drawnHeaders).toBeGreaterThan(tables.length);
      const cells = new Set(ofType(root, 'TD').map((cell) => squeeze(textOf(cell))));
      const removed = comparison.rowsRemoved[0]!;
      expect(cells).toContain(
        squeeze(`${comparison.rows[removed]!.domainNumber} — ${comparison.rows[removed]!.label}`) +
          squeeze('— ligne supprimée'),
      );
      expect(cells).toContain(squeeze('Objectif à 1 an'));

      // The summary and the lists of themes and actions.
      const lists = ofType(root, 'L');
      expect(lists.length).toBe(3);
      for (const list of lists) {
        expect(list.children.every((item) => item.type === 'LI')).toBe(true);
        expect(list.children.every((item) => item.children[0]?.type === 'LBody')).toBe(true);
      }
      expect(squeeze(textOf(lists[0]!))).toContain(squeeze('31 cellule(s) modifiée(s)'));

      // The footer is drawn on every page but not read.
      expect(text).toMatch(/page 2 \/ \d+/);
      expect(textOf(root)).not.toMatch(/page \d+ \/ \d+/);
    },
  );
});
