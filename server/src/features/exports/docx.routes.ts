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
import { errorSchema, idParam } from '../schemas.ts';
import { runExport } from './export-runner.ts';
import { fileName, sendFile } from './exports.routes.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const Errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

/** GET /cycles/:cycleId/export.docx, under /api. */
export default async function docxRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };

  app.get(
    '/cycles/:cycleId/export.docx',
    {
      schema: {
        tags: ['exports'],
        summary: 'Dossier à modifier (Word / Writer)',
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
      const data = await runExport('docx', model);
      await audit(app.db, cycle.organisationId, cycle.userId, 'cycle.exported', {
        cycleId: cycle.id,
        format: 'docx',
      });
      return sendFile(reply, data, DOCX_TYPE, fileName(model, 'dossier', 'docx'));
    },
  );
}
