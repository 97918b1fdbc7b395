/**
 * Restoring a version into a live cycle document as a new change: the document is brought to the
 * version's content by ordinary edits (texts by fast-diff, so characters typed meanwhile elsewhere
 * in a cell survive; entities added or deleted; typed fields set), never by replacing the document.
 * Connected people see the restore as any other edit, and their later edits merge with it.
 */
import diff from 'fast-diff';
import * as Y from 'yjs';
import {
  buildEntity,
  entityRoot,
  readCycle,
  textOf,
  type EntityMap,
  type EntityRoot,
} from '../schema/cycle-doc.ts';
import {
  DELETED_AT,
  DELETED_BY,
  PARAGRAPH_NODE,
  SECTION_BODY,
  TEXT_FIELDS,
} from '../schema/keys.ts';
import type { CycleModel, Section } from '../schema/cycle.types.ts';

/** What to restore: the whole content, one theme (its fields, domains and rows) or one row. */
export type RestoreScope =
  { kind: 'all' } | { kind: 'theme'; id: string } | { kind: 'row'; id: string };

export interface RestoreSummary {
  added: number;
  updated: number;
  removed: number;
}

/**
 * Edit `text` into `target` with the smallest character edits fast-diff finds. Characters equal on
 * both sides are never touched, so a concurrent insertion inside them is kept.
 */
export function syncText(text: Y.Text, target: string): boolean {
  const current = text.toString();
  if (current === target) return false;
  let index = 0;
  for (const [op, chunk] of diff(current, target)) {
    if (op === diff.EQUAL) index += chunk.length;
    else if (op === diff.DELETE) text.delete(index, chunk.length);
    else {
      text.insert(index, chunk);
      index += chunk.length;
    }
  }
  return true;
}

const TEXTS: Record<EntityRoot, readonly string[]> = TEXT_FIELDS;

/** Bring one entity's fields to `target`; true when anything changed. */
function syncEntity(map: EntityMap, target: Record<string, unknown>, root: EntityRoot): boolean {
  let changed = false;
  for (const [field, value] of Object.entries(target)) {
    if (field === 'id' || (root === 'sections' && field === 'paragraphs')) continue;
    if (TEXTS[root].includes(field)) {
      changed = syncText(textOf(map, field), typeof value === 'string' ? value : '') || changed;
    } else if (Array.isArray(value)) {
      const current = map.get(field);
      const list = current instanceof Y.Array ? current.toArray() : [];
      if (JSON.stringify(list) !== JSON.stringify(value)) {
        const array = new Y.Array<unknown>();
        array.push(value);
        map.set(field, array);
        changed = true;
      }
    } else if (map.get(field) !== (value ?? null) && !(value === null && !map.has(field))) {
      map.set(field, value);
      changed = true;
    }
  }
  return changed;
}

