/**
 * Structure and typed-field edits of the steering grid. Each runs in one transaction; the client
 * wraps calls in its own transaction origin so that its undo manager tracks them (nested
 * transactions take the outer origin).
 */
import * as Y from 'yjs';
import { keyBetween } from '../schema/order.ts';
import { newId } from '../schema/ids.ts';
import { META, TEXT_FIELDS } from '../schema/keys.ts';
import {
  buildEntity,
  entity,
  entityRoot,
  metaMap,
  readCycle,
  readDomains,
  readRows,
  textOf,
} from '../schema/cycle-doc.ts';
import type { CycleMeta, Domain, Row, Theme } from '../schema/cycle.types.ts';
import { trashDomain, trashRow } from './trash.ts';

/** Who made a change, as shown next to typed fields ("modifié par …"). */
export interface Author {
  name: string;
  color?: string;
}

/** Per-entity map of the last author of each typed field: field → { name, color, at }. */
export const LAST_CHANGES = 'lastChanges';

export interface LastChange {
  name: string;
  color?: string;
  /** Epoch milliseconds. */
  at: number;
}

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

/** The last author of a typed field of a row or theme, if recorded. */
export function lastChange(
  doc: Y.Doc,
  root: 'rows' | 'themes',
  id: string,
  field: string,
): LastChange | null {
  const changes = entityRoot(doc, root).get(id)?.get(LAST_CHANGES);
  if (!(changes instanceof Y.Map)) return null;
  const change = changes.get(field) as LastChange | undefined;
  return change && typeof change.name === 'string' ? change : null;
}

// --- Rows ----------------------------------------------------------------------------------

/** Typed, last-writer-wins row fields (everything that is not collaborative text). */
export type RowScalarField = 'kind' | 'nature' | 'unit' | 'baselineValue' | 'treated';

export function setRowField<K extends RowScalarField>(
  doc: Y.Doc,
  rowId: string,
  field: K,
  value: Row[K],
  author?: Author,
): void {
  const map = entity(doc, 'rows', rowId);
  doc.transact(() => {
    map.set(field, value);
    recordChange(map, field, author);
  });
}

function emptyRow(id: string, domainId: string, order: string): Row {
  return {
    id,
    domainId,
    order,
    kind: 'question',
    nature: 'qualitative',
    unit: '',
    label: '',
    baseline: '',
    baselineValue: null,
    target1y: '',
    target3y: '',
    treated: true,
    notTreatedReason: '',
    sources: '',
  };
}

function rowsOf(doc: Y.Doc, domainId: string): Row[] {
  return readRows(doc).filter((row) => row.domainId === domainId);
}

/** Order key for a new row in `domainId` right after `afterRowId` (null: first; undefined: last). */
function rowSlot(doc: Y.Doc, domainId: string, afterRowId?: string | null): string {
  const siblings = rowsOf(doc, domainId);
  const index =
    afterRowId === null
      ? -1
      : afterRowId === undefined
        ? siblings.length - 1
        : siblings.findIndex((row) => row.id === afterRowId);
  return keyBetween(siblings[index]?.order ?? null, siblings[index + 1]?.order ?? null);
}

/** Insert a new row in a domain, after `afterRowId` (at the end when omitted). Returns its id. */
export function addRow(
  doc: Y.Doc,
  domainId: string,
  init: Partial<Omit<Row, 'id' | 'domainId' | 'order'>> = {},
  afterRowId?: string | null,
): string {
  const id = newId();
  const row: Row = { ...emptyRow(id, domainId, rowSlot(doc, domainId, afterRowId)), ...init };
  doc.transact(() => entityRoot(doc, 'rows').set(id, buildEntity({ ...row }, TEXT_FIELDS.rows)));
  return id;
}

/** Copy a row (all its fields) right below it. Returns the copy's id. */
export function duplicateRow(doc: Y.Doc, rowId: string): string {
  const source = readRows(doc).find((row) => row.id === rowId);
  if (!source) throw new Error(`No row ${rowId}`);
  const { id: _id, domainId, order: _order, ...fields } = source;
  return addRow(doc, domainId, fields, rowId);
}

/** Move a row to the trash (restorable for 30 days, see trash.ts); `by` names who did it. */
export function deleteRow(doc: Y.Doc, rowId: string, by?: string): void {
  trashRow(doc, rowId, by);
}

/**
 * Move a row into `domainId`, just before `beforeRowId` (at the end when null). Only the moved
 * row's order and domain change: a concurrent edit of its text is kept.
 */
export function moveRowTo(
  doc: Y.Doc,
  rowId: string,
  domainId: string,
  beforeRowId: string | null,
): void {
  const siblings = rowsOf(doc, domainId).filter((row) => row.id !== rowId);
  const index =
    beforeRowId === null ? siblings.length : siblings.findIndex((row) => row.id === beforeRowId);
  const at = index < 0 ? siblings.length : index;
  const order = keyBetween(siblings[at - 1]?.order ?? null, siblings[at]?.order ?? null);
  const map = entity(doc, 'rows', rowId);
  doc.transact(() => {
    map.set('domainId', domainId);
    map.set('order', order);
  });
}

/**
 * Move a row one step up (-1) or down (+1) in grid order: within its domain, or across into the
 * neighbouring domain of the same theme at its edge. Returns false when it cannot move further.
 */
