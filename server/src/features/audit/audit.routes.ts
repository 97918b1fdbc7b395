/**
 * The per-organisation audit log (pilotes): who created, exported, froze, restored, invited,
 * changed a role.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAccess } from '../members/access.ts';
import { errorReplies, OrgParams } from '../schemas.ts';
import { listAudit } from './audit.service.ts';

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  userId: Type.Union([Type.String(), Type.Null()]),
  userName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export default async function auditRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/organisations/:orgId/audit',
    {
      schema: {
        tags: ['membres'],
        summary: 'Journal d’audit (pilotes)',
        params: OrgParams,
        response: { 200: Type.Array(AuditEntrySchema), ...errorReplies(401, 403, 404) },
      },
    },
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'audit.read');
      return listAudit(app.db, request.params.orgId);
    },
  );
}
