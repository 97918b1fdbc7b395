/**
 * The rich-text editor of one section body: Tiptap with the shared extension list, bound to the
 * section's Y.XmlFragment (Collaboration) and showing everyone's named caret in their colour
 * (CollaborationCaret, same identity as the grid). If the body holds content this editor does
 * not understand (written by a newer client), the content check disables sync and editing
 * instead of letting the editor delete what it cannot show.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import { EDITOR_EXTENSIONS, isAllowedLink, markSectionEdited } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { wordListsToHtmlLists } from './word-lists.ts';
import { countRender } from '../../lib/render-count.ts';

interface SectionEditorProps {
  doc: Y.Doc;
  sectionId: string;
  fragment: Y.XmlFragment;
  provider: HocuspocusProvider | null;
  author: { name: string; color: string };
  readOnly: boolean;
  labelledBy: string;
  announce: (message: string) => void;
  /** The person may comment: « Commenter » offers to comment the selected passage. */
  commentable?: boolean;
  /** The selection to comment (this editor, the section's id). */
  onComment?: (editor: Editor) => void;
  /** A highlighted passage was clicked: its thread. */
  onOpenThread?: (threadId: string) => void;
}

/** « Commenter » for the selected passage (Ctrl+Alt+M from the text). */
function CommentButton({ editor, onComment }: { editor: Editor; onComment: (e: Editor) => void }) {
  const { t } = useI18n();
  const [, force] = useState(0);
  useEffect(() => {
    const refresh = () => force((n) => n + 1);
    editor.on('selectionUpdate', refresh);
    editor.on('transaction', refresh);
    return () => {
      editor.off('selectionUpdate', refresh);
      editor.off('transaction', refresh);
    };
  }, [editor]);
  const empty = editor.state.selection.empty;
  return (
    <button
      type="button"
      className="comment-passage-button"
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => onComment(editor)}
      disabled={empty}
      title={t('passages.shortcut')}
      aria-keyshortcuts="Control+Alt+M"
    >
      {t('passages.comment')}
    </button>
  );
}

/** How often (at most) "last edited by" is written while someone types. */
const EDITED_MARK_INTERVAL_MS = 5000;

function ToolbarButton({
  label,
  active,
  onClick,
  children,
  disabled,
}: {
  label: string;
  active?: boolean;
  onClick: () => void;
  children: React.ReactNode;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className={`format-button${active ? ' active' : ''}`}
      title={label}
      aria-pressed={active === undefined ? undefined : active}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      disabled={disabled}
    >
      {/* The label is the button's name; the short visible sign is decoration (a name that does not
          contain the visible text would confuse voice control). */}
      <span aria-hidden="true">{children}</span>
      <span className="visually-hidden">{label}</span>
    </button>
  );
}

function FormatToolbar({ editor, announce }: { editor: Editor; announce: (m: string) => void }) {
  const { t } = useI18n();
  const [, force] = useState(0);
  useEffect(() => {
    const refresh = () => force((n) => n + 1);
    editor.on('selectionUpdate', refresh);
    editor.on('transaction', refresh);
    return () => {
      editor.off('selectionUpdate', refresh);
      editor.off('transaction', refresh);
    };
  }, [editor]);
  const chain = () => editor.chain().focus();
  const setLink = () => {
    const current = editor.getAttributes('link').href as string | undefined;
    const href = window.prompt(t('sections.linkPrompt'), current ?? 'https://');
    if (href === null) return;
    if (href.trim() === '') {
      chain().extendMarkRange('link').unsetLink().run();
      return;
    }
    if (!isAllowedLink(href.trim())) {
      announce(t('sections.linkRefused'));
      return;
    }
    chain().extendMarkRange('link').setLink({ href: href.trim() }).run();
  };
  return (
    <div className="format-toolbar" role="toolbar" aria-label={t('sections.format')}>
      <ToolbarButton
        label={t('sections.bold')}
        active={editor.isActive('bold')}
        onClick={() => chain().toggleBold().run()}
      >
        <strong>G</strong>
      </ToolbarButton>
      <ToolbarButton
        label={t('sections.italic')}
        active={editor.isActive('italic')}
        onClick={() => chain().toggleItalic().run()}
      >
        <em>I</em>
      </ToolbarButton>
      <ToolbarButton
        label={t('sections.underline')}
        active={editor.isActive('underline')}
        onClick={() => chain().toggleUnderline().run()}
      >
        <u>S</u>
      </ToolbarButton>
      {([2, 3, 4] as const).map((level) => (
        <ToolbarButton
          key={level}
          label={t('sections.heading', { level })}
          active={editor.isActive('heading', { level })}
          onClick={() => chain().toggleHeading({ level }).run()}
        >
          T{level - 1}
        </ToolbarButton>
      ))}
      <ToolbarButton
        label={t('sections.bulletList')}
        active={editor.isActive('bulletList')}
        onClick={() => chain().toggleBulletList().run()}
      >
        •
      </ToolbarButton>
      <ToolbarButton
        label={t('sections.orderedList')}
        active={editor.isActive('orderedList')}
        onClick={() => chain().toggleOrderedList().run()}
      >
        1.
      </ToolbarButton>
      <ToolbarButton
        label={t('sections.quote')}
        active={editor.isActive('blockquote')}
        onClick={() => chain().toggleBlockquote().run()}
      >
        «
      </ToolbarButton>
      <ToolbarButton label={t('sections.link')} active={editor.isActive('link')} onClick={setLink}>
        {t('sections.link')}
      </ToolbarButton>
      <ToolbarButton
        label={t('sections.table')}
        onClick={() => chain().insertTable({ rows: 2, cols: 2, withHeaderRow: true }).run()}
      >
        ▦
      </ToolbarButton>
    </div>
  );
}

