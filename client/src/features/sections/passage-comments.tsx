/**
 * Comments on passages of a section (issue 12). Selecting text and choosing « Commenter » (or
 * Ctrl+Alt+M) keeps the selection as two Yjs relative positions — they follow the text while the
 * first message is typed — and the server marks the passage (so a commentateur, who cannot write,
 * can comment too). Beside the text: the section's passage threads, open first, then resolved,
 * then détachés (their passage was erased; the quote stays).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { can, commentPassages, type RichDoc, type Role } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Cycle } from '../../lib/api.ts';
import { commentsApi, type Thread } from '../comments/comments-api.ts';
import { upsertThread, useThreads } from '../comments/threads-store.ts';
import { ThreadCard } from '../comments/thread-card.tsx';
import { MessageComposer } from '../comments/message-composer.tsx';
import '../comments/comments.css';

/** A selection waiting for its first message. */
export interface PendingPassage {
  sectionId: string;
  from: string;
  to: string;
  quote: string;
}

const base64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/** The editor's selection as relative positions in the section's fragment; null when empty. */
export function selectedPassage(editor: Editor, sectionId: string): PendingPassage | null {
  const { from, to, empty } = editor.state.selection;
  if (empty) return null;
  const quote = editor.state.doc.textBetween(from, to, '\n').trim();
  if (!quote) return null;
  const sync = ySyncPluginKey.getState(editor.state) as
    | { type: Y.XmlFragment; binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } }
    | undefined;
  if (!sync?.binding) return null;
  const mapping = sync.binding.mapping as Parameters<typeof absolutePositionToRelativePosition>[2];
  const start = absolutePositionToRelativePosition(from, sync.type, mapping);
  const end = absolutePositionToRelativePosition(to, sync.type, mapping);
  // The end sticks to the character before it, so text typed right after the passage stays out.
  end.assoc = -1;
  return {
    sectionId,
    from: base64(Y.encodeRelativePosition(start)),
    to: base64(Y.encodeRelativePosition(end)),
    quote,
  };
}

const rank = (thread: Thread) => (thread.detached ? 2 : thread.resolved ? 1 : 0);

export function PassageComments({
  cycle,
  role,
  sectionId,
  body,
  pending,
  onPendingDone,
  focusThreadId,
  focusKey,
}: {
  cycle: Cycle;
  role: Role | null;
  sectionId: string;
  /** The section's body as it is now: a passage no longer in it shows as détaché at once. */
  body: RichDoc | undefined;
  pending: PendingPassage | null;
  onPendingDone(): void;
  /** A thread to bring into view (its highlighted passage was clicked), and when. */
  focusThreadId: string | null;
  focusKey: number;
}) {
  const { t } = useI18n();
  const { threads, status } = useThreads();
  const listRef = useRef<HTMLDivElement>(null);
  const present = useMemo(() => commentPassages(body), [body]);
  // Passages seen in the text since this page opened: one of them gone means erased (a thread
  // just created may arrive before its mark does, and must not look détaché meanwhile).
  const [seen, setSeen] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    if ([...present.keys()].every((id) => seen.has(id))) return;
    setSeen((before) => new Set([...before, ...present.keys()]));
  }, [present, seen]);
  const shown = threads
    .filter((thread) => thread.anchor.kind === 'passage' && thread.context.sectionId === sectionId)
    // The server detaches it at its next look; the text here already says it is gone.
    .map((thread) =>
      thread.status === 'open' && seen.has(thread.id) && !present.has(thread.id)
        ? { ...thread, status: 'detached' as const, detached: true }
        : thread,
    )
    .sort((a, b) => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt));

  useEffect(() => {
    if (!focusThreadId) return;
    const card = listRef.current?.querySelector<HTMLElement>(
      `[data-thread-id="${CSS.escape(focusThreadId)}"]`,
    );
    card?.scrollIntoView({ block: 'nearest' });
    card?.focus();
  }, [focusThreadId, focusKey]);

  return (
    <aside className="passage-comments" aria-labelledby="passage-comments-title">
      <h2 id="passage-comments-title" className="passage-comments-title">
        {t('passages.title')}
      </h2>
      {pending && pending.sectionId === sectionId && (
        <section className="new-thread" aria-label={t('passages.newThread')}>
          <blockquote className="passage-quote">« {pending.quote} »</blockquote>
          <MessageComposer
            organisationId={cycle.organisationId}
            label={t('passages.newThreadLabel')}
            submitLabel={t('comments.start')}
            autoFocus
            onCancel={onPendingDone}
            onSubmit={async (body) => {
              const thread = await commentsApi.create(
                cycle.id,
                { kind: 'passage', id: pending.sectionId },
                body,
                { from: pending.from, to: pending.to },
              );
              upsertThread(thread);
              onPendingDone();
            }}
          />
        </section>
      )}
      {status === 'ready' && shown.length === 0 && !pending && (
        <p className="muted">
          {can(role, 'cycle.comment') ? t('passages.hint') : t('passages.none')}
        </p>
      )}
      <div ref={listRef}>
        {shown.map((thread) => (
          <div key={thread.id} data-thread-id={thread.id} tabIndex={-1} className="passage-thread">
            <ThreadCard
              thread={thread}
              organisationId={cycle.organisationId}
              role={role}
              headingLevel={3}
            />
          </div>
        ))}
      </div>
    </aside>
  );
}
