/**
 * The dossier as an editable Word document (issue 19): the board finishes its AG report in Word or
 * LibreOffice Writer instead of retyping the PDF. Built with the `docx` library from the same export
 * model as the PDF: real headings (navigation pane, table of contents), the steering table as a
 * Word table whose header row repeats on every page, the sections as text, the action plan.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { SEED_COLUMNS, themeCellText, domainCellText, type ExportModel } from '@pilotis/shared';

const NAVY = '1F3A5F';

/** Paragraphs of a text, one per line (Word has no line break inside a run's text). */
function lines(text: string, options: { bold?: boolean; color?: string; size?: number } = {}) {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => new Paragraph({ children: [new TextRun({ text: line, ...options })] }));
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) {
  return new Paragraph({ text, heading: level });
}

function cell(text: string, header = false): TableCell {
  return new TableCell({
    children: lines(text, header ? { bold: true, color: 'FFFFFF' } : {}),
    shading: header ? { fill: NAVY } : undefined,
  });
}

function table(headers: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true, // repeated at the top of every page
        cantSplit: true,
        children: headers.map((title) => cell(title, true)),
      }),
      // A row stays on one page (a person reads it whole; Word moves it to the next page).
      ...rows.map(
        (values) => new TableRow({ cantSplit: true, children: values.map((value) => cell(value)) }),
      ),
    ],
  });
}

function steeringSection(model: ExportModel): ISectionOptions {
  const rows = model.steeringRows.map((line) => [
    themeCellText(line),
    domainCellText(line),
    line.kind === 'theme' && !line.themeRetained ? 'Thème non retenu cette année' : line.label,
    line.baseline,
    line.target1y,
    line.target3y,
  ]);
  return {
    properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
    children: [
      heading('Tableau de pilotage', HeadingLevel.HEADING_1),
      table([...SEED_COLUMNS], rows),
    ],
  };
}

function themesChildren(model: ExportModel): (Paragraph | Table)[] {
  return [
    heading('Les thèmes de l’année', HeadingLevel.HEADING_1),
    ...model.themes.flatMap((theme) => [
      heading(`${theme.number}. ${theme.title}`, HeadingLevel.HEADING_2),
      ...(theme.retained
        ? [
            ...(theme.priority !== null ? lines(`Priorité : ${theme.priority}`) : []),
            ...(theme.goodPractices
              ? [
                  heading('Bonnes pratiques actuelles', HeadingLevel.HEADING_3),
                  ...lines(theme.goodPractices),
                ]
              : []),
            ...(theme.improvements
              ? [heading('Axes de progrès', HeadingLevel.HEADING_3), ...lines(theme.improvements)]
              : []),
          ]
        : lines(
            `Thème non retenu cette année : ${theme.notRetainedReason || 'raison non précisée'}`,
          )),
    ]),
  ];
}

function sectionsChildren(model: ExportModel): Paragraph[] {
  if (model.sections.length === 0) return [];
  return [
    heading('Sections', HeadingLevel.HEADING_1),
    ...model.sections.flatMap((section) => [
      heading(section.heading ?? section.title, HeadingLevel.HEADING_2),
      ...section.paragraphs.flatMap((paragraph) => lines(paragraph)),
    ]),
  ];
}

function actionsChildren(model: ExportModel): (Paragraph | Table)[] {
  return [
    heading('Plan d’action', HeadingLevel.HEADING_1),
    model.actions.length === 0
      ? new Paragraph({ text: 'Aucune action pour le moment.' })
      : table(
          ['Action', 'Pilote', 'Budget', 'Début', 'Échéance', 'Statut', 'Lignes liées'],
          model.actions.map((action) => [
            action.title,
            action.owner,
            action.budgetText,
            action.startDate,
            action.dueDate,
            action.status,
            action.rowLabels.join('\n'),
          ]),
        ),
  ];
}

/**
 * Render the DOCX dossier: title page facts, the themes, the steering table (landscape pages),
 * the sections and the action plan. Title, language fr-FR and author are set in the document's
 * properties; people's text should already carry French typography (see export-typography.ts).
 */
export async function renderDocx(model: ExportModel): Promise<Buffer> {
  const document = new Document({
    title: model.title,
    creator: 'Pilotis',
    description: `${model.organisation} — ${model.versionLabel}`,
    styles: {
      default: { document: { run: { font: 'Calibri', size: 21, language: { value: 'fr-FR' } } } },
    },
    sections: [
      {
        children: [
          new Paragraph({
            text: model.title,
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.LEFT,
          }),
          ...lines(`${model.versionLabel} — exporté le ${model.exportedAtText}`),
          ...lines(`Étape : ${model.stageLabel}`),
          ...themesChildren(model),
        ],
      },
      steeringSection(model),
      { children: [...sectionsChildren(model), ...actionsChildren(model)] },
    ],
  });
  return Packer.toBuffer(document);
}
