/**
 * The comments inbox at /commentaires (mentions, replies to my threads, resolutions, newest
 * first) with the e-mail digest switch, and the header link that shows the unread count.
 */
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { commentsApi, type InboxItem } from './comments-api.ts';
import { formatWhen } from './thread-card.tsx';
import './comments.css';

const INBOX_CHANGED = 'pilotis:inbox-changed';
const POLL_MS = 60_000;

/** The unread count, refreshed every minute, on focus and when the inbox changes. */
function useUnreadCount(): number {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => {
      commentsApi
        .inbox()
        .then((inbox) => live && setUnread(inbox.unread))
        .catch(() => {});
    };
    load();
    const timer = setInterval(load, POLL_MS);
    window.addEventListener('focus', load);
    window.addEventListener(INBOX_CHANGED, load);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('focus', load);
      window.removeEventListener(INBOX_CHANGED, load);
    };
  }, []);
  return unread;
}

/** Header link to the inbox with its unread count. */
export function InboxLink() {
  const { t } = useI18n();
  const unread = useUnreadCount();
  return (
    <Link href="/commentaires" className="inbox-link">
      {unread > 0 ? t('comments.inboxCount', { count: unread }) : t('comments.inbox')}
      {unread > 0 && (
        <span className="inbox-badge" aria-hidden="true">
          {unread}
        </span>
      )}
    </Link>
  );
}

export function InboxPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState('');
  const [mail, setMail] = useState<boolean | null>(null);
  const [saved, setSaved] = useState('');

  const load = useCallback(async () => {
    try {
      const inbox = await commentsApi.inbox();
      setItems(inbox.items);
      setUnread(inbox.unread);
      setError('');
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  }, [t]);

  useEffect(() => {
    void load();
    commentsApi
      .settings()
      .then((settings) => setMail(settings.mail))
      .catch(() => {});
  }, [load]);

  const markAll = async () => {
    try {
      await commentsApi.markInboxRead();
      window.dispatchEvent(new Event(INBOX_CHANGED));
      await load();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  const open = (item: InboxItem) => {
    if (!item.read) {
      void commentsApi
        .markInboxRead([item.id])
        .then(() => window.dispatchEvent(new Event(INBOX_CHANGED)));
    }
  };

  return (
    <main id="content" className="page inbox-page">
      <h1>{t('comments.inboxTitle')}</h1>
      {mail !== null && (
        <p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={mail}
              onChange={(event) => {
                const next = event.target.checked;
                setMail(next);
                commentsApi
                  .setMail(next)
                  .then(() => setSaved(t('comments.mailSaved')))
                  .catch((caught: unknown) => setError(errorMessage(caught, t)));
              }}
            />{' '}
            {t('comments.mailSetting')}
          </label>
          <span role="status" className="muted">
            {' '}
            {saved}
          </span>
        </p>
      )}
      {error && (
        <div role="alert" className="notice notice-error">
          <p>{error}</p>
          <button type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {!items && !error && <p role="status">{t('common.loading')}</p>}
      {items && items.length === 0 && <p>{t('comments.inboxEmpty')}</p>}
      {items && items.length > 0 && (
        <>
          {unread > 0 && (
            <button type="button" onClick={() => void markAll()}>
              {t('comments.markAllRead')}
            </button>
          )}
          <ul className="inbox-list">
            {items.map((item) => (
              <li key={item.id} className={item.read ? '' : 'unread'}>
                {!item.read && (
                  <span className="unread-dot" role="img" aria-label={t('comments.unread')} />
                )}
                <p>
                  <strong>
                    {t(`comments.kind.${item.kind}`, { name: item.actor?.name ?? '?' })}
                  </strong>{' '}
                  — « {item.quote} »{' '}
                  <time className="muted" dateTime={item.createdAt}>
                    {formatWhen(item.createdAt)}
                  </time>
                </p>
                {item.excerpt && <p className="inbox-excerpt">{item.excerpt}</p>}
                <p className="muted">
                  {t('comments.cycleLabel', {
                    organisation: item.organisationName,
                    year: item.cycleYear,
                  })}{' '}
                  ·{' '}
                  <Link
                    href={`/cycles/${item.cycleId}/fils?fil=${item.threadId}`}
                    onClick={() => open(item)}
                  >
                    {t('comments.goToThread')}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
