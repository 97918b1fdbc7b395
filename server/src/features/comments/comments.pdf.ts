/**
 * The PDF dossier's optional "Annexe : commentaires": every comment of the cycle's threads, grouped
 * by what it is about (row, theme, action, section; detached ones last), with author, date and the
 * thread's status. Plain text only. The public synthesis never calls this.
 */
import type { Content, TableCell } from 'pdfmake';
import type { ExportModel } from '@pilotis/shared';

const RULE = '#B8C0CC';
const GREY = '#6B7280';

const LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

/** Line endings as pdfmake wants them; tabs as spaces. */
const plain = (text: string): string => text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');

/** The annex, starting on a new page, with its table of contents entry. */
export function commentsAnnexContent(model: ExportModel): Content[] {
  const heading: Content = {
    text: 'Annexe : commentaires',
    style: 'h1',
    tocItem: true,
    pageBreak: 'before',
  };
  const comments = model.comments ?? [];
  if (comments.length === 0) {
    return [heading, { text: 'Aucun commentaire sur cette version.', italics: true, color: GREY }];
  }
  const header = (text: string): TableCell => ({ text, style: 'tableHeader' });
  return [
    heading,
    {
      table: {
        headerRows: 1,
        widths: [90, '*', 70, 58, 46],
        body: [
          [
            header('Sur'),
            header('Commentaire'),
            header('Auteur'),
            header('Date'),
            header('Statut'),
          ],
          ...comments.map((comment): TableCell[] => [
            {
              text: [comment.domain, comment.line].filter(Boolean).map(plain).join('\n'),
              fontSize: 7.5,
            },
            plain(comment.text),
            plain(comment.author),
            { text: comment.date, fontSize: 7.5 },
            comment.status,
          ]),
        ],
      },
      layout: LAYOUT,
      fontSize: 8.5,
    },
  ];
}
