/**
 * Import of a steering workbook into a live cycle: preview, then confirm.
 *
 * The preview parses the file in the import process (import-runner.ts), plans the merge against
 * the cycle as it is (new / same / conflict per cell, see shared/src/grid/import-merge.ts) and
 * keeps the parsed content in the `import_previews` table, so any instance can confirm it; previews
 * are capped per person and per organisation, so nobody evicts anyone else's.
 *
 * Confirming has two forms. The app's own dialog applies the merge in the importer's browser, in
 * one transaction of that tab's origin — the importer's Annuler then undoes the whole import and
 * nothing else — and confirms with `applied: true` (recorded in the audit log, nothing written
 * here). Any other client confirms without it and the server applies the merge through a
 * Hocuspocus direct connection whose context names the import. Either way, without choices a conflict keeps the
 * live text: an import never overwrites what someone typed.
 */
import { randomUUID } from 'node:crypto';
import type { Hocuspocus } from '@hocuspocus/server';
import {
  applyImport,
  planImport,
  type ImportChoices,
  type ImportContent,
  type ImportPlan,
  type ImportSummary,
} from '@pilotis/shared';
import type { Database } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { audit } from '../audit/audit.service.ts';
import type { Cycle } from '../cycles/cycles.service.ts';
import { ImportError, NOT_XLSX } from './import-archive.ts';
import { parseInChild } from './import-runner.ts';

/** Previews one person may keep waiting at once (the oldest goes first). */
export const MAX_PREVIEWS_PER_PERSON = 3;
/** Previews one organisation may keep waiting at once (its oldest goes first). */
export const MAX_PREVIEWS_PER_ORGANISATION = 20;
/** A preview not confirmed within this delay is gone. */
export const PREVIEW_TTL_MS = 30 * 60_000;

/**
 * Context of the direct connection through which the server applies an import: Hocuspocus makes
 * it the transaction origin's `context`, so observers can tell an import from other edits.
 */
export const importContext = (importId: string, userId: string) => ({
  user: null,
  tokenHash: null,
  import: { importId, userId },
});

interface ImportCycle extends Cycle {
  userId: string;
}

/** What the preview route answers. */
export interface ImportPreviewResponse {
  importId: string;
  sheetName: string;
  rows: number;
  /** Issue 14: the action plan sheet read, and how many actions it holds. */
  actionSheetName: string | null;
  actions: number;
  preview: ImportSummary & Pick<ImportPlan, 'cells' | 'newRows' | 'newDomains' | 'newActions'>;
  /** The parsed file, for a client that applies the merge itself (one undo step). */
  content: ImportContent;
  warnings: string[];
}

/**
 * Parse and plan an import of `data` into `cycle` (nothing changes in the cycle). `current` reads
 * the cycle's model as it is now. Throws AppError 400 with the parser's French message for a file
 * that is not a usable steering table.
 */
export async function previewImport(
  db: Database,
  cycle: ImportCycle,
  data: Uint8Array,
  current: () => Promise<Parameters<typeof planImport>[0]>,
): Promise<ImportPreviewResponse> {
  // What is obviously not a workbook is answered at once, without waking the import process.
  if (data.length < 22 || data[0] !== 0x50 || data[1] !== 0x4b) {
    throw new AppError(400, 'not_xlsx', NOT_XLSX);
  }
  let result;
  try {
    result = await parseInChild(data);
  } catch (error) {
    if (error instanceof ImportError) throw new AppError(400, error.code, error.message);
    throw error;
  }
  const content: ImportContent = {
    rows: result.rows,
    themes: result.themes,
    actions: result.actions,
  };
  const plan = planImport(await current(), content);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM import_previews WHERE expires_at < now()`);
    // One waiting preview per person and cycle; beyond the caps, the oldest of that person, then
    // of that organisation, go first.
    await tx.query(`DELETE FROM import_previews WHERE user_id = $1 AND cycle_id = $2`, [
      cycle.userId,
      cycle.id,
    ]);
    await tx.query(
      `DELETE FROM import_previews WHERE id IN (
         SELECT id FROM import_previews WHERE user_id = $1
         ORDER BY created_at DESC OFFSET $2)`,
      [cycle.userId, MAX_PREVIEWS_PER_PERSON - 1],
    );
    await tx.query(
      `DELETE FROM import_previews WHERE id IN (
         SELECT id FROM import_previews WHERE organisation_id = $1
         ORDER BY created_at DESC OFFSET $2)`,
      [cycle.organisationId, MAX_PREVIEWS_PER_ORGANISATION - 1],
    );
    await tx.query(
      `INSERT INTO import_previews (id, cycle_id, organisation_id, user_id, content, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        cycle.id,
        cycle.organisationId,
        cycle.userId,
        JSON.stringify(content),
        new Date(Date.now() + PREVIEW_TTL_MS),
      ],
    );
  });
  return {
    importId: id,
    sheetName: result.sheetName,
    rows: result.rows.length,
    actionSheetName: result.actionSheetName ?? null,
    actions: result.actions.length,
    preview: {
      ...plan.summary,
      cells: plan.cells,
      newRows: plan.newRows,
      newDomains: plan.newDomains,
      newActions: plan.newActions,
    },
    content,
    warnings: [...result.warnings, ...plan.actionWarnings],
  };
}

