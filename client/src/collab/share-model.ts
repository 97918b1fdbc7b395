/**
 * Structural sharing between two readings of the cycle: an entity (theme, domain, row, action,
 * stakeholder) whose values did not change keeps the object of the previous reading, so memoised
 * components that receive it (grid lines) skip their render. A keystroke in one row thus yields a
 * model where only that row is a new object.
 */
import type { CycleModel } from '@pilotis/shared';

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
