/**
 * The Y.Doc layout of a cycle. Every root key and every field name stored in the document is a
 * constant here; call sites never spell them as string literals.
 *
 * Entities live in Y.Maps keyed by id (not Y.Arrays): a concurrent delete and edit cannot resurrect
 * or duplicate a row, and order is a field (see order.ts).
 */

/** Bumped whenever the persisted shape changes; each bump ships a migration in migrations.ts. */
export const SCHEMA_VERSION = 4;

export const ROOT = {
  meta: 'meta',
  themes: 'themes',
  domains: 'domains',
  rows: 'rows',
  actions: 'actions',
  sections: 'sections',
  stakeholders: 'stakeholders',
} as const;

export const META = {
  schemaVersion: 'schemaVersion',
  organisationName: 'organisationName',
  year: 'year',
  stage: 'stage',
  pilots: 'pilots',
} as const;

/**
 * A deleted row or domain stays in the document (recoverable for TRASH_DAYS) with these fields:
 * when (epoch ms) and by whom (display name). readCycle leaves such entities out.
 */
export const DELETED_AT = 'deletedAt';
export const DELETED_BY = 'deletedBy';

/** Fields of each entity that hold collaborative text (Y.Text): merged character by character. */
export const TEXT_FIELDS = {
  themes: ['notRetainedReason', 'goodPractices', 'improvements'],
  domains: ['title'],
  rows: ['label', 'baseline', 'target1y', 'target3y', 'notTreatedReason', 'sources'],
  actions: ['title', 'description', 'owner', 'abandonReason', 'notes'],
  stakeholders: ['name', 'category', 'relation', 'participation'],
  sections: ['title'],
} as const;

export type ThemeTextField = (typeof TEXT_FIELDS.themes)[number];
export type DomainTextField = (typeof TEXT_FIELDS.domains)[number];
export type RowTextField = (typeof TEXT_FIELDS.rows)[number];
export type ActionTextField = (typeof TEXT_FIELDS.actions)[number];
export type StakeholderTextField = (typeof TEXT_FIELDS.stakeholders)[number];

/** The Y.XmlFragment holding a section's rich-text body (Tiptap / y-prosemirror layout). */
export const SECTION_BODY = 'body';
/** y-prosemirror node name of a paragraph, as Tiptap's StarterKit writes it. */
export const PARAGRAPH_NODE = 'paragraph';
