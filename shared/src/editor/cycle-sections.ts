/**
 * The narrative sections of a cycle (§2.4 step 3, §2.8): which ones every cycle has, how they are
 * tied to themes, and how their rich bodies are written into the document.
 *
 * Every cycle holds: the introduction of the synthesis, « Notre démarche », per theme « Enjeux »,
 * « Bonnes pratiques actuelles » and « Axes de progrès », « Ce que nous faisons / ce que nous
 * décidons de ne pas faire » and « Annexe : un exemple concret »; the group may add its own.
 * The good practices and progress axes of a theme were plain Y.Text fields of the theme before
 * schema 2: `ensureStandardSections` moves them into their rich sections (one place, no copy).
 */
import * as Y from 'yjs';
import { ROOT, SECTION_BODY } from '../schema/keys.ts';
import { keyBetween } from '../schema/order.ts';
import { newId } from '../schema/ids.ts';
import type { SectionKind } from '../schema/cycle.types.ts';
import { paragraphElements, type RichMark, type RichNode } from './section-content.ts';

/** Section kinds tied to one theme, in the order they appear under it. */
export const THEME_SECTION_KINDS = [
  'theme-stakes',
  'theme-practices',
  'theme-improvements',
] as const;
export type ThemeSectionKind = (typeof THEME_SECTION_KINDS)[number];

/** The legacy theme field each theme section took over (schema 1 → 2). */
export const LEGACY_THEME_FIELD: Partial<
  Record<ThemeSectionKind, 'goodPractices' | 'improvements'>
> = {
  'theme-practices': 'goodPractices',
  'theme-improvements': 'improvements',
};

/** Fields of a section entity besides its `title` (Y.Text) and `body` (Y.XmlFragment). */
export const SECTION_FIELDS = {
  kind: 'kind',
  order: 'order',
  themeId: 'themeId',
  /** Name of the last person who edited the body, and when (ms since epoch). */
  editedBy: 'editedBy',
  editedAt: 'editedAt',
} as const;

/** The standard sections not tied to a theme, in their default order (titles are French UI). */
export const STANDARD_SECTIONS: { kind: SectionKind; title: string }[] = [
  { kind: 'synthesis', title: 'Introduction' },
  { kind: 'method', title: 'Notre démarche' },
  { kind: 'doing', title: 'Ce que nous faisons / ce que nous décidons de ne pas faire' },
  { kind: 'annex', title: 'Annexe : un exemple concret' },
];

/** French title of a theme section. */
export const THEME_SECTION_TITLES: Record<ThemeSectionKind, string> = {
  'theme-stakes': 'Enjeux',
  'theme-practices': 'Bonnes pratiques actuelles',
  'theme-improvements': 'Axes de progrès',
};

function markAttributes(marks: RichMark[] | undefined): Record<string, unknown> | undefined {
  if (!marks || marks.length === 0) return undefined;
  const attributes: Record<string, unknown> = {};
  for (const mark of marks) attributes[mark.type] = { ...(mark.attrs ?? {}) };
  return attributes;
}

function xmlChildren(nodes: RichNode[] | undefined, inline: boolean): (Y.XmlElement | Y.XmlText)[] {
  const children: (Y.XmlElement | Y.XmlText)[] = [];
  let text: Y.XmlText | null = null;
  // A Y.XmlText not yet in a document reports length 0: count the offset here.
  let offset = 0;
  for (const node of nodes ?? []) {
    if (inline && node.type === 'text') {
      text ??= new Y.XmlText();
      text.insert(offset, node.text ?? '', markAttributes(node.marks));
      offset += (node.text ?? '').length;
      continue;
    }
    if (text) children.push(text);
    text = null;
    offset = 0;
    children.push(richElement(node));
  }
  if (text) children.push(text);
  return children;
}

function richElement(node: RichNode): Y.XmlElement {
  const element = new Y.XmlElement(node.type);
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (value !== null && value !== undefined) element.setAttribute(name, value as string);
  }
  const inline = node.type === 'paragraph' || node.type === 'heading';
  element.insert(0, xmlChildren(node.content, inline));
  return element;
}

/**
 * Y.Xml elements for a rich body (ProseMirror JSON), in the y-prosemirror layout. Used when a
 * cycle is written from a model (copy of last year's, restore); text and marks are kept as given,
 * readers sanitise anyway.
 */
