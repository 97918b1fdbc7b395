/**
 * Versions of a cycle: the document state, the workbook and the dossier frozen together, and the
 * meeting records of the cycle as they were. A version row can be neither updated nor deleted (a
 * database trigger refuses it, see migration 005); only automatic checkpoints older than 90 days are
 * deleted by the retention job. All the SQL of the feature lives here.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  buildExportModel,
  readCycle,
  restoreContent,
  setStage,
  type CycleModel,
  type MeetingRecord,
  type MeetingRecordEntry,
  type RestoreScope,
  type RestoreSummary,
  type Stage,
} from '@pilotis/shared';
import { toBytes, type Database, type Queryable } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { audit } from '../audit/audit.service.ts';
import { loadCycleDoc, type Cycle, type CycleDeps } from '../cycles/cycles.service.ts';

import { editLiveCycle } from '../cycles/live-cycle.ts';
import type { ExportRunner } from '../exports/export-runner.ts';
import { storeVersionDocx } from '../exports/docx.routes.ts';
import { currentThreads, storeVersionThreads } from '../comments/comments.versions.ts';
import { isUuid } from '../schemas.ts';
import type { VersionFiles } from './version-files.ts';

/** What freezing needs besides the cycle's document: the app's export renderer. */
export type VersionDeps = CycleDeps & { exportRunner: ExportRunner };

export type VersionKind = 'named' | 'safety' | 'checkpoint';

export interface Version {
  id: string;
  cycleId: string;
  label: string;
  stage: Stage;
  kind: VersionKind;
  createdAt: string;
  /** SHA-256 of the frozen document state (hex). */
  hash: string;
  /** SHA-256 of the stored workbook and dossier, computed by the database from the bytes. */
  xlsxHash: string;
  pdfHash: string;
  createdBy: string | null;
  /** An active public link exists for this version. */
  publicLink: boolean;
  /** Issue 19: an editable DOCX dossier is stored with it (named versions frozen since then). */
  docx: boolean;
  /**
   * The workbook and PDF are stored in the row (named versions, and safety versions frozen before
   * their files were deferred); otherwise they are rendered from the frozen document (version-files.ts)
   * and `xlsxHash`/`pdfHash` are those of empty files.
   */
  filesStored: boolean;
}

/** A version with what the access checks and file names need. */
export interface VersionContext extends Version {
  organisationId: string;
  organisationName: string;
  year: number;
  documentName: string;
}

interface VersionRow {
  id: string;
  cycle_id: string;
  label: string;
  stage: Stage;
  kind: VersionKind;
  hash: string;
  xlsx_hash: string;
  pdf_hash: string;
  created_at: Date | string;
  name: string | null;
  public_link: boolean;
  has_docx: boolean;
  files_stored: boolean;
}

const VERSION_COLUMNS = `v.id, v.cycle_id, v.label, v.stage, v.kind, v.hash, v.xlsx_hash, v.pdf_hash,
  v.created_at, u.name,
  EXISTS (SELECT 1 FROM version_links l WHERE l.version_id = v.id AND l.revoked_at IS NULL
          AND (l.expires_at IS NULL OR l.expires_at > now())) AS public_link,
  EXISTS (SELECT 1 FROM version_docx d WHERE d.version_id = v.id) AS has_docx,
  octet_length(v.xlsx) > 0 AS files_stored`;
const VERSION_FROM = 'versions v LEFT JOIN users u ON u.id = v.created_by';

const toVersion = (row: VersionRow): Version => ({
  id: row.id,
  cycleId: row.cycle_id,
  label: row.label,
  stage: row.stage,
  kind: row.kind,
  createdAt: new Date(row.created_at).toISOString(),
  hash: row.hash,
  xlsxHash: row.xlsx_hash,
  pdfHash: row.pdf_hash,
  createdBy: row.name,
  publicLink: row.public_link,
  docx: row.has_docx,
  filesStored: row.files_stored,
});

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export interface FreezeInput {
  label: string;
  stage: Stage;
  kind: VersionKind;
  userId: string | null;
  userName: string | null;
  /** Move the cycle to `stage` (a named version presented at a stage); off for automatic ones. */
  moveStage: boolean;
}

