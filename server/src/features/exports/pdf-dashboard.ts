/**
 * The dossier's dashboard and one-year review (issue 15): the same figures as the Tableau de bord
 * view (`dashboardFigures`, in the export model), per theme with the totals, as a real table with
 * a header row (read in order by a screen reader, printed whole); then « objectif atteint ? » for
 * each row carried with last year's 1-year objective. Called from pdf.ts with its helpers.
 */
import type { Content, TableCell } from 'pdfmake';
import { formatEurosFr, type DashboardFigures, type ExportModel } from '@pilotis/shared';
import type { PdfHelpers } from './pdf-actions.ts';

const percent = (part: number, whole: number) =>
  whole === 0 ? '0 %' : `${Math.round((part / whole) * 100)}\u00a0%`;

function figuresCells(
  name: string,
  retained: string,
  f: DashboardFigures,
  bold = false,
): TableCell[] {
  const reviews = f.reviews
    ? `${f.reviews.yes} oui · ${f.reviews.partly} en partie · ${f.reviews.no} non · ${f.reviews.pending} à revoir`
    : '—';
  return [
    { text: name, bold },
    { text: retained, bold },
    { text: String(f.rows), alignment: 'right', bold },
    { text: `${f.withBaseline} (${percent(f.withBaseline, f.rows)})`, alignment: 'right', bold },
    {
      text: `${f.withObjectives} (${percent(f.withObjectives, f.rows)})`,
      alignment: 'right',
      bold,
    },
    { text: `${f.quantitative} / ${f.qualitative}`, alignment: 'right', bold },
    {
      text: `${f.actionsDone} / ${f.actions}${f.actionsLate ? ` (${f.actionsLate} en retard)` : ''}`,
      bold,
    },
    {
      text: `${formatEurosFr(f.budgetSpent)} / ${formatEurosFr(f.budgetPlanned)}`,
      alignment: 'right',
      bold,
    },
    { text: reviews, bold },
  ];
}

export function dashboardPdf(model: ExportModel, helpers: PdfHelpers): Content[] {
  const { dashboard } = model;
  const retained = dashboard.themes.filter((theme) => theme.retained).length;
  const body: TableCell[][] = [
    helpers.headerCells([
      'Thème',
      'Retenu',
      'Lignes',
      'Avec état des lieux',
      'Avec objectifs',
      'Quanti / quali',
      'Actions faites',
      'Budget engagé / prévu',
      'Objectifs de l’an dernier',
    ]),
    ...dashboard.themes.map((theme) =>
      figuresCells(
        `${theme.number}. ${helpers.clean(theme.title)}`,
        theme.retained ? 'Oui' : 'Non',
        theme,
      ),
    ),
    ...(dashboard.noTheme ? [figuresCells('Sans thème', '', dashboard.noTheme)] : []),
    figuresCells('Total', `${retained} / ${dashboard.themes.length}`, dashboard.overall, true),
  ];
  const content: Content[] = [
    { text: `Tableau de bord ${model.year}`, style: 'h1', tocItem: true, pageBreak: 'before' },
    {
      text: `Au ${dashboard.day.split('-').reverse().join('/')} : ${retained} thème(s) retenu(s) sur ${dashboard.themes.length}, ${dashboard.overall.withBaseline} ligne(s) sur ${dashboard.overall.rows} avec un état des lieux, ${dashboard.overall.actionsDone} action(s) faite(s) sur ${dashboard.overall.actions}.`,
      margin: [0, 0, 0, 8],
    },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: ['*', 32, 30, 44, 44, 36, 44, 66, 70],
        body,
      },
      layout: helpers.tableLayout,
      fontSize: 8,
    },
  ];
  if (model.oneYearReviews.length > 0) {
    const year = model.oneYearReviews[0]!.year;
    content.push(
      {
        text: `Revue à un an : objectifs ${year} atteints ?`,
        style: 'h2',
        tocItem: true,
        margin: [0, 14, 0, 6],
      },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [40, '*', '*', 62, '*'],
          body: [
            helpers.headerCells([
              'Ligne',
              'Question ou indicateur',
              `Objectif fixé en ${year}`,
              'Atteint ?',
              'Commentaire',
            ]),
            ...model.oneYearReviews.map((line): TableCell[] => [
              line.place,
              helpers.clean(line.label),
              helpers.clean(line.objective),
              { text: line.answer, bold: line.answer !== 'À revoir' },
              helpers.clean(line.comment),
            ]),
          ],
        },
        layout: helpers.tableLayout,
        fontSize: 8,
      },
    );
  }
  return content;
}
