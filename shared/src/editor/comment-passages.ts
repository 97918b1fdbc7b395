/**
 * Comment threads anchored on a passage of a section (issue 12): the `comment` mark of the shared
 * editor schema, written into the section's Y.XmlFragment by the server (a commentateur has no
 * write access to the document) and read back to tell whether the passage still exists.
 *
 * The browser sends the selection as two Yjs relative positions (they follow the text through
 * everyone's edits); the server resolves them in the live document and marks the text between them.
 * The mark is stored the way the editor's Yjs binding stores a mark that may overlap others of its
 * type — a text attribute `comment--<hash of the mark>` — so that the editor shows it and keeps it.
 */
import * as Y from 'yjs';
import * as buffer from 'lib0/buffer';
import * as sha256 from 'lib0/hash/sha256';
import { COMMENT_MARK } from './editor-schema.ts';
import type { RichNode } from './section-content.ts';

/**
 * The Yjs text attribute holding a comment mark for `threadId`: the mark name and a 6-byte
 * digest of the mark's JSON, as @tiptap/y-tiptap computes it for marks that do not exclude
 * themselves (`comment--` + base64 of the SHA-256 folded to 6 bytes).
 */
export function commentMarkAttribute(threadId: string): string {
  const json = { type: COMMENT_MARK, attrs: { threadId } };
  const digest = sha256.digest(buffer.encodeAny(json));
  const folded = digest.slice(0, 6);
  for (let i = 6; i < digest.length; i++) folded[i % 6] = folded[i % 6]! ^ digest[i]!;
  return `${COMMENT_MARK}--${buffer.toBase64(folded)}`;
}

/** Every Y.XmlText under `node`, in document order. */
function textsIn(node: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) textsIn(child, out);
  }
  return out;
}

/** Does `ancestor` contain `node` (or is it)? */
function contains(ancestor: Y.AbstractType<unknown>, node: Y.AbstractType<unknown>): boolean {
  for (let current: Y.AbstractType<unknown> | null = node; current; current = current.parent) {
    if (current === ancestor) return true;
  }
  return false;
}

/**
 * A point of the fragment as (index of the Y.XmlText in document order, offset in it). A position
 * between blocks (not inside a text) goes to the start of the next text (`edge` 'start') or the
 * end of the previous one ('end').
 */
function locate(
  fragment: Y.XmlFragment,
  texts: Y.XmlText[],
  position: Y.RelativePosition,
  edge: 'start' | 'end',
): { text: number; offset: number } | null {
  const doc = fragment.doc;
  if (!doc) return null;
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute || !contains(fragment as Y.AbstractType<unknown>, absolute.type)) return null;
  if (absolute.type instanceof Y.XmlText) {
    const index = texts.indexOf(absolute.type);
    return index < 0 ? null : { text: index, offset: absolute.index };
  }
  // Between children of an element: the texts before that child vs after it.
  const parent = absolute.type as Y.XmlElement | Y.XmlFragment;
  const children = parent.toArray();
  const after = children.slice(absolute.index);
  const before = children.slice(0, absolute.index);
  if (edge === 'start') {
    for (const child of after) {
      const first =
        child instanceof Y.XmlText
          ? child
          : child instanceof Y.XmlElement
            ? textsIn(child)[0]
            : undefined;
      if (first) return { text: texts.indexOf(first), offset: 0 };
    }
    return null;
  }
  for (const child of before.reverse()) {
    const last =
      child instanceof Y.XmlText
        ? child
        : child instanceof Y.XmlElement
          ? textsIn(child).at(-1)
          : undefined;
    if (last) return { text: texts.indexOf(last), offset: last.length };
  }
  return null;
}

/** Plain text of the characters of `text` between two offsets (embedded elements skipped). */
function slice(text: Y.XmlText, from: number, to: number): string {
  let at = 0;
  let out = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (typeof op.insert === 'string') {
      const start = Math.max(from - at, 0);
      const end = Math.min(to - at, length);
      if (end > start) out += op.insert.slice(start, end);
    }
    at += length;
  }
  return out;
}

/**
 * Mark the passage between two relative positions of `fragment` with the comment mark of
 * `threadId`. Returns the marked text (paragraphs joined by a line break), '' when the positions
 * do not resolve in this fragment any more or enclose no text (nothing is written then).
 */
export function markPassage(
  fragment: Y.XmlFragment,
  from: Y.RelativePosition,
  to: Y.RelativePosition,
  threadId: string,
): string {
  const texts = textsIn(fragment);
  const start = locate(fragment, texts, from, 'start');
  const end = locate(fragment, texts, to, 'end');
  if (!start || !end || start.text < 0 || end.text < 0) return '';
  if (start.text > end.text || (start.text === end.text && start.offset >= end.offset)) return '';
  const ranges: { text: Y.XmlText; from: number; to: number }[] = [];
  for (let i = start.text; i <= end.text; i++) {
    const text = texts[i]!;
    const a = i === start.text ? start.offset : 0;
    const b = i === end.text ? end.offset : text.length;
    if (b > a) ranges.push({ text, from: a, to: b });
  }
  const quote = ranges
    .map((range) => slice(range.text, range.from, range.to))
    .join('\n')
    .trim();
  if (!quote) return '';
  const attribute = commentMarkAttribute(threadId);
  const apply = () => {
    for (const range of ranges) {
      range.text.format(range.from, range.to - range.from, { [attribute]: { threadId } });
    }
  };
  if (fragment.doc) fragment.doc.transact(apply);
  else apply();
  return quote;
}

/**
 * The passages of a section body (sanitised ProseMirror JSON) by thread id: the text each comment
 * mark still wraps, paragraphs joined by a line break. A thread whose passage was erased is absent.
 */
export function commentPassages(body: RichNode | undefined): Map<string, string> {
  const found = new Map<string, { lines: string[]; block: string }>();
  const walk = (node: RichNode, block: string) => {
    if (node.type === 'text' && node.text) {
      for (const mark of node.marks ?? []) {
        const id = mark.type === COMMENT_MARK ? mark.attrs?.threadId : null;
        if (typeof id !== 'string' || !id) continue;
        const entry = found.get(id) ?? { lines: [], block: '' };
        // Text of the same block continues the line; another block starts a new one.
        if (entry.lines.length > 0 && entry.block === block) {
          entry.lines[entry.lines.length - 1] += node.text;
        } else {
          entry.lines.push(node.text);
        }
        entry.block = block;
        found.set(id, entry);
      }
      return;
    }
    node.content?.forEach((child, index) =>
      walk(child, child.type === 'text' ? block : `${block}.${index}`),
    );
  };
  if (body) walk(body, '');
  const passages = new Map<string, string>();
  for (const [id, entry] of found) {
    const text = entry.lines.join('\n').trim();
    if (text) passages.set(id, text);
  }
  return passages;
}
