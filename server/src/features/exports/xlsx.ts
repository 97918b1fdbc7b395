/**
 * The Excel steering table (step 9: "reporter dans un tableur simple"). The 'Pilotage' sheet comes
 * first and starts with the seed's six columns, so a group that kept its own spreadsheet finds it
 * again; every cell holds its value (no merged theme cells) so sorting and filtering keep working.
 */
import ExcelJS from 'exceljs';
import { type ExportModel, type SteeringLine } from '@pilotis/shared';
import { addSectionsSheet } from './xlsx-sections.ts';
import { fitRowHeights, tablePrintSetup } from './xlsx-layout.ts';
import { addThemesSheet, PILOTAGE_COLUMNS, pilotageCells } from './xlsx-themes.ts';
import { addReviewSheet } from './xlsx-review.ts';

type CellValue = string | number | null;

/** Column widths of the Pilotage sheet, in characters, in STEERING_COLUMNS order. */
const STEERING_WIDTHS = [24, 28, 48, 42, 34, 34, 13, 11, 11, 9, 30, 30, 14, 10];

const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FF1F3A5F' },
};
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
/** Theme and domain repeated from the line above: kept for filtering, greyed for reading. */
const REPEAT_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF8C8C8C' } };
const THEME_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFE8EEF5' },
};

/**
 * Texts a spreadsheet could read as a formula or a DDE call when the cell is edited, pasted or
 * re-imported (OWASP "CSV injection"), full-width forms included since some apps fold them.
 */
const RISKY_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** XML 1.0 cannot carry these; Excel's own escape (_xHHHH_) can, and readers decode it back. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\x00-\x08\x0B\x0C\x0D\x0E-\x1F\uFFFE\uFFFF]/g;

/** Excel refuses longer cells; beyond it the file would not open at all. */
const MAX_CELL_CHARS = 32_767;

/**
 * The string as stored in the file, so that it reads back identical: a carriage return written
 * raw would come back as a line feed (XML end-of-line handling), so it and the other control
 * characters become _xHHHH_, and a literal "_xHHHH_" typed by someone is escaped first
 * (_x005F_ is the underscore) so that readers do not decode it.
 */
function encodeText(text: string): string {
  return text
    .slice(0, MAX_CELL_CHARS)
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(
      NEEDS_ESCAPE,
      (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

/**
 * Write one value. Strings are always plain string cells (never formula objects), so nothing is
 * evaluated; the risky ones also get the text format '@' so that Excel or LibreOffice keep them as
 * text when someone re-edits the cell and presses Entrée.
 */
function setCell(cell: ExcelJS.Cell, value: CellValue): void {
  if (value === null || value === '') return;
  if (typeof value === 'number') {
    cell.value = value;
    return;
  }
  cell.value = encodeText(value);
  if (RISKY_START.test(value)) cell.numFmt = '@';
}

/**
 * Codes like &P mean something in a header/footer, so a user's "&" is doubled; Excel refuses a
 * header or footer over 255 characters, so a long name is shortened.
 */
function headerFooterText(text: string): string {
  const short = text.length > 90 ? `${text.slice(0, 89)}…` : text;
  return short.replace(/&/g, '&&');
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = HEADER_FONT;
  row.fill = HEADER_FILL;
  row.alignment = { vertical: 'middle', wrapText: true };
  row.height = 32;
}

function addTableSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  widths: number[],
  rows: CellValue[][],
  model: ExportModel,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: tablePrintSetup(widths),
    headerFooter: {
      oddHeader: `&L&B${headerFooterText(model.title)}&R${headerFooterText(model.versionLabel)}`,
      oddFooter: `&L${headerFooterText(name)}&RPage &P / &N`,
    },
  });
  sheet.columns = widths.map((width) => ({ width }));
  const header = sheet.getRow(1);
  headers.forEach((title, index) => setCell(header.getCell(index + 1), title));
  styleHeader(header);
  rows.forEach((values, rowIndex) => {
    const row = sheet.getRow(rowIndex + 2);
    values.forEach((value, index) => setCell(row.getCell(index + 1), value));
    row.alignment = { vertical: 'top', wrapText: true };
  });
  if (rows.length > 0) {
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: rows.length + 1, column: headers.length },
    };
  }
  fitRowHeights(sheet, widths);
  header.height = Math.max(32, header.height);
  return sheet;
}

function addSteeringSheet(workbook: ExcelJS.Workbook, model: ExportModel): void {
  const lines = model.steeringRows;
  const sheet = addTableSheet(
    workbook,
    'Pilotage',
    PILOTAGE_COLUMNS,
    STEERING_WIDTHS,
    lines.map((line) => pilotageCells(line, model)),
    model,
  );
  let previous: SteeringLine | undefined;
  lines.forEach((line, index) => {
    const row = sheet.getRow(index + 2);
    if (line.kind === 'theme') {
      row.eachCell({ includeEmpty: true }, (cell) => (cell.fill = THEME_FILL));
    }
    if (previous && previous.themeNumber === line.themeNumber) {
      row.getCell(1).font = REPEAT_FONT;
      if (previous.domainNumber === line.domainNumber && line.domainNumber) {
        row.getCell(2).font = REPEAT_FONT;
      }
    }
    previous = line;
  });
}

/** ISO date → a UTC-midnight Date, which exceljs writes as the serial day (no time-zone shift). */
function isoToDate(iso: string | null): Date | null {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : null;
}

