/**
 * PDF content of the narrative sections and of the stakeholder map (issue 11), built from the
 * shared editor schema's sanitised JSON. pdfmake lays out plain strings only: no markup from a
 * section is ever interpreted; links are re-checked (http, https, mailto) before becoming links.
 */
import type { Content, TableCell } from 'pdfmake';
import { withTag } from './pdf-tagged.ts';
import {
  QUADRANT_LABELS_FR,
  isAllowedLink,
  stakeholderQuadrant,
  type ExportModel,
  type RichNode,
  type StakeholderQuadrant,
} from '@pilotis/shared';

type Clean = (text: string) => string;
type TableLayout = Record<string, unknown>;

const NAVY = '#1F3A5F';
const GREY = '#6B7280';
const LINK = '#1D4ED8';

/** pdfmake inline runs of a paragraph or heading. */
function inlineRuns(nodes: RichNode[] | undefined, clean: Clean): Content[] {
  return (nodes ?? []).map((node): Content => {
    if (node.type === 'hardBreak') return { text: '\n' };
    const marks = new Set((node.marks ?? []).map((mark) => mark.type));
    const href = node.marks?.find((mark) => mark.type === 'link')?.attrs?.href;
    const run: Record<string, unknown> = { text: clean(node.text ?? '') };
    if (marks.has('bold')) run.bold = true;
    if (marks.has('italic')) run.italics = true;
    if (marks.has('underline')) run.decoration = 'underline';
    if (isAllowedLink(href)) {
      run.link = href;
      run.color = LINK;
      run.decoration = 'underline';
    }
    return run as unknown as Content;
  });
}

