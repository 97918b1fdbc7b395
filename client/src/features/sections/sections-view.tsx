/**
 * The narrative sections of a cycle (issue 11), beside the grid: an outline to navigate, who is in
 * each section, who last edited it and when, its word count, and the selected section's editor.
 * A theme's « Bonnes pratiques actuelles » and « Axes de progrès » are edited here (the grid's
 * theme line shows them and links here); a theme not retained also shows why, in the same text
 * the grid edits.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/react';
import {
  addFreeSection,
  can,
  countWords,
  deleteSection,
  moveSection,
  sectionBody,
  sectionTitle,
  themeText,
  type Section,
  type Theme,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { SectionEditor } from './section-editor.tsx';
import { PassageComments, selectedPassage, type PendingPassage } from './passage-comments.tsx';
import { useSectionPresence, type SectionPresence } from './use-section-presence.ts';
import { sectionHash } from './section-hash.ts';
import { countRender } from '../../lib/render-count.ts';
import './sections.css';

function selectedFromHash(): string | null {
  const match = /^#section-(.+)$/.exec(window.location.hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/**
 * Word counts by section object: a section typed in is a new object (collab/share-model.ts), the
 * others keep theirs, so a keystroke counts the words of one section, not of the whole cycle.
 */
const wordCounts = new WeakMap<Section, number>();
function sectionWords(section: Section): number {
  let count = wordCounts.get(section);
  if (count === undefined) {
    count = countWords(section.paragraphs.join(' '));
    wordCounts.set(section, count);
  }
  return count;
}

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Title of a section as shown in the outline (theme sections carry their theme's number). */
export function useSectionLabel() {
  const { t } = useI18n();
  return (section: Section, theme: Theme | undefined) =>
    theme
      ? t('sections.themeSection', { number: theme.number, title: section.title })
      : section.title || t('sections.untitled');
}

function PresenceDots({ people }: { people: SectionPresence[] }) {
  const others = people.filter((person) => !person.self);
  if (others.length === 0) return null;
  return (
    <span className="section-presence">
      {others.map((person) => (
        <span
          key={person.clientId}
          className="presence-tag"
          style={{ background: person.color }}
          title={person.name}
        >
          {person.name}
        </span>
      ))}
    </span>
  );
}

export function SectionsView({ context }: { context: CycleViewContext }) {
  countRender('SectionsView');
  const { t, formatNumber } = useI18n();
  const { cycle, role, doc, model, provider, author, readOnly, edit, announce } = context;
  const [pendingPassage, setPendingPassage] = useState<PendingPassage | null>(null);
  const [focusThread, setFocusThread] = useState<{ id: string; at: number } | null>(null);
  const label = useSectionLabel();
  const sections = model.sections;
  const themesById = useMemo(
    () => new Map(model.themes.map((theme) => [theme.id, theme])),
    [model.themes],
  );
  const [selected, setSelected] = useState<string | null>(selectedFromHash);
  const selectedRef = useRef(selected);
  useEffect(() => {
    selectedRef.current = selected;
  }, [selected]);
  const current =
    sections.find((section) => section.id === selected) ??
    sections.find((section) => section.kind === 'method') ??
    sections[0] ??
    null;
  const currentId = current?.id ?? null;
  const presence = useSectionPresence(provider, currentId);
  // Stable, so that the memoised editor does not render again with every keystroke.
  const handleComment = useCallback(
    (editor: Editor) => {
      const passage = currentId ? selectedPassage(editor, currentId) : null;
      if (passage) setPendingPassage(passage);
    },
    [currentId],
  );
  const handleOpenThread = useCallback((id: string) => setFocusThread({ id, at: Date.now() }), []);

  // « Suivre » here: go to the section the followed person is in, and keep their caret in view.
  const following = context.following ?? null;
  useEffect(() => {
    const awareness = provider?.awareness;
    if (!awareness || following === null) return;
    const follow = () => {
      const state = awareness.getStates().get(following);
      const section = state?.section;
      if (typeof section === 'string' && section !== selectedRef.current) {
        setSelected(section);
        window.history.replaceState(null, '', sectionHash(section));
      }
      const name = (state?.user as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') return;
      requestAnimationFrame(() => {
        const label = [
          ...document.querySelectorAll<HTMLElement>('.section-body .collaboration-carets__label'),
        ].find((element) => element.textContent === name);
        label?.scrollIntoView({ block: 'nearest' });
      });
    };
    follow();
    awareness.on('change', follow);
    return () => awareness.off('change', follow);
  }, [provider, following]);

  useEffect(() => {
    const handle = () => setSelected(selectedFromHash());
    window.addEventListener('hashchange', handle);
    return () => window.removeEventListener('hashchange', handle);
  }, []);

  const select = (id: string) => {
    setSelected(id);
    window.history.replaceState(null, '', sectionHash(id));
  };

  const fragment = current ? sectionBody(doc, current.id) : null;
  const title = current ? sectionTitle(doc, current.id) : null;
  const theme = current?.themeId ? themesById.get(current.themeId) : undefined;
  const wordsLabel = (section: Section) => {
    const count = sectionWords(section);
    return t(count === 1 ? 'sections.oneWord' : 'sections.words', { count: formatNumber(count) });
  };

  const handleAdd = () => {
    let id = '';
    edit(() => {
      id = addFreeSection(doc, t('sections.newSection'));
    });
    select(id);
  };
  const handleMove = (direction: -1 | 1) => {
    if (!current) return;
    edit(() => moveSection(doc, current.id, direction));
  };
  const handleDelete = () => {
    if (!current) return;
    const name = current.title;
    edit(() => deleteSection(doc, current.id));
    setSelected(null);
    announce(t('sections.deleted', { title: name }), true);
  };

  if (!current || !fragment || !title) {
    return (
      <p role="status" className="sections-empty">
        {t('sections.empty')}
      </p>
    );
  }
  const headingId = `section-title-${current.id}`;
  const here = presence.get(current.id) ?? [];

  return (
    <div className="sections-view">
      <nav className="sections-outline" aria-label={t('sections.outline')}>
        <ol>
          {sections.map((section) => {
            const sectionTheme = section.themeId ? themesById.get(section.themeId) : undefined;
            const isCurrent = section.id === current.id;
            return (
              <li
                key={section.id}
                className={sectionTheme && !sectionTheme.retained ? 'theme-dropped' : undefined}
              >
                <a
                  href={sectionHash(section.id)}
                  aria-current={isCurrent ? 'true' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    select(section.id);
                  }}
                >
                  <span className="outline-title">{label(section, sectionTheme)}</span>
                  <span className="outline-meta">{wordsLabel(section)}</span>
                  <PresenceDots people={presence.get(section.id) ?? []} />
                </a>
              </li>
            );
          })}
        </ol>
        {!readOnly && (
          <button type="button" className="add-section" onClick={handleAdd}>
            + {t('sections.add')}
          </button>
        )}
      </nav>
      <article className="section-main" aria-labelledby={headingId}>
        <header className="section-header">
          {theme && (
            <p className="section-theme">
              {t('cycle.themeNumber', { number: theme.number })} — {theme.title}
              {!theme.retained && (
                <span className="badge badge-muted">{t('cycle.notRetained')}</span>
              )}
            </p>
          )}
          {current.kind === 'free' && !readOnly ? (
            <label className="section-title-field">
              <span className="visually-hidden">{t('sections.title')}</span>
              <CollabText text={title} rows={1} className="section-title-input" id={headingId} />
            </label>
          ) : (
            <h2 id={headingId}>{current.title || t('sections.untitled')}</h2>
          )}
          <p className="section-meta" data-testid="section-meta">
            {current.editedBy && current.editedAt
              ? t('sections.lastEdit', {
                  name: current.editedBy,
                  when: dateTime.format(new Date(current.editedAt)).replace(' ', ' à '),
                })
              : t('sections.neverEdited')}
            {' · '}
            {wordsLabel(current)}
            {here.some((person) => !person.self) && (
              <>
                {' · '}
                {t('sections.here', {
                  names: here
                    .filter((person) => !person.self)
                    .map((person) => person.name)
                    .join(', '),
                })}
              </>
            )}
          </p>
          {!readOnly && (
            <div className="section-actions">
              <button type="button" onClick={() => handleMove(-1)}>
                ↑ {t('sections.moveUp')}
              </button>
              <button type="button" onClick={() => handleMove(1)}>
                ↓ {t('sections.moveDown')}
              </button>
              {current.kind === 'free' && (
                <button type="button" onClick={handleDelete}>
                  {t('sections.delete')}
                </button>
              )}
            </div>
          )}
        </header>
        {theme && !theme.retained && current.kind === 'theme-stakes' && (
          <div className="section-reason">
            <label htmlFor={`reason-${theme.id}`}>{t('sections.notRetainedReason')}</label>
            <CollabText
              id={`reason-${theme.id}`}
              text={themeText(doc, theme.id, 'notRetainedReason')}
              readOnly={readOnly}
              rows={3}
              aria-invalid={!theme.notRetainedReason.trim() || undefined}
            />
            {!theme.notRetainedReason.trim() && (
              <p className="flag" role="note">
                {t('theme.reasonRequired')}
              </p>
            )}
          </div>
        )}
        <SectionEditor
          key={current.id}
          doc={doc}
          sectionId={current.id}
          fragment={fragment}
          provider={provider}
          author={author}
          readOnly={readOnly}
          labelledBy={headingId}
          announce={announce}
          commentable={can(role, 'cycle.comment')}
          onComment={handleComment}
          onOpenThread={handleOpenThread}
        />
      </article>
      <PassageComments
        key={current.id}
        cycle={cycle}
        role={role}
        sectionId={current.id}
        body={current.body}
        pending={pendingPassage}
        onPendingDone={() => setPendingPassage(null)}
        focusThreadId={focusThread?.id ?? null}
        focusKey={focusThread?.at ?? 0}
      />
    </div>
  );
}
