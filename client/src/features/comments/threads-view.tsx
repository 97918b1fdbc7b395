/**
 * The cycle's threads at /cycles/:id/fils: grouped by theme (actions and sections last), filtered
 * by ouverts, résolus, détachés, mes fils, me mentionnant; unread ones marked. Choosing a thread
 * shows it beside the list; `?fil=<id>` (links in e-mails and the inbox) opens one directly.
 */
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/fr.ts';
import { useSession } from '../../app/session.tsx';
import { errorMessage } from '../home/home-page.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import type { Thread } from './comments-api.ts';
import { reloadThreads, useThreads } from './threads-store.ts';
import { ThreadCard, threadPlace } from './thread-card.tsx';
import './comments.css';

type Filter = 'open' | 'resolved' | 'detached' | 'mine' | 'mentions';
const FILTERS: Filter[] = ['open', 'resolved', 'detached', 'mine', 'mentions'];

function initialThread(): string | null {
  return new URLSearchParams(window.location.search).get('fil');
}

export function ThreadsView({ cycle, model, role }: CycleViewContext) {
  const { t } = useI18n();
  const { me } = useSession();
  const { threads, status, error } = useThreads();
  const [filters, setFilters] = useState<Set<Filter>>(() => new Set());
  const [selected, setSelected] = useState<string | null>(initialThread);

  const matches = (thread: Thread) => {
    const statuses = (['open', 'resolved', 'detached'] as const).filter((f) => filters.has(f));
    if (statuses.length > 0 && !statuses.includes(thread.status)) return false;
    if (filters.has('mine') && thread.createdBy?.id !== me?.user.id) {
      if (!thread.messages.some((m) => m.author.id === me?.user.id)) return false;
    }
    if (filters.has('mentions') && !thread.mentionsMe) return false;
    return true;
  };

  const groups = useMemo(() => {
    const themeTitle = new Map(model.themes.map((theme) => [theme.number, theme.title]));
    const byGroup = new Map<string, { title: string; order: number; threads: Thread[] }>();
    for (const thread of threads) {
      const number =
        thread.anchor.kind === 'row' || thread.anchor.kind === 'theme'
          ? (thread.context.themeNumber ?? 99)
          : 100;
      const title =
        number === 100
          ? t('comments.otherAnchors')
          : `${number}. ${themeTitle.get(number) ?? thread.context.themeTitle ?? ''}`;
      const group = byGroup.get(title) ?? { title, order: number, threads: [] };
      group.threads.push(thread);
      byGroup.set(title, group);
    }
    return [...byGroup.values()].sort((a, b) => a.order - b.order);
  }, [threads, model.themes, t]);

  const current = threads.find((thread) => thread.id === selected) ?? null;
  const visible = groups
    .map((group) => ({ ...group, threads: group.threads.filter(matches) }))
    .filter((group) => group.threads.length > 0);
  const openCount = threads.filter((thread) => thread.status === 'open').length;

  const toggle = (filter: Filter) =>
    setFilters((previous) => {
      const next = new Set(previous);
      if (next.has(filter)) next.delete(filter);
      else next.add(filter);
      return next;
    });

  const kindLabel: Record<Thread['anchor']['kind'], MessageKey | null> = {
    row: null,
    theme: 'comments.onTheme',
    action: 'comments.onAction',
    section: 'comments.onSection',
    passage: null,
  };

  return (
    <section className="threads-view" aria-labelledby="threads-title">
      <div className="threads-list">
        <h2 id="threads-title">
          {t('comments.title')}{' '}
          <span className="muted">({t('comments.countOpen', { count: openCount })})</span>
        </h2>
        <div role="group" aria-label={t('comments.filters')} className="thread-filters">
          {FILTERS.map((filter) => (
            <button
              key={filter}
              type="button"
              aria-pressed={filters.has(filter)}
              onClick={() => toggle(filter)}
            >
              {t(`comments.filter.${filter}`)}
            </button>
          ))}
        </div>
        {status === 'loading' && <p role="status">{t('common.loading')}</p>}
        {status === 'error' && (
          <div role="alert" className="notice notice-error">
            <p>
              {t('comments.loadError')} {errorMessage(error, t)}
            </p>
            <button type="button" onClick={() => void reloadThreads(cycle.id)}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {status === 'ready' && threads.length === 0 && <p>{t('comments.none')}</p>}
        {status === 'ready' && threads.length > 0 && visible.length === 0 && (
          <p>{t('comments.empty')}</p>
        )}
        {visible.map((group) => (
          <section key={group.title} className="thread-group" aria-label={group.title}>
            <h3>{group.title}</h3>
            <ul>
              {group.threads.map((thread) => {
                const kind = kindLabel[thread.anchor.kind];
                return (
                  <li key={thread.id}>
                    <button
                      type="button"
                      className={`thread-item status-${thread.status}${thread.unread ? ' unread' : ''}`}
                      aria-current={thread.id === selected ? 'true' : undefined}
                      data-thread-id={thread.id}
                      onClick={() => setSelected(thread.id)}
                    >
                      {thread.unread && (
                        <span className="unread-dot" role="img" aria-label={t('comments.unread')} />
                      )}
                      <span className="thread-item-place">
                        {kind ? t(kind) : threadPlace(thread)}
                      </span>
                      <span className="thread-item-quote">{thread.quote || '…'}</span>
                      <span className={`thread-status status-${thread.status}`}>
                        {t(`comments.status.${thread.status}`)}
                      </span>
                      <span className="muted">
                        {t('comments.messages', { count: thread.messages.length })}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
      <div className="threads-detail">
        {current ? (
          <ThreadCard
            key={current.id}
            thread={current}
            organisationId={cycle.organisationId}
            role={role}
            headingLevel={2}
          />
        ) : (
          <p className="muted">{t('comments.selectThread')}</p>
        )}
      </div>
    </section>
  );
}
