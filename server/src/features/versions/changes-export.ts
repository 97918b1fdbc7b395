/**
 * "Ce qui a changé depuis le CA": the comparison of a version with a later state, as a short PDF
 * for the AG (grouped by theme, old → new with the changed words highlighted) and as a workbook
 * with one line per changed cell. A comparison is small (rarely more than a few pages), so both
 * render in the server process.
 */
import type pdfmake from 'pdfmake';
import type { Content, TableCell } from 'pdfmake';
import ExcelJS from 'exceljs';
import {
  ACTION_STATUS_LABELS_FR,
  cellValueFr,
  ROW_FIELD_LABELS_FR,
  wordDiff,
  type CycleModel,
  type VersionComparison,
} from '@pilotis/shared';
import { renderPdf } from '../exports/pdf.ts';

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0];

export interface ChangesInput {
  comparison: VersionComparison;
  before: CycleModel;
  after: CycleModel;
  /** The version compared from ("Version présentée au CA du 12/03/2027"). */
  fromLabel: string;
  /** What it is compared with: another version's label, or "le cycle en cours". */
  toLabel: string;
}

const NAVY = '#1F3A5F';
const GREY = '#6B7280';
const REMOVED_BG = '#FBE3E4';
const ADDED_BG = '#DFF3E4';
const RULE = '#B8C0CC';
const PALE = '#E8EEF5';

const dateFr = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' });

/** Every changed row, with its theme, grouped under the themes in guide order. */
function rowsByTheme(input: ChangesInput) {
  const { comparison, before, after } = input;
  const themes = after.themes.length ? after.themes : before.themes;
  const changedIds = new Set([
    ...comparison.cells.map((cell) => cell.rowId),
    ...comparison.rowsAdded,
    ...comparison.rowsRemoved,
    ...comparison.rowsMoved,
  ]);
  return themes
    .map((theme) => ({
      theme,
      rowIds: [...changedIds].filter((id) => comparison.rows[id]?.themeId === theme.id),
    }))
    .concat([
      {
        theme: { ...themes[0]!, id: '', number: 0, title: 'Hors thème' },
        rowIds: [...changedIds].filter((id) => !comparison.rows[id]?.themeId),
      },
    ])
    .filter((group) => group.rowIds.length > 0);
}

const rowName = (input: ChangesInput, rowId: string) => {
  const info = input.comparison.rows[rowId];
  const label = info?.label.trim() || '(ligne sans intitulé)';
  return info?.domainNumber ? `${info.domainNumber} — ${label}` : label;
};

/** Old and new text with the words removed (struck, red) and added (bold, green) highlighted. */
function highlighted(before: string, after: string): [Content, Content] {
  const pieces = wordDiff(before, after);
  const old = pieces
    .filter((piece) => piece.op !== 1)
    .map((piece) =>
      piece.op === -1
        ? { text: piece.text, decoration: 'lineThrough' as const, background: REMOVED_BG }
        : { text: piece.text },
    );
  const next = pieces
    .filter((piece) => piece.op !== -1)
    .map((piece) =>
      piece.op === 1
        ? { text: piece.text, bold: true, background: ADDED_BG }
        : { text: piece.text },
    );
  return [
    old.length ? { text: old } : { text: '(vide)', italics: true, color: GREY },
    next.length ? { text: next } : { text: '(vide)', italics: true, color: GREY },
  ];
}

/**
 * The "ce qui a changé" PDF: a summary, then per theme a table of the changed cells. Tagged like
 * the dossier: the titles are H1–H3, the tables have their column headers as TH, the footer is an
 * artifact.
 */
