/**
 * The action plan sheet of an imported workbook (issue 14): found like the steering table (a
 * header row in the first rows of a sheet; case, accents, apostrophes, spaces and line breaks do
 * not matter; columns in any order), read into typed values with the one French parser of
 * shared/src/text (amounts "1 234,50 €", dates "26/11/2026" or real date cells). A value that
 * does not read is left out of the import with a warning naming its line; nothing is guessed.
 */
import type ExcelJS from 'exceljs';
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABELS_FR,
  normalRowRef,
  parseFrenchAmount,
  parseFrenchDate,
  type ActionStatus,
  type ImportedAction,
} from '@pilotis/shared';
import { skeleton } from './import-columns.ts';
import { cellText, rawValue } from './import-parse.ts';

type ActionColumn =
  | 'title'
  | 'owner'
  | 'budget'
  | 'budgetSpent'
  | 'startDate'
  | 'dueDate'
  | 'quarter'
  | 'status'
  | 'rowRefs'
  | 'description'
  | 'notes'
  | 'abandonReason';

/** Matched in this order: "Budget engagé" before "Budget", "Notes d’avancement" before "État". */
const ACTION_COLUMNS: { key: ActionColumn; exact: string[]; prefix: string[] }[] = [
  {
    key: 'title',
    exact: ['action', 'actions', 'intitule', 'actionamener', 'actionsamener'],
    prefix: ['intituledelaction', 'actionamener', 'actionsamener', 'libelledelaction'],
  },
  {
    key: 'owner',
    exact: ['pilote', 'responsable', 'porteur', 'qui', 'referent'],
    prefix: ['pilote', 'responsable', 'porteur', 'referent'],
  },
  {
    key: 'budgetSpent',
    exact: ['engage', 'depense', 'depenses'],
    prefix: ['budgetengage', 'montantengage', 'budgetdepense', 'depenses'],
  },
  {
    key: 'budget',
    exact: ['budget', 'montant', 'cout'],
    prefix: ['budgetprevu', 'budgetalloue', 'montantprevu', 'coutprevu', 'budget'],
  },
  { key: 'startDate', exact: ['debut', 'du', 'datededebut'], prefix: ['datededebut', 'debut'] },
  {
    key: 'dueDate',
    exact: ['echeance', 'fin', 'au', 'datedefin'],
    prefix: ['echeance', 'datedefin', 'datelimite', 'datedecheance'],
  },
  { key: 'quarter', exact: ['trimestre', 'periode'], prefix: ['trimestre'] },
  { key: 'status', exact: ['statut', 'etat'], prefix: ['statut'] },
  {
    key: 'rowRefs',
    exact: ['lignes', 'ligne'],
    prefix: ['ligneslie', 'lignelie', 'questionslie', 'indicateurslie', 'questionsouindicateurs'],
  },
  { key: 'description', exact: ['detail', 'details'], prefix: ['description'] },
  {
    key: 'notes',
    exact: ['notes', 'note', 'suivi', 'avancement', 'commentaires', 'commentaire'],
    prefix: ['notesdavancement', 'notedavancement', 'pointdavancement', 'suivi'],
  },
  {
    key: 'abandonReason',
    exact: [],
    prefix: ['raisondelabandon', 'raisonabandon', 'motifdelabandon', 'motifdabandon'],
  },
];

function actionColumn(header: string): ActionColumn | null {
  const key = skeleton(header);
  if (!key) return null;
  return (
    ACTION_COLUMNS.find((c) => c.exact.includes(key) || c.prefix.some((p) => key.startsWith(p)))
      ?.key ?? null
  );
}

const HEADER_SCAN_ROWS = 20;
const MAX_ACTIONS = 2000;

interface ActionHeader {
  sheet: ExcelJS.Worksheet;
  rowNumber: number;
  columns: Map<ActionColumn, number>;
}

/**
 * The action plan's header: a row with an "Action" column and at least two other action columns
 * (pilote, budget, dates, statut…), on a sheet other than the steering table's.
 */
export function findActionHeader(
  workbook: ExcelJS.Workbook,
  skip: ExcelJS.Worksheet | null,
  headerText: (cell: ExcelJS.Cell) => string,
): ActionHeader | null {
  let best: ActionHeader | null = null;
  for (const sheet of workbook.worksheets) {
    if (sheet === skip) continue;
    const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
    for (let rowNumber = 1; rowNumber <= last; rowNumber++) {
      const columns = new Map<ActionColumn, number>();
      sheet.getRow(rowNumber).eachCell((cell, column) => {
        const key = actionColumn(headerText(cell));
        if (key && !columns.has(key)) columns.set(key, column);
      });
      if (!columns.has('title') || columns.size < 3) continue;
      if (!best || columns.size > best.columns.size) best = { sheet, rowNumber, columns };
    }
  }
  return best;
}

