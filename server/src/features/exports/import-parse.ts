/**
 * Import of an existing steering spreadsheet (step 9, "et import d’un tableau existant"): many
 * groups start from the table of the guide, typed in Excel or LibreOffice. Bytes in, rows out:
 * runs in the renderer process (import-worker.ts), never on the server's thread. Cells read as
 * Excel shows them ("72 %", "1 234,50 €", "26/11/2026"); apostrophes become French ’; the seed's
 * "Question non traitée …" convention in the état des lieux marks the row non traitée.
 */
import ExcelJS from 'exceljs';
import {
  formatFrenchNumber,
  frenchApostrophes,
  parseFrenchNumber,
  THEME_NOT_RETAINED_PREFIX,
  type ImportedAction,
  type ImportedRow,
  type ImportedThemeStatus,
  type Nature,
} from '@pilotis/shared';
import { guardArchive, ImportError, NOT_XLSX } from './import-archive.ts';
import { findActionHeader, readActionSheet } from './import-actions.ts';
import {
  COLUMN_SPECS,
  columnKey,
  domainNumberOf,
  domainTitleOf,
  fold,
  matchTheme,
  REQUIRED,
  skeleton,
  type ColumnKey,
} from './import-columns.ts';

/** How many header rows candidates are looked at, per sheet (titles and notes often come first). */
const HEADER_SCAN_ROWS = 20;
/** Lines read from the table; beyond it the file is not a steering table of one organisation. */
const MAX_DATA_ROWS = 5000;

const NO_HEADER =
  'Aucun tableau de pilotage reconnu : la ligne d’en-tête doit contenir les colonnes Thème, ' +
  'Domaine d’action, Questions ou indicateurs, État des lieux (année N0), Objectif à 1 an ' +
  '(année N+1) et Objectif à 3 ans (année N+3).';
const EMPTY = 'Le tableau de pilotage est vide : aucune ligne sous la ligne d’en-tête.';
const EMPTY_ACTIONS = 'Le plan d’action est vide : aucune action sous la ligne d’en-tête.';

export interface ImportResult {
  /** The sheet the table was read from. */
  sheetName: string;
  rows: ImportedRow[];
  themes: ImportedThemeStatus[];
  /** Issue 14: the action plan sheet's actions (empty when the workbook has none). */
  actions: ImportedAction[];
  /** The sheet the action plan was read from, when there is one. */
  actionSheetName?: string;
  /** French, one per problem, with the spreadsheet line number. */
  warnings: string[];
}

// --- Cells ---------------------------------------------------------------------------------

