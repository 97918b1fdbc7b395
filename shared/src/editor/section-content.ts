/**
 * Reading a section body (a Y.XmlFragment in the y-prosemirror layout) into plain, sanitised
 * ProseMirror JSON, and rendering that JSON as HTML or plain text — without a browser, from the
 * one editor schema (editor-schema.ts).
 *
 * Content can reach the document without the editor (an old or hostile client, a script), so the
 * reader trusts nothing: an element the schema does not know becomes its text, an attribute the
 * schema does not declare is dropped, a link whose target is not http/https/mailto loses the link
 * (its text stays). No text is ever lost by reading.
 */
import * as Y from 'yjs';
import { COMMENT_MARK, HEADING_LEVELS, editorSchema, isAllowedLink } from './editor-schema.ts';

/** A mark on a run of text, as in ProseMirror JSON. */
export interface RichMark {
  type: string;
  attrs?: Record<string, string | number | boolean | null>;
}

/** A node of a section body, as in ProseMirror JSON (`editor.getJSON()`). */
export interface RichNode {
  type: string;
  attrs?: Record<string, string | number | boolean | null>;
  content?: RichNode[];
  text?: string;
  marks?: RichMark[];
}

/** A whole section body: a `doc` node. */
export interface RichDoc extends RichNode {
  type: 'doc';
  content: RichNode[];
}

type Primitive = string | number | boolean | null;

function isPrimitive(value: unknown): value is Primitive {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Only the attributes the schema declares for this node or mark, with primitive values. */
function knownAttrs(
  declared: Record<string, unknown> | undefined,
  given: Record<string, unknown>,
): Record<string, Primitive> | undefined {
  if (!declared) return undefined;
  const attrs: Record<string, Primitive> = {};
  for (const name of Object.keys(declared)) {
    const value = given[name];
    if (isPrimitive(value)) attrs[name] = value;
  }
  return Object.keys(attrs).length > 0 ? attrs : undefined;
}

/** Every character of a Y.Xml node, whatever its type (for unknown nodes). */
function textOfXml(node: Y.XmlElement | Y.XmlText | Y.XmlFragment | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    return node
      .toDelta()
      .map((op: { insert: unknown }) =>
        typeof op.insert === 'string'
          ? op.insert
          : op.insert instanceof Y.XmlElement
            ? textOfXml(op.insert)
            : '',
      )
      .join('');
  }
  if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
    return node
      .toArray()
      .map((child) => textOfXml(child))
      .join('');
  }
  return '';
}

function readMarks(attributes: Record<string, unknown> | undefined): RichMark[] {
  if (!attributes) return [];
  const schema = editorSchema();
  const marks: RichMark[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    // y-prosemirror stores overlapping marks of one type as `name--hash`.
    const name = key.split('--')[0] ?? key;
    const type = schema.marks[name];
    if (!type) continue;
    const given = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    if (name === 'link' && !isAllowedLink(given.href)) continue;
    const attrs = knownAttrs(type.spec.attrs, given);
    marks.push(attrs ? { type: name, attrs } : { type: name });
  }
  return marks;
}

function inlineNodes(children: (Y.XmlElement | Y.XmlText | Y.XmlHook)[]): RichNode[] {
  const nodes: RichNode[] = [];
  const pushText = (text: string, marks: RichMark[]) => {
    if (!text) return;
    nodes.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text });
  };
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as {
        insert: unknown;
        attributes?: Record<string, unknown>;
      }[]) {
        if (typeof op.insert === 'string') pushText(op.insert, readMarks(op.attributes));
        else if (op.insert instanceof Y.XmlElement) pushText(textOfXml(op.insert), []);
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') {
      nodes.push({ type: 'hardBreak' });
    } else if (child instanceof Y.XmlElement) {
      pushText(textOfXml(child), []);
    }
  }
  return nodes;
}

function blockNodes(children: (Y.XmlElement | Y.XmlText | Y.XmlHook)[]): RichNode[] {
  return children.flatMap((child): RichNode[] => {
    if (child instanceof Y.XmlElement) return [readElement(child)];
    // Loose text (or a hook) at block level: keep its text in a paragraph.
    const text = child instanceof Y.XmlText ? textOfXml(child) : '';
    return text ? [{ type: 'paragraph', content: [{ type: 'text', text }] }] : [];
  });
}

function readElement(element: Y.XmlElement): RichNode {
  const schema = editorSchema();
  const name = element.nodeName;
  const type = name === 'doc' || name === 'text' ? undefined : schema.nodes[name];
  const children = element.toArray();
  if (!type || type.isInline) {
    // Unknown node (or an inline one where a block belongs): its text, as a paragraph.
    const text = textOfXml(element);
    return { type: 'paragraph', content: text ? [{ type: 'text', text }] : [] };
  }
  const attrs = knownAttrs(type.spec.attrs, element.getAttributes() as Record<string, unknown>);
  if (name === 'heading') {
    const level = Number(attrs?.level);
    const levels: readonly number[] = HEADING_LEVELS;
    attrs!.level = levels.includes(level) ? level : level < HEADING_LEVELS[0] ? 2 : 4;
  }
  const node: RichNode = attrs ? { type: name, attrs } : { type: name };
  node.content = type.inlineContent ? inlineNodes(children) : blockNodes(children);
  return node;
}

/**
 * A section body as sanitised ProseMirror JSON. Never throws; an empty or missing fragment gives
 * an empty doc.
 */