export async function renderChangesPdf(input: ChangesInput): Promise<Buffer> {
  const { comparison } = input;
  const content: Content[] = [
    { text: 'Ce qui a changé', style: 'h1' },
    {
      text: [
        { text: 'Depuis\u00a0: ', color: GREY },
        { text: input.fromLabel, bold: true },
        { text: '\nJusqu’à\u00a0: ', color: GREY },
        { text: input.toLabel, bold: true },
      ],
      margin: [0, 0, 0, 6],
    },
    {
      text:
        `${input.after.meta.organisationName || input.before.meta.organisationName} · ` +
        `${input.after.meta.year || input.before.meta.year} · document établi le ${dateFr.format(new Date())}`,
      color: GREY,
      fontSize: 8,
      margin: [0, 0, 0, 8],
    },
    {
      ul: [
        `${comparison.cells.length} cellule(s) modifiée(s)`,
        `${comparison.rowsAdded.length} ligne(s) ajoutée(s), ${comparison.rowsRemoved.length} supprimée(s), ${comparison.rowsMoved.length} déplacée(s)`,
        `${comparison.themes.length} thème(s) dont la décision de retenue a changé`,
        `${comparison.actions.length} action(s) dont le statut a changé`,
        `${comparison.sections.length} section(s) rédigée(s) modifiée(s)`,
      ],
      margin: [0, 0, 0, 8],
    },
  ];

  if (comparison.themes.length > 0) {
    content.push({ text: 'Thèmes', style: 'h2' });
    content.push({
      ul: comparison.themes.map(
        (theme) =>
          `${theme.number}. ${theme.title}\u00a0: ${theme.before ? 'retenu' : 'non retenu'} → ${theme.after ? 'retenu' : 'non retenu'}`,
      ),
    });
  }

  const added = new Set(comparison.rowsAdded);
  const removed = new Set(comparison.rowsRemoved);
  const moved = new Set(comparison.rowsMoved);
  for (const { theme, rowIds } of rowsByTheme(input)) {
    content.push({
      text: theme.number ? `${theme.number}. ${theme.title}` : theme.title,
      style: 'h2',
    });
    const body: TableCell[][] = [
      [
        { text: 'Champ', style: 'tableHeader' },
        { text: 'Avant', style: 'tableHeader' },
        { text: 'Après', style: 'tableHeader' },
      ],
    ];
    for (const rowId of rowIds) {
      const status = added.has(rowId)
        ? ' — ligne ajoutée'
        : removed.has(rowId)
          ? ' — ligne supprimée'
          : moved.has(rowId)
            ? ' — ligne déplacée'
            : '';
      // The row's name on a line of its own, so that it reads whole (and pdftotext finds it).
      body.push([
        {
          text: [
            { text: rowName(input, rowId), bold: true },
            { text: status, italics: true, color: NAVY },
          ],
          colSpan: 3,
          fillColor: PALE,
        },
        {},
        {},
      ]);
      for (const cell of comparison.cells.filter((c) => c.rowId === rowId)) {
        const [old, next] = highlighted(
          cellValueFr(cell.field, cell.before),
          cellValueFr(cell.field, cell.after),
        );
        body.push([{ text: ROW_FIELD_LABELS_FR[cell.field], color: GREY }, old, next]);
      }
    }
    content.push({
      table: { headerRows: 1, widths: [80, '*', '*'], body, dontBreakRows: true },
      layout: {
        hLineWidth: () => 0.5,
        vLineWidth: () => 0.5,
        hLineColor: () => RULE,
        vLineColor: () => RULE,
      },
      fontSize: 8.5,
    });
  }

  if (comparison.actions.length > 0) {
    content.push({ text: 'Plan d’action', style: 'h2' });
    content.push({
      ul: comparison.actions.map(
        (action) =>
          `${action.title || '(action sans titre)'}\u00a0: ${ACTION_STATUS_LABELS_FR[action.before]} → ${ACTION_STATUS_LABELS_FR[action.after]}`,
      ),
    });
  }

  if (comparison.sections.length > 0) {
    content.push({ text: 'Sections rédigées', style: 'h2' });
    for (const section of comparison.sections) {
      const change = { added: 'ajoutée', removed: 'supprimée', changed: 'modifiée' }[
        section.change
      ];
      content.push({ text: `${section.title || '(sans titre)'} — ${change}`, style: 'h3' });
      for (const piece of section.paragraphs.filter((p) => p.op !== 0)) {
        content.push({
          text: piece.text || ' ',
          background: piece.op === 1 ? ADDED_BG : REMOVED_BG,
          decoration: piece.op === -1 ? 'lineThrough' : undefined,
          margin: [0, 0, 0, 3],
        });
      }
    }
  }

  if (content.length === 4) content.push({ text: 'Aucun changement.', italics: true });

  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [36, 40, 36, 44],
    info: {
      title: `Ce qui a changé depuis ${input.fromLabel}`,
      creator: 'Pilotis',
      producer: 'Pilotis',
    },
    language: 'fr-FR',
    defaultStyle: { font: 'DejaVuSans', fontSize: 9.5, lineHeight: 1.15 },
    styles: {
      h1: { fontSize: 17, bold: true, color: NAVY, margin: [0, 0, 0, 8] },
      h2: { fontSize: 12, bold: true, color: NAVY, margin: [0, 10, 0, 4] },
      h3: { fontSize: 10, bold: true, margin: [0, 6, 0, 2] },
      tableHeader: { bold: true, color: 'white', fillColor: NAVY, fontSize: 8 },
    },
    footer: (page: number, count: number) => ({
      text: `Ce qui a changé depuis ${input.fromLabel} · page ${page} / ${count}`,
      fontSize: 7.5,
      color: GREY,
      margin: [36, 14, 36, 0],
    }),
    content,
  };
  return renderPdf(definition);
}

