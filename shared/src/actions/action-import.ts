/**
 * Import of an action plan sheet (issue 14), with the steering table's rules (import-merge.ts):
 * an action of the file whose title matches a live action is merged field by field — a field empty
 * in Pilotis is *new* (taken), an equal one *same*, a differing one a *conflict* that keeps the
 * live value unless the person chooses the file's; an empty field in the file never erases
 * anything. Other actions are created. Linked rows ("1.3 n°2") are added, never removed. Applied
 * in the caller's transaction, so the whole import is one undo step for the importer.
 */
import type * as Y from 'yjs';
import { buildAction, entityRoot, textOf } from '../schema/cycle-doc.ts';
import type { Action, ActionStatus, CycleModel } from '../schema/cycle.types.ts';
import { newId } from '../schema/ids.ts';
import { byOrder, keyBetween } from '../schema/order.ts';
import { formatFrenchNumber } from '../text/french-number.ts';
import { setTextByDiff } from '../text/text-diff.ts';
import { frenchApostrophes } from '../text/typography.ts';
import { ACTION_STATUS_LABELS_FR, formatIsoDateFr } from '../export/export-model.ts';
import { actionQuarter, quarterLabel, rowReferences } from './action-calc.ts';

/** One action line of an imported sheet, already read into typed values (see the server parser). */
export interface ImportedAction {
  title: string;
  description?: string;
  owner?: string;
  budget?: number;
  budgetSpent?: number;
  /** ISO days. */
  startDate?: string;
  dueDate?: string;
  /** "2027-T1". */
  quarter?: string;
  status?: ActionStatus;
  abandonReason?: string;
  notes?: string;
  /** Linked rows as the file writes them: "1.3 n°2". */
  rowRefs?: string[];
}

export const ACTION_IMPORT_FIELDS = [
  'description',
  'owner',
  'budget',
  'budgetSpent',
  'startDate',
  'dueDate',
  'quarter',
  'status',
  'abandonReason',
  'notes',
  'rowIds',
] as const;
export type ActionImportField = (typeof ACTION_IMPORT_FIELDS)[number];

const TEXT_FIELDS = new Set<ActionImportField>(['description', 'owner', 'abandonReason', 'notes']);

/** A cell of the preview, the same shape as a steering table's (import-merge.ts ImportCell). */
export interface ActionImportCell {
  /** `action:<actionId>:<field>`. */
  key: string;
  place: string;
  label: string;
  field: ActionImportField;
  live: string;
  file: string;
  status: 'new' | 'same' | 'conflict';
}

interface ActionWrite {
  actionId: string;
  field: ActionImportField;
  value: string | number | string[];
}

export interface ActionImportWork {
  cells: ActionImportCell[];
  writes: Map<string, ActionWrite>;
  created: Action[];
  newActions: { place: string; label: string }[];
  merged: number;
  /** French, one per linked row the file names but the cycle does not have. */
  warnings: string[];
}

export const ACTION_PLACE_FR = 'Plan d’action';

