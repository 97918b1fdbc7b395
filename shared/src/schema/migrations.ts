/**
 * Schema migrations of the cycle document. `MIGRATIONS[n]` turns a version n-1 document into a
 * version n one; the server runs `migrateCycle` when it loads a document, before any client syncs.
 */
import * as Y from 'yjs';
import { META, SCHEMA_VERSION, TEXT_FIELDS } from './keys.ts';
import { ACTION_LINK_LABELS, entityRoot, metaMap } from './cycle-doc.ts';
import { ensureStandardSections } from '../editor/cycle-sections.ts';
import { migrateOneYearReviews } from '../dashboard/one-year-review.ts';

type Migration = (doc: Y.Doc) => void;

export const MIGRATIONS: Record<number, Migration> = {
  // Version 0 is a document written before versioning existed: only the marker is missing.
  1: () => {},
  // Version 2 (actions, issue 14): an action gets a description, an abandon reason, a budget engagé,
  // a member pilote, a quarter and link labels. Its text fields must exist as Y.Text before anyone
  // types (two clients creating the same Y.Text lazily would lose one side's characters), so each
  // text field stored as a plain string (or missing) becomes a Y.Text holding that string, and
  // each action gets its link-label map (filled with nothing: rows linked before are named live).
  2: (doc) => {
    entityRoot(doc, 'actions').forEach((map) => {
      if (!(map instanceof Y.Map)) return;
      for (const field of TEXT_FIELDS.actions) {
        const value = map.get(field);
        if (!(value instanceof Y.Text)) {
          map.set(field, new Y.Text(typeof value === 'string' ? value : ''));
        }
      }
      if (!(map.get(ACTION_LINK_LABELS) instanceof Y.Map)) map.set(ACTION_LINK_LABELS, new Y.Map());
      if (!(map.get('rowIds') instanceof Y.Array)) map.set('rowIds', new Y.Array());
    });
  },
  // Sections (issue 11): every cycle gets its standard and per-theme sections; a theme's plain-text
  // good practices and progress axes move into their rich sections.
  3: (doc) => ensureStandardSections(doc),
  // Year after year (issue 15): the one-year review moves from dynamic root names (a map of answers
  // and one root Y.Text `oneYearReview.<rowId>` per row) into ONE root map `oneYearReviews` of
  // per-row entries, created up front for every carried row; nothing typed is lost.
  4: (doc) => {
    const carried: string[] = [];
    entityRoot(doc, 'rows').forEach((map, rowId) => {
      if (map instanceof Y.Map && map.get('previous') !== undefined) carried.push(rowId);
    });
    migrateOneYearReviews(doc, carried);
  },
};

/** The schema version a document declares (0 when it declares none). */
export function documentSchemaVersion(doc: Y.Doc): number {
  const value = metaMap(doc).get(META.schemaVersion);
  return typeof value === 'number' ? value : 0;
}

export class SchemaTooNewError extends Error {
  readonly found: number;
  constructor(found: number) {
    super(`Document schema ${found} is newer than this build (${SCHEMA_VERSION})`);
    this.found = found;
  }
}

/**
 * Bring a document up to SCHEMA_VERSION. Returns the versions it went from and to; a document
 * that is already current is left untouched (no update is produced). An empty document (new
 * cycle not yet filled) is left alone too.
 */
export function migrateCycle(
  doc: Y.Doc,
  origin: unknown = 'migration',
): { from: number; to: number } {
  const from = documentSchemaVersion(doc);
  if (from > SCHEMA_VERSION) throw new SchemaTooNewError(from);
  if (from === SCHEMA_VERSION || doc.share.size === 0) return { from, to: from };
  doc.transact(() => {
    for (let version = from + 1; version <= SCHEMA_VERSION; version++) {
      MIGRATIONS[version]?.(doc);
    }
    metaMap(doc).set(META.schemaVersion, SCHEMA_VERSION);
  }, origin);
  return { from, to: SCHEMA_VERSION };
}
