/**
 * In the grid's theme line: a theme's « Bonnes pratiques actuelles » or « Axes de progrès », which
 * live in its rich section (one place). Shows the text and links to it in the sections view.
 */
import * as Y from 'yjs';
import { ROOT, SECTION_FIELDS, type ThemeSectionKind } from '@pilotis/shared';
import { Link } from '../../app/router.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { sectionHash } from './section-hash.ts';

/** Id of a theme's section of `kind`, or null (not migrated yet, or deleted concurrently). */
export function themeSectionId(doc: Y.Doc, themeId: string, kind: ThemeSectionKind): string | null {
  let found: string | null = null;
  doc.getMap<Y.Map<unknown>>(ROOT.sections).forEach((map, id) => {
    if (
      map instanceof Y.Map &&
      map.get(SECTION_FIELDS.kind) === kind &&
      map.get(SECTION_FIELDS.themeId) === themeId
    )
      found = id;
  });
  return found;
}

export function ThemeSectionLink({
  doc,
  themeId,
  kind,
  text,
  label,
}: {
  doc: Y.Doc;
  themeId: string;
  kind: ThemeSectionKind;
  text: string;
  label: string;
}) {
  const { t } = useI18n();
  const id = themeSectionId(doc, themeId, kind);
  const base = window.location.pathname.replace(/\/(textes)?\/?$/, '');
  return (
    <div className="theme-section-link">
      <p className={`cell-text${text.trim() ? '' : ' muted'}`}>
        {text.trim() || t('sections.emptyText')}
      </p>
      {id && (
        <Link
          href={`${base}/textes${sectionHash(id)}`}
          tabIndex={-1}
          aria-label={`${t('sections.openInTexts')} : ${label}`}
        >
          {t('sections.openInTexts')}
        </Link>
      )}
    </div>
  );
}
