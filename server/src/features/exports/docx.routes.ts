/**
 * Download of the live cycle as an editable Word dossier (issue 19), next to the Excel and PDF
 * exports: same access (cycle.export), same audit entry, rendered in the export worker.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { buildExportModel } from '@pilotis/shared';
import { audit } from '../audit/audit.service.ts';
import { readableCycle } from '../cycles/cycles.routes.ts';
import { readCurrentCycle } from '../cycles/cycles.service.ts';
import { errorSchema, idParam, isUuid } from '../schemas.ts';
import { toBytes, type Queryable } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { requireAccess } from '../members/access.ts';
import { fileName, sendFile } from './exports.routes.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Store the DOCX of a version being frozen, inside the transaction that inserts the version. */
export async function storeVersionDocx(
  tx: Queryable,
  versionId: string,
  docx: Buffer,
): Promise<void> {
  await tx.query('INSERT INTO version_docx (version_id, docx) VALUES ($1, $2)', [versionId, docx]);
}

const Errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

/**
 * GET /cycles/:cycleId/export.docx, /cycles/:cycleId/synthesis.docx and
 * /versions/:versionId/export.docx, under /api.
 */
export default async function docxRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };

  /** A DOCX of the live cycle: the dossier, or the synthesis (never comments: no threads given). */
  const liveDocx = (
    path: string,
    kind: 'docx' | 'synthesis-docx',
    summary: string,
    suffix: string,
  ) =>
    app.get(
      path,
      {
        schema: {
          tags: ['exports'],
          summary,
          params: Type.Object({ cycleId: Type.String({ maxLength: idParam.maxLength }) }),
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
            ...Errors,
          },
        },
      },
      async (request, reply) => {
        const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.export');
        const current = await readCurrentCycle(deps, cycle);
        const model = buildExportModel(current, {
          versionLabel: null,
          exportedAt: new Date(),
          exportedBy: request.auth?.user.name ?? null,
        });
        const data = await app.exportRunner.run(kind, model, undefined, {
          organisationId: cycle.organisationId,
          userId: cycle.userId,
        });
        await audit(app.db, cycle.organisationId, cycle.userId, 'cycle.exported', {
          cycleId: cycle.id,
          format: kind,
        });
        return sendFile(reply, data, DOCX_TYPE, fileName(model, suffix, 'docx'));
      },
    );
  liveDocx('/cycles/:cycleId/export.docx', 'docx', 'Dossier à modifier (Word / Writer)', 'dossier');
  liveDocx(
    '/cycles/:cycleId/synthesis.docx',
    'synthesis-docx',
    'Synthèse publiable à modifier (Word / Writer)',
    'synthèse',
  );

  app.get(
    '/versions/:versionId/export.docx',
    {
      schema: {
        tags: ['versions'],
        summary: 'Le dossier DOCX enregistré quand la version a été figée',
        params: Type.Object({ versionId: Type.String({ maxLength: idParam.maxLength }) }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      if (!isUuid(request.params.versionId)) throw notFound('Version introuvable.');
      const [row] = await app.db.query<{
        file: unknown;
        label: string;
        organisation_id: string;
        name: string;
        year: number;
      }>(
        `SELECT d.docx AS file, v.label, c.organisation_id, o.name, c.year FROM versions v
           JOIN cycles c ON c.id = v.cycle_id JOIN organisations o ON o.id = c.organisation_id
           LEFT JOIN version_docx d ON d.version_id = v.id
          WHERE v.id = $1`,
        [request.params.versionId],
      );
      if (!row) throw notFound('Version introuvable.');
      await requireAccess(
        app.db,
        request,
        row.organisation_id,
        'cycle.export',
        'Version introuvable.',
      );
      // Versions frozen before issue 19 (or automatic ones) have no DOCX.
      if (!row.file) throw notFound('Cette version n’a pas de dossier DOCX enregistré.');
      const name = fileName({ organisation: row.name, year: row.year }, row.label, 'docx');
      return sendFile(reply, Buffer.from(toBytes(row.file)), DOCX_TYPE, name);
    },
  );
}
