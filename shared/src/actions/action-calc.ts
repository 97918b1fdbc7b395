/**
 * What the action plan shows besides its fields: each action's theme, row references ("1.3 n°2"),
 * totals per theme and overall, lateness on a given day, quarters, filters and sorting. Pure
 * functions of the plain model, shared by the views, the checklist and the exports.
 */
import {
  ACTION_STATUSES,
  type Action,
  type ActionStatus,
  type CycleModel,
  type Theme,
} from '../schema/cycle.types.ts';
import { domainNumbers } from '../schema/cycle-doc.ts';
import { byId } from '../schema/group.ts';
import { byOrder } from '../schema/order.ts';
import { foldText } from '../grid/grid-checks.ts';

/** Actions still in the plan (not in the bin). */
export function liveActions(model: Pick<CycleModel, 'actions'>): Action[] {
  return model.actions.filter((action) => action.deletedAt === null);
}

/** How a row is referred to in the plan: "1.3 n°2" (domain number, position in the domain). */
export function rowReferences(
  model: Pick<CycleModel, 'themes' | 'domains' | 'rows'>,
): Map<string, string> {
  const numbers = domainNumbers(model.themes, model.domains);
  const references = new Map<string, string>();
  const position = new Map<string, number>();
  for (const row of [...model.rows].sort(byOrder)) {
    const index = (position.get(row.domainId) ?? 0) + 1;
    position.set(row.domainId, index);
    const number = numbers.get(row.domainId);
    references.set(row.id, number ? `${number} n°${index}` : `n°${index}`);
  }
  return references;
}

export interface ActionLink {
  rowId: string;
  /** "1.3 n°2" when the row exists. */
  reference: string;
  label: string;
  /** The row was deleted: `label` is what it was called when linked, if known. */
  gone: boolean;
}

/** The links of an action, each with its reference, or flagged gone with its old label. */
export function actionLinks(
  model: CycleModel,
  action: Action,
  references = rowReferences(model),
): ActionLink[] {
  const rows = byId(model.rows);
  return action.rowIds.map((rowId) => {
    const row = rows.get(rowId);
    return row
      ? { rowId, reference: references.get(rowId) ?? '', label: row.label, gone: false }
      : { rowId, reference: '', label: action.linkLabels[rowId] ?? '', gone: true };
  });
}

/**
 * The theme an action is grouped under: the theme of its first linked row that still exists;
 * null ("Sans thème") when none. One theme per action, so theme totals add up to the overall.
 */
export function actionTheme(model: CycleModel, action: Action): Theme | null {
  const rows = byId(model.rows);
  const domains = byId(model.domains);
  const themes = byId(model.themes);
  for (const rowId of action.rowIds) {
    const domain = domains.get(rows.get(rowId)?.domainId ?? '');
    const theme = themes.get(domain?.themeId ?? '');
    if (theme) return theme;
  }
  return null;
}

export interface ActionTotals {
  /** Sum of budgets prévus, in euros (actions without one count 0). */
  planned: number;
  /** Sum of budgets engagés. */
  spent: number;
  count: number;
  byStatus: Record<ActionStatus, number>;
}

const emptyTotals = (): ActionTotals => ({
  planned: 0,
  spent: 0,
  count: 0,
  byStatus: Object.fromEntries(ACTION_STATUSES.map((status) => [status, 0])) as Record<
    ActionStatus,
    number
  >,
});

/** Cent-exact sum, so 0,1 + 0,2 shows 0,30 € and equals what a spreadsheet sums. */
const addCents = (sum: number, value: number | null) =>
  value === null ? sum : Math.round(sum * 100 + value * 100) / 100;

function add(totals: ActionTotals, action: Action): void {
  totals.planned = addCents(totals.planned, action.budget);
  totals.spent = addCents(totals.spent, action.budgetSpent);
  totals.count += 1;
  totals.byStatus[action.status] += 1;
}

export interface PlanTotals {
  /** Keyed by theme id; '' for actions without a theme. */
  byTheme: Map<string, ActionTotals>;
  overall: ActionTotals;
}

