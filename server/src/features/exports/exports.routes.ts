/**
 * Downloads of the live cycle (steering workbook, PDF dossier, publishable synthesis) and the
 * import of an existing steering spreadsheet (preview, then confirm). Rendering runs in the export
 * worker so nobody's typing stutters while a large cycle renders.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAGE_LABELS_FR, WORKING_VERSION_LABEL } from '@pilotis/shared';
import { AppError } from '../../errors.ts';
import { stripInvisible } from '../../http/text.ts';
import { audit } from '../audit/audit.service.ts';
import { readableCycle } from '../cycles/cycles.routes.ts';
import { readCurrentCycle } from '../cycles/cycles.service.ts';
import { currentThreads } from '../comments/comments.versions.ts';
import { CycleParams, errorReplies, fileReply, idParam } from '../schemas.ts';
import type { ExportKind } from './export-runner.ts';
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

const ExportQuery = Type.Object(
  { annexe: Type.Optional(Type.Literal('commentaires')) },
  { additionalProperties: false },
);

/** What an import preview answers (the plan in detail, and the parsed file for the client's merge). */
const ImportPreviewSchema = Type.Object({
  importId: Type.String(),
  sheetName: Type.String(),
  rows: Type.Integer(),
  actionSheetName: Type.Union([Type.String(), Type.Null()], {
    description: 'L’onglet du plan d’action lu, s’il y en a un',
  }),
  actions: Type.Integer({ description: 'Actions lues dans le plan d’action' }),
  preview: Type.Object({}, { additionalProperties: true }),
  content: Type.Unknown({ description: 'Le fichier lu, pour une fusion faite par le client' }),
  warnings: Type.Array(Type.String()),
});

const ConfirmBody = Type.Union([
  Type.Object(
    {
      choices: Type.Optional(
        Type.Object({
          all: Type.Optional(Type.Boolean()),
          cells: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100_000 })),
        }),
      ),
      applied: Type.Optional(
        Type.Boolean({ description: 'L’onglet de la personne a déjà fusionné l’import' }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export default async function exportRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
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
      const data = await app.exportRunner.run(
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
      params: CycleParams,
      querystring: ExportQuery,
      response: { 200: fileReply, ...errorReplies(400, 401, 403, 404) },
    },
  });

  app.get(
    '/cycles/:cycleId/export.xlsx',
    exportSchema('Tableau de pilotage (Excel)'),
    exportLive('xlsx', 'tableau de pilotage', 'xlsx', XLSX_TYPE),
  );
  app.get(
    '/cycles/:cycleId/export.pdf',
    exportSchema('Dossier PDF'),
    exportLive('pdf', 'dossier', 'pdf', 'application/pdf'),
  );
  app.get(
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

    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/cycles/:cycleId/import',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: ['exports'],
          summary:
            'Importer un tableau Excel : aperçu de ce qui sera créé ou fusionné (rien n’est encore modifié)',
          params: CycleParams,
          // No `type`: the body is the file's bytes (a Buffer), checked by the handler.
          body: Type.Unsafe<Buffer>({
            description: 'Le fichier .xlsx lui-même (10 Mo au plus)',
          }),
          response: {
            200: ImportPreviewSchema,
            ...errorReplies(400, 401, 403, 404, 413, 415, 429),
          },
        },
        errorHandler: (error, _request, reply) => {
          if ((error as { statusCode?: number }).statusCode === 413) {
            void reply.status(413).send({
              error: 'too_large',
              message:
                'Ce fichier dépasse 10 Mo : un tableau de pilotage est bien plus léger. Vérifiez le fichier choisi.',
            });
            return;
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

  app.post(
    '/cycles/:cycleId/import/:importId/confirm',
    {
      schema: {
        tags: ['exports'],
        summary: 'Confirmer un import prévisualisé',
        params: Type.Object({ cycleId: idParam, importId: idParam }),
        body: ConfirmBody,
        response: {
          200: Type.Object({ preview: Type.Object({}, { additionalProperties: true }) }),
          ...errorReplies(400, 401, 403, 404),
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
