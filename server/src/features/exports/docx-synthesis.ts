/**
 * The publishable synthesis as an editable Word document (issue 19), from the same synthesis model
 * as its web page and PDF: the group's introduction, then the eight themes in order (retained or
 * not, and why), their stakes, good practices and progress axes, and the chosen rows' objectives
 * as a Word table whose header row repeats. Document language fr-FR.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { richToPlainText, type ExportModel, type RichDoc } from '@pilotis/shared';

const NAVY = '1F3A5F';

function paragraphs(
  text: string,
  options: { italics?: boolean; color?: string } = {},
): Paragraph[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line, index, all) => line.trim() !== '' || (index > 0 && index < all.length - 1))
    .map((line) => new Paragraph({ children: [new TextRun({ text: line, ...options })] }));
}

function rich(doc: RichDoc): Paragraph[] {
  return paragraphs(richToPlainText(doc));
}

function cell(text: string, header = false): TableCell {
  return new TableCell({
    children: paragraphs(text || ' ', header ? { color: 'FFFFFF' } : {}).map((p) => p),
    shading: header ? { fill: NAVY } : undefined,
  });
}

export async function renderSynthesisDocx(model: ExportModel): Promise<Buffer> {
  const synthesis = model.synthesis;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      text: `Synthèse — ${model.organisation} — ${model.year}`,
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.LEFT,
    }),
    ...paragraphs(`Guide des bonnes pratiques de l’ESS · ${model.versionLabel}`, { italics: true }),
  ];
  if (synthesis) {
    children.push(...rich(synthesis.introduction));
    for (const theme of synthesis.themes) {
      children.push(
        new Paragraph({ text: `${theme.number}. ${theme.title}`, heading: HeadingLevel.HEADING_1 }),
      );
      children.push(
        ...paragraphs(
          theme.retained
            ? 'Thème retenu cette année'
            : `Thème non retenu cette année : ${theme.notRetainedReason.trim() || 'raison non précisée'}`,
          { italics: true, color: theme.retained ? NAVY : '666666' },
        ),
      );
      const parts: [string, RichDoc][] = [
        ['Enjeux', theme.stakes],
        ['Bonnes pratiques', theme.goodPractices],
        ['Axes d’amélioration', theme.improvements],
      ];
      for (const [title, body] of parts) {
        const text = richToPlainText(body).trim();
        if (!text) continue;
        children.push(
          new Paragraph({ text: title, heading: HeadingLevel.HEADING_2 }),
          ...rich(body),
        );
      }
      if (theme.rows.length > 0) {
        children.push(
          new Paragraph({ text: 'Objectifs', heading: HeadingLevel.HEADING_2 }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                tableHeader: true,
                cantSplit: true,
                children: [
                  'Domaine',
                  'Question ou indicateur',
                  'Objectif à 1 an',
                  'Objectif à 3 ans',
                ].map((title) => cell(title, true)),
              }),
              ...theme.rows.map(
                (row) =>
                  new TableRow({
                    cantSplit: true,
                    children: [row.domainNumber, row.label, row.target1y, row.target3y].map(
                      (text) => cell(text),
                    ),
                  }),
              ),
            ],
          }),
        );
      }
    }
  }
  const document = new Document({
    title: `Synthèse — ${model.organisation} — ${model.year}`,
    creator: 'Pilotis',
    description: `${model.organisation} — ${model.versionLabel}`,
    styles: {
      default: { document: { run: { font: 'Calibri', size: 21, language: { value: 'fr-FR' } } } },
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