function blockContent(node: RichNode, clean: Clean): Content {
  switch (node.type) {
    case 'heading': {
      const level = Number(node.attrs?.level);
      // Under the section's own title (H2): a level-2 heading is an H3, a level 3 an H4.
      return withTag(
        {
          text: inlineRuns(node.content, clean),
          bold: true,
          color: NAVY,
          fontSize: level === 2 ? 11.5 : level === 3 ? 10.5 : 10,
          margin: [0, 6, 0, 3],
        },
        level <= 2 ? 'H3' : level === 3 ? 'H4' : 'H5',
      );
    }
    case 'bulletList':
    case 'orderedList': {
      const items = (node.content ?? []).map((item): Content => ({
        stack: (item.content ?? []).map((child) => blockContent(child, clean)),
      }));
      const start = Number(node.attrs?.start);
      return node.type === 'bulletList'
        ? { ul: items, margin: [0, 0, 0, 6] }
        : { ol: items, start: Number.isInteger(start) ? start : 1, margin: [0, 0, 0, 6] };
    }
    case 'blockquote':
      return withTag(
        {
          stack: (node.content ?? []).map((child) => blockContent(child, clean)),
          italics: true,
          color: '#374151',
          margin: [14, 0, 0, 6],
        },
        'BlockQuote',
      );
    case 'table': {
      const rows = (node.content ?? []).map((row) =>
        (row.content ?? []).map((cell): TableCell => {
          const content: TableCell = {
            stack: (cell.content ?? []).map((child) => blockContent(child, clean)),
            bold: cell.type === 'tableHeader',
          };
          return cell.type === 'tableHeader' ? withTag(content, 'TH') : content;
        }),
      );
      const columns = Math.max(1, ...rows.map((row) => row.length));
      const body = rows.map((row) => [
        ...row,
        ...Array.from({ length: columns - row.length }, (): TableCell => ''),
      ]);
      return body.length === 0
        ? { text: '' }
        : {
            table: { widths: Array(columns).fill('*'), body },
            fontSize: 8.5,
            margin: [0, 0, 0, 8],
          };
    }
    case 'paragraph':
      return { text: inlineRuns(node.content, clean), margin: [0, 0, 0, 6], alignment: 'justify' };
    default:
      // Never produced by the reader; keep any text anyway.
      return { text: clean(JSON.stringify(node.content ?? '').replace(/[{}[\]"]/g, '')) };
  }
}

/** One section body as pdfmake content. */
export function richBodyContent(body: RichNode | undefined, clean: Clean): Content[] {
  return (body?.content ?? []).map((node) => blockContent(node, clean));
}

function hasText(section: ExportModel['sections'][number]): boolean {
  return section.paragraphs.some((paragraph) => paragraph.trim() !== '');
}

/**
 * The dossier's narrative part: every section that holds text, in order, under its heading
 * (theme sections name their theme). Empty sections are left out.
 */
export function dossierSections(model: ExportModel, clean: Clean): Content[] {
  const written = model.sections.filter(hasText);
  const heading: Content = { text: 'Textes du guide', style: 'h1', tocItem: true };
  if (written.length === 0) {
    return [heading, { text: 'Aucun texte rédigé pour l’instant.', italics: true, color: GREY }];
  }
  return [
    heading,
    ...written.flatMap((section): Content[] => [
      {
        text: clean(section.heading ?? section.title),
        style: 'h2',
        headlineLevel: 1,
      } as Content,
      ...(section.body
        ? richBodyContent(section.body, clean)
        : section.paragraphs.map((text): Content => ({ text: clean(text), style: 'paragraph' }))),
    ]),
  ];
}

const QUADRANT_ORDER: StakeholderQuadrant[][] = [
  ['satisfy', 'key'],
  ['monitor', 'inform'],
];

/**
 * The stakeholder map: the table (name, category, relation, participation, influence,
 * involvement) and the 2×2 map influence × involvement, in large type for a projector.
 */
export function stakeholderContent(
  model: ExportModel,
  clean: Clean,
  layout: TableLayout,
): Content[] {
  const heading: Content = {
    text: 'Cartographie des parties prenantes',
    style: 'h1',
    tocItem: true,
    pageBreak: 'before',
  };
  if (model.stakeholders.length === 0) {
    return [heading, { text: 'Aucune partie prenante enregistrée.', italics: true, color: GREY }];
  }
  const level = (value: number | null | undefined) => (value ? `${value} / 4` : '—');
  const header = [
    'Partie prenante',
    'Catégorie',
    'Relation',
    'Participation',
    'Influence',
    'Implication',
  ].map((text): TableCell => ({ text, style: 'tableHeader' }));
  const table: Content = {
    table: {
      headerRows: 1,
      widths: [90, 70, '*', '*', 44, 48],
      body: [
        header,
        ...model.stakeholders.map((s): TableCell[] => [
          { text: clean(s.name), bold: true },
          clean(s.category),
          clean(s.relation),
          clean(s.participation ?? ''),
          { text: level(s.influence), alignment: 'center' },
          { text: level(s.involvement), alignment: 'center' },
        ]),
      ],
    },
    layout,
    fontSize: 8.5,
  };
  const inQuadrant = (quadrant: StakeholderQuadrant) =>
    model.stakeholders.filter((s) => stakeholderQuadrant(s) === quadrant);
  const quadrantCell = (quadrant: StakeholderQuadrant): TableCell => ({
    stack: [
      {
        text: QUADRANT_LABELS_FR[quadrant],
        bold: true,
        color: NAVY,
        fontSize: 10,
        margin: [0, 0, 0, 6],
      },
      ...(inQuadrant(quadrant).length > 0
        ? inQuadrant(quadrant).map((s): Content => ({ text: `• ${clean(s.name)}`, fontSize: 12 }))
        : [{ text: '—', color: GREY, fontSize: 12 } as Content]),
    ],
    margin: [6, 6, 6, 6],
  });
  const unassessed = model.stakeholders.filter((s) => stakeholderQuadrant(s) === null);
  return [
    heading,
    table,
    { text: 'Carte : influence × implication', style: 'h2', pageBreak: 'before' },
    {
      columns: [
        { text: 'Influence forte ↑', width: 70, fontSize: 9, color: GREY, margin: [0, 60, 0, 0] },
        {
          table: {
            widths: ['*', '*'],
            heights: [190, 190],
            body: QUADRANT_ORDER.map((row) => row.map(quadrantCell)),
          },
          layout,
        },
      ],
    },
    {
      text: 'Implication faible ←   → Implication forte',
      alignment: 'center',
      fontSize: 9,
      color: GREY,
      margin: [70, 4, 0, 8],
    },
    ...(unassessed.length > 0
      ? [
          {
            text: `Pas encore évalués : ${unassessed.map((s) => clean(s.name)).join(', ')}`,
            color: GREY,
          } as Content,
        ]
      : []),
  ];
}