/** Totals per theme and overall over `actions` (default: every live action of the model). */
export function planTotals(model: CycleModel, actions = liveActions(model)): PlanTotals {
  const byTheme = new Map<string, ActionTotals>();
  const overall = emptyTotals();
  for (const action of actions) {
    const key = actionTheme(model, action)?.id ?? '';
    const totals = byTheme.get(key) ?? emptyTotals();
    add(totals, action);
    byTheme.set(key, totals);
    add(overall, action);
  }
  return { byTheme, overall };
}

/** Today's date as YYYY-MM-DD in Paris (what "en retard" means to a French organisation). */
export function todayIso(now = new Date(), timeZone = 'Europe/Paris'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return parts;
}

/** Late on `day` (YYYY-MM-DD): not done nor abandoned, and due strictly before that day. */
export function isLate(action: Action, day: string): boolean {
  if (action.status === 'done' || action.status === 'abandoned') return false;
  return action.dueDate !== null && action.dueDate < day;
}

/** The quarter of an ISO date: "2027-T1" for January to March. */
export function quarterOf(iso: string): string {
  const month = Number(iso.slice(5, 7));
  return `${iso.slice(0, 4)}-T${Math.floor((month - 1) / 3) + 1}`;
}

/** An action's quarter: the one chosen, else the start date's, else the due date's; null if none. */
export function actionQuarter(action: Action): string | null {
  if (action.quarter) return action.quarter;
  const date = action.startDate ?? action.dueDate;
  return date ? quarterOf(date) : null;
}

/** "2027-T1" → "T1 2027". */
export function quarterLabel(quarter: string): string {
  const [year, q] = quarter.split('-');
  return `${q} ${year}`;
}

export interface ActionFilter {
  /** Theme ids; '' stands for "Sans thème". Empty: every theme. */
  themeIds: string[];
  statuses: ActionStatus[];
  /** Free text matched against the pilote's name (case and accents ignored). */
  owner: string;
  lateOnly: boolean;
  /** Only the actions of this person (account id or, failing that, their name). */
  mine: { id: string; name: string } | null;
}

export const NO_ACTION_FILTER: ActionFilter = {
  themeIds: [],
  statuses: [],
  owner: '',
  lateOnly: false,
  mine: null,
};

/** Does an action pass the filter on `day`? */
export function actionMatches(
  model: CycleModel,
  action: Action,
  filter: ActionFilter,
  day: string,
): boolean {
  if (filter.themeIds.length > 0 && !filter.themeIds.includes(actionTheme(model, action)?.id ?? ''))
    return false;
  if (filter.statuses.length > 0 && !filter.statuses.includes(action.status)) return false;
  if (filter.owner.trim() && !foldText(action.owner).includes(foldText(filter.owner.trim())))
    return false;
  if (filter.lateOnly && !isLate(action, day)) return false;
  if (filter.mine) {
    const mine = action.ownerId
      ? action.ownerId === filter.mine.id
      : foldText(action.owner.trim()) === foldText(filter.mine.name.trim());
    if (!mine) return false;
  }
  return true;
}

export type ActionSortKey =
  'order' | 'title' | 'owner' | 'budget' | 'budgetSpent' | 'startDate' | 'dueDate' | 'status';

/**
 * Actions sorted by a column; empty values go last whatever the direction, ties keep plan order.
 */
export function sortActions(actions: Action[], key: ActionSortKey, direction: 1 | -1): Action[] {
  const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
  const value = (action: Action): string | number | null => {
    switch (key) {
      case 'order':
        return action.order;
      case 'status':
        return ACTION_STATUSES.indexOf(action.status);
      case 'budget':
      case 'budgetSpent':
        return action[key];
      default:
        return action[key] || null;
    }
  };
  return [...actions].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byOrder(a, b) : va === null ? 1 : -1;
    const cmp =
      typeof va === 'number' && typeof vb === 'number'
        ? va - vb
        : key === 'order'
          ? va < vb
            ? -1
            : va > vb
              ? 1
              : 0
          : collator.compare(String(va), String(vb));
    return cmp * direction || byOrder(a, b);
  });
}
