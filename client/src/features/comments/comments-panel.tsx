/**
 * Comments beside the grid: the count badge each row line shows (open threads; a click opens the
 * row's threads in the side panel), the Ctrl+Alt+M shortcut (comments of the row holding the
 * focus), and the side panel itself with the row's threads and a form for a new one.
 */
import { useEffect, useRef } from 'react';
import { can, domainNumbers, type CycleModel, type Role } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Cycle } from '../../lib/api.ts';
import { commentsApi } from './comments-api.ts';
import { openPanel, upsertThread, useThreads } from './threads-store.ts';
import { ThreadCard } from './thread-card.tsx';
import { MessageComposer } from './message-composer.tsx';
import './comments.css';

/** The open-thread count of a row, as a button that opens its comments. */
export function ThreadCountBadge({ rowId }: { rowId: string }) {
  const { t } = useI18n();
  const { openByRow, threads } = useThreads();
  const count = openByRow.get(rowId) ?? 0;
  const unread = count > 0 && threads.some((th) => th.anchor.id === rowId && th.unread);
  return (
    <button
      type="button"
      tabIndex={-1}
      className={`thread-badge${count ? ' has-threads' : ''}${unread ? ' unread' : ''}`}
      data-thread-count={count}
      aria-label={count ? t('comments.badge', { count }) : t('comments.badgeNone')}
      title={t('comments.shortcut')}
      onClick={() => openPanel({ kind: 'row', rowId })}
    >
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" focusable="false">
        <path
          d="M2 2.5h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H7l-3.5 3v-3H2a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinejoin="round"
        />
      </svg>
      {count > 0 && <span className="thread-badge-count">{count}</span>}
    </button>
  );
}

/**
 * The side panel of comments, shown beside the grid when a row's comments or a thread is opened;
 * also installs the Ctrl+Alt+M shortcut on the grid.
 */
export function CommentsSidePanel({
  cycle,
  model,
  role,
}: {
  cycle: Cycle;
  model: CycleModel;
  role: Role | null;
}) {
  const { t } = useI18n();
  const { panel, threads } = useThreads();
  const closeRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);
  const asideRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey && event.altKey && event.key.toLowerCase() === 'm')) return;
      const line = document.activeElement?.closest('[data-row-id]');
      const rowId = line?.getAttribute('data-row-id');
      if (!rowId) return;
      event.preventDefault();
      returnFocus.current = document.activeElement;
      openPanel({ kind: 'row', rowId });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (panel) {
      if (!asideRef.current?.contains(document.activeElement)) {
        returnFocus.current ??= document.activeElement;
        closeRef.current?.focus();
      }
    }
  }, [panel]);

  if (!panel) return null;
  const close = () => {
    openPanel(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back instanceof HTMLElement) back.focus();
  };

  const row =
    panel.kind === 'row' ? model.rows.find((candidate) => candidate.id === panel.rowId) : null;
  const shown =
    panel.kind === 'row'
      ? threads
          .filter((thread) => thread.anchor.kind === 'row' && thread.anchor.id === panel.rowId)
          .sort((a, b) => Number(a.resolved) - Number(b.resolved))
      : threads.filter((thread) => thread.id === panel.id);
  let title = t('comments.panelTitle');
  if (row) {
    const number = domainNumbers(model.themes, model.domains).get(row.domainId) ?? '';
    const index =
      model.rows
        .filter((candidate) => candidate.domainId === row.domainId)
        .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
        .findIndex((candidate) => candidate.id === row.id) + 1;
    title = `${t('comments.panelTitle')} — ${t('comments.rowTitle', { domain: number, index })}`;
  }

  return (
    <aside
      ref={asideRef}
      className="row-panel comments-panel"
      aria-label={title}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <header>
        <div>
          <h2 className="comments-panel-title">{title}</h2>
          {row && <p className="muted">« {row.label} »</p>}
        </div>
        <button ref={closeRef} type="button" onClick={close} aria-label={t('comments.close')}>
          ✕
        </button>
      </header>
      {panel.kind === 'row' && shown.length === 0 && (
        <p className="muted">{t('comments.rowEmpty')}</p>
      )}
      {shown.map((thread) => (
        <ThreadCard
          key={thread.id}
          thread={thread}
          organisationId={cycle.organisationId}
          role={role}
        />
      ))}
      {panel.kind === 'row' && row && can(role, 'cycle.comment') && (
        <section className="new-thread" aria-label={t('comments.newThread')}>
          <h3>{t('comments.newThread')}</h3>
          <MessageComposer
            organisationId={cycle.organisationId}
            label={t('comments.newThreadLabel')}
            submitLabel={t('comments.start')}
            autoFocus={shown.length === 0}
            onSubmit={async (body) => {
              upsertThread(await commentsApi.create(cycle.id, { kind: 'row', id: row.id }, body));
            }}
          />
        </section>
      )}
      {!can(role, 'cycle.comment') && <p className="muted">{t('comments.readOnly')}</p>}
    </aside>
  );
}
