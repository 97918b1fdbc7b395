/** A theme header line of the grid. */
import { memo } from 'react';
import {
  addDomain,
  confirmThemeRetention,
  hasEntity,
  setThemePriority,
  setThemeRetained,
  themeText,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { Cell, TextCell } from './cells.tsx';
import { DOMAIN_COL, THEME_COL, type GridLine } from './grid-lines.ts';
import { useGrid } from './grid-context.ts';
import { countLineRender } from '../../lib/render-count.ts';
import { ThemeSectionLink } from '../sections/theme-section-link.tsx';

/** Theme header: retained or not (with the reason it then needs), priority, balance, add a domain. */
export const ThemeLine = memo(function ThemeLine({
  line,
  index,
}: {
  line: Extract<GridLine, { type: 'theme' }>;
  index: number;
}) {
  countLineRender('theme', line.key);
  const { t, plural } = useI18n();
  const { doc, edit, author, readOnly, focusCell } = useGrid();
  const { theme, balance } = line;
  const position = { line: index, lineKey: line.key };
  const reasonMissing = !theme.retained && !theme.notRetainedReason.trim();
  const total = balance.qualitative + balance.quantitative;
  const headingId = `theme-title-${theme.id}`;
  if (!hasEntity(doc, 'themes', theme.id)) return null;

  const handleAddDomain = () => {
    let id = '';
    edit(() => {
      id = addDomain(doc, theme.id, t('grid.newDomain'));
    });
    focusCell(`d:${id}`, DOMAIN_COL.title, true);
  };

  return (
    <div
      className={`line line-theme${theme.retained ? '' : ' theme-dropped'}`}
      role="row"
      aria-rowindex={index + 2}
      aria-labelledby={headingId}
    >
      <div className="theme-heading" role="rowheader">
        <h2 id={headingId}>
          <span className="theme-number">{t('cycle.themeNumber', { number: theme.number })}</span>{' '}
          {theme.title}
        </h2>
        <p className="theme-meta">
          {plural(line.rowCount, 'cycle.rowsCountOne', 'cycle.rows')} ·{' '}
          {t('cycle.balance', { quali: balance.qualitative, quanti: balance.quantitative })}
          {total > 0 && (
            <span
              className="balance-bar"
              role="img"
              aria-label={t('cycle.balance', {
                quali: balance.qualitative,
                quanti: balance.quantitative,
              })}
            >
              <span style={{ width: `${(balance.qualitative / total) * 100}%` }} />
            </span>
          )}
        </p>
        {reasonMissing && (
          <p className="flag" role="note">
            {t('theme.reasonRequired')}
          </p>
        )}
        {theme.retentionProposedFrom !== undefined && (
          <p className="flag retention-proposed" role="note" data-testid="retention-proposed">
            {t('retention.proposed', { year: theme.retentionProposedFrom })}{' '}
            {!readOnly && (
              <button
                type="button"
                className="link-button"
                onClick={() => edit(() => confirmThemeRetention(doc, theme.id, author))}
              >
                {t('retention.confirm')}
              </button>
            )}
          </p>
        )}
      </div>
      <div className="theme-controls" role="presentation">
        <Cell
          {...position}
          col={THEME_COL.retained}
          entityId={theme.id}
          field="retained"
          label={t('theme.retained')}
          nameFromContent
        >
          <label className="switch">
            <input
              type="checkbox"
              tabIndex={-1}
              checked={theme.retained}
              disabled={readOnly}
              onChange={(event) =>
                edit(() => setThemeRetained(doc, theme.id, event.target.checked, undefined, author))
              }
            />
            {t('theme.retained')}
          </label>
        </Cell>
        <Cell
          {...position}
          col={THEME_COL.priority}
          entityId={theme.id}
          field="priority"
          label={t('theme.priority')}
          nameFromContent
        >
          <label className="inline-field">
            {t('theme.priority')}
            <select
              tabIndex={-1}
              value={theme.priority ?? ''}
              disabled={readOnly}
              onChange={(event) =>
                edit(() =>
                  setThemePriority(
                    doc,
                    theme.id,
                    event.target.value ? Number(event.target.value) : null,
                    author,
                  ),
                )
              }
            >
              <option value="">{t('theme.noPriority')}</option>
              {[1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </Cell>
        {theme.retained ? (
          <Cell
            {...position}
            col={THEME_COL.reason}
            entityId={theme.id}
            field="reason"
            label={t('theme.retainedHint')}
            className="theme-hint"
          >
            <span className="muted">{t('theme.retainedHint')}</span>
          </Cell>
        ) : (
          <TextCell
            {...position}
            col={THEME_COL.reason}
            entityId={theme.id}
            field="notRetainedReason"
            label={t('theme.reason')}
            text={themeText(doc, theme.id, 'notRetainedReason')}
            placeholder={t('theme.reasonPlaceholder')}
            invalid={reasonMissing}
            className="theme-reason"
          />
        )}
        <Cell
          {...position}
          col={THEME_COL.addDomain}
          entityId={theme.id}
          field="addDomain"
          label={t('grid.addDomain')}
        >
          {!readOnly && (
            <button type="button" tabIndex={-1} onClick={handleAddDomain}>
              + {t('grid.addDomain')}
            </button>
          )}
        </Cell>
      </div>
      <div className="theme-practices" role="presentation">
        {/* ── sections (issue 11): these texts live in the theme's rich sections ── */}
        <Cell
          {...position}
          col={THEME_COL.goodPractices}
          entityId={theme.id}
          field="goodPractices"
          label={t('theme.goodPractices', { number: theme.number })}
          className="theme-practice"
          nameFromContent
        >
          <ThemeSectionLink
            doc={doc}
            themeId={theme.id}
            kind="theme-practices"
            text={theme.goodPractices}
            label={t('theme.goodPractices', { number: theme.number })}
          />
        </Cell>
        <Cell
          {...position}
          col={THEME_COL.improvements}
          entityId={theme.id}
          field="improvements"
          label={t('theme.improvements', { number: theme.number })}
          className="theme-practice"
          nameFromContent
        >
          <ThemeSectionLink
            doc={doc}
            themeId={theme.id}
            kind="theme-improvements"
            text={theme.improvements}
            label={t('theme.improvements', { number: theme.number })}
          />
        </Cell>
      </div>
    </div>
  );
});
