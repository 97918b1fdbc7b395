/**
 * What the group decided per theme, in the workbook (issue 19): the *Pilotage* sheet says on every
 * line whether its theme is retained (a "Thème retenu" column, so sorting and filtering work) instead
 * of a fake "Thème non retenu : …" question, and a *Thèmes* sheet lists the eight themes with their
 * priority, reason, good practices and progress axes.
 */
import type ExcelJS from 'exceljs';
import {
  NO_FR,
  STEERING_COLUMNS,
  steeringCells,
  YES_FR,
  type ExportModel,
  type SteeringLine,
} from '@pilotis/shared';

/** Title of the column added after the steering columns; the importer reads it back. */
export const THEME_RETAINED_COLUMN = 'Thème retenu';

/** Every column of the *Pilotage* sheet: the steering columns, then "Thème retenu". */
export const PILOTAGE_COLUMNS = [...STEERING_COLUMNS, THEME_RETAINED_COLUMN] as const;

/**
 * The cells of one *Pilotage* line: the steering cells, with the line that stands for a theme left
 * aside carrying an empty question and its reason in "Raison si non traitée", then "Oui"/"Non".
 */
export function pilotageCells(
  line: SteeringLine,
  model: Pick<ExportModel, 'themes'>,
): (string | number | null)[] {
  const cells = steeringCells(line);
  if (line.kind === 'theme' && !line.themeRetained) {
    const theme = model.themes.find((t) => t.number === line.themeNumber);
    cells[2] = '';
    cells[10] = theme?.notRetainedReason.trim() ?? '';
  }
  return [...cells, line.themeRetained ? YES_FR : NO_FR];
}

export type TableSheet = (
  workbook: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  widths: number[],
  rows: (string | number | null)[][],
  model: ExportModel,
) => ExcelJS.Worksheet;

/**
 * The *Thèmes* sheet: number (a real number), title, retained, priority (a number), reason when not
 * retained, good practices, progress axes and the referents of the working group for the theme.
 */
export function addThemesSheet(
  workbook: ExcelJS.Workbook,
  model: ExportModel,
  addTableSheet: TableSheet,
): void {
  addTableSheet(
    workbook,
    'Thèmes',
    [
      'N°',
      'Thème',
      'Retenu',
      'Priorité',
      'Raison si non retenu',
      'Bonnes pratiques actuelles',
      'Axes de progrès',
      'Référents',
    ],
    [6, 32, 9, 9, 36, 44, 44, 28],
    model.themes.map((theme) => [
      theme.number,
      theme.title,
      theme.retainedLabel,
      theme.priority,
      theme.retained ? '' : theme.notRetainedReason,
      theme.goodPractices,
      theme.improvements,
      model.workingGroup
        .filter((person) =>
          person.themes
            .split(',')
            .map((n) => n.trim())
            .includes(String(theme.number)),
        )
        .map((person) => person.name)
        .join('\n'),
    ]),
    model,
  );
}