export function richBodyElements(body: RichNode): (Y.XmlElement | Y.XmlText)[] {
  return xmlChildren(body.content, false).filter(
    (child): child is Y.XmlElement => child instanceof Y.XmlElement,
  );
}

function stringOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/** A new section entity (title Y.Text, empty or filled body). */
export function buildSectionEntity(fields: {
  kind: SectionKind;
  order: string;
  title: string;
  themeId?: string | null;
  body?: (Y.XmlElement | Y.XmlText)[];
}): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set(SECTION_FIELDS.kind, fields.kind);
  map.set(SECTION_FIELDS.order, fields.order);
  map.set('title', new Y.Text(fields.title));
  if (fields.themeId) map.set(SECTION_FIELDS.themeId, fields.themeId);
  const body = new Y.XmlFragment();
  if (fields.body && fields.body.length > 0) body.insert(0, fields.body);
  map.set(SECTION_BODY, body);
  return map;
}

/**
 * Make sure the document holds every standard section and the three sections of each theme,
 * moving a theme's legacy plain-text good practices / progress axes into their section (and
 * removing the legacy field). Idempotent: a cycle that has them all is not touched. Runs inside
 * the caller's transaction (migration, writeCycle).
 */
export function ensureStandardSections(doc: Y.Doc): void {
  const sections = doc.getMap<Y.Map<unknown>>(ROOT.sections);
  const themes = doc.getMap<Y.Map<unknown>>(ROOT.themes);
  const existing: { kind: string; themeId: string; order: string }[] = [];
  sections.forEach((map) => {
    if (!(map instanceof Y.Map)) return;
    existing.push({
      kind: stringOf(map.get(SECTION_FIELDS.kind)),
      themeId: stringOf(map.get(SECTION_FIELDS.themeId)),
      order: stringOf(map.get(SECTION_FIELDS.order)),
    });
  });
  let last = existing.reduce<string | null>(
    (max, entry) => (entry.order && (max === null || entry.order > max) ? entry.order : max),
    null,
  );
  const has = (kind: string, themeId = '') =>
    existing.some((entry) => entry.kind === kind && entry.themeId === themeId);
  const add = (fields: Parameters<typeof buildSectionEntity>[0]) => {
    sections.set(newId(), buildSectionEntity(fields));
  };
  const nextOrder = () => {
    last = keyBetween(last, null);
    return last;
  };

  for (const standard of STANDARD_SECTIONS.slice(0, 2)) {
    if (!has(standard.kind)) add({ ...standard, order: nextOrder() });
  }
  const sortedThemes: [string, Y.Map<unknown>][] = [];
  themes.forEach((map, id) => {
    if (map instanceof Y.Map) sortedThemes.push([id, map]);
  });
  sortedThemes.sort(([, a], [, b]) => Number(a.get('number') ?? 0) - Number(b.get('number') ?? 0));
  for (const [themeId, theme] of sortedThemes) {
    for (const kind of THEME_SECTION_KINDS) {
      const legacy = LEGACY_THEME_FIELD[kind];
      if (!has(kind, themeId)) {
        const text = legacy ? stringOf(theme.get(legacy)) : '';
        add({
          kind,
          themeId,
          order: nextOrder(),
          title: THEME_SECTION_TITLES[kind],
          body: paragraphElements(text),
        });
      }
      // One place: once its section exists, the theme no longer holds the text.
      if (legacy && theme.has(legacy)) theme.delete(legacy);
    }
  }
  for (const standard of STANDARD_SECTIONS.slice(2)) {
    if (!has(standard.kind)) add({ ...standard, order: nextOrder() });
  }
}

/**
 * The heading of a section in exports and the synthesis: a theme section carries its theme
 * (« Thème 1 — Gouvernance · Enjeux »), the others their own title.
 */
export function sectionHeading(
  section: { title: string; themeId?: string | null },
  themes: { id: string; number: number; title: string }[],
): string {
  const theme = section.themeId
    ? themes.find((candidate) => candidate.id === section.themeId)
    : null;
  const title = section.title.trim() || 'Section sans titre';
  return theme ? `Thème ${theme.number} — ${theme.title} · ${title}` : title;
}
