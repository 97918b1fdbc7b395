/**
 * The PDF renderings: the full dossier presented to employees, the bureau and the AG (steps 10–11),
 * and the short publishable synthesis for the outside world (step 12). pdfmake lays out plain
 * strings only (no markup is interpreted), so user text cannot alter the document structure.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type pdfmake from 'pdfmake';
import type { Content, TableCell } from 'pdfmake';
import {
  frenchTypography,
  SEED_COLUMNS,
  type ExportModel,
  type MeetingRecordEntry,
  type SteeringLine,
} from '@pilotis/shared';
import { dossierSections, stakeholderContent } from './pdf-sections.ts';
import { synthesisContent } from './pdf-synthesis.ts';
import { commentsAnnexContent } from '../comments/comments.pdf.ts';
import { meetingRecordsContent } from '../versions/records-pdf.ts';
import { actionPlanPdf } from './pdf-actions.ts';
import { dashboardPdf } from './pdf-dashboard.ts';
import { renderTaggedPdf, withTag, type TaggedDefinition } from './pdf-tagged.ts';

/** The document definition pdfmake takes (its typings do not re-export the type by name). */
type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0];

const FONT_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

// DejaVu covers French typography (œ, «», €, U+202F, U+00A0) and is embedded, so the PDF reads the
// same on a board member's phone as on the projector.
const FONTS = {
  DejaVuSans: {
    normal: path.join(FONT_DIR, 'DejaVuSans.ttf'),
    bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
    italics: path.join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
    bolditalics: path.join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
  },
};
// The documents never reference images or URLs: no URL is resolved, and no file but fonts is read.
const onlyFonts = (file: string) => path.resolve(file).startsWith(FONT_DIR + path.sep);

const NAVY = '#1F3A5F';
const PALE = '#E8EEF5';
const GREY = '#6B7280';
const LIGHT_GREY = '#A0A7B1';
const RULE = '#B8C0CC';

/** "Libellé : " with the no-break space French puts before a colon. */
const labelled = (label: string) => `${label}\u00a0: `;

/**
 * Text as laid out in a PDF: Windows line ends and tabs pasted into a cell would show as odd gaps,
 * and a plain space a person typed before ? ! ; : % or inside « » becomes the no-break space French
 * uses, so that a "?" or a "»" never starts a line. No space is added where none was typed
 * (a URL's "?" stays as it is).
 */
function clean(text: string): string {
  // One shared implementation of French typography (issue 19), also used by the DOCX.
  return frenchTypography(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' '), 'typed');
}

const STYLES: TDocumentDefinitions['styles'] = {
  h1: { fontSize: 17, bold: true, color: NAVY, margin: [0, 0, 0, 10] },
  h2: { fontSize: 12.5, bold: true, color: NAVY, margin: [0, 12, 0, 4] },
  h3: { fontSize: 10, bold: true, margin: [0, 6, 0, 2] },
  muted: { color: GREY },
  small: { fontSize: 8, color: GREY },
  tableHeader: { bold: true, color: 'white', fillColor: NAVY, fontSize: 8 },
  paragraph: { margin: [0, 0, 0, 6], alignment: 'justify' },
};

const TABLE_LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

function footer(model: ExportModel) {
  return (currentPage: number, pageCount: number): Content | null =>
    currentPage === 1
      ? null
      : {
          columns: [
            { text: `${model.organisation} · ${model.year} · ${model.versionLabel}`, width: '*' },
            { text: `Page ${currentPage} / ${pageCount}`, width: 'auto' },
          ],
          style: 'small',
          margin: [40, 14, 40, 0],
        };
}

function baseDocument(model: ExportModel, subject: string, content: Content): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [40, 44, 40, 48],
    info: {
      title: model.title,
      subject,
      author: model.organisation,
      creator: 'Pilotis',
      producer: 'Pilotis',
    },
    language: 'fr-FR',
    defaultStyle: { font: 'DejaVuSans', fontSize: 9.5, lineHeight: 1.15 },
    styles: STYLES,
    footer: footer(model),
    content,
  };
}

