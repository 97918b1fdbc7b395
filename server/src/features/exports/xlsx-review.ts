/**
 * The one-year review in the workbook (issue 15): a *Revue à un an* sheet, one line per row carried
 * with last year's 1-year objective — « objectif atteint ? » (Oui, Partiellement, Non, À revoir) and
 * the comment. Only in a cycle that has such rows.
 */
import type ExcelJS from 'exceljs';
import type { ExportModel } from '@pilotis/shared';
import type { TableSheet } from './xlsx-themes.ts';

export const REVIEW_SHEET = 'Revue à un an';

export function addReviewSheet(
  workbook: ExcelJS.Workbook,
  model: ExportModel,
  addTableSheet: TableSheet,
): void {
  if (model.oneYearReviews.length === 0) return;
  const year = model.oneYearReviews[0]!.year;
  addTableSheet(
    workbook,
    REVIEW_SHEET,
    [
      'Ligne',
      'Question ou indicateur',
      `Objectif à 1 an fixé en ${year}`,
      'Objectif atteint ?',
      'Commentaire',
    ],
    [10, 50, 40, 16, 50],
    model.oneYearReviews.map((line) => [
      line.place,
      line.label,
      line.objective,
      line.answer,
      line.comment,
    ]),
    model,
  );
}