const EURO_FORMAT = '#,##0.00 [$€-40C]';
const DATE_FORMAT = 'dd/mm/yyyy';

/**
 * The action plan (issue 14): one line per action, grouped by theme; amounts are numbers with the
 * euro format and dates real dates, so the organisation can sum, sort and filter them; linked
 * rows as "1.3 n°2" (a deleted row says so).
 */
function addActionSheet(workbook: ExcelJS.Workbook, model: ExportModel): void {
  const sheet = addTableSheet(
    workbook,
    'Plan d’action',
    [
      'Action',
      'Pilote',
      'Budget prévu (€)',
      'Budget engagé (€)',
      'Début',
      'Échéance',
      'Trimestre',
      'Statut',
      'Lignes liées',
      'Thème',
      'Description',
      'Notes d’avancement',
      'Raison de l’abandon',
    ],
    [40, 22, 14, 14, 12, 12, 10, 12, 18, 26, 40, 40, 30],
    model.actions.map((action) => [
      action.title,
      action.owner,
      action.budget,
      action.budgetSpent,
      null,
      null,
      action.quarter,
      action.status,
      action.rowRefs.join(', '),
      action.themeLabel,
      action.description,
      action.notes,
      action.abandonReason,
    ]),
    model,
  );
  model.actions.forEach((action, index) => {
    const row = sheet.getRow(index + 2);
    const start = isoToDate(action.startIso);
    const due = isoToDate(action.dueIso);
    if (start) row.getCell(5).value = start;
    if (due) row.getCell(6).value = due;
  });
  sheet.getColumn(3).numFmt = EURO_FORMAT;
  sheet.getColumn(4).numFmt = EURO_FORMAT;
  sheet.getColumn(5).numFmt = DATE_FORMAT;
  sheet.getColumn(6).numFmt = DATE_FORMAT;
}

/** One line per comment (message) with its thread's status; the Pilotage count matches it. */
function addCommentSheet(workbook: ExcelJS.Workbook, model: ExportModel): void {
  addTableSheet(
    workbook,
    'Commentaires',
    ['Thème', 'Domaine d’action', 'Ligne', 'Auteur', 'Date', 'Texte', 'Statut'],
    [24, 26, 44, 20, 16, 70, 12],
    (model.comments ?? []).map((comment) => [
      comment.theme,
      comment.domain,
      comment.line,
      comment.author,
      comment.date,
      comment.text,
      comment.status,
    ]),
    model,
  );
}

function addStakeholderSheet(workbook: ExcelJS.Workbook, model: ExportModel): void {
  addTableSheet(
    workbook,
    'Parties prenantes',
    [
      'Partie prenante',
      'Catégorie',
      'Relation et recueil de la parole',
      'Participation',
      'Influence (1–4)',
      'Implication (1–4)',
    ],
    [32, 24, 60, 50, 14, 14],
    model.stakeholders.map((s) => [
      s.name,
      s.category,
      s.relation,
      s.participation ?? '',
      s.influence ?? null,
      s.involvement ?? null,
    ]),
    model,
  );
}

function addAboutSheet(workbook: ExcelJS.Workbook, model: ExportModel): void {
  const sheet = workbook.addWorksheet('À propos', {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.columns = [{ width: 22 }, { width: 70 }];
  const entries: [string, CellValue][] = [
    ['Organisation', model.organisation],
    ['Année', model.year],
    ['Version', model.versionLabel],
    ['Étape', model.stageLabel],
    ['Date d’export', model.exportedAtText],
    ['Exporté par', model.exportedBy ?? ''],
    ['Pilotes', model.pilots.map((p) => `${p.name} (${p.kindLabel})`).join('\n')],
    ['Groupe de travail', workingGroupText(model)],
    ['Réalisé avec', 'Pilotis — guide des bonnes pratiques de l’ESS'],
  ];
  entries.forEach(([label, value], index) => {
    const row = sheet.getRow(index + 1);
    setCell(row.getCell(1), label);
    setCell(row.getCell(2), value);
    row.getCell(1).font = { bold: true };
    row.alignment = { vertical: 'top', wrapText: true };
  });
  fitRowHeights(sheet, [22, 70]);
}

/** One line per person of the working group: "Nom (qualité) — thèmes 1, 3". */
function workingGroupText(model: ExportModel): string {
  return model.workingGroup
    .map((p) => `${p.name} (${p.kindLabel})${p.themes ? ` — thèmes ${p.themes}` : ''}`)
    .join('\n');
}

/**
 * Render the workbook: Pilotage (first, the one a CSV conversion or a quick look opens), Plan
 * d’action, Commentaires, Parties prenantes, À propos. Every sheet prints on A4 landscape, fitted
 * to the page width, with its header row repeated on each printed page.
 */
export async function renderWorkbook(model: ExportModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pilotis';
  workbook.title = model.title;
  addSteeringSheet(workbook, model);
  addThemesSheet(workbook, model, addTableSheet); // exports (issue 19)
  addActionSheet(workbook, model);
  addCommentSheet(workbook, model);
  addStakeholderSheet(workbook, model);
  addSectionsSheet(workbook, model, addTableSheet); // ── sections (issue 11) ──
  addAboutSheet(workbook, model);
  addReviewSheet(workbook, model, addTableSheet); // year after year (issue 15)
  const data: unknown = await workbook.xlsx.writeBuffer();
  // In Node exceljs already hands back a Buffer; only wrap what is not one.
  return Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
}