/**
 * pdfmake's layout and drawing, tagged (structure tree, artifacts: see pdf-tagged.ts), with the
 * embedded DejaVu fonts and no file read but theirs. Used for the dossier, the synthesis and the
 * "ce qui a changé" PDF (versions/changes-export.ts); the definition must name its `language` and
 * `info.title`, which readers show and read out.
 */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return renderTaggedPdf(definition as TaggedDefinition, {
    fonts: FONTS,
    localAccessPolicy: onlyFonts,
  });
}

function headerCells(titles: readonly string[]): TableCell[] {
  return titles.map((text) => ({ text, style: 'tableHeader' }));
}

function paragraphs(text: string, emptyText?: string): Content[] {
  const blocks = clean(text)
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean);
  if (blocks.length === 0) {
    return emptyText ? [{ text: emptyText, style: ['paragraph', 'muted'], italics: true }] : [];
  }
  return blocks.map((block) => ({ text: block, style: 'paragraph' }));
}

// --- Dossier -----------------------------------------------------------------------------

function coverPage(model: ExportModel): Content {
  const facts: [string, string][] = [
    ['Version', model.versionLabel],
    ['Étape', model.stageLabel],
    ['Date', model.exportedAtText],
  ];
  if (model.exportedBy) facts.push(['Exporté par', model.exportedBy]);
  if (model.pilots.length > 0) {
    facts.push(['Piloté par', model.pilots.map((p) => `${p.name} (${p.kindLabel})`).join(', ')]);
  }
  if (model.workingGroup.length > 0) {
    facts.push([
      'Groupe de travail',
      model.workingGroup.map((p) => `${p.name} (${p.kindLabel})`).join(', '),
    ]);
  }
  return [
    {
      text: 'Guide des bonnes pratiques de l’ESS',
      fontSize: 13,
      color: GREY,
      margin: [0, 150, 0, 12],
    },
    { text: clean(model.organisation), fontSize: 28, bold: true, color: NAVY },
    { text: `Année ${model.year}`, fontSize: 18, margin: [0, 6, 0, 40] },
    {
      table: {
        widths: [90, '*'],
        body: facts.map(([label, value]) => [
          withTag({ text: label, bold: true, color: GREY }, 'TH'),
          { text: clean(value) },
        ]),
      },
      layout: 'noBorders',
      fontSize: 11,
    },
    {
      text:
        'Guide établi en application de l’article 3 de la loi n°\u00a02014-856 du 31 juillet 2014 ' +
        'relative à l’économie sociale et solidaire.',
      style: 'small',
      margin: [0, 200, 0, 0],
    },
  ];
}

function themesOverview(model: ExportModel): Content {
  const body: TableCell[][] = [
    headerCells(['N°', 'Thème', 'Retenu', 'Priorité', 'Raison si non retenu']),
  ];
  for (const theme of model.themes) {
    body.push([
      String(theme.number),
      { text: clean(theme.title), bold: true },
      theme.retainedLabel,
      theme.priority === null ? '' : String(theme.priority),
      clean(theme.notRetainedReason),
    ]);
  }
  const details: Content[] = model.themes.flatMap((theme): Content[] => {
    if (!theme.goodPractices.trim() && !theme.improvements.trim()) return [];
    return [
      { text: `${theme.number}. ${clean(theme.title)}`, style: 'h3' },
      ...(theme.goodPractices.trim()
        ? [{ text: 'Bonnes pratiques', style: 'small' }, ...paragraphs(theme.goodPractices)]
        : []),
      ...(theme.improvements.trim()
        ? [{ text: 'Axes d’amélioration', style: 'small' }, ...paragraphs(theme.improvements)]
        : []),
    ];
  });
  return [
    { text: 'Les thèmes de l’année', style: 'h1', tocItem: true },
    {
      table: { headerRows: 1, widths: [22, 150, 42, 42, '*'], body },
      layout: TABLE_LAYOUT,
      fontSize: 8.5,
    },
    ...(details.length > 0
      ? [{ text: 'Bonnes pratiques et axes d’amélioration', style: 'h2' } as Content, ...details]
      : []),
  ];
}

function labelCell(line: SteeringLine): TableCell {
  const parts: Content[] = [{ text: clean(line.label) }];
  if (line.nature === 'Quantitative') {
    parts.push({
      text: line.unit ? `Indicateur quantitatif · ${line.unit}` : 'Indicateur quantitatif',
      style: 'small',
    });
  }
  return { stack: parts };
}