/**
 * Freeze the cycle as it is now: its state, its threads and meeting records and, for a named
 * version, its workbook and dossiers (rendered in the export process), in one row that nothing can
 * change afterwards. Returns null only for a checkpoint made redundant by a concurrent one.
 */
export async function freezeVersion(
  deps: VersionDeps,
  cycle: Cycle,
  input: FreezeInput,
): Promise<Version | null> {
  const doc = await loadCycleDoc(deps, cycle);
  const state = Y.encodeStateAsUpdate(doc);
  const cycleModel = readCycle(doc);
  cycleModel.meta.stage = input.stage;
  const records = (await listRecords(deps.db, cycle.id)).map((entry) => ({
    ...entry,
    labels: targetLabels(entry.record, cycleModel),
  }));
  // The threads as they are now: printed in the version's files and frozen with it (issue 12).
  const threads = await currentThreads(deps.db, cycle.id, cycleModel);
  // Only a named version waits for its files. A checkpoint keeps the document only (its files are
  // rendered when someone asks, so the job never competes with people's exports); a safety
  // version's files are rendered once its restore is applied (VersionFiles.prepare).
  const model =
    input.kind === 'named'
      ? buildExportModel(cycleModel, {
          threads,
          versionLabel: input.label,
          exportedAt: new Date(),
          exportedBy: input.userName,
        })
      : null;
  const xlsx = model ? await deps.exportRunner.run('xlsx', model) : new Uint8Array(0);
  const pdf = model ? await deps.exportRunner.run('pdf', model, { records }) : new Uint8Array(0);
  // The editable dossier (issue 19), stored beside the version in version_docx.
  const docx = model ? await deps.exportRunner.run('docx', model) : null;
  const id = randomUUID();
  const inserted = await deps.db.transaction(async (tx) => {
    // A checkpoint is skipped when another instance made one for this cycle meanwhile.
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO versions (id, cycle_id, label, stage, kind, hash, state, xlsx, pdf, records, created_by)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
        WHERE $5 <> 'checkpoint' OR NOT EXISTS (
          SELECT 1 FROM versions WHERE cycle_id = $2 AND kind = 'checkpoint'
             AND created_at > now() - interval '${CHECKPOINT_EVERY_MS / 60_000} minutes')
       RETURNING id`,
      [
        id,
        cycle.id,
        input.label,
        input.stage,
        input.kind,
        sha256(state),
        state,
        xlsx,
        pdf,
        JSON.stringify(records),
        input.userId,
      ],
    );
    if (!row) return false;
    await storeVersionThreads(tx, id, threads);
    if (docx) await storeVersionDocx(tx, id, docx);

    if (input.moveStage)
      await tx.query('UPDATE cycles SET stage = $2 WHERE id = $1', [cycle.id, input.stage]);
    if (input.kind !== 'checkpoint')
      await audit(tx, cycle.organisationId, input.userId, 'version.frozen', {
        cycleId: cycle.id,
        versionId: id,
        label: input.label,
      });
    return true;
  });
  if (!inserted) return null;
  if (input.moveStage)
    await editLiveCycle(deps.hocuspocus, cycle.documentName, (live) => setStage(live, input.stage));
  return getVersion(deps.db, id);
}

/** freezeVersion for a kind that is never skipped (named, safety). */
export async function freezeNamed(
  deps: VersionDeps,
  cycle: Cycle,
  input: FreezeInput & { kind: 'named' | 'safety' },
): Promise<Version> {
  const version = await freezeVersion(deps, cycle, input);
  if (!version) throw new Error('A named version is never skipped');
  return version;
}

async function getVersion(db: Queryable, id: string): Promise<Version> {
  const [row] = await db.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.id = $1`,
    [id],
  );
  if (!row) throw notFound('Version introuvable.');
  return toVersion(row);
}

/** The versions of a cycle, newest first; automatic checkpoints only when asked. */
export async function listVersions(
  db: Queryable,
  cycleId: string,
  withCheckpoints = false,
): Promise<Version[]> {
  const rows = await db.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.cycle_id = $1
        AND ($2 OR v.kind <> 'checkpoint')
      ORDER BY v.created_at DESC, v.id`,
    [cycleId, withCheckpoints],
  );
  return rows.map(toVersion);
}

/** A version and its cycle's organisation; an unknown or malformed id is a 404. */
export async function findVersion(db: Queryable, versionId: string): Promise<VersionContext> {
  if (!isUuid(versionId)) throw notFound('Version introuvable.');
  const [row] = await db.query<
    VersionRow & {
      organisation_id: string;
      organisation_name: string;
      year: number;
      document_name: string;
    }
  >(
    `SELECT ${VERSION_COLUMNS}, c.organisation_id, o.name AS organisation_name, c.year, c.document_name
       FROM ${VERSION_FROM} JOIN cycles c ON c.id = v.cycle_id
       JOIN organisations o ON o.id = c.organisation_id
      WHERE v.id = $1`,
    [versionId],
  );
  if (!row) throw notFound('Version introuvable.');
  return {
    ...toVersion(row),
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    year: row.year,
    documentName: row.document_name,
  };
}

export type StoredPart = 'state' | 'xlsx' | 'pdf';

/** The bytes stored at freeze time, exactly as they were. */
export async function versionPart(
  db: Queryable,
  versionId: string,
  part: StoredPart,
): Promise<Uint8Array> {
  const column = { state: 'state', xlsx: 'xlsx', pdf: 'pdf' }[part];
  const [row] = await db.query<{ data: unknown }>(
    `SELECT ${column} AS data FROM versions WHERE id = $1`,
    [versionId],
  );
  if (!row) throw notFound('Version introuvable.');
  return toBytes(row.data);
}

/** The frozen content of a version as a plain model. */
export async function versionModel(db: Queryable, versionId: string): Promise<CycleModel> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await versionPart(db, versionId, 'state'));
  const model = readCycle(doc);
  doc.destroy();
  return model;
}

/** The meeting records frozen into a version (as they were when it was frozen). */
export async function frozenRecords(
  db: Queryable,
  versionId: string,
): Promise<MeetingRecordEntry[]> {
  const [row] = await db.query<{ records: MeetingRecordEntry[] }>(
    'SELECT records FROM versions WHERE id = $1',
    [versionId],
  );
  return row?.records ?? [];
}

// --- Restore -------------------------------------------------------------------------------

const paris = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** The label of the version frozen before a restore: "Avant restauration du 27/11/2026 14:05". */
export function safetyLabel(at: Date, restored: string): string {
  return `Avant restauration du ${paris.format(at).replace(',', ' à')} (« ${restored} »)`;
}

/**
 * Restore a version into the live cycle: freeze the current state first, then apply the version's
 * content as ordinary edits through a Hocuspocus direct connection (origin `versions.restore`), so
 * connected people see it live and their concurrent edits merge. Nothing stored is overwritten:
 * the state before is a version of its own, and the restore is one more update in the log. That
 * safety version's files are rendered afterwards, in the background: the restore waits only for
 * its document to be stored.
 */
export async function restoreVersion(
  deps: VersionDeps & { versionFiles: VersionFiles },
  version: VersionContext,
  cycle: Cycle,
  scope: RestoreScope,
  user: { id: string; name: string },
): Promise<{ safetyVersionId: string; summary: RestoreSummary }> {
  const safety = await freezeNamed(deps, cycle, {
    label: safetyLabel(new Date(), version.label),
    stage: cycle.stage,
    kind: 'safety',
    userId: user.id,
    userName: user.name,
    moveStage: false,
  });
  const target = await versionModel(deps.db, version.id);
  // The edits are computed against the state just frozen, then merged into the live document:
  // whatever people type from that moment on merges with the restore instead of being undone.
  const snapshot = new Y.Doc();
  Y.applyUpdate(snapshot, await versionPart(deps.db, safety.id, 'state'));
  const base = Y.encodeStateVector(snapshot);
  const summary = restoreContent(snapshot, target, scope);
  const edits = Y.encodeStateAsUpdate(snapshot, base);
  snapshot.destroy();
  await editLiveCycle(deps.hocuspocus, cycle.documentName, (doc) => Y.applyUpdate(doc, edits), {
    origin: 'versions.restore',
  });
  await audit(deps.db, cycle.organisationId, user.id, 'version.restored', {
    cycleId: cycle.id,
    versionId: version.id,
    safetyVersionId: safety.id,
    scope: scope.kind,
    ...summary,
  });
  deps.versionFiles.prepare(safety);
  return { safetyVersionId: safety.id, summary };
}

/** Move the cycle to another stage without freezing (the timeline proposes freezing first). */
export async function moveStage(deps: CycleDeps, cycle: Cycle, stage: Stage): Promise<void> {
  await deps.db.query('UPDATE cycles SET stage = $2 WHERE id = $1', [cycle.id, stage]);
  await editLiveCycle(deps.hocuspocus, cycle.documentName, (live) => setStage(live, stage));
}

// --- Public links --------------------------------------------------------------------------

export interface PublicLink {
  id: string;
  versionId: string;
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
  openCount: number;
  lastOpenedAt: string | null;
}

interface LinkRow {
  id: string;
  version_id: string;
  created_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  open_count: number;
  last_opened_at: Date | string | null;
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

const toLink = (row: LinkRow): PublicLink => ({
  id: row.id,
  versionId: row.version_id,
  createdAt: new Date(row.created_at).toISOString(),
  expiresAt: iso(row.expires_at),
  revoked: row.revoked_at !== null,
  openCount: row.open_count,
  lastOpenedAt: iso(row.last_opened_at),
});

const tokenHash = (token: string) => sha256(Buffer.from(token, 'utf8'));

/** A new public link: 256 random bits, only their hash stored. Returns the token once. */
export async function createLink(
  db: Queryable,
  versionId: string,
  userId: string,
  expiresAt: Date | null,
): Promise<PublicLink & { token: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  const [row] = await db.query<LinkRow>(
    `INSERT INTO version_links (id, version_id, token_hash, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5)
     RETURNING id, version_id, created_at, expires_at, revoked_at, open_count, last_opened_at`,
    [id, versionId, tokenHash(token), userId, expiresAt],
  );
  return { ...toLink(row!), token };
}

export async function listLinks(db: Queryable, versionId: string): Promise<PublicLink[]> {
  const rows = await db.query<LinkRow>(
    `SELECT id, version_id, created_at, expires_at, revoked_at, open_count, last_opened_at
       FROM version_links WHERE version_id = $1 ORDER BY created_at DESC`,
    [versionId],
  );
  return rows.map(toLink);
}

/** The link and its version's organisation (for the access check); unknown → 404. */
export async function findLink(
  db: Queryable,
  linkId: string,
): Promise<{ link: PublicLink; version: VersionContext }> {
  if (!isUuid(linkId)) throw notFound('Lien introuvable.');
  const [row] = await db.query<LinkRow>(
    `SELECT id, version_id, created_at, expires_at, revoked_at, open_count, last_opened_at
       FROM version_links WHERE id = $1`,
    [linkId],
  );
  if (!row) throw notFound('Lien introuvable.');
  return { link: toLink(row), version: await findVersion(db, row.version_id) };
}

export async function revokeLink(db: Queryable, linkId: string): Promise<void> {
  await db.query(
    'UPDATE version_links SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [linkId],
  );
}

/**
 * The version a public token opens, when the link is neither revoked nor expired; else 404 (the
 * same answer as an unknown token). `count` records one opening (how many, when last: not who).
 */
export async function versionByToken(
  db: Queryable,
  token: string,
  count: boolean,
): Promise<VersionContext> {
  const gone = () => notFound('Ce lien n’existe pas ou n’est plus valable.');
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw gone();
  const [row] = await db.query<{ id: string; version_id: string }>(
    `SELECT id, version_id FROM version_links
      WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [tokenHash(token)],
  );
  if (!row) throw gone();
  if (count)
    await db.query(
      'UPDATE version_links SET open_count = open_count + 1, last_opened_at = now() WHERE id = $1',
      [row.id],
    );
  return findVersion(db, row.version_id);
}

