/**
 * « Objectif atteint ? » — the one-year review of a row carried from last year with a 1-year
 * objective (issue 15): oui / partiellement / non and a comment, live for everyone, counted in the
 * dashboard. Shown in the row's side panel.
 */
import { useEffect, useReducer } from 'react';
import {
  observeOneYearReviews,
  oneYearReviewComment,
  readOneYearReviews,
  REVIEW_ANSWERS,
  setOneYearReview,
  type Row,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import { useGrid } from '../grid/grid-context.ts';
import './dashboard.css';

export function OneYearReview({ row }: { row: Row }) {
  const { t } = useI18n();
  const { doc, edit, readOnly } = useGrid();
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  useEffect(() => observeOneYearReviews(doc, refresh), [doc]);
  const previous = row.previous;
  if (!previous || !previous.target1y.trim()) return null;
  const answer = readOneYearReviews(doc).get(row.id)?.answer ?? null;
  const name = `one-year-review-${row.id}`;
  return (
    <fieldset className="one-year-review" data-testid="one-year-review">
      <legend>{t('review1y.legend', { year: previous.year + 1 })}</legend>
      <p className="muted">
        {t('review1y.objective', { year: previous.year })} <q>{previous.target1y}</q>
      </p>
      {row.target3y.trim() && row.target3yYear !== undefined && (
        <p className="muted" data-testid="target3y-year">
          {t('review1y.target3y')} <q>{row.target3y}</q> —{' '}
          {t('target3y.year', { year: row.target3yYear })}
        </p>
      )}
      <div className="one-year-review-answers">
        {REVIEW_ANSWERS.map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name={name}
              value={choice}
              checked={answer === choice}
              disabled={readOnly}
              onChange={() => edit(() => setOneYearReview(doc, row.id, choice))}
            />
            {t(`review1y.${choice}`)}
          </label>
        ))}
      </div>
      <CollabText
        text={oneYearReviewComment(doc, row.id)}
        className="panel-text"
        aria-label={t('review1y.comment')}
        placeholder={t('review1y.commentPlaceholder')}
        readOnly={readOnly}
      />
    </fieldset>
  );
}
