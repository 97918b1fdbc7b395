/**
 * Downloads of the live cycle (steering workbook, PDF dossier, publishable synthesis) and the
 * import of an existing steering spreadsheet (preview, then confirm). Rendering runs in the export
 * worker so nobody's typing stutters while a large cycle renders.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STAGE_LABELS_FR, WORKING_VERSION_LABEL } from '@pilotis/shared';
import { AppError } from '../../errors.ts';
import { stripInvisible } from '../../http/text.ts';
import { audit } from '../audit/audit.service.ts';
import { readableCycle } from '../cycles/cycles.routes.ts';
import { readCurrentCycle } from '../cycles/cycles.service.ts';
import { currentThreads } from '../comments/comments.versions.ts';
import { idParam } from '../schemas.ts';
import { runExport, type ExportKind } from './export-runner.ts';
import { checkExportSize } from './export-limits.ts';
import { MAX_IMPORT_BYTES } from './import-archive.ts';
import { confirmImport, previewImport } from './import.service.ts';

/** Let pending I/O (incoming edits) run before continuing. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file name without characters that break headers or file systems. */
export function fileName(
  model: { organisation: string; year: number },
  suffix: string,
  extension: string,
): string {
  // Names stored before the character check may still carry direction overrides (issue 18 #9).
  const base = stripInvisible(`${model.organisation} ${model.year} ${suffix}`)
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${base}.${extension}`;
}

export function sendFile(
  reply: FastifyReply,
  data: Buffer,
  type: string,
  name: string,
): FastifyReply {
  const ascii = name
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/"/g, '');
  return reply
    .header('content-type', type)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header('cache-control', 'no-store')
    .send(data);
}

const cycleParams = {
  type: 'object',
  properties: { cycleId: idParam },
  required: ['cycleId'],
} as const;

export default async function exportRoutes(app: FastifyInstance): Promise<void> {
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };

  type ExportRequest = FastifyRequest<{
    Params: { cycleId: string };
    Querystring: { annexe?: string };
  }>;
  const exportLive =
    (kind: ExportKind, suffix: string, extension: string, type: string) =>
    async (request: ExportRequest, reply: FastifyReply) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.export');
      // Each step below takes a few milliseconds of the main thread for a large cycle: yield in
      // between so that edits arriving meanwhile are relayed without waiting for all of them.
      const current = await readCurrentCycle(deps, cycle);
      await yieldToEvents();
      // Too large to render: a clear 413 rather than a renderer out of memory (issue 18 #4).
      checkExportSize(current);
      // The live export names the cycle's current stage ("Version de travail — étape Bureau / CA").
      // The renderer builds the model from the cycle (issue 18 #7: not on the server's thread).
      const info = {
        versionLabel: `${WORKING_VERSION_LABEL} — étape ${STAGE_LABELS_FR[current.meta.stage]}`,
        exportedAt: new Date(),
        exportedBy: request.auth?.user.name ?? null,
        // Comments are working notes: never in the public synthesis.
        threads: kind === 'synthesis' ? [] : await currentThreads(app.db, cycle.id, current),
      };
      const includeComments = request.query.annexe === 'commentaires';
      // Organisations take turns in the renderer; a person has at most two exports under way.
      const data = await runExport(
        kind,
        { cycle: current, info },
        { includeComments },
        { organisationId: cycle.organisationId, userId: cycle.userId },
      );
      await audit(app.db, cycle.organisationId, cycle.userId, 'cycle.exported', {
        cycleId: cycle.id,
        format: kind,
      });
      // The two dossiers must not download under the same name (the second overwrote the first).
      const name = fileName(
        { organisation: current.meta.organisationName, year: current.meta.year },
        includeComments ? `${suffix} avec commentaires` : suffix,
        extension,
      );
      return sendFile(reply, data, type, name);
    };

  const exportSchema = (summary: string) => ({
    schema: {
      tags: ['exports'],
      summary,
      params: cycleParams,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { annexe: { type: 'string', enum: ['commentaires'] } },
      },
    },
  });

  app.get<{ Params: { cycleId: string }; Querystring: { annexe?: string } }>(
    '/cycles/:cycleId/export.xlsx',
    exportSchema('Tableau de pilotage (Excel)'),
    exportLive('xlsx', 'tableau de pilotage', 'xlsx', XLSX_TYPE),
  );
  app.get<{ Params: { cycleId: string }; Querystring: { annexe?: string } }>(
    '/cycles/:cycleId/export.pdf',
    exportSchema('Dossier PDF'),
    exportLive('pdf', 'dossier', 'pdf', 'application/pdf'),
  );
  app.get<{ Params: { cycleId: string }; Querystring: { annexe?: string } }>(
    '/cycles/:cycleId/synthese.pdf',
    exportSchema('Synthèse publiable (PDF)'),
    exportLive('synthesis', 'synthèse', 'pdf', 'application/pdf'),
  );

  // --- Import ----------------------------------------------------------------------------

  await app.register(async (scope) => {
    scope.addContentTypeParser(
      [XLSX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.post<{ Params: { cycleId: string }; Body: Buffer }>(
      '/cycles/:cycleId/import',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: ['exports'],
          summary:
            'Importer un tableau Excel : aperçu de ce qui sera créé ou fusionné (rien n’est encore modifié)',
          params: cycleParams,
        },
        errorHandler: (error, _request, reply) => {
          if ((error as { statusCode?: number }).statusCode === 413) {
            return reply.status(413).send({
              error: 'too_large',
              message:
                'Ce fichier dépasse 10 Mo : un tableau de pilotage est bien plus léger. Vérifiez le fichier choisi.',
            });
          }
          throw error;
        },
      },
      async (request) => {
        const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.import');
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError(
            415,
            'unsupported_media_type',
            'Envoyez le fichier Excel (.xlsx) lui-même.',
          );
        }
        return previewImport(app.db, cycle, new Uint8Array(request.body), () =>
          readCurrentCycle(deps, cycle),
        );
      },
    );
  });

  app.post<{ Params: { cycleId: string; importId: string } }>(
    '/cycles/:cycleId/import/:importId/confirm',
    {
      schema: {
        tags: ['exports'],
        summary: 'Confirmer un import prévisualisé',
        params: {
          type: 'object',
          properties: { cycleId: idParam, importId: idParam },
          required: ['cycleId', 'importId'],
        },
      },
    },
    async (request) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.import');
      return confirmImport(deps, cycle, request.params.importId, request.body, () =>
        readCurrentCycle(deps, cycle),
      );
    },
  );
}
