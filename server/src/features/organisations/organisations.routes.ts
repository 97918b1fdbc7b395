import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorReplies, organisationSchema, roleSchema } from '../schemas.ts';
import { createOrganisation, listOrganisations } from './organisations.service.ts';
import { requireAuth } from '../../plugins/auth.plugin.ts';

export default async function organisationRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Lister les organisations',
        response: {
          200: Type.Array(
            Type.Object({ id: Type.String(), name: Type.String(), role: roleSchema }),
          ),
          ...errorReplies(401),
        },
      },
    },
    async (request) => listOrganisations(app.db, requireAuth(request).user.id),
  );

  app.post(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Créer une organisation',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) },
          { additionalProperties: false },
        ),
        response: { 201: organisationSchema, ...errorReplies(400, 401) },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const organisation = await createOrganisation(app.db, request.body.name.trim(), user.id);
      return reply.status(201).send(organisation);
    },
  );
}
