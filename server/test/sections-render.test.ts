/**
 * Server-side rendering of narrative sections (issue 11), without a browser: the sanitised HTML,
 * the PDF dossier (read back with pdftotext, pages rendered with pdftoppm to look at) and the
 * *Sections* sheet of the workbook. Content written straight into the Y.XmlFragment, bypassing the
 * editor, must come out safe.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStakeholder,
  buildExportModel,
  cycleFromTemplate,
  readCycle,
  richBodyElements,
  richToHtml,
  sectionBody,
  setStakeholderField,
  writeCycle,
  type RichDoc,
  type RichNode,
} from '@pilotis/shared';
import { renderDossier } from '../src/features/exports/pdf.ts';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';

const run = promisify(execFile);
const ARTIFACTS = path.resolve(import.meta.dirname, '../../e2e/artifacts');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-sections-'));
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (value: string): RichNode => ({ type: 'text', text: value });
const para = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
const cell = (type: string, value: string) => ({ type, content: [para(text(value))] });

/** Every node and mark of the editor schema, with French text. */
const EVERY_NODE = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Pilotage du binôme')] },
    { type: 'heading', attrs: { level: 3 }, content: [text('Calendrier 2026')] },
    { type: 'heading', attrs: { level: 4 }, content: [text('Premier trimestre')] },
    para(
      { ...text('Réunions mensuelles'), marks: [{ type: 'bold' }] },
      { ...text(' ouvertes à tous'), marks: [{ type: 'italic' }] },
      { ...text(' sans exception'), marks: [{ type: 'underline' }] },
      { type: 'hardBreak' },
      {
        ...text('voir le site'),
        marks: [{ type: 'link', attrs: { href: 'https://www.ess-france.org/' } }],
      },
      { ...text(' passage commenté'), marks: [{ type: 'comment', attrs: { threadId: 't1' } }] },
    ),
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [para(text('Salariés consultés'))] },
        { type: 'listItem', content: [para(text('Bénévoles associés'))] },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 1 },
      content: [{ type: 'listItem', content: [para(text('Diagnostic partagé'))] }],
    },
    { type: 'blockquote', content: [para(text('Une AG vivante et ouverte'))] },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [cell('tableHeader', 'Étape'), cell('tableHeader', 'Budget')],
        },
        {
          type: 'tableRow',
          content: [cell('tableCell', 'Formation'), cell('tableCell', '1 234,50 €')],
        },
      ],
    },
  ],
} as RichDoc;

const TEXTS = [
  'Pilotage du binôme',
  'Calendrier 2026',
  'Premier trimestre',
  'Réunions mensuelles',
  'ouvertes à tous',
  'sans exception',
  'voir le site',
  'passage commenté',
  'Salariés consultés',
  'Bénévoles associés',
  'Diagnostic partagé',
  'Une AG vivante et ouverte',
  'Formation',
  '1 234,50 €',
];

/** A cycle whose « Notre démarche » uses every node, and an annex written without the editor. */
function cycleDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative « Test »', year: 2026 }));
  const sections = readCycle(doc).sections;
  const method = sections.find((section) => section.kind === 'method')!;
  const annex = sections.find((section) => section.kind === 'annex')!;
  const practices = sections.find((section) => section.kind === 'theme-practices')!;
  doc.transact(() => {
    sectionBody(doc, method.id)!.insert(0, richBodyElements(EVERY_NODE));
    sectionBody(doc, practices.id)!.insert(
      0,
      richBodyElements({
        type: 'doc',
        content: [para(text('AG annuelle ouverte aux usagers'))],
      }),
    );
    // Written directly, as a script or a hostile client could.
    const hostile = new Y.XmlElement('paragraph');
    const run = new Y.XmlText();
    hostile.insert(0, [run]);
    const unknown = new Y.XmlElement('iframe');
    unknown.setAttribute('src', 'https://malveillant.example');
    unknown.insert(0, [new Y.XmlText('Texte du nœud inconnu')]);
    sectionBody(doc, annex.id)!.insert(0, [hostile, unknown]);
    run.insert(0, 'Lien piégé', { link: { href: 'javascript:alert(1)' } });
    run.insert(run.length, ' <script>alert("x")</script> fin', { bold: {} });
    const first = addStakeholder(doc, 'Conseil départemental', 'financeurs');
    setStakeholderField(doc, first, 'influence', 4);
    setStakeholderField(doc, first, 'involvement', 2);
    const second = addStakeholder(doc, 'Équipe salariée', 'salaries');
    setStakeholderField(doc, second, 'influence', 3);
    setStakeholderField(doc, second, 'involvement', 4);
  });
  return doc;
}

