/**
 * The one-year review of a carried row (issue 15): « objectif atteint ? » — oui, partiellement or
 * non, with a comment. Stored in root-level types of the cycle document (a map of answers, one
 * Y.Text per commented row, named after the row), because root-level types are created by name
 * and merge when two people start the same review at once: nothing typed is lost.
 */
import type * as Y from 'yjs';

export const REVIEW_ANSWERS = ['yes', 'partly', 'no'] as const;
export type ReviewAnswer = (typeof REVIEW_ANSWERS)[number];

export interface RowReview {
  answer: ReviewAnswer | null;
  comment: string;
}

const ANSWERS = 'oneYearReview';
const commentName = (rowId: string) => `oneYearReview.${rowId}`;

/** The answers of a doc's reviews, by row id (rows never reviewed are absent). */
export function readOneYearReviews(doc: Y.Doc): Map<string, RowReview> {
  const reviews = new Map<string, RowReview>();
  for (const [rowId, value] of doc.getMap<string>(ANSWERS).entries()) {
    const answer = (REVIEW_ANSWERS as readonly string[]).includes(value)
      ? (value as ReviewAnswer)
      : null;
    reviews.set(rowId, { answer, comment: oneYearReviewComment(doc, rowId).toString() });
  }
  return reviews;
}

/** Answer « objectif atteint ? » for a row (null clears the answer, keeping the comment). */
export function setOneYearReview(doc: Y.Doc, rowId: string, answer: ReviewAnswer | null): void {
  const answers = doc.getMap<string>(ANSWERS);
  doc.transact(() => {
    if (answer === null) answers.delete(rowId);
    else answers.set(rowId, answer);
  });
}

/** The collaborative comment of a row's review. */
export function oneYearReviewComment(doc: Y.Doc, rowId: string): Y.Text {
  return doc.getText(commentName(rowId));
}
