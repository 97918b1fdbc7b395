import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CycleParams, cycleSchema, errorReplies, OrgParams, uuidField } from '../schemas.ts';
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

export default async function cycleRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };

  app.get(
    '/organisations/:orgId/cycles',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Lister les cycles d’une organisation',
        params: OrgParams,
        response: { 200: Type.Array(cycleSchema), ...errorReplies(401, 404) },
      },
    },
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'cycle.read');
      return listCycles(app.db, request.params.orgId);
    },
  );

  app.post(
    '/organisations/:orgId/cycles',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Créer le cycle d’une année (depuis le modèle du guide ou un cycle précédent)',
        params: OrgParams,
        body: Type.Object(
          {
            year: Type.Integer({ minimum: 2000, maximum: 2100 }),
            from: Type.Optional(uuidField),
          },
          { additionalProperties: false },
        ),
        response: { 201: cycleSchema, ...errorReplies(400, 401, 403, 404, 409) },
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

  app.get(
    '/cycles/:cycleId',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Lire un cycle',
        params: CycleParams,
        response: { 200: cycleSchema, ...errorReplies(401, 404) },
      },
    },
    async (request) => readableCycle(app.db, request, request.params.cycleId),
  );
}
