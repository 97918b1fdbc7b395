/**
 * The dossier's action plan (issue 14): the actions grouped by theme with their totals (prévu,
 * engagé, number by status), then the plan as a calendar by quarter — who does what when, late
 * actions marked. Called from pdf.ts, which passes its text and table helpers so the dossier
 * keeps one look.
 */
import type { Content, TableCell } from 'pdfmake';
import { formatEurosFr, type ExportAction, type ExportModel } from '@pilotis/shared';

export interface PdfHelpers {
  clean(text: string): string;
  labelled(label: string): string;
  headerCells(titles: readonly string[]): TableCell[];
  tableLayout: object;
  grey: string;
  pale: string;
  navy: string;
}

const RED = '#B3261E';
const STATUS_FILL: Record<ExportAction['statusCode'], string> = {
  todo: '#C9D3DC',
  'in-progress': '#1F5F8B',
  done: '#2E7D4F',
  abandoned: '#DDDDDD',
};

/** Cent-exact sums, as the app shows them. */
const sum = (values: (number | null)[]) =>
  values.reduce<number>(
    (total, value) => (value === null ? total : Math.round(total * 100 + value * 100) / 100),
    0,
  );

function statusCounts(actions: ExportAction[]): string {
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(action.status, (counts.get(action.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status.toLowerCase()}`).join(' · ');
}

function totalsRow(label: string, actions: ExportAction[], pale: string): TableCell[] {
  return [
    {
      text: `${label} — ${actions.length} action(s) : ${statusCounts(actions)}`,
      bold: true,
      colSpan: 4,
      fillColor: pale,
    },
    {},
    {},
    {},
    {
      text: formatEurosFr(sum(actions.map((a) => a.budget))),
      bold: true,
      alignment: 'right',
      fillColor: pale,
    },
    {
      text: formatEurosFr(sum(actions.map((a) => a.budgetSpent))),
      bold: true,
      alignment: 'right',
      fillColor: pale,
    },
  ];
}

function planTable(model: ExportModel, h: PdfHelpers): Content {
  const body: TableCell[][] = [
    h.headerCells(['Action', 'Pilote', 'Début → échéance', 'Statut', 'Prévu', 'Engagé']),
  ];
  const themes = [...new Set(model.actions.map((action) => action.themeLabel))];
  for (const theme of themes) {
    const actions = model.actions.filter((action) => action.themeLabel === theme);
    body.push([
      { text: h.clean(theme), bold: true, color: h.navy, colSpan: 6 },
      {},
      {},
      {},
      {},
      {},
    ]);
    for (const action of actions) {
      const detail: Content[] = [
        { text: h.clean(action.title) || 'Action sans titre', bold: true },
      ];
      if (action.description) detail.push({ text: h.clean(action.description) });
      if (action.rowRefs.length > 0)
        detail.push({
          text: h.labelled('Lignes liées') + action.rowRefs.join(', '),
          style: 'small',
        });
      if (action.notes)
        detail.push({ text: h.labelled('Avancement') + h.clean(action.notes), style: 'small' });
      if (action.abandonReason && action.statusCode === 'abandoned')
        detail.push({
          text: h.labelled('Abandonnée') + h.clean(action.abandonReason),
          style: 'small',
        });
      body.push([
        { stack: detail },
        h.clean(action.owner),
        [action.startDate, action.dueDate].filter(Boolean).join(' → ') +
          (action.quarter ? `\n${action.quarter}` : ''),
        action.late
          ? { text: `${action.status}\nEN RETARD`, color: RED, bold: true }
          : action.status,
        { text: action.budgetText, alignment: 'right' },
        { text: action.budgetSpentText, alignment: 'right' },
      ]);
    }
    body.push(totalsRow('Total du thème', actions, h.pale));
  }
  body.push(totalsRow('Total général', model.actions, h.pale));
  return {
    table: { headerRows: 1, widths: ['*', 70, 70, 52, 56, 56], body },
    layout: h.tableLayout,
    fontSize: 8.5,
  };
}

/** "2027-T1"-style keys of the quarters an action spans. */
function quarterKey(iso: string): string {
  return `${iso.slice(0, 4)}-T${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
}

function calendar(model: ExportModel, h: PdfHelpers): Content[] {
  const dated = model.actions
    .filter((action) => action.startIso || action.dueIso)
    .sort((a, b) => (a.startIso ?? a.dueIso!).localeCompare(b.startIso ?? b.dueIso!));
  if (dated.length === 0) return [{ text: 'Aucune action datée.', italics: true, color: h.grey }];
  const keys = dated
    .flatMap((a) => [a.startIso, a.dueIso])
    .filter((d): d is string => !!d)
    .map(quarterKey)
    .sort();
  const quarters: string[] = [];
  let [year, q] = keys[0]!.split('-T').map(Number) as [number, number];
  const last = keys.at(-1)!;
  while (quarters.length < 12) {
    const key = `${year}-T${q}`;
    quarters.push(key);
    if (key === last) break;
    q = q === 4 ? 1 : q + 1;
    if (q === 1) year++;
  }
  const body: TableCell[][] = [
    h.headerCells([
      'Action — pilote',
      ...quarters.map((key) => `${key.slice(5)} ${key.slice(0, 4)}`),
    ]),
  ];
  for (const action of dated) {
    const from = quarterKey(action.startIso ?? action.dueIso!);
    const to = quarterKey(action.dueIso ?? action.startIso!);
    body.push([
      {
        text: [
          {
            text: h.clean(action.title) || 'Action sans titre',
            bold: true,
            color: action.late ? RED : undefined,
          },
          { text: ` — ${h.clean(action.owner) || 'sans pilote'}`, color: h.grey },
        ],
      },
      ...quarters.map((key): TableCell => {
        const inside = key >= from && key <= to;
        if (!inside) return { text: '' };
        const isLast = key === to;
        return {
          text: isLast ? (action.late ? 'En retard' : action.status) : '',
          fillColor: action.late ? RED : STATUS_FILL[action.statusCode],
          color:
            action.late || action.statusCode === 'in-progress' || action.statusCode === 'done'
              ? 'white'
              : 'black',
          fontSize: 7,
          bold: action.late,
        };
      }),
    ]);
  }
  return [
    {
      table: { headerRows: 1, widths: ['*', ...quarters.map(() => 44)], body, dontBreakRows: true },
      layout: h.tableLayout,
      fontSize: 8,
    },
    {
      text: 'Chaque action occupe les trimestres de son début à son échéance ; le statut est écrit au trimestre de l’échéance.',
      style: 'small',
      margin: [0, 4, 0, 0],
    },
  ];
}

/** The action plan part of the dossier: its heading, the plan by theme and the calendar. */
export function actionPlanPdf(model: ExportModel, h: PdfHelpers, heading: Content): Content[] {
  if (model.actions.length === 0) {
    return [heading, { text: 'Aucune action enregistrée.', italics: true, color: h.grey }];
  }
  return [
    heading,
    planTable(model, h),
    { text: 'Calendrier du plan d’action', style: 'h2', tocItem: true, pageBreak: 'before' },
    ...calendar(model, h),
  ];
}
