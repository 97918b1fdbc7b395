/**
 * Edits of the sections collection (not of their bodies: those are Tiptap's): add a section of
 * the group's own, rename, move, delete, and record who last edited a body.
 */
import * as Y from 'yjs';
import { ROOT, SECTION_BODY } from '../schema/keys.ts';
import { keyBetween } from '../schema/order.ts';
import { newId } from '../schema/ids.ts';
import { byOrder } from '../schema/order.ts';
import { SECTION_FIELDS, buildSectionEntity } from './cycle-sections.ts';

function sectionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ROOT.sections);
}

function orderedIds(doc: Y.Doc): { id: string; order: string }[] {
  const list: { id: string; order: string }[] = [];
  sectionsMap(doc).forEach((map, id) => {
    if (map instanceof Y.Map) list.push({ id, order: String(map.get(SECTION_FIELDS.order) ?? '') });
  });
  return list.sort(byOrder);
}

/** The body of a section, created empty if a faulty writer left none. Null if no such section. */
export function sectionBody(doc: Y.Doc, sectionId: string): Y.XmlFragment | null {
  const map = sectionsMap(doc).get(sectionId);
  if (!(map instanceof Y.Map)) return null;
  const body = map.get(SECTION_BODY);
  if (body instanceof Y.XmlFragment) return body;
  const fresh = new Y.XmlFragment();
  map.set(SECTION_BODY, fresh);
  return fresh;
}

/** The title Y.Text of a section (null if it no longer exists). */
export function sectionTitle(doc: Y.Doc, sectionId: string): Y.Text | null {
  const map = sectionsMap(doc).get(sectionId);
  if (!(map instanceof Y.Map)) return null;
  const title = map.get('title');
  if (title instanceof Y.Text) return title;
  const text = new Y.Text(typeof title === 'string' ? title : '');
  map.set('title', text);
  return text;
}

/** Add a section of the group's own at the end; returns its id. */
export function addFreeSection(doc: Y.Doc, title: string): string {
  const list = orderedIds(doc);
  const id = newId();
  sectionsMap(doc).set(
    id,
    buildSectionEntity({
      kind: 'free',
      title,
      order: keyBetween(list.at(-1)?.order ?? null, null),
    }),
  );
  return id;
}

/**
 * Move a section one place up (-1) or down (+1) among all sections. Returns false at either end.
 * Only its order key changes, so a concurrent edit of its body is kept.
 */
export function moveSection(doc: Y.Doc, sectionId: string, direction: -1 | 1): boolean {
  const list = orderedIds(doc);
  const index = list.findIndex((entry) => entry.id === sectionId);
  const target = index + direction;
  if (index < 0 || target < 0 || target >= list.length) return false;
  const before = direction === -1 ? (list[target - 1]?.order ?? null) : list[target]!.order;
  const after = direction === -1 ? list[target]!.order : (list[target + 1]?.order ?? null);
  if (before !== null && after !== null && before >= after) return false;
  sectionsMap(doc).get(sectionId)!.set(SECTION_FIELDS.order, keyBetween(before, after));
  return true;
}

/** Delete a section (the caller makes it one undoable step). */
export function deleteSection(doc: Y.Doc, sectionId: string): void {
  sectionsMap(doc).delete(sectionId);
}

/** Record who last edited a section's body, and when. */
export function markSectionEdited(doc: Y.Doc, sectionId: string, name: string, at: number): void {
  const map = sectionsMap(doc).get(sectionId);
  if (!(map instanceof Y.Map)) return;
  map.set(SECTION_FIELDS.editedBy, name);
  map.set(SECTION_FIELDS.editedAt, at);
}
