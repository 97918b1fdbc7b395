/**
 * Edits of the action plan. Same rules as the grid: free text lives in Y.Text fields (merged per
 * character, edited through `actionText`), typed fields are last-writer-wins values whose last
 * author is recorded. Every typed edit is validated first: a refused value changes nothing and
 * returns a code with its French message.
 */
import * as Y from 'yjs';
import { keyBetween } from '../schema/order.ts';
import { newId } from '../schema/ids.ts';
import {
  ACTION_LINK_LABELS,
  buildAction,
  entity,
  entityRoot,
  hasEntity,
  readAction,
  textOf,
} from '../schema/cycle-doc.ts';
import type { ActionTextField } from '../schema/keys.ts';
import type { Action, ActionStatus } from '../schema/cycle.types.ts';
import { byOrder } from '../schema/order.ts';
import { LAST_CHANGES, type Author, type LastChange } from '../grid/grid-ops.ts';
import {
  AMOUNT_ERRORS_FR,
  parseFrenchAmount,
  type AmountErrorCode,
} from '../text/french-number.ts';
import { INVALID_DATE_MESSAGE, parseFrenchDate } from '../text/french-date.ts';

export type ActionErrorCode =
  | AmountErrorCode
  | 'date-invalid'
  | 'due-before-start'
  | 'reason-required'
  | 'quarter-invalid'
  | 'action-gone';

export const ACTION_ERRORS_FR: Record<ActionErrorCode, string> = {
  ...AMOUNT_ERRORS_FR,
  'date-invalid': INVALID_DATE_MESSAGE,
  'due-before-start': 'L’échéance ne peut pas précéder la date de début.',
  'reason-required': 'Indiquez en quelques mots pourquoi l’action est abandonnée.',
  'quarter-invalid': 'Trimestre non reconnu : choisissez T1, T2, T3 ou T4 et une année.',
  'action-gone': 'Cette action a été supprimée entre-temps.',
};

/** The outcome of a validated edit: nothing is stored when `ok` is false. */
export type EditResult = { ok: true } | { ok: false; code: ActionErrorCode; message: string };

const OK: EditResult = { ok: true };
const refuse = (code: ActionErrorCode): EditResult => ({
  ok: false,
  code,
  message: ACTION_ERRORS_FR[code],
});

function recordChange(map: Y.Map<unknown>, field: string, author?: Author): void {
  if (!author) return;
  let changes = map.get(LAST_CHANGES);
  if (!(changes instanceof Y.Map)) {
    changes = new Y.Map<LastChange>();
    map.set(LAST_CHANGES, changes);
  }
  (changes as Y.Map<LastChange>).set(field, {
    name: author.name,
    color: author.color,
    at: Date.now(),
  });
}

/** The last author of a typed field of an action ("modifié par …"), if recorded. */
export function actionLastChange(doc: Y.Doc, actionId: string, field: string): LastChange | null {
  const changes = entityRoot(doc, 'actions').get(actionId)?.get(LAST_CHANGES);
  if (!(changes instanceof Y.Map)) return null;
  const change = changes.get(field) as LastChange | undefined;
  return change && typeof change.name === 'string' ? change : null;
}

function liveMap(doc: Y.Doc, actionId: string): Y.Map<unknown> | null {
  return hasEntity(doc, 'actions', actionId) ? entity(doc, 'actions', actionId) : null;
}

/** The collaborative text of one action field (title, description, pilote name, reason, notes). */
export function actionText(doc: Y.Doc, actionId: string, field: ActionTextField): Y.Text {
  return textOf(entity(doc, 'actions', actionId), field);
}

/** Every action in plan order, the binned ones included (callers filter on `deletedAt`). */
export function readActions(doc: Y.Doc): Action[] {
  const list: Action[] = [];
  entityRoot(doc, 'actions').forEach((map, id) => {
    if (map instanceof Y.Map) list.push(readAction(id, map));
  });
  return list.sort(byOrder);
}

export interface NewAction {
  title?: string;
  rowIds?: string[];
  /** Label of each linked row at the time of linking ("1.3 n°2 — …"). */
  linkLabels?: Record<string, string>;
  owner?: string;
  ownerId?: string | null;
  startDate?: string | null;
  dueDate?: string | null;
}

/** Create an action at the end of the plan (status "à lancer"). Returns its id. */
export function createAction(doc: Y.Doc, init: NewAction = {}, author?: Author): string {
  const last = readActions(doc).at(-1);
  const id = newId();
  const action: Action = {
    id,
    order: keyBetween(last?.order ?? null, null),
    title: init.title ?? '',
    description: '',
    owner: init.owner ?? '',
    ownerId: init.ownerId ?? null,
    budget: null,
    budgetSpent: null,
    startDate: init.startDate ?? null,
    dueDate: init.dueDate ?? null,
    quarter: null,
    status: 'todo',
    abandonReason: '',
    rowIds: init.rowIds ?? [],
    linkLabels: init.linkLabels ?? {},
    notes: '',
    deletedAt: null,
  };
  doc.transact(() => {
    const map = buildAction(action);
    entityRoot(doc, 'actions').set(id, map);
    recordChange(map, 'status', author);
  });
  return id;
}

