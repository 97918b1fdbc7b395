/**
 * Quarterly reviews (seed §2.6): record a dated checkpoint of every action's status with a short
 * comment each, and read the last four side by side to see progress quarter after quarter.
 */
import { useState } from 'react';
import {
  createReview,
  formatIsoDateFr,
  lastReviews,
  parseFrenchDate,
  reviewComment,
  todayIso,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { ValidatedField } from './action-fields.tsx';
import { StatusBadge } from './actions-view.tsx';
import './actions.css';

export function ReviewsView({ context }: { context: CycleViewContext }) {
  const { t } = useI18n();
  const { doc, model, readOnly, edit, author, announce } = context;
  const [date, setDate] = useState(formatIsoDateFr(todayIso()));
  const reviews = lastReviews(doc);
  const titles = new Map(model.actions.map((action) => [action.id, action.title]));
  const actionIds = [
    ...new Set(reviews.flatMap((review) => review.entries.map((e) => e.actionId))),
  ];
  const titleOf = (actionId: string) =>
    titles.get(actionId)?.trim() ||
    reviews.flatMap((r) => r.entries).find((e) => e.actionId === actionId)?.title ||
    t('actions.untitled');

  return (
    <div className="reviews-view">
      {!readOnly && (
        <form
          className="actions-toolbar"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <ValidatedField
            label={t('reviews.date')}
            value={date}
            readOnly={false}
            placeholder="jj/mm/aaaa"
            onCommit={(text) => {
              const parsed = parseFrenchDate(text);
              if (!parsed.ok || !parsed.value)
                return { ok: false, code: 'date-invalid', message: '' };
              setDate(formatIsoDateFr(parsed.value));
              return { ok: true };
            }}
          />
          <button
            type="button"
            className="primary"
            onClick={() => {
              const parsed = parseFrenchDate(date);
              if (!parsed.ok || !parsed.value) return;
              const iso = parsed.value;
              edit(() => createReview(doc, model, iso, author));
              announce(t('reviews.created', { date: formatIsoDateFr(iso) }));
            }}
          >
            {t('reviews.create')}
          </button>
        </form>
      )}
      {reviews.length === 0 ? (
        <p className="empty">{t('reviews.empty')}</p>
      ) : (
        <table className="reviews-table">
          <caption>{t('reviews.caption', { count: reviews.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calendar.action')}</th>
              {reviews.map((review) => (
                <th key={review.id} scope="col">
                  {t('reviews.column', { date: formatIsoDateFr(review.date) })}
                  {review.createdBy && <span className="action-hint"> {review.createdBy}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {actionIds.map((actionId) => (
              <tr key={actionId}>
                <th scope="row">{titleOf(actionId)}</th>
                {reviews.map((review) => {
                  const entry = review.entries.find((e) => e.actionId === actionId);
                  const comment = entry ? reviewComment(doc, review.id, actionId) : null;
                  return (
                    <td key={review.id}>
                      {entry ? (
                        <>
                          <StatusBadge status={entry.status} />
                          {comment && (
                            <CollabText
                              text={comment}
                              readOnly={readOnly}
                              className="review-comment"
                              aria-label={t('reviews.comment', {
                                action: titleOf(actionId),
                                date: formatIsoDateFr(review.date),
                              })}
                              placeholder={t('reviews.commentPlaceholder')}
                            />
                          )}
                        </>
                      ) : (
                        <span className="action-hint">{t('reviews.notYet')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