export function readSectionBody(fragment: Y.XmlFragment | null | undefined): RichDoc {
  if (!(fragment instanceof Y.XmlFragment)) return { type: 'doc', content: [] };
  return { type: 'doc', content: blockNodes(fragment.toArray()) };
}

// --- Writing plain text ---------------------------------------------------------------------

/**
 * Paragraph elements for plain text: one paragraph per line (an empty text gives none). Used to
 * move older plain-text fields into rich sections and to fill sections from a model.
 */
export function paragraphElements(text: string): Y.XmlElement[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length === 1 && lines[0] === '') return [];
  return lines.map((line) => {
    const paragraph = new Y.XmlElement('paragraph');
    if (line) paragraph.insert(0, [new Y.XmlText(line)]);
    return paragraph;
  });
}

/** Plain text as a rich body: one paragraph per non-empty line. */
export function plainToRich(text: string): RichDoc {
  return {
    type: 'doc',
    content: text
      .split(/\r\n|\r|\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}

// --- Plain text ------------------------------------------------------------------------------

function inlineText(nodes: RichNode[] | undefined): string {
  return (nodes ?? [])
    .map((node) =>
      node.type === 'hardBreak'
        ? '\n'
        : node.type === 'text'
          ? (node.text ?? '')
          : inlineText(node.content),
    )
    .join('');
}

function blockText(node: RichNode, prefix: string): string[] {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return [prefix + inlineText(node.content)];
    case 'bulletList':
    case 'orderedList': {
      const start = Number(node.attrs?.start ?? 1) || 1;
      return (node.content ?? []).flatMap((item, index) => {
        const marker = node.type === 'bulletList' ? '• ' : `${start + index}. `;
        const lines = (item.content ?? []).flatMap((child) => blockText(child, ''));
        return lines.map((line, i) => (i === 0 ? prefix + marker : prefix + '   ') + line);
      });
    }
    case 'blockquote':
      return (node.content ?? []).flatMap((child) => blockText(child, `${prefix}« `));
    case 'table':
      return (node.content ?? []).map(
        (row) =>
          prefix +
          (row.content ?? [])
            .map((cell) => (cell.content ?? []).flatMap((child) => blockText(child, '')).join(' '))
            .join(' | '),
      );
    default:
      return node.content ? node.content.flatMap((child) => blockText(child, prefix)) : [];
  }
}

/**
 * A section body as plain text: one line per paragraph, heading, list item or table row (cells
 * separated by « | »), hard breaks as line breaks. For the xlsx, word counts and previews.
 */
export function richToPlainText(doc: RichNode): string {
  return (doc.content ?? []).flatMap((node) => blockText(node, '')).join('\n');
}

/** Words in a text (French: « aujourd’hui » is one word, « 38,5 » one number). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

// --- HTML ------------------------------------------------------------------------------------

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const BLOCK_TAGS: Record<string, string> = {
  paragraph: 'p',
  blockquote: 'blockquote',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  table: 'table',
  tableRow: 'tr',
  tableCell: 'td',
  tableHeader: 'th',
};

const MARK_TAGS: Record<string, string> = { bold: 'strong', italic: 'em', underline: 'u' };

function markOpen(mark: RichMark): string {
  if (mark.type === 'link') {
    const href = mark.attrs?.href;
    return isAllowedLink(href)
      ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">`
      : '';
  }
  const tag = MARK_TAGS[mark.type];
  return tag ? `<${tag}>` : '';
}

function markClose(mark: RichMark): string {
  if (mark.type === 'link') return isAllowedLink(mark.attrs?.href) ? '</a>' : '';
  const tag = MARK_TAGS[mark.type];
  return tag ? `</${tag}>` : '';
}

function inlineHtml(nodes: RichNode[] | undefined): string {
  return (nodes ?? [])
    .map((node) => {
      if (node.type === 'hardBreak') return '<br>';
      if (node.type !== 'text') return escapeHtml(inlineText(node.content));
      // Comment anchors are for the working group: published HTML keeps the text only.
      const marks = (node.marks ?? []).filter((mark) => mark.type !== COMMENT_MARK);
      return (
        marks.map(markOpen).join('') +
        escapeHtml(node.text ?? '') +
        [...marks].reverse().map(markClose).join('')
      );
    })
    .join('');
}

function blockHtml(node: RichNode): string {
  if (node.type === 'heading') {
    const level = Number(node.attrs?.level);
    const tag = `h${level >= 2 && level <= 4 ? level : 2}`;
    return `<${tag}>${inlineHtml(node.content)}</${tag}>`;
  }
  const tag = BLOCK_TAGS[node.type];
  if (!tag) return `<p>${escapeHtml(inlineText(node.content))}</p>`;
  if (node.type === 'paragraph') return `<p>${inlineHtml(node.content)}</p>`;
  const start = Number(node.attrs?.start);
  const attrs =
    node.type === 'orderedList' && Number.isInteger(start) && start !== 1
      ? ` start="${start}"`
      : '';
  const inner = (node.content ?? []).map(blockHtml).join('');
  return node.type === 'table'
    ? `<table><tbody>${inner}</tbody></table>`
    : `<${tag}${attrs}>${inner}</${tag}>`;
}

/**
 * A section body as sanitised HTML: only the tags of the editor schema, every text escaped,
 * links re-checked (a refused link keeps its text), comment anchors dropped.
 */
export function richToHtml(doc: RichNode): string {
  return (doc.content ?? []).map(blockHtml).join('');
}