/** The same comparison as a workbook: one line per changed cell, then the row-level changes. */
export async function renderChangesXlsx(input: ChangesInput): Promise<Buffer> {
  const { comparison } = input;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pilotis';
  const sheet = workbook.addWorksheet('Ce qui a changé', {
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.columns = [
    { header: 'Thème', key: 'theme', width: 26 },
    { header: 'Domaine', key: 'domain', width: 9 },
    { header: 'Ligne', key: 'row', width: 40 },
    { header: 'Changement', key: 'change', width: 18 },
    { header: 'Champ', key: 'field', width: 22 },
    { header: 'Avant', key: 'before', width: 45 },
    { header: 'Après', key: 'after', width: 45 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const themeTitle = new Map(
    [...input.before.themes, ...input.after.themes].map((theme) => [
      theme.id,
      `${theme.number}. ${theme.title}`,
    ]),
  );
  const place = (rowId: string) => {
    const info = comparison.rows[rowId];
    return {
      theme: info?.themeId ? (themeTitle.get(info.themeId) ?? '') : '',
      domain: info?.domainNumber ?? '',
      row: info?.label ?? '',
    };
  };
  for (const cell of comparison.cells) {
    sheet.addRow({
      ...place(cell.rowId),
      change: 'Cellule modifiée',
      field: ROW_FIELD_LABELS_FR[cell.field],
      before: cellValueFr(cell.field, cell.before),
      after: cellValueFr(cell.field, cell.after),
    });
  }
  for (const [ids, change] of [
    [comparison.rowsAdded, 'Ligne ajoutée'],
    [comparison.rowsRemoved, 'Ligne supprimée'],
    [comparison.rowsMoved, 'Ligne déplacée'],
  ] as const) {
    for (const id of ids) sheet.addRow({ ...place(id), change });
  }
  for (const theme of comparison.themes) {
    sheet.addRow({
      theme: themeTitle.get(theme.themeId) ?? '',
      change: 'Retenue du thème',
      before: theme.before ? 'Retenu' : 'Non retenu',
      after: theme.after ? 'Retenu' : 'Non retenu',
    });
  }
  for (const action of comparison.actions) {
    sheet.addRow({
      row: action.title,
      change: 'Statut d’action',
      before: ACTION_STATUS_LABELS_FR[action.before],
      after: ACTION_STATUS_LABELS_FR[action.after],
    });
  }
  sheet.eachRow((row) => {
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  const data: unknown = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
}
