/**
 * The narrative sections and the comment threads of a frozen version, read-only (issues 11–13).
 * Section bodies go through the shared sanitiser (richToHtml: no raw HTML, links re-checked).
 * Threads are the ones stored with the version at freeze time — they never change afterwards —
 * and only the version view shows them: a public link never shows comments.
 */
import { useEffect, useState } from 'react';
import { richToHtml, type CycleModel } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import type { Thread } from '../comments/comments-api.ts';
import { LinkedText, formatWhen, threadPlace } from '../comments/thread-card.tsx';
import { versionsApi } from './versions-api.ts';
import '../comments/comments.css';
import '../sections/sections.css';

const hasText = (section: CycleModel['sections'][number]) =>
  section.paragraphs.some((paragraph) => paragraph.trim() !== '');

/** Every section with text, in order, under its title (theme sections carry their theme). */
export function FrozenTexts({ model }: { model: CycleModel }) {
  const { t } = useI18n();
  const themes = new Map(model.themes.map((theme) => [theme.id, theme]));
  const written = model.sections.filter(hasText);
  const empty = model.sections.length - written.length;
  return (
    <div className="frozen-texts">
      {written.length === 0 && <p className="muted">{t('frozen.noText')}</p>}
      {written.map((section) => {
        const theme = section.themeId ? themes.get(section.themeId) : undefined;
        return (
          <section key={section.id} className="frozen-section" aria-labelledby={`fs-${section.id}`}>
            <h3 id={`fs-${section.id}`}>
              {theme
                ? t('sections.themeSection', { number: theme.number, title: section.title })
                : section.title || t('sections.untitled')}
            </h3>
            <div
              className="synthesis-rich"
              // The shared renderer escapes every text and re-checks links (never raw HTML).
              dangerouslySetInnerHTML={{ __html: richToHtml(section.body ?? { type: 'doc' }) }}
            />
          </section>
        );
      })}
      {empty > 0 && written.length > 0 && (
        <p className="muted">{t('frozen.emptySections', { count: empty })}</p>
      )}
    </div>
  );
}

/** The threads as they were when the version was frozen, read-only. */
export function FrozenThreads({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<Thread[] | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    versionsApi.threads(versionId).then(
      (reply) => live && setState(reply.threads),
      (caught: unknown) => live && setState({ error: errorMessage(caught, t) }),
    );
    return () => {
      live = false;
    };
  }, [versionId, t]);
  if (!state) return <p role="status">{t('common.loading')}</p>;
  if ('error' in state)
    return (
      <p role="alert" className="field-error">
        {state.error}
      </p>
    );
  if (state.length === 0) return <p className="muted">{t('frozen.noThreads')}</p>;
  return (
    <div className="frozen-threads">
      <p className="hint">{t('frozen.threadsHint')}</p>
      {state.map((thread) => (
        <article
          key={thread.id}
          className={`thread-card status-${thread.status}`}
          aria-label={thread.quote}
        >
          <header className="thread-card-header">
            <h3 className="thread-quote">
              {threadPlace(thread) && <span className="thread-place">{threadPlace(thread)}</span>} «{' '}
              {thread.quote || '…'} »
            </h3>
            <span className={`thread-status status-${thread.status}`}>
              {t(`comments.status.${thread.status}`)}
            </span>
          </header>
          <ol className="comment-messages">
            {thread.messages.map((message) => (
              <li key={message.id} className="comment-message">
                <p className="comment-meta">
                  <strong>{message.author.name}</strong> {formatWhen(message.createdAt)}
                </p>
                <p className="comment-body">
                  {message.deleted ? (
                    <em>{t('comments.deleted')}</em>
                  ) : (
                    <LinkedText text={message.body} />
                  )}
                </p>
              </li>
            ))}
          </ol>
        </article>
      ))}
    </div>
  );
}