// --- Meeting records -----------------------------------------------------------------------

export async function getRecord(db: Queryable, versionId: string): Promise<MeetingRecord | null> {
  const [row] = await db.query<{ content: MeetingRecord }>(
    'SELECT content FROM version_records WHERE version_id = $1',
    [versionId],
  );
  return row?.content ?? null;
}

export async function saveRecord(
  db: Queryable,
  version: VersionContext,
  record: MeetingRecord,
  userId: string,
): Promise<MeetingRecord> {
  await db.query(
    `INSERT INTO version_records (version_id, cycle_id, content, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (version_id) DO UPDATE
       SET content = EXCLUDED.content, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [version.id, version.cycleId, JSON.stringify(record), userId],
  );
  return record;
}

/** Labels of the rows and actions a record's adjustments point to, as they are in `model`. */
function targetLabels(record: MeetingRecord, model: CycleModel): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const { target } of record.adjustments) {
    if (!target) continue;
    const label =
      target.kind === 'row'
        ? model.rows.find((row) => row.id === target.id)?.label
        : model.actions.find((action) => action.id === target.id)?.title;
    if (label !== undefined) labels[target.id] = label;
  }
  return labels;
}

/** Every meeting record of a cycle, in the order of the versions they belong to. */
export async function listRecords(db: Queryable, cycleId: string): Promise<MeetingRecordEntry[]> {
  const rows = await db.query<{
    version_id: string;
    label: string;
    stage: Stage;
    content: MeetingRecord;
  }>(
    `SELECT r.version_id, v.label, v.stage, r.content FROM version_records r
       JOIN versions v ON v.id = r.version_id WHERE r.cycle_id = $1 ORDER BY v.created_at`,
    [cycleId],
  );
  return rows.map((row) => ({
    versionId: row.version_id,
    versionLabel: row.label,
    stage: row.stage,
    record: row.content,
  }));
}

// --- Automatic checkpoints -----------------------------------------------------------------

export const CHECKPOINT_EVERY_MS = 10 * 60_000;
export const CHECKPOINT_RETENTION_DAYS = 90;

/**
 * Cycles edited since their last version and whose last checkpoint is older than 10 minutes: each
 * gets a checkpoint. Then checkpoints older than 90 days are deleted (the only deletion the
 * database allows). Returns the ids of the checkpoints made.
 */
export async function runCheckpoints(deps: VersionDeps, now = new Date()): Promise<string[]> {
  const due = await deps.db.query<{
    id: string;
    organisation_id: string;
    year: number;
    stage: Stage;
    document_name: string;
  }>(
    `SELECT c.id, c.organisation_id, c.year, c.stage, c.document_name FROM cycles c
       JOIN documents d ON d.name = c.document_name
      WHERE d.updated_at > coalesce((SELECT max(v.created_at) FROM versions v WHERE v.cycle_id = c.id),
                                    '-infinity'::timestamptz)
        AND coalesce((SELECT max(v.created_at) FROM versions v
                       WHERE v.cycle_id = c.id AND v.kind = 'checkpoint'), '-infinity'::timestamptz)
            < $1::timestamptz`,
    [new Date(now.getTime() - CHECKPOINT_EVERY_MS)],
  );
  const made: string[] = [];
  let first = true;
  let pause = 0;
  for (const row of due) {
    // The job yields as much time as it takes: 250 cycles checkpointed back to back held every
    // edit of a 2,500-connection server for 3 s (bench/suite, scenario 3); one at a time, each
    // followed by a pause as long as it took, the job never has more than half of the server.
    if (!first) await new Promise((resolve) => setTimeout(resolve, pause));
    first = false;
    const started = performance.now();
    const cycle: Cycle = {
      id: row.id,
      organisationId: row.organisation_id,
      year: row.year,
      stage: row.stage,
      documentName: row.document_name,
    };
    const label = `Point de sauvegarde automatique du ${paris.format(now).replace(',', ' à')}`;
    const version = await freezeVersion(deps, cycle, {
      label,
      stage: cycle.stage,
      kind: 'checkpoint',
      userId: null,
      userName: null,
      moveStage: false,
    });
    if (version) made.push(version.id);
    pause = Math.max(5, performance.now() - started);
  }
  await pruneCheckpoints(deps.db);
  return made;
}

/** Delete checkpoints older than the retention (and their public links, if any). */
export async function pruneCheckpoints(db: Database): Promise<void> {
  const old = `SELECT id FROM versions WHERE kind = 'checkpoint'
                  AND created_at < now() - interval '${CHECKPOINT_RETENTION_DAYS} days'`;
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM version_links WHERE version_id IN (${old})`);
    await tx.query(`DELETE FROM version_records WHERE version_id IN (${old})`);
    await tx.query(`DELETE FROM versions WHERE id IN (${old})`);
  });
}
