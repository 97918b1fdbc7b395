/**
 * Structural sharing between two readings of the cycle: an entity (theme, domain, row, action,
 * stakeholder) whose values did not change keeps the object of the previous reading, so memoised
 * components that receive it (grid lines) skip their render. A keystroke in one row thus yields a
 * model where only that row is a new object.
 */
import * as Y from 'yjs';
import { entityRoot, type CycleModel } from '@pilotis/shared';

/** A type a transaction changed (a Y.Text, a Y.Map...). */
export type ChangedType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

/** Equal plain values (primitives, arrays, plain objects); anything else (Y types) by identity. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  const plain = (value: object) => {
    const proto = Object.getPrototypeOf(value) as unknown;
    return proto === Object.prototype || proto === null;
  };
  if (!plain(a) || !plain(b) || Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      (key) =>
        Object.prototype.hasOwnProperty.call(b, key) &&
        sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

/** `next` with every entity equal to one of `previous` (same id) replaced by that previous one. */
export function shareList<T extends { id: string }>(previous: T[], next: T[]): T[] {
  const byId = new Map(previous.map((entity) => [entity.id, entity]));
  let changed = previous.length !== next.length;
  const shared = next.map((entity, index) => {
    const before = byId.get(entity.id);
    const kept = before && sameValue(before, entity) ? before : entity;
    if (kept !== previous[index]) changed = true;
    return kept;
  });
  return changed ? shared : previous;
}

export function shareModel(previous: CycleModel | null, next: CycleModel): CycleModel {
  if (!previous) return next;
  return {
    ...next,
    themes: shareList(previous.themes, next.themes),
    domains: shareList(previous.domains, next.domains),
    rows: shareList(previous.rows, next.rows),
    actions: shareList(previous.actions, next.actions),
    stakeholders: shareList(previous.stakeholders, next.stakeholders),
  };
}

/**
 * The model after a typing-only change (every changed type a Y.Text field of a row), without
 * reading the rest of the document: only the rows typed in get new objects. `null` when the change
 * is anything else, for which the whole document is read again.
 */
export function patchRowTexts(
  doc: Y.Doc,
  model: CycleModel,
  changed: Iterable<ChangedType>,
): CycleModel | null {
  const rows = entityRoot(doc, 'rows');
  const patches = new Map<string, Record<string, string>>();
  for (const type of changed) {
    const entity = type.parent;
    if (!(type instanceof Y.Text) || !(entity instanceof Y.Map) || entity.parent !== rows) {
      return null;
    }
    const id = entity._item?.parentSub;
    const field = type._item?.parentSub;
    if (!id || !field) return null;
    patches.set(id, { ...patches.get(id), [field]: type.toString() });
  }
  let patched = false;
  const next = model.rows.map((row) => {
    const patch = patches.get(row.id);
    if (!patch) return row;
    const fields = row as unknown as Record<string, unknown>;
    if (Object.keys(patch).some((field) => typeof fields[field] !== 'string')) return null;
    patched = true;
    return { ...row, ...patch };
  });
  if (next.some((row) => row === null)) return null;
  return patched ? { ...model, rows: next as CycleModel['rows'] } : model;
}
