import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { metaMap, readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { META, SCHEMA_VERSION } from '../schema/keys.ts';
import { migrateCycle } from '../schema/migrations.ts';
import { cycleFromPrevious, cycleFromTemplate } from '../template/create-cycle.ts';
import {
  LEGACY_REVIEW_ANSWERS,
  LEGACY_REVIEW_COMMENT_PREFIX,
  ONE_YEAR_REVIEWS,
  oneYearReviewComment,
  readOneYearReviews,
  setOneYearReview,
} from './one-year-review.ts';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** A 2027 cycle carried from 2026, every row with a 1-year objective last year. */
function carriedModel() {
  const last = cycleFromTemplate({ organisationName: 'Asso d’Été', year: 2026 });
  last.rows.forEach((row, index) => (row.target1y = `Objectif n°${index} ’26`));
  return cycleFromPrevious(
    { schemaVersion: 3, ...last },
    {
      organisationName: 'Asso d’Été',
      year: 2027,
    },
  );
}

/**
 * A schema-3 document as the old code wrote it: answers in the root map `oneYearReview`, each
 * comment in its own root Y.Text `oneYearReview.<rowId>` (with a bold run and line breaks).
 */
function legacyDoc() {
  const doc = new Y.Doc();
  const model = carriedModel();
  doc.transact(() => {
    writeCycle(doc, model);
    doc.getMap(ONE_YEAR_REVIEWS).clear(); // the schema-3 writer had no entries
    metaMap(doc).set(META.schemaVersion, 3);
  });
  const rows = model.rows;
  doc.getMap<string>(LEGACY_REVIEW_ANSWERS).set(rows[0]!.id, 'yes');
  doc.getMap<string>(LEGACY_REVIEW_ANSWERS).set(rows[1]!.id, 'partly');
  doc.getMap<string>(LEGACY_REVIEW_ANSWERS).set(rows[2]!.id, 'no');
  doc
    .getText(`${LEGACY_REVIEW_COMMENT_PREFIX}${rows[1]!.id}`)
    .insert(0, 'À moitié,\nfaute de budget 🙂');
  doc.getText(`${LEGACY_REVIEW_COMMENT_PREFIX}${rows[1]!.id}`).format(0, 8, { bold: true });
  // A comment without an answer, on a row not carried (an old client could write it).
  doc
    .getText(`${LEGACY_REVIEW_COMMENT_PREFIX}row-from-nowhere`)
    .insert(0, 'Reste à voir « 38,5 % »');
  return { doc, rows };
}

describe('one-year review in one map (schema 4)', () => {
  it('migrates the dynamic root names into the one map, losing nothing', () => {
    const { doc, rows } = legacyDoc();
    // What the old layout held, read the old way, after a round trip through an update (as the
    // server loads a stored document: root types arrive unnamed).
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc));
    expect(
      [...stored.share.keys()].filter((k) => k.startsWith(LEGACY_REVIEW_COMMENT_PREFIX)),
    ).toHaveLength(2);
    const before = readCycle(stored);
    expect(migrateCycle(stored)).toEqual({ from: 3, to: SCHEMA_VERSION });

    const reviews = readOneYearReviews(stored);
    expect(reviews.get(rows[0]!.id)).toEqual({ answer: 'yes', comment: '' });
    expect(reviews.get(rows[1]!.id)).toEqual({
      answer: 'partly',
      comment: 'À moitié,\nfaute de budget 🙂',
    });
    expect(reviews.get(rows[2]!.id)).toEqual({ answer: 'no', comment: '' });
    expect(reviews.get('row-from-nowhere')).toEqual({
      answer: null,
      comment: 'Reste à voir « 38,5 % »',
    });
    // The formatting came along; the old types are empty; the rest of the cycle is unchanged.
    expect(oneYearReviewComment(stored, rows[1]!.id).toDelta()[0]).toEqual({
      insert: 'À moitié',
      attributes: { bold: true },
    });
    expect(stored.getMap(LEGACY_REVIEW_ANSWERS).size).toBe(0);
    expect(stored.getText(`${LEGACY_REVIEW_COMMENT_PREFIX}${rows[1]!.id}`).length).toBe(0);
    const { oneYearReviews, ...rest } = readCycle(stored);
    expect(rest).toEqual({ ...before, schemaVersion: SCHEMA_VERSION });
    expect(oneYearReviews).toEqual(Object.fromEntries(reviews));
    // Every carried row has its entry, so nobody creates one concurrently later.
    expect(stored.getMap(ONE_YEAR_REVIEWS).size).toBe(rows.length + 1);
    // Migrating again changes nothing.
    const state = Y.encodeStateAsUpdate(stored);
    migrateCycle(stored);
    expect(Y.encodeStateAsUpdate(stored)).toEqual(state);
  });

  it('two people answering and commenting the same carried row at once keep both texts', () => {
    const alice = new Y.Doc();
    writeCycle(alice, carriedModel());
    const bob = new Y.Doc();
    sync(alice, bob);
    const rowId = readCycle(alice).rows[0]!.id;
    oneYearReviewComment(alice, rowId).insert(0, 'Alice : oui 👍');
    oneYearReviewComment(bob, rowId).insert(0, 'Bob : partiellement');
    setOneYearReview(alice, rowId, 'yes');
    setOneYearReview(bob, rowId, 'partly');
    sync(alice, bob);
    const comment = readOneYearReviews(alice).get(rowId)!.comment;
    expect(comment).toContain('Alice : oui 👍');
    expect(comment).toContain('Bob : partiellement');
    expect(readOneYearReviews(alice)).toEqual(readOneYearReviews(bob));
    // The review is one root map: no dynamic root names any more.
    expect([...alice.share.keys()].some((k) => k.startsWith(LEGACY_REVIEW_COMMENT_PREFIX))).toBe(
      false,
    );
  });
});
