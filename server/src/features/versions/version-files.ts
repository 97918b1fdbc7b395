/**
 * The workbook and PDF dossier of a version. A named version stores them in its row, rendered when
 * it was frozen. An automatic version stores the document only: a checkpoint (its files are never
 * rendered unless asked for) and a safety version frozen before a restore, whose files are rendered
 * in the background once the restore is applied, so the restore does not wait for the renderer.
 * The version row cannot be updated (migration 005), so those files are rendered from what was
 * frozen (state, threads, meeting records, dated from the version): a background render is kept
 * for the last few versions, a download joins it while it runs, and after a failure, a restart or
 * on another instance the file is rendered on request instead.
 */
import * as Y from 'yjs';
import type { FastifyBaseLogger } from 'fastify';
import { buildExportModel, readCycle, type ExportModel } from '@pilotis/shared';
import type { Database } from '../../db/database.ts';
import { storeVersionDocx } from '../exports/docx.routes.ts';
import type { ExportRunner } from '../exports/export-runner.ts';
import { versionThreads } from '../comments/comments.versions.ts';
import { frozenRecords, versionPart, type Version } from './versions.service.ts';

export type VersionFilePart = 'xlsx' | 'pdf';

/** Background renders kept per instance: a safety version is downloaded, if at all, soon after. */
const KEPT_RENDERS = 4;

export interface VersionFiles {
  /**
   * Render the workbook, the PDF and the DOCX of a version frozen without them, in the background
   * (through the export queue, behind nobody's own exports). The DOCX is stored in version_docx;
   * the workbook and the PDF are kept for the next downloads. Never throws: a failed render is
   * logged and the files are rendered on request.
   */
  prepare(version: Version): void;
  /** The bytes of a version's workbook or PDF: stored, being rendered, or rendered now. */
  file(version: Version, part: VersionFilePart): Promise<Uint8Array>;
  /** Settles once the background renders started so far have finished (for shutdown). */
  settled(): Promise<void>;
}

/** One app's version files (versions.routes.ts makes it with the app's database and renderer). */
export function createVersionFiles(deps: {
  db: Database;
  exportRunner: ExportRunner;
  log: FastifyBaseLogger;
}): VersionFiles {
  const { db, exportRunner, log } = deps;
  /** Background renders by version id, oldest first (a Map keeps insertion order). */
  const renders = new Map<string, Partial<Record<VersionFilePart, Promise<Buffer>>>>();
  const running = new Set<Promise<unknown>>();

  /** What the freeze would have printed: the frozen content, threads and date of the version. */
  const frozenModel = async (version: Version): Promise<ExportModel> => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await versionPart(db, version.id, 'state'));
    const cycle = readCycle(doc);
    doc.destroy();
    cycle.meta.stage = version.stage;
    return buildExportModel(cycle, {
      threads: await versionThreads(db, version.id),
      versionLabel: version.label,
      exportedAt: new Date(version.createdAt),
      exportedBy: version.createdBy,
    });
  };

  const render = async (version: Version, part: VersionFilePart, model: ExportModel) =>
    exportRunner.run(
      part,
      model,
      part === 'pdf' ? { records: await frozenRecords(db, version.id) } : undefined,
    );

  /** Keep `promise` as the version's `part` until it fails (then the next download renders). */
  const keep = (versionId: string, part: VersionFilePart, promise: Promise<Buffer>) => {
    const entry = renders.get(versionId) ?? {};
    entry[part] = promise;
    renders.set(versionId, entry);
    promise.catch(() => {
      if (renders.get(versionId)?.[part] === promise) delete renders.get(versionId)![part];
    });
  };

  const track = (task: Promise<unknown>, what: string, versionId: string) => {
    const settled = task.then(
      () => undefined,
      (error: unknown) => log.warn({ error, versionId }, `${what} failed`),
    );
    running.add(settled);
    void settled.finally(() => running.delete(settled));
  };

  return {
    prepare(version) {
      const model = frozenModel(version);
      for (const part of ['xlsx', 'pdf'] as const) {
        const file = model.then((ready) => render(version, part, ready));
        keep(version.id, part, file);
        track(file, `background ${part} render of a version`, version.id);
      }
      while (renders.size > KEPT_RENDERS) renders.delete(renders.keys().next().value!);
      const docx = model
        .then((ready) => exportRunner.run('docx', ready))
        .then((data) => storeVersionDocx(db, version.id, data));
      track(docx, 'background DOCX render of a version', version.id);
    },

    async file(version, part) {
      if (version.filesStored) return versionPart(db, version.id, part);
      const kept = renders.get(version.id)?.[part];
      if (kept) {
        try {
          return await kept;
        } catch {
          // Logged by prepare; rendered again below.
        }
      }
      return render(version, part, await frozenModel(version));
    },

    async settled() {
      await Promise.all(running);
    },
  };
}
