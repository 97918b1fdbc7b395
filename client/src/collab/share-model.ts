/**
 * Structural sharing between two readings of the cycle: an entity (theme, domain, row, action,
 * section, stakeholder) whose values did not change keeps the object of the previous reading, so
 * memoised components that receive it (grid lines, the Textes outline) skip their render. A
 * keystroke in one row thus yields a model where only that row is a new object, and a keystroke in
 * a section's text one where only that section is (its theme too, for the theme's good practices
 * and progress axes, which live in sections).
 */
import * as Y from 'yjs';
import {
  LEGACY_THEME_FIELD,
  entityRoot,
  readSection,
  type CycleModel,
  type ThemeSectionKind,
} from '@pilotis/shared';

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
    sections: shareList(previous.sections, next.sections),
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

/** The section whose title or body holds `type` (a strict descendant of the section's map). */
function sectionOf(sections: Y.AbstractType<unknown>, type: ChangedType): string | null {
  let parent = type.parent;
  while (parent) {
    if (parent === sections) return null; // `type` is a section's map itself (order, kind…).
    if (parent.parent === sections) return parent._item?.parentSub ?? null;
    parent = parent.parent;
  }
  return null;
}

/**
 * The model after a typing-only change: every changed type a Y.Text field of a row, or inside a
 * section's title or body (Tiptap's Y.XmlFragment). Only the rows and sections typed in are read
 * again and get new objects; a section holding a theme's good practices or progress axes renews
 * that theme too. `null` when the change is anything else, for which the whole document is read
 * again.
 */
export function patchTyping(
  doc: Y.Doc,
  model: CycleModel,
  changed: Iterable<ChangedType>,
): CycleModel | null {
  const sectionMaps = entityRoot(doc, 'sections');
  const rowTypes: ChangedType[] = [];
  const sectionIds = new Set<string>();
  for (const type of changed) {
    const id = sectionOf(sectionMaps as Y.AbstractType<unknown>, type);
    if (id) sectionIds.add(id);
    else rowTypes.push(type);
  }
  const patched = rowTypes.length > 0 ? patchRowTexts(doc, model, rowTypes) : model;
  if (!patched || sectionIds.size === 0) return patched;
  let found = 0;
  const sections = patched.sections.map((section) => {
    if (!sectionIds.has(section.id)) return section;
    found += 1;
    const map = sectionMaps.get(section.id);
    const read = map instanceof Y.Map ? readSection(section.id, map) : null;
    // Typing leaves the order alone; anything else is for a whole reading.
    return read?.order === section.order ? read : null;
  });
  if (found !== sectionIds.size || sections.includes(null)) return null;
  const read = sections as CycleModel['sections'];
  let themes = patched.themes;
  for (const section of read) {
    if (!sectionIds.has(section.id)) continue;
    const field = LEGACY_THEME_FIELD[section.kind as ThemeSectionKind];
    if (!field || !section.themeId) continue;
    const text = section.paragraphs.join('\n');
    themes = themes.map((theme) =>
      theme.id === section.themeId && theme[field] !== text ? { ...theme, [field]: text } : theme,
    );
  }
  return { ...patched, themes, sections: read };
}