function paragraphsOf(body: Y.XmlFragment): string[] {
  return body.toArray().map((node) =>
    node instanceof Y.XmlElement
      ? node
          .toArray()
          .map((child) => (child instanceof Y.XmlText ? child.toString() : ''))
          .join('')
      : node instanceof Y.XmlText
        ? node.toString()
        : '',
  );
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement(PARAGRAPH_NODE);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/**
 * Bring a section body to `target` paragraph by paragraph: paragraphs kept in place are not
 * touched (formatting and concurrent typing in them survive), the others are removed or inserted.
 */
function syncParagraphs(map: EntityMap, target: string[]): boolean {
  let body = map.get(SECTION_BODY);
  if (!(body instanceof Y.XmlFragment)) {
    body = new Y.XmlFragment();
    map.set(SECTION_BODY, body);
  }
  const fragment = body as Y.XmlFragment;
  const current = paragraphsOf(fragment);
  if (JSON.stringify(current) === JSON.stringify(target)) return false;
  // Align paragraphs as tokens, through fast-diff over one private-use character per paragraph.
  const codes = new Map<string, string>();
  const encode = (list: string[]) =>
    list
      .map((text) => {
        if (!codes.has(text)) codes.set(text, String.fromCharCode(0xe000 + codes.size));
        return codes.get(text)!;
      })
      .join('');
  if (codes.size + current.length + target.length > 0xf8ff - 0xe000) {
    fragment.delete(0, fragment.length);
    fragment.insert(0, target.map(paragraph));
    return true;
  }
  let index = 0;
  const pieces = diff(encode(current), encode(target));
  const texts = [...codes.keys()];
  for (const [op, chunk] of pieces) {
    const list = [...chunk].map((char) => texts[char.charCodeAt(0) - 0xe000]!);
    if (op === diff.EQUAL) index += list.length;
    else if (op === diff.DELETE) fragment.delete(index, list.length);
    else {
      fragment.insert(index, list.map(paragraph));
      index += list.length;
    }
  }
  return true;
}

function buildSection(section: Section): EntityMap {
  const { paragraphs, ...fields } = section;
  const map = buildEntity({ ...fields }, TEXT_FIELDS.sections);
  const body = new Y.XmlFragment();
  body.insert(0, paragraphs.map(paragraph));
  map.set(SECTION_BODY, body);
  return map;
}

type Item = { id: string } & Record<string, unknown>;

/**
 * Apply `target` (a version's content) to `doc` (the live document) within `scope`, in one
 * transaction. The cycle's meta (stage, pilots) is left as it is. Returns what was done.
 */
export function restoreContent(
  doc: Y.Doc,
  target: CycleModel,
  scope: RestoreScope = { kind: 'all' },
): RestoreSummary {
  const current = readCycle(doc);
  const summary: RestoreSummary = { added: 0, updated: 0, removed: 0 };

  const targetDomainTheme = new Map(target.domains.map((d) => [d.id, d.themeId]));
  const currentDomainTheme = new Map(current.domains.map((d) => [d.id, d.themeId]));

  /** Which items of a root this restore may touch, on the target side and the current side. */
  const inScope = (root: EntityRoot, item: Item, side: 'target' | 'current'): boolean => {
    if (scope.kind === 'all') return true;
    const domains = side === 'target' ? targetDomainTheme : currentDomainTheme;
    if (scope.kind === 'theme') {
      if (root === 'themes') return item.id === scope.id;
      if (root === 'domains') return item.themeId === scope.id;
      if (root === 'rows') return domains.get(item.domainId as string) === scope.id;
      // The theme's own texts (Enjeux, Bonnes pratiques, Axes de progrès) come back with it.
      if (root === 'sections') return item.themeId === scope.id;
      return false;
    }
    if (root === 'rows') return item.id === scope.id;
    return false;
  };

  const roots: EntityRoot[] = ['themes', 'domains', 'rows', 'actions', 'sections', 'stakeholders'];
  doc.transact(() => {
    for (const root of roots) {
      const maps = entityRoot(doc, root);
      const targetItems = target[root] as unknown as Item[];
      const currentItems = current[root] as unknown as Item[];
      const targetIds = new Set(targetItems.map((item) => item.id));
      for (const item of targetItems) {
        if (!inScope(root, item, 'target')) continue;
        const map = maps.get(item.id);
        if (!(map instanceof Y.Map)) {
          maps.set(
            item.id,
            root === 'sections'
              ? buildSection(item as unknown as Section)
              : buildEntity({ ...item }, TEXTS[root]),
          );
          summary.added++;
          continue;
        }
        // A row or domain in the trash since the version comes back (recoverable deletes).
        let changed = false;
        if (map.has(DELETED_AT) && (root === 'rows' || root === 'domains')) {
          map.delete(DELETED_AT);
          map.delete(DELETED_BY);
          summary.added++;
        }
        changed = syncEntity(map, item, root) || changed;
        if (root === 'sections')
          changed = syncParagraphs(map, (item as unknown as Section).paragraphs) || changed;
        if (changed) summary.updated++;
      }
      for (const item of currentItems) {
        if (targetIds.has(item.id) || !inScope(root, item, 'current')) continue;
        const map = maps.get(item.id);
        // What the version did not have goes to the trash where there is one, never lost.
        if (map instanceof Y.Map && (root === 'rows' || root === 'domains')) {
          map.set(DELETED_AT, Date.now());
          map.set(DELETED_BY, '');
        } else if (map instanceof Y.Map && root === 'actions') {
          if (typeof map.get('deletedAt') !== 'number') map.set('deletedAt', Date.now());
          else continue;
        } else {
          maps.delete(item.id);
        }
        summary.removed++;
      }
    }
    // Restoring one row whose domain was deleted since: bring the domain back too.
    if (scope.kind === 'row') {
      const row = target.rows.find((r) => r.id === scope.id);
      const domain = row && target.domains.find((d) => d.id === row.domainId);
      const domains = entityRoot(doc, 'domains');
      const existing = domain && domains.get(domain.id);
      if (domain && !(existing instanceof Y.Map)) {
        domains.set(domain.id, buildEntity({ ...domain }, TEXT_FIELDS.domains));
        summary.added++;
      } else if (existing instanceof Y.Map && existing.has(DELETED_AT)) {
        existing.delete(DELETED_AT);
        existing.delete(DELETED_BY);
        summary.added++;
      }
    }
  });
  return summary;
}
