/**
 * The one-year review of a carried row (issue 15): « objectif atteint ? » — oui, partiellement or
 * non, with a comment. Stored in ONE root map of the cycle document, `oneYearReviews`, keyed by row
 * id; each entry is a Y.Map holding the answer (last writer wins, fine for a choice) and the
 * comment as a Y.Text (merged per character).
 *
 * A nested type created at once by two people would be two different entries, one replacing the
 * other. So the entries are created before anyone types: for every carried row when next year's
 * cycle is written (`writeCycle` → `ensureOneYearReviews`), and by the schema-4 migration for
 * documents written before (which also moves the old layout in: a root map of answers plus one
 * root Y.Text per commented row, `oneYearReview.<rowId>`). Only a row that was not carried (the
 * review is not offered for it) would get its entry lazily.
 */
import * as Y from 'yjs';

export const REVIEW_ANSWERS = ['yes', 'partly', 'no'] as const;
export type ReviewAnswer = (typeof REVIEW_ANSWERS)[number];

export interface RowReview {
  answer: ReviewAnswer | null;
  comment: string;
}

/** The root map of the reviews (schema 4). */
export const ONE_YEAR_REVIEWS = 'oneYearReviews';
/** Schema ≤ 3: root map of answers, and one root Y.Text per row named `oneYearReview.<rowId>`. */
export const LEGACY_REVIEW_ANSWERS = 'oneYearReview';
export const LEGACY_REVIEW_COMMENT_PREFIX = 'oneYearReview.';

const ANSWER = 'answer';
const COMMENT = 'comment';

function reviewsRoot(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ONE_YEAR_REVIEWS);
}

function readAnswer(value: unknown): ReviewAnswer | null {
  return (REVIEW_ANSWERS as readonly unknown[]).includes(value) ? (value as ReviewAnswer) : null;
}

/** A row's entry, created (with its comment text) when missing. Call inside a transaction. */
function entryOf(doc: Y.Doc, rowId: string): Y.Map<unknown> {
  const root = reviewsRoot(doc);
  let entry = root.get(rowId);
  if (!(entry instanceof Y.Map)) {
    entry = new Y.Map<unknown>();
    entry.set(COMMENT, new Y.Text());
    root.set(rowId, entry);
  } else if (!(entry.get(COMMENT) instanceof Y.Text)) {
    entry.set(COMMENT, new Y.Text());
  }
  return entry;
}

/** Create the review entries of these rows (the carried ones) when they do not exist yet. */
export function ensureOneYearReviews(doc: Y.Doc, rowIds: Iterable<string>): void {
  doc.transact(() => {
    for (const rowId of rowIds) entryOf(doc, rowId);
  });
}

/** The reviews of a doc, by row id (rows with neither an answer nor a comment are absent). */
export function readOneYearReviews(doc: Y.Doc): Map<string, RowReview> {
  const reviews = new Map<string, RowReview>();
  for (const [rowId, entry] of reviewsRoot(doc).entries()) {
    if (!(entry instanceof Y.Map)) continue;
    const answer = readAnswer(entry.get(ANSWER));
    const text = entry.get(COMMENT);
    const comment = text instanceof Y.Text ? text.toString() : '';
    if (answer !== null || comment !== '') reviews.set(rowId, { answer, comment });
  }
  return reviews;
}

/** Answer « objectif atteint ? » for a row (null clears the answer, keeping the comment). */
export function setOneYearReview(doc: Y.Doc, rowId: string, answer: ReviewAnswer | null): void {
  doc.transact(() => {
    const entry = entryOf(doc, rowId);
    if (answer === null) entry.delete(ANSWER);
    else entry.set(ANSWER, answer);
  });
}

/** The collaborative comment of a row's review (its entry is created when missing). */
export function oneYearReviewComment(doc: Y.Doc, rowId: string): Y.Text {
  const existing = reviewsRoot(doc).get(rowId);
  const text = existing instanceof Y.Map ? existing.get(COMMENT) : undefined;
  if (text instanceof Y.Text) return text;
  let created!: Y.Text;
  doc.transact(() => {
    created = entryOf(doc, rowId).get(COMMENT) as Y.Text;
  });
  return created;
}

/** Observe every change of the reviews (answers and comments). Returns the unobserve function. */
export function observeOneYearReviews(doc: Y.Doc, listener: () => void): () => void {
  const root = reviewsRoot(doc);
  const handler = () => listener();
  root.observeDeep(handler);
  return () => root.unobserveDeep(handler);
}

/**
 * Schema 4: move the old layout (answers map + one root Y.Text per row) into the one map, losing
 * nothing — every answer and every comment character (with its formatting) is copied into the
 * row's entry; the old types are then emptied (root types cannot be removed from a Y.Doc). An
 * entry that already has an answer or a comment keeps it, and the old comment is appended after.
 * Also creates the entries of the carried rows (`carriedRowIds`).
 */
export function migrateOneYearReviews(doc: Y.Doc, carriedRowIds: Iterable<string>): void {
  doc.transact(() => {
    ensureOneYearReviews(doc, carriedRowIds);
    const answers = doc.getMap<unknown>(LEGACY_REVIEW_ANSWERS);
    for (const [rowId, value] of answers.entries()) {
      const entry = entryOf(doc, rowId);
      const answer = readAnswer(value);
      if (answer !== null && readAnswer(entry.get(ANSWER)) === null) entry.set(ANSWER, answer);
    }
    const legacyNames = [...doc.share.keys()].filter((name) =>
      name.startsWith(LEGACY_REVIEW_COMMENT_PREFIX),
    );
    for (const name of legacyNames) {
      const rowId = name.slice(LEGACY_REVIEW_COMMENT_PREFIX.length);
      const old = doc.getText(name);
      if (!rowId || old.length === 0) continue;
      const comment = entryOf(doc, rowId).get(COMMENT) as Y.Text;
      const delta = old.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
      let at = comment.length;
      if (at > 0) {
        comment.insert(at, '\n');
        at += 1;
      }
      for (const op of delta) {
        if (typeof op.insert !== 'string') continue;
        comment.insert(at, op.insert, op.attributes ?? {});
        at += op.insert.length;
      }
      old.delete(0, old.length);
    }
    answers.clear();
  });
}
