/**
 * One thread: its quote, its messages (plain text: line breaks kept, web addresses made into links,
 * never HTML), edit and delete of one's own messages, a reply box with @mentions, resolve and
 * reopen for the thread's author, a membre or a pilote. Shown in the side panel and the threads
 * view; marks the thread read for the person when shown.
 */
import { useQualites } from './use-qualites.ts';
import { useEffect, useState, type ReactNode } from 'react';
import { can, type Role } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { commentsApi, type CommentMessage, type Thread } from './comments-api.ts';
import { upsertThread } from './threads-store.ts';
import { MessageComposer } from './message-composer.tsx';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "26/11/2026 14:05". */
export const formatWhen = (iso: string): string => dateFormat.format(new Date(iso));

/** Text with http(s) addresses as links; everything else stays text (React escapes it). */
export function LinkedText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  const pattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)»]/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(
      <a key={index} href={match[0]} target="_blank" rel="noopener noreferrer nofollow">
        {match[0]}
      </a>,
    );
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

/** Where a thread is: "1.3 n° 1 — label", "Thème 2", "Action"… */
export function threadPlace(thread: Thread): string {
  const c = thread.context;
  if (thread.anchor.kind === 'row' && c.domainNumber)
    return `${c.domainNumber} n° ${c.rowIndex ?? '?'}`;
  if (thread.anchor.kind === 'theme' && c.themeNumber) return `Thème ${c.themeNumber}`;
  if (thread.anchor.kind === 'passage' && c.sectionTitle) return `Texte « ${c.sectionTitle} »`;
  return '';
}

function MessageItem({
  thread,
  message,
  organisationId,
  mayWrite,
}: {
  thread: Thread;
  message: CommentMessage;
  organisationId: string;
  mayWrite: boolean;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState('');
  const mine = mayWrite && me?.user.id === message.author.id && !message.deleted;
  const qualite = useQualites(organisationId).get(message.author.id);

  const remove = async () => {
    if (!window.confirm(t('comments.confirmDelete'))) return;
    try {
      upsertThread(await commentsApi.remove(thread.id, message.id));
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <li className={`comment-message${message.deleted ? ' deleted' : ''}`}>
      <p className="comment-meta">
        <strong>{message.author.name}</strong>{' '}
        {qualite && (
          <span className="participant-qualite" data-testid="comment-qualite">
            {t(`qualite.${qualite}`)}
          </span>
        )}{' '}
        <time dateTime={message.createdAt}>{formatWhen(message.createdAt)}</time>
        {message.editedAt && !message.deleted && (
          <span className="muted"> {t('comments.edited')}</span>
        )}
      </p>
      {message.deleted ? (
        <p className="comment-body muted">
          <em>{t('comments.deleted')}</em>
        </p>
      ) : editing ? (
        <MessageComposer
          organisationId={organisationId}
          label={t('comments.edit')}
          submitLabel={t('comments.save')}
          initial={message.body}
          autoFocus
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            upsertThread(await commentsApi.edit(thread.id, message.id, body));
            setEditing(false);
          }}
        />
      ) : (
        <p className="comment-body">
          <LinkedText text={message.body} />
        </p>
      )}
      {mine && !editing && (
        <p className="comment-tools">
          <button type="button" className="link-button" onClick={() => setEditing(true)}>
            {t('comments.edit')}
          </button>
          <button type="button" className="link-button danger" onClick={() => void remove()}>
            {t('comments.delete')}
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </li>
  );
}

export function ThreadCard({
  thread,
  organisationId,
  role,
  headingLevel = 3,
}: {
  thread: Thread;
  organisationId: string;
  role: Role | null;
  headingLevel?: 2 | 3 | 4;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const [error, setError] = useState('');
  const mayWrite = can(role, 'cycle.comment');
  const mayResolve = mayWrite && (can(role, 'cycle.edit') || thread.createdBy?.id === me?.user.id);
  const Heading = `h${headingLevel}` as const;
  const lastMessage = thread.messages.at(-1)?.id;

  // Shown: the person has read it (also after a new message arrives while it is open).
  useEffect(() => {
    if (!thread.unread) return;
    void commentsApi
      .markRead(thread.id)
      .then(() => upsertThread({ ...thread, unread: false }))
      .catch(() => {});
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per new last message
  }, [thread.id, thread.unread, lastMessage]);

  const toggle = async () => {
    setError('');
    try {
      upsertThread(
        await (thread.resolved ? commentsApi.reopen(thread.id) : commentsApi.resolve(thread.id)),
      );
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <article className={`thread-card status-${thread.status}`} aria-label={thread.quote}>
      <header className="thread-card-header">
        <Heading className="thread-quote">
          {threadPlace(thread) && <span className="thread-place">{threadPlace(thread)}</span>} «{' '}
          {thread.quote || '…'} »
        </Heading>
        <span className={`thread-status status-${thread.status}`}>
          {t(`comments.status.${thread.status}`)}
        </span>
      </header>
      {thread.detached && <p className="notice thread-detached">{t('comments.detachedNote')}</p>}
      <ol className="comment-messages" aria-live="polite">
        {thread.messages.map((message) => (
          <MessageItem
            key={message.id}
            thread={thread}
            message={message}
            organisationId={organisationId}
            mayWrite={mayWrite}
          />
        ))}
      </ol>
      {thread.resolved && thread.resolvedBy && thread.resolvedAt && (
        <p className="muted thread-resolved-by">
          {t('comments.resolvedBy', {
            name: thread.resolvedBy.name,
            date: formatWhen(thread.resolvedAt),
          })}
        </p>
      )}
      {mayWrite && (
        <MessageComposer
          organisationId={organisationId}
          label={t('comments.replyLabel')}
          submitLabel={t('comments.reply')}
          onSubmit={async (body) => {
            await commentsApi.reply(thread.id, body);
            upsertThread(await commentsApi.get(thread.id));
          }}
        />
      )}
      {mayResolve && (
        <p className="thread-actions">
          <button type="button" onClick={() => void toggle()}>
            {thread.resolved ? t('comments.reopen') : t('comments.resolve')}
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </article>
  );
}