/** The confirm body: optional choices, and whether the importer's tab applied it already. */
export interface ConfirmBody {
  choices?: ImportChoices;
  applied?: boolean;
}

function readBody(body: unknown): ConfirmBody {
  if (body === undefined || body === null) return {};
  const invalid = () =>
    new AppError(400, 'invalid_choices', 'Les choix envoyés pour cet import sont illisibles.');
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid();
  const { choices, applied } = body as Record<string, unknown>;
  if (applied !== undefined && typeof applied !== 'boolean') throw invalid();
  if (choices === undefined) return { applied };
  if (typeof choices !== 'object' || choices === null) throw invalid();
  const { all, cells } = choices as Record<string, unknown>;
  if (all !== undefined && typeof all !== 'boolean') throw invalid();
  if (
    cells !== undefined &&
    (!Array.isArray(cells) ||
      cells.length > 100_000 ||
      cells.some((key) => typeof key !== 'string' || key.length > 200))
  ) {
    throw invalid();
  }
  return { applied, choices: { all: all as boolean | undefined, cells: cells as string[] } };
}

/**
 * Confirm a preview: the server applies it (through a direct connection, importContext) unless the
 * body says the importer's tab did (`applied: true`). 404 for an unknown, expired or foreign
 * preview. Returns the summary of what was (or is to be) done.
 */
export async function confirmImport(
  deps: { db: Database; hocuspocus: Hocuspocus },
  cycle: ImportCycle,
  importId: string,
  body: unknown,
  current: () => Promise<Parameters<typeof planImport>[0]>,
): Promise<{ preview: ImportSummary }> {
  const { choices, applied } = readBody(body);
  const rows = await deps.db.query<{ content: string }>(
    `DELETE FROM import_previews
     WHERE id = $1 AND cycle_id = $2 AND user_id = $3 AND expires_at >= now()
     RETURNING content`,
    [importId, cycle.id, cycle.userId],
  );
  const stored = rows[0];
  if (!stored) throw notFound('Cet aperçu d’import a expiré : déposez à nouveau le fichier.');
  const content = JSON.parse(stored.content) as ImportContent;
  let summary: ImportSummary;
  if (applied) {
    // The importer's tab merged it (one undo step for them): what remains to do, for the record.
    summary = planImport(await current(), content).summary;
  } else {
    // Merge into the live document as it is now (people may have typed since the preview).
    const connection = await deps.hocuspocus.openDirectConnection(
      cycle.documentName,
      importContext(importId, cycle.userId),
    );
    try {
      let result: ImportSummary | null = null;
      await connection.transact((doc) => {
        result = applyImport(doc, content, choices);
      });
      summary = result!;
    } finally {
      // Disconnecting stores the document before resolving.
      await connection.disconnect();
    }
  }
  await audit(deps.db, cycle.organisationId, cycle.userId, 'cycle.imported', {
    cycleId: cycle.id,
    appliedBy: applied ? 'client' : 'server',
    ...summary,
  });
  return { preview: summary };
}