const STATUS_BY_SKELETON = new Map<string, ActionStatus>([
  ...ACTION_STATUSES.map((status) => [skeleton(ACTION_STATUS_LABELS_FR[status]), status] as const),
  ['alancer', 'todo'],
  ['afaire', 'todo'],
  ['prevu', 'todo'],
  ['pasdemarre', 'todo'],
  ['encours', 'in-progress'],
  ['demarre', 'in-progress'],
  ['fait', 'done'],
  ['faite', 'done'],
  ['termine', 'done'],
  ['terminee', 'done'],
  ['realise', 'done'],
  ['realisee', 'done'],
  ['abandonne', 'abandoned'],
  ['abandonnee', 'abandoned'],
]);

/** "T1 2027", "2027-T1", "1er trimestre 2027" → "2027-T1". */
function readQuarter(text: string): string | null {
  const folded = skeleton(text);
  const a = /^t([1-4])(\d{4})$/.exec(folded);
  if (a) return `${a[2]}-T${a[1]}`;
  const b = /^(\d{4})t([1-4])$/.exec(folded);
  if (b) return `${b[1]}-T${b[2]}`;
  const c = /^([1-4])(?:er|e|eme)?trimestre(\d{4})$/.exec(folded);
  if (c) return `${c[2]}-T${c[1]}`;
  return null;
}

function isoOfDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Read the action plan sheet under `header`; French warnings name the spreadsheet line. */
export function readActionSheet(header: ActionHeader, warnings: string[]): ImportedAction[] {
  const { sheet, columns } = header;
  const col = (key: ActionColumn) => columns.get(key);
  const text = (row: ExcelJS.Row, key: ActionColumn) => cellText(row, col(key));
  const actions: ImportedAction[] = [];
  for (let rowNumber = header.rowNumber + 1; rowNumber <= sheet.rowCount; rowNumber++) {
    const row = sheet.getRow(rowNumber);
    const title = text(row, 'title');
    if (!title) {
      const other = [...columns.keys()].some((key) => text(row, key));
      if (other)
        warnings.push(
          `Plan d’action, ligne ${rowNumber} : action sans intitulé ; elle est ignorée.`,
        );
      continue;
    }
    if (actions.length >= MAX_ACTIONS) {
      warnings.push(`Plan d’action : plus de ${MAX_ACTIONS} actions ; la suite est ignorée.`);
      break;
    }
    const where = `Plan d’action, ligne ${rowNumber}`;
    const action: ImportedAction = { title };
    for (const key of ['description', 'owner', 'notes', 'abandonReason'] as const) {
      const value = text(row, key);
      if (value) action[key] = value;
    }
    for (const key of ['budget', 'budgetSpent'] as const) {
      if (col(key) === undefined) continue;
      const raw = rawValue(row.getCell(col(key)!));
      if (typeof raw === 'number') {
        if (raw >= 0) action[key] = Math.round(raw * 100) / 100;
        else warnings.push(`${where} : montant négatif ignoré.`);
        continue;
      }
      const typed = text(row, key);
      if (!typed) continue;
      const parsed = parseFrenchAmount(typed);
      if (parsed.ok && parsed.value !== null) action[key] = parsed.value;
      else if (!parsed.ok) warnings.push(`${where} : « ${typed} » — ${parsed.message}`);
    }
    for (const key of ['startDate', 'dueDate'] as const) {
      if (col(key) === undefined) continue;
      const raw = rawValue(row.getCell(col(key)!));
      if (raw instanceof Date) {
        action[key] = isoOfDate(raw);
        continue;
      }
      const typed = text(row, key);
      if (!typed) continue;
      const parsed = parseFrenchDate(typed);
      if (parsed.ok && parsed.value) action[key] = parsed.value;
      else if (!parsed.ok) warnings.push(`${where} : « ${typed} » — ${parsed.message}`);
    }
    if (action.startDate && action.dueDate && action.dueDate < action.startDate) {
      warnings.push(`${where} : l’échéance précède la date de début ; l’échéance est ignorée.`);
      delete action.dueDate;
    }
    const quarterText = text(row, 'quarter');
    if (quarterText) {
      const quarter = readQuarter(quarterText);
      if (quarter) action.quarter = quarter;
      else warnings.push(`${where} : trimestre « ${quarterText} » non reconnu (T1 2027 attendu).`);
    }
    const statusText = text(row, 'status');
    if (statusText) {
      const status = STATUS_BY_SKELETON.get(skeleton(statusText));
      if (!status) {
        warnings.push(
          `${where} : statut « ${statusText} » non reconnu (À lancer, En cours, Fait ou Abandonné).`,
        );
      } else if (status === 'abandoned' && !action.abandonReason) {
        warnings.push(`${where} : action abandonnée sans raison ; le statut n’est pas repris.`);
      } else {
        action.status = status;
      }
    }
    const refs = text(row, 'rowRefs')
      .split(/[,;\n]/)
      .map((part) => normalRowRef(part))
      .filter((ref): ref is string => ref !== null);
    if (refs.length > 0) action.rowRefs = refs;
    actions.push(action);
  }
  return actions;
}
