/**
 * Layout of the workbook for the tools people actually open it with (issue 19): LibreOffice does
 * not grow a row to fit its wrapped text when the file does not say how tall the row is, so the
 * text of one row was drawn over the next ones. Row heights are therefore estimated here from the
 * text, the column widths and the font size; and the print set-up only shrinks a sheet to the page
 * width when the text stays readable (≥ 8 pt).
 */
import type ExcelJS from 'exceljs';

/** Font size of the cells (exceljs' default, Calibri 11; LibreOffice uses metric-compatible Carlito). */
export const CELL_FONT_PT = 11;
/** Smallest printed size we accept when fitting a sheet to the page width. */
export const MIN_PRINT_PT = 8;
/** Excel refuses taller rows. */
const MAX_ROW_PT = 409;
/** Line height of Calibri/Carlito 11 in both Excel and LibreOffice, with a little room. */
const LINE_PT = 15;
/** Top and bottom padding of a cell. */
const PADDING_PT = 4;
/**
 * Characters of ordinary French text that fit on one line of a column `width` characters wide
 * (width counts the digit "0"; text mixes wider capitals and narrower letters). Kept on the safe
 * side: a row a line too tall is fine, a row a line too short hides text.
 */
function capacity(width: number): number {
  return Math.max(1, Math.floor(width * 1.05) - 2);
}

/**
 * The number of lines a cell's text takes once wrapped in a column `width` characters wide:
 * explicit line breaks first, then greedy word wrap (a word longer than the line is cut, as both
 * spreadsheets do).
 */
export function wrappedLines(text: string, width: number, fontPt = CELL_FONT_PT): number {
  const perLine = Math.max(1, Math.floor((capacity(width) * CELL_FONT_PT) / fontPt));
  let lines = 0;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let used = 0;
    let count = 1;
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      let length = [...word].length;
      const need = used === 0 ? length : used + 1 + length;
      if (need <= perLine) {
        used = need;
        continue;
      }
      if (used > 0) count++;
      while (length > perLine) {
        length -= perLine;
        count++;
      }
      used = length;
    }
    lines += count;
  }
  return Math.max(1, lines);
}

/** The text a cell shows, for the estimate (numbers and dates take one line). */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'richText' in value) {
    return value.richText.map((part) => part.text).join('');
  }
  return String(value);
}

/**
 * Set the height of rows `fromRow` and below from their wrapped text, so every line shows and
 * prints without running over the next row. `widths` are the column widths in characters.
 */
export function fitRowHeights(
  sheet: ExcelJS.Worksheet,
  widths: readonly number[],
  fromRow = 1,
): void {
  for (let r = fromRow; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    let lines = 1;
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const width = widths[column - 1] ?? 10;
      const size = cell.font?.size ?? CELL_FONT_PT;
      lines = Math.max(lines, wrappedLines(cellText(cell), width, size));
    });
    row.height = Math.min(MAX_ROW_PT, lines * LINE_PT + PADDING_PT);
  }
}

/** Width of a column in points as printed at 100 %: about 7 px per character plus 5 px padding. */
function columnPt(width: number): number {
  return (width * 7 + 5) * 0.75;
}

/** Printable width of an A4 page in points, with the workbook's 0.4-inch side margins. */
function printableWidthPt(orientation: 'landscape' | 'portrait'): number {
  const page = orientation === 'landscape' ? 842 : 595;
  return page - 2 * 0.4 * 72;
}

/**
 * The print set-up of a table sheet: fitted to one page wide when the text then prints at 8 pt or
 * more; otherwise printed at full size, pages flowing to the right, with the first columns (those
 * that fit in 40 % of the page, at least the first) repeated on every page next to the header row.
 */
export function tablePrintSetup(
  widths: readonly number[],
  orientation: 'landscape' | 'portrait' = 'landscape',
): Partial<ExcelJS.PageSetup> {
  const page = printableWidthPt(orientation);
  const total = widths.reduce((sum, width) => sum + columnPt(width), 0);
  const scale = Math.min(1, page / total);
  const common: Partial<ExcelJS.PageSetup> = {
    paperSize: 9, // A4
    orientation,
    printTitlesRow: '1:1',
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  if (CELL_FONT_PT * scale >= MIN_PRINT_PT) {
    return { ...common, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  }
  let repeated = 0;
  let used = 0;
  while (repeated < widths.length - 1 && used + columnPt(widths[repeated]!) <= page * 0.4) {
    used += columnPt(widths[repeated]!);
    repeated++;
  }
  repeated = Math.max(1, repeated);
  const last = String.fromCharCode(64 + repeated);
  return {
    ...common,
    fitToPage: false,
    scale: 100,
    pageOrder: 'overThenDown',
    printTitlesColumn: `A:${last}`,
  };
}