function skeleton(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function normal(text: string): string {
  return frenchApostrophes(text.normalize('NFC'))
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

/** "1.3 n°2" (any spaces, "no", "n°", "#") → "1.3 n°2", or null. */
export function normalRowRef(text: string): string | null {
  const match = /^\s*(\d+\.\d+)\s*(?:n\s*[°o]?|#)\s*(\d+)\s*$/i.exec(text);
  return match ? `${match[1]} n°${Number(match[2])}` : null;
}

function shown(field: ActionImportField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (field) {
    case 'budget':
    case 'budgetSpent':
      return formatFrenchNumber(value as number, '€');
    case 'startDate':
    case 'dueDate':
      return formatIsoDateFr(value as string);
    case 'quarter':
      return quarterLabel(value as string);
    case 'status':
      return ACTION_STATUS_LABELS_FR[value as ActionStatus];
    default:
      return String(value);
  }
}

/** The live value of a field as compared: the default status "à lancer" counts as empty. */
function liveValue(action: Action, field: Exclude<ActionImportField, 'rowIds'>): unknown {
  if (field === 'status') return action.status === 'todo' ? null : action.status;
  // A quarter follows the dates unless set: the one shown is the one compared.
  if (field === 'quarter') return actionQuarter(action);
  return action[field];
}

/** What importing `actions` into `model` would do (pure). */
export function planActionImport(
  model: Pick<CycleModel, 'themes' | 'domains' | 'rows' | 'actions'>,
  actions: readonly ImportedAction[],
): ActionImportWork {
  const work: ActionImportWork = {
    cells: [],
    writes: new Map(),
    created: [],
    newActions: [],
    merged: 0,
    warnings: [],
  };
  const live = model.actions.filter((action) => action.deletedAt === null).sort(byOrder);
  const byTitle = new Map<string, Action[]>();
  for (const action of live) {
    const key = skeleton(action.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), action]);
  }
  const references = rowReferences(model);
  const rowOf = new Map([...references].map(([rowId, reference]) => [reference, rowId]));
  let lastOrder = model.actions.reduce<string | null>(
    (last, action) => (last === null || action.order > last ? action.order : last),
    null,
  );
  const resolve = (imported: ImportedAction): string[] => {
    const ids: string[] = [];
    for (const ref of imported.rowRefs ?? []) {
      const rowId = rowOf.get(ref);
      if (rowId) ids.push(rowId);
      else
        work.warnings.push(
          `Action « ${imported.title} » : la ligne ${ref} n’existe pas dans ce cycle ; ce lien n’est pas repris.`,
        );
    }
    return [...new Set(ids)];
  };

  for (const imported of actions) {
    const title = imported.title.trim();
    if (!title) continue;
    const existing = byTitle.get(skeleton(title))?.shift();
    const rowIds = resolve(imported);
    if (!existing) {
      lastOrder = keyBetween(lastOrder, null);
      const labels: Record<string, string> = {};
      for (const rowId of rowIds) {
        const row = model.rows.find((r) => r.id === rowId);
        labels[rowId] = `${references.get(rowId)} — ${row?.label ?? ''}`;
      }
      work.created.push({
        id: newId(),
        order: lastOrder,
        title,
        description: imported.description ?? '',
        owner: imported.owner ?? '',
        ownerId: null,
        budget: imported.budget ?? null,
        budgetSpent: imported.budgetSpent ?? null,
        startDate: imported.startDate ?? null,
        dueDate: imported.dueDate ?? null,
        quarter: imported.quarter ?? null,
        status: imported.status ?? 'todo',
        abandonReason: imported.abandonReason ?? '',
        rowIds,
        linkLabels: labels,
        notes: imported.notes ?? '',
        deletedAt: null,
      });
      work.newActions.push({ place: ACTION_PLACE_FR, label: title });
      continue;
    }
    work.merged++;
    const add = (
      field: ActionImportField,
      liveText: string,
      fileText: string,
      value: ActionWrite['value'],
    ) => {
      if (!normal(fileText)) return;
      const key = `action:${existing.id}:${field}`;
      const status = !normal(liveText)
        ? 'new'
        : normal(liveText) === normal(fileText)
          ? 'same'
          : 'conflict';
      work.cells.push({
        key,
        place: ACTION_PLACE_FR,
        label: existing.title,
        field,
        live: liveText,
        file: fileText,
        status,
      });
      if (status !== 'same') work.writes.set(key, { actionId: existing.id, field, value });
    };
    for (const field of ACTION_IMPORT_FIELDS) {
      if (field === 'rowIds') continue;
      const value = imported[field];
      if (value === undefined || value === '') continue;
      add(field, shown(field, liveValue(existing, field)), shown(field, value), value);
    }
    // Links are added to the live ones, never removed: only the ones the action lacks are new.
    const missing = rowIds.filter((rowId) => !existing.rowIds.includes(rowId));
    if (rowIds.length > 0) {
      const liveRefs = existing.rowIds.flatMap((id) => references.get(id) ?? []).join(', ');
      const fileRefs = rowIds.map((id) => references.get(id)!).join(', ');
      const key = `action:${existing.id}:rowIds`;
      const status = missing.length === 0 ? 'same' : 'new';
      work.cells.push({
        key,
        place: ACTION_PLACE_FR,
        label: existing.title,
        field: 'rowIds',
        live: liveRefs,
        file: fileRefs,
        status,
      });
      if (status === 'new')
        work.writes.set(key, { actionId: existing.id, field: 'rowIds', value: missing });
    }
  }
  return work;
}

/**
 * Write the planned actions into `doc` (call it inside the import's transaction). `accepted(key,
 * status)` says whether a cell is written (new cells always, conflicts when chosen). A merge that
 * would leave a due date before the start, or "abandonné" without a reason, leaves those fields
 * as they are. Returns how many cells were written.
 */
export function applyActionImport(
  doc: Y.Doc,
  model: Pick<CycleModel, 'rows' | 'themes' | 'domains' | 'actions'>,
  work: ActionImportWork,
  accepted: (key: string, status: ActionImportCell['status']) => boolean,
): number {
  const root = entityRoot(doc, 'actions');
  for (const action of work.created) {
    const { id, ...rest } = action;
    root.set(id, buildAction({ id, ...rest }));
  }
  const status = new Map(work.cells.map((cell) => [cell.key, cell.status]));
  const references = rowReferences(model);
  const byAction = new Map<string, ActionWrite[]>();
  for (const [key, write] of work.writes) {
    if (!accepted(key, status.get(key) ?? 'new')) continue;
    byAction.set(write.actionId, [...(byAction.get(write.actionId) ?? []), write]);
  }
  let filled = 0;
  for (const [actionId, writes] of byAction) {
    const map = root.get(actionId);
    const live = model.actions.find((action) => action.id === actionId);
    if (!map || !live) continue;
    const next = new Map(writes.map((write) => [write.field, write.value]));
    const start = (next.get('startDate') as string | undefined) ?? live.startDate;
    const due = (next.get('dueDate') as string | undefined) ?? live.dueDate;
    const datesOk = !(start && due && due < start);
    const reason = (next.get('abandonReason') as string | undefined) ?? live.abandonReason;
    const statusOk = next.get('status') !== 'abandoned' || Boolean(reason.trim());
    for (const write of writes) {
      if (!datesOk && (write.field === 'startDate' || write.field === 'dueDate')) continue;
      if (!statusOk && write.field === 'status') continue;
      if (write.field === 'rowIds') {
        const ids = map.get('rowIds') as Y.Array<string> | undefined;
        const labels = map.get('linkLabels') as Y.Map<string> | undefined;
        for (const rowId of write.value as string[]) {
          if (ids && !ids.toArray().includes(rowId)) ids.push([rowId]);
          const row = model.rows.find((r) => r.id === rowId);
          labels?.set(rowId, `${references.get(rowId)} — ${row?.label ?? ''}`);
        }
      } else if (TEXT_FIELDS.has(write.field)) {
        setTextByDiff(textOf(map, write.field), String(write.value));
      } else {
        map.set(write.field, write.value);
      }
      filled++;
    }
  }
  return filled;
}