export function moveRow(doc: Y.Doc, rowId: string, step: -1 | 1): boolean {
  const cycle = readCycle(doc);
  const row = cycle.rows.find((r) => r.id === rowId);
  if (!row) return false;
  const siblings = cycle.rows.filter((r) => r.domainId === row.domainId);
  const index = siblings.findIndex((r) => r.id === rowId);
  const neighbour = siblings[index + step];
  if (neighbour) {
    const after = step === 1 ? siblings[index + 2] : neighbour;
    moveRowTo(doc, rowId, row.domainId, after?.id ?? null);
    return true;
  }
  const domain = cycle.domains.find((d) => d.id === row.domainId);
  const themeDomains = cycle.domains.filter((d) => d.themeId === domain?.themeId);
  const target = themeDomains[themeDomains.findIndex((d) => d.id === row.domainId) + step];
  if (!target) return false;
  const first = cycle.rows.find((r) => r.domainId === target.id);
  // Up: to the end of the previous domain; down: to the start of the next one.
  moveRowTo(doc, rowId, target.id, step === -1 ? null : (first?.id ?? null));
  return true;
}

/** Mark a row treated, or "non traitée" with its reason. */
export function setRowTreated(doc: Y.Doc, rowId: string, treated: boolean, author?: Author): void {
  setRowField(doc, rowId, 'treated', treated, author);
}

// --- Domains -------------------------------------------------------------------------------

/** Add a domain to a theme, after `afterDomainId` (at the end when omitted). Returns its id. */
export function addDomain(
  doc: Y.Doc,
  themeId: string,
  title: string,
  afterDomainId?: string,
): string {
  const siblings = readDomains(doc).filter((domain) => domain.themeId === themeId);
  const index = afterDomainId
    ? siblings.findIndex((d) => d.id === afterDomainId)
    : siblings.length - 1;
  const id = newId();
  const domain: Domain = {
    id,
    themeId,
    order: keyBetween(siblings[index]?.order ?? null, siblings[index + 1]?.order ?? null),
    title,
  };
  doc.transact(() =>
    entityRoot(doc, 'domains').set(id, buildEntity({ ...domain }, TEXT_FIELDS.domains)),
  );
  return id;
}

/** Move a domain and every row in it to the trash (restorable for 30 days, see trash.ts). */
export function deleteDomain(doc: Y.Doc, domainId: string, by?: string): void {
  trashDomain(doc, domainId, by);
}

/** Move a domain one step up or down within its theme. Returns false at the edge. */
export function moveDomain(doc: Y.Doc, domainId: string, step: -1 | 1): boolean {
  const domains = readDomains(doc);
  const domain = domains.find((d) => d.id === domainId);
  if (!domain) return false;
  const siblings = domains.filter((d) => d.themeId === domain.themeId);
  const index = siblings.findIndex((d) => d.id === domainId);
  if (!siblings[index + step]) return false;
  const rest = siblings.filter((d) => d.id !== domainId);
  const at = index + step;
  const order = keyBetween(rest[at - 1]?.order ?? null, rest[at]?.order ?? null);
  entity(doc, 'domains', domainId).set('order', order);
  return true;
}

/** Move a domain before `beforeDomainId` of the same theme (to the end when null). */
export function moveDomainTo(doc: Y.Doc, domainId: string, beforeDomainId: string | null): void {
  const domains = readDomains(doc);
  const domain = domains.find((d) => d.id === domainId);
  if (!domain || domainId === beforeDomainId) return;
  const rest = domains.filter((d) => d.themeId === domain.themeId && d.id !== domainId);
  const index =
    beforeDomainId === null ? rest.length : rest.findIndex((d) => d.id === beforeDomainId);
  const at = index < 0 ? rest.length : index;
  entity(doc, 'domains', domainId).set(
    'order',
    keyBetween(rest[at - 1]?.order ?? null, rest[at]?.order ?? null),
  );
}

// --- Themes --------------------------------------------------------------------------------

/**
 * Confirm, this year, the retention carried from last year as a proposal (issue 15): the theme
 * stays retained or not, with its reason, and is no longer "à confirmer".
 */
export function confirmThemeRetention(doc: Y.Doc, themeId: string, author?: Author): void {
  const map = entity(doc, 'themes', themeId);
  doc.transact(() => {
    map.delete('retentionProposedFrom');
    recordChange(map, 'retained', author);
  });
}

/** Retain or drop a theme; dropping it asks for a reason (the guide lists every theme). */
export function setThemeRetained(
  doc: Y.Doc,
  themeId: string,
  retained: boolean,
  reason?: string,
  author?: Author,
): void {
  const map = entity(doc, 'themes', themeId);
  doc.transact(() => {
    map.set('retained', retained);
    // Deciding this year ends last year's proposal (issue 15).
    map.delete('retentionProposedFrom');
    recordChange(map, 'retained', author);
    if (reason !== undefined) {
      const text = textOf(map, 'notRetainedReason');
      text.delete(0, text.length);
      text.insert(0, reason);
    }
  });
}

export function setThemePriority(
  doc: Y.Doc,
  themeId: string,
  priority: Theme['priority'],
  author?: Author,
): void {
  const map = entity(doc, 'themes', themeId);
  doc.transact(() => {
    map.set('priority', priority);
    recordChange(map, 'priority', author);
  });
}

/** Move the cycle to another stage (stored in the document's meta, shown to everyone). */
export function setStage(doc: Y.Doc, stage: CycleMeta['stage']): void {
  metaMap(doc).set(META.stage, stage);
}
