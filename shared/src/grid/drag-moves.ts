/**
 * Drag and drop in the grid: the dragged line takes the place of the line it is dropped on.
 * Dropped on a line further down, it goes after that line; further up, before it. A domain can be
 * dropped on its neighbour's header or on any of its rows (the neighbour's whole block is the
 * target), within its theme only.
 */
import type * as Y from 'yjs';
import { readDomains, readRows } from '../schema/cycle-doc.ts';
import { moveDomainTo, moveRowTo } from './grid-ops.ts';

/**
 * Drop row `rowId` on row `targetRowId` (possibly in another domain): it takes the target's place.
 * Returns false when nothing moved (dropped on itself, or either row is gone).
 */
export function dropRowOnRow(doc: Y.Doc, rowId: string, targetRowId: string): boolean {
  if (rowId === targetRowId) return false;
  const rows = readRows(doc);
  const row = rows.find((r) => r.id === rowId);
  const target = rows.find((r) => r.id === targetRowId);
  if (!row || !target) return false;
  const siblings = rows.filter((r) => r.domainId === target.domainId);
  const from = siblings.findIndex((r) => r.id === rowId);
  const to = siblings.findIndex((r) => r.id === targetRowId);
  // Coming from above in the same domain: after the target; otherwise before it.
  const before = from >= 0 && from < to ? (siblings[to + 1]?.id ?? null) : targetRowId;
  moveRowTo(doc, rowId, target.domainId, before);
  return true;
}

/**
 * Drop domain `domainId` on domain `targetDomainId` of the same theme: it takes the target's
 * place. Returns false when nothing moved (itself, another theme, or either is gone).
 */
export function dropDomainOnDomain(doc: Y.Doc, domainId: string, targetDomainId: string): boolean {
  if (domainId === targetDomainId) return false;
  const domains = readDomains(doc);
  const domain = domains.find((d) => d.id === domainId);
  const target = domains.find((d) => d.id === targetDomainId);
  if (!domain || !target || domain.themeId !== target.themeId) return false;
  const siblings = domains.filter((d) => d.themeId === target.themeId);
  const from = siblings.findIndex((d) => d.id === domainId);
  const to = siblings.findIndex((d) => d.id === targetDomainId);
  moveDomainTo(doc, domainId, from < to ? (siblings[to + 1]?.id ?? null) : targetDomainId);
  return true;
}