function baselineCell(line: SteeringLine): TableCell {
  const parts: Content[] = [];
  if (line.treated === 'Non') {
    parts.push({
      text: [
        { text: labelled('Question non traitée'), bold: true },
        clean(line.notTreatedReason) || 'raison non précisée',
      ],
      italics: true,
      color: GREY,
    });
  }
  if (line.baseline) parts.push({ text: clean(line.baseline) });
  if (line.baselineValueText) {
    parts.push({ text: [labelled('Valeur'), { text: line.baselineValueText, bold: true }] });
  }
  if (line.sources) parts.push({ text: labelled('Sources') + clean(line.sources), style: 'small' });
  return { stack: parts };
}

/** Landscape A4 grid geometry: 842 pt wide, 32 pt margins, a fixed domain column. */
const GRID_DOMAIN_WIDTH = 92;
/** Characters per line of a '*' column at 8 pt, rounded down so the estimate errs on the tall side. */
const GRID_CHARS_PER_LINE = 30;
/**
 * Lines a row may take and still be kept whole. A landscape page holds about 45 lines at 8 pt
 * below the repeated headers; pdfmake silently drops an unbreakable row taller than a page, so
 * the margin is wide.
 */
const GRID_MAX_UNBREAKABLE_LINES = 28;

function estimatedLines(texts: string[], charsPerLine: number): number {
  return texts
    .flatMap((text) => clean(text).split('\n'))
    .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / charsPerLine)), 0);
}

function rowFitsOnPage(line: SteeringLine): boolean {
  const cells = [
    [line.label, line.unit],
    [line.notTreatedReason, line.baseline, line.baselineValueText, line.sources],
    [line.target1y],
    [line.target3y],
  ];
  return cells.every(
    (texts) => estimatedLines(texts, GRID_CHARS_PER_LINE) <= GRID_MAX_UNBREAKABLE_LINES,
  );
}

interface SpanStyle {
  bold?: boolean;
  italics?: boolean;
  color?: string;
  fillColor?: string;
  fontSize?: number;
}

/** A cell over the five grid columns (pdfmake wants the covered cells present, empty). */
function spanningCell(text: string, style: SpanStyle): TableCell[] {
  return [{ text, colSpan: 5, ...style }, '', '', '', ''];
}

function steeringLineCells(line: SteeringLine, previous: SteeringLine | undefined): TableCell[] {
  const domain = [line.domainNumber, clean(line.domainTitle)].filter(Boolean).join(' ');
  if (line.kind === 'theme') {
    return spanningCell(line.label ? clean(line.label) : 'Aucune question retenue pour ce thème.', {
      italics: true,
      color: GREY,
    });
  }
  if (line.kind === 'domain') {
    return [
      { text: domain, bold: true },
      { text: 'Aucune question pour ce domaine.', colSpan: 4, italics: true, color: GREY },
      '',
      '',
      '',
    ];
  }
  // The domain is written on every row so a row read alone (or after a page break) keeps its
  // context; repeats are greyed so the eye still sees where a domain starts.
  const repeated = previous?.kind !== 'theme' && previous?.domainNumber === line.domainNumber;
  return [
    repeated ? { text: domain, color: LIGHT_GREY } : { text: domain, bold: true },
    labelCell(line),
    baselineCell(line),
    clean(line.target1y),
    clean(line.target3y),
  ];
}

/**
 * The steering grid, one table per theme: the column titles and the theme banner are its two
 * header rows, repeated on every page the theme runs over and never left alone at a page foot.
 */
