/**
 * Quarterly reviews (seed §2.6: share progress with the team or the bureau "par exemple tous les
 * trimestres"): a dated checkpoint recording each action's status at that moment and a short
 * comment per action. Kept in the cycle document (see docs/decisions/0012): a review is part of
 * the plan, co-edited live during the meeting, frozen with the versions and readable offline.
 */
import * as Y from 'yjs';
import { newId } from '../schema/ids.ts';
import { ACTION_STATUSES, type ActionStatus, type CycleModel } from '../schema/cycle.types.ts';
import { liveActions } from './action-calc.ts';
import type { Author } from '../grid/grid-ops.ts';

/** Root map of the reviews, keyed by review id. */
export const REVIEWS_ROOT = 'actionReviews';

export interface ReviewEntry {
  actionId: string;
  /** The action's title when the review was made (the action may be renamed or binned later). */
  title: string;
  status: ActionStatus;
  comment: string;
}

export interface Review {
  id: string;
  /** ISO date of the checkpoint. */
  date: string;
  createdBy: string;
  /** Epoch ms. */
  createdAt: number;
  entries: ReviewEntry[];
}

function reviewsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(REVIEWS_ROOT);
}

/**
 * Record a checkpoint dated `date` (YYYY-MM-DD) with the status of every live action, each with
 * an empty comment ready to be typed in (a Y.Text created now, so two people can type at once).
 */
export function createReview(doc: Y.Doc, model: CycleModel, date: string, author?: Author): string {
  const id = newId();
  doc.transact(() => {
    const review = new Y.Map<unknown>();
    review.set('date', date);
    review.set('createdBy', author?.name ?? '');
    review.set('createdAt', Date.now());
    const entries = new Y.Map<Y.Map<unknown>>();
    for (const action of liveActions(model)) {
      const entry = new Y.Map<unknown>();
      entry.set('title', action.title);
      entry.set('status', action.status);
      entry.set('comment', new Y.Text());
      entries.set(action.id, entry);
    }
    review.set('entries', entries);
    reviewsMap(doc).set(id, review);
  });
  return id;
}

/** The comment of one action in one review (null when the review or entry is gone). */
export function reviewComment(doc: Y.Doc, reviewId: string, actionId: string): Y.Text | null {
  const entries = reviewsMap(doc).get(reviewId)?.get('entries');
  const entry = entries instanceof Y.Map ? entries.get(actionId) : null;
  const comment = entry instanceof Y.Map ? entry.get('comment') : null;
  return comment instanceof Y.Text ? comment : null;
}

/** Every review, oldest first (by date, then by when it was recorded). */
export function readReviews(doc: Y.Doc): Review[] {
  const reviews: Review[] = [];
  reviewsMap(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const date = map.get('date');
    const entriesMap = map.get('entries');
    const entries: ReviewEntry[] = [];
    if (entriesMap instanceof Y.Map) {
      entriesMap.forEach((entry: unknown, actionId: string) => {
        if (!(entry instanceof Y.Map)) return;
        const status = entry.get('status');
        const title = entry.get('title');
        const comment = entry.get('comment');
        entries.push({
          actionId,
          title: typeof title === 'string' ? title : '',
          status: ACTION_STATUSES.includes(status as ActionStatus)
            ? (status as ActionStatus)
            : 'todo',
          comment: comment instanceof Y.Text ? comment.toString() : '',
        });
      });
    }
    const createdAt = map.get('createdAt');
    const createdBy = map.get('createdBy');
    reviews.push({
      id,
      date: typeof date === 'string' ? date : '',
      createdBy: typeof createdBy === 'string' ? createdBy : '',
      createdAt: typeof createdAt === 'number' ? createdAt : 0,
      entries,
    });
  });
  return reviews.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt - b.createdAt);
}

/** The last `count` reviews (default four: a year of quarters), oldest first for side by side. */
export function lastReviews(doc: Y.Doc, count = 4): Review[] {
  return readReviews(doc).slice(-count);
}
