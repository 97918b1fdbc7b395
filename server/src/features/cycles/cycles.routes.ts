import type { FastifyInstance } from 'fastify';
import { cycleSchema, errorSchema, idParam, uuidField } from '../schemas.ts';
import type { FastifyRequest } from 'fastify';
import type { Permission } from '@pilotis/shared';
import type { Database } from '../../db/database.ts';
import { createCycle, getCycle, listCycles, type Cycle } from './cycles.service.ts';
import { requireAccess } from '../members/access.ts';
import { audit } from '../audit/audit.service.ts';

/**
 * The cycle if the caller's role in its organisation allows `permission`; a non-member gets the
 * same 404 as for an unknown id.
 */
export async function readableCycle(
  db: Database,
  request: FastifyRequest,
  cycleId: string,
  permission: Permission = 'cycle.read',
): Promise<Cycle & { role: string; userId: string }> {
  const cycle = await getCycle(db, cycleId);
  const access = await requireAccess(
    db,
    request,
    cycle.organisationId,
    permission,
    'Cycle introuvable.',
  );
  return { ...cycle, ...access };
}

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
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'cycle.read');
      return listCycles(app.db, request.params.orgId);
    },
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
      const { userId } = await requireAccess(app.db, request, request.params.orgId, 'cycle.create');
      const cycle = await createCycle(deps, request.params.orgId, request.body);
      await audit(app.db, cycle.organisationId, userId, 'cycle.created', {
        cycleId: cycle.id,
        year: cycle.year,
      });
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
    async (request) => readableCycle(app.db, request, request.params.cycleId),
  );
}
