import type { FastifyInstance } from 'fastify';
import { cycleSchema, errorSchema, idParam, uuidField } from '../schemas.ts';
import { createCycle, getCycle, listCycles } from './cycles.service.ts';

export default async function cycleRoutes(app: FastifyInstance): Promise<void> {
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };

  app.get<{ Params: { orgId: string } }>(
    '/organisations/:orgId/cycles',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Lister les cycles d’une organisation',
        params: { type: 'object', properties: { orgId: idParam }, required: ['orgId'] },
        response: { 200: { type: 'array', items: cycleSchema }, 404: errorSchema },
      },
    },
    async (request) => listCycles(app.db, request.params.orgId),
  );

  app.post<{ Params: { orgId: string }; Body: { year: number; from?: string } }>(
    '/organisations/:orgId/cycles',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Créer le cycle d’une année (depuis le modèle du guide ou un cycle précédent)',
        params: { type: 'object', properties: { orgId: idParam }, required: ['orgId'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['year'],
          properties: {
            year: { type: 'integer', minimum: 2000, maximum: 2100 },
            from: uuidField,
          },
        },
        response: { 201: cycleSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const cycle = await createCycle(deps, request.params.orgId, request.body);
      return reply.status(201).send(cycle);
    },
  );

  app.get<{ Params: { cycleId: string } }>(
    '/cycles/:cycleId',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Lire un cycle',
        params: { type: 'object', properties: { cycleId: idParam }, required: ['cycleId'] },
        response: { 200: cycleSchema, 404: errorSchema },
      },
    },
    async (request) => getCycle(app.db, request.params.cycleId),
  );
}
