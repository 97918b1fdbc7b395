/**
 * Recoverable deletes. Deleting a row or a domain marks it (DELETED_AT, DELETED_BY) instead of
 * removing it: its texts stay in the document, so someone still typing in it loses nothing, and
 * anyone with edit rights can restore it from the Corbeille for TRASH_DAYS. readCycle leaves
 * marked entities out (and the rows of a marked domain), so every other feature is unaffected;
 * `readTrash` lists them. A server job purges what is older (`purgeTrash`).
 */
import * as Y from 'yjs';
import {
  domainNumbers,
  entityRoot,
  readCycle,
  readDomains,
  readRows,
} from '../schema/cycle-doc.ts';
import { DELETED_AT, DELETED_BY } from '../schema/keys.ts';

/** Days a deleted row or domain can be restored before the server purges it. */
export const TRASH_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TrashItem {
  kind: 'row' | 'domain';
  id: string;
  /** The row's question or the domain's title. */
  label: string;
  /** Where it was: the domain number ("1.3") for a row, the theme number for a domain. */
  place: string;
  deletedAt: number;
  deletedBy: string;
  /** Rows that come back with a domain. */
  rowCount: number;
}

function mark(map: Y.Map<unknown> | undefined, by: string, now: number): void {
  if (!map || typeof map.get(DELETED_AT) === 'number') return;
  map.set(DELETED_AT, now);
  map.set(DELETED_BY, by);
}

/** Whether a row or domain is in the trash (a row also when its domain is). */
export function isDeleted(doc: Y.Doc, kind: 'row' | 'domain', id: string): boolean {
  if (kind === 'domain') {
    return typeof entityRoot(doc, 'domains').get(id)?.get(DELETED_AT) === 'number';
  }
  const row = entityRoot(doc, 'rows').get(id);
  if (!row) return false;
  if (typeof row.get(DELETED_AT) === 'number') return true;
  const domainId = row.get('domainId');
  return typeof domainId === 'string' && isDeleted(doc, 'domain', domainId);
}

/** Who deleted a row (or its domain), if it is in the trash. */
export function deletedBy(doc: Y.Doc, rowId: string): string | null {
  const row = entityRoot(doc, 'rows').get(rowId);
  if (!row) return null;
  if (typeof row.get(DELETED_AT) === 'number') return String(row.get(DELETED_BY) ?? '');
  const domain = entityRoot(doc, 'domains').get(String(row.get('domainId') ?? ''));
  if (domain && typeof domain.get(DELETED_AT) === 'number') {
    return String(domain.get(DELETED_BY) ?? '');
  }
  return null;
}

/** Move a row to the trash; `by` is the name shown to others ("Pauline a supprimé…"). */
export function trashRow(doc: Y.Doc, rowId: string, by = '', now = Date.now()): void {
  doc.transact(() => mark(entityRoot(doc, 'rows').get(rowId), by, now));
}

/** Move a domain, with its rows, to the trash. */
export function trashDomain(doc: Y.Doc, domainId: string, by = '', now = Date.now()): void {
  doc.transact(() => mark(entityRoot(doc, 'domains').get(domainId), by, now));
}

/** Bring a row or domain back from the trash (a row of a deleted domain brings the domain back). */
export function restore(doc: Y.Doc, kind: 'row' | 'domain', id: string): void {
  doc.transact(() => {
    const map = entityRoot(doc, kind === 'row' ? 'rows' : 'domains').get(id);
    if (!map) return;
    map.delete(DELETED_AT);
    map.delete(DELETED_BY);
    if (kind === 'row') {
      const domainId = map.get('domainId');
      if (typeof domainId === 'string' && isDeleted(doc, 'domain', domainId)) {
        restore(doc, 'domain', domainId);
      }
    }
  });
}

/** What is in the trash, most recent first. */
export function readTrash(doc: Y.Doc): TrashItem[] {
  const model = readCycle(doc);
  const allDomains = readDomains(doc);
  const themes = new Map(model.themes.map((theme) => [theme.id, theme]));
  const numbers = domainNumbers(model.themes, model.domains);
  const items: TrashItem[] = [];
  const rows = readRows(doc);
  const domainMaps = entityRoot(doc, 'domains');
  const rowMaps = entityRoot(doc, 'rows');
  for (const domain of allDomains) {
    const map = domainMaps.get(domain.id);
    const at = map?.get(DELETED_AT);
    if (typeof at !== 'number') continue;
    items.push({
      kind: 'domain',
      id: domain.id,
      label: domain.title,
      place: String(themes.get(domain.themeId)?.number ?? ''),
      deletedAt: at,
      deletedBy: String(map?.get(DELETED_BY) ?? ''),
      rowCount: rows.filter((row) => row.domainId === domain.id).length,
    });
  }
  for (const row of rows) {
    const map = rowMaps.get(row.id);
    const at = map?.get(DELETED_AT);
    if (typeof at !== 'number' || isDeleted(doc, 'domain', row.domainId)) continue;
    items.push({
      kind: 'row',
      id: row.id,
      label: row.label,
      place: numbers.get(row.domainId) ?? '',
      deletedAt: at,
      deletedBy: String(map?.get(DELETED_BY) ?? ''),
      rowCount: 1,
    });
  }
  return items.sort((a, b) => b.deletedAt - a.deletedAt);
}

/**
 * Remove for good what has been in the trash more than `days` (TRASH_DAYS by default): rows,
 * domains and the rows of purged domains. Returns how many entities went.
 */
export function purgeTrash(doc: Y.Doc, now = Date.now(), days = TRASH_DAYS): number {
  const limit = now - days * DAY_MS;
  let purged = 0;
  doc.transact(() => {
    const domains = entityRoot(doc, 'domains');
    const rows = entityRoot(doc, 'rows');
    const goneDomains = new Set<string>();
    domains.forEach((map, id) => {
      const at = map instanceof Y.Map ? map.get(DELETED_AT) : undefined;
      if (typeof at === 'number' && at < limit) goneDomains.add(id);
    });
    const goneRows: string[] = [];
    rows.forEach((map, id) => {
      if (!(map instanceof Y.Map)) return;
      const at = map.get(DELETED_AT);
      if ((typeof at === 'number' && at < limit) || goneDomains.has(String(map.get('domainId')))) {
        goneRows.push(id);
      }
    });
    for (const id of goneRows) rows.delete(id);
    for (const id of goneDomains) domains.delete(id);
    purged = goneRows.length + goneDomains.size;
  });
  return purged;
}