/** Decimals a number format shows ("#,##0.00" → 2, "0 %" → 0), or undefined for General. */
function formatDecimals(numFmt: string | undefined): number | undefined {
  if (!numFmt || /general/i.test(numFmt)) return undefined;
  // Excel formats always write "." for decimals and "," for thousands, whatever the locale.
  const section = (numFmt.split(';')[0] ?? '').replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  if (!/[0#]/.test(section)) return undefined;
  return /\.([0#]+)/.exec(section)?.[1]?.length ?? 0;
}

type Kind = 'percent' | 'euro' | 'number';

function numberKind(numFmt: string | undefined): Kind {
  const format = (numFmt ?? '').replace(/"[^"]*"/g, (quoted) => (quoted.includes('€') ? '€' : ''));
  if (format.includes('%')) return 'percent';
  if (format.includes('€') || /\[\$EUR/i.test(format)) return 'euro';
  return 'number';
}

/** A number cell as its format shows it, and the value and unit behind it. */
function numberDisplay(value: number, numFmt: string | undefined) {
  const kind = numberKind(numFmt);
  const decimals = formatDecimals(numFmt);
  if (kind === 'percent') {
    const percent = Math.round(value * 100 * 1e9) / 1e9;
    return { text: formatFrenchNumber(percent, '%', decimals), value: percent, unit: '%' };
  }
  if (kind === 'euro') return { text: formatFrenchNumber(value, '€'), value, unit: '€' };
  return { text: formatFrenchNumber(value, undefined, decimals), value, unit: '' };
}

function dateText(value: Date): string {
  return value.toISOString().slice(0, 10).split('-').reverse().join('/');
}

function valueText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberDisplay(value, numFmt).text;
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    // A formula's last computed result is what the person saw; the formula itself is not used.
    return valueText((value.result ?? null) as ExcelJS.CellValue, numFmt);
  }
  if ('hyperlink' in value) return valueText(value.text as ExcelJS.CellValue);
  return '';
}

/** The cell's value behind formulas. */
export function rawValue(cell: ExcelJS.Cell): ExcelJS.CellValue {
  const value = cell.value;
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    return (value.result ?? null) as ExcelJS.CellValue;
  }
  return value;
}

export function cellText(row: ExcelJS.Row, column: number | undefined): string {
  if (column === undefined) return '';
  const cell = row.getCell(column);
  return frenchApostrophes(valueText(cell.value, cell.numFmt).trim());
}

/** A number cell read as a measure: value and unit ("72 %" → 72, "%"). */
function cellMeasure(
  row: ExcelJS.Row,
  column: number | undefined,
): { value: number; unit: string } | undefined | null {
  if (column === undefined) return undefined;
  const cell = row.getCell(column);
  const value = rawValue(cell);
  if (typeof value === 'number') {
    const shown = numberDisplay(value, cell.numFmt);
    return { value: shown.value, unit: shown.unit };
  }
  const text = valueText(value, cell.numFmt).trim();
  if (!text) return undefined;
  const parsed = parseFrenchNumber(text);
  if (!parsed.ok || parsed.value === null) return null;
  return { value: parsed.value, unit: parsed.unit ?? '' };
}

function parseNature(text: string): Nature | undefined {
  const folded = fold(text);
  if (folded.startsWith('quanti')) return 'quantitative';
  if (folded.startsWith('quali')) return 'qualitative';
  return undefined;
}

function parseTreated(text: string): boolean | undefined {
  const folded = fold(text);
  if (['oui', 'o', 'yes', 'y', 'x', 'vrai', 'true', '1', 'traitee'].includes(folded)) return true;
  if (['non', 'n', 'no', 'faux', 'false', '0', 'non traitee'].includes(folded)) return false;
  return undefined;
}

// --- Parsing -------------------------------------------------------------------------------

interface HeaderMatch {
  sheet: ExcelJS.Worksheet;
  rowNumber: number;
  columns: Map<ColumnKey, number>;
  duplicates: string[];
}

function findHeader(workbook: ExcelJS.Workbook): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  for (const sheet of workbook.worksheets) {
    const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
    for (let rowNumber = 1; rowNumber <= last; rowNumber++) {
      const columns = new Map<ColumnKey, number>();
      const duplicates: string[] = [];
      sheet.getRow(rowNumber).eachCell((cell, column) => {
        const key = columnKey(valueText(cell.value));
        if (!key) return;
        if (columns.has(key)) duplicates.push(valueText(cell.value).trim());
        else columns.set(key, column);
      });
      if (!REQUIRED.every((key) => columns.has(key))) continue;
      if (!best || columns.size > best.columns.size) {
        best = { sheet, rowNumber, columns, duplicates };
      }
    }
  }
  return best;
}

const NOT_RETAINED = skeleton(THEME_NOT_RETAINED_PREFIX);
const NOT_TREATED = skeleton('Question non traitée');

/**
 * Read an uploaded .xlsx steering table. Finds, in the first rows of every sheet, the header row
 * holding at least Thème, Domaine d’action and Questions ou indicateurs (case, accents, apostrophes,
 * spaces and line breaks do not matter; columns may come in any order; unknown columns are
 * ignored); carries merged or blank theme and domain cells down; maps theme cells to the eight
 * themes by number or by words. Throws ImportError for an unreadable, oversized (10 Mo upload,
 * 100 Mo inflated) or empty file, or one without a recognisable header.
 */
export async function parseSteeringWorkbook(data: Uint8Array): Promise<ImportResult> {
  const archive = guardArchive(data);
  const workbook = new ExcelJS.Workbook();
  try {
    const buffer = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportError('not_xlsx', NOT_XLSX);
  }
  if (workbook.worksheets.length === 0) throw new ImportError('not_xlsx', NOT_XLSX);
  const header = findHeader(workbook);
  const actionHeader = findActionHeader(workbook, header?.sheet ?? null, (cell) =>
    valueText(cell.value),
  );
  const warnings: string[] = [];
  const actions = actionHeader ? readActionSheet(actionHeader, warnings) : [];
  if (!header) {
    // A workbook holding only an action plan is imported as such.
    if (!actionHeader) throw new ImportError('no_header', NO_HEADER);
    if (actions.length === 0) throw new ImportError('empty', EMPTY_ACTIONS);
    return {
      sheetName: actionHeader.sheet.name,
      actionSheetName: actionHeader.sheet.name,
      rows: [],
      themes: [],
      actions,
      warnings,
    };
  }

  const { sheet, columns } = header;
  for (const title of header.duplicates) {
    warnings.push(`Colonne « ${title} » en double : seule la première est lue.`);
  }
  for (const spec of COLUMN_SPECS.slice(3, 6)) {
    if (!columns.has(spec.key)) {
      warnings.push(`Colonne « ${spec.title} » absente : elle reste vide.`);
    }
  }

  const col = (key: ColumnKey) => columns.get(key);
  const rows: ImportedRow[] = [];
  const themes: ImportedThemeStatus[] = [];
  let themeNumber: number | null = null;
  let themeText = '';
  let domainTitle = '';
  let domainNumber: string | undefined;
  let dataRows = 0;
  const lastRow = sheet.rowCount;
  for (let rowNumber = header.rowNumber + 1; rowNumber <= lastRow; rowNumber++) {
    const row = sheet.getRow(rowNumber);
    const themeCell = cellText(row, col('theme'));
    const domainCell = cellText(row, col('domain'));
    const texts = {
      label: cellText(row, col('label')),
      baseline: cellText(row, col('baseline')),
      target1y: cellText(row, col('target1y')),
      target3y: cellText(row, col('target3y')),
    };
    const hasText = Object.values(texts).some(Boolean);
    if (!themeCell && !domainCell && !hasText) continue;
    if (++dataRows > MAX_DATA_ROWS) {
      warnings.push(`Plus de ${MAX_DATA_ROWS} lignes : la suite du tableau est ignorée.`);
      break;
    }

    if (themeCell && themeCell !== themeText) {
      themeText = themeCell;
      themeNumber = matchTheme(themeCell);
      domainTitle = '';
      domainNumber = undefined;
      if (themeNumber === null) {
        warnings.push(
          `Ligne ${rowNumber} : thème « ${themeCell} » non reconnu parmi les huit thèmes du guide ; ` +
            'ses lignes sont ignorées.',
        );
      }
    }
    if (domainCell) {
      domainTitle = domainTitleOf(domainCell);
      domainNumber = domainNumberOf(domainCell);
    }
    if (themeNumber === null) {
      if (!themeText) {
        warnings.push(
          `Ligne ${rowNumber} : aucun thème au-dessus de cette ligne ; elle est ignorée.`,
        );
      }
      continue;
    }

    // Issue 19: a theme left aside is a line without domain nor question, "Non" in Thème retenu.
    if (
      !domainCell &&
      !texts.label &&
      parseTreated(cellText(row, col('themeRetained'))) === false
    ) {
      themes.push({ themeNumber, notRetainedReason: cellText(row, col('notTreatedReason')) });
      continue;
    }
    if (!domainCell && skeleton(texts.label).startsWith(NOT_RETAINED)) {
      const reason = texts.label.replace(/^[^:]*:?/, '').trim();
      themes.push({ themeNumber, notRetainedReason: reason });
      continue;
    }
    // A theme shown on a line of its own (no domain, no text) only says the theme exists.
    if (!hasText && !domainCell) continue;
    if (!domainTitle) {
      warnings.push(
        `Ligne ${rowNumber} : aucun domaine d’action ; la ligne est rangée dans « Autres questions ».`,
      );
    }

    const imported: ImportedRow = {
      themeNumber,
      domainTitle: domainTitle || 'Autres questions',
      ...texts,
    };
    if (domainNumber && domainTitle) imported.domainNumber = domainNumber;
    const nature = parseNature(cellText(row, col('nature')));
    if (nature) imported.nature = nature;
    if (col('unit') !== undefined) imported.unit = cellText(row, col('unit'));
    let measure = cellMeasure(row, col('baselineValue'));
    if (measure === null) {
      warnings.push(`Ligne ${rowNumber} : la valeur N0 n’est pas un nombre ; elle est ignorée.`);
      measure = undefined;
    }
    // No value column, but the état des lieux is itself a number cell ("72 %"): it is the value.
    if (measure === undefined && col('baselineValue') === undefined) {
      const cell = col('baseline') === undefined ? null : row.getCell(col('baseline')!);
      if (cell && typeof rawValue(cell) === 'number') measure = cellMeasure(row, col('baseline'))!;
    }
    if (measure) {
      imported.baselineValue = measure.value;
      if (measure.unit && !imported.unit) imported.unit = measure.unit;
    }
    // The seed's convention: "Question non traitée car …" in the état des lieux is the reason.
    if (skeleton(texts.baseline).startsWith(NOT_TREATED)) {
      imported.treated = false;
      imported.notTreatedReason = texts.baseline;
      imported.baseline = '';
    }
    const treatedText = cellText(row, col('treated'));
    const treated = parseTreated(treatedText);
    if (treated !== undefined && imported.treated === undefined) imported.treated = treated;
    else if (treatedText) {
      warnings.push(`Ligne ${rowNumber} : « ${treatedText} » dans Traitée (Oui ou Non attendu).`);
    }
    const reason = cellText(row, col('notTreatedReason'));
    if (
      reason ||
      (col('notTreatedReason') !== undefined && imported.notTreatedReason === undefined)
    ) {
      imported.notTreatedReason = reason;
    }
    if (col('sources') !== undefined) imported.sources = cellText(row, col('sources'));
    rows.push(imported);
  }
  if (rows.length === 0 && themes.length === 0 && actions.length === 0) {
    throw new ImportError('empty', EMPTY);
  }
  const result: ImportResult = { sheetName: sheet.name, rows, themes, actions, warnings };
  if (actionHeader) result.actionSheetName = actionHeader.sheet.name;
  return result;
}