function steeringTables(model: ExportModel): Content[] {
  const groups: SteeringLine[][] = [];
  for (const line of model.steeringRows) {
    const group = groups.at(-1);
    if (group && group[0]?.themeNumber === line.themeNumber) group.push(line);
    else groups.push([line]);
  }
  return groups.map((lines): Content => {
    const first = lines[0]!;
    const banner = `${first.themeNumber > 0 ? `Thème ${first.themeNumber} — ` : ''}${clean(first.themeTitle)}`;
    const body: TableCell[][] = [
      headerCells(SEED_COLUMNS.slice(1)),
      spanningCell(banner, { bold: true, color: NAVY, fillColor: PALE, fontSize: 9 }),
      ...lines.map((line, index) => steeringLineCells(line, lines[index - 1])),
    ];
    const fits = lines.map(rowFitsOnPage);
    return {
      table: {
        headerRows: 2,
        keepWithHeaderRows: fits[0] ? 1 : 0,
        dontBreakRows: fits.every(Boolean),
        widths: [GRID_DOMAIN_WIDTH, '*', '*', '*', '*'],
        body,
      },
      layout: TABLE_LAYOUT,
      fontSize: 8,
      margin: [0, 0, 0, 10],
    };
  });
}

function narrativeSections(model: ExportModel): Content[] {
  // ── sections (issue 11) ── rich sections, laid out from the shared editor schema.
  return dossierSections(model, clean);
}

const PDF_HELPERS = {
  clean,
  labelled,
  headerCells,
  tableLayout: TABLE_LAYOUT,
  grey: GREY,
  pale: PALE,
  navy: NAVY,
};

function actionPlan(model: ExportModel): Content[] {
  // The narrative sections, when there are any, open this part of the dossier.
  const heading: Content = {
    text: 'Plan d’action',
    style: 'h1',
    tocItem: true,
    pageBreak: model.sections.length > 0 ? 'before' : undefined,
  };
  return actionPlanPdf(model, PDF_HELPERS, heading);
}

function stakeholderMap(model: ExportModel): Content[] {
  // ── sections (issue 11) ── table and 2×2 map.
  return stakeholderContent(model, clean, TABLE_LAYOUT);
}

/** Options of the dossier. */
export interface DossierOptions {
  /** Add the comments annex at the end; off by default (comments are working notes). */
  includeComments?: boolean;
  /** Meeting records (AG, réunion des salariés) printed at the end; versions pass them. */
  records?: MeetingRecordEntry[];
}

/**
 * The full dossier: cover, contents, themes of the year, the steering grid on landscape pages
 * (its header row repeated on every page), narrative sections, action plan, stakeholder map and,
 * when asked, the comments annex. A4, "Page n / N" in the footer of every page but the cover.
 */
export async function renderDossier(
  model: ExportModel,
  options: DossierOptions = {},
): Promise<Buffer> {
  const content: Content = [
    { section: coverPage(model) },
    {
      section: [
        { toc: { title: { text: 'Sommaire', style: 'h1' } } },
        { text: '', pageBreak: 'after' },
        themesOverview(model),
      ],
      pageOrientation: 'portrait',
    },
    {
      section: [
        { text: 'Tableau de pilotage', style: 'h1', tocItem: true },
        ...steeringTables(model),
      ],
      pageOrientation: 'landscape',
      pageMargins: [32, 36, 32, 44],
    },
    {
      section: [
        ...narrativeSections(model),
        ...actionPlan(model),
        ...dashboardPdf(model, PDF_HELPERS), // year after year (issue 15)
        ...stakeholderMap(model),
        ...(options.includeComments ? commentsAnnexContent(model) : []),
        ...meetingRecordsContent(options.records),
      ],
      pageOrientation: 'portrait',
    },
  ];
  return renderPdf(baseDocument(model, 'Dossier du guide des bonnes pratiques', content));
}

// --- Synthesis ---------------------------------------------------------------------------

/** How many objectives per theme the synthesis highlights before pointing to the full table. */
const HIGHLIGHTS_PER_THEME = 4;

/** Characters per line of body text across a portrait page, rounded down (errs on the tall side). */
const PORTRAIT_CHARS_PER_LINE = 80;
/** A portrait page holds about 55 lines of body text; keep whole only what surely fits. */
const PORTRAIT_MAX_UNBREAKABLE_LINES = 36;

/** A block kept on one page when it surely fits (pdfmake drops what overflows an unbreakable block). */
function keepTogether(nodes: Content[], texts: string[], headingLines: number): Content {
  const lines = headingLines * 2 + estimatedLines(texts, PORTRAIT_CHARS_PER_LINE);
  return { stack: nodes, unbreakable: lines <= PORTRAIT_MAX_UNBREAKABLE_LINES };
}