/** Budget prévu ('budget') or engagé ('budgetSpent') from what was typed ("1 234,50 €"). */
export function setActionAmount(
  doc: Y.Doc,
  actionId: string,
  field: 'budget' | 'budgetSpent',
  input: string,
  author?: Author,
): EditResult {
  const parsed = parseFrenchAmount(input);
  if (!parsed.ok) return refuse(parsed.code);
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  doc.transact(() => {
    map.set(field, parsed.value);
    recordChange(map, field, author);
  });
  return OK;
}

/**
 * Start or due date from what was typed ("26/11/2026"); "" clears it. Refused when the due date
 * would fall before the start date (compared with the other date as stored now).
 */
export function setActionDate(
  doc: Y.Doc,
  actionId: string,
  field: 'startDate' | 'dueDate',
  input: string,
  author?: Author,
): EditResult {
  const parsed = parseFrenchDate(input);
  if (!parsed.ok) return refuse('date-invalid');
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  const current = readAction(actionId, map);
  const start = field === 'startDate' ? parsed.value : current.startDate;
  const due = field === 'dueDate' ? parsed.value : current.dueDate;
  if (start && due && due < start) return refuse('due-before-start');
  doc.transact(() => {
    map.set(field, parsed.value ?? '');
    recordChange(map, field, author);
  });
  return OK;
}

/** The quarter ("2027-T2"), or null to follow the dates. */
export function setActionQuarter(
  doc: Y.Doc,
  actionId: string,
  quarter: string | null,
  author?: Author,
): EditResult {
  if (quarter !== null && !/^\d{4}-T[1-4]$/.test(quarter)) return refuse('quarter-invalid');
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  doc.transact(() => {
    map.set('quarter', quarter ?? '');
    recordChange(map, 'quarter', author);
  });
  return OK;
}

/**
 * Change the status. "Abandonné" needs a reason: the one given here (written into the reason
 * text) or one already typed; without either, nothing changes.
 */
export function setActionStatus(
  doc: Y.Doc,
  actionId: string,
  status: ActionStatus,
  author?: Author,
  reason?: string,
): EditResult {
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  const text = textOf(map, 'abandonReason');
  if (status === 'abandoned' && !(reason ?? '').trim() && !text.toString().trim()) {
    return refuse('reason-required');
  }
  doc.transact(() => {
    if (status === 'abandoned' && reason?.trim() && !text.toString().trim()) {
      text.insert(0, reason.trim());
    }
    map.set('status', status);
    recordChange(map, 'status', author);
  });
  return OK;
}

/**
 * The pilote: a member (account id and the name shown) or a free name (id null). The name goes
 * into the Y.Text by replacement; a concurrent choice of the other person wins as a whole.
 */
export function setActionOwner(
  doc: Y.Doc,
  actionId: string,
  owner: { id: string | null; name: string },
  author?: Author,
): EditResult {
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  doc.transact(() => {
    const text = textOf(map, 'owner');
    if (text.toString() !== owner.name) {
      text.delete(0, text.length);
      text.insert(0, owner.name);
    }
    map.set('ownerId', owner.id ?? '');
    recordChange(map, 'owner', author);
  });
  return OK;
}

/** Link a row (no-op when already linked); `label` names the row should it be deleted later. */
export function linkRow(doc: Y.Doc, actionId: string, rowId: string, label: string): EditResult {
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  doc.transact(() => {
    let ids = map.get('rowIds');
    if (!(ids instanceof Y.Array)) {
      ids = new Y.Array<string>();
      map.set('rowIds', ids);
    }
    const array = ids as Y.Array<string>;
    if (!array.toArray().includes(rowId)) array.push([rowId]);
    let labels = map.get(ACTION_LINK_LABELS);
    if (!(labels instanceof Y.Map)) {
      labels = new Y.Map<string>();
      map.set(ACTION_LINK_LABELS, labels);
    }
    (labels as Y.Map<string>).set(rowId, label);
  });
  return OK;
}

/** Unlink a row (every copy of it, should two people have linked it at once). */
export function unlinkRow(doc: Y.Doc, actionId: string, rowId: string): EditResult {
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  const ids = map.get('rowIds');
  if (!(ids instanceof Y.Array)) return OK;
  doc.transact(() => {
    const array = ids as Y.Array<unknown>;
    for (let index = array.length - 1; index >= 0; index--) {
      if (array.get(index) === rowId) array.delete(index, 1);
    }
  });
  return OK;
}

/**
 * Put an action in the bin: it leaves the plan, the totals and the exports but stays in the
 * document with everything typed in it, until `restoreAction` brings it back.
 */
export function deleteAction(doc: Y.Doc, actionId: string, author?: Author): EditResult {
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  doc.transact(() => {
    map.set('deletedAt', Date.now());
    recordChange(map, 'deletedAt', author);
  });
  return OK;
}

/** Bring a binned action back into the plan, as it was. */
export function restoreAction(doc: Y.Doc, actionId: string, author?: Author): EditResult {
  const map = liveMap(doc, actionId);
  if (!map) return refuse('action-gone');
  doc.transact(() => {
    map.set('deletedAt', null);
    recordChange(map, 'deletedAt', author);
  });
  return OK;
}
