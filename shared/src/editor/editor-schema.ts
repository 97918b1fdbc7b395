/**
 * THE editor schema of narrative sections, defined once: the browser editors, the server-side
 * renderers, the exports and the tests all take their nodes and marks from this list.
 *
 * Allowed: paragraphs, headings 2–4, bullet and ordered lists, bold, italic, underline, links
 * (http, https, mailto only), blockquotes, simple tables, hard breaks, and the `comment` mark that
 * anchors a comment thread on a passage. Everything else (code, strike, rules, images, fonts,
 * colours) is left out, so a paste from Word or a web page keeps only these.
 *
 * Only @tiptap/core, the starter kit and the table extension are imported: none of them touches
 * the DOM when imported, so the server builds the same schema without a browser.
 */
import { Mark, getSchema, mergeAttributes, type AnyExtension } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { SCHEMA_VERSION } from '../schema/keys.ts';
import { SCHEMA_VERSION_PARAM } from '../protocol/collab.ts';

/**
 * Version of this editor schema. Bump it whenever a node, mark or attribute is added or changes
 * meaning: clients built for an older version are refused by the server (they would not
 * understand, and could damage, content the newer editor writes).
 */
export const EDITOR_SCHEMA_VERSION = 1;

/** Query parameter of the collaboration socket carrying the client's EDITOR_SCHEMA_VERSION. */
export const EDITOR_SCHEMA_PARAM = 'editorSchema';

/**
 * The query string every collaboration client appends to COLLAB_PATH: the document and editor
 * schema versions it was built with (the server refuses a socket without them, or older).
 */
export const CLIENT_VERSION_QUERY = `?${SCHEMA_VERSION_PARAM}=${SCHEMA_VERSION}&${EDITOR_SCHEMA_PARAM}=${EDITOR_SCHEMA_VERSION}`;

/** URL schemes a link may use; anything else (javascript:, data:, vbscript:…) is refused. */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/**
 * Whether a link target is acceptable: an absolute http(s) URL or a mailto address. Checked by the
 * editor when a link is made or pasted, and again by every renderer (content can reach the
 * document without the editor).
 */
export function isAllowedLink(href: unknown): href is string {
  if (typeof href !== 'string') return false;
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): strip them
  // before looking at it, and refuse anything that does not parse as an absolute URL.
  const compact = [...href]
    .filter((char) => {
      const code = char.charCodeAt(0);
      return code > 0x20 && (code < 0x7f || code > 0x9f);
    })
    .join('');
  let url: URL;
  try {
    url = new URL(compact);
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!(ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(scheme)) return false;
  return scheme === 'mailto' ? url.pathname.includes('@') : url.hostname.length > 0;
}

/** Name of the mark anchoring a comment thread on a passage. */
export const COMMENT_MARK = 'comment';

/**
 * A passage a comment thread is attached to (`threadId`). Rendered as a span in the editor;
 * renderers for the outside world keep its text and drop the mark. Several threads may overlap.
 */
export const CommentMark = Mark.create({
  name: COMMENT_MARK,
  inclusive: false,
  excludes: '',
  addAttributes() {
    return {
      threadId: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('data-comment-thread'),
        renderHTML: (attributes: Record<string, unknown>) =>
          typeof attributes.threadId === 'string'
            ? { 'data-comment-thread': attributes.threadId }
            : {},
      },
    };
  },
  parseHTML() {
    return [{ tag: 'span[data-comment-thread]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes({ class: 'comment-anchor' }, HTMLAttributes), 0];
  },
});

/** Heading levels a section may use (level 1 is the section's own title). */
export const HEADING_LEVELS = [2, 3, 4] as const;

/**
 * The extension list. Editing aids without schema (list keymap, drop and gap cursors) stay on;
 * undo/redo is left to the collaboration extension (per-person undo), and the trailing node is
 * off so that merely opening a section never writes to it.
 */
export const EDITOR_EXTENSIONS: AnyExtension[] = [
  StarterKit.configure({
    heading: { levels: [...HEADING_LEVELS] },
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    undoRedo: false,
    trailingNode: false,
    link: {
      openOnClick: false,
      autolink: true,
      protocols: [],
      defaultProtocol: 'https',
      isAllowedUri: (url) => isAllowedLink(url),
      shouldAutoLink: (url) => isAllowedLink(url) || isAllowedLink(`https://${url}`),
      HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
    },
  }),
  TableKit.configure({ table: { resizable: false } }),
  CommentMark,
];

let cachedSchema: ReturnType<typeof getSchema> | null = null;

/** The ProseMirror schema of EDITOR_EXTENSIONS (built once). */
export function editorSchema(): ReturnType<typeof getSchema> {
  cachedSchema ??= getSchema(EDITOR_EXTENSIONS);
  return cachedSchema;
}
