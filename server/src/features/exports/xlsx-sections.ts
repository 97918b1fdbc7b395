/**
 * The *Sections* sheet of the workbook (issue 11): every narrative section as plain text with its
 * line breaks (lists as « • », table rows with « | »), one row per section.
 */
import type ExcelJS from 'exceljs';
import type { ExportModel } from '@pilotis/shared';

/** Adds the sheet through the workbook's own table-sheet helper (same print setup and escaping). */
export function addSectionsSheet(
  workbook: ExcelJS.Workbook,
  model: ExportModel,
  addTableSheet: (
    workbook: ExcelJS.Workbook,
    name: string,
    headers: readonly string[],
    widths: number[],
    rows: (string | number | null)[][],
    model: ExportModel,
  ) => unknown,
): void {
  addTableSheet(
    workbook,
    'Sections',
    ['Section', 'Texte'],
    [40, 110],
    model.sections.map((section) => [
      section.heading ?? section.title,
      section.paragraphs.join('\n'),
    ]),
    model,
  );
}