function SectionEditorView({
  doc,
  sectionId,
  fragment,
  provider,
  author,
  readOnly,
  labelledBy,
  announce,
  commentable = false,
  onComment,
  onOpenThread,
}: SectionEditorProps) {
  countRender('SectionEditor');
  const { t } = useI18n();
  const [broken, setBroken] = useState(false);
  const lastMark = useRef(0);
  const editorRef = useRef<Editor | null>(null);
  // Read by the editor's key and click handlers, which are set up once.
  const handlers = useRef({ commentable, onComment, onOpenThread });
  handlers.current = { commentable, onComment, onOpenThread };

  const editor = useEditor(
    {
      extensions: [
        ...EDITOR_EXTENSIONS,
        Collaboration.configure({ fragment }),
        ...(provider
          ? [
              CollaborationCaret.configure({
                provider,
                user: { name: author.name, color: author.color },
              }),
            ]
          : []),
      ],
      editable: !readOnly,
      // The CSP allows no inline <style>: ProseMirror's few rules are in sections.css.
      injectCSS: false,
      enableContentCheck: true,
      onContentError: ({ disableCollaboration, editor: current }) => {
        // Content from a newer editor: stop syncing and editing rather than delete it.
        disableCollaboration();
        current.setEditable(false);
        setBroken(true);
      },
      editorProps: {
        // Word's list paragraphs become real lists before the schema reads the paste.
        transformPastedHTML: wordListsToHtmlLists,
        handleKeyDown: (view, event) => {
          const { commentable: may, onComment: comment } = handlers.current;
          if (!(event.ctrlKey && event.altKey && event.key.toLowerCase() === 'm')) return false;
          if (!may || !comment || view.state.selection.empty) return false;
          event.preventDefault();
          const current = editorRef.current;
          if (current) comment(current);
          return true;
        },
        handleClick: (_view, _pos, event) => {
          const target = event.target instanceof Element ? event.target : null;
          const anchor = target?.closest('[data-comment-thread]');
          const id = anchor?.getAttribute('data-comment-thread');
          if (id) handlers.current.onOpenThread?.(id);
          return false;
        },
        attributes: {
          class: 'section-body',
          'aria-labelledby': labelledBy,
          'aria-multiline': 'true',
          role: 'textbox',
          spellcheck: 'true',
          lang: 'fr',
        },
      },
    },
    [fragment, provider],
  );

  editorRef.current = editor;

  useEffect(() => {
    editor?.setEditable(!readOnly && !broken);
  }, [editor, readOnly, broken]);

  // "Last edited by": recorded from this person's own changes to the body.
  useEffect(() => {
    const handle = (_events: Y.YEvent<Y.XmlElement>[], transaction: Y.Transaction) => {
      if (!transaction.local || readOnly) return;
      const now = Date.now();
      if (now - lastMark.current < EDITED_MARK_INTERVAL_MS) return;
      lastMark.current = now;
      setTimeout(() => doc.transact(() => markSectionEdited(doc, sectionId, author.name, now)), 0);
    };
    fragment.observeDeep(handle);
    return () => fragment.unobserveDeep(handle);
  }, [doc, fragment, sectionId, author.name, readOnly]);

  if (!editor) return null;
  return (
    <div className="section-editor">
      {broken && (
        <p role="alert" className="notice notice-error">
          {t('sections.contentError')}
        </p>
      )}
      {((!readOnly && !broken) || (commentable && onComment)) && (
        <div className="section-editor-bar">
          {!readOnly && !broken && <FormatToolbar editor={editor} announce={announce} />}
          {commentable && onComment && <CommentButton editor={editor} onComment={onComment} />}
        </div>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}

/**
 * Memoised: the Textes view renders at every keystroke (word counts, presence), the editor only
 * when its own props change. A render of the component that holds `useEditor` makes Tiptap hand
 * the options to ProseMirror again (a view update, and y-prosemirror comparing the whole section
 * with its Y.XmlFragment), so it must not follow every keystroke.
 */
export const SectionEditor = memo(SectionEditorView);