async function pdfText(pdf: Buffer, name: string): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const squeeze = (value: string) => value.replace(/[\s-]+/g, '');

describe('sections rendered on the server', () => {
  const model = () =>
    buildExportModel(readCycle(cycleDoc()), {
      versionLabel: 'Version de travail',
      exportedAt: new Date('2026-11-26T10:00:00Z'),
      exportedBy: 'Zoé',
    });

  it('renders the sanitised HTML of a body written without the editor', () => {
    const annex = model().sections.find((section) => section.kind === 'annex')!;
    const html = richToHtml(annex.body!);
    expect(html).toBe(
      '<p>Lien piégé<strong> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; fin</strong></p><p>Texte du nœud inconnu</p>',
    );
  });

  it('puts every section’s text and the stakeholder map into the PDF dossier', async () => {
    const pdf = await renderDossier(model());
    const text = await pdfText(pdf, 'sections-dossier');
    const flat = squeeze(text);
    for (const expected of [
      ...TEXTS,
      'Notre démarche',
      'AG annuelle ouverte aux usagers',
      'Lien piégé',
      '<script>alert("x")</script> fin',
      'Texte du nœud inconnu',
      'Cartographie des parties prenantes',
      'Conseil départemental',
      'Équipe salariée',
      'Financeurs',
      'Acteurs clés : associer étroitement',
    ]) {
      expect(flat, expected).toContain(squeeze(expected));
    }
    expect(text).toContain('Thème 1');
    expect(pdf.toString('latin1')).not.toMatch(/javascript:/i);
    expect(pdf.toString('latin1')).toContain('https://www.ess-france.org/');
    // Pages for a person to look at: the narrative part and the 2×2 map.
    const page = (needle: string) =>
      text.split('\f').findIndex((content) => content.includes(needle)) + 1;
    for (const [needle, name] of [
      ['Pilotage du binôme', 'sections-dossier-texts'],
      ['Carte : influence', 'sections-dossier-map'],
    ] as const) {
      const number = String(page(needle));
      await run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        number,
        '-l',
        number,
        '-singlefile',
        path.join(dir, 'sections-dossier.pdf'),
        path.join(ARTIFACTS, name),
      ]);
    }
  });

  it('writes a Sections sheet as plain text with line breaks', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderWorkbook(model())) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Sections')!;
    const rows: [string, string][] = [];
    sheet.eachRow((row) =>
      rows.push([String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? '')]),
    );
    expect(rows[0]).toEqual(['Section', 'Texte']);
    const method = rows.find(([title]) => title === 'Notre démarche')!;
    for (const expected of TEXTS) expect(method[1]).toContain(expected);
    expect(method[1]).toContain('Réunions mensuelles ouvertes à tous sans exception\nvoir le site');
    expect(method[1]).toContain('• Salariés consultés\n• Bénévoles associés');
    expect(method[1]).toContain('Formation | 1 234,50 €');
    const practices = rows.find(([title]) =>
      /^Thème 1 — .* · Bonnes pratiques actuelles$/.test(title),
    )!;
    expect(practices[1]).toBe('AG annuelle ouverte aux usagers');
  });
});