function themeSynthesis(theme: ExportModel['themes'][number]): Content[] {
  const status = theme.retained
    ? theme.priority === null
      ? 'Thème retenu cette année'
      : `Thème retenu cette année — priorité ${theme.priority}`
    : labelled('Thème non retenu cette année') +
      (clean(theme.notRetainedReason).trim() || 'raison non précisée');
  const title: Content[] = [
    { text: `${theme.number}. ${clean(theme.title)}`, style: 'h2' },
    { text: status, italics: true, color: theme.retained ? NAVY : GREY, margin: [0, 0, 0, 4] },
  ];
  const hasTexts = theme.goodPractices.trim() || theme.improvements.trim();
  if (!theme.retained && !hasTexts) return [keepTogether(title, [status], 1)];
  // The title stays with the good practices, and each part stays whole when it fits on a page.
  const blocks: Content[] = [
    keepTogether(
      [
        ...title,
        { text: 'Bonnes pratiques', style: 'h3' },
        ...paragraphs(theme.goodPractices, 'Non renseignées.'),
      ],
      [status, theme.goodPractices],
      2,
    ),
    keepTogether(
      [
        { text: 'Axes d’amélioration', style: 'h3' },
        ...paragraphs(theme.improvements, 'Non renseignés.'),
      ],
      [theme.improvements],
      1,
    ),
  ];
  if (theme.retained && theme.objectives.length > 0) {
    const shown = theme.objectives.slice(0, HIGHLIGHTS_PER_THEME);
    const more = theme.objectives.length - shown.length;
    blocks.push(
      keepTogether(
        [
          { text: 'Objectifs', style: 'h3' },
          {
            ul: shown.map((objective) => ({
              stack: [
                { text: clean(objective.label) },
                ...(objective.target1y
                  ? [{ text: labelled('À 1 an') + clean(objective.target1y), style: 'muted' }]
                  : []),
                ...(objective.target3y
                  ? [{ text: labelled('À 3 ans') + clean(objective.target3y), style: 'muted' }]
                  : []),
              ],
              margin: [0, 0, 0, 3],
            })),
          },
          ...(more > 0
            ? [
                {
                  text: `… et ${more} autre${more > 1 ? 's' : ''} objectif${more > 1 ? 's' : ''} dans le tableau de pilotage.`,
                  style: 'small',
                },
              ]
            : []),
        ],
        shown.flatMap((o) => [o.label, o.target1y, o.target3y]),
        1,
      ),
    );
  }
  return blocks;
}

/**
 * The short publishable synthesis (§2.6, step 12): every one of the eight themes, retained or not
 * (with the reason when not), its good practices and improvement axes, and a few objectives each;
 * the organisation's own synthesis sections open it. Portrait A4.
 */
export async function renderSynthesis(model: ExportModel): Promise<Buffer> {
  const intro = model.sections
    .filter((section) => section.kind === 'synthesis')
    .flatMap((section): Content[] => [
      ...(section.title ? [{ text: clean(section.title), style: 'h2' } as Content] : []),
      ...section.paragraphs.flatMap((paragraph) => paragraphs(paragraph)),
    ]);
  const content: Content = [
    { text: 'Synthèse du guide des bonnes pratiques', style: 'h1', margin: [0, 0, 0, 2] },
    { text: clean(model.organisation), fontSize: 14, bold: true },
    {
      text: `Année ${model.year} · ${model.versionLabel} · ${model.exportedAtText}`,
      style: 'muted',
      margin: [0, 2, 0, 12],
    },
    // ── sections (issue 11) ── the same synthesis model as the web page.
    ...(model.synthesis
      ? synthesisContent(model.synthesis, clean)
      : [...intro, ...model.themes.flatMap(themeSynthesis)]),
  ];
  const definition = baseDocument(
    model,
    'Synthèse publiable du guide des bonnes pratiques',
    content,
  );
  // A one- or two-page handout: number every page, the first included.
  definition.footer = (currentPage: number, pageCount: number): Content => ({
    columns: [
      { text: `${model.organisation} · ${model.year}`, width: '*' },
      { text: `Page ${currentPage} / ${pageCount}`, width: 'auto' },
    ],
    style: 'small',
    margin: [40, 14, 40, 0],
  });
  return renderPdf(definition);
}
