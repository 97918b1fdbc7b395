/**
 * The body of the publishable synthesis PDF (issue 11), laid out from the same SynthesisModel as
 * the synthesis web page: the group's introduction, then the eight themes in order — retained or
 * not (and why), stakes, current good practices, improvement axes, and the chosen rows' 1-year
 * and 3-year objectives.
 */
import type { Content } from 'pdfmake';
import type { RichDoc, SynthesisModel } from '@pilotis/shared';
import { richBodyContent } from './pdf-sections.ts';
import { withTag } from './pdf-tagged.ts';

type Clean = (text: string) => string;

const NAVY = '#1F3A5F';
const GREY = '#6B7280';

function part(title: string, body: RichDoc, clean: Clean, emptyText: string): Content[] {
  const content = richBodyContent(body, clean);
  return [
    withTag({ text: title, bold: true, fontSize: 10, margin: [0, 6, 0, 2] }, 'H3'),
    ...(content.length > 0
      ? content
      : [{ text: emptyText, italics: true, color: GREY } as Content]),
  ];
}

/** Introduction and themes of the synthesis, as pdfmake content. */
export function synthesisContent(synthesis: SynthesisModel, clean: Clean): Content[] {
  const intro = richBodyContent(synthesis.introduction, clean);
  return [
    ...intro,
    ...synthesis.themes.flatMap((theme): Content[] => {
      const heading: Content = {
        text: `${theme.number}. ${clean(theme.title)}`,
        style: 'h2',
        headlineLevel: 1,
      } as Content;
      if (!theme.retained) {
        return [
          heading,
          {
            text: `Thème non retenu cette année\u00a0: ${clean(theme.notRetainedReason) || 'raison non précisée'}`,
            italics: true,
            color: GREY,
            margin: [0, 0, 0, 4],
          },
          ...richBodyContent(theme.stakes, clean),
        ];
      }
      const objectives: Content[] =
        theme.rows.length === 0
          ? []
          : [
              withTag({ text: 'Objectifs', bold: true, fontSize: 10, margin: [0, 6, 0, 2] }, 'H3'),
              {
                table: {
                  headerRows: 1,
                  widths: [28, '*', 110, 110],
                  body: [
                    ['', 'Question ou indicateur', 'À 1 an', 'À 3 ans'].map((text) => ({
                      text,
                      bold: true,
                      color: 'white',
                      fillColor: NAVY,
                      fontSize: 8,
                    })),
                    ...theme.rows.map((row) => [
                      row.domainNumber,
                      clean(row.label),
                      clean(row.target1y),
                      clean(row.target3y),
                    ]),
                  ],
                },
                fontSize: 8.5,
                layout: 'lightHorizontalLines',
              },
            ];
      return [
        heading,
        { text: 'Thème retenu cette année', italics: true, color: NAVY, margin: [0, 0, 0, 2] },
        ...part('Enjeux', theme.stakes, clean, 'Non renseignés.'),
        ...part('Bonnes pratiques actuelles', theme.goodPractices, clean, 'Non renseignées.'),
        ...part('Axes de progrès', theme.improvements, clean, 'Non renseignés.'),
        ...objectives,
      ];
    }),
  ];
}
